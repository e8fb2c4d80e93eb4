package io.peregrine.ops.metrics;

import io.peregrine.core.CoreCounters;
import io.peregrine.core.Peregrine;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.fixedge.ConnectionCounters;
import io.peregrine.gateway.GatewayCounters;
import io.peregrine.gateway.broker.BrokerReportAgent;
import io.peregrine.gateway.edge.SessionRateLimit;
import io.peregrine.sim.VenueEngineCounters;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every Peregrine Aeron counter the ops console knows: its type id, the Prometheus metric it becomes, whether it is
 * a counter or a gauge, what its 8-byte key means (a label), and what it counts. This is the one table; the README
 * of ops-console prints it and a test checks the two agree.
 * <p>
 * Immutable; any thread.
 */
public final class CounterCatalog
{
    /** What a counter's 8-byte key holds, and so which Prometheus label it gets: the value's name in lower case. */
    public enum KeyLabel
    {
        /** No key: one series. */
        NONE,
        /** A {@code RejectReason} value: label {@code reason} with the enum name. */
        REASON,
        /** A venue id: label {@code venue}. */
        VENUE,
        /** A packed ASCII symbol: label {@code symbol}. */
        SYMBOL;

        /** @return the Prometheus label name, or null for NONE; allocates a string. */
        public String labelName()
        {
            return this == NONE ? null : name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One row of the table.
     *
     * @param typeId  Aeron counter type id.
     * @param name    Prometheus metric name (counters get {@code _total} appended in the exposition).
     * @param gauge   true for a gauge (a level), false for a counter (only goes up).
     * @param key     what the key is.
     * @param owner   module and class that writes it.
     * @param help    what it counts.
     */
    public record Entry(int typeId, String name, boolean gauge, KeyLabel key, String owner, String help)
    {
        /** @return the name as exposed: with {@code _total} for counters. */
        public String exposedName()
        {
            return gauge ? name : name + "_total";
        }
    }

    private static final Map<Integer, Entry> ENTRIES = new LinkedHashMap<>();

    static
    {
        final int base = CoreCounters.TYPE_ID_BASE;
        final String core = "hft-core CoreCounters";
        counter(base, "peregrine_core_ingress_messages", core, "messages taken off the ingress stream 1001");
        counter(base + 1, "peregrine_core_venue_in_messages", core, "messages taken off the venue-in stream 2002");
        counter(base + 2, "peregrine_core_orders_accepted", core, "new orders that passed every check and were routed");
        counter(base + 3, "peregrine_core_orders_rejected", core, "new orders rejected by the core, any reason");
        counter(base + 4, "peregrine_core_risk_rejects", core, "new orders rejected by pre-trade risk");
        counter(base + 5, "peregrine_core_ingress_malformed", core, "ingress messages rejected MALFORMED_MESSAGE");
        counter(base + 6, "peregrine_core_ingress_unknown_template", core, "ingress messages rejected UNKNOWN_TEMPLATE");
        counter(base + 7, "peregrine_core_ingress_unsupported_schema", core,
            "ingress messages rejected UNSUPPORTED_SCHEMA");
        counter(base + 8, "peregrine_core_ingress_invalid_enum", core, "ingress messages rejected INVALID_ENUM_VALUE");
        counter(base + 9, "peregrine_core_cancel_rejects", core, "CancelReject reports sent");
        counter(base + 10, "peregrine_core_fills", core, "fills and partial fills applied");
        counter(base + 11, "peregrine_core_venue_unavailable_rejects", core,
            "new orders rejected because the venue was disconnected or its circuit open");
        counter(base + 12, "peregrine_core_venue_out_back_pressured", core,
            "venue-out offers that failed after retries (BACK_PRESSURED rejects)");
        counter(base + 13, "peregrine_core_offer_retries", core, "retries of back-pressured offers");
        counter(base + 14, "peregrine_core_egress_dropped", core, "egress reports dropped after retries");
        counter(base + 15, "peregrine_core_venue_unknown_orders", core, "venue messages for unknown orders or requests");
        counter(base + 16, "peregrine_core_venue_in_malformed", core, "venue-in messages that failed checks");
        counter(base + 17, "peregrine_core_admin_commands", core, "admin commands handled");
        gauge(base + 18, "peregrine_core_working_orders", KeyLabel.NONE, core, "working orders in the order table");
        counter(base + 19, "peregrine_core_errors", core, "unexpected exceptions on the core thread");
        counter(base + 100, "peregrine_autofill_venue_dropped", "hft-core AutoFillVenue",
            "AutoFillVenue executions not published within 5 s (in-process test venue only)");
        counter(CoreCounters.HEARTBEAT_TYPE_ID, "peregrine_core_heartbeat", core,
            "core agent duty cycles: advances while the core thread lives (liveness)");
        add(new Entry(CoreCounters.REJECTS_BY_REASON_TYPE_ID, "peregrine_rejects", false, KeyLabel.REASON, core,
            "reject reports (orders, cancels/replaces, messages) by reason"));
        gauge(CoreCounters.KILL_SWITCH_GLOBAL_TYPE_ID, "peregrine_kill_switch_global", KeyLabel.NONE, core,
            "1 while the global kill switch is on");
        gauge(CoreCounters.SYMBOLS_KILLED_TYPE_ID, "peregrine_kill_switch_symbols", KeyLabel.NONE, core,
            "symbols with a kill switch on");
        gauge(CoreCounters.VENUES_PAUSED_TYPE_ID, "peregrine_venues_paused", KeyLabel.NONE, core,
            "venues paused for new orders");
        gauge(CoreCounters.JOURNAL_POSITION_TYPE_ID, "peregrine_core_journal_position", KeyLabel.NONE, core,
            "core journal entries appended by this run (advances with every input and output)");
        gauge(CoreCounters.JOURNAL_AVAILABLE_TYPE_ID, "peregrine_core_journal_available", KeyLabel.NONE, core,
            "1 while the core journal accepts appends, 0 while it refuses them (space low or an append failed)");
        counter(Peregrine.JOURNAL_REFUSED_COUNTER_TYPE_ID, "peregrine_core_journal_refused", "hft-core Peregrine",
            "input refused (or venue input held) because the core journal was unavailable");
        counter(AutoFillVenue.OFFER_RETRIES_TYPE_ID, "peregrine_autofill_venue_offer_retries",
            "hft-core AutoFillVenue", "back-pressured offers of the in-process test venue retried");

        final String gw = "fix-gateway GatewayCounters";
        counter(GatewayCounters.BROKER_ORDERS_IN_TYPE_ID, "peregrine_broker_orders_in", gw,
            "NewOrderSingle messages from broker sessions");
        counter(GatewayCounters.BROKER_GATEWAY_REJECTS_TYPE_ID, "peregrine_broker_gateway_rejects", gw,
            "broker requests rejected by the gateway before the core");
        gauge(GatewayCounters.BROKER_SESSIONS_LOGGED_ON_TYPE_ID, "peregrine_broker_sessions_logged_on", KeyLabel.NONE,
            gw, "broker sessions logged on");
        counter(GatewayCounters.BROKER_LOGON_REFUSALS_TYPE_ID, "peregrine_broker_logon_refusals", gw,
            "broker logons refused (bad credentials)");
        gauge(GatewayCounters.BROKER_ACCEPTOR_LISTENING_TYPE_ID, "peregrine_broker_acceptor_listening", KeyLabel.NONE,
            gw, "1 while the broker acceptor listens");
        add(new Entry(GatewayCounters.VENUE_REQUESTS_OUT_TYPE_ID, "peregrine_venue_requests_out", false,
            KeyLabel.VENUE, gw, "requests (new, cancel, replace) sent to the venue"));
        add(new Entry(GatewayCounters.VENUE_REPORTS_IN_TYPE_ID, "peregrine_venue_reports_in", false, KeyLabel.VENUE,
            gw, "execution reports received from the venue"));
        counter(GatewayCounters.VENUE_ACK_TIMEOUTS_TYPE_ID, "peregrine_venue_ack_timeouts", gw,
            "venue requests not answered within the ack timeout");
        gauge(GatewayCounters.VENUE_CIRCUIT_STATE_TYPE_ID, "peregrine_venue_circuit_state", KeyLabel.VENUE, gw,
            "circuit breaker: 0 closed, 1 open, 2 half open");
        gauge(GatewayCounters.VENUE_LOGGED_ON_TYPE_ID, "peregrine_venue_logged_on", KeyLabel.VENUE, gw,
            "1 while the venue session is logged on");
        gauge(GatewayCounters.VENUE_QUEUED_TYPE_ID, "peregrine_venue_queued_requests", KeyLabel.VENUE, gw,
            "requests waiting for the venue session in its fair queue");
        add(new Entry(GatewayCounters.VENUE_QUEUE_FULL_REJECTS_TYPE_ID, "peregrine_venue_queue_full_rejects", false,
            KeyLabel.VENUE, gw, "requests rejected THROTTLED: their account had its limit waiting for the venue"));
        add(new Entry(GatewayCounters.VENUE_LOGON_REFUSALS_TYPE_ID, "peregrine_venue_logon_refusals", false,
            KeyLabel.VENUE, gw, "venue logons refused (Logout before logon, with a reason on /health)"));
        counter(GatewayCounters.VENUE_DROPPED_TYPE_ID, "peregrine_venue_dropped_messages", gw,
            "venue-side messages dropped");
        counter(GatewayCounters.VENUE_ORPHAN_REPORTS_TYPE_ID, "peregrine_venue_orphan_reports", gw,
            "venue reports of an earlier core run, not forwarded");
        counter(GatewayCounters.VENUE_DUPLICATE_ORDERS_TYPE_ID, "peregrine_venue_duplicate_orders", gw,
            "orders already sent to a venue, not re-sent");
        counter(GatewayCounters.VENUE_STATUS_REQUESTS_TYPE_ID, "peregrine_venue_status_requests", gw,
            "reconciliation: OrderStatusRequests sent for unanswered or uncertain orders");
        counter(GatewayCounters.VENUE_LOST_ORDERS_TYPE_ID, "peregrine_venue_lost_orders", gw,
            "reconciliation: orders the venue no longer knew when asked (canceled VENUE_LOST_ORDER)");
        counter(GatewayCounters.BROKER_REPORTS_DELIVERED_TYPE_ID, "peregrine_broker_reports_delivered", gw,
            "core reports delivered to broker sessions");
        counter(GatewayCounters.BROKER_REPORTS_UNROUTABLE_TYPE_ID, "peregrine_broker_reports_unroutable", gw,
            "core reports that could not be delivered (unknown order, session gone)");
        counter(GatewayCounters.VENUE_DUPLICATE_REPORTS_TYPE_ID, "peregrine_venue_duplicate_reports", gw,
            "venue execution reports received twice, not forwarded again");
        counter(GatewayCounters.VENUE_UNMAPPED_MESSAGES_TYPE_ID, "peregrine_venue_unmapped_messages", gw,
            "venue messages not mapped to an order or request");
        counter(GatewayCounters.INGRESS_OFFER_RETRIES_TYPE_ID, "peregrine_broker_ingress_offer_retries", gw,
            "back-pressured offers of broker requests to the core retried");
        counter(GatewayCounters.VENUE_IN_OFFER_RETRIES_TYPE_ID, "peregrine_venue_in_offer_retries", gw,
            "back-pressured offers of venue reports to the core retried");
        counter(GatewayCounters.BROKER_LOGONS_THROTTLED_TYPE_ID, "peregrine_broker_logons_throttled", gw,
            "broker logons refused unchecked: too many failed logons from the session or address");

        final String edge = "fix-edge ConnectionCounters (gateway broker acceptor)";
        counter(ConnectionCounters.ACCEPTED_TYPE_ID, "peregrine_broker_connections_accepted", edge,
            "connections the broker acceptor accepted");
        counter(ConnectionCounters.REFUSED_PENDING_TYPE_ID, "peregrine_broker_connections_refused_pending", edge,
            "connections closed at once: too many from their address waiting to log on");
        counter(ConnectionCounters.LOGON_TIMEOUTS_TYPE_ID, "peregrine_broker_logon_timeouts", edge,
            "connections closed for not logging on in time");
        counter(ConnectionCounters.OVERSIZE_TYPE_ID, "peregrine_broker_oversize_frames", edge,
            "connections closed for a frame above the maximum message size");
        counter(ConnectionCounters.MALFORMED_TYPE_ID, "peregrine_broker_malformed_frames", edge,
            "connections closed for bytes that are not FIX framing");
        gauge(ConnectionCounters.PENDING_TYPE_ID, "peregrine_broker_connections_pending", KeyLabel.NONE, edge,
            "connections waiting to log on");
        counter(ConnectionCounters.READ_PAUSES_TYPE_ID, "peregrine_broker_read_pauses", edge,
            "reads paused: a connection above its messages per second");
        counter(SessionRateLimit.THROTTLED_TYPE_ID, "peregrine_broker_orders_throttled",
            "fix-gateway SessionRateLimit", "broker orders and replaces rejected THROTTLED by the session rate limit");
        counter(BrokerReportAgent.INCONSISTENT_TYPE_ID, "peregrine_broker_reports_inconsistent",
            "fix-gateway BrokerReportAgent", "core reports ignored: they contradict the order they name");

        final String sim = "matching-sim VenueEngineCounters";
        counter(VenueEngineCounters.ORDERS_ACCEPTED_TYPE_ID, "peregrine_sim_orders_accepted", sim,
            "orders the venue engine accepted (participants and market maker)");
        counter(VenueEngineCounters.TRADES_TYPE_ID, "peregrine_sim_trades", sim, "trades matched");
        counter(VenueEngineCounters.ORDERS_REJECTED_TYPE_ID, "peregrine_sim_orders_rejected", sim,
            "participant orders the venue rejected");
        counter(VenueEngineCounters.MESSAGES_TYPE_ID, "peregrine_sim_messages", sim, "FIX application messages handled");
        counter(VenueEngineCounters.FAILURES_TYPE_ID, "peregrine_sim_failures", sim, "messages whose handling failed");
        gauge(VenueEngineCounters.RESTING_ORDERS_TYPE_ID, "peregrine_sim_resting_orders", KeyLabel.SYMBOL, sim,
            "resting orders in the book");
        gauge(VenueEngineCounters.BID_LEVELS_TYPE_ID, "peregrine_sim_bid_levels", KeyLabel.SYMBOL, sim,
            "bid price levels in the book");
        gauge(VenueEngineCounters.ASK_LEVELS_TYPE_ID, "peregrine_sim_ask_levels", KeyLabel.SYMBOL, sim,
            "ask price levels in the book");
        counter(VenueEngineCounters.POSS_DUPS_IGNORED_TYPE_ID, "peregrine_sim_possdups_ignored", sim,
            "PossDup copies of requests already handled, ignored");
        counter(VenueEngineCounters.STATUS_REQUESTS_TYPE_ID, "peregrine_sim_status_requests", sim,
            "OrderStatusRequests answered");
    }

    private CounterCatalog()
    {
    }

    private static void counter(final int typeId, final String name, final String owner, final String help)
    {
        add(new Entry(typeId, name, false, KeyLabel.NONE, owner, help));
    }

    private static void gauge(
        final int typeId, final String name, final KeyLabel key, final String owner, final String help)
    {
        add(new Entry(typeId, name, true, key, owner, help));
    }

    private static void add(final Entry entry)
    {
        if (null != ENTRIES.put(entry.typeId(), entry))
        {
            throw new IllegalStateException("duplicate counter type id " + entry.typeId());
        }
    }

    /**
     * @param typeId an Aeron counter type id.
     * @return its entry, or null if it is not a Peregrine counter.
     */
    public static Entry entry(final int typeId)
    {
        return ENTRIES.get(typeId);
    }

    /**
     * @return every entry by type id, in table order.
     */
    public static Map<Integer, Entry> entries()
    {
        return Collections.unmodifiableMap(ENTRIES);
    }
}
