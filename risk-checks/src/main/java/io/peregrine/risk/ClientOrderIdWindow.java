package io.peregrine.risk;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Duplicate client order id detection for one account: a ring-buffer window of the last {@code capacity} accepted
 * ids, indexed by a hash of the id, in pre-sized primitive arrays.
 * <p>
 * <b>Semantics.</b> Remembers the last {@code capacity} accepted ids exactly. When full, the oldest id is forgotten
 * and the highest id ever forgotten becomes a floor: from then on every id at or below the floor is treated as a
 * possible duplicate and refused. So a duplicate is never accepted silently; the price of a full window is that
 * clients must use ids that grow over time (a counter or a timestamp), which is what FIX clients do. An id refused
 * only because of the floor gets the same {@code DUPLICATE_CLIENT_ORDER_ID} reason.
 * <p>
 * <b>Layout.</b> Each ring position holds one id and is also the entry of the hash index, a {@link BucketChains}
 * (intrusive, doubly linked chains; shared with the core's client order index). Forgetting the oldest id unlinks
 * its position in O(1) and the new id reuses it: no tombstones, no backward-shift compaction chain to walk (an
 * open-addressed set such as Agrona's {@code LongHashSet} walks the whole cluster after the removed key on every
 * forget). There are at least twice as many buckets as the window holds ids, so a bucket holds 0.5 ids on average.
 * The hash folds
 * the high bits into the low ones without multiplying, so ids from a counter fall into consecutive buckets: the
 * lookup, the insert and the forget of a counter's ids touch cache lines that the previous order already touched.
 * <p>
 * Memory: about {@code 24 * capacity} bytes (the default 131,072 ids: 3 MB per account). Core thread only;
 * allocation free after construction.
 */
final class ClientOrderIdWindow
{
    private static final int NONE = BucketChains.NONE;

    private final long[] ids;
    private final BucketChains chains;
    private int oldest;
    private int size;
    private boolean forgotAny;
    private long forgottenHighWater = Long.MIN_VALUE;

    /**
     * @param capacity ids remembered exactly (at least 1).
     */
    ClientOrderIdWindow(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        ids = new long[capacity];
        chains = new BucketChains(capacity);
    }

    /**
     * @param clOrdId client order id of a new order or replace.
     * @return whether it is in the window, or at or below the floor of forgotten ids.
     */
    boolean isDuplicate(final long clOrdId)
    {
        if (forgotAny && clOrdId <= forgottenHighWater)
        {
            return true;
        }
        for (int position = chains.first(bucket(clOrdId)); NONE != position; position = chains.next(position))
        {
            if (ids[position] == clOrdId)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Remembers an accepted id, forgetting the oldest one when the window is full.
     *
     * @param clOrdId accepted client order id.
     */
    void record(final long clOrdId)
    {
        final int position;
        if (size == ids.length)
        {
            position = oldest;
            oldest = oldest + 1 == ids.length ? 0 : oldest + 1;
            final long forgotten = ids[position];
            chains.unlink(position, bucket(forgotten));
            forgotAny = true;
            if (forgotten > forgottenHighWater)
            {
                forgottenHighWater = forgotten;
            }
        }
        else
        {
            position = oldest + size < ids.length ? oldest + size : oldest + size - ids.length;
            size++;
        }
        ids[position] = clOrdId;
        chains.link(position, bucket(clOrdId));
    }

    /**
     * Forgets every id and the floor (a new trading day).
     */
    void clear()
    {
        chains.clear();
        oldest = 0;
        size = 0;
        forgotAny = false;
        forgottenHighWater = Long.MIN_VALUE;
    }

    int capacity()
    {
        return ids.length;
    }

    int size()
    {
        return size;
    }

    private int bucket(final long id)
    {
        // xor-folding keeps a counter's ids in consecutive buckets (cache friendly) and still spreads ids that differ
        // only in high bits (timestamps, ids with a prefix in the upper bits)
        return (int)(id ^ (id >>> 21) ^ (id >>> 42)) & chains.bucketMask();
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
        int position = oldest;
        for (int i = 0; i < size; i++)
        {
            buffer.putLong(at, ids[position]);
            at += 8;
            position = position + 1 == ids.length ? 0 : position + 1;
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
        if (count < 0 || count > ids.length)
        {
            throw new IllegalStateException("snapshot holds " + count + " client order ids, window capacity is " +
                ids.length);
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
