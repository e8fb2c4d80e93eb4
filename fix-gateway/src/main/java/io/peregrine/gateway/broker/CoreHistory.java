package io.peregrine.gateway.broker;

import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.core.journal.SnapshotStore;
import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.ReplaceOrderDecoder;
import io.peregrine.sbe.Side;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the core's journal says about this gateway's broker side: the clOrdIds of every NewOrder, CancelOrder and
 * ReplaceOrder with the gateway's clientId among its ingress entries (but those the core refused as not authorised:
 * another publication using the gateway's id), the highest of them, and the orders of this
 * gateway the core still holds as working (their last report not final). The core journals every input before acting
 * on it, so a request missing here never reached the core (for instance offered just before a crash that took the
 * core down with the gateway); and the gateway journals every clOrdId before offering it, so a clOrdId here above the
 * gateway's own highest means the gateway's journal is not the one that sent it (its data directory was replaced).
 * <p>
 * A journal whose first files were deleted (retention: it no longer starts with its {@code START} entry) holds only
 * the later requests and reports: it cannot tell whether a request older than the lowest clOrdId it still holds
 * was received ({@link #tells}; the gateway's own record of its offer decides). The working orders whose reports all
 * went with the deleted files, and the highest clOrdId of this gateway the core still holds, come from the newest
 * snapshot the files left cover.
 * <p>
 * Read once at the gateway's start, on the starting thread; allocates (edge).
 *
 * @param receivedClOrdIds gateway clOrdIds the core journaled, in the files left.
 * @param lowestClOrdId    the lowest of them, 0 if none.
 * @param highestClOrdId   the highest of them, 0 if none.
 * @param pruned           whether the journal's first files were deleted.
 * @param workingOrders    the gateway's orders the core holds as working, by core order id, each described for an
 *                         operator ("orderId 17 ACC1 BUY 100 AAPL @ 180.00, gateway clOrdId 12").
 * @param workingClOrdIds  the gateway clOrdId of each of them, in the same order.
 * @param lastIndex        the index of the journal's last readable entry, {@link #NO_INDEX} for an empty journal.
 * @param deliveredStatus  the FIX OrdStatus of the last report the gateway delivered of each order still working
 *                         then, by core order id: the reports up to the saved report position.
 */
public record CoreHistory(
    LongHashSet receivedClOrdIds,
    long lowestClOrdId,
    long highestClOrdId,
    boolean pruned,
    List<String> workingOrders,
    List<Long> workingClOrdIds,
    long lastIndex,
    Long2LongHashMap deliveredStatus)
{
    private static final Logger LOG = LoggerFactory.getLogger(CoreHistory.class);

    /** The index of a journal without a readable entry. */
    public static final long NO_INDEX = -1;

    /** {@link #deliveredOrdStatus}'s answer for an order of which no delivered report is known. */
    public static final char NO_STATUS = 0;

    /**
     * @param journalDir  the core's journal directory (its snapshots, for a pruned journal).
     * @param coreJournal the core's journal, opened read-only.
     * @param clientId    the gateway's clientId.
     * @param delivered   the index of the last report the gateway delivered (its saved report position), or
     *                    {@link ReportPosition#NONE}.
     * @return what the journal holds of this gateway, read to its end.
     */
    public static CoreHistory read(
        final Path journalDir, final ChronicleQueue coreJournal, final int clientId, final long delivered)
    {
        final LongHashSet reported = new LongHashSet();
        long firstIndex = NO_INDEX;
        final LongHashSet received = new LongHashSet();
        final Long2LongHashMap deliveredStatus = new Long2LongHashMap(NO_STATUS);
        final Map<Long, Working> working = new TreeMap<>();
        final MessageFrame frame = new MessageFrame();
        final NewOrderDecoder newOrder = new NewOrderDecoder();
        final CancelOrderDecoder cancel = new CancelOrderDecoder();
        final ReplaceOrderDecoder replace = new ReplaceOrderDecoder();
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        final CancelRejectDecoder cancelReject = new CancelRejectDecoder();
        long refusable = 0;
        long lastIndex = NO_INDEX;
        boolean pruned = false;
        try (JournalReader reader = CoreJournal.reader(coreJournal))
        {
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY != result)
                {
                    if (reader.corruptBeforeTail())
                    {
                        // Skipped, a request of this gateway's would count as never received and go again.
                        throw reader.damage("the gateway cannot tell which of its requests the core received");
                    }
                    continue; // the torn last entry, which the core's recovery cuts
                }
                final int type = reader.type();
                if (NO_INDEX == lastIndex)
                {
                    pruned = JournalEntry.START != type;
                    firstIndex = reader.index();
                }
                lastIndex = reader.index();
                if (JournalEntry.isInput(type))
                {
                    refusable = 0;
                }
                if (JournalEntry.INGRESS != type && JournalEntry.REPORT != type)
                {
                    continue;
                }
                try
                {
                    switch (frame.wrapIfPeregrine(reader.payload(), 0, reader.length()))
                    {
                        case NewOrderDecoder.TEMPLATE_ID:
                            refusable = add(received, clientId, frame.body(newOrder).clientId(), newOrder.clOrdId());
                            break;
                        case CancelOrderDecoder.TEMPLATE_ID:
                            refusable = add(received, clientId, frame.body(cancel).clientId(), cancel.clOrdId());
                            break;
                        case ReplaceOrderDecoder.TEMPLATE_ID:
                            refusable = add(received, clientId, frame.body(replace).clientId(), replace.clOrdId());
                            break;
                        case CancelRejectDecoder.TEMPLATE_ID:
                            frame.body(cancelReject);
                            if (notAuthorised(refusable, cancelReject.clientId() == clientId, cancelReject.clOrdId(),
                                cancelReject.rejectReason()))
                            {
                                received.remove(refusable);
                            }
                            break;
                        case ExecutionReportDecoder.TEMPLATE_ID:
                            frame.body(report);
                            if (JournalEntry.REPORT == type && ExecType.REJECTED == report.execType() && notAuthorised(
                                refusable, report.clientId() == clientId, report.clOrdId(), report.rejectReason()))
                            {
                                received.remove(refusable);
                            }
                            if (JournalEntry.REPORT == type && report.clientId() == clientId && 0 != report.orderId())
                            {
                                reported.add(report.orderId());
                                track(working, report);
                                if (ReportPosition.NONE != delivered && reader.index() <= delivered)
                                {
                                    delivered(deliveredStatus, report);
                                }
                            }
                            break;
                        default:
                            break;
                    }
                }
                catch (final RuntimeException malformed)
                {
                    // a frame the core refused as malformed names no request of ours
                }
            }
        }
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        for (final LongHashSet.LongIterator it = received.iterator(); it.hasNext(); )
        {
            final long clOrdId = it.nextValue();
            lowest = Math.min(lowest, clOrdId);
            highest = Math.max(highest, clOrdId);
        }
        if (pruned)
        {
            highest = Math.max(highest, fromSnapshot(journalDir, firstIndex, clientId, reported, working));
        }
        final List<String> workingOrders = new ArrayList<>();
        final List<Long> workingClOrdIds = new ArrayList<>();
        working.values().forEach((order) ->
        {
            workingOrders.add(order.described());
            workingClOrdIds.add(order.clOrdId());
        });
        return new CoreHistory(received, received.isEmpty() ? 0 : lowest, highest, pruned, workingOrders,
            workingClOrdIds, lastIndex, deliveredStatus);
    }

    /**
     * @param clOrdId a gateway clOrdId.
     * @return the working orders ({@link #workingOrders}) placed under a higher clOrdId.
     */
    public List<String> workingOrdersAbove(final long clOrdId)
    {
        final List<String> above = new ArrayList<>();
        for (int i = 0; i < workingOrders.size(); i++)
        {
            if (workingClOrdIds.get(i) > clOrdId)
            {
                above.add(workingOrders.get(i));
            }
        }
        return above;
    }

    /**
     * @param orderId a core order id.
     * @return the FIX OrdStatus of the order's last report the gateway delivered, if the order was still working
     * then; {@link #NO_STATUS} if none was delivered, or the last delivered one was final.
     */
    public char deliveredOrdStatus(final long orderId)
    {
        return (char)deliveredStatus.get(orderId);
    }

    /**
     * @param clOrdId a gateway clOrdId.
     * @return whether the journal can tell if the core received its request: always for a whole journal; for a pruned
     * one, only from the lowest clOrdId of this gateway in the files left (a later request missing there was not
     * received; an earlier one may have been, in a deleted file).
     */
    public boolean tells(final long clOrdId)
    {
        return !pruned || (!receivedClOrdIds.isEmpty() && clOrdId >= lowestClOrdId);
    }

    /**
     * @param clOrdId a gateway clOrdId.
     * @return whether the core journaled its request (in the files left).
     */
    public boolean received(final long clOrdId)
    {
        return receivedClOrdIds.contains(clOrdId);
    }

    /**
     * @return the clOrdId if it is this gateway's request and the first with it (the core's refusal of it as not
     * authorised, among the outputs that follow, then takes it back out), else 0.
     */
    private static long add(final LongHashSet received, final int clientId, final long from, final long clOrdId)
    {
        return from == clientId && received.add(clOrdId) ? clOrdId : 0;
    }

    /**
     * A request with this gateway's client id from another publication (a misconfigured client; the core binds the id
     * to one publication at a time) is refused NOT_AUTHORISED: it is not the gateway's, and must not count as a
     * clOrdId the gateway allocated.
     */
    private static boolean notAuthorised(
        final long refusable, final boolean ours, final long clOrdId, final RejectReason reason)
    {
        return 0 != refusable && ours && clOrdId == refusable && RejectReason.NOT_AUTHORISED == reason;
    }

    private static void delivered(final Long2LongHashMap deliveredStatus, final ExecutionReportDecoder report)
    {
        if (FixOrderEnums.isTerminal(report.ordStatus()))
        {
            deliveredStatus.remove(report.orderId());
            return;
        }
        deliveredStatus.put(report.orderId(), FixOrderEnums.fixOrdStatus(report.ordStatus()));
    }

    /**
     * What a pruned journal's deleted files held of this gateway, from the newest snapshot the files left cover: the
     * working orders none of whose reports is left (an order reported in the files left is as its last report
     * says), and the highest clOrdId of this gateway the core still holds an order or a pending request under.
     *
     * @return that clOrdId, 0 if none (or no snapshot could be read: then a WARN says what cannot be seen).
     */
    private static long fromSnapshot(
        final Path journalDir,
        final long firstIndex,
        final int clientId,
        final LongHashSet reported,
        final Map<Long, Working> working)
    {
        final long[] highest = new long[1];
        final long covered = SnapshotStore.readNewestOrders(journalDir, firstIndex, (orders, slot) ->
        {
            if (orders.clientId(slot) == clientId)
            {
                highest[0] = Math.max(highest[0], orders.clOrdId(slot));
                if (orders.isWorking(slot) && !reported.contains(orders.orderId(slot)))
                {
                    working.put(orders.orderId(slot), describe(orders.orderId(slot), orders.account(slot),
                        Side.get(orders.sideRaw(slot)), orders.quantity(slot) - orders.cumQty(slot),
                        orders.symbol(slot), orders.price(slot), orders.clOrdId(slot)));
                }
            }
            if (orders.cancelClientId(slot) == clientId)
            {
                highest[0] = Math.max(highest[0], orders.cancelClOrdId(slot));
            }
            if (orders.replaceClientId(slot) == clientId)
            {
                highest[0] = Math.max(highest[0], orders.replaceClOrdId(slot));
            }
        });
        if (covered < 0)
        {
            LOG.warn("the core journal {} lost its first files to retention and no snapshot after them could be " +
                "read: orders of this gateway reported only in the deleted files cannot be seen", journalDir);
        }
        return highest[0];
    }

    private static void track(final Map<Long, Working> working, final ExecutionReportDecoder report)
    {
        if (FixOrderEnums.isTerminal(report.ordStatus()))
        {
            working.remove(report.orderId());
            return;
        }
        working.put(report.orderId(), describe(report.orderId(),
            PackedAscii.read(report.buffer(), report.offset() + ExecutionReportDecoder.accountEncodingOffset()),
            report.side(), report.leavesQty(),
            PackedAscii.read(report.buffer(), report.offset() + ExecutionReportDecoder.symbolEncodingOffset()),
            report.price(), report.clOrdId()));
    }

    /** A working order as described for an operator, and its gateway clOrdId. */
    private record Working(String described, long clOrdId)
    {
    }

    private static Working describe(
        final long orderId,
        final long account,
        final Side side,
        final long leavesQty,
        final long symbol,
        final long price,
        final long clOrdId)
    {
        return new Working("orderId " + orderId + ' ' + PackedAscii.unpack(account) + ' ' + side + ' ' + leavesQty +
            ' ' + PackedAscii.unpack(symbol) + " @ " + Prices.format(price) + ", gateway clOrdId " + clOrdId, clOrdId);
    }
}
