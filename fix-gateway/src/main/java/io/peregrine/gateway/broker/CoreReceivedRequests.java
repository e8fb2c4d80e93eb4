package io.peregrine.gateway.broker;

import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.ReplaceOrderDecoder;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Which of this gateway's requests the core has received: the clOrdIds of every NewOrder, CancelOrder and
 * ReplaceOrder with the gateway's clientId among the core journal's ingress entries. The core journals every input
 * before acting on it, so a request missing here never reached the core (for instance offered just before a crash
 * that took the core down with the gateway).
 * <p>
 * Read once at the gateway's start, on the starting thread; allocates (edge).
 */
public final class CoreReceivedRequests
{
    private CoreReceivedRequests()
    {
    }

    /**
     * @param coreJournal the core's journal, opened read-only.
     * @param clientId    the gateway's clientId.
     * @return gateway clOrdIds the core journaled.
     */
    public static LongHashSet read(final ChronicleQueue coreJournal, final int clientId)
    {
        final LongHashSet received = new LongHashSet();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final NewOrderDecoder newOrder = new NewOrderDecoder();
        final CancelOrderDecoder cancel = new CancelOrderDecoder();
        final ReplaceOrderDecoder replace = new ReplaceOrderDecoder();
        try (JournalReader reader = CoreJournal.reader(coreJournal))
        {
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY != result || JournalEntry.INGRESS != reader.type() ||
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
        return received;
    }

    private static void add(final LongHashSet received, final int clientId, final long from, final long clOrdId)
    {
        if (from == clientId)
        {
            received.add(clOrdId);
        }
    }
}
