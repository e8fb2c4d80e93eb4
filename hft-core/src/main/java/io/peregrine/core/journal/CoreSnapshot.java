package io.peregrine.core.journal;

import io.peregrine.core.admin.TradingGates;
import io.peregrine.core.egress.ClientReports;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.order.OrderLifecycle;
import io.peregrine.core.order.OrderTable;
import io.peregrine.core.venue.VenueSessions;
import io.peregrine.risk.PreTradeRisk;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.function.ObjIntConsumer;

/**
 * The core's state as one byte sequence: everything a replay of the journal rebuilds, so that restoring it and
 * replaying the journal after its position gives the same state as replaying the whole journal. Each owner writes
 * and reads its own part ({@code snapshotTo} / {@code restoreFrom}); this class only orders the parts and tags them,
 * so a part that is read short or long is caught instead of shifting every later one.
 * <p>
 * Parts, in order: id counters (order, venue request, exec id), the logic clock, the order table (records and the
 * reusable-slot FIFO; its two indexes and the per-account working counts are rebuilt from the records), pre-trade
 * risk (limits in force, kill switches, slots, exposure, positions, rate buckets, ClOrdID windows), trading gates
 * (symbol kill switches, venue pauses), venue session states, and the gateway's ingress binding.
 * <p>
 * Not part of it: Aeron counters and latency histograms (metrics of this process, not decisions), and configuration
 * (checked by {@link SnapshotFile}'s fingerprint instead). Equal states give equal bytes: sets and maps are written
 * sorted.
 * <p>
 * {@link #writeState} runs on the core thread between two inputs (or on the closing thread once the core thread
 * stopped) and allocates nothing unless the buffer grows; {@link #restoreState} runs on the launching thread into
 * freshly built owners, before the core thread starts.
 */
public final class CoreSnapshot
{
    /**
     * The parts of the state, in the order they are written, each behind a tag of four ASCII characters (three for
     * the part, then its format version), so a restore that is out of step says which part it expected.
     */
    private enum Part
    {
        IDS("IDS1"),
        CLOCK("CLK1"),
        /** Format 2: order records with the superseded client order id ({@link OrderTable#RECORD_LENGTH}). */
        ORDERS("ORD2"),
        /** Format 1, still restored: order records of {@link OrderTable#RECORD_LENGTH_FORMAT_1} bytes. */
        ORDERS_FORMAT_1("ORD1"),
        /** Format 2: the risk state ends with the trading day of the executed notionals. */
        RISK("RSK2"),
        /** Format 1, still restored: without the trading day (taken from the snapshot's clock instead). */
        RISK_FORMAT_1("RSK1"),
        GATES("GTE1"),
        SESSIONS("SES1"),
        ACCESS("ACC1"),
        END("END1");

        private final String ascii;
        private final int tag;

        Part(final String ascii)
        {
            this.ascii = ascii;
            this.tag = ascii.charAt(0) << 24 | ascii.charAt(1) << 16 | ascii.charAt(2) << 8 | ascii.charAt(3);
        }
    }

    private final OrderLifecycle lifecycle;
    private final ClientReports reports;
    private final LogicClock logicClock;
    private final OrderTable orders;
    private final PreTradeRisk risk;
    private final TradingGates gates;
    private final VenueSessions sessions;
    private final ClientAuthorisation authorisation;

    /**
     * @param lifecycle     the order life cycle (order and request id counters).
     * @param reports       the report encoder (exec id counter).
     * @param logicClock    the time the logic reads.
     * @param orders        the order table.
     * @param risk          pre-trade risk (in-memory store).
     * @param gates         symbol kill switches and venue pauses.
     * @param sessions      venue session states.
     * @param authorisation the gateway's ingress binding.
     */
    public CoreSnapshot(
        final OrderLifecycle lifecycle,
        final ClientReports reports,
        final LogicClock logicClock,
        final OrderTable orders,
        final PreTradeRisk risk,
        final TradingGates gates,
        final VenueSessions sessions,
        final ClientAuthorisation authorisation)
    {
        this.lifecycle = lifecycle;
        this.reports = reports;
        this.logicClock = logicClock;
        this.orders = orders;
        this.risk = risk;
        this.gates = gates;
        this.sessions = sessions;
        this.authorisation = authorisation;
    }

