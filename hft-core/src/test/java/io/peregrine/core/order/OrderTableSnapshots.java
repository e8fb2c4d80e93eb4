package io.peregrine.core.order;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Order table snapshots as an earlier release wrote them, for tests of what restores them.
 */
public final class OrderTableSnapshots
{
    private OrderTableSnapshots()
    {
    }

    /**
     * Copies what {@link OrderTable#snapshotTo} wrote as format 1 wrote it: the same, each record without the fields
     * format 2 added ({@link OrderTable#RECORD_LENGTH_FORMAT_1} bytes).
     *
     * @param from     holding a format 2 order table snapshot.
     * @param offset   where it starts.
     * @param to       where to write the format 1 copy.
     * @param toOffset where it starts there.
     * @return offset after the copy.
     */
    public static int asFormat1(
        final DirectBuffer from, final int offset, final MutableDirectBuffer to, final int toOffset)
    {
        final int countAt = offset + 12 + 4 * from.getInt(offset + 8);
        final int used = from.getInt(countAt);
        int read = countAt + 4;
        int written = toOffset + (read - offset);
        to.putBytes(toOffset, from, offset, read - offset);
        for (int i = 0; i < used; i++)
        {
            to.putBytes(written, from, read, 4 + OrderTable.RECORD_LENGTH_FORMAT_1);
            read += 4 + OrderTable.RECORD_LENGTH;
            written += 4 + OrderTable.RECORD_LENGTH_FORMAT_1;
        }
        return written;
    }
}
