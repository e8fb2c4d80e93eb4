package io.peregrine.sim.book;

/**
 * The price levels of one book (both sides): a {@link RecordSlab} of records (price, total leaves, head and tail of
 * the level's FIFO order list, order count, side). A book never has more levels than resting orders, so a store as
 * large as the {@link OrderStore} never runs out.
 * <p>
 * Single-threaded; allocates only in the constructor.
 */
final class LevelStore extends RecordSlab
{
    static final long BUY = 0;
    static final long SELL = 1;

    private static final int PRICE = 0;
    private static final int QUANTITY = 1;
    private static final int HEAD = 2;
    private static final int TAIL = 3;
    private static final int ORDER_COUNT = 4;
    private static final int SIDE = 5;

    LevelStore(final int capacity)
    {
        super(capacity, HEAD);
    }

    /**
     * @return an empty level at {@code price}, or {@link #NONE} if the store is full (cannot happen when it is as
     * large as the order store).
     */
    int allocate(final long price, final long side)
    {
        final int level = allocate();
        if (level != NONE)
        {
            set(level, PRICE, price);
            set(level, QUANTITY, 0);
            set(level, HEAD, NONE);
            set(level, TAIL, NONE);
            set(level, ORDER_COUNT, 0);
            set(level, SIDE, side);
        }
        return level;
    }

    long price(final int level)
    {
        return get(level, PRICE);
    }

    long quantity(final int level)
    {
        return get(level, QUANTITY);
    }

    void addQuantity(final int level, final long delta)
    {
        add(level, QUANTITY, delta);
    }

    int head(final int level)
    {
        return (int)get(level, HEAD);
    }

    void head(final int level, final int slot)
    {
        set(level, HEAD, slot);
    }

    int tail(final int level)
    {
        return (int)get(level, TAIL);
    }

    void tail(final int level, final int slot)
    {
        set(level, TAIL, slot);
    }

    int orderCount(final int level)
    {
        return (int)get(level, ORDER_COUNT);
    }

    void addOrderCount(final int level, final int delta)
    {
        add(level, ORDER_COUNT, delta);
    }

    long side(final int level)
    {
        return get(level, SIDE);
    }
}
