package io.peregrine.sim.book;

import org.agrona.collections.Long2LongHashMap;

/**
 * Finds a resting order from its venue order id: maps the id to the book that holds it and the order's slot in that
 * book's {@link OrderStore}. One index is shared by all books of an engine so that a cancel or replace, which name
 * only the order id, find their book without asking every book.
 * <p>
 * Single-threaded: used only on the matching thread. Pre-sized: {@link #ensureCapacity(int)} allocates (call it at
 * set-up time), the lookup and update methods never do.
 */
public final class OrderIndex
{
    /** Returned by {@link #entry(long)} when the id is not resting in any book. */
    public static final long MISSING = -1L;

    /** Most resting orders one index (so all books of one engine together) can hold: 2^27. */
    public static final int MAX_ORDERS = 1 << 27;

    private static final float LOAD_FACTOR = 0.5f;

    private Long2LongHashMap entries = newMap(0);
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
        final Long2LongHashMap bigger = newMap(required);
        bigger.putAll(entries);
        entries = bigger;
        capacity = required;
    }

    /**
     * @param orderId venue order id.
     * @return the packed entry of a resting order, or {@link #MISSING}. Decode with {@link #bookId(long)} and
     * {@link #slot(long)}.
     */
    public long entry(final long orderId)
    {
        return entries.get(orderId);
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
        return entries.size();
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
        entries.put(orderId, ((long)bookId << 32) | (slot & 0xFFFF_FFFFL));
    }

    /**
     * @return the removed entry, or {@link #MISSING}.
     */
    long remove(final long orderId)
    {
        return entries.remove(orderId);
    }

    private static Long2LongHashMap newMap(final int orders)
    {
        final int initialCapacity = (int)Math.ceil(Math.max(orders, 1) / (double)LOAD_FACTOR) + 1;
        return new Long2LongHashMap(initialCapacity, LOAD_FACTOR, MISSING);
    }
}
