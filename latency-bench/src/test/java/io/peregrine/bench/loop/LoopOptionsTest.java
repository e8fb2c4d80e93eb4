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

import java.nio.file.Paths;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopOptionsTest
{
    @Test
    void defaultsRunBothPathsForTheDefaultDurationOnFreeDefaultPorts()
    {
        final LoopOptions options = LoopOptions.parse();

        assertEquals(LoopOptions.DEFAULT_FIX_RATE, options.fixRate());
        assertEquals(LoopOptions.DEFAULT_IPC_RATE, options.ipcRate());
        assertEquals(LoopOptions.DEFAULT_FIX_RATE * LoopOptions.DEFAULT_DURATION_SECONDS, options.fixCount());
        assertEquals(LoopOptions.DEFAULT_IPC_RATE * LoopOptions.DEFAULT_DURATION_SECONDS, options.ipcCount());
        assertEquals(LoopOptions.DEFAULT_FIX_RATE * LoopOptions.DEFAULT_WARMUP_SECONDS, options.fixWarmup());
        assertNull(options.dataDir());
        assertFalse(options.ephemeralPorts());
        assertTrue(options.marketMaker());
    }

    @Test
    void parsesEveryFlagInBothSpellings()
    {
        final LoopOptions options = LoopOptions.parse("--fix-rate", "400", "--ipc-rate=1,000", "--count", "700",
            "--duration", "9", "--warmup=0", "--idle", "sleeping", "--out", "o", "--data-dir=d", "--ephemeral-ports",
            "--no-market-maker");

        assertEquals(400, options.fixRate());
        assertEquals(1_000, options.ipcRate());
        assertEquals(700, options.count());
        assertEquals(9, options.durationSeconds());
        assertEquals(0, options.warmupSeconds());
        assertEquals(IdleMode.SLEEPING, options.idle());
        assertEquals(Paths.get("o"), options.outDir());
        assertEquals(Paths.get("d"), options.dataDir());
        assertTrue(options.ephemeralPorts());
        assertFalse(options.marketMaker());
    }

    @Test
    void splitsCountInProportionToTheRatesSoBothPathsSendForTheSameTime()
    {
        final LoopOptions options = LoopOptions.parse("--fix-rate", "400", "--ipc-rate", "1000", "--count", "700");

        assertEquals(200, options.fixCount());
        assertEquals(500, options.ipcCount());
    }

    @Test
    void durationCapsTheCount()
    {
        final LoopOptions options = LoopOptions.parse("--fix-rate", "10", "--ipc-rate", "10", "--count", "1000",
            "--duration", "2");

        assertEquals(20, options.fixCount());
        assertEquals(20, options.ipcCount());
    }

    @Test
    void aZeroRateTurnsAPathOff()
    {
        final LoopOptions options = LoopOptions.parse("--fix-rate", "0", "--count", "100");

        assertEquals(0, options.fixCount());
        assertEquals(100, options.ipcCount());
        assertEquals(0, options.fixWarmup());
    }

    static Stream<BadArgument> badArguments()
    {
        return Stream.of(
            new BadArgument("Unknown options: '--rate', '5'", "--rate", "5"),
            new BadArgument("Missing required parameter for option '--fix-rate'", "--fix-rate"),
            new BadArgument("--ipc-rate", "--ipc-rate", "fast"),
            new BadArgument("needs a whole number, got 'fast'", "--ipc-rate", "fast"),
            new BadArgument("--fix-rate must be 0 to", "--fix-rate", "-1"),
            new BadArgument("cannot both be 0", "--fix-rate", "0", "--ipc-rate", "0"),
            new BadArgument("--count must be at least 1", "--count", "0"),
            new BadArgument("--duration must be 1 to 86400", "--duration", "0"),
            new BadArgument("--warmup must be 0 to 3600", "--warmup", "-2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void rejectsBadArgumentsWithAMessageNamingThem(final BadArgument bad)
    {
        bad.assertRefusedBy(LoopOptions::parse);
    }

    @Test
    void usageListsItsOwnFlagsWithTheirDefaults()
    {
        HelpTexts.assertUsageNames(LoopOptions.USAGE, "FullLoopRun", "--fix-rate", "--ipc-rate", "--count",
            "--duration", "--warmup", "--data-dir", "--ephemeral-ports", "--no-market-maker", "default: 500",
            "default: 1000", "default: 30", "default: 5");
    }

    @TestFactory
    Stream<DynamicTest> sharedFlags()
    {
        return new RunArgumentChecks<>(LoopOptions.Arguments.class, LoopOptions.USAGE, LoopOptions::parse,
            LoopOptions::idle, options -> options.outDir().toString()).tests();
    }
}
