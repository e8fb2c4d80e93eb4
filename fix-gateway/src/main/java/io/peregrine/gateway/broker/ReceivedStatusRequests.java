package io.peregrine.gateway.broker;

import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.sbe.OrderStatusRequestDecoder;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

import java.util.List;

/**
 * Which of the gateway's unanswered status requests the core received: the core journal's ingress entries holding an
 * {@code OrderStatusRequest} with the gateway's clientId, the request's id (its clOrdId,
 * {@link OrderRoutes#onStatusAsked}) and the clOrdId it asked about or a newer one (an earlier gateway whose data
 * directory was replaced may have used the same ids for its own requests, about its own orders, whose clOrdIds are
 * all below those of this gateway's: {@link CoreJournalMatch}). The core journals every input
 * before acting on it, and journals a status request's answer with it (or completes it when it recovers), so a
 * request found here was answered in the journal; one missing never reached the core. A request older than a pruned
 * journal's first file counts as not received (asked again: a second answer is harmless).
 * <p>
 * Read at the gateway's start, on the starting thread, and only when status requests are unanswered; allocates
 * (edge).
 */
public final class ReceivedStatusRequests
{
    private ReceivedStatusRequests()
    {
    }

    /**
     * @param coreJournal the core's journal, opened read-only.
     * @param clientId    the gateway's clientId.
     * @param asked       the status requests to look for.
     * @return the ids of those the core journal holds.
     */
    public static LongHashSet read(
        final ChronicleQueue coreJournal, final int clientId, final List<OrderRoutes.StatusRequest> asked)
    {
        final LongHashSet received = new LongHashSet();
        if (asked.isEmpty())
        {
            return received;
        }
        final Long2LongHashMap askedClOrdIds = new Long2LongHashMap(0);
        for (final OrderRoutes.StatusRequest request : asked)
        {
            askedClOrdIds.put(request.id(), request.askedClOrdId());
        }
        final MessageFrame frame = new MessageFrame();
        final OrderStatusRequestDecoder request = new OrderStatusRequestDecoder();
        try (JournalReader reader = CoreJournal.reader(coreJournal))
        {
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY == result && JournalEntry.INGRESS == reader.type() &&
                    OrderStatusRequestDecoder.TEMPLATE_ID ==
                    frame.wrapIfPeregrine(reader.payload(), 0, reader.length()))
                {
                    try
                    {
                        frame.body(request);
                        // Asked again at a start, it names the order's current clOrdId then: the same or newer.
                        if (request.clientId() == clientId && askedClOrdIds.containsKey(request.clOrdId()) &&
                            request.origClOrdId() >= askedClOrdIds.get(request.clOrdId()))
                        {
                            received.add(request.clOrdId());
                        }
                    }
                    catch (final RuntimeException malformed)
                    {
                        // a frame too short for its fields: the core refused it as malformed, it names no request
                    }
                }
            }
        }
        return received;
    }
}
