package io.peregrine.sim.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BookSide} against a sorted map: random level inserts and removals (at the top, deep, beyond the ladder window
 * so that the sorted overflow is used, and emptying the window so that it moves), checking after every step the best
 * level, the count, lookups of present and absent prices, and the whole priority order walked with {@code after}.
 */
class BookSideTest
{
    private static final long TICK = 10_000;

    @ParameterizedTest(name = "bids={0} seed={1} spread={2} ticks")
    @CsvSource({
        "true, 1, 1000",
        "false, 2, 1000",
        "true, 3, 20000",
        "false, 4, 20000",
        "true, 5, 200000",
        "false, 6, 200000",
    })
    @Timeout(60)
    void behavesLikeASortedMap(final boolean bids, final long seed, final int spreadTicks)
    {
        final int capacity = 2_000;
        final BookSide side = new BookSide(bids, TICK, capacity, 1 << 12);
        final LevelStore store = new LevelStore(capacity);
        // Priority order: for bids the highest price first, for asks the lowest.
        final TreeMap<Long, Integer> reference = bids ? new TreeMap<>(Collections.reverseOrder()) : new TreeMap<>();
        final SplittableRandom random = new SplittableRandom(seed);
        long mid = 1_000_000L * TICK;
        int overflowSeen = 0;

        for (int step = 0; step < 40_000; step++)
        {
            final int dice = random.nextInt(100);
            if (dice < 2)
            {
                mid += TICK * (random.nextInt(2 * spreadTicks + 1) - spreadTicks); // a jump: the window may move
            }
            final boolean grow = reference.size() < 50 || (reference.size() < capacity - 1 && dice < 52);
            if (grow)
            {
                final long price = mid + TICK * (random.nextInt(2 * spreadTicks + 1) - spreadTicks);
                if (price > 0 && !reference.containsKey(price))
                {
                    assertEquals(BookSide.NONE, side.find(price));
                    final int level = store.allocate(price, bids ? LevelStore.BUY : LevelStore.SELL);
                    side.insert(price, level);
                    reference.put(price, level);
                }
            }
            else if (dice < 75)
            {
                final Map.Entry<Long, Integer> best = reference.pollFirstEntry();
                side.removeBest();
                store.free(best.getValue());
            }
            else
            {
                final List<Long> prices = new ArrayList<>(reference.keySet());
                final long price = prices.get(random.nextInt(prices.size()));
                side.remove(price);
                store.free(reference.remove(price));
            }
            if (step % 200 == 0 && reference.size() > 0)
            {
                while (!reference.isEmpty() && random.nextInt(4) == 0)   // sometimes empty the side completely
                {
                    side.removeBest();
                    store.free(reference.pollFirstEntry().getValue());
                }
            }

            overflowSeen += side.overflowCount() > 0 ? 1 : 0;
            assertSame(side, store, reference, random, TICK);
        }
        if (spreadTicks > (1 << 12))
        {
            assertTrue(overflowSeen > 1_000, "the overflow was used in " + overflowSeen + " steps");
        }
    }

    @Test
    void pricesBeyondTheLadderRangeStillSortCorrectly()
    {
        for (final boolean bids : new boolean[] { true, false })
        {
            final BookSide side = new BookSide(bids, 1, 16, 1 << 12);
            final LevelStore store = new LevelStore(16);
            final long[] prices = { 5, Long.MAX_VALUE - 1, 1L << 61, (1L << 61) - 1, 4_000, 1, Long.MAX_VALUE };
            final TreeMap<Long, Integer> reference = bids ? new TreeMap<>(Collections.reverseOrder()) : new TreeMap<>();
            for (final long price : prices)
            {
                final int level = store.allocate(price, bids ? LevelStore.BUY : LevelStore.SELL);
                side.insert(price, level);
                reference.put(price, level);
                assertSame(side, store, reference, new SplittableRandom(1), 1);
            }
            while (!reference.isEmpty())
            {
                final long price = reference.firstKey();
                side.remove(reference.lastKey());
                reference.remove(reference.lastKey());
                side.removeBest();
                reference.remove(price);
                assertSame(side, store, reference, new SplittableRandom(2), 1);
                if (reference.size() == 1)
                {
                    side.removeBest();
                    reference.clear();
                }
            }
            assertEquals(0, side.levelCount());
            assertEquals(BookSide.NONE, side.best());
        }
    }

    @Test
    void aTickTooLargeForTheLadderUsesOnlyTheSortedOverflow()
    {
        final long tick = 1L << 41;
        for (final boolean bids : new boolean[] { true, false })
        {
            final BookSide side = new BookSide(bids, tick, 16, 1 << 12);
            final LevelStore store = new LevelStore(16);
            final TreeMap<Long, Integer> reference = bids ? new TreeMap<>(Collections.reverseOrder()) : new TreeMap<>();
            for (final long ticks : new long[] { 5, 1, 4_000, 3, 1_000_000 })
            {
                final int level = store.allocate(ticks * tick, bids ? LevelStore.BUY : LevelStore.SELL);
                side.insert(ticks * tick, level);
                reference.put(ticks * tick, level);
                assertSame(side, store, reference, new SplittableRandom(3), tick);
            }
            assertEquals(5, side.overflowCount());
            side.removeBest();
            reference.pollFirstEntry();
            side.remove(3 * tick);
            reference.remove(3 * tick);
            assertSame(side, store, reference, new SplittableRandom(4), tick);
        }
    }

    @Test
    void rejectsAWindowThatIsNotAPowerOfTwoInRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new BookSide(true, 1, 4, 5_000));
        assertThrows(IllegalArgumentException.class, () -> new BookSide(true, 1, 4, 1 << 11));
    }

    private static void assertSame(
        final BookSide side, final LevelStore store, final TreeMap<Long, Integer> reference,
        final SplittableRandom random, final long tick)
    {
        assertEquals(reference.size(), side.levelCount());
        if (reference.isEmpty())
        {
            assertEquals(BookSide.NONE, side.best());
            return;
        }
        assertEquals(reference.firstEntry().getValue(), side.best());
        final List<Integer> walked = new ArrayList<>();
        for (int level = side.best(); level != BookSide.NONE; level = side.after(store.price(level)))
        {
            walked.add(level);
        }
        assertEquals(new ArrayList<>(reference.values()), walked);
        final int depth = random.nextInt(reference.size());
        assertEquals(walked.get(depth), side.levelAt(depth, store));
        for (final Map.Entry<Long, Integer> entry : reference.entrySet())
        {
            assertEquals(entry.getValue(), side.find(entry.getKey()));
            final long nextTick = entry.getKey() + tick;   // prices reaching a side are always on tick
            if (nextTick > 0 && !reference.containsKey(nextTick))
            {
                assertEquals(BookSide.NONE, side.find(nextTick));
            }
        }
    }
}
