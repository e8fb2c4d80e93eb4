package io.peregrine.sim.book;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Finds a resting order from its venue order id: maps the id to the book that holds it and the order's slot in that
 * book's {@link OrderStore}. One index is shared by all books of an engine so that a cancel or replace, which name
 * only the order id, find their book without asking every book.
 * <p>
 * Venue ids are assigned in sequence, so the live orders' ids sit in a narrow, moving range. The index keeps them in
 * a direct-mapped ring ({@code id & mask}): the live orders occupy a small, contiguous part of it that stays in cache,
 * where a hash map spreads them over its whole table. An id whose ring slot is taken by an older live order (or any
 * id, for callers that assign ids differently) goes to a pre-sized Agrona {@code Long2LongHashMap}, looked at only
 * while it holds something.
 * <p>
 * Single-threaded: used only on the matching thread. Pre-sized: {@link #reserve(int)} allocates (call it at
 * set-up time), the lookup and update methods never do.
 */
public final class OrderIndex
{
    /** Returned by {@link #entry(long)} when the id is not resting in any book. */
    public static final long MISSING = -1L;

    /** Most resting orders one index (so all books of one engine together) can hold: 2^27. */
    public static final int MAX_ORDERS = 1 << 27;

    private static final float LOAD_FACTOR = 0.5f;
    private static final long EMPTY = Long.MIN_VALUE;   // an id that never goes to the ring
    private static final int MIN_RING = 64;
    private static final int MAX_RING = 1 << 18;

    private Long2LongHashMap overflow = newMap(0);
    private long[] ringIds = newRingIds(MIN_RING);
    private long[] ringEntries = newRingEntries(MIN_RING);
    private int ringMask = MIN_RING - 1;
    private int ringSize;
    private int capacity;

    /**
     * Grows the index so that it holds {@code orders} more resting orders without resizing: each book reserves its
     * capacity when it is created. Allocates; set-up time only.
     *
     * @throws IllegalArgumentException if the total would exceed {@link #MAX_ORDERS}.
     *
     * @param orders resting orders to make room for.
     */
    public void reserve(final int orders)
    {
        final long total = (long)capacity + orders;
        if (orders < 0 || total > MAX_ORDERS)
        {
            throw new IllegalArgumentException(
                "an order index holds at most " + MAX_ORDERS + " orders: " + capacity + " + " + orders);
        }
        final int required = (int)total;
        final Long2LongHashMap oldOverflow = overflow;
        final long[] oldIds = ringIds;
        final long[] oldEntries = ringEntries;
        final int ring = Math.min(MAX_RING, Math.max(MIN_RING, Integer.highestOneBit(required) << 2));
        overflow = newMap(required);
        ringIds = newRingIds(ring);
        ringEntries = newRingEntries(ring);
        ringMask = ring - 1;
        ringSize = 0;
        capacity = required;
        oldOverflow.forEach(this::putEntry);
        for (int i = 0; i < oldIds.length; i++)
        {
            if (oldIds[i] != EMPTY)
            {
                putEntry(oldIds[i], oldEntries[i]);
            }
        }
    }

    /**
     * @param orderId venue order id.
     * @return the packed entry of a resting order, or {@link #MISSING}. Decode with {@link #bookId(long)} and
     * {@link #slot(long)}.
     */
    public long entry(final long orderId)
    {
        final int i = (int)orderId & ringMask;
        if (ringIds[i] == orderId && orderId != EMPTY)
        {
            return ringEntries[i];
        }
        return overflow.isEmpty() ? MISSING : overflow.get(orderId);
    }

    /**
     * @param entry a non-missing value from {@link #entry(long)}.
     * @return the id of the book holding the order.
     */
    public static int bookId(final long entry)
    {
        return (int)(entry >>> 32);
    }

    /**
     * @param entry a non-missing value from {@link #entry(long)}.
     * @return the order's slot in its book's store.
     */
    public static int slot(final long entry)
    {
        return (int)entry;
    }

    /**
     * @return number of resting orders indexed.
     */
    public int size()
    {
        return ringSize + overflow.size();
    }

    /**
     * @return number of resting orders the index holds without resizing (the sum of the reservations).
     */
    public int capacity()
    {
        return capacity;
    }

    void put(final long orderId, final int bookId, final int slot)
    {
        putEntry(orderId, ((long)bookId << 32) | (slot & 0xFFFF_FFFFL));
    }

    /**
     * @return the removed entry, or {@link #MISSING}.
     */
    long remove(final long orderId)
    {
        final int i = (int)orderId & ringMask;
        if (ringIds[i] == orderId && orderId != EMPTY)
        {
            final long entry = ringEntries[i];
            ringIds[i] = EMPTY;
            ringEntries[i] = MISSING;
            ringSize--;
            return entry;
        }
        return overflow.isEmpty() ? MISSING : overflow.remove(orderId);
    }

    private void putEntry(final long orderId, final long entry)
    {
        final int i = (int)orderId & ringMask;
        final long held = ringIds[i];
        if (held == orderId && orderId != EMPTY)
        {
            ringEntries[i] = entry;
        }
        else if (held == EMPTY && orderId != EMPTY && (overflow.isEmpty() || overflow.get(orderId) == MISSING))
        {
            ringIds[i] = orderId;
            ringEntries[i] = entry;
            ringSize++;
        }
        else
        {
            overflow.put(orderId, entry);
        }
    }

    private static long[] newRingIds(final int size)
    {
        final long[] ids = new long[size];
        Arrays.fill(ids, EMPTY);
        return ids;
    }

    private static long[] newRingEntries(final int size)
    {
        final long[] entries = new long[size];
        Arrays.fill(entries, MISSING);
        return entries;
    }

    private static Long2LongHashMap newMap(final int orders)
    {
        final int initialCapacity = (int)Math.ceil(Math.max(orders, 1) / (double)LOAD_FACTOR) + 1;
        return new Long2LongHashMap(initialCapacity, LOAD_FACTOR, MISSING);
    }
}
