package io.peregrine.gateway;

import io.aeron.Aeron;
import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.CounterSet;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.peregrine.protocol.CounterDescriptor.counter;
import static io.peregrine.protocol.CounterDescriptor.gauge;

/**
 * The FIX gateway's Aeron counters, in the media driver's counters file next to the core's (visible to
 * {@code run.sh stat}, AeronStat and the ops console), each described once by a {@link CounterDescriptor} constant
 * here. Type ids are in the operability range 1200-1299, 1329-1330 (overload) and 1360-1379 for the counts that were
 * AtomicLongs or plain longs before, then on from 1380 (the broker sessions whose reports wait, broker report
 * faults); per-venue counters carry the venue id as their 8-byte key.
 * <p>
 * Threads: each count is written where it happens (the venue agent, the broker report agent, QuickFIX/J session
 * threads; several writers use the atomic {@code increment()}); the gateway's sampling thread ({@link FixGateway})
 * sets the session gauges.
 * <p>
 * Created at launch (allocates); updates allocate nothing.
 */
public final class GatewayCounters implements AutoCloseable
{
    // Every counter of the gateway, described once; allocated in type id order. Those keyed by venue are allocated once
    // per venue, with the venue id as their key and at the end of their label; the others once.
    public static final CounterDescriptor BROKER_ORDERS_IN = counter(1210, CounterKey.NONE,
        "peregrine-gw: broker orders in",
        "peregrine_broker_orders_in",
        "NewOrderSingle messages from broker sessions, those throttled by the session rate limit " +
        "included");
    public static final CounterDescriptor BROKER_GATEWAY_REJECTS = counter(1211, CounterKey.NONE,
        "peregrine-gw: broker requests rejected by the gateway",
        "peregrine_broker_gateway_rejects",
        "broker requests rejected by the gateway before the core, NewOrderSingles and replaces " +
        "throttled by the session rate limit included");
    public static final CounterDescriptor BROKER_SESSIONS_LOGGED_ON = gauge(1212, CounterKey.NONE,
        "peregrine-gw: broker sessions logged on",
        "peregrine_broker_sessions_logged_on",
        "broker sessions logged on");
    public static final CounterDescriptor BROKER_LOGON_REFUSALS = counter(1213, CounterKey.NONE,
        "peregrine-gw: broker logon refusals",
        "peregrine_broker_logon_refusals",
        "broker logons refused (bad credentials or certificate, clock too far off)");
    public static final CounterDescriptor BROKER_ACCEPTOR_LISTENING = gauge(1214, CounterKey.NONE,
        "peregrine-gw: broker acceptor listening (1 = yes)",
        "peregrine_broker_acceptor_listening",
        "1 while the broker acceptor listens");
    public static final CounterDescriptor VENUE_REQUESTS_OUT = counter(1220, CounterKey.VENUE,
        "peregrine-gw: venue requests out venue=",
        "peregrine_venue_requests_out",
        "requests sent to the venue: new, cancel, replace and OrderStatusRequest (the last also counted, for all " +
            "venues, by peregrine_venue_status_requests_total)");
    public static final CounterDescriptor VENUE_REPORTS_IN = counter(1221, CounterKey.VENUE,
        "peregrine-gw: venue reports in venue=",
        "peregrine_venue_reports_in",
        "execution reports received from the venue (status answers and pending acknowledgements included)");
    public static final CounterDescriptor VENUE_ACK_TIMEOUTS = counter(1222, CounterKey.NONE,
        "peregrine-gw: venue ack timeouts",
        "peregrine_venue_ack_timeouts",
        "venue requests not answered within the ack timeout");
    public static final CounterDescriptor VENUE_CIRCUIT_STATE = gauge(1223, CounterKey.VENUE,
        "peregrine-gw: venue circuit state (0 closed, 1 open, 2 half open) venue=",
        "peregrine_venue_circuit_state",
        "circuit breaker: 0 closed, 1 open, 2 half open");
    public static final CounterDescriptor VENUE_LOGGED_ON = gauge(1224, CounterKey.VENUE,
        "peregrine-gw: venue logged on venue=",
        "peregrine_venue_logged_on",
        "1 while the venue session is logged on");
    /** Logons of the venue session the venue refused or that failed before logon. */
    public static final CounterDescriptor VENUE_LOGON_REFUSALS = counter(1225, CounterKey.VENUE,
        "peregrine-gw: venue logon refusals venue=",
        "peregrine_venue_logon_refusals",
        "venue logons refused (Logout before logon) or unanswered (no Logon within the logon " +
        "timeout), with a reason on /health");
    public static final CounterDescriptor VENUE_QUEUED = gauge(1329, CounterKey.VENUE,
        "peregrine-gw: venue requests waiting for the session venue=",
        "peregrine_venue_queued_requests",
        "requests waiting for the venue session in its fair queue");
    public static final CounterDescriptor VENUE_QUEUE_FULL_REJECTS = counter(1330, CounterKey.VENUE,
        "peregrine-gw: venue requests rejected, account queue full venue=",
        "peregrine_venue_queue_full_rejects",
        "requests rejected THROTTLED: their account had its limit waiting for the venue");
    /** Venue-side messages that could not be sent to the venue or offered to the core. */
    public static final CounterDescriptor VENUE_DROPPED = counter(1226, CounterKey.NONE,
        "peregrine-gw: venue-side messages dropped",
        "peregrine_venue_dropped_messages",
        "venue-side messages dropped");
    public static final CounterDescriptor VENUE_ORPHAN_REPORTS = counter(1227, CounterKey.NONE,
        "peregrine-gw: venue reports of an earlier core run",
        "peregrine_venue_orphan_reports",
        "venue reports of an earlier core run, not forwarded");
    public static final CounterDescriptor VENUE_DUPLICATE_ORDERS = counter(1228, CounterKey.NONE,
        "peregrine-gw: duplicate venue orders not re-sent",
        "peregrine_venue_duplicate_orders",
        "orders already sent to a venue, not re-sent");
    public static final CounterDescriptor VENUE_STATUS_REQUESTS = counter(1360, CounterKey.NONE,
        "peregrine-gw: venue order status requests sent (reconciliation)",
        "peregrine_venue_status_requests",
        "reconciliation: OrderStatusRequests sent for unanswered or uncertain orders");
    public static final CounterDescriptor VENUE_LOST_ORDERS = counter(1361, CounterKey.NONE,
        "peregrine-gw: orders the venue lost (reconciliation)",
        "peregrine_venue_lost_orders",
        "reconciliation: orders the venue no longer knew when asked (canceled VENUE_LOST_ORDER)");
    public static final CounterDescriptor BROKER_REPORTS_DELIVERED = counter(1362, CounterKey.NONE,
        "peregrine-gw: broker reports delivered",
        "peregrine_broker_reports_delivered",
        "core reports delivered to broker sessions");
    public static final CounterDescriptor BROKER_REPORTS_UNROUTABLE = counter(1363, CounterKey.NONE,
        "peregrine-gw: broker reports not deliverable",
        "peregrine_broker_reports_unroutable",
        "core reports that could not be delivered (unknown order, session gone)");
    /** Same ExecID twice. */
    public static final CounterDescriptor VENUE_DUPLICATE_REPORTS = counter(1364, CounterKey.NONE,
        "peregrine-gw: duplicate venue reports",
        "peregrine_venue_duplicate_reports",
        "venue execution reports received twice, not forwarded again");
    /** Foreign ClOrdID, unknown message type. */
    public static final CounterDescriptor VENUE_UNMAPPED_MESSAGES = counter(1365, CounterKey.NONE,
        "peregrine-gw: unmapped venue messages",
        "peregrine_venue_unmapped_messages",
        "venue messages not mapped to an order or request");
    public static final CounterDescriptor INGRESS_OFFER_RETRIES = counter(1366, CounterKey.NONE,
        "peregrine-gw: back-pressured ingress offer retries",
        "peregrine_broker_ingress_offer_retries",
        "back-pressured offers of broker requests to the core retried");
    public static final CounterDescriptor VENUE_IN_OFFER_RETRIES = counter(1367, CounterKey.NONE,
        "peregrine-gw: back-pressured venue-in offer retries",
        "peregrine_venue_in_offer_retries",
        "back-pressured offers of venue reports to the core retried");
    /** The session or address is locked after too many failures. */
    public static final CounterDescriptor BROKER_LOGONS_THROTTLED = counter(1373, CounterKey.NONE,
        "peregrine-gw: broker logons refused unchecked (locked out)",
        "peregrine_broker_logons_throttled",
        "broker logons refused unchecked: too many failed logons from the session or address");
    /** QuickFIX/J's error events of the broker sessions: garbled messages it drops (bad checksum or body length),
     * session-level rejects, disconnects on error; each is a line in the session's event log. */
    public static final CounterDescriptor BROKER_SESSION_ERRORS = counter(1374, CounterKey.NONE,
        "peregrine-gw: broker session error events",
        "peregrine_broker_session_errors",
        "error events of the broker FIX sessions (garbled messages dropped, session-level rejects); details in the " +
            "event log");
    /** The same for the venue sessions. */
    public static final CounterDescriptor VENUE_SESSION_ERRORS = counter(1375, CounterKey.NONE,
        "peregrine-gw: venue session error events",
        "peregrine_venue_session_errors",
        "error events of the venue FIX sessions (garbled messages dropped, session-level rejects); details in the " +
            "event log");
    /** Venue connections closed by the venue initiator's frame size limit (fix-edge {@code FrameSizeLimit}). */
    public static final CounterDescriptor VENUE_OVERSIZE_FRAMES = counter(1376, CounterKey.NONE,
        "peregrine-gw: venue connections closed, message above max size",
        "peregrine_venue_oversize_frames",
        "venue connections closed for a frame above peregrine.gateway.venue.max.message.bytes (the session " +
            "reconnects)");
    /** The same for bytes from a venue that are not FIX framing. */
    public static final CounterDescriptor VENUE_MALFORMED_FRAMES = counter(1377, CounterKey.NONE,
        "peregrine-gw: venue connections closed, not FIX framing",
        "peregrine_venue_malformed_frames",
        "venue connections closed for bytes that are not FIX framing (the session reconnects)");
    /** Answers to OrderStatusRequests the gateway does not act on (negative quantities, a request never sent). */
    public static final CounterDescriptor VENUE_MALFORMED_STATUS_ANSWERS = counter(1378, CounterKey.NONE,
        "peregrine-gw: venue status answers not acted on (malformed)",
        "peregrine_venue_malformed_status_answers",
        "venue answers to OrderStatusRequests not acted on: negative quantities, or naming a request never sent " +
            "(the order is asked about again)");
    /** Orders the gateway stopped asking a venue about ({@code peregrine.gateway.venue.status.max.requests}). */
    public static final CounterDescriptor VENUE_STATUS_UNANSWERED = counter(1379, CounterKey.NONE,
        "peregrine-gw: orders whose status the venue left unanswered (reconciliation)",
        "peregrine_venue_status_unanswered",
        "reconciliation: orders the gateway stopped asking the venue about, unanswered; left to ops");
    /**
     * Broker sessions whose core reports wait (their FIX store could not take one, or their reset logon holds them):
     * {@code BrokerReportAgent} reads them again from the core journal; the ops console's {@code broker-reports}
     * health part names them once one waits too long.
     */
    public static final CounterDescriptor BROKER_SESSIONS_WAITING = gauge(1380, CounterKey.NONE,
        "peregrine-gw: broker sessions whose reports wait",
        "peregrine_broker_sessions_waiting",
        "broker sessions whose core reports wait (their FIX store could not take one, or their reset logon holds " +
            "them): named on /health");
    /**
     * Faults of a memory-mapped file (a full tmpfs, a file cut short: the JVM's InternalError) met by the broker
     * report agent reading or delivering the core's reports, from the core journal or the live stream: each pauses
     * that reader for a second, and its ERROR (one per episode) says what became of the report in hand.
     */
    public static final CounterDescriptor BROKER_REPORT_FAULTS = counter(1381, CounterKey.NONE,
        "peregrine-gw: broker report reads faulted (mapped file)",
        "peregrine_broker_report_faults",
        "faults of a memory-mapped file (full tmpfs, file cut short) while core reports were read or delivered to " +
            "brokers: the reader waits a second and reads on");

