package io.peregrine.core.order;

import io.peregrine.risk.BucketChains;

/**
 * Index from (account, client order id) to an order slot, in pre-sized primitive arrays: lookups, inserts and
 * removals allocate nothing and it never resizes.
 * <p>
 * Every order slot holds one (account, client order id) at a time, so the index is intrusive: the slot number is
 * the entry of a {@link BucketChains} (the hash chains shared with the risk's client order id window), and each
 * slot's key is kept here by slot. A removal unlinks the slot in O(1) and clears its key.
 * <p>
 * Agrona's {@code Long2LongHashMap} keys on one long; the client order id is only unique per account, so this
 * index keys on both longs without folding them into a hash that could collide. Single threaded (core thread).
 */
public final class ClientOrderIndex
{
    /** Returned by {@link #get(long, long)} when the key is absent. */
    public static final int MISSING = BucketChains.NONE;

    private final long[] keys;
    private final BucketChains chains;
    private int size;

    /**
     * @param maxSize slots indexed: every slot passed to {@link #put} is in {@code [0, maxSize)}.
     */
    public ClientOrderIndex(final int maxSize)
    {
        if (maxSize < 1)
        {
            throw new IllegalArgumentException("maxSize must be at least 1: " + maxSize);
        }
        this.keys = new long[2 * maxSize];
        this.chains = new BucketChains(maxSize);
    }

    /**
     * @param account packed account.
     * @param clOrdId client order id.
     * @return the slot, or {@link #MISSING}.
     */
    public int get(final long account, final long clOrdId)
    {
        for (int slot = chains.first(bucket(account, clOrdId)); MISSING != slot; slot = chains.next(slot))
        {
            if (keys[2 * slot] == account && keys[2 * slot + 1] == clOrdId)
            {
                return slot;
            }
        }
        return MISSING;
    }

    /**
     * Indexes {@code slot} under the key. An entry of another slot under the same key is replaced (that slot is
     * unindexed), and a slot indexed under another key moves to this one.
     *
     * @param account packed account.
     * @param clOrdId client order id.
     * @param slot    order slot in {@code [0, maxSize)}.
     * @throws IndexOutOfBoundsException if the slot is outside the table (a bug: the order table owns the slots).
     */
    public void put(final long account, final long clOrdId, final int slot)
    {
        if (slot < 0 || slot >= chains.entries())
        {
            throw new IndexOutOfBoundsException("slot " + slot + " outside [0, " + chains.entries() + ")");
        }
        final int existing = get(account, clOrdId);
        if (existing == slot)
        {
            return;
        }
        if (MISSING != existing)
        {
            unlink(existing);
        }
        if (chains.isLinked(slot))
        {
            unlink(slot);
        }
        keys[2 * slot] = account;
        keys[2 * slot + 1] = clOrdId;
        chains.link(slot, bucket(account, clOrdId));
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
        if (slot < 0 || slot >= chains.entries() || !chains.isLinked(slot) ||
            keys[2 * slot] != account || keys[2 * slot + 1] != clOrdId)
        {
            return false;
        }
        unlink(slot);
        return true;
    }

    /**
     * @return entries held.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return the bucket the key hashes to (tests build collisions with it).
     */
    int bucket(final long account, final long clOrdId)
    {
        return hash(account, clOrdId) & chains.bucketMask();
    }

    private void unlink(final int slot)
    {
        chains.unlink(slot, bucket(keys[2 * slot], keys[2 * slot + 1]));
        keys[2 * slot] = 0;
        keys[2 * slot + 1] = 0;
        size--;
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
