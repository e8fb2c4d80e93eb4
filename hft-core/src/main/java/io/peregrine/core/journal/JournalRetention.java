package io.peregrine.core.journal;

import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deletes the core journal's old cycle files ({@code peregrine.journal.retain.cycles}): whole files, oldest first,
 * only of cycles before the cycle of the oldest snapshot on disk (so that every snapshot kept, the newest and its
 * fallbacks, stays usable, and recovery never needs a deleted entry) and before the cycle of every configured report
 * reader's saved position ({@link #keepForReaders}), and only beyond the newest {@code retained} cycle files (the
 * current one always among them). A file the rule allows is deleted, logged at INFO and counted;
 * then Chronicle lists the directory again ({@code refreshDirectoryListing}), so that every reader, in any process,
 * starts from the first file left. A crash between two deletions leaves a journal whose first files are gone and
 * whose identity is in {@link CoreJournal#IDENTITY_FILE}: the next start reads it as any pruned journal.
 * <p>
 * Runs on the snapshot writer's thread right after a snapshot is written (and on the closing thread after the
 * shutdown snapshot), never on the core thread. Allocates (lists directories).
 */
public final class JournalRetention
{
    /** {@code retained} value that keeps every cycle file (the default). */
    public static final int KEEP_ALL = 0;

    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);

    private final CoreJournal journal;
    private final SnapshotStore snapshots;
    private final int retained;
    private final AtomicCounter deletedCounter;
    private long deleted;
    private List<Path> readerPositions = List.of();
    private String lastHeldBack;

    /**
     * @param journal        the open journal.
     * @param snapshots      its snapshots: files are kept from the oldest one's cycle on.
     * @param retained       cycle files kept at least (the newest ones), {@link #KEEP_ALL} to delete nothing.
     * @param deletedCounter counts deleted files (may be null).
     */
    public JournalRetention(
        final CoreJournal journal, final SnapshotStore snapshots, final int retained, final AtomicCounter deletedCounter)
    {
        if (retained < 0)
        {
            throw new IllegalArgumentException("retained cycle files must be >= 0 (0 keeps all): " + retained);
        }
        this.journal = journal;
        this.snapshots = snapshots;
        this.retained = retained;
        this.deletedCounter = deletedCounter;
    }

    /**
     * Report readers whose saved positions hold files back: the file a saved position is in is never deleted (nor any
     * later one), and while a file names no position yet (the reader has never saved one: it will read from the
     * journal's first entry) nothing is deleted.
     *
     * @param positionFiles the readers' {@link ReaderPosition} files.
     * @return this.
     */
    public JournalRetention keepForReaders(final List<Path> positionFiles)
    {
        this.readerPositions = List.copyOf(positionFiles);
        return this;
    }

    /**
     * Deletes what the rule allows now. Off the core thread.
     *
     * @return the files deleted by this call, oldest first.
     */
    public List<Path> apply()
    {
        final List<Path> removed = new ArrayList<>();
        if (KEEP_ALL == retained)
        {
            return removed;
        }
        final List<Path> snapshotFiles = snapshots.snapshots();
        if (snapshotFiles.isEmpty())
        {
            return removed; // nothing but the whole journal can rebuild the state
        }
        final long oldestSnapshotIndex = SnapshotStore.indexOf(snapshotFiles.get(0));
        int keepFromCycle = journal.queue().rollCycle().toCycle(oldestSnapshotIndex);
        String heldBack = null;
        for (final Path positionFile : readerPositions)
        {
            final long position = ReaderPosition.peek(positionFile);
            final int readerCycle = ReaderPosition.NONE == position ? Integer.MIN_VALUE :
                journal.queue().rollCycle().toCycle(position);
            if (readerCycle < keepFromCycle)
            {
                keepFromCycle = readerCycle;
                heldBack = ReaderPosition.NONE == position ? positionFile + " (no position saved: the reader starts " +
                    "at the journal's first entry)" : positionFile + " (position " + Long.toHexString(position) + ")";
            }
        }
        if (null != heldBack && !heldBack.equals(lastHeldBack))
        {
            LOG.warn("core journal retention: held back by the report reader {}: its files are kept until it reads " +
                "on (a reader that is gone for good: remove it from peregrine.journal.retain.reader.positions)",
                heldBack);
        }
        lastHeldBack = heldBack;
        final TreeMap<Integer, File> files = JournalCycles.files(journal.queue());
        int deletable = files.size() - retained;
        for (final Map.Entry<Integer, File> entry : files.entrySet())
        {
            if (deletable <= 0 || entry.getKey() >= keepFromCycle)
            {
                break;
            }
            final Path file = entry.getValue().toPath();
            try
            {
                Files.delete(file);
            }
            catch (final IOException ex)
            {
                // Oldest first: a file that cannot go keeps every later one (the journal stays contiguous).
                LOG.warn("core journal retention: cannot delete {} ({}); the files after it stay too", file,
                    ex.toString());
                break;
            }
            deletable--;
            deleted++;
            if (null != deletedCounter)
            {
                deletedCounter.increment();
            }
            removed.add(file);
            LOG.info("core journal retention: deleted {} (cycle {}; files are kept from cycle {} on: the oldest " +
                "snapshot's is at index {}, and every reader's saved position; {} newest cycle files kept)", file,
                entry.getKey(), keepFromCycle, Long.toHexString(oldestSnapshotIndex), retained);
        }
        if (!removed.isEmpty())
        {
            final Integer first = JournalCycles.files(journal.queue()).firstKey();
            journal.cyclesDeleted(journal.queue().rollCycle().toIndex(first, 0));
        }
        return removed;
    }

    /**
     * @return cycle files deleted by this instance.
     */
    public long deleted()
    {
        return deleted;
    }
}