    private final CounterSet global;
    private final Map<Integer, Venue> venues = new LinkedHashMap<>();

    /**
     * The counters of one venue.
     */
    public static final class Venue
    {
        private final CounterSet counters;

        private Venue(
            final CounterSet.Allocator allocator, final List<CounterDescriptor> descriptors, final int venueId)
        {
            counters = new CounterSet(allocator);
            counters.addKeyed(descriptors, CounterKey.VENUE, venueId, Integer.toString(venueId));
        }

        /** @return gauge of requests waiting in the venue's fair queue (venue agent thread). */
        public AtomicCounter queued()
        {
            return counters.get(VENUE_QUEUED);
        }

        /** @return requests rejected THROTTLED because their account's queue was full (venue agent thread). */
        public AtomicCounter queueFullRejects()
        {
            return counters.get(VENUE_QUEUE_FULL_REJECTS);
        }

        /** @return requests sent to the venue (venue agent thread). */
        public AtomicCounter requestsOut()
        {
            return counters.get(VENUE_REQUESTS_OUT);
        }

        /** @return execution reports from the venue (venue agent thread). */
        public AtomicCounter reportsIn()
        {
            return counters.get(VENUE_REPORTS_IN);
        }

        /** @return circuit state gauge: 0 closed, 1 open, 2 half open (venue agent thread). */
        public AtomicCounter circuitState()
        {
            return counters.get(VENUE_CIRCUIT_STATE);
        }

