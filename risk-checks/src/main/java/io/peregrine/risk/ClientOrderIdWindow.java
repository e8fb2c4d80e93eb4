package io.peregrine.risk;

import org.agrona.collections.LongHashSet;

/**
 * Duplicate client order id detection for one account, in pre-sized primitive structures.
 * <p>
 * Remembers the last {@code capacity} accepted ids exactly (an Agrona {@link LongHashSet} sized so it never
 * resizes, plus a ring in arrival order). When full, the oldest id is forgotten and the highest id ever forgotten
 * becomes a floor: from then on every id at or below the floor is treated as a possible duplicate and refused.
 * So a duplicate is never accepted silently; the price of a full window is that clients must use ids that grow over
 * time (a counter or a timestamp), which is what FIX clients do. An id refused only because of the floor gets the
 * same {@code DUPLICATE_CLIENT_ORDER_ID} reason. Memory: about {@code 24 * capacity} bytes (the demo's 262,144 ids:
 * 6 MB per account). Core thread only; allocation free after construction.
 */
final class ClientOrderIdWindow
{
    private final LongHashSet ids;
    private final long[] ring;
    private int next;
    private int size;
    private boolean forgotAny;
    private long forgottenHighWater = Long.MIN_VALUE;

    ClientOrderIdWindow(final int capacity)
    {
        // Agrona's size hint is the table size, not the element count: size the table so that capacity ids stay
        // below its resize threshold and it never rehashes (which would allocate).
        ids = new LongHashSet((int)Math.min(Integer.MAX_VALUE / 2, (long)(capacity / 0.65f) + 2), 0.65f);
        ring = new long[capacity];
    }

    boolean isDuplicate(final long clOrdId)
    {
        return (forgotAny && clOrdId <= forgottenHighWater) || ids.contains(clOrdId);
    }

    void record(final long clOrdId)
    {
        if (size == ring.length)
        {
            final long oldest = ring[next];
            ids.remove(oldest);
            forgotAny = true;
            if (oldest > forgottenHighWater)
            {
                forgottenHighWater = oldest;
            }
        }
        else
        {
            size++;
        }
        ring[next] = clOrdId;
        next = next + 1 == ring.length ? 0 : next + 1;
        ids.add(clOrdId);
    }

    void clear()
    {
        ids.clear();
        next = 0;
        size = 0;
        forgotAny = false;
        forgottenHighWater = Long.MIN_VALUE;
    }

    int capacity()
    {
        return ring.length;
    }
}
