package io.peregrine.gateway;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FIX gateway's Aeron counters, in the media driver's counters file next to the core's (visible to
 * {@code run.sh stat}, AeronStat and the ops console). Type ids are in the operability range 1200-1299, and
 * 1360-1373 for the counts that were AtomicLongs or plain longs before; per-venue counters carry the venue id as their 8-byte key.
 * <p>
 * Threads: each count is written where it happens (the venue agent, the broker report agent, QuickFIX/J session
 * threads; several writers use the atomic {@code increment()}); the gateway's sampling thread ({@link FixGateway})
 * sets the session gauges.
 * <p>
 * Created at launch (allocates); updates allocate nothing.
 */
public final class GatewayCounters implements AutoCloseable
{
    /** NewOrderSingle messages received from broker sessions. */
    public static final int BROKER_ORDERS_IN_TYPE_ID = 1210;
    /** Broker requests the gateway rejected before they reached the core (bad fields, unknown account...). */
    public static final int BROKER_GATEWAY_REJECTS_TYPE_ID = 1211;
    /** Gauge: broker sessions logged on. */
    public static final int BROKER_SESSIONS_LOGGED_ON_TYPE_ID = 1212;
    /** Broker logons refused (bad credentials). */
    public static final int BROKER_LOGON_REFUSALS_TYPE_ID = 1213;
    /** Gauge: 1 while the broker acceptor is listening. */
    public static final int BROKER_ACCEPTOR_LISTENING_TYPE_ID = 1214;
    /** Requests (new, cancel, replace) sent to a venue; key venue id. */
    public static final int VENUE_REQUESTS_OUT_TYPE_ID = 1220;
    /** Execution reports received from a venue; key venue id. */
    public static final int VENUE_REPORTS_IN_TYPE_ID = 1221;
    /** Venue requests not answered within the ack timeout (all venues). */
    public static final int VENUE_ACK_TIMEOUTS_TYPE_ID = 1222;
    /** Gauge: circuit breaker state of a venue, 0 closed, 1 open, 2 half open; key venue id. */
    public static final int VENUE_CIRCUIT_STATE_TYPE_ID = 1223;
    /** Gauge: 1 while the venue session is logged on; key venue id. */
    public static final int VENUE_LOGGED_ON_TYPE_ID = 1224;
    /** Logons of the venue session the venue refused or that failed before logon (key venue id). */
    public static final int VENUE_LOGON_REFUSALS_TYPE_ID = 1225;
    /** Venue-side messages dropped (could not be sent to the venue or offered to the core). */
    public static final int VENUE_DROPPED_TYPE_ID = 1226;
    /** Venue reports of an earlier core run, not forwarded. */
    public static final int VENUE_ORPHAN_REPORTS_TYPE_ID = 1227;
    /** Orders the core sent again that had already gone to a venue (not re-sent). */
    public static final int VENUE_DUPLICATE_ORDERS_TYPE_ID = 1228;
    /** Reconciliation: OrderStatusRequests sent to venues for unanswered or uncertain orders. */
    public static final int VENUE_STATUS_REQUESTS_TYPE_ID = 1360;
    /** Reconciliation: orders a venue no longer knew when asked (canceled VENUE_LOST_ORDER). */
    public static final int VENUE_LOST_ORDERS_TYPE_ID = 1361;
    /** Core reports delivered to broker sessions. */
    public static final int BROKER_REPORTS_DELIVERED_TYPE_ID = 1362;
    /** Core reports that could not be delivered (unknown order, session gone). */
    public static final int BROKER_REPORTS_UNROUTABLE_TYPE_ID = 1363;
    /** Venue execution reports received twice (same ExecID), not forwarded again. */
    public static final int VENUE_DUPLICATE_REPORTS_TYPE_ID = 1364;
    /** Venue messages the gateway could not map to an order or request (foreign ClOrdID, unknown type). */
    public static final int VENUE_UNMAPPED_MESSAGES_TYPE_ID = 1365;
    /** Retries of back-pressured offers to the core's ingress stream (broker requests). */
    public static final int INGRESS_OFFER_RETRIES_TYPE_ID = 1366;
    /** Retries of back-pressured offers to the core's venue-in stream (venue reports). */
    public static final int VENUE_IN_OFFER_RETRIES_TYPE_ID = 1367;
    /** Broker logons refused unchecked: the session or address is locked after too many failures. */
    public static final int BROKER_LOGONS_THROTTLED_TYPE_ID = 1373;
    /** Type id of the per-venue gauge of requests waiting for the venue session in its fair queue (key: venue id). */
    public static final int VENUE_QUEUED_TYPE_ID = 1329;
    /** Type id of the per-venue count of requests rejected THROTTLED because their account's queue was full. */
    public static final int VENUE_QUEUE_FULL_REJECTS_TYPE_ID = 1330;

