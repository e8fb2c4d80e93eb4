package io.peregrine.core.journal;

import io.peregrine.core.AtomicFile;
import io.peregrine.core.order.OrderTable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ObjIntConsumer;

/**
 * The snapshot files of a core journal, in {@code <journal dir>/snapshots}: {@code snapshot-<index>.snp}, named by
 * the journal index they cover (16 hex digits, so names sort as indexes do).
 * <p>
 * <b>Atomic.</b> A snapshot is written to {@code .tmp}, forced to the device, renamed into place and the directory
 * forced: a crash (SIGKILL, power loss) leaves either the whole new file or none, never a partial {@code .snp}.
 * Left-over {@code .tmp} files are deleted at the next start. The newest {@code retained} snapshots are kept
 * ({@code peregrine.snapshot.retained}, default 2), so a damaged newest one falls back to the one before.
 * <p>
 * <b>Never the wrong state.</b> {@link #loadLatest} tries the newest first and uses the first that decodes
 * ({@link SnapshotFile#decode}) and whose journal index is a readable entry of this journal; each one refused is
 * logged at WARN with the reason. None: full replay.
 * <p>
 * Edge code: the launching thread, the snapshot writer thread and the closing thread; allocates.
 */
public final class SnapshotStore
{
    /** Sub-directory of the journal directory holding the snapshots. */
    public static final String DIRECTORY = "snapshots";

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snp";
    private static final String TEMP_SUFFIX = AtomicFile.TEMP_SUFFIX;
    /** The suffix of a snapshot kept aside because one of other content was taken at its index. */
    static final String SUPERSEDED_SUFFIX = ".superseded";

    private final Path directory;
    private final int retained;

    /**
     * @param journalDirectory the core journal's directory.
     * @param retained         snapshots kept (the newest and older fallbacks), at least 1.
     */
    public SnapshotStore(final Path journalDirectory, final int retained)
    {
        this.directory = journalDirectory.resolve(DIRECTORY);
        this.retained = Math.max(1, retained);
    }

