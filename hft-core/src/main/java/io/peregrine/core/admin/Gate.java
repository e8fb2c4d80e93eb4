package io.peregrine.core.admin;

import io.peregrine.core.journal.SortedLongs;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One operator gate of {@link TradingGates}: the keys it is closed for (symbols for the symbol kill switches, venue
 * ids for the venue pauses) and the gauge of how many there are, written with release semantics for the ops console.
 * Core thread only; checking a key allocates nothing; pre-sized for 64 keys.
 */
public final class Gate
{
    private final LongHashSet closed = new LongHashSet(64);
    private final AtomicCounter gauge;
    private long[] sortScratch = new long[64];

    Gate(final AtomicCounter gauge)
    {
        this.gauge = gauge;
    }

    /**
     * @return whether the gate is closed for the key.
     */
    public boolean isClosed(final long key)
    {
        return !closed.isEmpty() && closed.contains(key);
    }

    /**
     * Closes the gate for the key (a symbol kill switch on, a venue paused).
     */
    public void close(final long key)
    {
        closed.add(key);
        gauge.setRelease(closed.size());
    }

    /**
     * Opens the gate for the key again.
     *
     * @return false if it was not closed for the key.
     */
    public boolean open(final long key)
    {
        final boolean removed = closed.remove(key);
        gauge.setRelease(closed.size());
        return removed;
    }

    /**
     * Writes the keys, sorted ({@link SortedLongs}). Allocation free while fewer than 64 are closed.
     *
     * @return offset after what was written.
     */
    int snapshotTo(final MutableDirectBuffer buffer, final int offset)
    {
        if (sortScratch.length < closed.size())
        {
            sortScratch = new long[2 * closed.size()];
        }
        int count = 0;
        for (final LongHashSet.LongIterator it = closed.iterator(); it.hasNext(); )
        {
            sortScratch[count++] = it.nextValue();
        }
        return SortedLongs.put(buffer, offset, sortScratch, count);
    }

    /**
     * Replaces the keys with what {@link #snapshotTo} wrote.
     *
     * @return offset after what was read.
     */
    int restoreFrom(final DirectBuffer buffer, final int offset)
    {
        closed.clear();
        for (int i = 0, count = SortedLongs.count(buffer, offset); i < count; i++)
        {
            closed.add(SortedLongs.get(buffer, offset, i));
        }
        gauge.setRelease(closed.size());
        return SortedLongs.end(buffer, offset);
    }
}