    /** The process-wide counters: type id and label, registered in this order. */
    private static final List<Map.Entry<Integer, String>> GLOBAL = List.of(
        Map.entry(BROKER_ORDERS_IN_TYPE_ID, "peregrine-gw: broker orders in"),
        Map.entry(BROKER_GATEWAY_REJECTS_TYPE_ID, "peregrine-gw: broker requests rejected by the gateway"),
        Map.entry(BROKER_SESSIONS_LOGGED_ON_TYPE_ID, "peregrine-gw: broker sessions logged on"),
        Map.entry(BROKER_LOGON_REFUSALS_TYPE_ID, "peregrine-gw: broker logon refusals"),
        Map.entry(BROKER_ACCEPTOR_LISTENING_TYPE_ID, "peregrine-gw: broker acceptor listening (1 = yes)"),
        Map.entry(VENUE_ACK_TIMEOUTS_TYPE_ID, "peregrine-gw: venue ack timeouts"),
        Map.entry(VENUE_DROPPED_TYPE_ID, "peregrine-gw: venue-side messages dropped"),
        Map.entry(VENUE_ORPHAN_REPORTS_TYPE_ID, "peregrine-gw: venue reports of an earlier core run"),
        Map.entry(VENUE_DUPLICATE_ORDERS_TYPE_ID, "peregrine-gw: duplicate venue orders not re-sent"),
        Map.entry(VENUE_STATUS_REQUESTS_TYPE_ID, "peregrine-gw: venue order status requests sent (reconciliation)"),
        Map.entry(VENUE_LOST_ORDERS_TYPE_ID, "peregrine-gw: orders the venue lost (reconciliation)"),
        Map.entry(BROKER_REPORTS_DELIVERED_TYPE_ID, "peregrine-gw: broker reports delivered"),
        Map.entry(BROKER_REPORTS_UNROUTABLE_TYPE_ID, "peregrine-gw: broker reports not deliverable"),
        Map.entry(VENUE_DUPLICATE_REPORTS_TYPE_ID, "peregrine-gw: duplicate venue reports"),
        Map.entry(VENUE_UNMAPPED_MESSAGES_TYPE_ID, "peregrine-gw: unmapped venue messages"),
        Map.entry(INGRESS_OFFER_RETRIES_TYPE_ID, "peregrine-gw: back-pressured ingress offer retries"),
        Map.entry(VENUE_IN_OFFER_RETRIES_TYPE_ID, "peregrine-gw: back-pressured venue-in offer retries"),
        Map.entry(BROKER_LOGONS_THROTTLED_TYPE_ID, "peregrine-gw: broker logons refused unchecked (locked out)"));

