package io.peregrine.core;

import io.aeron.Aeron;
import io.peregrine.core.admin.TradingGates;
import io.peregrine.core.admin.RiskStateCounters;
import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.CounterSet;
import io.peregrine.risk.PreTradeRisk;
import io.peregrine.sbe.RejectReason;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import static io.peregrine.protocol.CounterDescriptor.counter;
import static io.peregrine.protocol.CounterDescriptor.gauge;

/**
 * The core's Aeron counters: allocated in the media driver's counters file, so they are visible live with
 * {@code AeronStat}; each is described once, by a {@link CounterDescriptor} constant here.
 * <p>
 * Written only by the core agent thread (release semantics), readable from any thread and process.
 * Created at launch (allocates); increments allocate nothing.
 */
public final class CoreCounters implements AutoCloseable
{
    // Every counter of the core, described once: type ids 7000-7019 (7 is the schema id), 1102 (durable core),
    // 1200-1209 and 1215 (operability) and 1371-1372 (code-shape), labels starting with "peregrine", in allocation
    // order.
    public static final CounterDescriptor INGRESS_MESSAGES = counter(7000, CounterKey.NONE,
        "peregrine: ingress messages",
        "peregrine_core_ingress_messages",
        "messages taken off the ingress stream 1001");
    public static final CounterDescriptor VENUE_MESSAGES = counter(7001, CounterKey.NONE,
        "peregrine: venue-in messages",
        "peregrine_core_venue_in_messages",
        "messages taken off the venue-in stream 2002");
    public static final CounterDescriptor ORDERS_ACCEPTED = counter(7002, CounterKey.NONE,
        "peregrine: orders accepted by risk and routed",
        "peregrine_core_orders_accepted",
        "new orders that passed every check and were routed");
    public static final CounterDescriptor ORDERS_REJECTED = counter(7003, CounterKey.NONE,
        "peregrine: new orders rejected (any reason)",
        "peregrine_core_orders_rejected",
        "new orders rejected by the core, any reason");
    public static final CounterDescriptor RISK_REJECTS = counter(7004, CounterKey.NONE,
        "peregrine: new orders rejected by pre-trade risk",
        "peregrine_core_risk_rejects",
        "new orders rejected by pre-trade risk");
    public static final CounterDescriptor MALFORMED_MESSAGES = counter(7005, CounterKey.NONE,
        "peregrine: ingress rejected MALFORMED_MESSAGE",
        "peregrine_core_ingress_malformed",
        "ingress messages rejected MALFORMED_MESSAGE");
    public static final CounterDescriptor UNKNOWN_TEMPLATES = counter(7006, CounterKey.NONE,
        "peregrine: ingress rejected UNKNOWN_TEMPLATE",
        "peregrine_core_ingress_unknown_template",
        "ingress messages rejected UNKNOWN_TEMPLATE");
    public static final CounterDescriptor UNSUPPORTED_SCHEMA = counter(7007, CounterKey.NONE,
        "peregrine: ingress rejected UNSUPPORTED_SCHEMA",
        "peregrine_core_ingress_unsupported_schema",
        "ingress messages rejected UNSUPPORTED_SCHEMA");
    public static final CounterDescriptor INVALID_ENUM_VALUES = counter(7008, CounterKey.NONE,
        "peregrine: ingress rejected INVALID_ENUM_VALUE",
        "peregrine_core_ingress_invalid_enum",
        "ingress messages rejected INVALID_ENUM_VALUE");
    public static final CounterDescriptor CANCEL_REJECTS = counter(7009, CounterKey.NONE,
        "peregrine: cancel/replace rejects",
        "peregrine_core_cancel_rejects",
        "CancelReject reports sent");
    public static final CounterDescriptor FILLS = counter(7010, CounterKey.NONE,
        "peregrine: fills",
        "peregrine_core_fills",
        "fills and partial fills applied");
    public static final CounterDescriptor VENUE_UNAVAILABLE_REJECTS = counter(7011, CounterKey.NONE,
        "peregrine: orders rejected venue unavailable/circuit open",
        "peregrine_core_venue_unavailable_rejects",
        "new orders rejected because the venue was disconnected or its circuit open");
    public static final CounterDescriptor VENUE_OUT_BACK_PRESSURED = counter(7012, CounterKey.NONE,
        "peregrine: venue-out offers failed (BACK_PRESSURED rejects)",
        "peregrine_core_venue_out_back_pressured",
        "venue-out offers that failed after retries (BACK_PRESSURED rejects)");
    public static final CounterDescriptor OFFER_RETRIES = counter(7013, CounterKey.NONE,
        "peregrine: back-pressured offer retries",
        "peregrine_core_offer_retries",
        "retries of back-pressured offers");
    public static final CounterDescriptor EGRESS_DROPPED = counter(7014, CounterKey.NONE,
        "peregrine: egress reports dropped (live stream stalled or back-pressured)",
        "peregrine_core_egress_dropped",
        "reports not delivered on the live egress stream 1002: back-pressured after their retries, refused at " +
        "their one offer while a subscriber that does not keep up stalls the stream, or the publication closed " +
        "(journal readers still get them)");
    public static final CounterDescriptor VENUE_UNKNOWN_ORDERS = counter(7015, CounterKey.NONE,
        "peregrine: venue messages for unknown orders/requests",
        "peregrine_core_venue_unknown_orders",
        "venue messages for unknown orders or requests");
    public static final CounterDescriptor VENUE_MALFORMED = counter(7016, CounterKey.NONE,
        "peregrine: venue-in messages malformed",
        "peregrine_core_venue_in_malformed",
        "venue-in messages that failed checks");
    public static final CounterDescriptor ADMIN_COMMANDS = counter(7017, CounterKey.NONE,
        "peregrine: admin commands",
        "peregrine_core_admin_commands",
        "admin commands handled");
    public static final CounterDescriptor WORKING_ORDERS = gauge(7018, CounterKey.NONE,
        "peregrine: working orders",
        "peregrine_core_working_orders",
        "working orders in the order table");
    public static final CounterDescriptor ERRORS = counter(7019, CounterKey.NONE,
        "peregrine: core agent errors",
        "peregrine_core_errors",
        "unexpected exceptions on the core thread");
    public static final CounterDescriptor EGRESS_UNSUBSCRIBED = counter(1102, CounterKey.NONE,
        "peregrine: egress reports with no subscriber",
        "peregrine_core_egress_unsubscribed",
        "egress reports published while no client subscribed to 1002 (journal-mode readers get them from the journal)");
    public static final CounterDescriptor HEARTBEAT = counter(1200, CounterKey.NONE,
        "peregrine: core heartbeat (duty cycles)",
        "peregrine_core_heartbeat",
        "core agent duty cycles: advances while the core thread lives (liveness)");
    public static final CounterDescriptor KILL_SWITCH_GLOBAL = gauge(1202, CounterKey.NONE,
        "peregrine: kill switch global (1 = on)",
        "peregrine_kill_switch_global",
        "1 while the global kill switch is on");
    public static final CounterDescriptor SYMBOLS_KILLED = gauge(1203, CounterKey.NONE,
        "peregrine: symbols with kill switch on",
        "peregrine_kill_switch_symbols",
        "symbols with a kill switch on");
    public static final CounterDescriptor VENUES_PAUSED = gauge(1204, CounterKey.NONE,
        "peregrine: venues paused",
        "peregrine_venues_paused",
        "venues paused for new orders");
    public static final CounterDescriptor UNPRICED_FILLS = counter(1205, CounterKey.NONE,
        "peregrine: fills booked without a venue price",
        "peregrine_core_unpriced_fills",
        "market-order fills the venue reported without any price (no LastPx, no AvgPx): booked at the core's " +
        "estimate, the client's report says so");
    public static final CounterDescriptor OVERFILLS = counter(1206, CounterKey.NONE,
        "peregrine: venue overfills (fills beyond the order's open quantity)",
        "peregrine_core_overfills",
        "venue fills of a working order beyond its open quantity: booked into the position without releasing other " +
        "orders' risk reservations, logged (WARN)");
    public static final CounterDescriptor FILLS_ON_DONE_ORDERS = counter(1207, CounterKey.NONE,
        "peregrine: venue fills of orders already done",
        "peregrine_core_fills_on_done_orders",
        "venue fills (a cumQty above the core's) of an order already canceled, expired, rejected or filled: booked " +
        "into the position, reported to the owner, logged (WARN)");
    public static final CounterDescriptor EGRESS_DROPPED_CLIENT = gauge(1208, CounterKey.NONE,
        "peregrine: client id of the last egress report dropped (-1 none)",
        "peregrine_core_egress_dropped_client",
        "client id of the last ExecutionReport or CancelReject dropped on the live egress stream (counted in 7014), " +
        "-1 before any");
    public static final CounterDescriptor KILL_SWITCH_CANCELS_REFUSED = counter(1209, CounterKey.NONE,
        "peregrine: kill-switch cancels refused",
        "peregrine_core_kill_switch_cancels_refused",
        "cancels of orders a kill switch covers refused by the venue or gateway, or not published: sent again " +
        "when the venue's session is back, with its next reports or after a restart, unless the venue said the " +
        "order is done or unknown (one WARN per order)");
    public static final CounterDescriptor KILL_SWITCH_ORDERS_WORKING = gauge(1215, CounterKey.NONE,
        "peregrine: kill-switch orders still working",
        "peregrine_core_kill_switch_orders_working",
        "working orders a kill switch that cancels working orders covers, not done yet (refreshed on idle duty " +
        "cycles and after each admin command)");
    /** Only with a journal: a core without one shows no journal rather than one that never moves. */
    public static final CounterDescriptor JOURNAL_POSITION = gauge(1371, CounterKey.NONE,
        "peregrine: core journal entries appended (position)",
        "peregrine_core_journal_position",
        "core journal entries appended by this run (advances with every input and output)");
    /** Only with a journal, like {@link #JOURNAL_POSITION}. */
    public static final CounterDescriptor JOURNAL_AVAILABLE = gauge(1372, CounterKey.NONE,
        "peregrine: core journal available (1 = yes)",
        "peregrine_core_journal_available",
        "1 while the core journal takes every input, 0 while it refuses some (below " +
        "peregrine.journal.min.free.bytes: new orders, replaces, resumes, limit updates, status requests; below " +
        "peregrine.journal.hard.min.free.bytes or after a failed append: all)");
    /** One counter per {@code RejectReason}; the 8-byte key holds the reason's value. */
    public static final CounterDescriptor REJECTS_BY_REASON = counter(1201, CounterKey.REASON,
        "peregrine: rejects reason=",
        "peregrine_rejects",
        "reject reports of the core (orders, cancels/replaces, messages) by reason, as the " +
        "dashboard charts them; the gateway's own refusals are not in it (THROTTLED by a broker session's rate " +
        "limit: 1327)");

