package io.peregrine.gateway.broker;

import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.ReplaceOrderDecoder;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the core's journal says about this gateway's broker side: the clOrdIds of every NewOrder, CancelOrder and
 * ReplaceOrder with the gateway's clientId among its ingress entries, the highest of them, and the orders of this
 * gateway the core still holds as working (their last report not final). The core journals every input before acting
 * on it, so a request missing here never reached the core (for instance offered just before a crash that took the
 * core down with the gateway); and the gateway journals every clOrdId before offering it, so a clOrdId here above the
 * gateway's own highest means the gateway's journal is not the one that sent it (its data directory was replaced).
 * <p>
 * Read once at the gateway's start, on the starting thread; allocates (edge).
 *
 * @param received       gateway clOrdIds the core journaled.
 * @param highestClOrdId the highest of them, 0 if none.
 * @param workingOrders  the gateway's orders the core holds as working, by core order id, each described for an
 *                       operator ("orderId 17 ACC1 BUY 100 AAPL @ 180.00, gateway clOrdId 12").
 * @param lastIndex      the index of the journal's last readable entry, {@link #NO_INDEX} for an empty journal.
 */
public record CoreHistory(LongHashSet received, long highestClOrdId, List<String> workingOrders, long lastIndex)
{
    /** The index of a journal without a readable entry. */
    public static final long NO_INDEX = -1;

    /**
     * @param coreJournal the core's journal, opened read-only.
     * @param clientId    the gateway's clientId.
     * @return what the journal holds of this gateway, read to its end.
     */
    public static CoreHistory read(final ChronicleQueue coreJournal, final int clientId)
    {
        final LongHashSet received = new LongHashSet();
        final Map<Long, String> working = new TreeMap<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final NewOrderDecoder newOrder = new NewOrderDecoder();
        final CancelOrderDecoder cancel = new CancelOrderDecoder();
        final ReplaceOrderDecoder replace = new ReplaceOrderDecoder();
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        long lastIndex = NO_INDEX;
        try (JournalReader reader = CoreJournal.reader(coreJournal))
        {
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY != result)
                {
                    continue;
                }
                lastIndex = reader.index();
                final int type = reader.type();
                if ((JournalEntry.INGRESS != type && JournalEntry.REPORT != type) ||
                    reader.length() < MessageHeaderDecoder.ENCODED_LENGTH)
                {
                    continue;
                }
                final UnsafeBuffer payload = reader.payload();
                header.wrap(payload, 0);
                if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
                {
                    continue;
                }
                final int body = MessageHeaderDecoder.ENCODED_LENGTH;
                try
                {
                    switch (header.templateId())
                    {
                        case NewOrderDecoder.TEMPLATE_ID:
                            newOrder.wrap(payload, body, header.blockLength(), header.version());
                            add(received, clientId, newOrder.clientId(), newOrder.clOrdId());
                            break;
                        case CancelOrderDecoder.TEMPLATE_ID:
                            cancel.wrap(payload, body, header.blockLength(), header.version());
                            add(received, clientId, cancel.clientId(), cancel.clOrdId());
                            break;
                        case ReplaceOrderDecoder.TEMPLATE_ID:
                            replace.wrap(payload, body, header.blockLength(), header.version());
                            add(received, clientId, replace.clientId(), replace.clOrdId());
                            break;
                        case ExecutionReportDecoder.TEMPLATE_ID:
                            report.wrap(payload, body, header.blockLength(), header.version());
                            if (JournalEntry.REPORT == type && report.clientId() == clientId && 0 != report.orderId())
                            {
                                track(working, report, payload, body);
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
        long highest = 0;
        for (final LongHashSet.LongIterator it = received.iterator(); it.hasNext(); )
        {
            highest = Math.max(highest, it.nextValue());
        }
        return new CoreHistory(received, highest, new ArrayList<>(working.values()), lastIndex);
    }

    private static void add(final LongHashSet received, final int clientId, final long from, final long clOrdId)
    {
        if (from == clientId)
        {
            received.add(clOrdId);
        }
    }

    private static void track(
        final Map<Long, String> working,
        final ExecutionReportDecoder report,
        final DirectBuffer payload,
        final int body)
    {
        if (FixOrderEnums.isTerminal(report.ordStatus()))
        {
            working.remove(report.orderId());
            return;
        }
        final String account = PackedAscii.unpack(
            PackedAscii.read(payload, body + ExecutionReportDecoder.accountEncodingOffset()));
        final String symbol = PackedAscii.unpack(
            PackedAscii.read(payload, body + ExecutionReportDecoder.symbolEncodingOffset()));
        working.put(report.orderId(), "orderId " + report.orderId() + ' ' + account + ' ' + report.side() + ' ' +
            report.leavesQty() + ' ' + symbol + " @ " + Prices.format(report.price()) + ", gateway clOrdId " +
            report.clOrdId());
    }
}
