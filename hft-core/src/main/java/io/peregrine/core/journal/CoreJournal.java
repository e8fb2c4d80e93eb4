package io.peregrine.core.journal;

import io.peregrine.core.AtomicFile;

import io.peregrine.sbe.JournalStartDecoder;
import io.peregrine.sbe.JournalStartEncoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.config.ProcessFileLock;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.function.ToLongFunction;
import java.util.zip.CRC32C;

/**
 * The core journal: one Chronicle Queue (memory-mapped files, {@code *.cq4}) in a directory, appended on the core
 * thread before the core acts on an input, holding every input in processing order with the timestamp the logic
 * used, and every output (see {@link JournalEntry}). Replaying it rebuilds the core's state and outputs exactly.
 * <p>
 * <b>What survives.</b> An append that returned is in the OS page cache: it survives a kill of the process
 * (SIGKILL included), not a power loss or kernel crash unless it was synced. {@link #sync()} forces the current
 * file to the device; {@code Peregrine} calls it every {@code peregrine.journal.fsync.interval.ms} (0 = never:
 * the OS writes back on its own schedule, typically within 30 s).
 * <p>
 * <b>Refusing rather than acting unjournaled.</b> Free space is checked against two floors ({@link #checkSpace()},
 * called off the core thread). Below the minimum ({@code peregrine.journal.min.free.bytes}) {@link #isAvailable()}
 * turns false: the core refuses input that adds risk (JOURNAL_UNAVAILABLE) but still journals, from the reserve, the
 * input that lowers it (cancels, kill switches, venue reports: {@link #append} takes every input). Below the hard
 * minimum ({@code peregrine.journal.hard.min.free.bytes}), or once an append threw, {@link #append} refuses every
 * input, so the core acts on nothing it could not journal. Low space refuses new inputs only: the outputs of an input
 * already journaled still are (the hard minimum is their headroom).
 * <p>
 * Appends: core thread only (or the launching thread during recovery), allocation free. Other methods: any thread.
 */
public final class CoreJournal implements AutoCloseable
{
    /**
     * Oldest schema version of a journal this core continues and replays. Each version only adds messages and enum
     * values (the schema's evolution rule), so a version-2 journal's entries decode as they were written; its START
     * keeps version 2 and the entries this core appends carry version {@code SCHEMA_VERSION} in their own headers.
     * (Journals start with version 2: {@code JournalStart} did not exist before.)
     */
    public static final int OLDEST_SCHEMA_VERSION = 2;

    /**
     * Bytes Chronicle maps at a time. Mapping the next block allocates a little on the appending thread (measured:
     * ~1 KB per block with 64 MiB blocks), so blocks are large: files are sparse, so this is address space, not disk.
     */
    public static final long BLOCK_BYTES = 1L << 30;

    /**
     * How long Chronicle waits for an entry header another writer has not completed before it treats it as left by a
     * dead one (its default: 10 s). The lock file makes this core the journal's only writer, so an incomplete header
     * found at open is a crash's or damage, never work in progress: waiting the default only delayed a restart, or a
     * damaged journal's refusal, by 10 s each time. Readers ({@link #openReadOnly(Path)}) wait as long: the one writer
     * writes a new cycle file's first header right after creating the file, so a reader that waits longer than this
     * waits on damage, and the gateway's start-up check of a damaged journal waited the default once for every cycle
     * look-up (four, 40 s, before the one-line refusal).
     */
    static final long HEADER_TIMEOUT_MS = 500;

    private static final long NO_INDEX = -1;

    private static final Logger LOG = LoggerFactory.getLogger(CoreJournal.class);

    /** The file in the journal directory that the running core holds locked ({@link ProcessFileLock}). */
    public static final String LOCK_FILE = "core.lock";
    private static final String JOURNAL_DIR_KEY = "peregrine.journal.dir";
    /**
     * The journal's identity, beside its cycle files: the fields of its START entry and that entry's index. The START
     * entry is in the first cycle file, which retention (or an operator) may delete; this file is what still says
     * which journal this is, and where it began. Written once, atomically, when the journal is created or first
     * opened by a release that has it.
     */
    public static final String IDENTITY_FILE = "journal-start.properties";

    /** Tests only (package-private hooks): a roll cycle of seconds, and the clock it rolls by, instead of daily. */
    private static volatile RollCycle rollCycleForTests;
    private static volatile TimeProvider timeProviderForTests;
    /** Tests only: what {@link #checkSpace()} reads as a directory's free space instead of the file system's. */
    private static volatile ToLongFunction<Path> freeSpaceForTests;

    private final Path directory;
    private final long minFreeBytes;
    private final long hardMinFreeBytes;
    private final ChronicleQueue queue;
    private final ProcessFileLock lock;
    private final ExcerptAppender appender;
    // The entry being appended, built here so that its checksum covers exactly the bytes written.
    private final UnsafeBuffer entry = new UnsafeBuffer(new byte[
        JournalEntry.HEADER_LENGTH + JournalEntry.MAX_PAYLOAD_LENGTH + JournalEntry.TRAILER_LENGTH]);
    private final CRC32C checksum = new CRC32C();
    private volatile boolean spaceLow;
    private volatile boolean spaceExhausted;
    private volatile boolean failed;
    private Throwable appendFailure;
    private long appendedEntries;
    private long appendedInputs;
    private long createdTime;
    private int entryFormat;
    private long nextSequence;
    private long checksummedFrom = NO_INDEX;
    private int decisionVersion = DecisionVersion.UNRECORDED;
    private long decisionVersionFrom = NO_INDEX;
    /** The index of the input a recovery is replaying ({@link #replaying}), else NO_INDEX. */
    private long replayIndex = NO_INDEX;
    private boolean continuationUnrecorded;
    private long startIndex = -1;
    private volatile long firstIndex = -1;
    private AtomicCounter appendedCounter;

