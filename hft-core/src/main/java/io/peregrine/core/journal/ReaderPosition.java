package io.peregrine.core.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A report reader's saved position in the core journal: the last report it processed, so that a restarted reader
 * resumes after it and no report is lost while it was away (the fix-gateway's broker side keeps one in
 * {@code data/fix-gateway/broker/core-report-position}). The core's retention reads the files named in
 * {@code peregrine.journal.retain.reader.positions} ({@link #peek}) and never deletes the journal file such a
 * position is in.
 * <p>
 * Two 16-byte slots (position, its complement) written alternately in place, so a write torn by a crash leaves
 * the other slot valid; {@link #load()} takes the highest valid one. A write reaches the OS (survives a process
 * kill, not a power loss). Owned by the reader's thread; {@link #peek} from any thread or process; edge code.
 */
public final class ReaderPosition implements AutoCloseable
{
    /** {@link #load()} when no position was ever saved. */
    public static final long NONE = Long.MIN_VALUE;

    private static final int SLOT = 16;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(SLOT).order(ByteOrder.LITTLE_ENDIAN);
    private long writes;

    /**
     * @param file position file (created if missing).
     */
    public ReaderPosition(final Path file)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the reader position file " + file, ex);
        }
    }

    /**
     * @return the last saved position, or {@link #NONE}.
     */
    public long load()
    {
        final long[] best = best(channel, buffer);
        writes = best[1];
        return best[0];
    }

    /**
     * Reads a position file another thread or process writes, without creating or changing it.
     *
     * @param file a position file.
     * @return its last saved position, or {@link #NONE} if none was saved or there is no such file.
     */
    public static long peek(final Path file)
    {
        if (!Files.exists(file))
        {
            return NONE;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            return best(channel, ByteBuffer.allocate(SLOT).order(ByteOrder.LITTLE_ENDIAN))[0];
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the reader position file " + file, ex);
        }
    }

    /**
     * @return the highest valid position of the two slots (or NONE), and the number of the slot it was in (1 or 2,
     *         0 for none): the next write goes to the other one.
     */
    private static long[] best(final FileChannel channel, final ByteBuffer buffer)
    {
        long best = NONE;
        long slotOfBest = 0;
        for (int slot = 0; slot < 2; slot++)
        {
            buffer.clear();
            try
            {
                if (channel.read(buffer, (long)slot * SLOT) == SLOT)
                {
                    final long position = buffer.getLong(0);
                    if (buffer.getLong(8) == ~position && position > best)
                    {
                        best = position;
                        slotOfBest = slot + 1;
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the reader position file", ex);
            }
        }
        return new long[]{best, slotOfBest};
    }

    /**
     * @param position journal position of the last report delivered.
     */
    public void save(final long position)
    {
        buffer.clear();
        buffer.putLong(0, position).putLong(8, ~position);
        try
        {
            channel.write(buffer, (writes++ & 1) * SLOT);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the reader position file", ex);
        }
    }

    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