    private final AtomicCounter ingressMessages;
    private final AtomicCounter venueMessages;
    private final AtomicCounter ordersAccepted;
    private final AtomicCounter ordersRejected;
    private final AtomicCounter riskRejects;
    private final AtomicCounter malformedMessages;
    private final AtomicCounter unknownTemplates;
    private final AtomicCounter unsupportedSchema;
    private final AtomicCounter invalidEnumValues;
    private final AtomicCounter cancelRejects;
    private final AtomicCounter fills;
    private final AtomicCounter venueUnavailableRejects;
    private final AtomicCounter venueOutBackPressured;
    private final AtomicCounter offerRetries;
    private final AtomicCounter egressDropped;
    private final AtomicCounter egressUnsubscribed;
    private final AtomicCounter venueUnknownOrders;
    private final AtomicCounter venueMalformed;
    private final AtomicCounter adminCommands;
    private final AtomicCounter workingOrders;
    private final AtomicCounter errors;
    private final AtomicCounter heartbeat;
    private final AtomicCounter killSwitchGlobal;
    private final AtomicCounter symbolsKilled;
    private final AtomicCounter venuesPaused;
    private final AtomicCounter unpricedFills;
    private final AtomicCounter overfills;
    private final AtomicCounter fillsOnDoneOrders;
    private final AtomicCounter egressDroppedClient;
    private final AtomicCounter killSwitchCancelsRefused;
    private final AtomicCounter killSwitchOrdersWorking;
    private final AtomicCounter journalPosition;
    private final AtomicCounter journalAvailable;
    private final AtomicCounter[] rejectsByReason = new AtomicCounter[256];
    private final CounterSet counters;

