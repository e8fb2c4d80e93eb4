package io.peregrine.bench.book;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * matching-sim's book allocates nothing in steady state on the realistic streams: after warm-up passes, whole passes
 * over the deep and the shallow stream (moves, GTC, cancels, reductions, IOC, FOK, every level created and emptied
 * across the ladder) allocate exactly 0 bytes on the replaying thread, as {@code MatchingEngineAllocationTest} checks
 * for the engine's own random mix.
 */
@Timeout(180)
class PeregrineReplayAllocationTest
{
    @ParameterizedTest(name = "{0} stream, seed {1}")
    @CsvSource({ "deep, 21", "shallow, 22" })
    void streamAllocatesNothingAfterWarmUp(final String preset, final long seed)
    {
        final BookCommands commands = BookFlowGenerator.generate(BookFlow.preset(preset).commands(100_000).seed(seed));
        final PeregrineReplay replay = new PeregrineReplay(commands, 1 << 16, TradeSink.NONE);
        for (int pass = 0; pass < 5; pass++)
        {
            replay.runPass();
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long tradesBefore = replay.trades();

        final long before = threads.getThreadAllocatedBytes(threadId);
        replay.runPass();
        replay.runPass();
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertEquals(0, replay.failures());
        assertTrue(replay.trades() - tradesBefore == 2 * commands.stats().trades(), "the passes traded");
        assertEquals(0, allocated, "bytes allocated over " + 2 * commands.count() + " commands");
    }
}
