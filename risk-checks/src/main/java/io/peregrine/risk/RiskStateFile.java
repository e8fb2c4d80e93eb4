package io.peregrine.risk;

import io.peregrine.config.ProcessFileLock;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The risk state file (format v3): fixed 64-byte records in a memory-mapped file, written only by the core thread.
 * A record is a key, {@code (account, symbol)} (packed, or a marker, see {@code ChronicleRiskStore}), and two halves of
 * {@code (position, notional, sequence)}; the half with the higher sequence is the record's value.
 * <p>
 * <b>Why it survives a process crash at any instruction.</b> A write fills the other half (position, notional), then
 * stores its sequence last with an ordered store: until that single aligned 8-byte store the half's old, lower
 * sequence keeps the previous value current, after it the new one. A record is appended by writing its key and
 * zeroed halves, then raising the header's record count with an ordered store: a record beyond the count does not
 * exist. Stores into a shared file mapping are in the page cache as soon as they are made, so a SIGKILL loses none of
 * them; nothing is locked while writing, so a crash leaves no lock behind. Like the Chronicle Map before it, an
 * operating-system crash may lose what the OS had not written back.
 * <p>
 * Layout: a 64-byte header (magic, version, record length, record count at {@value #COUNT_OFFSET}), then records:
 * account (0), symbol (8), position/notional/sequence of half 0 (16, 24, 32) and of half 1 (40, 48, 56).
 * <p>
 * One process at a time: the file is locked ({@link FileChannel#tryLock()}) while open. Open and {@link #add} allocate
 * (the key index is a heap map, the file may grow at open); {@link #write}, {@link #position}, {@link #notional} and
 * {@link #sequence} do not. Single threaded (core thread) after the open.
 */
final class RiskStateFile implements AutoCloseable
{
    static final long MAGIC = 0x3358534B52475250L; // "PRGRKSX3" little-endian
    static final int VERSION = 3;
    static final int HEADER_LENGTH = 64;
    static final int RECORD_LENGTH = 64;
    static final int COUNT_OFFSET = 16;
    /** The core's key for the directory of this file (named in the message when another core holds it). */
    static final String STATE_DIR_KEY = "peregrine.risk.state.dir";

    private static final int ACCOUNT = 0;
    private static final int SYMBOL = 8;
    private static final int HALF_0 = 16;
    private static final int HALF_1 = 40;
    private static final int POSITION = 0;
    private static final int NOTIONAL = 8;
    private static final int SEQUENCE = 16;

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int capacity;
    private final Map<KeyOf, Integer> recordByKey = new HashMap<>();
    private int count;

    private record KeyOf(long account, long symbol)
    {
    }

    private RiskStateFile(final Path file, final int spareRecords)
    {
        this.file = file;
        FileChannel opened = null;
        try
        {
            opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            this.channel = opened;
            // held until the channel closes (the lock object itself need not be kept)
            ProcessFileLock.lockOrRefuse(opened, file, "one core at a time per risk state directory",
                "give this one another " + STATE_DIR_KEY);
            // a crash while the file was being created (before its header was written) leaves zeros: still fresh
            final int existing = checkHeader(opened, file);
            final boolean fresh = existing < 0;
            capacity = Math.max(0, existing) + Math.max(16, spareRecords);
            final long length = HEADER_LENGTH + (long)capacity * RECORD_LENGTH;
            if (opened.size() < length)
            {
                // grows with zeros (a sparse extension): records beyond the count are never read
                opened.write(java.nio.ByteBuffer.wrap(new byte[1]), length - 1);
            }
            mapped = opened.map(FileChannel.MapMode.READ_WRITE, 0, length);
            buffer = new UnsafeBuffer(mapped);
            if (fresh)
            {
                buffer.putLong(0, MAGIC);
                buffer.putInt(8, VERSION);
                buffer.putInt(12, RECORD_LENGTH);
                buffer.putLongRelease(COUNT_OFFSET, 0);
            }
            count = (int)buffer.getLongVolatile(COUNT_OFFSET);
            for (int record = 0; record < count; record++)
            {
                recordByKey.put(new KeyOf(account(record), symbol(record)), record);
            }
        }
        catch (final IOException ex)
        {
            closeQuietly(opened);
            throw new UncheckedIOException("cannot open risk state file " + file.toAbsolutePath(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(opened);
            throw ex;
        }
    }

    /**
     * Opens (or creates) the file with room for {@code spareRecords} more records than it holds.
     *
     * @throws IllegalStateException if another process has it open, or it is not a v3 risk state file.
     */
    static RiskStateFile open(final Path file, final int spareRecords)
    {
        return new RiskStateFile(file, spareRecords);
    }

    /**
     * @return the record of the key, or -1.
     */
    int find(final long account, final long symbol)
    {
        final Integer record = recordByKey.get(new KeyOf(account, symbol));
        return null == record ? -1 : record;
    }

    /**
     * @return the record of the key, appended (zero position and notional, sequence 0) if it was missing.
     * @throws IllegalStateException when the file is full (it is sized at open for every pair and account the
     *                               limits' capacities allow, so this is a bug).
     */
    int add(final long account, final long symbol)
    {
        final int known = find(account, symbol);
        if (known >= 0)
        {
            return known;
        }
        if (count == capacity)
        {
            throw new IllegalStateException("risk state file " + file.toAbsolutePath() + " is full: " + capacity +
                " records");
        }
        final int record = count;
        final int offset = offsetOf(record);
        buffer.setMemory(offset, RECORD_LENGTH, (byte)0);
        buffer.putLong(offset + ACCOUNT, account);
        buffer.putLong(offset + SYMBOL, symbol);
        count++;
        buffer.putLongRelease(COUNT_OFFSET, count); // the record exists from here on
        recordByKey.put(new KeyOf(account, symbol), record);
        return record;
    }

    /**
     * @return records held.
     */
    int count()
    {
        return count;
    }

    long account(final int record)
    {
        return buffer.getLong(offsetOf(record) + ACCOUNT);
    }

    long symbol(final int record)
    {
        return buffer.getLong(offsetOf(record) + SYMBOL);
    }

    long position(final int record)
    {
        return buffer.getLong(currentHalf(record) + POSITION);
    }

    long notional(final int record)
    {
        return buffer.getLong(currentHalf(record) + NOTIONAL);
    }

    long sequence(final int record)
    {
        return buffer.getLong(currentHalf(record) + SEQUENCE);
    }

    /**
     * Replaces the record's value: the other half is filled, then its sequence stored last (ordered), which makes it
     * current. Allocation free; no lock, no system call.
     *
     * @param sequence above every sequence written before (the caller's write counter).
     */
    void write(final int record, final long position, final long notional, final long sequence)
    {
        final int offset = offsetOf(record);
        final int idle = buffer.getLong(offset + HALF_0 + SEQUENCE) <= buffer.getLong(offset + HALF_1 + SEQUENCE) ?
            offset + HALF_0 : offset + HALF_1;
        buffer.putLong(idle + POSITION, position);
        buffer.putLong(idle + NOTIONAL, notional);
        buffer.putLongRelease(idle + SEQUENCE, sequence);
    }

    public void close()
    {
        IoUtil.unmap(mapped);
        closeQuietly(channel);
    }

    private int currentHalf(final int record)
    {
        final int offset = offsetOf(record);
        return buffer.getLong(offset + HALF_0 + SEQUENCE) >= buffer.getLong(offset + HALF_1 + SEQUENCE) ?
            offset + HALF_0 : offset + HALF_1;
    }

    private static int offsetOf(final int record)
    {
        return HEADER_LENGTH + record * RECORD_LENGTH;
    }

    /**
     * @return the record count, or -1 for a file with no header yet (empty, or zeros: created, never written).
     */
    private static int checkHeader(final FileChannel channel, final Path file) throws IOException
    {
        final java.nio.ByteBuffer header =
            java.nio.ByteBuffer.allocate(HEADER_LENGTH).order(java.nio.ByteOrder.nativeOrder());
        channel.read(header, 0);
        header.flip();
        if (header.limit() == 0 || (header.limit() == HEADER_LENGTH && header.getLong(0) == 0 &&
            header.getInt(8) == 0 && header.getLong(COUNT_OFFSET) == 0))
        {
            return -1;
        }
        if (header.limit() < HEADER_LENGTH || header.getLong(0) != MAGIC || header.getInt(8) != VERSION ||
            header.getInt(12) != RECORD_LENGTH)
        {
            throw new IllegalStateException(file.toAbsolutePath() + " is not a version-" + VERSION + " peregrine " +
                "risk state file; if it was written by another program or version, move it away and start again " +
                "(positions start from zero: check them against the venue)");
        }
        final long count = header.getLong(COUNT_OFFSET);
        if (count < 0 || count > (channel.size() - HEADER_LENGTH) / RECORD_LENGTH)
        {
            throw new IllegalStateException(file.toAbsolutePath() + " holds a record count (" + count +
                ") beyond its length: it is damaged; move it away and start again (check positions against the venue)");
        }
        return (int)count;
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (null != channel)
        {
            try
            {
                channel.close(); // releases the lock
            }
            catch (final IOException ignore)
            {
                // closing on a failure path: the original failure is what matters
            }
        }
    }
}
