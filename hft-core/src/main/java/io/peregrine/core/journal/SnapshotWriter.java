package io.peregrine.core.journal;

import org.agrona.ExpandableDirectByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes core snapshots: periodically on the core thread ({@link #snapshotIfDue}, every N journal entries and/or
 * every T ms), and on demand ({@link #snapshotNow}: at a clean shutdown, once the core thread stopped).
 * <p>
 * <b>Threads.</b> The core thread copies its state into this writer's buffer between two inputs (so the state is
 * exactly that of the journal up to the last entry appended) and hands the buffer to the writer's own thread
 * ({@code peregrine-snapshot}), which syncs the journal, checksums and writes the file ({@link SnapshotStore}:
 * temp file, fsync, rename). The core thread never waits: if the previous snapshot is still being written, the
 * next one waits for a later duty cycle. Syncing the journal first means a snapshot on disk never covers journal
 * entries that a power loss could take away.
 * <p>
 * <b>Cost on the core thread.</b> The copy: the used order records, the risk state (mostly the ClOrdID windows) and
 * a few small maps, written into a buffer that grows only when the state does (so 0 B once grown; the launch
 * snapshot grows it before the core thread starts). The pause is measured and reported in
 * {@code perf-reports/results/2026-12-06-durable-core.md}.
 */
public final class SnapshotWriter implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private final CoreJournal journal;
    private final CoreSnapshot snapshot;
    private final SnapshotStore store;
    private final byte[] fingerprint;
    private final long intervalEntries;
    private final long intervalNs;
    private final ExpandableDirectByteBuffer buffer;
    private final Thread thread;
    private JournalRetention retention;

    private volatile boolean writing;
    private volatile boolean running = true;
    private volatile long written;
    private volatile long failed;
    private volatile long lastWrittenIndex = -1;
    private long pendingIndex = -1;
    private int pendingLength;
    private long lastIndex = -1;
    private volatile long entriesAtLast;
    private long nanosAtLast;
    private long baseIndex = -1;
    private long baseInputs;
    private long lastCopyNs;
    private long maxCopyNs;

    /**
     * @param journal         the core journal.
     * @param snapshot        the core's state.
     * @param store           where snapshot files go.
     * @param fingerprint     the configuration the logic depends on ({@link SnapshotFile}).
     * @param intervalEntries journal entries between periodic snapshots, 0 for none by count.
     * @param intervalMs      milliseconds between periodic snapshots, 0 for none by time.
     * @param expectedBytes   the largest snapshot expected (full order table, every ClOrdID window full): the
     *                        buffer is allocated and touched at this size up front, so the core thread neither grows
     *                        it nor page-faults on it while copying.
     */
    public SnapshotWriter(
        final CoreJournal journal,
        final CoreSnapshot snapshot,
        final SnapshotStore store,
        final byte[] fingerprint,
        final long intervalEntries,
        final long intervalMs,
        final int expectedBytes)
    {
        this.buffer = new ExpandableDirectByteBuffer(Math.max(1 << 16, expectedBytes));
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        this.journal = journal;
        this.snapshot = snapshot;
        this.store = store;
        this.fingerprint = fingerprint.clone();
        this.intervalEntries = intervalEntries;
        this.intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.thread = new Thread(this::run, "peregrine-snapshot");
        this.thread.setDaemon(true);
    }

    /**
     * Deletes old journal cycle files after each snapshot written ({@link JournalRetention}), on the writer's thread
     * (or the thread of {@link #snapshotNow()}). Call before {@link #start}.
     *
     * @param retention what to delete, or null for nothing.
     */
    public void retention(final JournalRetention retention)
    {
        this.retention = retention;
    }

    /**
     * Where the state stands after recovery, before the core thread starts: periodic snapshots count from here.
     * Launching thread. Also copies the state once, so the buffer is grown before the core thread copies into it.
     *
     * @param recoveredIndex  journal index of the last entry the recovered state includes.
     * @param recoveredInputs inputs it includes.
     */
    public void start(final long recoveredIndex, final long recoveredInputs)
    {
        baseIndex = recoveredIndex;
        baseInputs = recoveredInputs;
        entriesAtLast = journal.appendedEntries();
        nanosAtLast = System.nanoTime();
        copy(currentIndex());
        thread.start();
    }

    /**
     * Core thread, after a duty cycle (between inputs): copies the state and hands it to the writer thread when a
     * snapshot is due and the previous one is written. Allocation free once the buffer has grown.
     *
     * @return 1 if a snapshot was taken, else 0.
     */
    public int snapshotIfDue()
    {
        final long entries = journal.appendedEntries();
        final long sinceLast = entries - entriesAtLast;
        if (0 == sinceLast)
        {
            return 0;
        }
        final boolean dueByCount = intervalEntries > 0 && sinceLast >= intervalEntries;
        if (!dueByCount && (0 == intervalNs || System.nanoTime() - nanosAtLast < intervalNs))
        {
            return 0;
        }
        if (writing || !journal.isAvailable())
        {
            return 0;
        }
        final long start = System.nanoTime();
        final long index = currentIndex();
        entriesAtLast = entries;
        nanosAtLast = start;
        if (index == lastIndex)
        {
            return 0;
        }
        copy(index);
        lastCopyNs = System.nanoTime() - start;
        maxCopyNs = Math.max(maxCopyNs, lastCopyNs);
        writing = true;
        LockSupport.unpark(thread);
        return 1;
    }

    /**
     * Takes a snapshot on the calling thread and writes it before returning (clean shutdown: call it once the core
     * thread stopped; or at launch). Waits for a periodic snapshot being written first.
     *
     * @return the file written, or null if there was nothing new to snapshot or the journal is unavailable.
     */
    public Path snapshotNow()
    {
        while (writing && thread.isAlive())
        {
            LockSupport.parkNanos(100_000);
        }
        // A copy handed over but never written (the writer thread was not started): replaced by this one.
        writing = false;
        final long index = currentIndex();
        if (!journal.isAvailable())
        {
            LOG.warn("core snapshot not taken: the journal is unavailable ({}); the next start replays the journal " +
                "from the last snapshot written", journal.unavailableReason());
            return null;
        }
        if (index < 0 || index == lastWrittenIndex)
        {
            return null;
        }
        copy(index);
        return write();
    }

    private long currentIndex()
    {
        final long appended = journal.lastAppendedIndex();
        return appended >= 0 ? appended : baseIndex;
    }

    private void copy(final long index)
    {
        final int stateOffset = SnapshotFile.writeHeader(
            buffer, journal.createdTime(), index, baseInputs + journal.appendedInputs(), fingerprint);
        pendingLength = snapshot.writeState(buffer, stateOffset);
        pendingIndex = index;
        lastIndex = index;
    }

    private Path write()
    {
        journal.sync();
        final int length = SnapshotFile.seal(buffer, pendingLength);
        final ByteBuffer bytes = buffer.byteBuffer().duplicate();
        bytes.clear().limit(length);
        final Path file = store.write(bytes, pendingIndex);
        lastWrittenIndex = pendingIndex;
        written++;
        if (null != retention)
        {
            try
            {
                retention.apply();
            }
            catch (final RuntimeException ex)
            {
                LOG.error("core journal retention failed after the snapshot at index {} (the files stay; the next " +
                    "snapshot tries again)", Long.toHexString(pendingIndex), ex);
            }
        }
        return file;
    }

    private void run()
    {
        while (true)
        {
            if (!writing)
            {
                // A copy handed over before close() is still written: only an idle writer stops.
                if (!running)
                {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            try
            {
                final Path file = write();
                LOG.debug("core snapshot written: {}", file);
            }
            catch (final RuntimeException ex)
            {
                failed++;
                LOG.error("core snapshot at journal index {} not written (the previous ones stay; recovery replays " +
                    "more of the journal)", Long.toHexString(pendingIndex), ex);
            }
            finally
            {
                writing = false;
            }
        }
    }

    /**
     * A snapshot is pending while one is being written, or while one is due by entry count and the core thread has
     * not yet taken it (it takes it after its next duty cycle). Any thread; the entry count is read without a fence, so
     * a caller on another thread may see it a duty cycle late.
     *
     * @return true if a periodic snapshot is being written or is due.
     */
    public boolean snapshotPending()
    {
        return writing || (intervalEntries > 0 && journal.appendedEntries() - entriesAtLast >= intervalEntries);
    }

    /**
     * @return snapshots written since launch.
     */
    public long written()
    {
        return written;
    }

    /**
     * @return snapshots that could not be written.
     */
    public long failed()
    {
        return failed;
    }

    /**
     * @return journal index of the last snapshot written, or -1.
     */
    public long lastWrittenIndex()
    {
        return lastWrittenIndex;
    }

    /**
     * @return nanoseconds the core thread spent copying its state for the last periodic snapshot (core thread).
     */
    public long lastCopyNs()
    {
        return lastCopyNs;
    }

    /**
     * @return the longest such copy (core thread).
     */
    public long maxCopyNs()
    {
        return maxCopyNs;
    }

    /**
     * Stops the writer thread after the snapshot it is writing, if any.
     */
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
