package io.peregrine.sim.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link OrderIndex} against a hash map, for ids in sequence (the ring), ids that collide in the ring (so that they go
 * to the overflow map), random and extreme ids, and a reservation made while entries are held.
 */
@Timeout(60)
class OrderIndexTest
{
    @Test
    void sequentialIdsWithLongLivedOrdersBehaveLikeAMap()
    {
        exercise(new SplittableRandom(1), IdKind.SEQUENTIAL, 1_000);
    }

    @Test
    void idsThatCollideInTheRingBehaveLikeAMap()
    {
        exercise(new SplittableRandom(2), IdKind.COLLIDING, 1_000);
    }

    @Test
    void randomAndExtremeIdsBehaveLikeAMap()
    {
        exercise(new SplittableRandom(3), IdKind.RANDOM, 1_000);
    }

    @Test
    void reservingMoreKeepsTheEntriesHeld()
    {
        final OrderIndex index = new OrderIndex();
        index.reserve(16);
        final Map<Long, Long> reference = new HashMap<>();
        for (long id = 1; id <= 16; id++)
        {
            final long orderId = id % 3 == 0 ? id * 64 : id;   // some collide in the small ring
            index.put(orderId, 1, (int)id);
            reference.put(orderId, (1L << 32) | id);
        }
        index.reserve(100_000);
        assertEquals(100_016, index.capacity());
        assertEquals(16, index.size());
        reference.forEach((orderId, entry) -> assertEquals((long)entry, index.entry(orderId)));
    }

    private enum IdKind
    {
        SEQUENTIAL, COLLIDING, RANDOM
    }

    private static void exercise(final SplittableRandom random, final IdKind kind, final int capacity)
    {
        final OrderIndex index = new OrderIndex();
        index.reserve(capacity);
        final Map<Long, Long> reference = new HashMap<>();
        final List<Long> live = new ArrayList<>();
        long nextId = 1;
        for (int step = 0; step < 200_000; step++)
        {
            if (live.size() < capacity && (live.isEmpty() || random.nextInt(100) < 50))
            {
                final long orderId;
                switch (kind)
                {
                    case SEQUENTIAL:
                        orderId = nextId++;
                        break;
                    case COLLIDING:
                        orderId = (nextId++ % 7) + (random.nextInt(1 << 10) * (long)(1 << 20));
                        break;
                    default:
                        final int dice = random.nextInt(100);
                        orderId = dice == 0 ? Long.MIN_VALUE : dice == 1 ? Long.MAX_VALUE : dice == 2 ? -1 :
                            random.nextLong();
                        break;
                }
                if (reference.containsKey(orderId))
                {
                    continue;
                }
                final int book = random.nextInt(4);
                final int slot = random.nextInt(capacity);
                index.put(orderId, book, slot);
                reference.put(orderId, ((long)book << 32) | slot);
                live.add(orderId);
            }
            else
            {
                final int position = random.nextInt(live.size());
                final long orderId = live.get(position);
                live.set(position, live.get(live.size() - 1));
                live.remove(live.size() - 1);
                if (random.nextInt(10) == 0)
                {
                    index.put(orderId, 9, 9);                      // an update in place before the removal
                    reference.put(orderId, (9L << 32) | 9);
                }
                assertEquals((long)reference.remove(orderId), index.remove(orderId));
                assertEquals(OrderIndex.MISSING, index.remove(orderId));
            }
            assertEquals(reference.size(), index.size());
            if (!live.isEmpty())
            {
                final long probe = live.get(random.nextInt(live.size()));
                assertEquals((long)reference.get(probe), index.entry(probe));
                assertEquals(OrderIndex.bookId(reference.get(probe)), OrderIndex.bookId(index.entry(probe)));
                assertEquals(OrderIndex.slot(reference.get(probe)), OrderIndex.slot(index.entry(probe)));
            }
            final long absent = random.nextLong();
            if (!reference.containsKey(absent))
            {
                assertEquals(OrderIndex.MISSING, index.entry(absent));
            }
            if (!reference.containsKey(Long.MIN_VALUE))
            {
                assertEquals(OrderIndex.MISSING, index.entry(Long.MIN_VALUE));
            }
        }
    }
}
