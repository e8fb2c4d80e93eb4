package io.peregrine.core.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
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
 * A checksum is due on every entry but START of a format-2 journal ({@link #requireChecksums()}), and, in a journal
 * of format 1 that a later release continued, on every entry after the first checksummed one met while reading on:
 * a flipped flag bit cannot pass a damaged entry off as unchecked.
 */
public final class JournalReader implements AutoCloseable
{
    /** {@link #next()}: an entry was read. */
    public static final int ENTRY = 1;
    /** {@link #next()}: nothing more is in the journal (yet). */
    public static final int END = 0;
    /** {@link #next()}: the next entry cannot be read as an entry; {@link #index()} says where. */
    public static final int CORRUPT = -1;

    private static final int NO_CYCLE = Integer.MIN_VALUE;

    private final ExcerptTailer tailer;
    private final UnsafeBuffer entry = new UnsafeBuffer(new byte[
        JournalEntry.HEADER_LENGTH + JournalEntry.MAX_PAYLOAD_LENGTH + JournalEntry.CHECKSUM_LENGTH]);
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[JournalEntry.MAX_PAYLOAD_LENGTH]);
    private final CRC32C checksum = new CRC32C();
    private boolean checksumsRequired;
    private boolean checksumSeen;
    private String corruption;
    private boolean missingCycles;
    // Cycles of the entries read, for the CYCLE markers' check: unknown after a reposition.
    private int cycle = NO_CYCLE;
    private int previousCycle = NO_CYCLE;
    private int entriesInCycle;
    private int type;
    private long timestamp;
    private int source;
    private int length;
    private long index = -1;

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
        checksumSeen = false;
        unknownCycles();
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
     */
    public int next()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return END;
            }
            index = dc.index();
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
            if (0 != (flaggedType & JournalEntry.CHECKSUMMED))
            {
                entryLength -= JournalEntry.CHECKSUM_LENGTH;
                if (entryLength < JournalEntry.HEADER_LENGTH)
                {
                    return corrupt("shorter than an entry header and its checksum");
                }
                checksum.reset();
                checksum.update(entry.byteArray(), 0, entryLength);
                if ((int)checksum.getValue() != entry.getInt(entryLength, ByteOrder.LITTLE_ENDIAN))
                {
                    return corrupt("checksum mismatch: its bytes changed after it was written");
                }
                checksumSeen = true;
            }
            else if ((checksumsRequired || checksumSeen) && JournalEntry.START != flaggedType)
            {
                return corrupt("no checksum where one is due");
            }
            else if (entryLength - JournalEntry.HEADER_LENGTH > JournalEntry.MAX_PAYLOAD_LENGTH)
            {
                return corrupt("longer than any entry");
            }
            type = flaggedType & ~JournalEntry.CHECKSUMMED;
            if (!JournalEntry.isKnownType(type))
            {
                return corrupt("unknown entry type " + flaggedType);
            }
            timestamp = entry.getLong(1, ByteOrder.LITTLE_ENDIAN);
            source = entry.getInt(9, ByteOrder.LITTLE_ENDIAN);
            length = entryLength - JournalEntry.HEADER_LENGTH;
            payload.putBytes(0, entry, JournalEntry.HEADER_LENGTH, length);
            return checkCycle();
        }
        catch (final RuntimeException ex)
        {
            return corrupt("the queue cannot read it (" + ex.getClass().getSimpleName() + ")");
        }
    }

    private int corrupt(final String why)
    {
        corruption = why;
        missingCycles = false;
        return CORRUPT;
    }

    /**
     * A CYCLE marker that is not the first entry of its cycle names the cycle of the entry before that first one:
     * when this reader read that entry in another cycle, the files between were deleted.
     */
    private int checkCycle()
    {
        final int entryCycle = tailer.queue().rollCycle().toCycle(index);
        if (entryCycle != cycle)
        {
            previousCycle = cycle;
            cycle = entryCycle;
            entriesInCycle = 0;
        }
        entriesInCycle++;
        if (JournalEntry.CYCLE == type && entriesInCycle > 1 && NO_CYCLE != previousCycle && length >= Long.BYTES)
        {
            final long named = payload.getLong(0, ByteOrder.LITTLE_ENDIAN);
            if (named != previousCycle)
            {
                corrupt("its cycle file follows cycle " + named + ", but the entry read before it is in cycle " +
                    previousCycle + ": the cycle files between (" + JournalCycles.fileOf(tailer.queue(),
                    tailer.queue().rollCycle().toIndex(previousCycle, 0)) + " up to " +
                    JournalCycles.fileOf(tailer.queue(), index) + ", exclusive) are missing");
                missingCycles = true;
                return CORRUPT;
            }
        }
        return ENTRY;
    }

    /**
     * @return whether the last {@link #CORRUPT} was a CYCLE marker showing cycle files missing before it (deleted
     *         from the middle of the journal), rather than a damaged entry.
     */
    public boolean missingCycles()
    {
        return missingCycles;
    }

    private void unknownCycles()
    {
        cycle = NO_CYCLE;
        previousCycle = NO_CYCLE;
        entriesInCycle = 0;
    }

    /**
     * Requires a checksum on every entry but START from now on (a format-2 journal's reader).
     */
    void requireChecksums()
    {
        checksumsRequired = true;
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
     */
    public boolean resumeAfter(final long index)
    {
        if (index < 0)
        {
            toFirst();
            return true;
        }
        checksumSeen = false;
        unknownCycles();
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
            return dc.isPresent();
        }
    }

    /**
     * Reads the entry at an index; the next {@link #next()} reads the one after it.
     *
     * @param index journal index.
     * @return {@link #ENTRY}, {@link #CORRUPT}, or {@link #END} if the journal has no entry there.
     */
    public int readAt(final long index)
    {
        checksumSeen = false;
        unknownCycles();
        if (index < 0 || !tailer.moveToIndex(index))
        {
            return END;
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
