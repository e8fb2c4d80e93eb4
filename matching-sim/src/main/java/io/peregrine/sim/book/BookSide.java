package io.peregrine.sim.book;

import java.util.Arrays;

/**
 * One side of a book: which price levels exist and in what priority order.
 * <p>
 * Most levels live in a <b>price ladder</b>: a window of {@value #WINDOW_TICKS} ticks (by default) around the prices
 * seen, with the level id of every tick in an {@code int[]} and a two-level bitmap of the ticks that have a level. Ladder indices
 * grow towards the better price on both sides (bids: from the lowest price up; asks: from the highest price down), so
 * finding, creating and emptying a level are a few array writes wherever it is in the book, and the next best level
 * after the best empties is the next set bit below it (a 64-bit word, then a summary word per 4,096 ticks).
 * <p>
 * Levels whose price falls outside the window (a book spread over more ticks than that, or prices
 * beyond 2^61) live in a <b>sorted overflow</b>: two parallel primitive arrays (sort key, level id) sorted by priority
 * with the best last, as this class was before the ladder. The window is placed around the first price of the side
 * and moved to a new price only when it holds no level (the overflow levels that then fall inside it move in). The best
 * level is the better of the ladder's and the overflow's, so the overflow costs the hot path one length check while
 * it is empty.
 * <p>
 * Every price given to a side is a positive multiple of the tick size (the book validates prices first).
 * Single-threaded; allocates only in the constructor (about 270 KB for the default window).
 */
final class BookSide
{
    static final int NONE = -1;

    /** Ticks covered by the ladder window of a book's sides. */
    static final int WINDOW_TICKS = 1 << 16;

    private static final long MAX_LADDER_PRICE = 1L << 61;
    private static final long MAX_LADDER_TICK = 1L << 40;

    private final boolean bids;
    private final long tickSize;
    private final boolean ladderEnabled;
    private long span;  // 0 until the window is anchored, so that no price is inside it

    // Ladder: index i holds price origin + i * tick (bids) or origin - i * tick (asks); higher index = better price.
    private final int windowTicks;
    private final int[] levelByIndex;
    private final long[] words;
    private final long[] summary;
    private boolean anchored;
    private long origin;
    private int ladderCount;
    private int bestIndex = NONE;

    // Overflow: sort key (price for bids, -price for asks) ascending, best last.
    private final long[] keys;
    private final int[] levels;
    private int overflowCount;

    BookSide(final boolean bids, final long tickSize, final int capacity)
    {
        this(bids, tickSize, capacity, WINDOW_TICKS);
    }

    /**
     * @param windowTicks ticks of the ladder window: a power of two from 2^12 to 2^20 (tests use small ones to
     *                    exercise the overflow).
     */
    BookSide(final boolean bids, final long tickSize, final int capacity, final int windowTicks)
    {
        if (Integer.bitCount(windowTicks) != 1 || windowTicks < (1 << 12) || windowTicks > (1 << 20))
        {
            throw new IllegalArgumentException("windowTicks must be a power of two in 2^12..2^20: " + windowTicks);
        }
        this.bids = bids;
        this.tickSize = tickSize;
        this.windowTicks = windowTicks;
        ladderEnabled = tickSize <= MAX_LADDER_TICK;
        levelByIndex = new int[windowTicks];
        words = new long[windowTicks >>> 6];
        summary = new long[windowTicks >>> 12];
        Arrays.fill(levelByIndex, NONE);
        keys = new long[capacity];
        levels = new int[capacity];
    }

    int levelCount()
    {
        return ladderCount + overflowCount;
    }

    /**
     * @return the best level id, or {@link #NONE} if the side is empty.
     */
    int best()
    {
        final int bestIndex = this.bestIndex;
        if (overflowCount == 0)
        {
            return bestIndex == NONE ? NONE : levelByIndex[bestIndex];
        }
        if (bestIndex == NONE || keys[overflowCount - 1] > key(priceAt(bestIndex)))
        {
            return levels[overflowCount - 1];
        }
        return levelByIndex[bestIndex];
    }

    /**
     * @return number of levels in the sorted overflow (outside the ladder window), for tests.
     */
    int overflowCount()
    {
        return overflowCount;
    }

    /**
     * @param price the price of an existing level of this side.
     * @return the next level in priority order after it, or {@link #NONE}.
     */
    int after(final long price)
    {
        final int index = indexOf(price);
        final int ladderNext = index == NONE ? ladderBelow(ladderIndexBelowPrice(price)) : ladderBelow(index);
        final int overflowNext = overflowCount == 0 ? -1 : lowerBound(key(price)) - 1;
        if (overflowNext < 0)
        {
            return ladderNext == NONE ? NONE : levelByIndex[ladderNext];
        }
        if (ladderNext == NONE || keys[overflowNext] > key(priceAt(ladderNext)))
        {
            return levels[overflowNext];
        }
        return levelByIndex[ladderNext];
    }

    /**
     * Walks the side from the best level: O(depth), for queries.
     *
     * @param depth 0 for the best level.
     * @return the level id at that depth; the caller checks {@code depth < levelCount()}.
     */
    int levelAt(final int depth, final LevelStore store)
    {
        int level = best();
        for (int i = 0; i < depth; i++)
        {
            level = after(store.price(level));
        }
        return level;
    }

    /**
     * @return the level id at {@code price}, or {@link #NONE}.
     */
    int find(final long price)
    {
        final int index = indexOf(price);
        if (index != NONE)
        {
            return levelByIndex[index];
        }
        if (overflowCount == 0)
        {
            return NONE;
        }
        final long key = key(price);
        final int position = lowerBound(key);
        return position < overflowCount && keys[position] == key ? levels[position] : NONE;
    }

