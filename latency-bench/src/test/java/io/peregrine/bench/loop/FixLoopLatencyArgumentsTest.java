package io.peregrine.bench.loop;

import io.peregrine.bench.cli.BadArgument;
import io.peregrine.bench.cli.HelpTexts;
import io.peregrine.bench.cli.RunArgumentChecks;
import io.peregrine.bench.load.IdleMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.peregrine.bench.loop.FixLoopLatency.Arguments.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixLoopLatencyArgumentsTest
{
    @Test
    void defaultsAreThePublishedOnes()
    {
        final FixLoopLatency.Arguments a = parse();

        assertArrayEquals(new long[]{ 1_000, 2_000, 5_000 }, a.rates.rates());
        assertEquals(6, a.seconds);
        assertEquals(3, a.warmup);
        assertArrayEquals(new long[]{ 2_000, 5_000, 10_000, 15_000, 20_000 }, a.stepRates.rates());
        assertArrayEquals(new long[]{ 5_000, 10_000, 20_000, 30_000 }, a.gatewayStepRates.rates());
        assertEquals(5, a.stepSeconds);
        assertEquals(0, a.agentMaxParkMicros);
        assertEquals(LoadClient.Where.CHILD_JVM, a.loadClient);
    }

    @Test
    void readsEveryFlagAndAnEmptyStepListSkipsTheSteps()
    {
        final FixLoopLatency.Arguments a = parse("--rates", "100,2_000", "--seconds", "2", "--warmup=0",
            "--step-rates", "", "--gateway-step-rates", "300", "--step-seconds", "1", "--idle", "sleeping",
            "--out", "o", "--agent-max-park-us", "50", "--load-client", "same-jvm");

        assertArrayEquals(new long[]{ 100, 2_000 }, a.rates.rates());
        assertEquals(2, a.seconds);
        assertEquals(0, a.warmup);
        assertEquals(0, a.stepRates.rates().length);
        assertArrayEquals(new long[]{ 300 }, a.gatewayStepRates.rates());
        assertEquals(1, a.stepSeconds);
        assertEquals(IdleMode.SLEEPING, a.run.idle);
        assertEquals("o", a.run.out);
        assertEquals(50, a.agentMaxParkMicros);
        assertEquals(LoadClient.Where.SAME_JVM, a.loadClient);
        assertEquals(LoadClient.Where.CHILD_JVM, parse("--load-client=child-jvm").loadClient);
    }

    @Test
    void helpSkipsTheChecksAndTheUsageListsItsOwnFlags()
    {
        assertTrue(parse("-h", "--seconds", "0").help());
        HelpTexts.assertUsageNames(FixLoopLatency.USAGE, "FixLoopLatency", "--rates", "--seconds", "--warmup",
            "--step-rates", "--gateway-step-rates", "--step-seconds", "--agent-max-park-us", "--load-client",
            "default: child-jvm", "default: 1000,2000,5000");
    }

    static Stream<BadArgument> badArguments()
    {
        return Stream.of(
            new BadArgument("Unknown options: '--rate', '5'", "--rate", "5"),
            new BadArgument("--rates", "--rates", "1000,fast"),
            new BadArgument("rates must be at least 1", "--step-rates", "0"),
            new BadArgument("--seconds and --step-seconds must be at least 1", "--seconds", "0"),
            new BadArgument("--warmup must be 0 or more", "--warmup", "-1"),
            new BadArgument("--rates must name at least one rate", "--rates", ""),
            new BadArgument("rates must be 1 to " + LoopOptions.MAX_RATE, "--rates", "20000000"),
            new BadArgument("--load-client must be same-jvm or child-jvm, got 'child'", "--load-client", "child"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void refusesBadArgumentsNamingThem(final BadArgument bad)
    {
        bad.assertRefusedBy(FixLoopLatency.Arguments::parse);
    }

    @TestFactory
    Stream<DynamicTest> sharedFlags()
    {
        return new RunArgumentChecks<>(FixLoopLatency.Arguments.class, FixLoopLatency.USAGE,
            FixLoopLatency.Arguments::parse, a -> a.run.idle, a -> a.run.out).tests();
    }
}