    CoreCounters(final Aeron aeron, final boolean journalOn)
    {
        this(aeron::addCounter, journalOn);
    }

    /**
     * Counters in a process-local counters file, for the core's logic driven without a media driver
     * ({@link DirectCore}).
     */
    CoreCounters(final CountersManager countersManager)
    {
        this(countersManager::newCounter, false);
    }

    private CoreCounters(final CounterSet.Allocator allocator, final boolean journalOn)
    {
        counters = new CounterSet(allocator);
        ingressMessages = counters.add(INGRESS_MESSAGES);
        venueMessages = counters.add(VENUE_MESSAGES);
        ordersAccepted = counters.add(ORDERS_ACCEPTED);
        ordersRejected = counters.add(ORDERS_REJECTED);
        riskRejects = counters.add(RISK_REJECTS);
        malformedMessages = counters.add(MALFORMED_MESSAGES);
        unknownTemplates = counters.add(UNKNOWN_TEMPLATES);
        unsupportedSchema = counters.add(UNSUPPORTED_SCHEMA);
        invalidEnumValues = counters.add(INVALID_ENUM_VALUES);
        cancelRejects = counters.add(CANCEL_REJECTS);
        fills = counters.add(FILLS);
        venueUnavailableRejects = counters.add(VENUE_UNAVAILABLE_REJECTS);
        venueOutBackPressured = counters.add(VENUE_OUT_BACK_PRESSURED);
        offerRetries = counters.add(OFFER_RETRIES);
        egressDropped = counters.add(EGRESS_DROPPED);
        venueUnknownOrders = counters.add(VENUE_UNKNOWN_ORDERS);
        venueMalformed = counters.add(VENUE_MALFORMED);
        adminCommands = counters.add(ADMIN_COMMANDS);
        workingOrders = counters.add(WORKING_ORDERS);
        errors = counters.add(ERRORS);
        egressUnsubscribed = counters.add(EGRESS_UNSUBSCRIBED);
        heartbeat = counters.add(HEARTBEAT);
        killSwitchGlobal = counters.add(KILL_SWITCH_GLOBAL);
        symbolsKilled = counters.add(SYMBOLS_KILLED);
        venuesPaused = counters.add(VENUES_PAUSED);
        unpricedFills = counters.add(UNPRICED_FILLS);
        overfills = counters.add(OVERFILLS);
        fillsOnDoneOrders = counters.add(FILLS_ON_DONE_ORDERS);
        egressDroppedClient = counters.add(EGRESS_DROPPED_CLIENT);
        egressDroppedClient.setRelease(-1);
        killSwitchCancelsRefused = counters.add(KILL_SWITCH_CANCELS_REFUSED);
        killSwitchOrdersWorking = counters.add(KILL_SWITCH_ORDERS_WORKING);
        journalPosition = journalOn ? counters.add(JOURNAL_POSITION) : null;
        journalAvailable = journalOn ? counters.add(JOURNAL_AVAILABLE) : null;
        for (final RejectReason reason : RejectReason.values())
        {
            if (RejectReason.NONE != reason && RejectReason.NULL_VAL != reason)
            {
                rejectsByReason[reason.value()] = counters.add(REJECTS_BY_REASON, reason.value(), reason.name());
            }
        }
    }

