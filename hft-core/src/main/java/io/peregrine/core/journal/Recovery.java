package io.peregrine.core.journal;

import io.peregrine.core.egress.MessageSink;
import io.peregrine.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds the core's state by replaying its journal: every journaled input goes through the same logic as when it
 * arrived, with the journaled timestamp, and every output the logic makes is matched against the outputs
 * journaled after that input instead of being published again (a report or request that differs is counted as a
 * mismatch and logged: the logic is meant to be a deterministic function of the journal).
 * <p>
 * At the end of the journal the last input's outputs may be missing (the process died while handling it): the
 * logic's remaining outputs are then published for real and journaled, venue requests after waiting (bounded)
 * for a venue adapter to connect. An unreadable entry at the very end (a torn or corrupt tail) is skipped, logged
 * and marked with a {@link JournalEntry#CUT} entry so later recoveries skip it too; an unreadable entry anywhere
 * else stops the start with a {@link JournalException}.
 * <p>
 * A mismatch that moves an id the outside world has seen (an order accepted then and refused now, or the reverse: the
 * later orders, ExecIDs and venue requests are numbered differently) is told apart ({@link #firstIdChange()}): no
 * start may continue from such a state.
 * <p>
 * Runs on the launching thread before the core agent thread starts; allocates its buffers, and Strings only on a
 * mismatch.
 */
public final class Recovery
{
    /** {@link #onOutput}: the journal has no more outputs for this input: publish it for real. */
    static final long PUBLISH_LIVE = Long.MIN_VALUE;
    /** What a replayed successful offer answers (any position &gt; 0 means published). */
    private static final long REPLAYED_POSITION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final int MISMATCHES_LOGGED = 10;

    /**
     * What the core does with a journaled input (its message handling, minus the journaling).
     */
    @FunctionalInterface
    public interface InputHandler
    {
        /**
         * @param type      {@link JournalEntry#INGRESS}, {@link JournalEntry#VENUE_IN} or {@link JournalEntry#RESTART}.
         * @param timestamp the time the logic used.
         * @param source    Aeron session of the publication the input came from.
         * @param buffer    the message.
         * @param offset    of the message.
         * @param length    of the message.
         */
        void onInput(int type, long timestamp, int source, DirectBuffer buffer, int offset, int length);
    }

    private final CoreJournal journal;
    private final JournalReader reader;
    private final long connectTimeoutNs;
    /** The input being replayed. */
    private HeldInput input = new HeldInput();
    /** An input read while looking for the current input's outputs, replayed next (the two swap). */
    private HeldInput held = new HeldInput();
    private boolean hasHeld;
    private boolean atEnd;
    private long inputs;
    private long entries;
    private long mismatches;
    private long firstMismatchIndex = -1;
    private String firstMismatch;
    private final OutputIds ids = new OutputIds();
    private long firstIdChangeIndex = -1;
    private String firstIdChange;
    private long lastTimestamp;
    private long cutIndex = -1;
    private JournalException damage;
    private long lastIndex = -1;
    private long tailOutputsPublished;
    private long elapsedNs;
    private long snapshotIndex = -1;
    private long snapshotInputs;

    private Recovery(final CoreJournal journal, final long connectTimeoutNs)
    {
        this.journal = journal;
        this.reader = journal.reader();
        this.connectTimeoutNs = connectTimeoutNs;
    }

    private void startAfter(final long index, final long inputsBefore, final long timestamp)
    {
        if (JournalReader.ENTRY != reader.readAt(index))
        {
            reader.close();
            throw new JournalException("the core journal " + journal.directory().toAbsolutePath() + " has no " +
                "readable entry at the snapshot's index " + Long.toHexString(index));
        }
        snapshotIndex = index;
        snapshotInputs = inputsBefore;
        lastIndex = index;
        lastTimestamp = Math.max(timestamp, reader.timestamp());
    }

    /**
     * Replays a journal into the core's logic.
     *
     * @param journal          the open journal.
     * @param handler          the core's input handling.
     * @param connectTimeoutNs longest wait for a venue adapter before publishing a request missing at the tail.
     * @param outputs          the core's journaled output streams (answered from the journal while replaying).
     * @return what was replayed.
     */
    public static Recovery replay(
        final CoreJournal journal,
        final InputHandler handler,
        final long connectTimeoutNs,
        final JournaledPublication... outputs)
    {
        return replay(journal, handler, connectTimeoutNs, null, 0, outputs);
    }

    /**
     * Replays the journal after a snapshot's position into a core whose state was restored from that snapshot (or
     * the whole journal if {@code snapshot} is null).
     *
     * @param journal          the open journal.
     * @param handler          the core's input handling.
     * @param connectTimeoutNs longest wait for a venue adapter before publishing a request missing at the tail.
     * @param snapshot         the snapshot the core's state was restored from, or null.
     * @param restoreNs        how long loading and restoring the snapshot took (counted in {@link #elapsedNs()}).
     * @param outputs          the core's journaled output streams.
     * @return what was replayed.
     */
    public static Recovery replay(
        final CoreJournal journal,
        final InputHandler handler,
        final long connectTimeoutNs,
        final SnapshotFile.Content snapshot,
        final long restoreNs,
        final JournaledPublication... outputs)
    {
        if (null == snapshot && journal.isPruned())
        {
            throw new JournalException("the core journal in " + journal.directory().toAbsolutePath() + " starts at " +
                "index " + Long.toHexString(journal.firstIndex()) + " (" +
                JournalCycles.fileOf(journal.queue(), journal.firstIndex()) + "): the cycle files from its start (" +
                Long.toHexString(journal.startIndex()) + ") to there were deleted, and no valid snapshot in " +
                journal.directory().resolve(SnapshotStore.DIRECTORY).toAbsolutePath() + " covers the first entry " +
                "left (the WARN lines above say why each one was refused). The state cannot be rebuilt from what is " +
                "left, and starting over would lose orders and positions. Put the deleted cycle files back (from a " +
                "backup), or the snapshot that retention kept; never delete cycle files by hand at or after the " +
                "oldest snapshot's (see \"Retention\" in hft-core/README.md)");
        }
        final Recovery recovery = new Recovery(journal, connectTimeoutNs);
        final long endIndex = journal.lastIndex();
        final long start = System.nanoTime() - restoreNs;
        if (null != snapshot)
        {
            recovery.startAfter(snapshot.journalIndex(), snapshot.inputs(), 0);
        }
        for (final JournaledPublication output : outputs)
        {
            output.recovery(recovery);
        }
        try
        {
            while (recovery.nextInput())
            {
                final HeldInput input = recovery.input;
                journal.replaying(input.index);
                handler.onInput(input.type, input.timestamp, input.source, input.payload, 0, input.length);
                if (null != recovery.damage)
                {
                    throw recovery.damage;
                }
            }
        }
        catch (final InternalError ex)
        {
            // A fault of the journal's memory map the JVM raised after the read returned (a full tmpfs): the start
            // refuses in one line naming the fix, as when the reader raises it itself.
            throw JournalNotReadableException.in(journal.directory(), ex);
        }
        finally
        {
            journal.replaying(-1);
            for (final JournaledPublication output : outputs)
            {
                output.recovery(null);
            }
            recovery.reader.close();
        }
        if (recovery.lastIndex < endIndex && recovery.cutIndex != endIndex)
        {
            // The queue's index names entries its reader never reached: a record header in between is damaged.
            throw new JournalException("the core journal " + journal.directory().toAbsolutePath() + " ends at " +
                "index " + Long.toHexString(endIndex) + " but its entries could be read only up to " +
                Long.toHexString(recovery.lastIndex) + ": the ones after are unreadable (a damaged record header " +
                "of the queue). Replaying without them would rebuild a wrong state. Keep the directory for the " +
                "audit (run.sh journal shows where reading stops), reconcile open orders with the venue and start " +
                "on a new peregrine.journal.dir, or restore the journal from a backup");
        }
        recovery.elapsedNs = System.nanoTime() - start;
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(recovery.elapsedNs);
        if (recovery.snapshotIndex >= 0)
        {
            LOG.info("core journal {}: recovered {} inputs in {} ms: snapshot at index {} ({} inputs), then {} " +
                "inputs ({} entries) replayed; {} outputs of the last input published now; {} mismatches",
                journal.directory().toAbsolutePath(), recovery.inputs(), elapsedMs,
                Long.toHexString(recovery.snapshotIndex), recovery.snapshotInputs, recovery.inputs, recovery.entries,
                recovery.tailOutputsPublished, recovery.mismatches);
        }
        else if (recovery.inputs > 0)
        {
            LOG.info("core journal {}: recovered {} inputs ({} entries) in {} ms by full replay; {} outputs of the " +
                "last input published now; {} mismatches", journal.directory().toAbsolutePath(), recovery.inputs,
                recovery.entries, elapsedMs, recovery.tailOutputsPublished, recovery.mismatches);
        }
        if (recovery.mismatches > 0)
        {
            LOG.error("core journal replay differed from the journal {} times: the state was rebuilt from the inputs; " +
                "the audit trail shows what was sent", recovery.mismatches);
        }
        return recovery;
    }

    private boolean nextInput()
    {
        if (hasHeld)
        {
            hasHeld = false;
            final HeldInput next = held;
            held = input;
            input = next;
            inputs++;
            return true;
        }
        while (readEntry())
        {
            final int type = reader.type();
            if (JournalEntry.isInput(type))
            {
                input.copy(reader);
                inputs++;
                return true;
            }
            if (JournalEntry.isOutput(type))
            {
                // The journal holds an output the logic did not make this time.
                mismatch("journaled output not reproduced", reader.index());
                idChange("the journal holds " + ids.of(reader.payload(), 0, reader.length()) + ", which the replay " +
                    "did not make", reader.index());
            }
        }
        return false;
    }

    /**
     * Reads the next entry that is not a START or CUT marker.
     *
     * @return false at the end of the journal.
     */
    private boolean readEntry()
    {
        if (atEnd)
        {
            // Past the end, the journal holds only what this recovery published for the last input: not replayed.
            return false;
        }
        while (true)
        {
            final int result = reader.next();
            if (JournalReader.END == result)
            {
                atEnd = true;
                return false;
            }
            if (JournalReader.CORRUPT == result)
            {
                onCorrupt(reader.index());
                if (atEnd)
                {
                    return false;
                }
                continue;
            }
            entries++;
            lastIndex = reader.index();
            lastTimestamp = Math.max(lastTimestamp, reader.timestamp());
            final int type = reader.type();
            if (JournalEntry.START != type && JournalEntry.CUT != type)
            {
                return true;
            }
        }
    }

    private void onCorrupt(final long corruptIndex)
    {
        final String why = reader.corruption();
        if (reader.missingEntries())
        {
            throw damaged("the core journal " + journal.directory().toAbsolutePath() + " has lost entries before " +
                "index " + Long.toHexString(corruptIndex) + ": " + why + ". Replaying without them would rebuild a " +
                "wrong state. Put the missing cycle files back (from a backup), or keep the directory for the audit " +
                "and start on a new peregrine.journal.dir after reconciling open orders with the venue; never delete " +
                "cycle files by hand but the oldest (see \"Retention\" in hft-core/README.md)");
        }
        final int after = reader.next();
        if (JournalReader.END == after)
        {
            cutIndex = corruptIndex;
            atEnd = true;
            LOG.warn("core journal {}: the entry at index {} (the last) is torn or corrupt ({}); cut there, recovery " +
                "goes on from the entries before it", journal.directory().toAbsolutePath(), Long.toHexString(corruptIndex),
                why);
            if (!journal.appendValue(JournalEntry.CUT, lastTimestamp, corruptIndex))
            {
                throw damaged("the core journal " + journal.directory().toAbsolutePath() + " has a " +
                    "corrupt last entry and the CUT mark could not be written (journal unavailable: free disk space?)");
            }
            return;
        }
        if (JournalReader.ENTRY == after && JournalEntry.CUT == reader.type() && reader.length() >= 8 &&
            reader.payload().getLong(0, java.nio.ByteOrder.LITTLE_ENDIAN) == corruptIndex)
        {
            // Cut by an earlier recovery: the mark is read, so the journal's end check counts it (when it is the last
            // entry, an earlier start cut the tail and appended nothing after it).
            lastIndex = reader.index();
            return;
        }
        throw damaged("the core journal " + journal.directory().toAbsolutePath() + " has an " +
            "unreadable entry at index " + Long.toHexString(corruptIndex) + " (" + why + ") followed by more " +
            "entries: it is " +
            "damaged, not torn at its end. The core cannot rebuild its state from it. Keep the directory for the " +
            "audit, reconcile open orders with the venue, and start on a new peregrine.journal.dir");
    }

    /**
     * Stops the replay for good: the exception is also kept, because an output's check runs inside the core's input
     * handling, whose error handler would log it and let the replay go on to a misleading mismatch.
     */
    private JournalException damaged(final String message)
    {
        damage = new JournalException(message);
        atEnd = true;
        return damage;
    }

    long onOutput(final byte outputType, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null != damage)
        {
            throw damage; // never publish the rest of an input's outputs live once the journal proved damaged
        }
        if (atEnd)
        {
            tailOutputsPublished++;
            return PUBLISH_LIVE;
        }
        if (hasHeld)
        {
            mismatch("output not in the journal", lastIndex);
            idChange("the replay made " + ids.of(buffer, offset, length) + ", which the journal does not hold",
                lastIndex);
            return REPLAYED_POSITION;
        }
        if (!readEntry())
        {
            tailOutputsPublished++;
            return PUBLISH_LIVE;
        }
        final int type = reader.type();
        if (JournalEntry.isInput(type))
        {
            // The journal moved on to the next input: this output was never journaled.
            held.copy(reader);
            hasHeld = true;
            mismatch("output not in the journal", reader.index());
            idChange("the replay made " + ids.of(buffer, offset, length) + ", which the journal does not hold",
                reader.index());
            return REPLAYED_POSITION;
        }
        if (JournalEntry.OFFER_FAILED == type && JournalEntry.VENUE_REQUEST == outputType && reader.length() >= 8)
        {
            return reader.payload().getLong(0, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        if (type != outputType || length != reader.length() ||
            !sameMessage(buffer, offset, reader.payload(), length))
        {
            mismatch(type != outputType ? "output of another kind than the journal's" :
                "output differs from the journal", reader.index());
            final String journaled = ids.of(reader.payload(), 0, reader.length());
            final String replayed = ids.of(buffer, offset, length);
            if (type != outputType || !journaled.equals(replayed))
            {
                idChange("the journal holds " + journaled + " where the replay made " + replayed, reader.index());
            }
        }
        return REPLAYED_POSITION;
    }

    void awaitConnected(final MessageSink publication)
    {
        final long deadline = System.nanoTime() + connectTimeoutNs;
        while (!publication.isConnected() && System.nanoTime() < deadline)
        {
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Whether an output is the journaled one: the same bytes, except that a journal of an older schema version
     * ({@link CoreJournal#OLDEST_SCHEMA_VERSION} on) holds its messages with that version in their SBE header, where
     * this core writes its own: the messages of an older version are laid out alike in this one (the schema only adds
     * messages and values), so the rest of the bytes must match.
     *
     * @param a      the output.
     * @param offset of the output.
     * @param b      the journaled output, from 0.
     * @param length of both.
     */
    static boolean sameMessage(final DirectBuffer a, final int offset, final DirectBuffer b, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return equal(a, offset, b, 0, length);
        }
        final int versionOffset = 6;
        final int journaledVersion = b.getShort(versionOffset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int version = a.getShort(offset + versionOffset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final boolean sameVersion = journaledVersion == version ||
            (version == MessageHeaderDecoder.SCHEMA_VERSION && journaledVersion >= CoreJournal.OLDEST_SCHEMA_VERSION &&
            journaledVersion < version);
        return sameVersion && equal(a, offset, b, 0, versionOffset) &&
            equal(a, offset + MessageHeaderDecoder.ENCODED_LENGTH, b, MessageHeaderDecoder.ENCODED_LENGTH,
            length - MessageHeaderDecoder.ENCODED_LENGTH);
    }

    private static boolean equal(
        final DirectBuffer a, final int aOffset, final DirectBuffer b, final int bOffset, final int length)
    {
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            if (a.getLong(aOffset + i) != b.getLong(bOffset + i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    private void mismatch(final String what, final long index)
    {
        if (0 == mismatches++)
        {
            firstMismatch = what + " at index " + Long.toHexString(index);
            firstMismatchIndex = index;
        }
        if (mismatches <= MISMATCHES_LOGGED)
        {
            LOG.warn("core journal replay: {} at index {}", what, Long.toHexString(index));
        }
    }

    private void idChange(final String what, final long index)
    {
        if (null == firstIdChange)
        {
            firstIdChange = what + " (index " + Long.toHexString(index) + ")";
            firstIdChangeIndex = index;
        }
    }

    /**
     * @return the first mismatch that gives an id the outside world has seen (core order id, ExecID, venue request id)
     *         to another order or report, or makes or drops an output that carries one, with its journal index; null
     *         if every mismatch kept them (only other fields differ). A core must not continue from a replay that
     *         changed ids: a venue's later report for an order would be booked on the order that holds its id now.
     */
    public String firstIdChange()
    {
        return firstIdChange;
    }

    /**
     * @return journal index of {@link #firstIdChange()}, or -1.
     */
    public long firstIdChangeIndex()
    {
        return firstIdChangeIndex;
    }

    /**
     * @return how long the replay took, in nanoseconds.
     */
    public long elapsedNs()
    {
        return elapsedNs;
    }

    /**
     * @return inputs the recovered state includes: those of the snapshot plus those replayed after it.
     */
    public long inputs()
    {
        return snapshotInputs + inputs;
    }

    /**
     * @return inputs replayed from the journal (after the snapshot, if one was used).
     */
    public long replayedInputs()
    {
        return inputs;
    }

    /**
     * @return journal index of the snapshot the state was restored from, or -1 (full replay).
     */
    public long snapshotIndex()
    {
        return snapshotIndex;
    }

    /**
     * @return index of the last journal entry the recovered state includes (-1 for an empty journal).
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    /**
     * @return entries read (inputs and outputs).
     */
    public long entries()
    {
        return entries;
    }

    /**
     * @return outputs that differed from, or were missing in, the journal (0 for a deterministic core).
     */
    public long mismatches()
    {
        return mismatches;
    }

    /**
     * @return journal index of the first mismatch, or -1 if none.
     */
    public long firstMismatchIndex()
    {
        return firstMismatchIndex;
    }

    /**
     * @return what the first mismatch was and at which journal index, or null if none.
     */
    public String firstMismatch()
    {
        return firstMismatch;
    }

    /**
     * @return index of the torn/corrupt last entry this recovery cut, or -1.
     */
    public long cutIndex()
    {
        return cutIndex;
    }

    /**
     * @return outputs of the last input that were missing from the journal and were published now.
     */
    public long tailOutputsPublished()
    {
        return tailOutputsPublished;
    }

    /**
     * A journaled input copied out of the journal (the reader moves on): its payload and entry fields.
     */
    private static final class HeldInput
    {
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[JournalEntry.MAX_PAYLOAD_LENGTH]);
        private int type;
        private long timestamp;
        private int source;
        private int length;
        private long index;

        private void copy(final JournalReader reader)
        {
            index = reader.index();
            payload.putBytes(0, reader.payload(), 0, reader.length());
            type = reader.type();
            timestamp = reader.timestamp();
            source = reader.source();
            length = reader.length();
        }
    }
}