        /** @return logged-on gauge (sampling thread). */
        public AtomicCounter loggedOn()
        {
            return counters.get(VENUE_LOGGED_ON);
        }

        /** @return logon refusals (sampling thread). */
        public AtomicCounter logonRefusals()
        {
            return counters.get(VENUE_LOGON_REFUSALS);
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
        this(aeron::addCounter, venueIds);
    }

    /**
     * Allocates the counters with {@code allocator}; if one allocation fails, frees the ones already allocated (the
     * global set and every venue's: each set frees its own, and this frees the sets completed before) and rethrows.
     *
     * @param allocator where the counters are allocated.
     * @param venueIds  the configured venues.
     */
    GatewayCounters(final CounterSet.Allocator allocator, final Collection<Integer> venueIds)
    {
        final List<CounterDescriptor> descriptors = CounterDescriptor.declaredIn(GatewayCounters.class);
        global = new CounterSet(allocator);
        try
        {
            global.addUnkeyed(descriptors);
            for (final Integer venueId : venueIds)
            {
                venues.put(venueId, new Venue(allocator, descriptors, venueId));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
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
        return global.get(BROKER_ORDERS_IN);
    }

    /** @return broker requests the gateway rejected. */
    public AtomicCounter brokerGatewayRejects()
    {
        return global.get(BROKER_GATEWAY_REJECTS);
    }

    /** @return gauge of broker sessions logged on. */
    public AtomicCounter brokerSessionsLoggedOn()
    {
        return global.get(BROKER_SESSIONS_LOGGED_ON);
    }

    /** @return broker logons refused. */
    public AtomicCounter brokerLogonRefusals()
    {
        return global.get(BROKER_LOGON_REFUSALS);
    }

    /** @return gauge: 1 while the broker acceptor listens. */
    public AtomicCounter brokerAcceptorListening()
    {
        return global.get(BROKER_ACCEPTOR_LISTENING);
    }

    /** @return venue ack timeouts. */
    public AtomicCounter venueAckTimeouts()
    {
        return global.get(VENUE_ACK_TIMEOUTS);
    }

    /** @return venue-side messages dropped. */
    public AtomicCounter venueDropped()
    {
        return global.get(VENUE_DROPPED);
    }

    /** @return venue reports of an earlier core run. */
    public AtomicCounter venueOrphanReports()
    {
        return global.get(VENUE_ORPHAN_REPORTS);
    }

    /** @return duplicate venue orders not re-sent. */
    public AtomicCounter venueDuplicateOrders()
    {
        return global.get(VENUE_DUPLICATE_ORDERS);
    }

    /** @return OrderStatusRequests sent to venues (venue agent thread). */
    public AtomicCounter venueStatusRequests()
    {
        return global.get(VENUE_STATUS_REQUESTS);
    }

    /** @return orders venues lost (venue agent thread). */
    public AtomicCounter venueLostOrders()
    {
        return global.get(VENUE_LOST_ORDERS);
    }

    /** @return core reports delivered to broker sessions (broker report agent thread). */
    public AtomicCounter brokerReportsDelivered()
    {
        return global.get(BROKER_REPORTS_DELIVERED);
    }

    /** @return core reports not deliverable (broker report agent thread). */
    public AtomicCounter brokerReportsUnroutable()
    {
        return global.get(BROKER_REPORTS_UNROUTABLE);
    }

    /** @return duplicate venue reports (QuickFIX/J venue session threads). */
    public AtomicCounter venueDuplicateReports()
    {
        return global.get(VENUE_DUPLICATE_REPORTS);
    }

    /** @return venue messages not mapped to an order or request (QuickFIX/J venue session threads). */
    public AtomicCounter venueUnmappedMessages()
    {
        return global.get(VENUE_UNMAPPED_MESSAGES);
    }

    /** @return retries of back-pressured ingress offers (QuickFIX/J broker session threads). */
    public AtomicCounter ingressOfferRetries()
    {
        return global.get(INGRESS_OFFER_RETRIES);
    }

    /** @return retries of back-pressured venue-in offers (venue agent thread). */
    public AtomicCounter venueInOfferRetries()
    {
        return global.get(VENUE_IN_OFFER_RETRIES);
    }

    /** @return broker logons refused unchecked while locked out (QuickFIX/J broker session threads). */
    public AtomicCounter brokerLogonsThrottled()
    {
        return global.get(BROKER_LOGONS_THROTTLED);
    }

    /** @return the broker sessions' error events (QuickFIX/J session threads, through their event logs). */
    public AtomicCounter brokerSessionErrors()
    {
        return global.get(BROKER_SESSION_ERRORS);
    }

    /** @return the venue sessions' error events (QuickFIX/J session threads, through their event logs). */
    public AtomicCounter venueSessionErrors()
    {
        return global.get(VENUE_SESSION_ERRORS);
    }

    /** @return venue connections closed for a frame above the maximum message size (MINA I/O threads). */
    public AtomicCounter venueOversizeFrames()
    {
        return global.get(VENUE_OVERSIZE_FRAMES);
    }

    /** @return venue connections closed for bytes that are not FIX framing (MINA I/O threads). */
    public AtomicCounter venueMalformedFrames()
    {
        return global.get(VENUE_MALFORMED_FRAMES);
    }

    /** @return venue status answers not acted on (QuickFIX/J venue session threads, venue agent thread). */
    public AtomicCounter venueMalformedStatusAnswers()
    {
        return global.get(VENUE_MALFORMED_STATUS_ANSWERS);
    }

    /**
     * @return orders the gateway stopped asking a venue about after its OrderStatusRequests went unanswered
     * (venue agent thread).
     */
    public AtomicCounter venueStatusUnanswered()
    {
        return global.get(VENUE_STATUS_UNANSWERED);
    }

    /**
     * @return gauge of the broker sessions whose reports wait (the gateway's sampling thread).
     */
    public AtomicCounter brokerSessionsWaiting()
    {
        return global.get(BROKER_SESSIONS_WAITING);
    }

    /** @return faults of mapped files met reading or delivering core reports (broker report agent thread). */
    public AtomicCounter brokerReportFaults()
    {
        return global.get(BROKER_REPORT_FAULTS);
    }

    /**
     * Frees the counters in the driver.
     */
    public void close()
    {
        CloseHelper.quietClose(global);
        for (final Venue venue : venues.values())
        {
            CloseHelper.quietClose(venue.counters);
        }
    }
}
