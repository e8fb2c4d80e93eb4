package io.peregrine.bench.load;

import io.peregrine.bench.cli.BadArgument;
import io.peregrine.bench.cli.HelpTexts;
import io.peregrine.bench.cli.RunArgumentChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Paths;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoadRunOptionsTest
{
    @Test
    void defaultsToFiftyThousandOrdersPerSecondForThirtySeconds()
    {
        final LoadRunOptions options = LoadRunOptions.parse();

        assertEquals(50_000, options.rate());
        assertEquals(30, options.durationSeconds());
        assertEquals(1_500_000, options.count());
        assertEquals(LoadRunOptions.DEFAULT_WARMUP, options.warmup());
    }

    @Test
    void readsEveryOption()
    {
        final LoadRunOptions options = LoadRunOptions.parse(
            "--rate", "5000", "--count", "2000", "--duration", "10", "--warmup", "100", "--idle", "sleeping",
            "--out", "/tmp/x");

        assertEquals(5000, options.rate());
        assertEquals(2000, options.count());
        assertEquals(10, options.durationSeconds());
        assertEquals(100, options.warmup());
        assertEquals(2100, options.totalOrders());
        assertEquals(IdleMode.SLEEPING, options.idle());
        assertEquals(Paths.get("/tmp/x"), options.outDir());
    }

    @Test
    void countIsCappedByWhatTheDurationAllowsAtTheRate()
    {
        assertEquals(3000, LoadRunOptions.parse("--rate", "1000", "--count", "1000000", "--duration", "3").count());
        assertEquals(500, LoadRunOptions.parse("--rate", "1000", "--count", "500", "--duration", "3").count());
    }

    @Test
    void acceptsUnderscoresAndCommasInNumbers()
    {
        assertEquals(1_000_000, LoadRunOptions.parse("--rate", "1_000_000").rate());
        assertEquals(250_000, LoadRunOptions.parse("--rate", "250,000").rate());
    }

    @Test
    void acceptsTheEqualsSpellingLikeEveryOtherTool()
    {
        assertEquals(7_000, LoadRunOptions.parse("--rate=7000").rate());
    }

    @Test
    void usageListsItsOwnFlagsWithTheirDefaults()
    {
        HelpTexts.assertUsageNames(LoadRunOptions.USAGE, "LoadRun", "--rate", "--count", "--duration", "--warmup",
            "--aeron-dir", "default: 50000", "default: 30", "default: 20000");
    }

    static Stream<BadArgument> badArguments()
    {
        return Stream.of(
            new BadArgument("--rate", "--rate", "0"),
            new BadArgument("--rate", "--rate", "fast"),
            new BadArgument("needs a whole number, got 'fast'", "--rate", "fast"),
            new BadArgument("--count", "--count", "0"),
            new BadArgument("--duration", "--duration", "-1"),
            new BadArgument("--warmup", "--warmup", "-5"),
            new BadArgument("Expected parameter for option '--rate' but found '--count'", "--rate", "--count", "5"),
            new BadArgument("at most " + LoadRunOptions.MAX_ORDERS, "--rate", "1000000", "--duration", "60"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void refusesBadArgumentsWithTheirName(final BadArgument bad)
    {
        bad.assertRefusedBy(LoadRunOptions::parse);
    }

    @TestFactory
    Stream<DynamicTest> sharedFlags()
    {
        return new RunArgumentChecks<>(LoadRunOptions.Arguments.class, LoadRunOptions.USAGE, LoadRunOptions::parse,
            LoadRunOptions::idle, options -> options.outDir().toString()).tests();
    }
}
