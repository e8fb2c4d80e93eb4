package io.peregrine.sim.book;

/**
 * The price levels of one book (both sides): a fixed-capacity slab of records (price, total leaves, head and tail of
 * the level's FIFO order list, order count, side) in a single {@code long[]} with a free list. A book never has more
 * levels than resting orders, so a store as large as the {@link OrderStore} never runs out.
 * <p>
 * Single-threaded; allocates only in the constructor.
 */
final class LevelStore
{
    static final int NONE = -1;
    static final long BUY = 0;
    static final long SELL = 1;

    private static final int PRICE = 0;
    private static final int QUANTITY = 1;
    private static final int HEAD = 2;
    private static final int TAIL = 3;
    private static final int ORDER_COUNT = 4;
    private static final int SIDE = 5;
    private static final int SHIFT = 3;

    private final long[] slab;
    private int freeHead;

    LevelStore(final int capacity)
    {
        slab = new long[capacity << SHIFT];
        for (int level = 0; level < capacity; level++)
        {
            slab[(level << SHIFT) + HEAD] = level + 1 < capacity ? level + 1 : NONE;
        }
        freeHead = capacity > 0 ? 0 : NONE;
    }

    /**
     * @return an empty level at {@code price}, or {@link #NONE} if the store is full (cannot happen when it is as
     * large as the order store).
     */
    int allocate(final long price, final long side)
    {
        final int level = freeHead;
        if (level != NONE)
        {
            final int base = level << SHIFT;
            freeHead = (int)slab[base + HEAD];
            slab[base + PRICE] = price;
            slab[base + QUANTITY] = 0;
            slab[base + HEAD] = NONE;
            slab[base + TAIL] = NONE;
            slab[base + ORDER_COUNT] = 0;
            slab[base + SIDE] = side;
        }
        return level;
    }

    void free(final int level)
    {
        slab[(level << SHIFT) + HEAD] = freeHead;
        freeHead = level;
    }

    long price(final int level)
    {
        return slab[(level << SHIFT) + PRICE];
    }

    long quantity(final int level)
    {
        return slab[(level << SHIFT) + QUANTITY];
    }

    void addQuantity(final int level, final long delta)
    {
        slab[(level << SHIFT) + QUANTITY] += delta;
    }

    int head(final int level)
    {
        return (int)slab[(level << SHIFT) + HEAD];
    }

    void head(final int level, final int slot)
    {
        slab[(level << SHIFT) + HEAD] = slot;
    }

    int tail(final int level)
    {
        return (int)slab[(level << SHIFT) + TAIL];
    }

    void tail(final int level, final int slot)
    {
        slab[(level << SHIFT) + TAIL] = slot;
    }

    int orderCount(final int level)
    {
        return (int)slab[(level << SHIFT) + ORDER_COUNT];
    }

    void addOrderCount(final int level, final int delta)
    {
        slab[(level << SHIFT) + ORDER_COUNT] += delta;
    }

    long side(final int level)
    {
        return slab[(level << SHIFT) + SIDE];
    }
}
