package io.peregrine.testsupport;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the reads of a memory-mapped file fault, then work again, as a full tmpfs does to a reader (the OS cannot
 * provide a page: SIGBUS, which the JVM raises as an InternalError): the file is cut short under the map, from the
 * page holding a marked record on, and {@link #close()} puts its length and bytes back. Needs no root and works on any
 * file system. Test thread; allocates.
 */
public final class MappedFileCut implements AutoCloseable
{
    private static final int PAGE = 4096;
    private static final int SCANNED = 64 << 20;
    private static final int KEPT = 4 << 20;

    private final Path file;
    private final long length;
    private final long cut;
    private final byte[] tail = new byte[KEPT];

    private MappedFileCut(final Path file, final long cut) throws IOException
    {
        this.file = file;
        this.length = Files.size(file);
        this.cut = cut;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(cut);
            raf.readFully(tail);
            raf.setLength(cut);
        }
    }

    /**
     * Cuts the file at the start of the page holding the first 16 bytes that read {@code mark} then {@code value}
     * (two little-endian longs a test wrote into a record), so that the records before that page still read.
     *
     * @param file  the mapped file.
     * @param mark  first long of the record.
     * @param value second long of the record.
     * @return the cut, to close once the test wants the pages back.
     */
    public static MappedFileCut atRecord(final Path file, final long mark, final long value)
    {
        try
        {
            return new MappedFileCut(file, offsetOf(file, mark, value) & ~(PAGE - 1L));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static long offsetOf(final Path file, final long mark, final long value) throws IOException
    {
        final byte[] bytes = new byte[SCANNED];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"))
        {
            final int read = raf.read(bytes);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes, 0, Math.max(0, read));
            for (int at = 0; at + 16 <= buffer.capacity(); at++)
            {
                if (mark == buffer.getLong(at, ByteOrder.LITTLE_ENDIAN) &&
                    value == buffer.getLong(at + 8, ByteOrder.LITTLE_ENDIAN))
                {
                    return at;
                }
            }
        }
        throw new IllegalArgumentException("no record " + value + " in the first " + SCANNED + " bytes of " + file);
    }

    /**
     * Puts the file's length and bytes back: the mapped pages read again.
     */
    public void close()
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
            raf.seek(cut);
            raf.write(tail);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
