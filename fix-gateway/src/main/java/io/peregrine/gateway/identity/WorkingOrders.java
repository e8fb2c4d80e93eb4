package io.peregrine.gateway.identity;

import io.peregrine.gateway.store.RecordLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders a gateway data directory holds as working, read from its journals without opening them for writing: the
 * broker orders of {@code broker/clordids.log} (an order's first {@code N} record, whose clOrdId is its root, and no
 * {@code D} of it since; a retired order, {@code K}, is done) and the venue orders of {@code venue/orders.log} in the
 * current core run (an {@code N} after the {@code S} that started the run, and no {@code X} of it since). What the
 * start-up check of the gateway's identity ({@link IdentityChangeCheck}) needs to tell whether a changed CompID,
 * client id or venue would strand them. Start-up only; allocates; reads each journal whole.
 */
public final class WorkingOrders
{
    /** The ClOrdID journal's records are tab separated, the venue order journal's space separated. */
    private static final String BROKER_SEPARATOR = "\t";
    private static final String VENUE_SEPARATOR = " ";

    /**
     * A broker order not known to be done.
     *
     * @param clOrdId       the gateway's ClOrdID of the order's first request (its root): the NewOrder's in the core.
     * @param senderCompId  the gateway's CompID on the session that placed it
     *                      ({@code peregrine.gateway.broker.comp.id}).
     * @param targetCompId  the broker session's CompID.
     * @param brokerClOrdId the ClOrdID the broker gave it.
     * @param account       its account.
     * @param symbol        its symbol.
     */
    public record BrokerOrder(
        long clOrdId, String senderCompId, String targetCompId, String brokerClOrdId, String account, String symbol)
    {
        /**
         * @return how an operator finds it: session, ClOrdID, account and symbol.
         */
        public String describe()
        {
            return targetCompId + " ClOrdID " + brokerClOrdId + " (" + account + ' ' + symbol + ')';
        }
    }

    /**
     * A venue order of the current core run not known to be done.
     *
     * @param venueId the venue it was sent to.
     * @param orderId the core's order id.
     * @param symbol  its symbol, or null when the journal does not say.
     */
    public record VenueOrder(int venueId, long orderId, String symbol)
    {
        /**
         * @return how an operator finds it: core order id, venue and symbol.
         */
        public String describe()
        {
            return "order " + orderId + " at venue " + venueId + (null == symbol ? "" : " (" + symbol + ')');
        }
    }

    private WorkingOrders()
    {
    }

    /**
     * @param clOrdIdJournal the broker side's ClOrdID journal ({@code broker/clordids.log}); missing reads as empty.
     * @return its working orders, in the order they were placed.
     * @throws IllegalStateException when the journal is damaged (the message names the file and the fix).
     */
    public static List<BrokerOrder> broker(final Path clOrdIdJournal)
    {
        final Map<Long, BrokerOrder> working = new LinkedHashMap<>();
        RecordLog.readText(clOrdIdJournal, "ClOrdID journal", (line) ->
        {
            final String[] parts = line.split(BROKER_SEPARATOR, 8);
            if ("N".equals(parts[0]) && parts.length == 8 && parts[1].equals(parts[2]))
            {
                final String session = parts[3];
                final int colon = session.indexOf(':');
                final int arrow = session.indexOf("->", colon + 1);
                if (colon < 0 || arrow < 0)
                {
                    return; // not a session this gateway writes: nothing to compare
                }
                final int qualifier = session.indexOf(':', arrow + 2);
                final long root = Long.parseLong(parts[1]);
                working.put(root, new BrokerOrder(root, session.substring(colon + 1, arrow),
                    session.substring(arrow + 2, qualifier < 0 ? session.length() : qualifier), parts[7], parts[4],
                    parts[5]));
            }
            else if ("D".equals(parts[0]) && parts.length > 1)
            {
                working.remove(Long.parseLong(parts[1]));
            }
        });
        return new ArrayList<>(working.values());
    }

    /**
     * @param venueOrderJournal the venue side's order journal ({@code venue/orders.log}); missing reads as empty.
     * @return the working orders of its current core run, in the order they were sent.
     * @throws IllegalStateException when the journal is damaged (the message names the file and the fix).
     */
    public static List<VenueOrder> venue(final Path venueOrderJournal)
    {
        final Map<Long, VenueOrder> working = new LinkedHashMap<>();
        final String[] run = { null };
        RecordLog.readText(venueOrderJournal, "venue order journal", (line) ->
        {
            final String[] parts = line.split(VENUE_SEPARATOR);
            switch (parts[0])
            {
                case "S":
                    // Core order ids restart with each core run; a journaled core's restart continues its run
                    // (same id).
                    if (parts.length >= 3 && !parts[2].equals(run[0]))
                    {
                        working.clear();
                        run[0] = parts[2];
                    }
                    break;
                case "N":
                    if (parts.length >= 3)
                    {
                        final long orderId = Long.parseLong(parts[2]);
                        working.put(orderId, new VenueOrder(Integer.parseInt(parts[1]), orderId,
                            parts.length >= 5 ? parts[4] : null));
                    }
                    break;
                case "X":
                    if (parts.length >= 2)
                    {
                        working.remove(Long.parseLong(parts[1]));
                    }
                    break;
                default:
                    break;
            }
        });
        return new ArrayList<>(working.values());
    }
}
