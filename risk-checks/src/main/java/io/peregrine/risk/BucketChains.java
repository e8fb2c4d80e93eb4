package io.peregrine.risk;

import org.agrona.BitUtil;

import java.util.Arrays;

/**
 * The hash index of a fixed set of entries {@code [0, entries)} whose keys the owner keeps: a power-of-two array of
 * buckets, each the head of an intrusive doubly linked chain of entries ({@code next}/{@code previous} per entry).
 * The owner hashes its key to a bucket ({@code hash & }{@link #bucketMask()}), walks a chain with {@link #first} and
 * {@link #next}, and links or unlinks an entry in O(1): no tombstones, and no backward-shift compaction walking the
 * cluster after a removed key (what open addressing with linear probing needs). There are at least twice as many
 * buckets as entries, so a bucket holds at most 0.5 entries on average.
 * <p>
 * Used by the core's client order index (an entry is an order slot) and by the risk's client order id window (an
 * entry is a ring position). Single threaded (the owner's thread); allocates only in the constructor.
 */
public final class BucketChains
{
    /** End of a chain, or an empty bucket. */
    public static final int NONE = -1;

    private static final int UNLINKED = -2;

    private final int[] next;
    private final int[] previous;
    private final int[] buckets;
    private final int bucketMask;

    /**
     * @param entries how many entries can be linked: every entry passed in is in {@code [0, entries)}.
     * @throws IllegalArgumentException if {@code entries < 1}.
     */
    public BucketChains(final int entries)
    {
        if (entries < 1)
        {
            throw new IllegalArgumentException("entries must be at least 1: " + entries);
        }
        next = new int[entries];
        previous = new int[entries];
        buckets = new int[BitUtil.findNextPositivePowerOfTwo(Math.max(2, entries * 2))];
        bucketMask = buckets.length - 1;
        clear();
    }

    /**
     * @return how many entries can be linked.
     */
    public int entries()
    {
        return next.length;
    }

    /**
     * @return the mask that turns a hash into a bucket.
     */
    public int bucketMask()
    {
        return bucketMask;
    }

    /**
     * @param bucket a bucket, {@code hash & bucketMask()}.
     * @return the first entry linked in it, or {@link #NONE}.
     */
    public int first(final int bucket)
    {
        return buckets[bucket];
    }

    /**
     * @param entry a linked entry.
     * @return the entry after it in its bucket's chain, or {@link #NONE}.
     */
    public int next(final int entry)
    {
        return next[entry];
    }

    /**
     * @param entry an entry in {@code [0, entries)}.
     * @return whether it is linked in a bucket.
     */
    public boolean isLinked(final int entry)
    {
        return UNLINKED != next[entry];
    }

    /**
     * Links an unlinked entry at the head of a bucket's chain.
     *
     * @param entry  an entry that is not linked.
     * @param bucket the bucket its key hashes to.
     */
    public void link(final int entry, final int bucket)
    {
        final int head = buckets[bucket];
        previous[entry] = NONE;
        next[entry] = head;
        if (NONE != head)
        {
            previous[head] = entry;
        }
        buckets[bucket] = entry;
    }

    /**
     * Unlinks a linked entry from its bucket's chain.
     *
     * @param entry  a linked entry.
     * @param bucket the bucket it is linked in (its key's).
     */
    public void unlink(final int entry, final int bucket)
    {
        final int before = previous[entry];
        final int after = next[entry];
        if (NONE == before)
        {
            buckets[bucket] = after;
        }
        else
        {
            next[before] = after;
        }
        if (NONE != after)
        {
            previous[after] = before;
        }
        next[entry] = UNLINKED;
        previous[entry] = UNLINKED;
    }

    /**
     * Unlinks every entry. O(entries).
     */
    public void clear()
    {
        Arrays.fill(buckets, NONE);
        Arrays.fill(next, UNLINKED);
        Arrays.fill(previous, UNLINKED);
    }
}