    /**
     * Allocates the gauges of the risk state the operator reads ({@link RiskStateCounters}) in this set, so they are
     * freed with the core's other counters. Start-up only; allocates.
     *
     * @param risk        the risk state.
     * @param gates       the symbol kill switches and venue pauses.
     * @param venueIds    the venues the core routes to.
     * @param logicClock  the core's logic clock (what day the executed notional is shown for).
     * @return the gauges, written by the core thread.
     */
    public RiskStateCounters addRiskState(
        final PreTradeRisk risk, final TradingGates gates, final int[] venueIds, final EpochNanoClock logicClock)
    {
        return new RiskStateCounters(counters, risk, gates.symbolKills(), gates.venuePauses(), venueIds, logicClock);
    }

    /** @return messages taken off the ingress stream. */
    public AtomicCounter ingressMessages()
    {
        return ingressMessages;
    }

    /** @return messages taken off the venue-in stream. */
    public AtomicCounter venueMessages()
    {
        return venueMessages;
    }

    /** @return new orders that passed every check and were sent to a venue. */
    public AtomicCounter ordersAccepted()
    {
        return ordersAccepted;
    }

    /** @return new orders rejected by the core, for any reason (validation, risk, venue state, back pressure). */
    public AtomicCounter ordersRejected()
    {
        return ordersRejected;
    }