    /** The counters of each venue (key: venue id, appended to the label): type id and label. */
    private static final List<Map.Entry<Integer, String>> PER_VENUE = List.of(
        Map.entry(VENUE_REQUESTS_OUT_TYPE_ID, "peregrine-gw: venue requests out venue="),
        Map.entry(VENUE_REPORTS_IN_TYPE_ID, "peregrine-gw: venue reports in venue="),
        Map.entry(VENUE_CIRCUIT_STATE_TYPE_ID,
            "peregrine-gw: venue circuit state (0 closed, 1 open, 2 half open) venue="),
        Map.entry(VENUE_LOGGED_ON_TYPE_ID, "peregrine-gw: venue logged on venue="),
        Map.entry(VENUE_LOGON_REFUSALS_TYPE_ID, "peregrine-gw: venue logon refusals venue="),
        Map.entry(VENUE_QUEUED_TYPE_ID, "peregrine-gw: venue requests waiting for the session venue="),
        Map.entry(VENUE_QUEUE_FULL_REJECTS_TYPE_ID,
            "peregrine-gw: venue requests rejected, account queue full venue="));

    private final Aeron aeron;
    private final List<AtomicCounter> all = new ArrayList<>();
    private final Map<Integer, Venue> venues = new LinkedHashMap<>();
    private final Int2ObjectHashMap<AtomicCounter> global = new Int2ObjectHashMap<>();

    /**
     * The counters of one venue.
     */
    public static final class Venue
    {
        private final Int2ObjectHashMap<AtomicCounter> byType = new Int2ObjectHashMap<>();

        private Venue(final GatewayCounters counters, final int venueId)
        {
            for (final Map.Entry<Integer, String> counter : PER_VENUE)
            {
                byType.put(counter.getKey(), counters.add(counter.getKey(), venueId, counter.getValue()));
            }
        }

        /** @return gauge of requests waiting in the venue's fair queue (venue agent thread). */
        public AtomicCounter queued()
        {
            return byType.get(VENUE_QUEUED_TYPE_ID);
        }

        /** @return requests rejected THROTTLED because their account's queue was full (venue agent thread). */
        public AtomicCounter queueFullRejects()
        {
            return byType.get(VENUE_QUEUE_FULL_REJECTS_TYPE_ID);
        }

        /** @return requests sent to the venue (venue agent thread). */
        public AtomicCounter requestsOut()
        {
            return byType.get(VENUE_REQUESTS_OUT_TYPE_ID);
        }

        /** @return execution reports from the venue (venue agent thread). */
        public AtomicCounter reportsIn()
        {
            return byType.get(VENUE_REPORTS_IN_TYPE_ID);
        }

        /** @return circuit state gauge: 0 closed, 1 open, 2 half open (venue agent thread). */
        public AtomicCounter circuitState()
        {
            return byType.get(VENUE_CIRCUIT_STATE_TYPE_ID);
        }

        /** @return logged-on gauge (sampling thread). */
        public AtomicCounter loggedOn()
        {
            return byType.get(VENUE_LOGGED_ON_TYPE_ID);
        }

        /** @return logon refusals (sampling thread). */
        public AtomicCounter logonRefusals()
        {
            return byType.get(VENUE_LOGON_REFUSALS_TYPE_ID);
        }
    }

    /**
     * Allocates the counters in the driver.
     *
     * @param aeron    client of the driver.
     * @param venueIds the configured venues.
     */
    public GatewayCounters(final Aeron aeron, final Collection<Integer> venueIds)
    {
        this.aeron = aeron;
        for (final Map.Entry<Integer, String> counter : GLOBAL)
        {
            global.put(counter.getKey(), add(counter.getKey(), 0, counter.getValue()));
        }
        for (final Integer venueId : venueIds)
        {
            venues.put(venueId, new Venue(this, venueId));
        }
    }

