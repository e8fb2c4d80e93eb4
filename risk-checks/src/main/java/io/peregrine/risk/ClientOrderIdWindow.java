package io.peregrine.risk;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
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

    /**
     * Writes what the window remembers (the floor and the ids in arrival order, oldest first) for a core snapshot.
     * Core thread; allocation free (the buffer grows only if it is expandable and too small).
     *
     * @return offset after what was written.
     */
    int snapshotTo(final MutableDirectBuffer buffer, final int offset)
    {
        int at = offset;
        buffer.putByte(at, forgotAny ? (byte)1 : (byte)0);
        at += 1;
        buffer.putLong(at, forgottenHighWater);
        at += 8;
        buffer.putInt(at, size);
        at += 4;
        int index = next - size;
        if (index < 0)
        {
            index += ring.length;
        }
        for (int i = 0; i < size; i++)
        {
            buffer.putLong(at, ring[index]);
            at += 8;
            index = index + 1 == ring.length ? 0 : index + 1;
        }
        return at;
    }

    /**
     * Replaces what the window remembers with what {@link #snapshotTo} wrote. Launching thread, before the core runs.
     *
     * @return offset after what was read.
     * @throws IllegalStateException if the snapshot holds more ids than this window's capacity.
     */
    int restoreFrom(final DirectBuffer buffer, final int offset)
    {
        int at = offset;
        final boolean forgot = 0 != buffer.getByte(at);
        at += 1;
        final long highWater = buffer.getLong(at);
        at += 8;
        final int count = buffer.getInt(at);
        at += 4;
        if (count < 0 || count > ring.length)
        {
            throw new IllegalStateException("snapshot holds " + count + " client order ids, window capacity is " +
                ring.length);
        }
        clear();
        for (int i = 0; i < count; i++)
        {
            record(buffer.getLong(at));
            at += 8;
        }
        forgotAny = forgot;
        forgottenHighWater = highWater;
        return at;
    }
}