    /** @return new orders rejected by {@code PreTradeRisk}. */
    public AtomicCounter riskRejects()
    {
        return riskRejects;
    }

    /** @return ingress messages rejected as MALFORMED_MESSAGE. */
    public AtomicCounter malformedMessages()
    {
        return malformedMessages;
    }

    /** @return ingress messages rejected as UNKNOWN_TEMPLATE. */
    public AtomicCounter unknownTemplates()
    {
        return unknownTemplates;
    }

    /** @return ingress messages rejected as UNSUPPORTED_SCHEMA. */
    public AtomicCounter unsupportedSchema()
    {
        return unsupportedSchema;
    }

    /** @return ingress messages rejected as INVALID_ENUM_VALUE. */
    public AtomicCounter invalidEnumValues()
    {
        return invalidEnumValues;
    }

    /** @return CancelReject reports sent. */
    public AtomicCounter cancelRejects()
    {
        return cancelRejects;
    }

    /** @return fills and partial fills applied. */
    public AtomicCounter fills()
    {
        return fills;
    }

    /** @return new orders rejected because their venue was DISCONNECTED or CIRCUIT_OPEN. */
    public AtomicCounter venueUnavailableRejects()
    {
        return venueUnavailableRejects;
    }

    /** @return venue-out offers that failed after retries (the order was rejected BACK_PRESSURED). */
    public AtomicCounter venueOutBackPressured()
    {
        return venueOutBackPressured;
    }

    /** @return retries of back-pressured offers on any publication. */
    public AtomicCounter offerRetries()
    {
        return offerRetries;
    }

    /**
     * @return reports not delivered on the live egress stream: back-pressured after their retries, refused at their
     *         one offer while the stream is stalled (a subscriber does not keep up: {@code RetryingPublication}), or
     *         the publication closed.
     */
    public AtomicCounter egressDropped()
    {
        return egressDropped;
    }

    /**
     * @return gauge: the client id of the last ExecutionReport or CancelReject counted in {@link #egressDropped()}, -1
     *         before any (an AdminResponse or a venue session status names no client and leaves it).
     */
    public AtomicCounter egressDroppedClient()
    {
        return egressDroppedClient;
    }

    /**
     * @return egress reports published while no client subscribed: not a loss for a journal-mode reader (the fix
     *         gateway), which reads them from the journal, e.g. while it restarts.
     */
    public AtomicCounter egressUnsubscribed()
    {
        return egressUnsubscribed;
    }

    /** @return venue messages for an order id or request id the core does not know. */
    public AtomicCounter venueUnknownOrders()
    {
        return venueUnknownOrders;
    }

    /** @return venue-in messages that failed header or field checks. */
    public AtomicCounter venueMalformed()
    {
        return venueMalformed;
    }

    /**
     * @return fills booked at the core's estimate because the venue gave no price for them (a market order's fill
     *         without LastPx or AvgPx; see OrderLifecycle).
     */
    public AtomicCounter unpricedFills()
    {
        return unpricedFills;
    }