    private AtomicCounter add(final int typeId, final long key, final String label)
    {
        final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[8]);
        keyBuffer.putLong(0, key);
        final String fullLabel = label.endsWith("=") ? label + key : label;
        final byte[] labelBytes = fullLabel.getBytes(StandardCharsets.US_ASCII);
        final AtomicCounter counter = aeron.addCounter(
            typeId, keyBuffer, 0, 8, new UnsafeBuffer(labelBytes), 0, labelBytes.length);
        all.add(counter);
        return counter;
    }

    /**
     * @param venueId a configured venue.
     * @return its counters, or null if not configured.
     */
    public Venue venue(final int venueId)
    {
        return venues.get(venueId);
    }

    /** @return broker NewOrderSingle messages received. */
    public AtomicCounter brokerOrdersIn()
    {
        return global.get(BROKER_ORDERS_IN_TYPE_ID);
    }

    /** @return broker requests the gateway rejected. */
    public AtomicCounter brokerGatewayRejects()
    {
        return global.get(BROKER_GATEWAY_REJECTS_TYPE_ID);
    }

    /** @return gauge of broker sessions logged on. */
    public AtomicCounter brokerSessionsLoggedOn()
    {
        return global.get(BROKER_SESSIONS_LOGGED_ON_TYPE_ID);
    }

    /** @return broker logons refused. */
    public AtomicCounter brokerLogonRefusals()
    {
        return global.get(BROKER_LOGON_REFUSALS_TYPE_ID);
    }

    /** @return gauge: 1 while the broker acceptor listens. */
    public AtomicCounter brokerAcceptorListening()
    {
        return global.get(BROKER_ACCEPTOR_LISTENING_TYPE_ID);
    }

    /** @return venue ack timeouts. */
    public AtomicCounter venueAckTimeouts()
    {
        return global.get(VENUE_ACK_TIMEOUTS_TYPE_ID);
    }

    /** @return venue-side messages dropped. */
    public AtomicCounter venueDropped()
    {
        return global.get(VENUE_DROPPED_TYPE_ID);
    }

    /** @return venue reports of an earlier core run. */
    public AtomicCounter venueOrphanReports()
    {
        return global.get(VENUE_ORPHAN_REPORTS_TYPE_ID);
    }

    /** @return duplicate venue orders not re-sent. */
    public AtomicCounter venueDuplicateOrders()
    {
        return global.get(VENUE_DUPLICATE_ORDERS_TYPE_ID);
    }

    /** @return OrderStatusRequests sent to venues (venue agent thread). */
    public AtomicCounter venueStatusRequests()
    {
        return global.get(VENUE_STATUS_REQUESTS_TYPE_ID);
    }

    /** @return orders venues lost (venue agent thread). */
    public AtomicCounter venueLostOrders()
    {
        return global.get(VENUE_LOST_ORDERS_TYPE_ID);
    }

    /** @return core reports delivered to broker sessions (broker report agent thread). */
    public AtomicCounter brokerReportsDelivered()
    {
        return global.get(BROKER_REPORTS_DELIVERED_TYPE_ID);
    }

    /** @return core reports not deliverable (broker report agent thread). */
    public AtomicCounter brokerReportsUnroutable()
    {
        return global.get(BROKER_REPORTS_UNROUTABLE_TYPE_ID);
    }

    /** @return duplicate venue reports (QuickFIX/J venue session threads). */
    public AtomicCounter venueDuplicateReports()
    {
        return global.get(VENUE_DUPLICATE_REPORTS_TYPE_ID);
    }

    /** @return venue messages not mapped to an order or request (QuickFIX/J venue session threads). */
    public AtomicCounter venueUnmappedMessages()
    {
        return global.get(VENUE_UNMAPPED_MESSAGES_TYPE_ID);
    }

    /** @return retries of back-pressured ingress offers (QuickFIX/J broker session threads). */
    public AtomicCounter ingressOfferRetries()
    {
        return global.get(INGRESS_OFFER_RETRIES_TYPE_ID);
    }

    /** @return retries of back-pressured venue-in offers (venue agent thread). */
    public AtomicCounter venueInOfferRetries()
    {
        return global.get(VENUE_IN_OFFER_RETRIES_TYPE_ID);
    }

    /** @return broker logons refused unchecked while locked out (QuickFIX/J broker session threads). */
    public AtomicCounter brokerLogonsThrottled()
    {
        return global.get(BROKER_LOGONS_THROTTLED_TYPE_ID);
    }

    /**
     * Frees the counters in the driver.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(all);
        all.clear();
    }
}