    /**
     * @return the directory of the snapshot files.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Writes a snapshot atomically and deletes snapshots older than the newest {@code retained}.
     *
     * @param bytes        the file's bytes, from position 0 to the limit (not consumed: a duplicate is read).
     * @param journalIndex index the snapshot covers (names the file).
     * @return the file written.
     * @throws UncheckedIOException if it cannot be written (the previous snapshots stay).
     */
    public Path write(final ByteBuffer bytes, final long journalIndex)
    {
        final Path file = directory.resolve(name(journalIndex));
        try
        {
            Files.createDirectories(directory);
            keepIfDifferent(file, bytes);
            AtomicFile.write(file, bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the core snapshot " + file, ex);
        }
        deleteOlderThanRetained();
        return file;
    }

    /**
     * A snapshot at the same journal index with other content means the journal changed at that index (it lost its
     * tail, and new entries took the lost ones' indexes): the old file is the only record of the state the lost
     * entries built, so it is kept aside ({@value #SUPERSEDED_SUFFIX}, never loaded, never deleted by retention)
     * instead of being replaced. The same content (a restart that journaled nothing) is simply written again.
     */
    private static void keepIfDifferent(final Path file, final ByteBuffer bytes) throws IOException
    {
        if (!Files.exists(file) || ByteBuffer.wrap(Files.readAllBytes(file)).equals(bytes.duplicate()))
        {
            return;
        }
        final Path aside = file.resolveSibling(file.getFileName() + "." + System.currentTimeMillis() +
            SUPERSEDED_SUFFIX);
        // A second name for the old file (not a move): a crash before the new one replaces it leaves both.
        try
        {
            Files.createLink(aside, file);
        }
        catch (final UnsupportedOperationException | IOException ex)
        {
            Files.copy(file, aside);
        }
        LOG.warn("core snapshot {} has other content than the snapshot now taken at the same journal index: the " +
            "journal changed there (it lost entries, and new ones took their indexes). The old snapshot is kept as " +
            "{}: it holds the state the lost entries built", file, aside);
    }

    /**
     * Finds the newest usable snapshot of a journal. Deletes left-over temporary files first.
     *
     * @param journal        the open journal (its identity, and the entry each snapshot ends at, are checked).
     * @param fingerprint    the configuration the snapshot must have been taken under.
     * @return the newest usable snapshot, or null (full replay).
     */
    public SnapshotFile.Content loadLatest(final CoreJournal journal, final byte[] fingerprint)
    {
        deleteTemporaryFiles();
        final List<Path> files = snapshots();
        for (int i = files.size() - 1; i >= 0; i--)
        {
            final Path file = files.get(i);
            try
            {
                final SnapshotFile.Content content =
                    SnapshotFile.decode(Files.readAllBytes(file), journal.createdTime(), fingerprint);
                try (JournalReader reader = journal.reader())
                {
                    if (content.journalIndex() < journal.firstIndex())
                    {
                        throw new IllegalStateException("its journal index " +
                            Long.toHexString(content.journalIndex()) + " is in a cycle file that was deleted (the " +
                            "journal now starts at " + Long.toHexString(journal.firstIndex()) + ")");
                    }
                    if (JournalReader.ENTRY != reader.readAt(content.journalIndex()))
                    {
                        throw new IllegalStateException("its journal index " +
                            Long.toHexString(content.journalIndex()) + " is not a readable entry of the journal " +
                            "(journal lost its tail, e.g. unsynced at a power loss, or damaged there)");
                    }
                }
                return content;
            }
            catch (final IOException | RuntimeException ex)
            {
                LOG.warn("core snapshot {} ignored: {}; recovery falls back to {}", file, ex.getMessage(),
                    i > 0 ? "an older snapshot" : "a full replay of the journal");
            }
        }
        return null;
    }

    /**
     * @return the snapshot files, oldest first.
     */
    public List<Path> snapshots()
    {
        return snapshots(directory.getParent());
    }

    /**
     * The orders of the newest valid snapshot taken at or after {@code fromIndex}, for readers of the core's state
     * outside the core (the FIX gateway at start, beside a journal whose first files retention deleted: what those
     * files held of the orders still in the core is in the snapshot, and the journal after it is whole). The orders do
     * not depend on the configuration, so a snapshot taken under another one serves too. Reads only; allocates.
     *
     * @param journalDirectory a core journal directory.
     * @param fromIndex        the first index the reader has the journal from.
     * @param order            called for each order record of the snapshot, working or recently closed (read it with
     *                         {@link OrderTable}'s accessors at the given slot).
     * @return the journal index the snapshot covers, or -1 if none could be read (each one skipped is logged).
     */
    public static long readNewestOrders(
        final Path journalDirectory, final long fromIndex, final ObjIntConsumer<OrderTable> order)
    {
        final long created = CoreJournal.createdTime(journalDirectory);
        final List<Path> files = snapshots(journalDirectory);
        for (int i = files.size() - 1; i >= 0 && indexOf(files.get(i)) >= fromIndex; i--)
        {
            final Path file = files.get(i);
            final SnapshotFile.Content content;
            try
            {
                content = SnapshotFile.decode(Files.readAllBytes(file), created, null);
            }
            catch (final IOException | RuntimeException ex)
            {
                LOG.warn("core snapshot {} not read ({}): trying an older one", file, ex.toString());
                continue;
            }
            CoreSnapshot.readOrders(content, order);
            return content.journalIndex();
        }
        return -1;
    }

    /**
     * @param journalDirectory a core journal directory.
     * @return the snapshot files of its journal, oldest first; none if it has none. Reads only.
     */
    public static List<Path> snapshots(final Path journalDirectory)
    {
        final Path directory = journalDirectory.resolve(DIRECTORY);
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX))
        {
            stream.forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the core snapshots in " + directory, ex);
        }
        files.sort(Comparator.comparing((Path path) -> path.getFileName().toString()));
        return files;
    }

    private void deleteOlderThanRetained()
    {
        final List<Path> files = snapshots();
        for (int i = 0; i < files.size() - retained; i++)
        {
            try
            {
                Files.deleteIfExists(files.get(i));
            }
            catch (final IOException ex)
            {
                LOG.warn("cannot delete the old core snapshot {}: {}", files.get(i), ex.toString());
            }
        }
    }

    private void deleteTemporaryFiles()
    {
        if (!Files.isDirectory(directory))
        {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + TEMP_SUFFIX))
        {
            for (final Path temp : stream)
            {
                LOG.info("deleting {}: a core snapshot whose write was interrupted (crash)", temp);
                Files.deleteIfExists(temp);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot clean the core snapshot directory " + directory, ex);
        }
    }

    /**
     * @param file a snapshot file of this store.
     * @return the journal index it covers (from its name).
     */
    public static long indexOf(final Path file)
    {
        final String name = file.getFileName().toString();
        return Long.parseUnsignedLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()), 16);
    }

    private static String name(final long journalIndex)
    {
        return PREFIX + String.format(Locale.ROOT, "%016x", journalIndex) + SUFFIX;
    }
}
