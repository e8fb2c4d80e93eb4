package io.peregrine.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(IdleMode.BACKOFF, options.idle());
        assertEquals(Paths.get("target/peregrine-run"), options.outDir());
        assertFalse(options.help());
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
    void helpNeedsNoOtherArgument()
    {
        assertTrue(LoadRunOptions.parse("--help").help());
        assertTrue(LoadRunOptions.parse("-h").help());
    }

    @Test
    void namesEveryIdleStrategy()
    {
        for (final IdleMode mode : IdleMode.values())
        {
            assertEquals(mode, LoadRunOptions.parse("--idle", mode.cliName()).idle());
        }
    }

    @Test
    void refusesBadArgumentsWithTheirName()
    {
        assertMessageContains("--rate", "--rate", "0");
        assertMessageContains("--rate", "--rate", "fast");
        assertMessageContains("--count", "--count", "0");
        assertMessageContains("--duration", "--duration", "-1");
        assertMessageContains("--warmup", "--warmup", "-5");
        assertMessageContains("--idle", "--idle", "spin");
        assertMessageContains("--out needs a value", "--out");
        assertMessageContains("--rate needs a value", "--rate", "--count", "5");
        assertMessageContains("unknown argument: --bogus", "--bogus");
        assertMessageContains("at most " + LoadRunOptions.MAX_ORDERS, "--rate", "1000000", "--duration", "60");
    }

    private static void assertMessageContains(final String expected, final String... args)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> LoadRunOptions.parse(args));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
