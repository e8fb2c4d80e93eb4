package io.peregrine.core.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Reads core journal entries in order, one at a time, copying each payload into its own buffer. Used by recovery
 * (on the launching thread), by {@code PeregrineClient}'s report resume (the client's polling thread) and by the
 * audit trail; a reader is owned by one thread.
 * <p>
 * {@link #next()} allocates nothing once the tailer is warm. An entry whose bytes cannot be an entry (shorter than
 * its header, unknown type, longer payload than any entry can have, a CRC32C that does not match its bytes, no
 * checksum where one is due, or one the queue itself cannot read) is reported as {@link #CORRUPT} and
 * {@link #corruption()} says which; the caller decides what that means (recovery cuts it only at the tail).
 * <p>
 * The trailer (sequence number, CRC32C) is due on every entry but START of a format-2 journal, on every entry from
 * the index where a format-1 journal was continued ({@link #requireChecksumsFrom(long)}, from its identity file),
 * and after the first entry with a trailer met while reading on: a flipped flag bit cannot pass a damaged entry off
 * as unchecked.
 */
public final class JournalReader implements AutoCloseable
{
    /** {@link #next()}: an entry was read. */
    public static final int ENTRY = 1;
    /** {@link #next()}: nothing more is in the journal (yet). */
    public static final int END = 0;
    /** {@link #next()}: the next entry cannot be read as an entry; {@link #index()} says where. */
    public static final int CORRUPT = -1;

    private static final long NO_SEQUENCE = -1;

    private ExcerptTailer tailer;
    private final UnsafeBuffer entry = new UnsafeBuffer(new byte[
        JournalEntry.HEADER_LENGTH + JournalEntry.MAX_PAYLOAD_LENGTH + JournalEntry.TRAILER_LENGTH]);
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[JournalEntry.MAX_PAYLOAD_LENGTH]);
    private final CRC32C checksum = new CRC32C();
    // Entries at or after this index must have the trailer: 0 in a format-2 journal, the index where a format-1
    // journal was continued, or never (a reader that does not know, which still requires it after one it met).
    private long checksumsFrom = Long.MAX_VALUE;
    private boolean checksumSeen;
    private String corruption;
    private boolean missing;
    // Sequence the next entry must have (format 2), -1 when not known (after a reposition, or a format-1 entry).
    private long expectedSequence = NO_SEQUENCE;
    private long sequence = NO_SEQUENCE;
    // True until the first entry read since the reader was positioned: the only place a START may be.
    private boolean positioned;
    private int type;
    private long timestamp;
    private int source;
    private int length;
    private long index = -1;
    // After a read faulted (JournalNotReadableException): the next read first repositions after this index (the last
    // entry returned; -1: the first entry), on a new tailer, since the fault may have left the old one mid-entry.
    private boolean faulted;
    private long resumeIndex = -1;
    private long previousResumeIndex = -1;

    JournalReader(final ExcerptTailer tailer)
    {
        this.tailer = tailer;
        toFirst();
    }

    /**
     * Positions the tailer at the first entry on disk. Chronicle's own start is the first cycle of its listing
     * ({@code metadata.cq4t}), which only a writer refreshes: after cycle files were deleted by hand, or by a core that
     * died before it listed the directory again, a read-only queue's listing still names a deleted file and its tailer
     * would read an empty journal. The files on disk say where it starts.
     */
    private void toFirst()
    {
        unknownPosition();
        final long first = JournalCycles.firstPossibleIndex(tailer.queue());
        if (Long.MAX_VALUE == first || !tailer.moveToIndex(first))
        {
            tailer.toStart();
        }
    }

    /**
     * Reads the next entry.
     *
     * @return {@link #ENTRY}, {@link #END} or {@link #CORRUPT}.
     * @throws JournalNotReadableException if the read faulted in the memory map (a full tmpfs): nothing was read; the
     *                                     next call tries the same entry again.
     */
    public int next()
    {
        try
        {
            if (faulted)
            {
                reposition();
            }
            final int result = read();
            deliverFault();
            previousResumeIndex = resumeIndex;
            resumeIndex = index;
            return result;
        }
        catch (final InternalError ex)
        {
            throw fault(ex);
        }
    }

    /**
     * Throws here the InternalError of a fault in the reads just made, if there was one. In compiled code the JVM
     * does not throw it at the faulting access: it goes on (with whatever the load left in its register) and throws
     * "a fault occurred in a recent unsafe memory access" at a later point where it checks, which can be anywhere in
     * the caller, after this reader returned an entry (or CORRUPT) made of those bytes. A call into the VM is such a
     * point; {@code Thread.holdsLock} is one that costs little and changes nothing.
     */
    private void deliverFault()
    {
        Thread.holdsLock(entry);
    }

    /**
     * A new tailer, after the last entry returned: the faulted one may hold a half-read entry. Allocates (fault path).
     */
    private void reposition()
    {
        final ExcerptTailer old = tailer;
        tailer = old.queue().createTailer();
        try
        {
            old.close();
        }
        catch (final RuntimeException | InternalError ex)
        {
            // Its state is in doubt anyway: the new tailer is the one read from.
        }
        faulted = false;
        resumeAfter(resumeIndex);
    }

    /**
     * For a caller that got the fault's InternalError after a read returned (the JVM may deliver it at any later point
     * of the thread, see {@link #deliverFault()}): the entry that read returned may be made of the faulted bytes, so
     * the next read repositions before it and reads it again (at least once, never skipped).
     *
     * @param ex the InternalError the caller caught.
     * @return the exception saying the journal cannot be read now, to log.
     */
    public JournalNotReadableException faulted(final InternalError ex)
    {
        resumeIndex = previousResumeIndex;
        return fault(ex);
    }

    private JournalNotReadableException fault(final InternalError ex)
    {
        faulted = true;
        return new JournalNotReadableException("the core journal " + tailer.queue().fileAbsolutePath() + " cannot " +
            "be read now after index " + Long.toHexString(resumeIndex) + ": its memory map faulted (" +
            ex.getMessage() + "), which is what a full disk (tmpfs) or a cycle file cut short does to a mapped file. " +
            "Free space in the journal's file system (df " + tailer.queue().fileAbsolutePath() + ")", ex);
    }

    private int read()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return END;
            }
            index = dc.index();
            final boolean first = positioned;
            positioned = false;
            final Bytes<?> bytes = dc.wire().bytes();
            final long remaining = bytes.readRemaining();
            if (remaining < JournalEntry.HEADER_LENGTH || remaining > entry.capacity())
            {
                return corrupt(remaining < JournalEntry.HEADER_LENGTH ? "shorter than an entry header" :
                    "longer than any entry");
            }
            int entryLength = (int)remaining;
            bytes.read(entry.byteArray(), 0, entryLength);
            final int flaggedType = entry.getByte(0);
            long entrySequence = NO_SEQUENCE;
            if (0 != (flaggedType & JournalEntry.CHECKSUMMED))
            {
                entryLength -= JournalEntry.TRAILER_LENGTH;
                if (entryLength < JournalEntry.HEADER_LENGTH)
                {
                    return corrupt("shorter than an entry header and its trailer");
                }
                checksum.reset();
                checksum.update(entry.byteArray(), 0, entryLength + Long.BYTES);
                if ((int)checksum.getValue() != entry.getInt(entryLength + Long.BYTES, ByteOrder.LITTLE_ENDIAN))
                {
                    return corrupt("checksum mismatch: its bytes changed after it was written");
                }
                checksumSeen = true;
                entrySequence = entry.getLong(entryLength, ByteOrder.LITTLE_ENDIAN);
                if (NO_SEQUENCE != expectedSequence && 0 != entrySequence && expectedSequence != entrySequence)
                {
                    // The entry itself is sound: read it again next time, once this gap is reported.
                    dc.rollbackOnClose();
                    final long expected = expectedSequence;
                    expectedSequence = entrySequence;
                    missing = true;
                    corruption = "entries are missing before it: its sequence number is " + entrySequence +
                        ", the entry read before it had " + (expected - 1) + " (a cycle file deleted from the " +
                        "middle of the journal, or a damaged record header of the queue)";
                    positioned = first;
                    return CORRUPT;
                }
            }
            else if (JournalEntry.START == flaggedType)
            {
                // Only a journal's very first entry is a START: elsewhere it is damage (a type byte set to 0).
                if (!first || 0 != tailer.queue().rollCycle().toSequenceNumber(index))
                {
                    return corrupt("a START entry inside the journal");
                }
            }
            else if (index >= checksumsFrom || checksumSeen)
            {
                return corrupt("no checksum where one is due");
            }
            if (entryLength - JournalEntry.HEADER_LENGTH > JournalEntry.MAX_PAYLOAD_LENGTH)
            {
                return corrupt("longer than any entry");
            }
            type = flaggedType & ~JournalEntry.CHECKSUMMED;
            if (!JournalEntry.isKnownType(type))
            {
                return corrupt("unknown entry type " + flaggedType);
            }
            sequence = entrySequence;
            // After a START the numbering begins (format 2: the next entry is 0; format 1: it has none).
            expectedSequence = JournalEntry.START == type ? 0 :
                NO_SEQUENCE == entrySequence ? NO_SEQUENCE : entrySequence + 1;
            timestamp = entry.getLong(1, ByteOrder.LITTLE_ENDIAN);
            source = entry.getInt(9, ByteOrder.LITTLE_ENDIAN);
            length = entryLength - JournalEntry.HEADER_LENGTH;
            payload.putBytes(0, entry, JournalEntry.HEADER_LENGTH, length);
            return ENTRY;
        }
        catch (final RuntimeException ex)
        {
            index = tailer.index();
            return corrupt("the queue cannot read it (" + ex.getClass().getSimpleName() + ")");
        }
    }

    private int corrupt(final String why)
    {
        corruption = why;
        missing = false;
        // Which number the damaged entry had is not known: the next one starts the check again.
        expectedSequence = NO_SEQUENCE;
        return CORRUPT;
    }

    /**
     * For a reader that must see every entry (a scan that rebuilds state): whether the last {@link #CORRUPT} is damage
     * it cannot go past, rather than the torn last entry the core's recovery cuts (or has cut: a torn entry is the
     * journal's last only until the core's recovery marks it {@link JournalEntry#CUT} and appends after it).
     *
     * @return true for entries missing, or an unreadable entry that is not the journal's last and not cut by recovery.
     */
    public boolean corruptBeforeTail()
    {
        return missing || (index < tailer.queue().lastIndex() && !cutByRecovery());
    }

    /**
     * Peeks, without consuming it, at the entry after the last {@link #CORRUPT} one: whether it is the CUT mark the
     * core's recovery wrote for that index (written only for the journal's last entry, so it is a write a crash or a
     * full disk tore, not damage to what came before).
     */
    private boolean cutByRecovery()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            dc.rollbackOnClose();
            final Bytes<?> bytes = dc.wire().bytes();
            final int cutLength = JournalEntry.HEADER_LENGTH + Long.BYTES;
            if (bytes.readRemaining() < cutLength)
            {
                return false;
            }
            final byte[] cut = new byte[cutLength];
            bytes.read(cut, 0, cutLength);
            final UnsafeBuffer mark = new UnsafeBuffer(cut);
            return JournalEntry.CUT == (mark.getByte(0) & ~JournalEntry.CHECKSUMMED) &&
                index == mark.getLong(JournalEntry.HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    /**
     * @param consequence what the caller cannot do without the entry.
     * @return the exception that says where the last {@link #CORRUPT} is, why, and the fix.
     */
    public JournalException damage(final String consequence)
    {
        return new JournalException("the core journal " + tailer.queue().fileAbsolutePath() + " cannot be read " +
            "at index " + Long.toHexString(index) + " (" + corruption + "): " + consequence + ". `run.sh journal` " +
            "shows the entries around it. Restore the journal from a backup, or keep it for the audit, reconcile " +
            "open orders with the venue and start again on new data directories");
    }

    /**
     * @return whether the last {@link #CORRUPT} said entries are missing before a sound entry (which the next
     *         {@link #next()} then reads), rather than that an entry is damaged.
     */
    public boolean missingEntries()
    {
        return missing;
    }

    /**
     * @return sequence number of the last entry read, or -1 if it has none (START, format 1).
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * The sequence number of the newest entry that has one, reading back from the end (over a torn or damaged tail),
     * for a writer to go on from. Edge code.
     *
     * @param queue an open journal queue.
     * @return that number, or -1 if the newest readable entry has none (a format-1 journal, a new one).
     */
    static long lastSequence(final ChronicleQueue queue)
    {
        try (JournalReader reader = new JournalReader(queue.createTailer()))
        {
            reader.tailer.direction(TailerDirection.BACKWARD).toEnd();
            for (int entries = 0; entries < 64; entries++)
            {
                reader.unknownPosition();
                final int result = reader.next();
                if (JournalReader.END == result)
                {
                    return NO_SEQUENCE;
                }
                if (JournalReader.ENTRY == result)
                {
                    return reader.sequence;
                }
            }
            return NO_SEQUENCE; // nothing readable near the end: the next entries start a new numbering at 0
        }
    }

    private void unknownPosition()
    {
        checksumSeen = false;
        expectedSequence = NO_SEQUENCE;
        positioned = true;
    }

    /**
     * Requires the trailer on every entry but START at or after an index.
     *
     * @param index 0 for a format-2 journal, where a format-1 journal was continued, or -1 (not known: nothing).
     */
    void requireChecksumsFrom(final long index)
    {
        checksumsFrom = index < 0 ? Long.MAX_VALUE : index;
    }

    /**
     * @return why the last entry {@link #next()} reported {@link #CORRUPT} could not be read, or null if none was.
     */
    public String corruption()
    {
        return corruption;
    }

    /**
     * Positions the reader so that the next entry read is the one after {@code index} ({@code -1}: the first entry
     * still in the journal).
     *
     * @param index of the last entry already processed.
     * @return false if the journal has no such entry and never deleted one there (a position of another journal,
     *         or beyond its end); the reader is then at the start.
     * @throws JournalException if the position is in a cycle file that was deleted (retention): the entries after
     *                          it up to the first one left are gone, so resuming would skip them.
     * @throws JournalNotReadableException if the read faulted in the memory map (see {@link #next()}); the next read
     *                                     starts after {@code index}.
     */
    public boolean resumeAfter(final long index)
    {
        resumeIndex = index;
        try
        {
            final boolean found = moveAfter(index);
            deliverFault();
            return found;
        }
        catch (final InternalError ex)
        {
            throw fault(ex);
        }
    }

    private boolean moveAfter(final long index)
    {
        if (index < 0)
        {
            toFirst();
            return true;
        }
        unknownPosition();
        if (!tailer.moveToIndex(index))
        {
            toFirst();
            final long first = JournalCycles.firstPossibleIndex(tailer.queue());
            if (index < first && Long.MAX_VALUE != first)
            {
                throw new JournalException("position " + Long.toHexString(index) + " is in a part of the core " +
                    "journal " + tailer.queue().fileAbsolutePath() + " that was deleted: it now starts at " +
                    Long.toHexString(first) + " (" + JournalCycles.fileOf(tailer.queue(), first) + "), so the " +
                    "reports after that position and before the first file left are gone, not delivered. Put the " +
                    "deleted cycle files back (from a backup) to resume, or reconcile with the core's order state " +
                    "(e.g. status requests) and start this reader from the journal's first entry; keep the " +
                    "journal's retention (peregrine.journal.retain.cycles) longer than a reader can be away");
            }
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            positioned = false; // the entry at the position is read: the next one cannot be the journal's START
            return dc.isPresent();
        }
    }

    /**
     * Reads the entry at an index; the next {@link #next()} reads the one after it.
     *
     * @param index journal index.
     * @return {@link #ENTRY}, {@link #CORRUPT}, or {@link #END} if the journal has no entry there.
     * @throws JournalNotReadableException if the read faulted in the memory map (see {@link #next()}).
     */
    public int readAt(final long index)
    {
        unknownPosition();
        try
        {
            if (faulted)
            {
                reposition();
            }
            final boolean found = index >= 0 && tailer.moveToIndex(index);
            deliverFault();
            if (!found)
            {
                return END;
            }
        }
        catch (final InternalError ex)
        {
            throw fault(ex);
        }
        final int result = next();
        return JournalReader.ENTRY == result && this.index != index ? END : result;
    }

    /**
     * Lets the next thread that reads own the reader (Chronicle checks that one thread at a time uses a tailer):
     * call it after positioning the reader on one thread and before another thread polls it.
     */
    public void handOver()
    {
        tailer.singleThreadedCheckReset();
    }

    /**
     * @return type of the last entry read ({@link JournalEntry}).
     */
    public int type()
    {
        return type;
    }

    /**
     * @return the core's timestamp of the last entry read.
     */
    public long timestamp()
    {
        return timestamp;
    }

    /**
     * @return source of the last entry read: the Aeron session an input came from, 0 for outputs.
     */
    public int source()
    {
        return source;
    }

    /**
     * @return journal index (position) of the last entry read: unique and increasing for the life of the journal.
     */
    public long index()
    {
        return index;
    }

    /**
     * @return payload of the last entry read, from offset 0 (valid until the next call).
     */
    public UnsafeBuffer payload()
    {
        return payload;
    }

    /**
     * @return payload length of the last entry read.
     */
    public int length()
    {
        return length;
    }

    /**
     * Releases the tailer.
     */
    public void close()
    {
        tailer.close();
    }
}
