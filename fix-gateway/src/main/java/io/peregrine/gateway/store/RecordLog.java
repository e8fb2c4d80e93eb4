package io.peregrine.gateway.store;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * The one append-only journal file of the gateway ({@code venue/orders.log}, {@code venue/reports.log},
 * {@code broker/clordids.log}): a 16-byte header ({@link #MAGIC}, format version) followed by records, each a
 * little-endian {@code int} length, the CRC-32C of the payload and the payload's raw bytes (what they mean is the
 * owner's business; nothing is escaped or encoded).
 * <ul>
 * <li><b>Durability.</b> {@link #append} returns once the record is written to the OS, in one {@code write}: a process
 * crash (SIGKILL included) loses nothing that was appended. There is no fsync per record (a power loss can lose the
 * last records), the policy of every gateway journal since the first version.</li>
 * <li><b>Torn tail.</b> A process killed in the middle of an append leaves a last record cut short (or, after a power
 * loss, a zero-filled one). {@link #open} replays every whole record, then cuts what follows the last one (logged),
 * so the next record is never glued onto a torn one. A record that fails its check with whole records after it is
 * not a torn tail: the start stops with a message naming the file and the byte.</li>
 * <li><b>Earlier versions.</b> A file without the header is a line journal of an earlier version (one text record
 * per line). With a {@link LegacyLines} conversion it is migrated at open: every complete line is converted into a
 * temporary file beside it, which is fsynced and renamed over the old one (atomic: a crash leaves the old file or the
 * new one; a leftover temporary file is deleted at the next open). The line journal is first copied, byte for byte
 * and fsynced, to {@code <file>.before-recordlog}: what going back to that version needs. Without a conversion, the
 * start stops with a message.
 * A header of a newer format version stops the start too.</li>
 * <li><b>Compaction.</b> {@link #compactInBackground} replaces the log with the records its owner still needs, the
 * same way (temporary file, fsync, atomic rename), while the log stays open: the records appended meanwhile are
 * copied over at the switch, so that a start does not wait for it; {@link #compactIfWorthIt} is the venue journals'
 * policy for it at open.</li>
 * </ul>
 * {@link #append} and {@link #close} are serialised by this object's lock (uncontended but for the moment a background
 * compaction switches files). Appending copies the payload into a reused direct buffer (no allocation once it is
 * large enough); opening allocates.
 */
public final class RecordLog implements AutoCloseable
{
    /** First bytes of every record log: not text, so a line journal of an earlier version never starts with them. */
    static final byte[] MAGIC = { (byte)0x89, 'P', 'R', 'G', 'L', 'O', 'G', '\n' };
    /** Format version written in the header. */
    static final int VERSION = 1;
    /** Header length: magic, version, reserved. */
    static final int HEADER_LENGTH = 16;
    /** Length and CRC in front of every payload. */
    static final int RECORD_HEADER_LENGTH = 8;
    /** Largest payload a record may hold (a bigger length in a file is damage, not data). */
    public static final int MAX_RECORD_LENGTH = 1 << 24;
    /** Suffix of the temporary file a migration writes. */
    static final String MIGRATING_SUFFIX = ".migrating";
    /**
     * Suffix of the copy of a line journal a migration keeps beside the log: the file an earlier version reads, put
     * back to go back to that version (which would read the record log as a torn line and cut it).
     */
    static final String BEFORE_RECORDLOG_SUFFIX = ".before-recordlog";
    /** Bytes read at a time when a log is scanned at open. */
    private static final int SCAN_BLOCK_BYTES = 1 << 16;
    /** Bytes a migration or compaction gathers before one write to the temporary file. */
    private static final int REWRITE_BUFFER_BYTES = 1 << 16;

    private static final Logger LOG = LoggerFactory.getLogger(RecordLog.class);

    /**
     * Receives the records of a log at open, in the order they were appended (caller's thread).
     */
    @FunctionalInterface
    public interface RecordHandler
    {
        /**
         * @param buffer holds the payload (valid only during the call).
         * @param offset where the payload starts.
         * @param length payload length.
         */
        void onRecord(DirectBuffer buffer, int offset, int length);
    }

    /**
     * Converts one line of the line journal an earlier version wrote into the records of this format.
     */
    @FunctionalInterface
    public interface LegacyLines
    {
        /**
         * @param line a complete line, without its newline.
         * @param out  where its records go (none to drop it).
         */
        void convert(String line, RecordSink out);
    }

    /**
     * Where a {@link LegacyLines} conversion puts records.
     */
    @FunctionalInterface
    public interface RecordSink
    {
        void put(byte[] payload);
    }

    /**
     * The line journal of an earlier version whose lines are, unchanged, the text records of this one.
     */
    public static final LegacyLines SAME_TEXT = (line, out) -> out.put(line.getBytes(StandardCharsets.UTF_8));

    private final Path file;
    private final String what;
    /** Replaced once by a compaction in the background ({@link #compactInBackground}). Guarded by this object. */
    private FileChannel channel;
    /** A compaction in the background was asked for and has not ended. Guarded by this object. */
    private boolean compacting;
    /** Set when a failed append left bytes it could not take back: later appends would follow a torn record. */
    private boolean broken;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer frame = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer frameView = new UnsafeBuffer(frame);

    private RecordLog(final Path file, final String what, final FileChannel channel)
    {
        this.file = file;
        this.what = what;
        this.channel = channel;
    }

    /**
     * For tests: a log appending through this channel (opened for appending on an existing log's file).
     */
    static RecordLog appendingThrough(final Path file, final String what, final FileChannel channel)
    {
        return new RecordLog(file, what, channel);
    }

    /**
     * Opens a log of text records (UTF-8; a record may hold several lines written and cut as one) as {@link #open}
     * does, handing every line of every record to {@code replay}. A line {@code replay} cannot read (it throws) is
     * logged as skipped, naming the log, and the replay goes on: one damaged line does not stop the process.
     *
     * @param file   the log.
     * @param what   what it is, for messages ("venue order journal").
     * @param legacy how lines of an earlier version become records, or null when the file never had another format.
     * @param replay applies one line (without its newline).
     * @return the log, open for appending.
     */
    public static RecordLog openText(
        final Path file, final String what, final LegacyLines legacy, final Consumer<String> replay)
    {
        return openText(file, what, legacy, replay, HEADER_LENGTH);
    }

    /**
     * Opens a log of text records as {@link #openText(Path, String, LegacyLines, Consumer)} does, handing
     * {@code replay} only the lines of the records from byte {@code from} on (the records before it are neither read
     * nor checked: the owner holds what they say, from a snapshot it checked against them).
     *
     * @param from where a record starts (the log's length when the owner's snapshot was taken); at most the log's
     *             length.
     */
    public static RecordLog openText(
        final Path file, final String what, final LegacyLines legacy, final Consumer<String> replay, final long from)
    {
        return open(file, what, legacy, from, (buffer, offset, length) ->
        {
            final Consumer<String> skipping = skippingUnreadable(what, replay);
            for (final String line : buffer.getStringWithoutLengthUtf8(offset, length).split("\n"))
            {
                skipping.accept(line);
            }
        });
    }

    /**
     * A line that does not read (a record glued by a torn write of an earlier release's line journal, kept by its
     * migration) is skipped with a WARN by the owner's replay; a reader before the start must skip it alike, or it
     * would refuse every start on a record the owner has always ignored.
     */
    private static Consumer<String> skippingUnreadable(final String what, final Consumer<String> line)
    {
        return (text) ->
        {
            try
            {
                line.accept(text);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("{}: unreadable record '{}' skipped ({})", what, text, ex.toString());
            }
        };
    }

    /**
     * Opens a record log, creating it if missing, migrating a line journal of an earlier version, cutting a torn
     * tail, and hands every record to {@code replay} before it returns.
     *
     * @param file   the log.
     * @param what   what it is, for messages ("venue order journal").
     * @param legacy how lines of an earlier version become records, or null when the file never had another format.
     * @param replay receives every record.
     * @return the log, open for appending.
     * @throws UncheckedIOException  when the file cannot be read or written.
     * @throws IllegalStateException when the file is damaged, or of a format this version cannot read (the message
     *                               names the file and the fix).
     */
    public static RecordLog open(
        final Path file, final String what, final LegacyLines legacy, final RecordHandler replay)
    {
        return open(file, what, legacy, HEADER_LENGTH, replay);
    }

    private static RecordLog open(
        final Path file, final String what, final LegacyLines legacy, final long from, final RecordHandler replay)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // A migration that died before its rename left this; the old file is intact.
            Files.deleteIfExists(migratingFile(file));
            prepare(file, what, legacy);
            final long size = Files.size(file);
            if (from > Math.max(size, HEADER_LENGTH))
            {
                throw new IllegalArgumentException(what + ' ' + file + ": replay from byte " + from + " of " + size);
            }
            final long end = scan(file, what, size, Math.max(from, HEADER_LENGTH), replay);
            final FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (end < size)
            {
                channel.truncate(end);
                channel.force(true);
                LOG.warn("{}: cut a torn last record of {} bytes (written when the process died; never acted on)",
                    file, size - end);
            }
            return new RecordLog(file, what, channel);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + what + ' ' + file, ex);
        }
    }

    /**
     * Appends one record; returns once it reached the OS (one {@code write}, no fsync).
     *
     * @param buffer holds the payload.
     * @param offset where it starts.
     * @param length its length, 1 to {@link #MAX_RECORD_LENGTH}.
     */
    public synchronized void append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0 || length > MAX_RECORD_LENGTH)
        {
            throw new IllegalArgumentException(what + ": record length " + length);
        }
        ensureCapacity(RECORD_HEADER_LENGTH + length);
        frameView.putBytes(RECORD_HEADER_LENGTH, buffer, offset, length);
        frame.clear().position(RECORD_HEADER_LENGTH).limit(RECORD_HEADER_LENGTH + length);
        crc.reset();
        crc.update(frame);
        frame.putInt(0, length).putInt(4, (int)crc.getValue());
        frame.clear().limit(RECORD_HEADER_LENGTH + length);
        if (broken)
        {
            throw new UncheckedIOException(what + " write failed: " + file, new IOException("an earlier append left " +
                "a torn record that could not be cut; the next start cuts it"));
        }
        long start = -1;
        try
        {
            start = channel.size();
            while (frame.hasRemaining())
            {
                channel.write(frame);
            }
        }
        catch (final IOException ex)
        {
            // A full disk writes what fits, then fails: the torn bytes are cut, so that a record appended once
            // space is back does not follow them (a torn record before whole ones stops the next start). If they
            // cannot be cut, nothing more is appended: the file then ends with a torn tail, which the next open cuts.
            try
            {
                if (start < 0)
                {
                    throw new IOException("size unknown");
                }
                channel.truncate(start);
            }
            catch (final IOException truncateFailed)
            {
                broken = true;
                ex.addSuppressed(truncateFailed);
            }
            throw new UncheckedIOException(what + " write failed: " + file, ex);
        }
    }

    /**
     * Appends one text record (UTF-8). Allocates the encoded bytes.
     *
     * @param text the record.
     */
    public void append(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        append(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * Reads a log of text records without opening it for writing: creates, migrates, cuts and changes nothing (what a
     * check before the start needs; {@link #openText} does the rest when the owner opens it). A line journal of an
     * earlier version (no header) is read line by line through its last newline; a torn last record is not read; a
     * missing file, or one of a newer format version, reads as empty (the owner's open refuses the latter).
     *
     * @param file the log.
     * @param what what it is, for messages.
     * @param line receives every line of every whole record; a line it throws on is skipped with a WARN, as the
     *             owner's replay ({@link #openText}) skips it.
     * @throws UncheckedIOException  when the file cannot be read.
     * @throws IllegalStateException when the file is damaged (the message {@link #open} gives).
     */
    public static void readText(final Path file, final String what, final Consumer<String> line)
    {
        try
        {
            if (!Files.exists(file))
            {
                return;
            }
            final long size = Files.size(file);
            final byte[] head = new byte[(int)Math.min(HEADER_LENGTH, size)];
            try (InputStream in = Files.newInputStream(file))
            {
                in.readNBytes(head, 0, head.length);
            }
            final int magicBytes = Math.min(head.length, MAGIC.length);
            if (!Arrays.equals(head, 0, magicBytes, MAGIC, 0, magicBytes))
            {
                final long end = lengthThroughLastNewline(file);
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file)))
                {
                    new String(in.readNBytes((int)end), StandardCharsets.UTF_8).lines()
                        .forEach(skippingUnreadable(what, line));
                }
                return;
            }
            if (size < HEADER_LENGTH ||
                ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(MAGIC.length) != VERSION)
            {
                return;
            }
            scan(file, what, size, HEADER_LENGTH, (buffer, offset, length) ->
                buffer.getStringWithoutLengthUtf8(offset, length).lines().forEach(skippingUnreadable(what, line)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + what + ' ' + file, ex);
        }
    }

    /**
     * @return whether the log ends with whole records: false once an append failed and its torn bytes could not be cut
     * (the next {@link #open} cuts them; until then a snapshot must not take the log's length as a record boundary).
     */
    public synchronized boolean endsWithWholeRecords()
    {
        return !broken;
    }

    /**
     * @return the log's file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Closes the log, once a compaction in the background has ended (a second or two for a day's ClOrdID journal),
     * also when the closing thread is interrupted (its interrupt is kept for its caller).
     */
    public synchronized void close()
    {
        // An agent runner interrupts its thread when its close takes longer than its retry (5 s): leaving then
        // would release the data directory's lock while the compaction still runs, and a start that follows in
        // the same process could have its new ".migrating" file renamed over the log by the old compaction.
        boolean interrupted = false;
        while (compacting)
        {
            try
            {
                wait();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(what + " close failed: " + file, ex);
        }
    }

    private void ensureCapacity(final int capacity)
    {
        if (frame.capacity() < capacity)
        {
            frame = ByteBuffer.allocateDirect(Integer.highestOneBit(capacity - 1) << 1).order(ByteOrder.LITTLE_ENDIAN);
            frameView.wrap(frame);
        }
    }

    static Path migratingFile(final Path file)
    {
        return file.resolveSibling(file.getFileName() + MIGRATING_SUFFIX);
    }

    /**
     * Leaves {@code file} as a record log with a valid header: creates it, migrates a line journal, or refuses.
     */
    private static void prepare(final Path file, final String what, final LegacyLines legacy) throws IOException
    {
        final long size = Files.exists(file) ? Files.size(file) : 0;
        final byte[] head = new byte[(int)Math.min(HEADER_LENGTH, size)];
        if (size > 0)
        {
            try (InputStream in = Files.newInputStream(file))
            {
                final int read = in.readNBytes(head, 0, head.length);
                if (read != head.length)
                {
                    throw new IOException("short read of the header of " + file);
                }
            }
        }
        final int magicBytes = Math.min(head.length, MAGIC.length);
        final boolean magicPrefix = Arrays.equals(head, 0, magicBytes, MAGIC, 0, magicBytes);
        if (size == 0 || (magicPrefix && size < HEADER_LENGTH))
        {
            // New, or created by a process that died before its header was whole: nothing was ever appended.
            writeFresh(file);
            return;
        }
        if (magicPrefix)
        {
            final int version = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(MAGIC.length);
            if (version != VERSION)
            {
                throw new IllegalStateException(what + ' ' + file + " has format version " + version + ", written by " +
                    "a newer Peregrine (this one reads version " + VERSION + "): run that version on this data " +
                    "directory, or move the file away to start without it");
            }
            return;
        }
        if (null == legacy)
        {
            throw new IllegalStateException(what + ' ' + file + " is not a Peregrine record log (no header): move " +
                "it away, or point peregrine.gateway.data.dir at the right directory");
        }
        migrate(file, what, legacy);
    }

    private static void migrate(final Path file, final String what, final LegacyLines legacy) throws IOException
    {
        final Path backup = keepBeforeMigration(file);
        final long[] lines = new long[1];
        final long[] records = new long[1];
        final FileChannel migrated = replaceAtomically(file, what, "migrated", sink ->
        {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16))
            {
                // Only complete lines: a last line without its newline was torn by a crash and never acted on.
                final long complete = lengthThroughLastNewline(file);
                final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
                for (long i = 0; i < complete; i++)
                {
                    final int b = in.read();
                    if (b == '\n')
                    {
                        lines[0]++;
                        legacy.convert(line.toString(StandardCharsets.UTF_8), sink);
                        line.reset();
                    }
                    else
                    {
                        line.write(b);
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }, records);
        migrated.close();
        LOG.warn("{} {}: migrated {} lines of an earlier version's line journal into {} records; the line journal " +
            "is kept as {} (to go back to that version, put it back: fix-gateway README, \"Journals of earlier " +
            "versions\")", what, file, lines[0], records[0], backup);
    }

    /**
     * Copies the line journal to {@code <file>.before-recordlog} (replacing a copy an earlier, interrupted migration
     * left) and forces it to disk before the migration replaces the file.
     *
     * @return the copy.
     */
    private static Path keepBeforeMigration(final Path file) throws IOException
    {
        final Path backup = file.resolveSibling(file.getFileName() + BEFORE_RECORDLOG_SUFFIX);
        Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        try (FileChannel copy = FileChannel.open(backup, StandardOpenOption.WRITE))
        {
            copy.force(true);
        }
        forceDirectory(file);
        return backup;
    }


    /**
     * The compaction of the gateway's venue journals at open: when at least as many of the entries replayed are dead
     * as are live (an entry is a record, or a line of a log of {@link #openText text records}), replaces the log just
     * opened with the live records in the background ({@link #compactInBackground}), logged at INFO with both counts
     * and {@code contents}. A rewrite then at least halves the log, and after any start the log holds at most about
     * twice the records it needs.
     *
     * @param opened    the log, just opened and replayed, nothing appended yet.
     * @param replayed  entries replayed at open (records, or lines of a text log).
     * @param live      entries the compacted log holds, counted as {@code replayed} is.
     * @param snapshot  makes, now (only when compacting), the writer of the live entries in order; the writer runs on
     *                  the compaction's thread, so it must not read the owner's state as it changes (it writes what
     *                  the snapshot took, e.g. a list made now).
     * @param contents  what the live records hold, for the log line (asked now, only when compacting).
     * @param compactor runs the compaction ({@link #BACKGROUND}: a thread of its own).
     * @return {@code opened}, to append to.
     */
    public static RecordLog compactIfWorthIt(
        final RecordLog opened,
        final long replayed,
        final long live,
        final Supplier<Consumer<RecordSink>> snapshot,
        final Supplier<String> contents,
        final Executor compactor)
    {
        if (replayed - live >= Math.max(1, live))
        {
            final String counts = "from " + replayed + " entries to " + live + " (" + contents.get() + ")";
            opened.compactInBackground(snapshot.get(), counts, compactor);
        }
        return opened;
    }

    /** Runs a compaction on a daemon thread of its own ("peregrine-journal-compaction"). */
    public static final Executor BACKGROUND = (task) ->
    {
        final Thread thread = new Thread(task, "peregrine-journal-compaction");
        thread.setDaemon(true);
        thread.start();
    };

    /**
     * Compacts the log while it stays open for appending: {@code compactor} writes the records {@code writer} puts
     * (the owner's state as of now) into {@code <file>.migrating}; then, with appends held for that moment only, the
     * records appended since this call are copied after them byte for byte, the file is fsynced and renamed over the
     * log (atomic), the directory fsynced, and appends go on in the new file. A process killed at any point leaves the
     * old log (which holds every record appended until the rename) or the new one (which holds them too), whole; the
     * next {@link #open} deletes a leftover temporary file. A compaction that fails (a full disk) is logged (WARN) and
     * leaves the log as it is, to be compacted at the next open. {@link #close} waits for it to end.
     * Called by the owner right after open, before the state {@code writer} describes changes (or with a writer that
     * holds its own copy of it).
     *
     * @param writer    puts the compacted log's records, in order (on the compactor's thread).
     * @param counts    what the compaction keeps, for the INFO line when it is done.
     * @param compactor runs it (tests: when they choose).
     */
    public void compactInBackground(final Consumer<RecordSink> writer, final String counts, final Executor compactor)
    {
        compactInBackground(writer, counts, compactor, () -> { });
    }

    /**
     * Compacts the log as {@link #compactInBackground(Consumer, String, Executor)} does, and tells the owner when the
     * compaction failed (the log left as it is), so that the owner still counts it as to be compacted: the next open
     * compacts it only if the owner says so, as an owner that starts from a snapshot of its own does.
     *
     * @param failed called on the compactor's thread when the compaction did not switch files, before {@link #close}
     *               can return.
     */
    public void compactInBackground(
        final Consumer<RecordSink> writer, final String counts, final Executor compactor, final Runnable failed)
    {
        final long from;
        synchronized (this)
        {
            try
            {
                from = channel.size();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the size of " + what + ' ' + file, ex);
            }
            compacting = true;
        }
        try
        {
            compactor.execute(() -> compact(writer, from, counts, failed));
        }
        catch (final RuntimeException ex)
        {
            ended();
            throw ex;
        }
    }

    private synchronized void ended()
    {
        compacting = false;
        notifyAll();
    }

    private void compact(
        final Consumer<RecordSink> writer, final long from, final String counts, final Runnable failed)
    {
        final long startNs = System.nanoTime();
        final Path temporary = migratingFile(file);
        FileChannel out = null;
        boolean switched = false;
        try
        {
            Files.deleteIfExists(temporary);
            out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writeRecords(out, writer, new long[1]);
            out.force(true); // the bulk, before appends are held: under the lock only the tail is synced
            synchronized (this)
            {
                if (broken)
                {
                    throw new IOException("an append left a torn record that could not be cut");
                }
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ))
                {
                    final long size = in.size();
                    for (long at = from; at < size; )
                    {
                        at += in.transferTo(at, size - at, out);
                    }
                }
                out.force(true);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                // Renamed: the old file is gone from the directory, appends go to the new one from now on.
                final FileChannel old = channel;
                channel = out;
                switched = true;
                old.close();
                forceDirectory(file);
            }
            LOG.info("{} {}: compacted {} in {} ms, in the background", what, file, counts,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        }
        catch (final IOException | RuntimeException ex)
        {
            if (switched)
            {
                LOG.warn("{} {}: compacted, then closing the old file or syncing the directory failed ({}): the " +
                    "rename is durable once the OS writes the directory", what, file, ex.toString());
            }
            else
            {
                LOG.warn("{} {}: compaction failed ({}): the journal stays as it is, compacted at the next start",
                    what, file, ex.toString());
                try
                {
                    if (null != out)
                    {
                        out.close();
                    }
                    Files.deleteIfExists(temporary);
                }
                catch (final IOException cleanup)
                {
                    LOG.warn("{}: cannot delete {} ({}): the next start deletes it", what, temporary,
                        cleanup.toString());
                }
                failed.run();
            }
        }
        finally
        {
            ended();
        }
    }

    /**
     * The writer of a log of text records for a compaction: {@code lines}, up to {@code linesPerRecord} lines to a
     * record ({@link #openText} hands them back one by one).
     *
     * @param lines          the new log's lines, in order, none holding a newline.
     * @param linesPerRecord how many lines at most one record holds (at least 1).
     * @return the writer.
     */
    public static Consumer<RecordSink> textRecords(final List<String> lines, final int linesPerRecord)
    {
        return sink ->
        {
            for (int from = 0; from < lines.size(); from += linesPerRecord)
            {
                final List<String> record = lines.subList(from, Math.min(lines.size(), from + linesPerRecord));
                sink.put(String.join("\n", record).getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /**
     * Writes a log of the records {@code writer} puts into {@code <file>.migrating}, fsyncs it, renames it over
     * {@code file} (atomic) and fsyncs the directory. The records are gathered into writes of up to
     * {@link #REWRITE_BUFFER_BYTES} (a compaction writes many small records; the fsync makes them durable).
     *
     * @return the new file, open and positioned after its last record (the caller closes it).
     */
    private static FileChannel replaceAtomically(
        final Path file, final String what, final String how, final Consumer<RecordSink> writer, final long[] records)
        throws IOException
    {
        final Path temporary = migratingFile(file);
        Files.deleteIfExists(temporary);
        final FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try
        {
            writeRecords(out, writer, records);
            out.force(true);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(file);
            return out;
        }
        catch (final UncheckedIOException ex)
        {
            out.close();
            throw ex.getCause();
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            out.close();
            throw new IllegalStateException(what + ' ' + file + " cannot be " + how + " in place (no atomic rename " +
                "on this file system): move the data directory to a local file system", ex);
        }
        catch (final IOException | RuntimeException ex)
        {
            out.close();
            throw ex;
        }
    }

    /**
     * Writes the header and the records {@code writer} puts, gathered into writes of up to
     * {@link #REWRITE_BUFFER_BYTES}, counting them in {@code records[0]}.
     *
     * @throws IOException when a write fails.
     */
    private static void writeRecords(final FileChannel out, final Consumer<RecordSink> writer, final long[] records)
        throws IOException
    {
        try
        {
            write(out, header());
            final CRC32C crc = new CRC32C();
            final ByteBuffer pending = ByteBuffer.allocate(REWRITE_BUFFER_BYTES);
            writer.accept(payload ->
            {
                if (payload.length > 0) // a record is never empty; an empty line carries nothing
                {
                    final ByteBuffer frame = frame(crc, payload);
                    if (frame.remaining() > pending.remaining())
                    {
                        write(out, pending.flip());
                        pending.clear();
                    }
                    if (frame.remaining() > pending.remaining())
                    {
                        write(out, frame);
                    }
                    else
                    {
                        pending.put(frame);
                    }
                    records[0]++;
                }
            });
            write(out, pending.flip());
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
    }

    private static void writeFresh(final Path file) throws IOException
    {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            write(out, header());
            out.force(true);
        }
        forceDirectory(file);
    }

    private static ByteBuffer header()
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(VERSION).putInt(0).flip();
        return header;
    }

    static ByteBuffer frame(final CRC32C crc, final byte[] payload)
    {
        crc.reset();
        crc.update(payload);
        final ByteBuffer frame =
            ByteBuffer.allocate(RECORD_HEADER_LENGTH + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(payload.length).putInt((int)crc.getValue()).put(payload).flip();
        return frame;
    }

    private static void write(final FileChannel out, final ByteBuffer bytes)
    {
        try
        {
            while (bytes.hasRemaining())
            {
                out.write(bytes);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void forceDirectory(final Path file)
    {
        // Makes a rename or a creation durable; not every platform can open a directory (then the OS decides).
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ))
        {
            dir.force(true);
        }
        catch (final IOException ignored)
        {
            // best effort
        }
    }

    /**
     * Hands every whole record from byte {@code from} on to {@code replay}; returns where the valid records end. Reads
     * the file in blocks of {@link #SCAN_BLOCK_BYTES} (before round 18: two reads per record, a large part of a start's
     * time on a day's journal).
     */
    private static long scan(
        final Path file, final String what, final long size, final long from, final RecordHandler replay)
        throws IOException
    {
        final CRC32C crc = new CRC32C();
        final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ScanWindow window = new ScanWindow(in, size);
            long position = from;
            while (position < size)
            {
                if (size - position < RECORD_HEADER_LENGTH)
                {
                    return position; // a record header cut short
                }
                int at = window.hold(position, RECORD_HEADER_LENGTH);
                final int length = window.bytes.getInt(at);
                final int checksum = window.bytes.getInt(at + 4);
                final long end = position + RECORD_HEADER_LENGTH + (long)length;
                if (length > 0 && end > size)
                {
                    return position; // a payload cut short (or a length torn itself)
                }
                boolean valid = length > 0 && length <= MAX_RECORD_LENGTH;
                if (valid)
                {
                    at = window.hold(position, RECORD_HEADER_LENGTH + length) + RECORD_HEADER_LENGTH;
                    crc.reset();
                    crc.update(window.bytes.array(), at, length);
                    valid = (int)crc.getValue() == checksum;
                }
                if (!valid)
                {
                    if ((length > 0 && length <= MAX_RECORD_LENGTH && end == size) || zeroFrom(in, position, size))
                    {
                        return position; // the last record, or zeros a power loss left: torn
                    }
                    throw new IllegalStateException(what + ' ' + file + " is damaged at byte " + position +
                        " (a record fails its check and whole records follow it, which a crash cannot leave): " +
                        "restore the file from a backup. Moving it away starts without what it holds: a gateway " +
                        "journal then counts as new, and a start beside working orders it placed is refused " +
                        "(fix-gateway README, \"Data directory and core journal\")");
                }
                view.wrap(window.bytes.array(), at, length);
                replay.onRecord(view, 0, length);
                position = end;
            }
            return position;
        }
    }

    /**
     * A block of the file being scanned, read ahead: the records in it are handed out of it without a read each.
     */
    private static final class ScanWindow
    {
        private final FileChannel in;
        private final long size;
        private ByteBuffer bytes = ByteBuffer.allocate(SCAN_BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        /** File offset of {@code bytes}' first byte. */
        private long start;
        /** Bytes of the file in {@code bytes}. */
        private int filled;

        ScanWindow(final FileChannel in, final long size)
        {
            this.in = in;
            this.size = size;
        }

        /**
         * Makes the file's bytes {@code [position, position + length)} (within the file) available in {@link #bytes}.
         *
         * @return the index of {@code position} in {@link #bytes}.
         */
        int hold(final long position, final int length) throws IOException
        {
            if (position < start || position + length > start + filled)
            {
                if (bytes.capacity() < length)
                {
                    bytes = ByteBuffer.allocate(Integer.highestOneBit(length - 1) << 1).order(ByteOrder.LITTLE_ENDIAN);
                }
                start = position;
                filled = (int)Math.min(bytes.capacity(), size - position);
                bytes.clear().limit(filled);
                readFully(in, bytes, position);
            }
            return (int)(position - start);
        }
    }

    private static void readFully(final FileChannel in, final ByteBuffer into, final long position) throws IOException
    {
        long at = position;
        while (into.hasRemaining())
        {
            final int read = in.read(into, at);
            if (read < 0)
            {
                throw new IOException("unexpected end of file");
            }
            at += read;
        }
    }

    private static boolean zeroFrom(final FileChannel in, final long from, final long size) throws IOException
    {
        final ByteBuffer chunk = ByteBuffer.allocate(8192);
        long at = from;
        while (at < size)
        {
            chunk.clear().limit((int)Math.min(chunk.capacity(), size - at));
            readFully(in, chunk, at);
            for (int i = 0; i < chunk.limit(); i++)
            {
                if (chunk.get(i) != 0)
                {
                    return false;
                }
            }
            at += chunk.limit();
        }
        return true;
    }

    private static long lengthThroughLastNewline(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(4096);
            long end = channel.size();
            while (end > 0)
            {
                final long start = Math.max(0, end - buffer.capacity());
                buffer.clear().limit((int)(end - start));
                readFully(channel, buffer, start);
                for (int i = (int)(end - start) - 1; i >= 0; i--)
                {
                    if (buffer.get(i) == '\n')
                    {
                        return start + i + 1;
                    }
                }
                end = start;
            }
            return 0;
        }
    }
}
