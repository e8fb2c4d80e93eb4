package io.peregrine.core.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * How a core snapshot stores a set of keys: an int count, then the values as longs in ascending order, so that equal
 * sets give equal bytes whatever the hash order they were collected in. Core thread (snapshots are copied between
 * inputs) or the launching thread (restore); allocation free.
 */
public final class SortedLongs
{
    private SortedLongs()
    {
    }

    /**
     * Sorts the first {@code count} values in place and writes them.
     *
     * @return offset after what was written.
     */
    public static int put(final MutableDirectBuffer buffer, final int offset, final long[] values, final int count)
    {
        java.util.Arrays.sort(values, 0, count);
        int at = offset;
        buffer.putInt(at, count);
        at += 4;
        for (int i = 0; i < count; i++)
        {
            buffer.putLong(at, values[i]);
            at += 8;
        }
        return at;
    }

    /**
     * @return how many values {@link #put} wrote at this offset.
     */
    public static int count(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset);
    }

    /**
     * @return the i-th value {@link #put} wrote at this offset.
     */
    public static long get(final DirectBuffer buffer, final int offset, final int i)
    {
        return buffer.getLong(offset + 4 + 8 * i);
    }

    /**
     * @return offset after what {@link #put} wrote at this offset.
     */
    public static int end(final DirectBuffer buffer, final int offset)
    {
        return offset + 4 + 8 * buffer.getInt(offset);
    }
}
