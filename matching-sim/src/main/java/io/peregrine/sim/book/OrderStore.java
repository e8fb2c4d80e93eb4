package io.peregrine.sim.book;

/**
 * The resting orders of one book: a {@link RecordSlab} of order records, so an order costs no object and the fields
 * touched together while matching sit next to each other. Orders at a price level are chained through
 * {@link #prev}/{@link #next} into an intrusive FIFO list; {@link #allocate()} gives a slot with undefined fields.
 * <p>
 * Single-threaded; allocates only in the constructor.
 */
final class OrderStore extends RecordSlab
{
    private static final int ORDER_ID = 0;
    private static final int ACCOUNT = 1;
    private static final int PRICE = 2;
    private static final int QUANTITY = 3;
    private static final int LEAVES = 4;
    private static final int PREV = 5;
    private static final int NEXT = 6;
    private static final int LEVEL = 7;

    OrderStore(final int capacity)
    {
        super(capacity, NEXT);
    }

    void set(
        final int slot,
        final long orderId,
        final long account,
        final long price,
        final long quantity,
        final long leaves)
    {
        set(slot, ORDER_ID, orderId);
        set(slot, ACCOUNT, account);
        set(slot, PRICE, price);
        set(slot, QUANTITY, quantity);
        set(slot, LEAVES, leaves);
    }

    long orderId(final int slot)
    {
        return get(slot, ORDER_ID);
    }

    long account(final int slot)
    {
        return get(slot, ACCOUNT);
    }

    long price(final int slot)
    {
        return get(slot, PRICE);
    }

    void price(final int slot, final long price)
    {
        set(slot, PRICE, price);
    }

    long quantity(final int slot)
    {
        return get(slot, QUANTITY);
    }

    void quantity(final int slot, final long quantity)
    {
        set(slot, QUANTITY, quantity);
    }

    long leaves(final int slot)
    {
        return get(slot, LEAVES);
    }

    void leaves(final int slot, final long leaves)
    {
        set(slot, LEAVES, leaves);
    }

    int prev(final int slot)
    {
        return (int)get(slot, PREV);
    }

    void prev(final int slot, final int prev)
    {
        set(slot, PREV, prev);
    }

    int next(final int slot)
    {
        return (int)get(slot, NEXT);
    }

    void next(final int slot, final int next)
    {
        set(slot, NEXT, next);
    }

    int level(final int slot)
    {
        return (int)get(slot, LEVEL);
    }

    void level(final int slot, final int level)
    {
        set(slot, LEVEL, level);
    }
}