    /**
     * @return venue fills of a working order beyond its open quantity (an overfill; see OrderLifecycle): the whole
     *         fill is booked, other orders' risk reservations are kept.
     */
    public AtomicCounter overfills()
    {
        return overfills;
    }

    /**
     * @return venue fills of an order already done (canceled, expired, rejected, filled) that the core had not
     *         booked (the venue's cumQty above the order's): booked into the position and reported to the owner.
     */
    public AtomicCounter fillsOnDoneOrders()
    {
        return fillsOnDoneOrders;
    }

    /** @return admin commands handled (kill switch, resume, limit update). */
    public AtomicCounter adminCommands()
    {
        return adminCommands;
    }

    /** @return gauge of working orders in the order table. */
    public AtomicCounter workingOrders()
    {
        return workingOrders;
    }

    /** @return unexpected exceptions caught on the core thread. */
    public AtomicCounter errors()
    {
        return errors;
    }

    /** @return duty cycles of the core agent: advancing while the core thread is alive (liveness). */
    public AtomicCounter heartbeat()
    {
        return heartbeat;
    }

    /** @return gauge: 1 while the global kill switch is on. */
    public AtomicCounter killSwitchGlobal()
    {
        return killSwitchGlobal;
    }

    /**
     * @return cancels of orders a kill switch covers that were refused or not published (counter 1209).
     */
    public AtomicCounter killSwitchCancelsRefused()
    {
        return killSwitchCancelsRefused;
    }

    /**
     * @return gauge of working orders a kill switch covers (1215).
     */
    public AtomicCounter killSwitchOrdersWorking()
    {
        return killSwitchOrdersWorking;
    }

    /** @return gauge of symbols with a kill switch on. */
    public AtomicCounter symbolsKilled()
    {
        return symbolsKilled;
    }

    /** @return gauge of venues paused. */
    public AtomicCounter venuesPaused()
    {
        return venuesPaused;
    }

    /** @return the core journal's position (entries appended by this run), or null without a journal. */
    public AtomicCounter journalPosition()
    {
        return journalPosition;
    }

    /** @return gauge: 1 while the core journal accepts appends (reporting thread), or null without a journal. */
    public AtomicCounter journalAvailable()
    {
        return journalAvailable;
    }

    /**
     * Counts one reject report (order, cancel/replace or message) by its reason. Core thread; allocation free.
     *
     * @param reason why; NONE and unknown values are ignored.
     */
    public void onReject(final RejectReason reason)
    {
        final AtomicCounter counter = rejectsByReason[reason.value() & 0xFF];
        if (null != counter)
        {
            counter.incrementRelease();
        }
    }

    /**
     * Counts an ingress message refused by a format or access check, by kind (unknown template, unsupported schema,
     * invalid enum value, or malformed; NOT_AUTHORISED is counted by {@code ClientAuthorisation}). Core thread;
     * allocation free.
     *
     * @param reason why the message was refused.
     */
    public void onInvalid(final RejectReason reason)
    {
        switch (reason)
        {
            case UNKNOWN_TEMPLATE:
                unknownTemplates().incrementRelease();
                break;
            case UNSUPPORTED_SCHEMA:
                unsupportedSchema().incrementRelease();
                break;
            case INVALID_ENUM_VALUE:
                invalidEnumValues().incrementRelease();
                break;
            case NOT_AUTHORISED:
                break; // counted by ClientAuthorisation
            default:
                malformedMessages().incrementRelease();
                break;
        }
    }

    /**
     * Starts every count (not the gauges) over at 0 once the journal's replay rebuilt the state: the replay runs
     * through the same logic that counts, so without this a core restarted after a SIGKILL would show what it
     * replayed since its last snapshot, and one stopped cleanly nothing. Counts mean "since this process started"
     * (the Prometheus convention); the gauges (working orders, kill switches, venues paused, journal position) keep
     * the recovered levels. Launch thread, before the core thread starts; allocation free.
     */
    public void zeroCountsAfterRecovery()
    {
        counters.zeroCounts();
    }

    /**
     * Frees the counters in the driver.
     */
    public void close()
    {
        counters.close();
    }
}
