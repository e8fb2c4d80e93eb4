package io.peregrine.sim.book;

/**
 * One side of a book: its price levels sorted by priority in two parallel primitive arrays (sort key, level id), the
 * best level LAST so that consuming or adding at the top of the book, the common case, moves nothing. The sort key
 * is the price for bids and the negated price for asks, so both sides sort ascending with the best at the end.
 * Inserting or removing a level deeper in the book shifts only the levels better than it.
 * <p>
 * Single-threaded; allocates only in the constructor.
 */
final class BookSide
{
    static final int NONE = -1;

    private final boolean bids;
    private final long[] keys;
    private final int[] levels;
    private int count;

    BookSide(final boolean bids, final int capacity)
    {
        this.bids = bids;
        keys = new long[capacity];
        levels = new int[capacity];
    }

    int levelCount()
    {
        return count;
    }

    /**
     * @return the best level id, or {@link #NONE} if the side is empty.
     */
    int best()
    {
        final int count = this.count;
        return count == 0 ? NONE : levels[count - 1];
    }

    /**
     * @param depth 0 for the best level.
     * @return the level id at that depth; the caller checks {@code depth < levelCount()}.
     */
    int levelAt(final int depth)
    {
        return levels[count - 1 - depth];
    }

    /**
     * @return the level id at {@code price}, or {@link #NONE}.
     */
    int find(final long price)
    {
        final long key = bids ? price : -price;
        final int index = lowerBound(key);
        return index < count && keys[index] == key ? levels[index] : NONE;
    }

    /**
     * Adds a level at {@code price}; the caller guarantees no level exists at that price.
     */
    void insert(final long price, final int level)
    {
        final long key = bids ? price : -price;
        final int index = lowerBound(key);
        final int moved = count - index;
        if (moved > 0)
        {
            System.arraycopy(keys, index, keys, index + 1, moved);
            System.arraycopy(levels, index, levels, index + 1, moved);
        }
        keys[index] = key;
        levels[index] = level;
        count++;
    }

    /**
     * Removes the level at {@code price}; the caller guarantees it exists.
     */
    void remove(final long price)
    {
        final long key = bids ? price : -price;
        final int last = count - 1;
        if (keys[last] == key)
        {
            count = last;
            return;
        }

        final int index = lowerBound(key);
        System.arraycopy(keys, index + 1, keys, index, last - index);
        System.arraycopy(levels, index + 1, levels, index, last - index);
        count = last;
    }

    void removeBest()
    {
        count--;
    }

    private int lowerBound(final long key)
    {
        final long[] keys = this.keys;
        int low = 0;
        int high = count;
        // Activity concentrates at the top of the book, which is at the end of the arrays.
        if (high > 0 && keys[high - 1] < key)
        {
            return high;
        }
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (keys[mid] < key)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
