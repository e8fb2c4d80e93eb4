package io.peregrine.gateway.identity;

import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.NewOrderDecoder;
import net.openhft.chronicle.queue.ChronicleQueue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client ids the core journal holds a data directory's working broker orders under, for a data directory without
 * an identity record yet ({@link IdentityChangeCheck}: the first start after the upgrade): each order's NewOrder
 * ingress entry names the client id that sent it. Client ids number their own ClOrdIDs, so an entry counts only when
 * its account and symbol are the order's too. An order whose NewOrder the journal no longer holds (retention after a
 * snapshot) or never got (not offered) is not found. Start-up only, caller's thread; allocates; reads the whole core
 * journal.
 */
final class EarlierClientIds
{
    private EarlierClientIds()
    {
    }

    /**
     * @param journalDir the core journal's directory; null or missing: nothing is found.
     * @param working    the working broker orders.
     * @return each found order's gateway ClOrdID (its root) -> the client ids of the NewOrders that match it, in
     *         journal order (two when another client used the same ClOrdID for the same account and symbol).
     */
    static Map<Long, Set<Integer>> of(final Path journalDir, final List<WorkingOrders.BrokerOrder> working)
    {
        final Map<Long, WorkingOrders.BrokerOrder> byClOrdId = new HashMap<>();
        working.forEach((order) -> byClOrdId.put(order.clOrdId(), order));
        final Map<Long, Set<Integer>> found = new HashMap<>();
        if (byClOrdId.isEmpty() || null == journalDir || !Files.isDirectory(journalDir))
        {
            return found;
        }
        final MessageFrame frame = new MessageFrame();
        final NewOrderDecoder newOrder = new NewOrderDecoder();
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journalDir);
            JournalReader reader = CoreJournal.reader(queue))
        {
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY != result || JournalEntry.INGRESS != reader.type())
                {
                    continue;
                }
                try
                {
                    if (NewOrderDecoder.TEMPLATE_ID != frame.wrapIfPeregrine(reader.payload(), 0, reader.length()))
                    {
                        continue;
                    }
                    frame.body(newOrder);
                    final WorkingOrders.BrokerOrder order = byClOrdId.get(newOrder.clOrdId());
                    if (null != order &&
                        order.account().equals(unpack(newOrder, NewOrderDecoder.accountEncodingOffset())) &&
                        order.symbol().equals(unpack(newOrder, NewOrderDecoder.symbolEncodingOffset())))
                    {
                        found.computeIfAbsent(order.clOrdId(), (ignored) -> new LinkedHashSet<>())
                            .add(newOrder.clientId());
                    }
                }
                catch (final RuntimeException malformed)
                {
                    // a frame the core refused as malformed names no order of the gateway's
                }
            }
        }
        return found;
    }

    private static String unpack(final NewOrderDecoder newOrder, final int fieldOffset)
    {
        return PackedAscii.unpack(PackedAscii.read(newOrder.buffer(), newOrder.offset() + fieldOffset));
    }
}