    private CoreJournal(
        final Path directory,
        final long minFreeBytes,
        final long hardMinFreeBytes,
        final ChronicleQueue queue,
        final ProcessFileLock lock)
    {
        this.directory = directory;
        this.minFreeBytes = minFreeBytes;
        this.hardMinFreeBytes = Math.min(hardMinFreeBytes, minFreeBytes);
        this.queue = queue;
        this.lock = lock;
        this.appender = queue.createAppender();
    }

    /**
     * Opens the journal in a directory, creating it (and its {@code START} entry) if empty, with no reserve: below
     * {@code minFreeBytes} it refuses every new input. Edge code.
     *
     * @param directory    journal directory.
     * @param minFreeBytes below this much free space in the directory the journal refuses new inputs.
     * @return the open journal.
     * @throws JournalException as {@link #open(Path, long, long)}.
     */
    public static CoreJournal open(final Path directory, final long minFreeBytes)
    {
        return open(directory, minFreeBytes, minFreeBytes);
    }

    /**
     * Opens the journal in a directory, creating it (and its {@code START} entry) if empty. Edge code.
     *
     * @param directory        journal directory.
     * @param minFreeBytes     below this much free space {@link #isAvailable()} is false: the core takes only input
     *                         that lowers risk.
     * @param hardMinFreeBytes below this much (capped at {@code minFreeBytes}) the journal refuses every new input.
     * @return the open journal.
     * @throws JournalException if the directory holds something that is not a journal this core can read (another
     *                          entry format, another schema version, an unreadable first entry).
     */
    public static CoreJournal open(final Path directory, final long minFreeBytes, final long hardMinFreeBytes)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create the core journal directory " + directory.toAbsolutePath() +
                " (" + ex + "): check peregrine.journal.dir", ex);
        }
        // One core per journal: a second one would append its own inputs beside the first one's, and a replay of
        // both would trade them twice. Held until close; the OS drops it when the process dies (SIGKILL included).
        final ProcessFileLock lock = ProcessFileLock.acquire(directory.resolve(LOCK_FILE),
            "a core is running with journal " + directory.toAbsolutePath(),
            "give this core another " + JOURNAL_DIR_KEY);
        // Taken before Chronicle touches the directory: a cycle file it then finds no entry in is damage, not a new journal.
        final boolean hadCycleFiles = hasCycleFiles(directory);
        ChronicleQueue queue = null;
        final CoreJournal journal;
        try
        {
            final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.single(directory.toFile())
                .blockSize(BLOCK_BYTES)
                .timeoutMS(HEADER_TIMEOUT_MS);
            if (null != rollCycleForTests)
            {
                builder.rollCycle(rollCycleForTests);
            }
            final JournalCycleClock cycleClock = new JournalCycleClock(
                null == timeProviderForTests ? SystemTimeProvider.CLOCK : timeProviderForTests, directory);
            builder.timeProvider(cycleClock);
            queue = builder.build();
            startAtNewestCycle((SingleChronicleQueue)queue, cycleClock);
            journal = new CoreJournal(directory, minFreeBytes, hardMinFreeBytes, queue, lock);
        }
        catch (final Exception | InternalError ex) // Chronicle throws a damaged file's StreamCorruptedException unchecked
        {
            if (null != queue)
            {
                queue.close();
            }
            lock.close();
            throw unopenable(directory, ex);
        }
        try
        {
            journal.validateOrStart(hadCycleFiles);
            journal.checkSpace();
            journal.nextSequence = JournalReader.lastSequence(queue) + 1;
            journal.prepareContinuation();
        }
        catch (final RuntimeException ex)
        {
            journal.close();
            throw ex;
        }
        catch (final Exception | InternalError ex) // as above: the reader met a damaged cycle file, or a fault
        {
            journal.close();
            throw unopenable(directory, ex);
        }
        return journal;
    }

    /**
     * A core restarted with its wall clock behind the journal's newest cycle file appends to that file: the cycle the
     * clock names is older, and its file (if any) is closed by an end-of-file marker (see {@link JournalCycleClock}).
     */
    private static void startAtNewestCycle(final SingleChronicleQueue queue, final JournalCycleClock cycleClock)
    {
        final int lastCycle = queue.lastCycle();
        if (Integer.MIN_VALUE != lastCycle)
        {
            cycleClock.notBefore(queue.epoch() + (long)lastCycle * queue.rollCycle().lengthInMillis());
        }
    }

    /**
     * @return for a fault in the memory map (InternalError: a full tmpfs) that the journal cannot be read now, for
     *         anything else that its files are damaged.
     */
    private static JournalException unopenable(final Path directory, final Throwable ex)
    {
        return ex instanceof InternalError ? JournalNotReadableException.in(directory, ex) :
            unreadable(directory, (Exception)ex);
    }

    private static JournalException unreadable(final Path directory, final Exception ex)
    {
        return new JournalException("the core journal in " + directory.toAbsolutePath() + " cannot be opened (" +
            String.valueOf(ex).replaceAll("\\p{Cntrl}", "?") + "): it is damaged or not a journal of this release. " +
            "Move the directory away (keep it for the audit) and start again, or point peregrine.journal.dir elsewhere",
            ex);
    }

    private static boolean hasCycleFiles(final Path directory)
    {
        final String[] names = directory.toFile().list((dir, name) -> name.endsWith(".cq4"));
        return null != names && names.length > 0;
    }

    /**
     * @param hadCycleFiles whether the directory held queue files before this open: then an empty read is a damaged
     *                      journal (Chronicle can read a cycle file of garbage as holding nothing), never a new one.
     */
    private void validateOrStart(final boolean hadCycleFiles)
    {
        final Path identityFile = directory.resolve(IDENTITY_FILE);
        final Identity saved = Identity.read(identityFile);
        try (JournalReader reader = reader())
        {
            final int result = reader.next();
            if (JournalReader.END == result && hadCycleFiles)
            {
                throw new JournalException("the core journal in " + directory.toAbsolutePath() + " has queue " +
                    "files but no readable entry: it is damaged (or a core died while creating it). Starting it " +
                    "over would lose its orders and positions. Move the directory away (keep it for the audit) and " +
                    "start again, or point peregrine.journal.dir elsewhere");
            }
            if (JournalReader.END == result && null != saved)
            {
                throw new JournalException("the core journal in " + directory.toAbsolutePath() + " has its " +
                    IDENTITY_FILE + " (a journal started at index " + Long.toHexString(saved.startIndex) + ") but no " +
                    "queue file: every cycle file was deleted. Starting it over would lose its orders and " +
                    "positions. Put the cycle files back, or move the directory away to start an empty journal");
            }
            if (JournalReader.END == result)
            {
                final UnsafeBuffer start = new UnsafeBuffer(new byte[64]);
                final JournalStartEncoder encoder = new JournalStartEncoder();
                final long now = System.currentTimeMillis() * 1_000_000L;
                encoder.wrapAndApplyHeader(start, 0, new MessageHeaderEncoder())
                    .entryFormat(JournalEntry.FORMAT)
                    .createdTime(now);
                if (!append(JournalEntry.START, now, 0, start, 0,
                    MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()))
                {
                    throw new JournalException("cannot write the START entry of a new core journal in " +
                        directory.toAbsolutePath() + " (see the ERROR log): check peregrine.journal.dir");
                }
                accept(new Identity(now, MessageHeaderEncoder.SCHEMA_VERSION, JournalEntry.FORMAT,
                    appender.lastIndexAppended(), NO_INDEX, DecisionVersion.CURRENT, appender.lastIndexAppended()),
                    appender.lastIndexAppended());
                Identity.write(identityFile, new Identity(createdTime, MessageHeaderEncoder.SCHEMA_VERSION, entryFormat,
                    startIndex, NO_INDEX, DecisionVersion.CURRENT, startIndex));
                LOG.info("core journal created in {}", directory.toAbsolutePath());
                return;
            }
            if (JournalReader.ENTRY == result && JournalEntry.START == reader.type())
            {
                final Identity fromStart = startEntry(reader);
                if (null == saved)
                {
                    // A journal created before the identity file existed: written now, while its START is there.
                    Identity.write(identityFile, fromStart);
                }
                else if (saved.createdTime != fromStart.createdTime || saved.startIndex != fromStart.startIndex)
                {
                    throw new JournalException("the core journal in " + directory.toAbsolutePath() + " starts " +
                        "with a START entry (created " + fromStart.createdTime + ", index " +
                        Long.toHexString(fromStart.startIndex) + ") that its " + IDENTITY_FILE + " does not name " +
                        "(created " + saved.createdTime + ", index " + Long.toHexString(saved.startIndex) + "): the " +
                        "file comes from another journal. Delete " + identityFile.toAbsolutePath() + " (it is " +
                        "written again from the START entry) if the cycle files are this directory's own");
                }
                accept(fromStart, fromStart.startIndex);
                return;
            }
            if (JournalReader.ENTRY == result && null != saved && reader.index() > saved.startIndex)
            {
                // Retention (or an operator) deleted the first cycle files: the START entry went with them.
                checkVersion(saved.schemaVersion, saved.entryFormat);
                accept(saved, reader.index());
                LOG.info("core journal {}: its first entry is now at index {} ({}): the cycle files before it " +
                    "were deleted; it was started at index {} (created {}, from {})", directory.toAbsolutePath(),
                    Long.toHexString(firstIndex), JournalCycles.fileOf(queue, firstIndex),
                    Long.toHexString(startIndex), createdTime, IDENTITY_FILE);
                return;
            }
            throw new JournalException("the core journal in " + directory.toAbsolutePath() + " does not start " +
                "with a readable START entry" + (null == saved ? "" : " nor, after deleted cycle files, with an " +
                "entry after the start its " + IDENTITY_FILE + " names (" + Long.toHexString(saved.startIndex) + ")") +
                ": it is not a Peregrine core journal, or it is damaged" + (null == saved ? " (or its first cycle " +
                "files were deleted together with the " + IDENTITY_FILE + " that names it: put both back)" : "") +
                ". Move the directory away (keep it for the audit) and start again, or point peregrine.journal.dir " +
                "elsewhere");
        }
    }

    private Identity startEntry(final JournalReader reader)
    {
        final UnsafeBuffer payload = reader.payload();
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(payload, 0);
        final int version = header.version();
        if (reader.length() < MessageHeaderDecoder.ENCODED_LENGTH ||
            MessageHeaderDecoder.SCHEMA_ID != header.schemaId() ||
            JournalStartDecoder.TEMPLATE_ID != header.templateId())
        {
            throw new JournalException("the core journal in " + directory.toAbsolutePath() + " has a START " +
                "entry this core cannot read: move the directory away and start again");
        }
        final JournalStartDecoder startDecoder = new JournalStartDecoder()
            .wrap(payload, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), version);
        checkVersion(version, startDecoder.entryFormat());
        return new Identity(startDecoder.createdTime(), version, startDecoder.entryFormat(), reader.index(), NO_INDEX,
            DecisionVersion.UNRECORDED, NO_INDEX);
    }

    private void checkVersion(final int version, final int entryFormat)
    {
        if (version < OLDEST_SCHEMA_VERSION || version > MessageHeaderDecoder.SCHEMA_VERSION ||
            entryFormat < JournalEntry.OLDEST_FORMAT || entryFormat > JournalEntry.FORMAT)
        {
            throw new JournalException("the core journal in " + directory.toAbsolutePath() + " was written with " +
                "schema version " + version + ", entry format " + entryFormat + "; this core " +
                "reads schema versions " + OLDEST_SCHEMA_VERSION + " to " + MessageHeaderDecoder.SCHEMA_VERSION +
                ", entry formats " + JournalEntry.OLDEST_FORMAT + " to " +
                JournalEntry.FORMAT + ". Recover it with the release that wrote it (shut that down cleanly, its " +
                "orders closed), then move the directory away to start this one empty");
        }
    }

    private void accept(final Identity identity, final long firstEntryIndex)
    {
        createdTime = identity.createdTime;
        entryFormat = identity.entryFormat;
        startIndex = identity.startIndex;
        firstIndex = firstEntryIndex;
    }

    private Identity identity()
    {
        return new Identity(createdTime, MessageHeaderEncoder.SCHEMA_VERSION, entryFormat, startIndex, NO_INDEX,
            DecisionVersion.UNRECORDED, NO_INDEX);
    }

    /**
     * What the START entry says, and where it is: kept in {@link #IDENTITY_FILE} too; for a format-1 journal this
     * release continued, also the index from which every entry has the format-2 trailer (-1: not recorded); and the
     * {@link DecisionVersion} that wrote the entries from an index on ({@link DecisionVersion#UNRECORDED}, -1: an
     * earlier release wrote them all).
     */
    private record Identity(long createdTime, int schemaVersion, int entryFormat, long startIndex, long checksummedFrom,
        int decisionVersion, long decisionVersionFrom)
    {
        private static Identity read(final Path file)
        {
            final Properties properties = new Properties();
            try
            {
                properties.load(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
                return new Identity(Long.parseLong(field(properties, "createdTime")),
                    Integer.parseInt(field(properties, "schemaVersion")),
                    Integer.parseInt(field(properties, "entryFormat")),
                    Long.parseUnsignedLong(field(properties, "startIndex"), 16),
                    null == properties.getProperty("checksummedFrom") ? NO_INDEX :
                    Long.parseUnsignedLong(properties.getProperty("checksummedFrom").trim(), 16),
                    null == properties.getProperty("decisionVersion") ? DecisionVersion.UNRECORDED :
                    Integer.parseInt(properties.getProperty("decisionVersion").trim()),
                    null == properties.getProperty("decisionVersionFrom") ? NO_INDEX :
                    Long.parseUnsignedLong(properties.getProperty("decisionVersionFrom").trim(), 16));
            }
            catch (final NoSuchFileException ex)
            {
                return null;
            }
            catch (final IOException | RuntimeException ex)
            {
                throw new JournalException("the core journal identity file " + file.toAbsolutePath() + " cannot " +
                    "be read (" + (ex instanceof java.nio.charset.CharacterCodingException ? "not text" :
                    ex.getMessage()) + "): it names the journal whose first cycle files may have been deleted. " +
                    "Restore it from a backup, or delete it if the journal still has its first cycle file (it is " +
                    "written again from the START entry)", ex);
            }
        }

        private static String field(final Properties properties, final String key) throws IOException
        {
            final String value = properties.getProperty(key);
            if (null == value)
            {
                throw new IOException("no " + key + " in it");
            }
            return value.trim();
        }

        /** Atomically: a temp file, forced, renamed into place, the directory forced. */
        private static void write(final Path file, final Identity identity)
        {
            final String text = "# The START entry of this core journal, kept here for when its first cycle files " +
                "are deleted. Do not edit.\n" +
                "createdTime=" + identity.createdTime + "\n" +
                "schemaVersion=" + identity.schemaVersion + "\n" +
                "entryFormat=" + identity.entryFormat + "\n" +
                "startIndex=" + Long.toHexString(identity.startIndex) + "\n" +
                (identity.checksummedFrom < 0 ? "" : "checksummedFrom=" + Long.toHexString(identity.checksummedFrom) +
                "\n") +
                (DecisionVersion.UNRECORDED == identity.decisionVersion ? "" :
                "decisionVersion=" + identity.decisionVersion + "\n" +
                "decisionVersionFrom=" + Long.toHexString(identity.decisionVersionFrom) + "\n");
            try
            {
                AtomicFile.write(file, java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            }
            catch (final IOException ex)
            {
                throw new JournalException("cannot write the core journal identity file " + file.toAbsolutePath() +
                    " (" + ex + "): check peregrine.journal.dir", ex);
            }
        }
    }

    /**
     * Appends an entry. Core thread only; allocation free.
     *
     * @param type      entry type ({@link JournalEntry}).
     * @param timestamp the time the core's logic uses for it.
     * @param source    Aeron session of the input's publication, 0 for outputs.
     * @param buffer    payload.
     * @param offset    of the payload.
     * @param length    of the payload, at most {@link JournalEntry#MAX_PAYLOAD_LENGTH}.
     * @return false if the journal is unavailable or the payload too long: nothing was written.
     */
    public boolean append(
        final byte type,
        final long timestamp,
        final int source,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (refuses(type) || length > JournalEntry.MAX_PAYLOAD_LENGTH || length < 0)
        {
            return false;
        }
        buffer.getBytes(offset, entry, JournalEntry.HEADER_LENGTH, length);
        return appendEntry(type, timestamp, source, length);
    }

    /**
     * Appends an entry whose payload is one int64 (an offer result, a cut index, a restart's pending request count).
     * Core thread only; no allocation.
     *
     * @return false if the journal is unavailable.
     */
    public boolean appendValue(final byte type, final long timestamp, final long value)
    {
        if (refuses(type))
        {
            return false;
        }
        entry.putLong(JournalEntry.HEADER_LENGTH, value, ByteOrder.LITTLE_ENDIAN);
        return appendEntry(type, timestamp, 0, Long.BYTES);
    }

    /**
     * Free space below the hard minimum refuses new inputs only: the outputs of an input already journaled are
     * journaled too (the hard minimum is their headroom), else a replay, which reproduces them, would find them
     * missing and refuse the next start. Between the two minimums every input is still taken: the core refuses what
     * adds risk before it appends ({@link #isAvailable()}). A failed append refuses everything (the file itself is in
     * doubt).
     */
    private boolean refuses(final byte type)
    {
        return failed || (spaceExhausted && JournalEntry.isInput(type));
    }

    /**
     * Writes the entry whose payload is already in {@link #entry}: header, payload, and (all but START) the trailer,
     * sequence and CRC32C, in one bulk copy into the queue.
     */
    private boolean appendEntry(final byte type, final long timestamp, final int source, final int payloadLength)
    {
        // Recorded at start (recordContinuation) before the core thread appends; here only for an append before
        // that, on the launching thread (a recovery's CUT, a tool appending to a journal it opened).
        if (continuationUnrecorded && !recordContinuationOnAppend())
        {
            return false;
        }
        int length = JournalEntry.HEADER_LENGTH + payloadLength;
        final boolean checksummed = JournalEntry.START != type;
        entry.putByte(0, checksummed ? (byte)(type | JournalEntry.CHECKSUMMED) : type);
        entry.putLong(1, timestamp, ByteOrder.LITTLE_ENDIAN);
        entry.putInt(9, source, ByteOrder.LITTLE_ENDIAN);
        if (checksummed)
        {
            entry.putLong(length, nextSequence, ByteOrder.LITTLE_ENDIAN);
            length += Long.BYTES;
            checksum.reset();
            checksum.update(entry.byteArray(), 0, length);
            entry.putInt(length, (int)checksum.getValue(), ByteOrder.LITTLE_ENDIAN);
            length += Integer.BYTES;
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(entry.byteArray(), 0, length);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // InternalError: the JVM's form of a SIGBUS in the memory map, what a full disk does to a mapped file;
            // like any failed append it turns the journal off rather than killing the core's thread.
            onAppendFailure(ex);
            return false;
        }
        if (checksummed)
        {
            nextSequence++;
        }
        onAppended(type);
        return true;
    }

    private void onAppended(final byte type)
    {
        if (JournalEntry.isInput(type))
        {
            appendedInputs++;
        }
        appendedEntries++;
        if (null != appendedCounter)
        {
            appendedCounter.setRelease(appendedEntries);
        }
    }

    /**
     * Publishes the number of entries appended by this instance (its position) in an Aeron counter from now on,
     * so that operators and health checks in any process see the journal advance. Call before the core thread
     * starts appending.
     *
     * @param counter the core's journal position counter.
     */
    public void countAppendsIn(final AtomicCounter counter)
    {
        counter.setRelease(appendedEntries);
        appendedCounter = counter;
    }

    /**
     * @return why appends are refused now (free space below the minimum, or a failed append), or null when they are
     *         accepted. Any thread.
     */
    public String unavailableReason()
    {
        if (failed)
        {
            return "an append failed (see the ERROR log): new input is refused JOURNAL_UNAVAILABLE until the core " +
                "restarts with a working journal directory";
        }
        if (spaceExhausted)
        {
            return "free space in " + directory.toAbsolutePath() + " is below peregrine.journal.hard.min.free.bytes=" +
                hardMinFreeBytes + ": all new input is refused JOURNAL_UNAVAILABLE until space is freed";
        }
        if (spaceLow)
        {
            return "free space in " + directory.toAbsolutePath() + " is below peregrine.journal.min.free.bytes=" +
                minFreeBytes + ": new orders, replaces, resumes, limit updates and status requests are refused " +
                "JOURNAL_UNAVAILABLE until space is freed (cancels, kill switches, venue pauses and venue reports " +
                "are still taken)";
        }
        return null;
    }

    /**
     * @return what made the first failed append fail, or null (for tests and diagnostics).
     */
    Throwable appendFailure()
    {
        return appendFailure;
    }

    private void onAppendFailure(final Throwable ex)
    {
        if (!failed)
        {
            appendFailure = ex;
            failed = true;
            LOG.error("core journal append failed in {}: the core refuses new input (JOURNAL_UNAVAILABLE) until it is " +
                "restarted with a working journal directory", directory.toAbsolutePath(), ex);
        }
    }

    /**
     * Lets the next thread that appends own the appender: the launching thread writes the START entry and the
     * recovery tail, then the core thread takes over (Chronicle checks that one thread at a time appends).
     */
    public void handOverAppender()
    {
        appender.singleThreadedCheckReset();
    }

    /**
     * @return whether every input is accepted (free space above the minimum, no failed append); when false the core
     *         refuses input that adds risk, and {@link #append} takes the rest until the hard minimum. Any thread.
     */
    public boolean isAvailable()
    {
        return !spaceLow && !failed;
    }

    /**
     * Re-reads the free space of the journal directory and restricts appends (or lifts the restriction) against the
     * configured minimums. Call it off the core thread (it is a file system call); logs each change.
     */
    public void checkSpace()
    {
        final ToLongFunction<Path> freeSpace = freeSpaceForTests;
        final long usable = null == freeSpace ? directory.toFile().getUsableSpace() : freeSpace.applyAsLong(directory);
        final boolean low = usable < minFreeBytes;
        final boolean exhausted = usable < hardMinFreeBytes;
        if (low == spaceLow && exhausted == spaceExhausted)
        {
            return;
        }
        final boolean worse = (exhausted && !spaceExhausted) || (low && !spaceLow);
        spaceExhausted = exhausted;
        spaceLow = low;
        if (exhausted)
        {
            LOG.error("core journal directory {} has {} bytes free, below peregrine.journal.hard.min.free.bytes={}: " +
                "all new input (cancels and kill switches too) is refused JOURNAL_UNAVAILABLE and venue reports wait " +
                "until space is freed", directory.toAbsolutePath(), usable, hardMinFreeBytes);
        }
        else if (low)
        {
            final String message = "core journal directory {} has {} bytes free, below " +
                "peregrine.journal.min.free.bytes={}: new orders, replaces, resumes, limit updates and status " +
                "requests are refused JOURNAL_UNAVAILABLE; cancels, kill switches, venue pauses and venue reports " +
                "are still taken until peregrine.journal.hard.min.free.bytes={}";
            if (worse)
            {
                LOG.error(message, directory.toAbsolutePath(), usable, minFreeBytes, hardMinFreeBytes);
            }
            else
            {
                LOG.warn(message, directory.toAbsolutePath(), usable, minFreeBytes, hardMinFreeBytes);
            }
        }
        else
        {
            LOG.info("core journal directory {} has {} bytes free again: journaling resumed",
                directory.toAbsolutePath(), usable);
        }
    }

    /**
     * Forces the journal's newest file to the storage device (fsync), so that what was appended before survives a
     * power loss. Off the core thread; allocates.
     */
    public void sync()
    {
        final File[] files = directory.toFile().listFiles((dir, name) -> name.endsWith(".cq4"));
        if (null == files || 0 == files.length)
        {
            return;
        }
        File newest = files[0];
        for (final File file : files)
        {
            if (file.getName().compareTo(newest.getName()) > 0)
            {
                newest = file;
            }
        }
        try (FileChannel channel = FileChannel.open(newest.toPath(), StandardOpenOption.WRITE))
        {
            channel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot sync the core journal file " + newest, ex);
        }
    }

    /**
     * @return a new reader from the first entry (the caller closes it; it reads on the caller's thread).
     */
    public JournalReader reader()
    {
        final JournalReader reader = new JournalReader(queue.createTailer());
        reader.requireChecksumsFrom(entryFormat >= 2 ? 0 : checksummedFrom);
        return reader;
    }

    /**
     * What the entries appended from now on change in the identity file: for a format-1 journal, the index from which
     * every entry has the trailer, as recorded by an earlier open, or else the next index; for a journal whose entries
     * another {@link DecisionVersion} wrote, this one's. Recorded by {@link #recordContinuation()} once the start is
     * accepted, before the core thread runs (or, by the first append, when something is appended before that: a
     * recovery's {@code CUT}). A newer decision version than this build's is refused.
     */
    private void prepareContinuation()
    {
        final Identity saved = Identity.read(directory.resolve(IDENTITY_FILE));
        if (null != saved)
        {
            decisionVersion = saved.decisionVersion;
            decisionVersionFrom = saved.decisionVersionFrom;
        }
        if (decisionVersion > DecisionVersion.CURRENT)
        {
            throw new JournalException("the core journal in " + directory.toAbsolutePath() + " was written by a " +
                "later release (its core decides by version " + decisionVersion + ", this one by version " +
                DecisionVersion.CURRENT + ", " + IDENTITY_FILE + "): replaying it here would rebuild another state. " +
                "Recover it with the release that wrote it (shut that down cleanly, its orders closed), then move " +
                "the directory away to start this one empty");
        }
        continuationUnrecorded = DecisionVersion.CURRENT != decisionVersion;
        if (entryFormat >= 2)
        {
            return;
        }
        if (null != saved && saved.checksummedFrom >= 0)
        {
            checksummedFrom = saved.checksummedFrom;
            return;
        }
        checksummedFrom = lastIndex() + 1;
        continuationUnrecorded = true;
    }

    /**
     * Records in the identity file, once, where this release continues the journal: for a format-1 journal where it
     * continues in format 2, so that every reader requires the trailer there, also one that starts reading after the
     * boundary and so never met a checksummed entry before; and from where this build's {@link DecisionVersion}
     * wrote the entries. A no-op when there is nothing to record (a journal this build created or continued before).
     * <p>
     * {@code Peregrine} calls it once the start is accepted (recovery done, its replay accepted), before the core
     * thread runs: writing the file (a temp file, two fsyncs, a rename) on the core thread, at its first append, was a
     * latency spike for the first order after an upgrade. A start refused before it (replay mismatches, a busy Aeron
     * directory) leaves the file as it was, so that the release that wrote the journal can still continue it (its
     * format-1 entries past a recorded boundary would read as damage). Launching thread, before the core thread
     * starts; allocates.
     *
     * @throws JournalException if the file cannot be written (the start must stop: appending without it would leave
     *                          readers without the boundary).
     */
    public void recordContinuation()
    {
        if (continuationUnrecorded)
        {
            writeContinuation();
        }
    }

    /**
     * {@link #recordContinuation()} for an append made before the start recorded it (a recovery's {@code CUT}).
     *
     * @return false if the file could not be written (then the entry must not be appended either).
     */
    private boolean recordContinuationOnAppend()
    {
        try
        {
            writeContinuation();
            return true;
        }
        catch (final JournalException ex)
        {
            onAppendFailure(ex);
            return false;
        }
    }

    private void writeContinuation()
    {
        final Path file = directory.resolve(IDENTITY_FILE);
        final long from = DecisionVersion.CURRENT == decisionVersion ? decisionVersionFrom : lastIndex() + 1;
        final Identity saved = Identity.read(file);
        final Identity base = null == saved ? identity() : saved;
        Identity.write(file, new Identity(base.createdTime, base.schemaVersion, base.entryFormat, base.startIndex,
            entryFormat >= 2 ? base.checksummedFrom : checksummedFrom, DecisionVersion.CURRENT, from));
        continuationUnrecorded = false;
        if (DecisionVersion.CURRENT != decisionVersion)
        {
            LOG.info("core journal {}: entries from index {} are decided by version {} of the core (before: {})",
                directory.toAbsolutePath(), Long.toHexString(from), DecisionVersion.CURRENT,
                DecisionVersion.UNRECORDED == decisionVersion ? "an earlier release's" : "version " + decisionVersion);
        }
        decisionVersion = DecisionVersion.CURRENT;
        decisionVersionFrom = from;
        if (entryFormat < 2)
        {
            LOG.info("core journal {}: a journal of entry format 1, continued in format 2 from index {}",
                directory.toAbsolutePath(), Long.toHexString(checksummedFrom));
        }
    }

    /**
     * @param index a journal index (a replay mismatch's).
     * @return whether the entry there was written by a core of this build's {@link DecisionVersion}, as
     *         {@code journal-start.properties} records: false for a journal of an earlier release, or the part an
     *         earlier release wrote of a journal this one continued.
     */
    public boolean decidedByThisVersion(final long index)
    {
        return DecisionVersion.CURRENT == decisionVersion && decisionVersionFrom >= 0 && index >= decisionVersionFrom;
    }

    /**
     * A recovery is replaying the input at this index (or, with -1, no longer replays).
     *
     * @param index the input's journal index, or -1.
     */
    void replaying(final long index)
    {
        replayIndex = index;
    }

    /**
     * @return the {@link DecisionVersion} that decided the input being replayed, as {@code journal-start.properties}
     *         records it ({@code decisionVersion} from {@code decisionVersionFrom}; the entries before it were
     *         decided by an earlier one, taken as the version before, {@link DecisionVersion#UNRECORDED} at least);
     *         {@link DecisionVersion#CURRENT} when no replay runs (the core decides live inputs).
     */
    public int replayedDecisionVersion()
    {
        if (NO_INDEX == replayIndex)
        {
            return DecisionVersion.CURRENT;
        }
        return decisionVersionFrom >= 0 && replayIndex >= decisionVersionFrom ?
            decisionVersion : Math.max(DecisionVersion.UNRECORDED, decisionVersion - 1);
    }

    /**
     * @return the sequence number the next entry appended gets (format 2). Appending thread.
     */
    long nextSequence()
    {
        return nextSequence;
    }

    /**
     * @return index of the last entry in the journal, or -1 if empty.
     */
    public long lastIndex()
    {
        final long last = queue.lastIndex();
        return last < 0 ? -1 : last;
    }

    /**
     * @return index of the last entry this instance appended, or -1 if none. Appending thread; allocation free.
     */
    public long lastAppendedIndex()
    {
        return 0 == appendedEntries ? -1 : appender.lastIndexAppended();
    }

    /**
     * @return inputs (client and venue messages, restarts) appended by this instance. Appending thread.
     */
    public long appendedInputs()
    {
        return appendedInputs;
    }

    /**
     * @return creation time of the journal (its START entry): what ties a snapshot to this journal.
     */
    public long createdTime()
    {
        return createdTime;
    }

    /**
     * @return index of the journal's START entry: where it began (its cycle file may have been deleted since).
     */
    public long startIndex()
    {
        return startIndex;
    }

    /**
     * @return index of the first entry still in the journal: {@link #startIndex()} until retention (or an operator)
     *         deleted the first cycle files. Any thread.
     */
    public long firstIndex()
    {
        return firstIndex;
    }

    /**
     * @return whether the journal's first cycle files (and its START entry) were deleted: then only a snapshot at or
     *         after {@link #firstIndex()} can rebuild the state.
     */
    public boolean isPruned()
    {
        return firstIndex != startIndex;
    }

    /**
     * After cycle files were deleted: makes Chronicle list the directory again (so that every reader, in any process,
     * starts from the first remaining file) and moves {@link #firstIndex()}. Off the core thread (retention's).
     *
     * @param newFirstIndex index of the first entry of the oldest cycle file left.
     */
    void cyclesDeleted(final long newFirstIndex)
    {
        queue.refreshDirectoryListing();
        firstIndex = newFirstIndex;
    }

    ChronicleQueue queue()
    {
        return queue;
    }

    /**
     * Tests only: journals opened from now on in this JVM roll by {@code rollCycle} (e.g. Chronicle's
     * {@code TestRollCycles.TEST_SECONDLY}) and, if not null, read time from {@code time}; null restores daily files.
     */
    static void rollCycleForTests(final RollCycle rollCycle, final TimeProvider time)
    {
        rollCycleForTests = rollCycle;
        timeProviderForTests = time;
    }

    /**
     * Tests only: {@link #checkSpace()} reads a directory's free space from {@code freeSpace} (null: the file system's),
     * so that a test can make the journal unavailable, and available again, as a filling disk does.
     */
    static void freeSpaceForTests(final ToLongFunction<Path> freeSpace)
    {
        freeSpaceForTests = freeSpace;
    }

    /**
     * @return entries appended by this instance.
     */
    public long appendedEntries()
    {
        return appendedEntries;
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Closes the appender and the queue (the files stay).
     */
    public void close()
    {
        appender.close();
        queue.close();
        lock.close();
    }

    /**
     * Opens an existing journal for reading only (audit trail, report resume), from any process. Edge code.
     *
     * @param directory journal directory.
     * @return the queue; the caller closes it.
     * @throws JournalException if the directory holds no journal.
     */
    public static ChronicleQueue openReadOnly(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new JournalException("no core journal in " + directory.toAbsolutePath() + " (no such directory): " +
                "pass the core's peregrine.journal.dir");
        }
        return readOnlyBuilder(directory).build();
    }

    /** How {@link #openReadOnly(Path)} opens a journal: package-private for the test of its header timeout. */
    static SingleChronicleQueueBuilder readOnlyBuilder(final Path directory)
    {
        return SingleChronicleQueueBuilder.single(directory.toFile()).readOnly(true).timeoutMS(HEADER_TIMEOUT_MS);
    }

    /**
     * Which journal a directory holds, for a reader that must tell its journal from another (a gateway data directory
     * kept with the journal it was used beside): the creation time of the journal's START entry, from its
     * {@link #IDENTITY_FILE}, which every open by a core of this release writes and retention never deletes.
     *
     * @param directory journal directory.
     * @return the journal's creation time (epoch nanoseconds).
     * @throws JournalException if the directory has no identity file (no core of this release opened it yet) or it
     *                          cannot be read.
     */
    public static long createdTime(final Path directory)
    {
        final Path file = directory.resolve(IDENTITY_FILE);
        final Identity identity = Identity.read(file);
        if (null == identity)
        {
            throw new JournalException("the core journal in " + directory.toAbsolutePath() + " has no " +
                IDENTITY_FILE + ": start the core on it first (it writes the file when it opens the journal)");
        }
        return identity.createdTime;
    }

    /**
     * @param queue a queue opened with {@link #openReadOnly(Path)}.
     * @return a reader from its first entry.
     */
    public static JournalReader reader(final ChronicleQueue queue)
    {
        final JournalReader reader = new JournalReader(queue.createTailer());
        Identity identity = null;
        try
        {
            identity = Identity.read(new File(queue.fileAbsolutePath()).toPath().resolve(IDENTITY_FILE));
        }
        catch (final JournalException ex)
        {
            // Unreadable: the core refuses to start on it and names it; a reader just checks what it can.
        }
        if (null != identity)
        {
            reader.requireChecksumsFrom(identity.entryFormat >= 2 ? 0 : identity.checksummedFrom);
        }
        return reader;
    }
}