    /**
     * Writes the state.
     *
     * @param buffer where to write (an expandable buffer grows as needed).
     * @param offset where to start.
     * @return offset after the state.
     */
    public int writeState(final MutableDirectBuffer buffer, final int offset)
    {
        int at = tag(buffer, offset, Part.IDS);
        buffer.putLong(at, lifecycle.lastOrderId());
        buffer.putLong(at + 8, lifecycle.lastRequestId());
        buffer.putLong(at + 16, reports.lastExecId());
        at = tag(buffer, at + 24, Part.CLOCK);
        buffer.putLong(at, logicClock.nanoTime());
        at = orders.snapshotTo(buffer, tag(buffer, at + 8, Part.ORDERS));
        at = risk.snapshotTo(buffer, tag(buffer, at, Part.RISK));
        at = gates.snapshotTo(buffer, tag(buffer, at, Part.GATES));
        at = sessions.snapshotTo(buffer, tag(buffer, at, Part.SESSIONS));
        at = authorisation.snapshotTo(buffer, tag(buffer, at, Part.ACCESS));
        return tag(buffer, at, Part.END);
    }

    /**
     * Restores the state into the owners given at construction, which must be freshly built.
     *
     * @param buffer holding the state.
     * @param offset where it starts.
     * @param length its length.
     * @throws IllegalStateException if a part is not where it should be, or does not fit the owners.
     */
    public void restoreState(final DirectBuffer buffer, final int offset, final int length)
    {
        int at = expect(buffer, offset, Part.IDS);
        lifecycle.restoreIds(buffer.getLong(at), buffer.getLong(at + 8));
        reports.restoreLastExecId(buffer.getLong(at + 16));
        at = expect(buffer, at + 24, Part.CLOCK);
        logicClock.time(buffer.getLong(at));
        at = orders.restoreFrom(buffer, at + 12, orderRecordLength(buffer, at + 8));
        if (buffer.getInt(at) == Part.RISK_FORMAT_1.tag)
        {
            at = risk.restoreFrom(buffer, at + 4, false);
            // the day of the last input before the snapshot: what the risk of that release would have followed
            risk.onTime(logicClock.nanoTime());
        }
        else
        {
            at = risk.restoreFrom(buffer, expect(buffer, at, Part.RISK));
        }
        at = gates.restoreFrom(buffer, expect(buffer, at, Part.GATES));
        at = sessions.restoreFrom(buffer, expect(buffer, at, Part.SESSIONS));
        at = authorisation.restoreFrom(buffer, expect(buffer, at, Part.ACCESS));
        at = expect(buffer, at, Part.END);
        if (at != offset + length)
        {
            throw new IllegalStateException("snapshot state is " + length + " bytes, its parts end at " +
                (at - offset));
        }
    }

    /**
     * Reads the orders of a snapshot's state without restoring anything (see {@link OrderTable#readSnapshot}).
     *
     * @param content a snapshot file's content.
     * @param order   called for each order record, working or recently closed.
     * @throws IllegalStateException if the state's first parts are not where they should be.
     */
    public static void readOrders(final SnapshotFile.Content content, final ObjIntConsumer<OrderTable> order)
    {
        final DirectBuffer buffer = content.buffer();
        int at = expect(buffer, content.stateOffset(), Part.IDS);
        at = expect(buffer, at + 24, Part.CLOCK);
        OrderTable.readSnapshot(buffer, at + 12, orderRecordLength(buffer, at + 8), order);
    }

    private static int tag(final MutableDirectBuffer buffer, final int offset, final Part part)
    {
        buffer.putInt(offset, part.tag);
        return offset + 4;
    }

    /**
     * @return the length of the order records after the orders part's tag at {@code offset}: this format's, or format
     *         1's (a snapshot written before the records held the superseded client order id).
     * @throws IllegalStateException if the tag is neither.
     */
    private static int orderRecordLength(final DirectBuffer buffer, final int offset)
    {
        if (buffer.getInt(offset) == Part.ORDERS_FORMAT_1.tag)
        {
            return OrderTable.RECORD_LENGTH_FORMAT_1;
        }
        expect(buffer, offset, Part.ORDERS);
        return OrderTable.RECORD_LENGTH;
    }

    private static int expect(final DirectBuffer buffer, final int offset, final Part part)
    {
        final int found = buffer.getInt(offset);
        if (found != part.tag)
        {
            throw new IllegalStateException("snapshot part " + part + " (tag " + part.ascii + ", " +
                Integer.toHexString(part.tag) + ") expected at offset " + offset + ", found " +
                Integer.toHexString(found));
        }
        return offset + 4;
    }
}
