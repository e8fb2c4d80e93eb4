package io.peregrine.bench.book;

import io.peregrine.testsupport.ThreadAllocation;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * matching-sim's book allocates nothing in steady state on the realistic streams: after warm-up passes, a pair of whole
 * passes over the deep or the shallow stream (moves, GTC, cancels, reductions, IOC, FOK, every level created and
 * emptied across the ladder) allocates exactly 0 bytes on the replaying thread (one pair of up to 20, the rule of
 * {@link ThreadAllocation}), as {@code MatchingEngineAllocationTest} checks for the engine's own random mix.
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
        ThreadAllocation.ofCurrentThread().assertSomeWindowAllocatesNothing(
            "two passes, " + 2 * commands.count() + " commands", 20, () ->
            {
                final long tradesBefore = replay.trades();
                replay.runPass();
                replay.runPass();
                assertEquals(0, replay.failures());
                assertTrue(replay.trades() - tradesBefore == 2 * commands.stats().trades(), "the passes traded");
            });
    }
}
