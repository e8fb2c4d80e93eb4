package io.peregrine.core.order;

import org.agrona.BitUtil;
import org.agrona.collections.Long2LongHashMap;

/**
 * Index from core order id to an order slot. The core hands ids out in sequence ({@code lastOrderId + 1}), so the
 * index is a direct-mapped ring: position {@code orderId & mask} holds the id and its slot. Consecutive orders sit in
 * consecutive positions (the cache lines the previous orders touched), a lookup is one compare, a removal one
 * store: no hashing, no probing, no backward-shift compaction, which is what a hash map keyed by sequential ids
 * paid on every removal and, with a table sized for the whole order capacity, a cache miss on every operation.
 * <p>
 * The ring has at least twice as many positions as the table has slots, and the table keeps about the last
 * {@code capacity} orders indexed (working ones and recently closed ones, {@link OrderTable}), so a position is
 * normally free again long before its next id comes. When it is not (an order still indexed while
 * {@code ring length} newer orders were opened: a long-resting order), the older order moves to an overflow hash map,
 * pre-sized for every slot, and stays findable; lookups consult the overflow only while it holds something.
 * <p>
 * Ids must be positive (0 is the ring's "free"); {@link #get} of any other id answers {@link OrderTable#NO_SLOT}.
 * Single threaded (core thread); allocation free after construction.
 */
final class OrderIdIndex
{
    private static final long FREE = 0;

    private final long[] ids;
    private final int[] slots;
    private final int mask;
    private final Long2LongHashMap overflow;

    /**
     * @param maxSize slots indexed at most at once.
     */
    OrderIdIndex(final int maxSize)
    {
        final int length = BitUtil.findNextPositivePowerOfTwo(Math.max(2, maxSize * 2));
        ids = new long[length];
        slots = new int[length];
        mask = length - 1;
        overflow = new Long2LongHashMap(Math.max(16, maxSize * 2), 0.65f, OrderTable.NO_SLOT);
    }

    /**
     * Indexes an order (replacing a previous entry of the same id).
     *
     * @param orderId positive core order id.
     * @param slot    its slot.
     */
    void put(final long orderId, final int slot)
    {
        if (orderId <= FREE)
        {
            throw new IllegalArgumentException("order ids are positive: " + orderId);
        }
        final int position = (int)orderId & mask;
        final long held = ids[position];
        if (FREE != held && held != orderId)
        {
            overflow.put(held, slots[position]); // a still-indexed older order: keep it findable
        }
        else if (held == orderId && !overflow.isEmpty())
        {
            overflow.remove(orderId);
        }
        ids[position] = orderId;
        slots[position] = slot;
    }

    /**
     * @param orderId core order id.
     * @return its slot, or {@link OrderTable#NO_SLOT}.
     */
    int get(final long orderId)
    {
        if (orderId <= FREE)
        {
            return OrderTable.NO_SLOT;
        }
        final int position = (int)orderId & mask;
        if (ids[position] == orderId)
        {
            return slots[position];
        }
        return overflow.isEmpty() ? OrderTable.NO_SLOT : (int)overflow.get(orderId);
    }

    /**
     * Forgets an order if the id is indexed at {@code slot} (a newer entry for the id is left alone).
     *
     * @param orderId core order id.
     * @param slot    the slot it was indexed at.
     */
    void remove(final long orderId, final int slot)
    {
        if (orderId <= FREE)
        {
            return;
        }
        final int position = (int)orderId & mask;
        if (ids[position] == orderId)
        {
            if (slots[position] == slot)
            {
                ids[position] = FREE;
                slots[position] = 0;
            }
        }
        else if (!overflow.isEmpty() && overflow.get(orderId) == slot)
        {
            overflow.remove(orderId);
        }
    }

    /**
     * @return orders indexed.
     */
    int size()
    {
        int size = overflow.size();
        for (final long id : ids)
        {
            if (FREE != id)
            {
                size++;
            }
        }
        return size;
    }

    /**
     * @return orders held in the overflow map (diagnostics and tests).
     */
    int overflowSize()
    {
        return overflow.size();
    }
}
