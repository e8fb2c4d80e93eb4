package io.peregrine.core.order;

import org.agrona.BitUtil;

/**
 * Index from (account, client order id) to an order slot: open addressing with linear probing over pre-sized
 * primitive arrays, so lookups, inserts and removals allocate nothing and it never resizes.
 * <p>
 * Agrona's {@code Long2LongHashMap} keys on one long; the client order id is only unique per account, so this
 * index keys on both longs without folding them into a hash that could collide. Single threaded (core thread).
 */
public final class ClientOrderIndex
{
    /** Returned by {@link #get(long, long)} when the key is absent. */
    public static final int MISSING = -1;

    private final long[] accounts;
    private final long[] clOrdIds;
    private final int[] slots;
    private final int mask;
    private final int maxSize;
    private int size;

    /**
     * @param maxSize most entries held at once; the arrays are sized for a load factor of at most one half.
     */
    public ClientOrderIndex(final int maxSize)
    {
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(2, maxSize * 2));
        this.accounts = new long[capacity];
        this.clOrdIds = new long[capacity];
        this.slots = new int[capacity];
        java.util.Arrays.fill(slots, MISSING);
        this.mask = capacity - 1;
        this.maxSize = maxSize;
    }

    /**
     * @param account packed account.
     * @param clOrdId client order id.
     * @return the slot, or {@link #MISSING}.
     */
    public int get(final long account, final long clOrdId)
    {
        int index = hash(account, clOrdId) & mask;
        while (true)
        {
            final int slot = slots[index];
            if (MISSING == slot)
            {
                return MISSING;
            }
            if (accounts[index] == account && clOrdIds[index] == clOrdId)
            {
                return slot;
            }
            index = (index + 1) & mask;
        }
    }

    /**
     * Inserts or overwrites an entry.
     *
     * @param account packed account.
     * @param clOrdId client order id.
     * @param slot    order slot, not negative.
     * @throws IllegalStateException if the index is full (a bug: the order table bounds the entries).
     */
    public void put(final long account, final long clOrdId, final int slot)
    {
        int index = hash(account, clOrdId) & mask;
        while (MISSING != slots[index])
        {
            if (accounts[index] == account && clOrdIds[index] == clOrdId)
            {
                slots[index] = slot;
                return;
            }
            index = (index + 1) & mask;
        }
        if (size == maxSize)
        {
            throw new IllegalStateException("index full: " + maxSize);
        }
        accounts[index] = account;
        clOrdIds[index] = clOrdId;
        slots[index] = slot;
        size++;
    }

    /**
     * Removes the entry if it maps to {@code slot}, so a reused client order id of a newer order stays indexed.
     *
     * @param account packed account.
     * @param clOrdId client order id.
     * @param slot    expected slot.
     * @return true if removed.
     */
    public boolean remove(final long account, final long clOrdId, final int slot)
    {
        int index = hash(account, clOrdId) & mask;
        while (true)
        {
            final int existing = slots[index];
            if (MISSING == existing)
            {
                return false;
            }
            if (accounts[index] == account && clOrdIds[index] == clOrdId)
            {
                if (existing != slot)
                {
                    return false;
                }
                slots[index] = MISSING;
                size--;
                compactChain(index);
                return true;
            }
            index = (index + 1) & mask;
        }
    }

    /**
     * @return entries held.
     */
    public int size()
    {
        return size;
    }

    private void compactChain(final int deletedIndex)
    {
        // Backward-shift deletion keeps every remaining key reachable from its home index without tombstones.
        int hole = deletedIndex;
        int index = (deletedIndex + 1) & mask;
        while (MISSING != slots[index])
        {
            final int home = hash(accounts[index], clOrdIds[index]) & mask;
            if (((index - home) & mask) >= ((index - hole) & mask))
            {
                accounts[hole] = accounts[index];
                clOrdIds[hole] = clOrdIds[index];
                slots[hole] = slots[index];
                slots[index] = MISSING;
                hole = index;
            }
            index = (index + 1) & mask;
        }
    }

    private static int hash(final long account, final long clOrdId)
    {
        long h = account * 0x9E3779B97F4A7C15L + clOrdId;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int)h;
    }
}
