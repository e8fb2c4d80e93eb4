package io.peregrine.gateway.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One broker session's saved wait for its FIX store: whether its core journal reports wait, and after which journal
 * position (every report of the session at or before it was delivered). Unlike a {@link ReportPosition} the value
 * goes down as well as up (a session that waited, caught up and waits again), so each of the two 32-byte slots carries
 * a generation, and {@link #load()} takes the valid slot of the highest generation: a write torn by a crash leaves the
 * other slot, the value before it. Writes go in place into a file {@link #ReportWait(Path) opened} with both slots
 * written, so a wait can be saved on a disk that has since filled up (no new block is needed). A write reaches the OS
 * (survives a process kill, not a power loss). Broker report agent's thread (opened by the caller at start); edge code.
 */
final class ReportWait implements AutoCloseable
{
    /** {@link #load()} for a session whose reports do not wait. */
    static final long NOT_WAITING = Long.MAX_VALUE;

    private static final int SLOT = 32;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(SLOT).order(ByteOrder.LITTLE_ENDIAN);
    private long generation;
    private int slotOfLast;
    private long value = NOT_WAITING;

    /**
     * Opens the file, creating it (not waiting) if it is missing, and writes both slots if it holds fewer.
     *
     * @param file the session's wait file.
     */
    ReportWait(final Path file)
    {
        this.file = file;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            read(channel, buffer);
            if (channel.size() < 2L * SLOT)
            {
                save(value);
                save(value);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the broker report wait file " + file, ex);
        }
    }

    /**
     * Reads a wait file without creating or changing it.
     *
     * @param file a wait file.
     * @return its saved value, {@link #NOT_WAITING} if none or no such file.
     */
    static long peek(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long[] best = best(channel, ByteBuffer.allocate(SLOT).order(ByteOrder.LITTLE_ENDIAN));
            return best[1];
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            return NOT_WAITING;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the broker report wait file " + file, ex);
        }
    }

    private void read(final FileChannel channel, final ByteBuffer buffer)
    {
        final long[] best = best(channel, buffer);
        generation = best[0];
        value = best[1];
        slotOfLast = (int)best[2];
    }

    /**
     * @return the generation, value and slot (0 or 1) of the valid slot of the highest generation; generation 0 and
     *         {@link #NOT_WAITING} when neither slot is valid.
     */
    private static long[] best(final FileChannel channel, final ByteBuffer buffer)
    {
        final long[] best = {0, NOT_WAITING, 1};
        for (int slot = 0; slot < 2; slot++)
        {
            buffer.clear();
            try
            {
                if (channel.read(buffer, (long)slot * SLOT) == SLOT)
                {
                    final long generation = buffer.getLong(0);
                    final long value = buffer.getLong(8);
                    if (buffer.getLong(16) == ~generation && buffer.getLong(24) == ~value && generation > best[0])
                    {
                        best[0] = generation;
                        best[1] = value;
                        best[2] = slot;
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the broker report wait file", ex);
            }
        }
        return best;
    }

    /**
     * @return the saved value: the journal position the session's reports wait after (every one of its reports at or
     *         before it was delivered; {@link ReportPosition#NONE}: from the journal's first entry), or
     *         {@link #NOT_WAITING}.
     */
    long load()
    {
        return value;
    }

    /**
     * @param value the journal position the session's reports wait after, or {@link #NOT_WAITING}.
     */
    void save(final long value)
    {
        final int slot = 1 - slotOfLast;
        buffer.clear();
        buffer.putLong(0, generation + 1).putLong(8, value).putLong(16, ~(generation + 1)).putLong(24, ~value);
        try
        {
            channel.write(buffer, (long)slot * SLOT);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the broker report wait file " + file, ex);
        }
        generation++;
        slotOfLast = slot;
        this.value = value;
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
