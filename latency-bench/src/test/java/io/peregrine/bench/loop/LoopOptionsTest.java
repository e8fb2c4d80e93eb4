package io.peregrine.bench.loop;

import io.peregrine.bench.cli.HelpTexts;
import io.peregrine.bench.load.IdleMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        assertEquals(IdleMode.BACKOFF, options.idle());
        assertEquals(Paths.get(LoopOptions.DEFAULT_OUT), options.outDir());
        assertNull(options.dataDir());
        assertFalse(options.ephemeralPorts());
        assertTrue(options.marketMaker());
        assertFalse(options.help());
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

    @Test
    void helpIsRecognised()
    {
        assertTrue(LoopOptions.parse("--help").help());
        assertTrue(LoopOptions.parse("-h").help());
    }

    @Test
    void rejectsBadArgumentsWithAMessageNamingThem()
    {
        assertMessage("Unknown options: '--rate', '5'", "--rate", "5");
        assertMessage("Missing required parameter for option '--fix-rate'", "--fix-rate");
        assertMessage("--ipc-rate", "--ipc-rate", "fast");
        assertMessage("needs a whole number, got 'fast'", "--ipc-rate", "fast");
        assertMessage("--fix-rate must be 0 to", "--fix-rate", "-1");
        assertMessage("cannot both be 0", "--fix-rate", "0", "--ipc-rate", "0");
        assertMessage("--count must be at least 1", "--count", "0");
        assertMessage("--duration must be 1 to 86400", "--duration", "0");
        assertMessage("--warmup must be 0 to 3600", "--warmup", "-2");
        assertMessage("--idle must be busy-spin, backoff, sleeping or yielding", "--idle", "lazy");
    }

    @Test
    void usageListsEveryFlagWithItsDefault()
    {
        for (final String flag : new String[]{ "--fix-rate", "--ipc-rate", "--count", "--duration", "--warmup",
            "--idle", "--out", "--data-dir", "--ephemeral-ports", "--no-market-maker", "--help", "default: 500",
            "default: 1000", "default: 30", "default: 5", "default: backoff", "default: target/peregrine-run",
            "Exit status" })
        {
            assertTrue(LoopOptions.USAGE.replaceAll("\\s+", " ").contains(flag),
                flag + " in\n" + LoopOptions.USAGE);
        }
        assertTrue(LoopOptions.USAGE.startsWith("Usage: FullLoopRun"), LoopOptions.USAGE);
    }

    private static void assertMessage(final String expected, final String... args)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> LoopOptions.parse(args));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    @Test
    void helpTextsFormatWithoutPicocliWarnings()
    {
        HelpTexts.assertEveryTextFormats(LoopOptions.Arguments.class);
    }
}
