package io.peregrine.bench.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class BookFlowGeneratorTest
{
    @Test
    void sameSettingsGiveTheSameStream()
    {
        final BookCommands first = BookFlowGenerator.generate(BookFlow.deep().commands(20_000).seed(5));
        final BookCommands second = BookFlowGenerator.generate(BookFlow.deep().commands(20_000).seed(5));
        final BookCommands other = BookFlowGenerator.generate(BookFlow.deep().commands(20_000).seed(6));

        assertArrayEquals(columns(first), columns(second));
        assertNotEquals(first.stats().trades() + " " + columns(first).length + " " + java.util.Arrays.hashCode(columns(first)),
            other.stats().trades() + " " + columns(other).length + " " + java.util.Arrays.hashCode(columns(other)));
    }

    @Test
    void deepPresetIsADeepSparseBookWithTheDocumentedMix()
    {
        final BookCommands commands = BookFlowGenerator.generate(BookFlow.deep().commands(300_000));
        final BookFlowStats stats = commands.stats();

        assertTrue(stats.rampCommands() >= 1_000 && stats.rampCommands() < 1_100, "ramp " + stats.rampCommands());
        assertTrue(stats.meanLiveOrders() > 900 && stats.meanLiveOrders() < 1_100, stats.describe());
        assertTrue(stats.meanBidLevels() > 350 && stats.meanAskLevels() > 350, stats.describe());
        assertTrue(stats.priceRangeTicks() > 10_000, stats.describe());
        assertShare(72, stats.steadyCount(BookCommands.MOVE), 300_000, 1.0);
        assertShare(12, stats.steadyCount(BookCommands.LIMIT_GTC), 300_000, 1.5);
        assertShare(7, stats.steadyCount(BookCommands.CANCEL), 300_000, 1.5);
        assertShare(7, stats.steadyCount(BookCommands.REDUCE), 300_000, 0.5);
        assertShare(1.5, stats.steadyCount(BookCommands.LIMIT_IOC), 300_000, 0.2);
        assertShare(0.5, stats.steadyCount(BookCommands.LIMIT_FOK), 300_000, 0.1);
        assertTrue(stats.foksFilled() > 0 && stats.foksFilled() < stats.steadyCount(BookCommands.LIMIT_FOK));
        assertTrue(stats.trades() > 9_000 && stats.trades() < 30_000, stats.describe());
    }

    @Test
    void shallowPresetIsADenseBook()
    {
        final BookCommands commands = BookFlowGenerator.generate(BookFlow.shallow().commands(100_000));
        final BookFlowStats stats = commands.stats();

        assertTrue(stats.meanLiveOrders() > 1_800 && stats.meanLiveOrders() < 2_200, stats.describe());
        assertTrue(stats.meanBidLevels() <= 21 && stats.meanAskLevels() <= 21, stats.describe());
    }

    @Test
    void streamEndsWithAnEmptyBookAndIdsInSubmitOrder()
    {
        final BookCommands commands = BookFlowGenerator.generate(BookFlow.deep().commands(10_000).seed(3));
        long lastNewId = 0;
        for (int i = 0; i < commands.count(); i++)
        {
            final byte kind = commands.kind(i);
            if (kind == BookCommands.LIMIT_GTC || kind == BookCommands.LIMIT_IOC || kind == BookCommands.LIMIT_FOK)
            {
                assertEquals(lastNewId + 1, commands.orderId(i));
                lastNewId = commands.orderId(i);
            }
            else
            {
                assertTrue(commands.orderId(i) <= lastNewId);
            }
        }
        assertEquals(lastNewId, commands.newOrders());
        final PeregrineReplay replay = new PeregrineReplay(commands, 1 << 14, TradeSink.NONE);
        replay.runPass();
        assertEquals(0, replay.book().orderCount());
        assertEquals(0, replay.failures());
    }

    @Test
    void rejectsAMixThatDoesNotAddUpToOneHundred()
    {
        assertThrows(IllegalArgumentException.class, () -> BookFlow.deep().mix(70, 12, 7, 7, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> BookFlow.preset("medium"));
    }

    private static void assertShare(final double percent, final long count, final int total, final double tolerance)
    {
        final double share = 100.0 * count / total;
        assertTrue(Math.abs(share - percent) <= tolerance, "share " + share + "% for " + percent + "%");
    }

    private static long[] columns(final BookCommands commands)
    {
        final long[] all = new long[commands.count() * 8];
        for (int i = 0; i < commands.count(); i++)
        {
            all[8 * i] = commands.kind(i);
            all[8 * i + 1] = commands.buy(i) ? 1 : 0;
            all[8 * i + 2] = commands.orderId(i);
            all[8 * i + 3] = commands.account(i);
            all[8 * i + 4] = commands.price(i);
            all[8 * i + 5] = commands.quantity(i);
            all[8 * i + 6] = commands.exchangePrice(i);
            all[8 * i + 7] = commands.exchangeSize(i);
        }
        return all;
    }
}
