package io.peregrine.gateway.broker;

import io.peregrine.core.OwnerOnlyFiles;
import io.peregrine.gateway.store.FileChecksum;
import org.agrona.IoUtil;
import org.agrona.collections.Object2IntHashMap;
import quickfix.SessionID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The ClOrdIDs of retired orders ({@link OrderRoutes}), each with what a late request naming it needs of its order
 * (root clOrdId, core order id, current clOrdId, last OrdStatus, account, symbol, side), held <b>off the heap</b>: a
 * trading day of retired orders must not fill the heap (the previous in-heap map held about 156 bytes per order on the
 * heap for the life of the data directory, an {@code Order}, a {@code String} and its bytes, and a map slot).
 * <p>
 * Two scratch files beside the journal, memory-mapped, rebuilt from the journal's records at a start (deleted and
 * created again, so nothing in them needs to survive a crash), or, after a clean stop, kept by it
 * ({@link #closeAndKeep}) and mapped again as they are ({@link #reopen}) once the start checked them against the
 * checksums the stop recorded: {@code <journal>.retired}, the records appended in chunks of {@link #CHUNK_BYTES} (a
 * record never crosses a chunk), and {@code <journal>.retired-index}, an open-addressing table of 8-byte slots (the
 * ClOrdID's hash in the high half, the record's offset / 8 + 1 in the low half), at most half full, rebuilt twice as
 * large from the records when it would be fuller. A record is {@link #KEY} bytes of fields plus the ClOrdID's UTF-8
 * bytes, rounded up to 8: 72 bytes for a 20-character ClOrdID, plus 16 to 32 bytes of index. The pages are the OS's to
 * keep or write back; the heap holds only the account, symbol and session names (one copy each).
 * <p>
 * <b>Full disk.</b> A page of a sparse mapped file gets its disk block when it is first written: on a full disk that
 * write is a SIGBUS (an {@code InternalError} on whatever thread touched the page), not an error the code can handle.
 * So no page is written before it is allocated: the index file is filled with zeros by {@code write} before it is
 * mapped (when created and when it grows), and the records file ahead of its end in steps of
 * {@link #ALLOCATION_STEP} bytes. A full disk is then an {@link UncheckedIOException} from {@link #reserve} or
 * {@link #add}, raised before anything changed (the ClOrdIDs already held stay found, none is half added).
 * <p>
 * Thread-safe: every method takes this object's lock (taken inside a session's lock, never the other way round).
 * Allocates (edge).
 */
final class RetiredClOrdIds implements AutoCloseable
{
    /** Bytes of one mapped chunk of records (the file is sparse: only the chunks' written pages take space). */
    static final int CHUNK_BYTES = 1 << 24;

    private static final int ROOT = 0;
    private static final int ORDER_ID = 8;
    private static final int CURRENT = 16;
    private static final int CORE_SESSION = 24;
    private static final int STATUS = 28;
    private static final int SIDE = 30;
    private static final int ACCOUNT = 32;
    private static final int SYMBOL = 36;
    private static final int SESSION = 40;
    private static final int KEY_LENGTH = 44;
    private static final int KEY = 48;
    private static final int SLOT = 8;
    private static final int MIN_SLOTS = 1 << 10;
    /** Largest index a single mapping holds (2^27 slots of 8 bytes: 1 GB, 67 million ClOrdIDs). */
    private static final int MAX_SLOTS = 1 << 27;
    /** Records {@link #forEachBefore} visits under one hold of the lock. */
    private static final int VISIT_BATCH = 1024;
    /** Bytes of the records file allocated at a time, ahead of the records (a multiple of 8). */
    static final int ALLOCATION_STEP = 1 << 20;

    /**
     * Gives a region of a scratch file its disk blocks (writes zeros: a file extended by {@code setLength} or a
     * mapping stays sparse). The seam tests use to stand in for a full disk.
     */
    @FunctionalInterface
    interface Allocator
    {
        /**
         * @param file     the scratch file.
         * @param channel  its channel.
         * @param from     first byte to allocate.
         * @param to       end of the region (exclusive).
         * @throws IOException when the disk has no room (the region may be partly allocated: harmless, it is zeros).
         */
        void allocate(Path file, FileChannel channel, long from, long to) throws IOException;
    }

    /** Writes zeros over the region. */
    static final Allocator ZEROS = (file, channel, from, to) ->
    {
        final ByteBuffer zeros = ByteBuffer.allocateDirect((int)Math.min(1 << 16, Math.max(1, to - from)));
        long at = from;
        while (at < to)
        {
            zeros.clear().limit((int)Math.min(zeros.capacity(), to - at));
            while (zeros.hasRemaining())
            {
                at += channel.write(zeros, at);
            }
        }
    };

    private final int chunkBytes;
    private final Path recordsFile;
    private final Path indexFile;
    private final FileChannel records;
    private final FileChannel index;
    private final Allocator allocator;
    /** Bytes of the records file allocated (given their blocks) from its start; never less than {@link #end}. */
    private long allocated;
    private final List<MappedByteBuffer> chunks = new ArrayList<>();
    private MappedByteBuffer slots;
    private int slotCount;
    private int size;
    /** Where the next record goes (absolute offset over the chunks). */
    private long end;
    private final List<String> names = new ArrayList<>();
    private final Object2IntHashMap<String> nameIndex = new Object2IntHashMap<>(-1);
    private final List<SessionID> sessions = new ArrayList<>();
    private final java.util.Map<SessionID, Integer> sessionIndex = new java.util.HashMap<>();
    private boolean closed;

    /**
     * What a clean stop keeps of the scratch files ({@link #closeAndKeep}), for {@link #reopen} to map them again:
     * where the records end, how many bytes of the records file have their blocks, how many ClOrdIDs are held, the
     * index's slots, the CRC-32C of the records (to {@code end}) and of the index, which files they are
     * ({@link #identity}), and the names and sessions the records refer to by number (in their order).
     */
    record Kept(long end, long allocated, int size, int slotCount, long recordsCrc, long indexCrc, String files,
        List<String> names, List<SessionID> sessions)
    {
    }

    /**
     * Which files these are: their file keys (device and inode) and modification times. A copy (cp, rsync -S, a
     * restore) has another inode even with the same bytes, and may have holes where the stop's files had their
     * blocks: a write into a hole on a full disk is a SIGBUS, not an exception, so a copy is refused, not mapped.
     */
    static String identity(final Path records, final Path index) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (final Path file : List.of(records, index))
        {
            final java.nio.file.attribute.BasicFileAttributes attributes =
                Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            text.append(file == records ? "" : " ").append(attributes.fileKey()).append('@')
                .append(attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        }
        return text.toString();
    }

    /**
     * Creates the scratch files again (empty) beside the journal.
     *
     * @param journal         the ClOrdID journal they are beside.
     * @param expectedEntries ClOrdIDs the index is sized for at start (it grows beyond).
     */
    RetiredClOrdIds(final Path journal, final long expectedEntries)
    {
        this(journal, expectedEntries, CHUNK_BYTES);
    }

    /**
     * @param chunkBytes bytes of one mapped chunk of records (tests: small, so that records fill several).
     */
    RetiredClOrdIds(final Path journal, final long expectedEntries, final int chunkBytes)
    {
        this(journal, expectedEntries, chunkBytes, ZEROS);
    }

    /**
     * @param allocator gives the files' regions their blocks before they are mapped or written (tests: a full disk).
     */
    RetiredClOrdIds(final Path journal, final long expectedEntries, final int chunkBytes, final Allocator allocator)
    {
        if (chunkBytes < KEY + 8 || chunkBytes % 8 != 0)
        {
            throw new IllegalArgumentException("chunk of " + chunkBytes + " bytes");
        }
        this.chunkBytes = chunkBytes;
        this.allocator = allocator;
        recordsFile = journal.resolveSibling(journal.getFileName() + ".retired");
        indexFile = journal.resolveSibling(journal.getFileName() + ".retired-index");
        try
        {
            records = create(recordsFile);
            index = create(indexFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + recordsFile + " or " + indexFile, ex);
        }
        try
        {
            mapIndex(slotsFor(expectedEntries));
        }
        catch (final RuntimeException ex)
        {
            closeAndDelete();
            throw ex;
        }
    }

    /**
     * Maps again the scratch files a clean stop kept beside the journal, once they are checked against what the stop
     * recorded (sizes and checksums): the ClOrdIDs held then are found again without reading the journal.
     *
     * @param journal   the ClOrdID journal they are beside.
     * @param kept      what {@link #closeAndKeep} returned at the stop.
     * @param allocator gives the files' regions their blocks as they grow.
     * @throws IllegalStateException when a file is missing or not as the stop left it (the message says how); nothing
     *                               was changed, the caller rebuilds them ({@link #RetiredClOrdIds(Path, long, int,
     *                               Allocator)}).
     */
    static RetiredClOrdIds reopen(final Path journal, final Kept kept, final Allocator allocator)
    {
        return new RetiredClOrdIds(journal, kept, allocator);
    }

    private RetiredClOrdIds(final Path journal, final Kept kept, final Allocator allocator)
    {
        chunkBytes = CHUNK_BYTES;
        this.allocator = allocator;
        recordsFile = journal.resolveSibling(journal.getFileName() + ".retired");
        indexFile = journal.resolveSibling(journal.getFileName() + ".retired-index");
        if (kept.slotCount() < MIN_SLOTS || kept.slotCount() > MAX_SLOTS || Integer.bitCount(kept.slotCount()) != 1 ||
            kept.end() < 0 || kept.allocated() < kept.end() || kept.size() < 0 || kept.size() * 2L > kept.slotCount())
        {
            throw new IllegalStateException("it describes impossible files (" + kept.end() + " bytes of records, " +
                kept.size() + " ClOrdIDs, " + kept.slotCount() + " slots)");
        }
        FileChannel openedRecords = null;
        FileChannel openedIndex = null;
        try
        {
            openedRecords = FileChannel.open(recordsFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            openedIndex = FileChannel.open(indexFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final long indexBytes = (long)kept.slotCount() * SLOT;
            if (openedRecords.size() < kept.allocated() || openedIndex.size() != indexBytes)
            {
                throw new IllegalStateException(recordsFile.getFileName() + " or " + indexFile.getFileName() +
                    " is not of the size the stop left");
            }
            if (!identity(recordsFile, indexFile).equals(kept.files()))
            {
                throw new IllegalStateException(recordsFile.getFileName() + " or " + indexFile.getFileName() +
                    " is not the file the stop left (a copy, or written since): its blocks may not all be there");
            }
            if (FileChecksum.crc32c(recordsFile, kept.end()) != kept.recordsCrc() ||
                FileChecksum.crc32c(indexFile, indexBytes) != kept.indexCrc())
            {
                throw new IllegalStateException(recordsFile.getFileName() + " or " + indexFile.getFileName() +
                    " changed since the stop (checksum)");
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            closeQuietly(openedRecords);
            closeQuietly(openedIndex);
            throw ex instanceof IllegalStateException ? (IllegalStateException)ex :
                new IllegalStateException("its files cannot be read: " + ex, ex);
        }
        records = openedRecords;
        index = openedIndex;
        allocated = kept.allocated();
        end = kept.end();
        size = kept.size();
        slots = map(kept.slotCount());
        slotCount = kept.slotCount();
        kept.names().forEach(this::name);
        kept.sessions().forEach(this::session);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            if (null != channel)
            {
                channel.close();
            }
        }
        catch (final IOException ignored)
        {
            // a read-only check that failed: nothing to keep
        }
    }

    private static FileChannel create(final Path file) throws IOException
    {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.FILE));
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static int slotsFor(final long entries)
    {
        final long wanted = Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, 2 * entries));
        return (int)Math.min(MAX_SLOTS, Long.highestOneBit(wanted - 1) << 1);
    }

    /**
     * Adds a retired order's ClOrdID (already absent: the caller checked {@link #find}).
     *
     * @return the record's offset, for the accessors.
     */
    synchronized long add(
        final SessionID sessionId, final String brokerClOrdId, final long root, final long orderId,
        final long currentClOrdId, final int coreSession, final char ordStatus, final char side, final String account,
        final String symbol)
    {
        final byte[] key = brokerClOrdId.getBytes(StandardCharsets.UTF_8);
        final int length = recordLength(key.length);
        reserve(1, new int[] { length });
        if (end % chunkBytes + length > chunkBytes)
        {
            end = (end / chunkBytes + 1) * chunkBytes;
        }
        final long offset = end;
        final ByteBuffer chunk = chunk(offset);
        final int at = (int)(offset % chunkBytes);
        chunk.putLong(at + ROOT, root);
        chunk.putLong(at + ORDER_ID, orderId);
        chunk.putLong(at + CURRENT, currentClOrdId);
        chunk.putInt(at + CORE_SESSION, coreSession);
        chunk.putChar(at + STATUS, ordStatus);
        chunk.putChar(at + SIDE, side);
        chunk.putInt(at + ACCOUNT, name(account));
        chunk.putInt(at + SYMBOL, name(symbol));
        chunk.putInt(at + SESSION, session(sessionId));
        chunk.putInt(at + KEY_LENGTH, key.length);
        chunk.put(at + KEY, key);
        end = offset + length;
        insert(hash(chunk.getInt(at + SESSION), key), offset);
        size++;
        return offset;
    }

    /**
     * Adds every ClOrdID of a retired order, or none: room for all of them is made first ({@link #reserve}) and they
     * are added under the same hold of this object's lock, so that another session retiring an order meanwhile cannot
     * take that room (it would leave this order half added, and a retry would add its first ClOrdIDs a second time).
     * A ClOrdID already held is not added again (a second record would be a second K record in the compacted journal).
     *
     * @param brokerClOrdIds the order's ClOrdIDs (at least one).
     * @return the offset of the record of the last of them (for the accessors).
     * @throws UncheckedIOException  when the disk has no room (nothing changed).
     * @throws IllegalStateException when the index would exceed its largest size (nothing changed).
     */
    synchronized long addAll(
        final SessionID sessionId, final List<String> brokerClOrdIds, final long root, final long orderId,
        final long currentClOrdId, final int coreSession, final char ordStatus, final char side, final String account,
        final String symbol)
    {
        reserve(brokerClOrdIds);
        long record = -1;
        for (final String brokerClOrdId : brokerClOrdIds)
        {
            final long held = find(sessionId, brokerClOrdId);
            record = held >= 0 ? held : add(sessionId, brokerClOrdId, root, orderId, currentClOrdId, coreSession,
                ordStatus, side, account, symbol);
        }
        return record;
    }

    /**
     * Makes room for these ClOrdIDs, so that {@link #add}ing them (in this order, with nothing added in between) touches
     * only allocated pages and cannot fail for lack of disk: the records' blocks, their chunks mapped, and the index
     * grown if they would make it more than half full. {@link #addAll} calls it first, under the same hold of the lock.
     *
     * @param brokerClOrdIds the ClOrdIDs to be added.
     * @throws UncheckedIOException  when the disk has no room (nothing changed: what is held is still found).
     * @throws IllegalStateException when the index would exceed its largest size.
     */
    synchronized void reserve(final List<String> brokerClOrdIds)
    {
        final int[] lengths = new int[brokerClOrdIds.size()];
        for (int i = 0; i < lengths.length; i++)
        {
            lengths[i] = recordLength(brokerClOrdIds.get(i).getBytes(StandardCharsets.UTF_8).length);
        }
        reserve(lengths.length, lengths);
    }

    private int recordLength(final int keyLength)
    {
        final int length = (KEY + keyLength + 7) & ~7;
        if (length > chunkBytes)
        {
            throw new IllegalArgumentException("ClOrdID of " + keyLength + " bytes");
        }
        return length;
    }

    private void reserve(final int count, final int[] lengths)
    {
        requireOpen();
        long last = end; // where the records will end, laid out as add() lays them out
        for (final int length : lengths)
        {
            if (last % chunkBytes + length > chunkBytes)
            {
                last = (last / chunkBytes + 1) * chunkBytes;
            }
            last += length;
        }
        if (last > allocated)
        {
            final long to = Math.min(((last + ALLOCATION_STEP - 1) / ALLOCATION_STEP) * ALLOCATION_STEP,
                ((last + chunkBytes - 1) / chunkBytes) * (long)chunkBytes); // never past the chunk holding the last
            allocate(recordsFile, records, allocated, Math.max(to, last));
            allocated = Math.max(to, last);
        }
        if (last > 0)
        {
            chunk(last - 1); // maps the chunks they go into (a mapping can fail too)
        }
        long slotsWanted = slotCount;
        while ((long)(size + count) * 2 > slotsWanted)
        {
            slotsWanted *= 2;
        }
        if (slotsWanted > slotCount)
        {
            if (slotsWanted > MAX_SLOTS)
            {
                throw new IllegalStateException("more than " + MAX_SLOTS / 2 + " retired ClOrdIDs");
            }
            growIndex((int)slotsWanted);
        }
    }

    private void allocate(final Path file, final FileChannel channel, final long from, final long to)
    {
        try
        {
            allocator.allocate(file, channel, from, to);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot allocate " + (to - from) + " bytes of " + file +
                " (is the gateway data disk full?)", ex);
        }
    }

    /**
     * @return the offset of the session's ClOrdID's record, or -1.
     */
    synchronized long find(final SessionID sessionId, final String brokerClOrdId)
    {
        final Integer session = sessionIndex.get(sessionId);
        if (null == session || closed) // closed: a broker's request racing the stop finds nothing, not unmapped memory
        {
            return -1;
        }
        final byte[] key = brokerClOrdId.getBytes(StandardCharsets.UTF_8);
        final int hash = hash(session, key);
        final int mask = slotCount - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            final long entry = slots.getLong(slot * SLOT);
            if (0 == entry)
            {
                return -1;
            }
            final long offset = ((entry & 0xFFFF_FFFFL) - 1) * 8;
            if ((int)(entry >>> 32) == hash && matches(offset, session, key))
            {
                return offset;
            }
        }
    }

    /**
     * @return retired ClOrdIDs held.
     */
    synchronized int size()
    {
        return size;
    }

    /**
     * Visits every record, in the order added.
     */
    synchronized void forEach(final LongConsumer offsets)
    {
        forEachBefore(end, offsets);
    }

    /**
     * @return where the records added so far end: {@link #forEachBefore} visits them (records never change).
     */
    synchronized long end()
    {
        return end;
    }

    /**
     * Visits the records that end before {@code before} (an {@link #end()}), in the order added, taking this object's
     * lock for {@link #VISIT_BATCH} records at a time: others find and add between the batches.
     */
    void forEachBefore(final long before, final LongConsumer offsets)
    {
        long offset = 0;
        while (offset < before)
        {
            offset = visit(offset, before, offsets);
        }
    }

    private synchronized long visit(final long from, final long before, final LongConsumer offsets)
    {
        requireOpen();
        long offset = from;
        for (int visited = 0; offset < before && visited < VISIT_BATCH; )
        {
            final ByteBuffer chunk = chunk(offset);
            final int at = (int)(offset % chunkBytes);
            if (at + KEY > chunkBytes || 0 == chunk.getLong(at + ROOT))
            {
                offset = (offset / chunkBytes + 1) * chunkBytes; // the rest of the chunk was left empty
                continue;
            }
            offsets.accept(offset);
            visited++;
            offset += (KEY + chunk.getInt(at + KEY_LENGTH) + 7) & ~7;
        }
        return offset;
    }

    /**
     * What a retired ClOrdID's record holds.
     *
     * @param root          the order's gateway clOrdId (its NewOrderSingle's).
     * @param orderId       the core's order id, 0 if never learnt.
     * @param current       the gateway clOrdId the order answered to last.
     * @param coreSession   Aeron session of the core run that assigned {@code orderId} (0 after a restart).
     * @param ordStatus     the last OrdStatus reported to the broker.
     * @param side          the order's Side(54).
     * @param account       the order's account, or null.
     * @param symbol        the order's symbol.
     * @param sessionId     the broker session.
     * @param brokerClOrdId the session's ClOrdID.
     */
    record Retired(long root, long orderId, long current, int coreSession, char ordStatus, char side, String account,
        String symbol, SessionID sessionId, String brokerClOrdId)
    {
    }

    /**
     * @param offset a record's offset, from {@link #add}, {@link #find} or {@link #forEach}.
     * @return what it holds.
     */
    synchronized Retired read(final long offset)
    {
        requireOpen();
        final ByteBuffer chunk = chunk(offset);
        final int at = (int)(offset % chunkBytes);
        final byte[] key = new byte[chunk.getInt(at + KEY_LENGTH)];
        chunk.get(at + KEY, key);
        return new Retired(chunk.getLong(at + ROOT), chunk.getLong(at + ORDER_ID), chunk.getLong(at + CURRENT),
            chunk.getInt(at + CORE_SESSION), chunk.getChar(at + STATUS), chunk.getChar(at + SIDE),
            nameAt(chunk.getInt(at + ACCOUNT)), nameAt(chunk.getInt(at + SYMBOL)),
            sessions.get(chunk.getInt(at + SESSION)), new String(key, StandardCharsets.UTF_8));
    }

    /**
     * Unmaps and deletes the scratch files.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        closeAndDelete();
    }

    /**
     * Closes, keeping the scratch files for the next start ({@link #reopen}): their pages are forced to disk first,
     * then their checksums and identity taken. A failure leaves them open (the caller then {@link #close}s, which
     * deletes them).
     *
     * @return what {@link #reopen} needs.
     * @throws UncheckedIOException when they cannot be forced or read.
     */
    synchronized Kept closeAndKeep()
    {
        requireOpen();
        final Kept kept;
        try
        {
            chunks.forEach(MappedByteBuffer::force);
            slots.force();
            // Their identity once forced: nothing writes them after (a write through the maps stamps the time).
            kept = new Kept(end, allocated, size, slotCount, FileChecksum.crc32c(recordsFile, end),
                FileChecksum.crc32c(indexFile, (long)slotCount * SLOT), identity(recordsFile, indexFile),
                List.copyOf(names), List.copyOf(sessions));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot keep " + recordsFile + " and " + indexFile, ex);
        }
        closed = true;
        chunks.forEach(IoUtil::unmap);
        chunks.clear();
        IoUtil.unmap(slots);
        closeQuietly(records);
        closeQuietly(index);
        return kept;
    }

    /**
     * @return the records file (its index file is beside it, {@code .retired-index}).
     */
    Path recordsFile()
    {
        return recordsFile;
    }

    private void closeAndDelete()
    {
        chunks.forEach(IoUtil::unmap);
        chunks.clear();
        if (null != slots)
        {
            IoUtil.unmap(slots);
        }
        try
        {
            records.close();
            index.close();
            Files.deleteIfExists(recordsFile);
            Files.deleteIfExists(indexFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + recordsFile + " or " + indexFile, ex);
        }
    }

    /** Reading or writing unmapped memory would crash the JVM: a use after {@link #close} throws instead. */
    private void requireOpen()
    {
        if (closed)
        {
            throw new IllegalStateException(recordsFile + " is closed");
        }
    }

    private boolean matches(final long offset, final int session, final byte[] key)
    {
        final ByteBuffer chunk = chunk(offset);
        final int at = (int)(offset % chunkBytes);
        if (chunk.getInt(at + SESSION) != session || chunk.getInt(at + KEY_LENGTH) != key.length)
        {
            return false;
        }
        for (int i = 0; i < key.length; i++)
        {
            if (chunk.get(at + KEY + i) != key[i])
            {
                return false;
            }
        }
        return true;
    }

    private void insert(final int hash, final long offset)
    {
        final int mask = slotCount - 1;
        int slot = hash & mask;
        while (0 != slots.getLong(slot * SLOT))
        {
            slot = (slot + 1) & mask;
        }
        slots.putLong(slot * SLOT, ((long)hash << 32) | (offset / 8 + 1));
    }

    /** Maps an empty index of {@code count} slots, its blocks allocated (at creation: the file is empty). */
    private void mapIndex(final int count)
    {
        allocate(indexFile, index, 0, (long)count * SLOT);
        slots = map(count);
        slotCount = count;
    }

    /**
     * Rebuilds the index {@code count} slots large from the records. The new part is allocated first: a full disk
     * leaves the index as it was.
     */
    private void growIndex(final int count)
    {
        allocate(indexFile, index, (long)slotCount * SLOT, (long)count * SLOT);
        final MappedByteBuffer grown = map(count);
        IoUtil.unmap(slots);
        slots = grown;
        slotCount = count;
        // Every slot emptied (a stale slot would name a wrong record): pages already allocated, no disk needed.
        new org.agrona.concurrent.UnsafeBuffer(slots).setMemory(0, count * SLOT, (byte)0);
        reindex();
    }

    private MappedByteBuffer map(final int count)
    {
        try
        {
            return index.map(FileChannel.MapMode.READ_WRITE, 0, (long)count * SLOT);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map " + indexFile, ex);
        }
    }

    /** Fills a new, larger index from the records. */
    private void reindex()
    {
        forEach((offset) ->
        {
            final ByteBuffer chunk = chunk(offset);
            final int at = (int)(offset % chunkBytes);
            final byte[] key = new byte[chunk.getInt(at + KEY_LENGTH)];
            chunk.get(at + KEY, key);
            insert(hash(chunk.getInt(at + SESSION), key), offset);
        });
    }

    private ByteBuffer chunk(final long offset)
    {
        final int number = (int)(offset / chunkBytes);
        while (chunks.size() <= number)
        {
            try
            {
                chunks.add(records.map(FileChannel.MapMode.READ_WRITE, (long)chunks.size() * chunkBytes,
                    chunkBytes));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot map " + recordsFile, ex);
            }
        }
        return chunks.get(number);
    }

    private int name(final String name)
    {
        if (null == name)
        {
            return -1;
        }
        int at = nameIndex.getValue(name);
        if (-1 == at)
        {
            at = names.size();
            names.add(name);
            nameIndex.put(name, at);
        }
        return at;
    }

    private String nameAt(final int at)
    {
        return -1 == at ? null : names.get(at);
    }

    private int session(final SessionID sessionId)
    {
        return sessionIndex.computeIfAbsent(sessionId, (id) ->
        {
            sessions.add(id);
            return sessions.size() - 1;
        });
    }

    private static int hash(final int session, final byte[] key)
    {
        final int hash = 31 * session + Arrays.hashCode(key);
        return hash ^ (hash >>> 16);
    }
}