    /**
     * Adds a level at {@code price}; the caller guarantees no level exists at that price.
     */
    void insert(final long price, final int level)
    {
        int index = indexOf(price);
        if (index == NONE && ladderCount == 0 && ladderEnabled && price < MAX_LADDER_PRICE)
        {
            anchor(price);
            index = indexOf(price);
        }
        if (index != NONE)
        {
            addToLadder(index, level);
        }
        else
        {
            addToOverflow(key(price), level);
        }
    }

    /**
     * Removes the level at {@code price}; the caller guarantees it exists.
     */
    void remove(final long price)
    {
        final int index = indexOf(price);
        if (index != NONE)
        {
            removeFromLadder(index);
            return;
        }

        final long key = key(price);
        final int last = overflowCount - 1;
        if (keys[last] == key)
        {
            overflowCount = last;
            return;
        }
        final int position = lowerBound(key);
        System.arraycopy(keys, position + 1, keys, position, last - position);
        System.arraycopy(levels, position + 1, levels, position, last - position);
        overflowCount = last;
    }

    /**
     * Removes the best level; the caller guarantees the side is not empty.
     */
    void removeBest()
    {
        final int bestIndex = this.bestIndex;
        if (overflowCount == 0 || (bestIndex != NONE && keys[overflowCount - 1] < key(priceAt(bestIndex))))
        {
            removeFromLadder(bestIndex);
        }
        else
        {
            overflowCount--;
        }
    }

    private void addToLadder(final int index, final int level)
    {
        levelByIndex[index] = level;
        final int word = index >>> 6;
        final long before = words[word];
        words[word] = before | (1L << index);
        if (before == 0)
        {
            summary[word >>> 6] |= 1L << word;
        }
        if (index > bestIndex)
        {
            bestIndex = index;
        }
        ladderCount++;
    }

    private void removeFromLadder(final int index)
    {
        levelByIndex[index] = NONE;
        final int word = index >>> 6;
        final long after = words[word] & ~(1L << index);
        words[word] = after;
        if (after == 0)
        {
            summary[word >>> 6] &= ~(1L << word);
        }
        ladderCount--;
        if (index == bestIndex)
        {
            bestIndex = ladderBelow(index);
        }
    }

    /**
     * @return the highest ladder index below {@code index} that holds a level, or {@link #NONE}.
     */
    private int ladderBelow(final int index)
    {
        if (index <= 0)
        {
            return NONE;
        }
        final int word = (index - 1) >>> 6;
        final long bits = words[word] & (-1L >>> (63 - ((index - 1) & 63)));
        if (bits != 0)
        {
            return (word << 6) + 63 - Long.numberOfLeadingZeros(bits);
        }
        if (word == 0)
        {
            return NONE;
        }
        int group = (word - 1) >>> 6;
        long groupBits = summary[group] & (-1L >>> (63 - ((word - 1) & 63)));
        while (groupBits == 0)
        {
            if (--group < 0)
            {
                return NONE;
            }
            groupBits = summary[group];
        }
        final int found = (group << 6) + 63 - Long.numberOfLeadingZeros(groupBits);
        return (found << 6) + 63 - Long.numberOfLeadingZeros(words[found]);
    }

    /**
     * @return for a price outside the window, the ladder index just above all the window's prices that are worse than
     * it (so {@link #ladderBelow} of it is the best ladder level worse than the price).
     */
    private int ladderIndexBelowPrice(final long price)
    {
        if (!anchored)
        {
            return 0;
        }
        if (price >= MAX_LADDER_PRICE)
        {
            return bids ? windowTicks : 0;
        }
        final long distance = bids ? price - origin : origin - price;
        return distance < 0 ? 0 : windowTicks;
    }

    /**
     * @return the ladder index of {@code price}, or {@link #NONE} if it is outside the window.
     */
    private int indexOf(final long price)
    {
        final long distance = bids ? price - origin : origin - price;
        if (distance >= 0 && distance < span && price < MAX_LADDER_PRICE)
        {
            return (int)(distance / tickSize);
        }
        return NONE;
    }

    private long priceAt(final int index)
    {
        final long offset = index * tickSize;
        return bids ? origin + offset : origin - offset;
    }

    /**
     * Centres the empty window on {@code price} and moves in the overflow levels that now fall inside it.
     */
    private void anchor(final long price)
    {
        final long half = (windowTicks >>> 1) * tickSize;
        origin = bids ? price - half : price + half;
        span = tickSize * windowTicks;
        anchored = true;
        bestIndex = NONE;
        int kept = 0;
        for (int i = 0; i < overflowCount; i++)
        {
            final long levelPrice = bids ? keys[i] : -keys[i];
            final int index = indexOf(levelPrice);
            if (index != NONE)
            {
                addToLadder(index, levels[i]);
            }
            else
            {
                keys[kept] = keys[i];
                levels[kept] = levels[i];
                kept++;
            }
        }
        overflowCount = kept;
    }

    private void addToOverflow(final long key, final int level)
    {
        final int position = lowerBound(key);
        final int moved = overflowCount - position;
        if (moved > 0)
        {
            System.arraycopy(keys, position, keys, position + 1, moved);
            System.arraycopy(levels, position, levels, position + 1, moved);
        }
        keys[position] = key;
        levels[position] = level;
        overflowCount++;
    }

    private long key(final long price)
    {
        return bids ? price : -price;
    }

    private int lowerBound(final long key)
    {
        final long[] keys = this.keys;
        int low = 0;
        int high = overflowCount;
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
