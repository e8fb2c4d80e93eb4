package io.peregrine.gateway.identity;

import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.core.journal.SnapshotStore;
import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.DirectBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client ids the core holds a data directory's working broker orders under, for a data directory without an
 * identity record yet ({@link IdentityChangeCheck}: the first start after the upgrade). Client ids number their own
 * ClOrdIDs, so a record counts only when its ClOrdID, account and symbol are the order's; and two kinds are told apart.
 * The core's own record of an order it holds working ({@link Found#working}): an order record of the newest snapshot,
 * or an order whose first ExecutionReport in the core journal names the ClOrdID and whose last one is not terminal.
 * A NewOrder ingress entry alone ({@link Found#offered}) only says a client offered that ClOrdID: another client's with
 * the same numbers stays in the journal when retention pruned the gateway's own, so it proves nothing on its own.
 * An order the core holds under no client id the check can see is not found. Start-up only, caller's thread;
 * allocates; reads the whole core journal and its newest snapshot.
 */
final class EarlierClientIds
{
    /**
     * What the core shows of one working broker order.
     *
     * @param working the client ids the core holds a working order of this ClOrdID, account and symbol under.
     * @param offered the client ids whose NewOrder of this ClOrdID, account and symbol the journal holds.
     */
    record Found(Set<Integer> working, Set<Integer> offered)
    {
        /**
         * @param clientId a client id.
         * @return whether anything the core shows names it.
         */
        boolean names(final int clientId)
        {
            return working.contains(clientId) || offered.contains(clientId);
        }
    }

    /** An order of the core matching a working broker order: its client id, and the order's root ClOrdID. */
    private record CoreOrder(int clientId, long root)
    {
    }

    private EarlierClientIds()
    {
    }

    /**
     * @param journalDir the core journal's directory; null or missing: nothing is found.
     * @param working    the working broker orders.
     * @return each found order's gateway ClOrdID (its root) -> what the core shows of it, client ids in the order
     *         found.
     */
    static Map<Long, Found> of(final Path journalDir, final List<WorkingOrders.BrokerOrder> working)
    {
        final Map<Long, WorkingOrders.BrokerOrder> byClOrdId = new HashMap<>();
        working.forEach((order) -> byClOrdId.put(order.clOrdId(), order));
        final Map<Long, Found> found = new HashMap<>();
        if (byClOrdId.isEmpty() || null == journalDir || !Files.isDirectory(journalDir))
        {
            return found;
        }
        // Core order id -> the matching order, working per the snapshot, then per each later report of it.
        final Map<Long, CoreOrder> coreOrders = new HashMap<>();
        readSnapshot(journalDir, byClOrdId, coreOrders);
        final Map<Long, Set<Integer>> offered = new HashMap<>();
        final MessageFrame frame = new MessageFrame();
        final NewOrderDecoder newOrder = new NewOrderDecoder();
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journalDir);
            JournalReader reader = CoreJournal.reader(queue))
        {
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY != result ||
                    (JournalEntry.INGRESS != reader.type() && JournalEntry.REPORT != reader.type()))
                {
                    continue;
                }
                try
                {
                    final int template = frame.wrapIfPeregrine(reader.payload(), 0, reader.length());
                    if (NewOrderDecoder.TEMPLATE_ID == template && JournalEntry.INGRESS == reader.type())
                    {
                        frame.body(newOrder);
                        if (matches(byClOrdId.get(newOrder.clOrdId()), newOrder.buffer(), newOrder.offset(),
                            NewOrderDecoder.accountEncodingOffset(), NewOrderDecoder.symbolEncodingOffset()))
                        {
                            offered.computeIfAbsent(newOrder.clOrdId(), (ignored) -> new LinkedHashSet<>())
                                .add(newOrder.clientId());
                        }
                    }
                    else if (ExecutionReportDecoder.TEMPLATE_ID == template && JournalEntry.REPORT == reader.type())
                    {
                        frame.body(report);
                        onReport(report, byClOrdId, coreOrders);
                    }
                }
                catch (final RuntimeException malformed)
                {
                    // a frame the core refused as malformed names no order of the gateway's
                }
            }
        }
        final Map<Long, Set<Integer>> holding = new HashMap<>();
        coreOrders.values().forEach((order) ->
            holding.computeIfAbsent(order.root(), (ignored) -> new LinkedHashSet<>()).add(order.clientId()));
        byClOrdId.keySet().forEach((root) ->
        {
            if (holding.containsKey(root) || offered.containsKey(root))
            {
                found.put(root, new Found(holding.getOrDefault(root, Set.of()), offered.getOrDefault(root, Set.of())));
            }
        });
        return found;
    }

    /**
     * The snapshot's working orders matching a working broker order. Reports after it in the journal (which
     * retention keeps whole from there) then carry each one to its current state; replaying those before it is
     * harmless, as an order's state only moves on.
     */
    private static void readSnapshot(
        final Path journalDir, final Map<Long, WorkingOrders.BrokerOrder> byClOrdId,
        final Map<Long, CoreOrder> coreOrders)
    {
        try
        {
            SnapshotStore.readNewestOrders(journalDir, Long.MIN_VALUE, (orders, slot) ->
            {
                final WorkingOrders.BrokerOrder order = byClOrdId.get(orders.clOrdId(slot));
                if (orders.isWorking(slot) && null != order &&
                    order.account().equals(PackedAscii.unpack(orders.account(slot))) &&
                    order.symbol().equals(PackedAscii.unpack(orders.symbol(slot))))
                {
                    coreOrders.put(orders.orderId(slot), new CoreOrder(orders.clientId(slot), order.clOrdId()));
                }
            });
        }
        catch (final RuntimeException unreadable)
        {
            // no snapshot's orders: the journal's reports are what the check has
        }
    }

    private static void onReport(
        final ExecutionReportDecoder report, final Map<Long, WorkingOrders.BrokerOrder> byClOrdId,
        final Map<Long, CoreOrder> coreOrders)
    {
        final long orderId = report.orderId();
        if (0 == orderId)
        {
            return; // a request refused before it became an order
        }
        if (FixOrderEnums.isTerminal(report.ordStatus()))
        {
            coreOrders.remove(orderId);
        }
        else if (!coreOrders.containsKey(orderId) && matches(byClOrdId.get(report.clOrdId()), report.buffer(),
            report.offset(), ExecutionReportDecoder.accountEncodingOffset(),
            ExecutionReportDecoder.symbolEncodingOffset()))
        {
            coreOrders.put(orderId, new CoreOrder(report.clientId(), report.clOrdId()));
        }
    }

    private static boolean matches(
        final WorkingOrders.BrokerOrder order, final DirectBuffer buffer, final int offset, final int accountOffset,
        final int symbolOffset)
    {
        return null != order &&
            order.account().equals(PackedAscii.unpack(PackedAscii.read(buffer, offset + accountOffset))) &&
            order.symbol().equals(PackedAscii.unpack(PackedAscii.read(buffer, offset + symbolOffset)));
    }
}
