package io.peregrine.sim.book;

/**
 * Fixed-capacity records of 8 {@code long}s in a single {@code long[]}, with a free list threaded through one field
 * of the free records: the storage {@link OrderStore} and {@link LevelStore} share, so a resting order or a price level
 * costs no object and the fields used together sit in one cache line. A subclass names its fields (offsets 0 to 7)
 * and reads and writes them with {@link #get} and {@link #set}; being its superclass, not a field of it, the slab adds
 * no indirection to the match loop.
 * <p>
 * Single-threaded; allocates only in the constructor.
 */
abstract class RecordSlab
{
    /** No record: the end of a list, or a full slab. */
    static final int NONE = -1;

    private static final int SHIFT = 3;

    private final long[] records;
    private final int capacity;
    private final int link;
    private int freeHead;
    private int size;

    /**
     * @param capacity records.
     * @param link     the field that chains free records (a subclass's own link field, unused while a record is free).
     */
    RecordSlab(final int capacity, final int link)
    {
        this.capacity = capacity;
        this.link = link;
        records = new long[capacity << SHIFT];
        for (int record = 0; record < capacity; record++)
        {
            records[(record << SHIFT) + link] = record + 1 < capacity ? record + 1 : NONE;
        }
        freeHead = capacity > 0 ? 0 : NONE;
    }

    final int capacity()
    {
        return capacity;
    }

    /** @return records allocated and not freed. */
    final int size()
    {
        return size;
    }

    final boolean isFull()
    {
        return freeHead == NONE;
    }

    /**
     * @return a free record with undefined fields, or {@link #NONE} when the slab is full.
     */
    final int allocate()
    {
        final int record = freeHead;
        if (record != NONE)
        {
            freeHead = (int)records[(record << SHIFT) + link];
            size++;
        }
        return record;
    }

    final void free(final int record)
    {
        records[(record << SHIFT) + link] = freeHead;
        freeHead = record;
        size--;
    }

    final long get(final int record, final int field)
    {
        return records[(record << SHIFT) + field];
    }

    final void set(final int record, final int field, final long value)
    {
        records[(record << SHIFT) + field] = value;
    }

    final void add(final int record, final int field, final long delta)
    {
        records[(record << SHIFT) + field] += delta;
    }
}
