package io.peregrine.gateway.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The gateway's position in the core journal: the last report it handed to QuickFIX/J, so that a restarted
 * gateway resumes after it and no report is lost while it was away.
 * <p>
 * Two 16-byte slots (position, its complement) written alternately in place, so a write torn by a crash leaves
 * the other slot valid; {@link #load()} takes the highest valid one. A write reaches the OS (survives a process
 * kill, not a power loss). Owned by the broker report agent's thread; edge code.
 */
public final class ReportPosition implements AutoCloseable
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
    public ReportPosition(final Path file)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the report position file " + file, ex);
        }
    }

    /**
     * @return the last saved position, or {@link #NONE}.
     */
    public long load()
    {
        long best = NONE;
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
                        writes = slot + 1;
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the report position file", ex);
            }
        }
        return best;
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
            throw new UncheckedIOException("cannot write the report position file", ex);
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
