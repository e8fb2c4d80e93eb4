package io.peregrine.gateway;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
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

    private final Aeron aeron;
    private final List<AtomicCounter> all = new ArrayList<>();
    private final Map<Integer, Venue> venues = new LinkedHashMap<>();
    private final AtomicCounter brokerOrdersIn;
    private final AtomicCounter brokerGatewayRejects;
    private final AtomicCounter brokerSessionsLoggedOn;
    private final AtomicCounter brokerLogonRefusals;
    private final AtomicCounter brokerAcceptorListening;
    private final AtomicCounter venueAckTimeouts;
    private final AtomicCounter venueDropped;
    private final AtomicCounter venueOrphanReports;
    private final AtomicCounter venueDuplicateOrders;
    private final AtomicCounter venueStatusRequests;
    private final AtomicCounter venueLostOrders;
    private final AtomicCounter brokerReportsDelivered;
    private final AtomicCounter brokerReportsUnroutable;
    private final AtomicCounter venueDuplicateReports;
    private final AtomicCounter venueUnmappedMessages;
    private final AtomicCounter ingressOfferRetries;
    private final AtomicCounter venueInOfferRetries;
    private final AtomicCounter brokerLogonsThrottled;

    /**
     * The counters of one venue.
     */
    public static final class Venue
    {
        private final AtomicCounter requestsOut;
        private final AtomicCounter reportsIn;
        private final AtomicCounter circuitState;
        private final AtomicCounter loggedOn;
        private final AtomicCounter logonRefusals;
        private final AtomicCounter queued;
        private final AtomicCounter queueFullRejects;

        private Venue(final GatewayCounters counters, final int venueId)
        {
            requestsOut = counters.add(VENUE_REQUESTS_OUT_TYPE_ID, venueId, "peregrine-gw: venue requests out venue=");
            reportsIn = counters.add(VENUE_REPORTS_IN_TYPE_ID, venueId, "peregrine-gw: venue reports in venue=");
            circuitState = counters.add(VENUE_CIRCUIT_STATE_TYPE_ID, venueId,
                "peregrine-gw: venue circuit state (0 closed, 1 open, 2 half open) venue=");
            loggedOn = counters.add(VENUE_LOGGED_ON_TYPE_ID, venueId, "peregrine-gw: venue logged on venue=");
            logonRefusals = counters.add(VENUE_LOGON_REFUSALS_TYPE_ID, venueId,
                "peregrine-gw: venue logon refusals venue=");
            queued = counters.add(VENUE_QUEUED_TYPE_ID, venueId,
                "peregrine-gw: venue requests waiting for the session venue=");
            queueFullRejects = counters.add(VENUE_QUEUE_FULL_REJECTS_TYPE_ID, venueId,
                "peregrine-gw: venue requests rejected, account queue full venue=");
        }

        /** @return gauge of requests waiting in the venue's fair queue (venue agent thread). */
        public AtomicCounter queued()
        {
            return queued;
        }

        /** @return requests rejected THROTTLED because their account's queue was full (venue agent thread). */
        public AtomicCounter queueFullRejects()
        {
            return queueFullRejects;
        }

        /** @return requests sent to the venue (venue agent thread). */
        public AtomicCounter requestsOut()
        {
            return requestsOut;
        }

        /** @return execution reports from the venue (venue agent thread). */
        public AtomicCounter reportsIn()
        {
            return reportsIn;
        }

        /** @return circuit state gauge: 0 closed, 1 open, 2 half open (venue agent thread). */
        public AtomicCounter circuitState()
        {
            return circuitState;
        }

        /** @return logged-on gauge (sampling thread). */
        public AtomicCounter loggedOn()
        {
            return loggedOn;
        }

        /** @return logon refusals (sampling thread). */
        public AtomicCounter logonRefusals()
        {
            return logonRefusals;
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
        brokerOrdersIn = add(BROKER_ORDERS_IN_TYPE_ID, 0, "peregrine-gw: broker orders in");
        brokerGatewayRejects = add(BROKER_GATEWAY_REJECTS_TYPE_ID, 0,
            "peregrine-gw: broker requests rejected by the gateway");
        brokerSessionsLoggedOn = add(BROKER_SESSIONS_LOGGED_ON_TYPE_ID, 0, "peregrine-gw: broker sessions logged on");
        brokerLogonRefusals = add(BROKER_LOGON_REFUSALS_TYPE_ID, 0, "peregrine-gw: broker logon refusals");
        brokerAcceptorListening = add(BROKER_ACCEPTOR_LISTENING_TYPE_ID, 0,
            "peregrine-gw: broker acceptor listening (1 = yes)");
        venueAckTimeouts = add(VENUE_ACK_TIMEOUTS_TYPE_ID, 0, "peregrine-gw: venue ack timeouts");
        venueDropped = add(VENUE_DROPPED_TYPE_ID, 0, "peregrine-gw: venue-side messages dropped");
        venueOrphanReports = add(VENUE_ORPHAN_REPORTS_TYPE_ID, 0,
            "peregrine-gw: venue reports of an earlier core run");
        venueDuplicateOrders = add(VENUE_DUPLICATE_ORDERS_TYPE_ID, 0,
            "peregrine-gw: duplicate venue orders not re-sent");
        venueStatusRequests = add(VENUE_STATUS_REQUESTS_TYPE_ID, 0,
            "peregrine-gw: venue order status requests sent (reconciliation)");
        venueLostOrders = add(VENUE_LOST_ORDERS_TYPE_ID, 0, "peregrine-gw: orders the venue lost (reconciliation)");
        brokerReportsDelivered = add(BROKER_REPORTS_DELIVERED_TYPE_ID, 0, "peregrine-gw: broker reports delivered");
        brokerReportsUnroutable = add(BROKER_REPORTS_UNROUTABLE_TYPE_ID, 0,
            "peregrine-gw: broker reports not deliverable");
        venueDuplicateReports = add(VENUE_DUPLICATE_REPORTS_TYPE_ID, 0, "peregrine-gw: duplicate venue reports");
        venueUnmappedMessages = add(VENUE_UNMAPPED_MESSAGES_TYPE_ID, 0, "peregrine-gw: unmapped venue messages");
        ingressOfferRetries = add(INGRESS_OFFER_RETRIES_TYPE_ID, 0,
            "peregrine-gw: back-pressured ingress offer retries");
        venueInOfferRetries = add(VENUE_IN_OFFER_RETRIES_TYPE_ID, 0,
            "peregrine-gw: back-pressured venue-in offer retries");
        brokerLogonsThrottled = add(BROKER_LOGONS_THROTTLED_TYPE_ID, 0,
            "peregrine-gw: broker logons refused unchecked (locked out)");
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
        return brokerOrdersIn;
    }

    /** @return broker requests the gateway rejected. */
    public AtomicCounter brokerGatewayRejects()
    {
        return brokerGatewayRejects;
    }

    /** @return gauge of broker sessions logged on. */
    public AtomicCounter brokerSessionsLoggedOn()
    {
        return brokerSessionsLoggedOn;
    }

    /** @return broker logons refused. */
    public AtomicCounter brokerLogonRefusals()
    {
        return brokerLogonRefusals;
    }

    /** @return gauge: 1 while the broker acceptor listens. */
    public AtomicCounter brokerAcceptorListening()
    {
        return brokerAcceptorListening;
    }

    /** @return venue ack timeouts. */
    public AtomicCounter venueAckTimeouts()
    {
        return venueAckTimeouts;
    }

    /** @return venue-side messages dropped. */
    public AtomicCounter venueDropped()
    {
        return venueDropped;
    }

    /** @return venue reports of an earlier core run. */
    public AtomicCounter venueOrphanReports()
    {
        return venueOrphanReports;
    }

    /** @return duplicate venue orders not re-sent. */
    public AtomicCounter venueDuplicateOrders()
    {
        return venueDuplicateOrders;
    }

    /** @return OrderStatusRequests sent to venues (venue agent thread). */
    public AtomicCounter venueStatusRequests()
    {
        return venueStatusRequests;
    }

    /** @return orders venues lost (venue agent thread). */
    public AtomicCounter venueLostOrders()
    {
        return venueLostOrders;
    }

    /** @return core reports delivered to broker sessions (broker report agent thread). */
    public AtomicCounter brokerReportsDelivered()
    {
        return brokerReportsDelivered;
    }

    /** @return core reports not deliverable (broker report agent thread). */
    public AtomicCounter brokerReportsUnroutable()
    {
        return brokerReportsUnroutable;
    }

    /** @return duplicate venue reports (QuickFIX/J venue session threads). */
    public AtomicCounter venueDuplicateReports()
    {
        return venueDuplicateReports;
    }

    /** @return venue messages not mapped to an order or request (QuickFIX/J venue session threads). */
    public AtomicCounter venueUnmappedMessages()
    {
        return venueUnmappedMessages;
    }

    /** @return retries of back-pressured ingress offers (QuickFIX/J broker session threads). */
    public AtomicCounter ingressOfferRetries()
    {
        return ingressOfferRetries;
    }

    /** @return retries of back-pressured venue-in offers (venue agent thread). */
    public AtomicCounter venueInOfferRetries()
    {
        return venueInOfferRetries;
    }

    /** @return broker logons refused unchecked while locked out (QuickFIX/J broker session threads). */
    public AtomicCounter brokerLogonsThrottled()
    {
        return brokerLogonsThrottled;
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
