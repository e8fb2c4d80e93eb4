package io.peregrine.sim.book;

/**
 * The resting orders of one book: a fixed-capacity slab of 8-long records in a single {@code long[]} with a free
 * list, so an order costs no object and the fields touched together while matching sit next to each other.
 * Orders at a price level are chained through {@link #prev}/{@link #next} into an intrusive FIFO list.
 * <p>
 * Single-threaded; allocates only in the constructor.
 */
final class OrderStore
{
    static final int NONE = -1;

    private static final int ORDER_ID = 0;
    private static final int ACCOUNT = 1;
    private static final int PRICE = 2;
    private static final int QUANTITY = 3;
    private static final int LEAVES = 4;
    private static final int PREV = 5;
    private static final int NEXT = 6;
    private static final int LEVEL = 7;
    private static final int SHIFT = 3;

    private final long[] slab;
    private final int capacity;
    private int freeHead;
    private int size;

    OrderStore(final int capacity)
    {
        this.capacity = capacity;
        slab = new long[capacity << SHIFT];
        for (int slot = 0; slot < capacity; slot++)
        {
            slab[(slot << SHIFT) + NEXT] = slot + 1 < capacity ? slot + 1 : NONE;
        }
        freeHead = capacity > 0 ? 0 : NONE;
    }

    int capacity()
    {
        return capacity;
    }

    int size()
    {
        return size;
    }

    boolean isFull()
    {
        return freeHead == NONE;
    }

    /**
     * @return a free slot with undefined fields, or {@link #NONE} when the store is full.
     */
    int allocate()
    {
        final int slot = freeHead;
        if (slot != NONE)
        {
            freeHead = (int)slab[(slot << SHIFT) + NEXT];
            size++;
        }
        return slot;
    }

    void free(final int slot)
    {
        slab[(slot << SHIFT) + NEXT] = freeHead;
        freeHead = slot;
        size--;
    }

    void set(
        final int slot,
        final long orderId,
        final long account,
        final long price,
        final long quantity,
        final long leaves)
    {
        final int base = slot << SHIFT;
        slab[base + ORDER_ID] = orderId;
        slab[base + ACCOUNT] = account;
        slab[base + PRICE] = price;
        slab[base + QUANTITY] = quantity;
        slab[base + LEAVES] = leaves;
    }

    long orderId(final int slot)
    {
        return slab[(slot << SHIFT) + ORDER_ID];
    }

    long account(final int slot)
    {
        return slab[(slot << SHIFT) + ACCOUNT];
    }

    long price(final int slot)
    {
        return slab[(slot << SHIFT) + PRICE];
    }

    void price(final int slot, final long price)
    {
        slab[(slot << SHIFT) + PRICE] = price;
    }

    long quantity(final int slot)
    {
        return slab[(slot << SHIFT) + QUANTITY];
    }

    void quantity(final int slot, final long quantity)
    {
        slab[(slot << SHIFT) + QUANTITY] = quantity;
    }

    long leaves(final int slot)
    {
        return slab[(slot << SHIFT) + LEAVES];
    }

    void leaves(final int slot, final long leaves)
    {
        slab[(slot << SHIFT) + LEAVES] = leaves;
    }

    int prev(final int slot)
    {
        return (int)slab[(slot << SHIFT) + PREV];
    }

    void prev(final int slot, final int prev)
    {
        slab[(slot << SHIFT) + PREV] = prev;
    }

    int next(final int slot)
    {
        return (int)slab[(slot << SHIFT) + NEXT];
    }

    void next(final int slot, final int next)
    {
        slab[(slot << SHIFT) + NEXT] = next;
    }

    int level(final int slot)
    {
        return (int)slab[(slot << SHIFT) + LEVEL];
    }

    void level(final int slot, final int level)
    {
        slab[(slot << SHIFT) + LEVEL] = level;
    }
}
