package io.peregrine.core.order;

import io.peregrine.core.CoreCounters;
import io.peregrine.core.admin.TradingGates;
import io.peregrine.core.egress.ClientReports;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.journal.DecisionVersion;
import io.peregrine.core.venue.VenueRequests;
import io.peregrine.core.venue.VenueRoutes;
import io.peregrine.core.venue.VenueSessions;
import io.peregrine.core.venue.VenueText;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.risk.Notional;
import io.peregrine.risk.PreTradeRisk;
import io.peregrine.risk.RiskReservation;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The one owner of an order's life in the core: its state in the {@link OrderTable} and its risk reservation in
 * {@link PreTradeRisk} change together, here and nowhere else. Clients' requests come in decoded and format-checked
 * (by the core agent); venue answers come in by order id. Each step decides, books risk, updates the order, routes
 * to the venue ({@link VenueRequests}) and reports to the client ({@link ClientReports}):
 * <ul>
 *   <li><b>accept</b> ({@link #accept}): access, order-table room, the venue's session, operator gates, then risk;
 *   the order gets its id and is PENDING_NEW while routed, or is refused with a REJECTED report.</li>
 *   <li><b>ack</b>: the venue's NEW turns it NEW and is the client's first report.</li>
 *   <li><b>fill</b>: books the execution in risk and on the order (PARTIALLY_FILLED / FILLED).</li>
 *   <li><b>replace</b> ({@link #replace}): risk moves the reservation to the larger of the old and new quantity at
 *   the new price while the venue may still fill under the old terms; REPLACED settles it on the new terms, a
 *   refusal back on the old ones.</li>
 *   <li><b>cancel</b> ({@link #cancel}, {@link #cancelWorking}): forwarded, answered when the venue answers.</li>
 *   <li><b>kill switch</b> ({@link #cancelWorking}): every working order in scope is covered until it is done; a
 *   cancel of it refused for a reason that does not settle it is sent again on the venue's later inputs (see
 *   {@link #cancelWorking}).</li>
 *   <li><b>status</b> ({@link #status}): the order's current state reported (ExecutionReport ORDER_STATUS), nothing
 *   changed, nothing sent to the venue.</li>
 *   <li><b>close</b>: filled, canceled, expired or rejected: the reservation's rest is released exactly once (an
 *   order closes once: later venue messages for it find it no longer working), pending requests are answered
 *   TOO_LATE_TO_CANCEL.</li>
 * </ul>
 * One cancel and one replace at most may be pending per order (a second request gets REQUEST_PENDING).
 * A venue's refusal (a new order REJECTED, a cancel or replace refused) is reported to the client with the venue's
 * own text when it gave one ({@link VenueText}, passed with the answer), else with the reason's name.
 * <p>
 * <b>Reservation.</b> The order record keeps what risk reserved (price, quantity, and while a replace is pending the
 * replace's); before each risk call the record is loaded into one reused {@link RiskReservation}, which is handed
 * to risk and, when risk moved it, stored back with the order ({@link OrderTable#open},
 * {@link OrderTable#pendingReplace}).
 * <p>
 * Core thread only; allocation free. Business outcomes are reports, never exceptions.
 */
public final class OrderLifecycle
{
    /**
     * Most kill-switch cancels sent again per venue report ({@link #onExecution}): a report frees about one place in
     * the venue's queue, so one cancel follows it and a throttled backlog drains as the venue answers.
     */
    public static final int KILL_CANCELS_PER_REPORT = 1;

    /**
     * Most kill-switch cancels sent again when a venue's session admits orders again ({@link #onVenueSessionStatus})
     * or after a restart ({@link #resendPending}); the rest follow the venue's reports
     * ({@link #KILL_CANCELS_PER_REPORT}).
     */
    public static final int KILL_CANCELS_PER_SESSION_EVENT = 256;

    /** {@link #resendKillCancels}'s venue id for every venue. */
    private static final int ALL_VENUES = Integer.MIN_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(OrderLifecycle.class);

    /** Text of a new order refused THROTTLED because its account holds its share of the order table. */
    private static final DirectBuffer ACCOUNT_SHARE_TEXT = new UnsafeBuffer(
        "the account holds its share of the core's order table: cancel orders or wait for some to complete"
            .getBytes(StandardCharsets.US_ASCII));

    /** Text of a fill report whose price the venue did not give (see {@link #book}). */
    private static final DirectBuffer UNPRICED_FILL_TEXT = new UnsafeBuffer(
        ("the venue reported this fill without its price (no LastPx, no AvgPx): booked at the core's estimate, the " +
        "order's average price so far or else its worst-case reserved price; ask the venue for the execution price")
            .getBytes(StandardCharsets.US_ASCII));

    /** Text of a fill report whose quantity goes beyond the order's open quantity (see {@link #book}). */
    private static final DirectBuffer OVERFILL_TEXT = new UnsafeBuffer(
        ("the venue filled this order beyond its quantity: the whole fill is booked into the position (CumQty above " +
        "OrderQty); ask the venue").getBytes(StandardCharsets.US_ASCII));

    /**
     * Text of a fill report that takes an order beyond its quantity but within the larger quantity of its pending
     * replace (see {@link #book}).
     */
    private static final DirectBuffer FILL_WITHIN_PENDING_RAISE_TEXT = new UnsafeBuffer(
        ("the venue filled this order up to or beyond its quantity but within the larger quantity of its pending " +
        "replace: " +
        "booked as the venue having applied the replace first; the order stays open until the venue answers the " +
        "replace").getBytes(StandardCharsets.US_ASCII));

    /**
     * Text of the report that closes an order filled beyond its quantity whose replace to a larger one the venue
     * then refused (see {@link #replaceRefused}).
     */
    private static final DirectBuffer OVERFILL_REPLACE_REFUSED_TEXT = new UnsafeBuffer(
        ("the venue refused the replace to a larger quantity after filling this order beyond its quantity: the fills " +
        "beyond it were an overfill, booked into the position (CumQty above OrderQty); the order is filled; ask the " +
        "venue").getBytes(StandardCharsets.US_ASCII));

    /**
     * Text of the report that closes an order filled exactly to its quantity whose replace to a larger one the venue
     * then refused (see {@link #replaceRefused}).
     */
    private static final DirectBuffer FILLED_REPLACE_REFUSED_TEXT = new UnsafeBuffer(
        ("the venue refused the replace to a larger quantity after filling this order's quantity: the order is " +
        "filled").getBytes(StandardCharsets.US_ASCII));

    /** Text of a fill report of an order already done (see {@link #fillOnDoneOrder}). */
    private static final DirectBuffer FILL_ON_DONE_ORDER_TEXT = new UnsafeBuffer(
        ("the venue reported this fill after the order was done: booked into the position; the order stays done " +
        "(OrdStatus unchanged); ask the venue").getBytes(StandardCharsets.US_ASCII));

    private final OrderTable orders;
    private final PreTradeRisk risk;
    private final VenueRequests venueRequests;
    private final ClientReports reports;
    private final VenueRoutes routes;
    private final VenueSessions sessions;
    private final TradingGates gates;
    private final ClientAuthorisation authorisation;
    private final CoreCounters counters;
    private final EpochNanoClock logicClock;
    private final RiskReservation reservation = new RiskReservation();
    private final FillWarnings fillWarnings = new FillWarnings();

    private long lastOrderId;
    private long lastRequestId;
    /**
     * The venues (key) whose orders a kill switch covers owe cancels (refused, or not published), and how many
     * (value): only their inputs look for them ({@link #resendKillCancels}), which stops its scan when it has found
     * that many, so the other venues' reports cost a lookup and an owing venue's a scan up to its owed orders. The
     * count is never below the true one (an order that stops owing by another path, closed or lifted, is not
     * subtracted): a scan that reaches the table's end sets it exact. A venue is absent only when none of its orders
     * owes one. Pre-sized: allocation free for up to 64 venues.
     */
    private final Int2IntHashMap killCancelsOwedByVenue = new Int2IntHashMap(64, 0.65f, 0);
    /** After a snapshot's restore: which venues owe is not known until the table is read ({@link #owingVenues}). */
    private boolean killCancelsOwedUnknown;
    /** The WARN lines of refused kill-switch cancels: a flood (thousands of orders refused) is cut per second. */
    private final FillWarnings.Window killRefusalWarnings = new FillWarnings.Window();
    /** The {@link DecisionVersion} the input being handled is decided by ({@link #decidesAsVersion}). */
    private int decisionVersion = DecisionVersion.CURRENT;

    /**
     * Wires the lifecycle (edge, allocates nothing after this).
     *
     * @param orders        the order table it owns.
     * @param risk          pre-trade risk: every reservation is booked through this lifecycle.
     * @param venueRequests publisher of venue requests.
     * @param reports       publisher of client reports.
     * @param routes        symbol to venue id.
     * @param sessions      venue session states (admission of new orders).
     * @param gates         operator gates (symbol kill switches, venue pauses).
     * @param authorisation who may place, cancel and replace which orders.
     * @param counters      the core's counters.
     * @param logicClock    the time the logic reads (rate throttle, risk's trading day).
     */
    public OrderLifecycle(
        final OrderTable orders,
        final PreTradeRisk risk,
        final VenueRequests venueRequests,
        final ClientReports reports,
        final VenueRoutes routes,
        final VenueSessions sessions,
        final TradingGates gates,
        final ClientAuthorisation authorisation,
        final CoreCounters counters,
        final EpochNanoClock logicClock)
    {
        this.orders = orders;
        this.risk = risk;
        this.venueRequests = venueRequests;
        this.reports = reports;
        this.routes = routes;
        this.sessions = sessions;
        this.gates = gates;
        this.authorisation = authorisation;
        this.counters = counters;
        this.logicClock = logicClock;
    }

    /**
     * The end of a core duty cycle that handled messages: persists the cycle's fills in one batch
     * ({@link PreTradeRisk#flush()}; a no-op for in-memory risk). Core thread; allocation free.
     */
    public void endDutyCycle()
    {
        risk.flush();
    }

    /**
     * @return the last core order id handed out (for core snapshots: core thread, or the agent stopped).
     */
    public long lastOrderId()
    {
        return lastOrderId;
    }

    /**
     * @return the last venue request id handed out (for core snapshots: core thread, or the agent stopped).
     */
    public long lastRequestId()
    {
        return lastRequestId;
    }

    /**
     * Sets the id counters from a core snapshot. Launching thread, before the agent runs.
     *
     * @param orderId   the last core order id handed out.
     * @param requestId the last venue request id handed out.
     */
    public void restoreIds(final long orderId, final long requestId)
    {
        lastOrderId = orderId;
        lastRequestId = requestId;
        // Not in the snapshot: the next venue input reads the table for it (a process whose map named a venue with
        // nothing owed sent nothing for it either, so the outputs are the same).
        killCancelsOwedUnknown = true;
    }

    /**
     * @return the client report encoder (exec id counter, for core snapshots).
     */
    public ClientReports reports()
    {
        return reports;
    }

    /**
     * @return the venue session states.
     */
    public VenueSessions sessions()
    {
        return sessions;
    }

    /**
     * @return the operator gates (symbol kill switches, venue pauses).
     */
    public TradingGates gates()
    {
        return gates;
    }

    /**
     * @return the order table (read it only on the core thread or when the core is stopped).
     */
    public OrderTable orders()
    {
        return orders;
    }

    /**
     * A new order whose fields passed the format checks: admits it (access, table room, venue session, gates, risk)
     * and routes it, or refuses it with a REJECTED report. Allocation free.
     *
     * @param clientId    client that sent it.
     * @param clOrdId     its client order id.
     * @param account     packed account.
     * @param symbol      packed symbol.
     * @param side        side.
     * @param ordType     LIMIT or MARKET.
     * @param timeInForce time in force.
     * @param price       limit price, 0 for MARKET.
     * @param quantity    quantity.
     * @param sendingTime the request's sending time, echoed on its reports.
     */
    public void accept(
        final int clientId,
        final long clOrdId,
        final long account,
        final long symbol,
        final Side side,
        final OrdType ordType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity,
        final long sendingTime)
    {
        final int venueId = routes.venueFor(symbol);
        // An account at its share of the order table is THROTTLED, so it can never exhaust the table for others.
        RejectReason reason = authorisation.newOrder(clientId, account);
        reason = RejectReason.NONE != reason ? reason : !orders.hasCapacity() ? RejectReason.ORDER_CAPACITY_EXHAUSTED :
            !orders.accountHasCapacity(account) ? RejectReason.THROTTLED : sessions.admission(venueId);
        if (RejectReason.NONE != reason)
        {
            if (RejectReason.ORDER_CAPACITY_EXHAUSTED != reason && RejectReason.NOT_AUTHORISED != reason &&
                RejectReason.THROTTLED != reason)
            {
                counters.venueUnavailableRejects().incrementRelease();
            }
        }
        else
        {
            // Operator gates (symbol kill switch, venue pause) before risk: nothing is reserved for a gated order.
            reason = gates.admission(symbol, venueId);
        }
        if (RejectReason.NONE == reason)
        {
            reason = risk.evaluateNewOrder(
                reservation, account, symbol, clOrdId, side, ordType, price, quantity, logicClock.nanoTime());
            if (RejectReason.NONE != reason)
            {
                counters.riskRejects().incrementRelease();
            }
        }
        if (RejectReason.NONE != reason)
        {
            counters.ordersRejected().incrementRelease();
            // THROTTLED comes from the account's share of the table alone here: the owner is told which limit.
            reports.newOrderRejected(clientId, clOrdId, account, symbol, side, ordType, timeInForce, price, quantity,
                sendingTime, reason, RejectReason.THROTTLED == reason ? ACCOUNT_SHARE_TEXT : VenueText.NONE);
            return;
        }

        final int slot = orders.open(
            ++lastOrderId, clOrdId, clientId, venueId, ordType, timeInForce, price, sendingTime, reservation);
        final RejectReason routed = venueRequests.newOrder(orders, slot);
        if (RejectReason.NONE != routed)
        {
            // Venue-out failure policy: the order never reached a venue, so it is closed, its risk released and
            // the client told why (BACK_PRESSURED, or VENUE_UNAVAILABLE when no adapter is subscribed).
            if (RejectReason.BACK_PRESSURED == routed)
            {
                counters.venueOutBackPressured().incrementRelease();
            }
            else
            {
                counters.venueUnavailableRejects().incrementRelease();
            }
            counters.ordersRejected().incrementRelease();
            risk.onOrderClosed(reservation);
            orders.close(slot, OrdStatus.REJECTED);
            reports.orderReport(orders, slot, ExecType.REJECTED, OrdStatus.REJECTED, routed, clientId, clOrdId, 0, 0, 0,
                sendingTime, VenueText.NONE, orders.quantity(slot));
            return;
        }
        counters.ordersAccepted().incrementRelease();
        counters.workingOrders().setRelease(orders.workingCount());
    }

    /**
     * A client's cancel whose fields passed the format checks: forwarded to the venue (answered when it answers),
     * or refused with a CancelReject. Allocation free.
     *
     * @param clientId    client that sent it.
     * @param clOrdId     client id of the cancel request.
     * @param origClOrdId client order id of the order (used when {@code orderId} is 0).
     * @param orderId     core order id, or 0.
     * @param account     packed account of the order.
     * @param sendingTime the request's sending time.
     */
    public void cancel(
        final int clientId,
        final long clOrdId,
        final long origClOrdId,
        final long orderId,
        final long account,
        final long sendingTime)
    {
        final int slot = amendableOrder(
            CancelRejectResponseTo.CANCEL, clientId, clOrdId, origClOrdId, orderId, account, sendingTime);
        if (OrderTable.NO_SLOT == slot)
        {
            return;
        }
        final RejectReason reason = counted(venueRequests.cancel(orders, slot, lastRequestId + 1));
        if (RejectReason.NONE != reason)
        {
            reports.cancelReject(clientId, clOrdId, origClOrdId, orders.orderId(slot), account, orders.status(slot),
                CancelRejectResponseTo.CANCEL, reason, sendingTime, VenueText.NONE);
            return;
        }
        orders.pendingCancel(slot, ++lastRequestId, clOrdId, clientId, sendingTime);
    }

    /**
     * A client's replace whose fields passed the format checks: risk moves the reservation and the replace is
     * forwarded to the venue (answered when it answers), or refused with a CancelReject. Allocation free.
     *
     * @param clientId    client that sent it.
     * @param clOrdId     client order id the order takes once replaced.
     * @param origClOrdId client order id of the order (used when {@code orderId} is 0).
     * @param orderId     core order id, or 0.
     * @param account     packed account of the order.
     * @param newPrice    new price.
     * @param newQuantity new total quantity.
     * @param sendingTime the request's sending time.
     */
    public void replace(
        final int clientId,
        final long clOrdId,
        final long origClOrdId,
        final long orderId,
        final long account,
        final long newPrice,
        final long newQuantity,
        final long sendingTime)
    {
        final int slot = amendableOrder(
            CancelRejectResponseTo.REPLACE, clientId, clOrdId, origClOrdId, orderId, account, sendingTime);
        if (OrderTable.NO_SLOT == slot)
        {
            return;
        }
        final RiskReservation held = orders.reservation(slot, reservation);
        final long oldRiskPrice = held.price();
        final long oldQuantity = held.quantity();
        RejectReason reason = newQuantity <= orders.cumQty(slot) || clOrdId == orders.clOrdId(slot) ?
            RejectReason.INVALID_REPLACE : RejectReason.NONE;
        if (RejectReason.NONE == reason)
        {
            // Until the venue confirms, it may still fill under the old terms: risk holds the larger quantity at the
            // new price, and a replace down gives back the difference on REPLACED.
            reason = risk.evaluateReplace(held, clOrdId, OrdType.get(orders.ordTypeRaw(slot)), newPrice,
                Math.max(oldQuantity, newQuantity), logicClock.nanoTime());
        }
        if (RejectReason.NONE == reason)
        {
            reason = counted(venueRequests.replace(orders, slot, lastRequestId + 1, newPrice, newQuantity));
            if (RejectReason.NONE != reason)
            {
                risk.onReplaceSettled(held, oldRiskPrice, oldQuantity);
            }
        }
        if (RejectReason.NONE != reason)
        {
            reports.cancelReject(clientId, clOrdId, origClOrdId, orders.orderId(slot), account, orders.status(slot),
                CancelRejectResponseTo.REPLACE, reason, sendingTime, VenueText.NONE);
            return;
        }
        orders.pendingReplace(slot, ++lastRequestId, clOrdId, clientId, newPrice, newQuantity, sendingTime, held);
    }

    /**
     * A client's OrderStatusRequest whose fields passed the format checks, answered at once with an ExecutionReport
     * ExecType ORDER_STATUS: for an order the client may see (found like a cancel finds it, by order id or else
     * account and client order id; owned by the client or the client is an admin), its current status, quantities,
     * average and limit price under its current client order id, whatever its state (working or done, as long as
     * the order table holds it). Otherwise (never known, its slot reused, another account's, another client's) the
     * report names the order as asked and says OrdStatus REJECTED with reason UNKNOWN_ORDER or NOT_AUTHORISED, no
     * state. Changes nothing: no risk, no venue request. Allocation free.
     *
     * @param clientId    client that sent it (the report's recipient).
     * @param origClOrdId client order id of the order (used when {@code orderId} is 0).
     * @param orderId     core order id, or 0.
     * @param account     packed account of the order.
     * @param sendingTime the request's sending time.
     */
    public void status(
        final int clientId,
        final long origClOrdId,
        final long orderId,
        final long account,
        final long sendingTime)
    {
        final int slot = orderOf(origClOrdId, orderId, account);
        // An unknown order's status under the gateway's id binds it: the gateway's claim of its id at its start.
        final RejectReason reason = OrderTable.NO_SLOT == slot ? authorisation.unknownOrder(clientId) :
            access(clientId, slot);
        if (RejectReason.NONE != reason)
        {
            refuseStatus(clientId, origClOrdId, orderId, account, reason, sendingTime);
            return;
        }
        reports.orderReport(orders, slot, ExecType.ORDER_STATUS, orders.status(slot), RejectReason.NONE, clientId,
            orders.clOrdId(slot), 0, 0, 0, sendingTime, VenueText.NONE, reportedQuantity(slot));
    }

    /**
     * Answers an OrderStatusRequest without an order's state: ExecutionReport ORDER_STATUS, OrdStatus REJECTED, the
     * ids and account as asked (the account is the requester's own input, so echoing it tells nothing of any order;
     * one that is not well-formed packed ASCII is left blank). Allocation free.
     *
     * @param clientId    client that sent it.
     * @param origClOrdId client order id it named.
     * @param orderId     order id it named.
     * @param account     packed account it named.
     * @param reason      why (UNKNOWN_ORDER, NOT_AUTHORISED, or the format check's reason).
     * @param sendingTime the request's sending time.
     */
    public void refuseStatus(
        final int clientId,
        final long origClOrdId,
        final long orderId,
        final long account,
        final RejectReason reason,
        final long sendingTime)
    {
        reports.orderStatusUnknown(clientId, origClOrdId, orderId, PackedAscii.isValid(account) ? account :
            PackedAscii.BLANK, reason, sendingTime);
    }

    /**
     * Refuses a cancel or replace that failed its format checks (CancelReject with status REJECTED).
     *
     * @param responseTo  CANCEL or REPLACE.
     * @param clientId    client that sent it.
     * @param clOrdId     client id of the request.
     * @param origClOrdId client order id it named.
     * @param orderId     order id it named.
     * @param reason      why.
     * @param sendingTime the request's sending time.
     */
    public void refuseRequest(
        final CancelRejectResponseTo responseTo,
        final int clientId,
        final long clOrdId,
        final long origClOrdId,
        final long orderId,
        final RejectReason reason,
        final long sendingTime)
    {
        reports.cancelReject(clientId, clOrdId, origClOrdId, orderId, 0, OrdStatus.REJECTED, responseTo, reason,
            sendingTime, VenueText.NONE);
    }

    /**
     * A kill switch that cancels working orders: every working order in scope is covered
     * ({@link OrderTable#KILL_COVERED}) until it is done, and a cancel is sent for each that has none pending (one
     * pending, a client's or an earlier kill switch's, is left to its answer). A covered order's cancel refused for a
     * reason that does not settle it (VENUE_UNAVAILABLE, THROTTLED, VENUE_TIMEOUT, CIRCUIT_BREAKER_OPEN, a cancel
     * never delivered, BACK_PRESSURED, JOURNAL_UNAVAILABLE, a plain venue refusal...), or one that could not be
     * published, is owed: counted ({@code killSwitchCancelsRefused}), logged once per order (WARN) and sent again
     * when the venue's session admits orders again ({@link #onVenueSessionStatus}), on each later report of the venue
     * ({@link #onExecution}, {@value #KILL_CANCELS_PER_REPORT} per report) and after a restart
     * ({@link #resendPending}), while a kill switch still covers it. Only the venue's TOO_LATE_TO_CANCEL or
     * UNKNOWN_ORDER settles it (the order is done there or unknown: its report closes it). All of these are
     * journaled inputs, so a replay sends the same. Allocation free.
     *
     * @param all     every order.
     * @param account only this account's orders (when not all and not 0).
     * @param symbol  only this symbol's orders (when not all and not 0).
     * @return working orders in scope: each has a cancel sent or pending, or owed as above; done when the venue
     *         answers.
     */
    public int cancelWorking(final boolean all, final long account, final long symbol)
    {
        if (decisionVersion < DecisionVersion.KILL_SWITCH_COVERS)
        {
            return cancelWorkingUncovered(all, account, symbol);
        }
        int covered = 0;
        for (int slot = 0, capacity = orders.capacity(); slot < capacity; slot++)
        {
            if (orders.isWorking(slot) && (all || (0 != account && orders.account(slot) == account) ||
                (0 != symbol && orders.symbol(slot) == symbol)))
            {
                // A new kill switch tries again what an earlier one's venue settled, and logs a refusal again.
                final boolean owed = isOwedKillCancel(slot);
                orders.killFlags(slot, OrderTable.KILL_COVERED);
                covered++;
                if (0 == orders.cancelRequestId(slot))
                {
                    sendKillCancel(slot, owed);
                }
            }
        }
        return covered;
    }

    /**
     * A kill switch's cancels as {@link DecisionVersion} 2 decided them (replaying a journal entry it wrote): one
     * cancel for each working order in scope with none pending, nothing covered, nothing owed when refused.
     *
     * @return cancels sent.
     */
    private int cancelWorkingUncovered(final boolean all, final long account, final long symbol)
    {
        int sent = 0;
        for (int slot = 0, capacity = orders.capacity(); slot < capacity; slot++)
        {
            if (orders.isWorking(slot) && 0 == orders.cancelRequestId(slot) &&
                (all || (0 != account && orders.account(slot) == account) ||
                (0 != symbol && orders.symbol(slot) == symbol)) &&
                RejectReason.NONE == counted(venueRequests.cancel(orders, slot, lastRequestId + 1)))
            {
                orders.pendingCancel(slot, ++lastRequestId, 0, orders.clientId(slot), orders.sendingTime(slot));
                sent++;
            }
        }
        return sent;
    }

    /**
     * Sets the {@link DecisionVersion} of the inputs handled from now on: a recovery replaying a journal entry an
     * earlier release decided makes the decisions it recorded (a kill switch of version 2 covers nothing,
     * {@link DecisionVersion#KILL_SWITCH_COVERS}); {@link DecisionVersion#CURRENT} otherwise.
     *
     * @param version the entry's decision version.
     */
    public void decidesAsVersion(final int version)
    {
        decisionVersion = version;
    }

    /**
     * The operator lifted a kill switch (global, account or symbol): orders no kill switch covers any more are no
     * longer cancelled by one (a cancel already sent stays). Admin path (scans the order table); allocation free.
     */
    public void onKillSwitchLifted()
    {
        for (int slot = 0, capacity = orders.capacity(); slot < capacity; slot++)
        {
            if (orders.isWorking(slot) && 0 != (orders.killFlags(slot) & OrderTable.KILL_COVERED) &&
                !risk.isGlobalKilled() && !risk.isAccountKilled(orders.account(slot)) &&
                !gates.symbolKills().isClosed(orders.symbol(slot)))
            {
                orders.killFlags(slot, 0);
            }
        }
    }

    /**
     * A venue adapter reported its session's status (journaled venue input; {@link VenueSessions} has it already):
     * when the venue admits orders again, owed kill-switch cancels of its orders are sent again: at most
     * {@value #KILL_CANCELS_PER_SESSION_EVENT} on CONNECTED, one on CIRCUIT_HALF_OPEN (a probe of a venue that may
     * still be frozen; its answer sends the next, {@link #onExecution}). Allocation free.
     *
     * @param venueId the venue.
     */
    public void onVenueSessionStatus(final int venueId)
    {
        if (RejectReason.NONE == sessions.admission(venueId))
        {
            resendKillCancels(venueId, VenueStatus.CIRCUIT_HALF_OPEN == sessions.status(venueId) ?
                KILL_CANCELS_PER_REPORT : KILL_CANCELS_PER_SESSION_EVENT);
        }
    }

    /**
     * @return working orders a kill switch covers whose cancel is owed (none pending, not settled by the venue).
     *         Launching thread after recovery, or core thread.
     */
    public int owedKillCancels()
    {
        int owed = 0;
        for (int slot = 0, capacity = orders.capacity(); slot < capacity; slot++)
        {
            owed += isOwedKillCancel(slot) ? 1 : 0;
        }
        return owed;
    }

    private boolean isOwedKillCancel(final int slot)
    {
        return orders.isWorking(slot) &&
            OrderTable.KILL_COVERED == (orders.killFlags(slot) & (OrderTable.KILL_COVERED | OrderTable.KILL_SETTLED)) &&
            0 == orders.cancelRequestId(slot);
    }

    /**
     * Sends the owed kill-switch cancels of a venue's orders (or every venue's) whose session admits orders, at most
     * {@code most} attempts, in slot order; nothing when the venue owes none ({@link #killCancelsOwedByVenue}) or its
     * session does not admit orders, so such a venue report costs a lookup. A cancel the venue stream refuses ends
     * the scan (the next would be refused too; it stays owed). One venue's scan stops when it has found as many owed
     * cancels as the venue owes.
     *
     * @return cancels sent.
     */
    private int resendKillCancels(final int venueId, final int most)
    {
        if (killCancelsOwedUnknown)
        {
            owingVenues();
        }
        if (ALL_VENUES == venueId)
        {
            return resendEveryVenuesKillCancels(most);
        }
        final int owed = killCancelsOwedByVenue.get(venueId);
        if (0 == owed || RejectReason.NONE != sessions.admission(venueId))
        {
            return 0;
        }
        int found = 0;
        int sent = 0;
        int slot = 0;
        boolean stopped = false;
        for (final int capacity = orders.capacity(); slot < capacity && found < owed; slot++)
        {
            if (orders.venueId(slot) != venueId || !isOwedKillCancel(slot))
            {
                continue;
            }
            found++;
            if (found > most || !sendKillCancel(slot, true))
            {
                stopped = true;
                break;
            }
            sent++;
        }
        // A scan that read the whole table without stopping knows the venue's exact count.
        final int left = stopped || found == owed ? owed - sent : found - sent;
        if (0 == left)
        {
            killCancelsOwedByVenue.remove(venueId);
        }
        else
        {
            killCancelsOwedByVenue.put(venueId, left);
        }
        return sent;
    }

    /**
     * After a restart: every venue's owed kill-switch cancels whose session admits orders, at most {@code most}
     * attempts; a refused publication ends it. The table is then read again for the exact counts (once per start).
     */
    private int resendEveryVenuesKillCancels(final int most)
    {
        if (killCancelsOwedByVenue.isEmpty())
        {
            return 0;
        }
        int attempts = 0;
        int sent = 0;
        for (int slot = 0, capacity = orders.capacity(); slot < capacity && attempts < most; slot++)
        {
            if (!isOwedKillCancel(slot) || RejectReason.NONE != sessions.admission(orders.venueId(slot)))
            {
                continue;
            }
            attempts++;
            if (!sendKillCancel(slot, true))
            {
                break;
            }
            sent++;
        }
        owingVenues();
        return sent;
    }

    /** Reads the order table for the venues whose orders owe a kill-switch cancel, and how many. */
    private void owingVenues()
    {
        killCancelsOwedUnknown = false;
        killCancelsOwedByVenue.clear();
        for (int slot = 0, capacity = orders.capacity(); slot < capacity; slot++)
        {
            if (isOwedKillCancel(slot))
            {
                final int venue = orders.venueId(slot);
                killCancelsOwedByVenue.put(venue, killCancelsOwedByVenue.get(venue) + 1);
            }
        }
    }

    /** One more of the venue's orders owes a kill-switch cancel. */
    private void owes(final int venueId)
    {
        killCancelsOwedByVenue.put(venueId, killCancelsOwedByVenue.get(venueId) + 1);
    }

    /**
     * Sends a kill switch's cancel of a covered order with none pending.
     *
     * @param owed whether the order owed it already (counted in {@link #killCancelsOwedByVenue}).
     * @return whether it was published (else it is owed, {@link #killCancelRefused}).
     */
    private boolean sendKillCancel(final int slot, final boolean owed)
    {
        final RejectReason sent = counted(venueRequests.cancel(orders, slot, lastRequestId + 1));
        if (RejectReason.NONE != sent)
        {
            killCancelRefused(slot, sent, owed);
            return false;
        }
        orders.pendingCancel(slot, ++lastRequestId, 0, orders.clientId(slot), orders.sendingTime(slot));
        return true;
    }

    /**
     * The cancel of an order a kill switch covers was refused (the kill switch's own, or a client's pending when it
     * came), or could not be published: counted; owed unless the reason settles it (TOO_LATE_TO_CANCEL,
     * UNKNOWN_ORDER: the venue's report closes the order; not UNKNOWN_ORDER while the venue has not acked the order:
     * the cancel may have overtaken the new order, {@link #stillWorkingAtTheVenue}); one WARN per order, at most
     * {@link FillWarnings#LINES_PER_WINDOW} a second (the next says how many were left out).
     *
     * @param owed whether the order owed its cancel already (counted in {@link #killCancelsOwedByVenue}).
     */
    private void killCancelRefused(final int slot, final RejectReason reason, final boolean owed)
    {
        counters.killSwitchCancelsRefused().incrementRelease();
        final boolean settled = RejectReason.TOO_LATE_TO_CANCEL == reason || (RejectReason.UNKNOWN_ORDER == reason &&
            OrdStatus.PENDING_NEW.value() != orders.statusRaw(slot));
        final int flags = orders.killFlags(slot);
        if (settled)
        {
            orders.killFlags(slot, flags | OrderTable.KILL_SETTLED);
        }
        else if (!owed)
        {
            owes(orders.venueId(slot));
        }
        if (0 == (flags & OrderTable.KILL_REFUSAL_LOGGED))
        {
            orders.killFlags(slot, orders.killFlags(slot) | OrderTable.KILL_REFUSAL_LOGGED);
            final long leftOut = killRefusalWarnings.admit(logicClock.nanoTime());
            if (leftOut < 0)
            {
                return;
            }
            if (settled)
            {
                LOG.warn("kill switch: the cancel of order {} at venue {} was refused {}: not sent again, the " +
                    "venue's report of the order closes it unless it reports the order working{}",
                    orders.orderId(slot), orders.venueId(slot), reason, FillWarnings.suppressedText(leftOut));
            }
            else
            {
                LOG.warn("kill switch: the cancel of order {} at venue {} was refused {}: the order is still " +
                    "working; the cancel will be sent again when the venue's session is back (CONNECTED or " +
                    "CIRCUIT_HALF_OPEN), with its next reports, or after a restart{}",
                    orders.orderId(slot), orders.venueId(slot), reason, FillWarnings.suppressedText(leftOut));
            }
        }
    }

    /**
     * @return whether a venue adapter reads the venue-out stream.
     */
    public boolean venueConnected()
    {
        return venueRequests.isConnected();
    }

    /**
     * @return venue requests the venue has not answered: the new order of each order it has not acked
     *         (PENDING_NEW), each pending cancel and replace. Launching thread after recovery, or core thread.
     */
    public int pendingVenueRequests()
    {
        int pending = 0;
        for (int slot = 0, capacity = orders.capacity(); slot < capacity; slot++)
        {
            if (orders.isWorking(slot))
            {
                pending += (OrdStatus.PENDING_NEW.value() == orders.statusRaw(slot) ? 1 : 0) +
                    (0 != orders.cancelRequestId(slot) ? 1 : 0) + (0 != orders.replaceRequestId(slot) ? 1 : 0);
            }
        }
        return pending;
    }

    /**
     * After a restart (the core's journaled RESTART input): sends every unanswered venue request again, as it was
     * (same order id, request id and terms), for each order its new order first, then its pending replace and
     * cancel in the order they were made. A request journaled as sent may still have been unread in the stream when
     * the process stopped, and nothing else would send it again; an adapter ignores a new order id or a request id
     * it already has (the venue adapter contract). Changes no order or risk state; a request that cannot be
     * published stays pending as it was (counted). Then the kill-switch cancels owed ({@link #cancelWorking}) to
     * venues that admit orders are sent, at most {@value #KILL_CANCELS_PER_SESSION_EVENT}, with new request ids.
     * Allocation free.
     *
     * @return requests sent again.
     */
    public int resendPending()
    {
        int sent = 0;
        for (int slot = 0, capacity = orders.capacity(); slot < capacity; slot++)
        {
            if (!orders.isWorking(slot))
            {
                continue;
            }
            if (OrdStatus.PENDING_NEW.value() == orders.statusRaw(slot))
            {
                sent += resent(venueRequests.newOrder(orders, slot));
            }
            final long cancelRequestId = orders.cancelRequestId(slot);
            final long replaceRequestId = orders.replaceRequestId(slot);
            final boolean replaceFirst =
                0 != replaceRequestId && (0 == cancelRequestId || replaceRequestId < cancelRequestId);
            if (replaceFirst)
            {
                sent += resentReplace(slot, replaceRequestId);
            }
            if (0 != cancelRequestId)
            {
                sent += resent(venueRequests.cancel(orders, slot, cancelRequestId));
            }
            if (0 != replaceRequestId && !replaceFirst)
            {
                sent += resentReplace(slot, replaceRequestId);
            }
        }
        return sent + resendKillCancels(ALL_VENUES, KILL_CANCELS_PER_SESSION_EVENT);
    }

    private int resentReplace(final int slot, final long requestId)
    {
        return resent(venueRequests.replace(
            orders, slot, requestId, orders.replacePrice(slot), orders.replaceQuantity(slot)));
    }

    private int resent(final RejectReason result)
    {
        return RejectReason.NONE == counted(result) ? 1 : 0;
    }

    /**
     * @return the outcome of a venue request, a back-pressured one counted.
     */
    private RejectReason counted(final RejectReason venueOutcome)
    {
        if (RejectReason.BACK_PRESSURED == venueOutcome)
        {
            counters.venueOutBackPressured().incrementRelease();
        }
        return venueOutcome;
    }

    /**
     * A venue execution (format-checked) for one of the core's orders: ack, fill, cancel, expiry, replace or reject.
     * Messages for unknown or closed orders are counted and ignored (venue input is idempotent). Allocation free.
     *
     * @param orderId      core order id.
     * @param execType     what the venue did.
     * @param requestId    id of the core's request it answers (cancel/replace), else 0.
     * @param lastQty      quantity of a fill.
     * @param lastPx       price of a fill.
     * @param venueCumQty  the venue's cumulative quantity, 0 if it did not say.
     * @param venueAvgPx   the venue's average price of {@code venueCumQty}, 0 or less (the field's null value) if it
     *                     did not say: prices a quantity booked without its own fill report (see
     *                     {@link #bookingPrice}).
     * @param rejectReason the venue's reason (rejects, VENUE_LOST_ORDER cancels).
     * @param venueText    the venue's text (capacity = length, at most {@link VenueText#MAX_LENGTH} bytes), or
     *                     {@link VenueText#NONE}: for a REJECTED, the text of the report it causes (the new order's
     *                     REJECTED report, or the CancelReject of the cancel or replace it refuses) instead of the
     *                     reason's name; for a CANCELED or EXPIRED, the text of the closing report (an unsolicited
     *                     cancel's reason reaches its owner); ignored for the other exec types. Read during the call
     *                     only.
     */
    public void onExecution(
        final long orderId,
        final ExecType execType,
        final long requestId,
        final long lastQty,
        final long lastPx,
        final long venueCumQty,
        final long venueAvgPx,
        final RejectReason rejectReason,
        final DirectBuffer venueText)
    {
        final int slot = orders.slotByOrderId(orderId);
        if (OrderTable.NO_SLOT == slot)
        {
            counters.venueUnknownOrders().incrementRelease();
            return;
        }
        if (!orders.isWorking(slot))
        {
            if (ExecType.PARTIAL_FILL == execType || ExecType.FILL == execType)
            {
                fillOnDoneOrder(slot, lastQty, lastPx, venueCumQty, venueAvgPx);
            }
            else
            {
                counters.venueUnknownOrders().incrementRelease();
            }
        }
        else
        {
            stillWorkingAtTheVenue(slot, execType);
            switch (execType)
            {
                case NEW:
                    ack(slot);
                    break;
                case PARTIAL_FILL:
                case FILL:
                    fill(slot, lastQty, lastPx, venueCumQty, venueAvgPx);
                    break;
                case CANCELED:
                    if (bookFillsReportedOnlyByTheClose(slot, lastQty, lastPx, venueCumQty, venueAvgPx))
                    {
                        break;
                    }
                    // VENUE_LOST_ORDER: the venue no longer knew the order when the gateway asked; the owner is told
                    // why.
                    close(slot, ExecType.CANCELED, OrdStatus.CANCELED, RejectReason.VENUE_LOST_ORDER == rejectReason ?
                        RejectReason.VENUE_LOST_ORDER : RejectReason.NONE, venueText);
                    break;
                case EXPIRED:
                    if (bookFillsReportedOnlyByTheClose(slot, lastQty, lastPx, venueCumQty, venueAvgPx))
                    {
                        break;
                    }
                    close(slot, ExecType.EXPIRED, OrdStatus.EXPIRED, RejectReason.NONE, venueText);
                    break;
                case REPLACED:
                    replaced(slot, requestId);
                    break;
                case REJECTED:
                    venueRejected(slot, requestId, rejectReason, venueText);
                    break;
                default:
                    counters.venueMalformed().incrementRelease();
                    break;
            }
        }
        // A venue report frees about one place in its queue: an owed kill-switch cancel of that venue follows it. Not
        // after a refusal (REJECTED): a cancel refused again must not be sent again by its own refusal.
        if (ExecType.REJECTED != execType)
        {
            resendKillCancels(orders.venueId(slot), KILL_CANCELS_PER_REPORT);
        }
    }

    /**
     * The venue refused a cancel or replace request (format-checked VenueCancelReject). Allocation free.
     *
     * @param orderId      core order id.
     * @param requestId    id of the refused request.
     * @param rejectReason the venue's reason, NONE for a plain VENUE_REJECT.
     * @param venueText    the venue's text (capacity = length, at most {@link VenueText#MAX_LENGTH} bytes), or
     *                     {@link VenueText#NONE}: the text of the client's CancelReject instead of the reason's name.
     *                     Read during the call only.
     */
    public void onCancelReject(
        final long orderId, final long requestId, final RejectReason rejectReason, final DirectBuffer venueText)
    {
        final int slot = orders.slotByOrderId(orderId);
        if (OrderTable.NO_SLOT == slot || !orders.isWorking(slot) || 0 == requestId)
        {
            counters.venueUnknownOrders().incrementRelease();
            return;
        }
        final RejectReason reason = RejectReason.NONE == rejectReason ? RejectReason.VENUE_REJECT : rejectReason;
        requestRefused(slot, requestId, reason, venueText);
    }

    /**
     * The order a cancel or replace names, by order id or else (account, origClOrdId: its current client order id or
     * the one before its last confirmed replace), if it exists for that account, the client may amend it, it is
     * working and has no request pending; otherwise the request is refused (UNKNOWN_ORDER, NOT_AUTHORISED,
     * TOO_LATE_TO_CANCEL, REQUEST_PENDING) here, a known order's refusal with its order id and real status.
     */
    private int amendableOrder(
        final CancelRejectResponseTo responseTo,
        final int clientId,
        final long clOrdId,
        final long origClOrdId,
        final long orderId,
        final long account,
        final long sendingTime)
    {
        final int slot = orderOf(origClOrdId, orderId, account);
        final RejectReason reason = access(clientId, slot);
        if (RejectReason.NONE != reason)
        {
            reports.cancelReject(clientId, clOrdId, origClOrdId, orderId, account, OrdStatus.REJECTED, responseTo,
                reason, sendingTime, VenueText.NONE);
            return OrderTable.NO_SLOT;
        }
        // One cancel and one replace at most in flight: a closed order or one with a request pending is refused.
        final RejectReason state = !orders.isWorking(slot) ? RejectReason.TOO_LATE_TO_CANCEL :
            hasPendingRequest(slot) ? RejectReason.REQUEST_PENDING : RejectReason.NONE;
        if (RejectReason.NONE != state)
        {
            reports.cancelReject(clientId, clOrdId, origClOrdId, orders.orderId(slot), account, orders.status(slot),
                responseTo, state, sendingTime, VenueText.NONE);
            return OrderTable.NO_SLOT;
        }
        return slot;
    }

    /**
     * @return the slot of the order a request names, by order id or else (account, origClOrdId), if the table holds
     *         it for that account; else {@link OrderTable#NO_SLOT}. An origClOrdId that is no order's current one but
     *         the one an order had before its last confirmed replace names that order: the request acts on the order
     *         as it is now (a cancel that crossed the replace's confirmation on the wire still cancels it), and its
     *         answers carry the order's real state.
     */
    private int orderOf(final long origClOrdId, final long orderId, final long account)
    {
        int slot = 0 != orderId ? orders.slotByOrderId(orderId) : orders.slotByClientOrderId(account, origClOrdId);
        if (OrderTable.NO_SLOT == slot && 0 == orderId)
        {
            slot = orders.slotBySupersededClOrdId(account, origClOrdId);
        }
        return OrderTable.NO_SLOT != slot && orders.account(slot) == account ? slot : OrderTable.NO_SLOT;
    }

    /**
     * @return NONE if the client may see and amend the order in the slot (it owns it or is an admin), else
     *         UNKNOWN_ORDER (no slot) or NOT_AUTHORISED (counted).
     */
    private RejectReason access(final int clientId, final int slot)
    {
        return OrderTable.NO_SLOT == slot ?
            RejectReason.UNKNOWN_ORDER : authorisation.amend(clientId, orders.clientId(slot));
    }

    private boolean hasPendingRequest(final int slot)
    {
        return 0 != orders.cancelRequestId(slot) || 0 != orders.replaceRequestId(slot);
    }

    /**
     * A report that the order still works at the venue (NEW, PARTIAL_FILL, REPLACED) unsettles a kill-switch cancel
     * the venue refused TOO_LATE_TO_CANCEL or UNKNOWN_ORDER (it had not seen the order yet, or a replace raced it):
     * the cancel is owed again, and this report's end sends it ({@link #onExecution}).
     */
    private void stillWorkingAtTheVenue(final int slot, final ExecType execType)
    {
        final int flags = orders.killFlags(slot);
        if (0 != (flags & OrderTable.KILL_SETTLED) &&
            (ExecType.NEW == execType || ExecType.PARTIAL_FILL == execType || ExecType.REPLACED == execType))
        {
            orders.killFlags(slot, flags & ~OrderTable.KILL_SETTLED);
            if (isOwedKillCancel(slot))
            {
                owes(orders.venueId(slot));
            }
        }
    }

    private void ack(final int slot)
    {
        if (OrdStatus.PENDING_NEW.value() == orders.statusRaw(slot))
        {
            orders.status(slot, OrdStatus.NEW);
            reports.orderReport(orders, slot, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, orders.clientId(slot),
                orders.clOrdId(slot), 0, 0, 0, orders.sendingTime(slot), VenueText.NONE, orders.quantity(slot));
        }
    }

    /**
     * A cancel or expiry whose cumulative quantity is above the core's: a fill the venue reported before it was lost
     * on its way (handed to a core that died with the gateway before journaling it). The difference is booked as a
     * fill before the order closes, so position and quantities match the venue's, at the price
     * {@link #bookingPrice} finds (the lost fill's own price is not on a cancel).
     *
     * @return true if that fill completed the order (it is FILLED and the close no longer applies).
     */
    private boolean bookFillsReportedOnlyByTheClose(
        final int slot, final long reportedLastQty, final long lastPx, final long venueCumQty, final long venueAvgPx)
    {
        final long unbooked = venueCumQty - orders.cumQty(slot);
        if (unbooked <= 0)
        {
            return false;
        }
        book(slot, unbooked, bookingPrice(slot, unbooked, reportedLastQty, lastPx, venueCumQty, venueAvgPx));
        return !orders.isWorking(slot);
    }

    private void fill(
        final int slot, final long reportedLastQty, final long lastPx, final long venueCumQty, final long venueAvgPx)
    {
        // The venue's cumulative quantity decides: the core books what the venue has filled and it has not, whatever
        // lastQty says. A fill reported by an OrderStatusRequest answer carries the whole cumQty as lastQty; and a
        // venue report lost on its way (handed to a core that died with the gateway before journaling it) leaves a
        // gap that the next fill closes, at the price of what is missing (bookingPrice), instead of stranding the
        // order short of FILLED.
        final long lastQty = venueCumQty > 0 ? venueCumQty - orders.cumQty(slot) : reportedLastQty;
        if (reportedLastQty <= 0)
        {
            counters.venueMalformed().incrementRelease();
            return;
        }
        if (venueCumQty > 0 && venueCumQty <= orders.cumQty(slot))
        {
            // A fill the core already booked, sent again by an adapter that could not know what the core had
            // journaled before a restart: venue messages are idempotent, a fill is never booked twice.
            counters.venueUnknownOrders().incrementRelease();
            return;
        }
        book(slot, lastQty, bookingPrice(slot, lastQty, reportedLastQty, lastPx, venueCumQty, venueAvgPx));
    }

    /**
     * The price of a quantity the core books, from the venue's report only (journaled input, so a replay finds the
     * same price) and the order's booked fills:
     * <ol>
     *   <li>the report's own fill ({@code bookedQty} is its {@code lastQty}, nothing missing before it): its
     *   {@code lastPx};</li>
     *   <li>else, with the venue's average price: the average price of what is missing, implied exactly by the
     *   venue's totals and the core's booked fills ({@link #impliedPrice});</li>
     *   <li>else as before version 4: the report's {@code lastPx}, else the order's limit price;</li>
     *   <li>else (a market order, the venue said no price at all): 0, which {@link #book} books at its estimate,
     *   counted and said on the client's report.</li>
     * </ol>
     */
    private long bookingPrice(
        final int slot,
        final long bookedQty,
        final long reportedLastQty,
        final long lastPx,
        final long venueCumQty,
        final long venueAvgPx)
    {
        if (bookedQty == reportedLastQty && lastPx > 0)
        {
            return lastPx;
        }
        final long implied = impliedPrice(slot, bookedQty, venueCumQty, venueAvgPx);
        return implied > 0 ? implied : lastPx > 0 ? lastPx : orders.price(slot);
    }

    /**
     * The average price of the venue's fills the core has not booked: the venue's {@code avgPx * cumQty} less the
     * notional of the fills the core booked, over the missing quantity, written as
     * {@code avgPx + (avgPx * bookedQty - bookedNotional) / missingQty} so that nothing larger than the notional the
     * order table already holds is formed. Rounded to the nearest unit of the price scale (1e-6), halves up.
     *
     * @return that price, or 0 when it is not known: no average price from the venue (its null value, or not above
     *         0), totals that do not add up (the missing quantity is not the venue's cumQty less the core's), a
     *         product that does not fit a {@code long}, or a result not above 0 (the venue's figures contradict the
     *         core's booked fills).
     */
    private long impliedPrice(final int slot, final long missingQty, final long venueCumQty, final long venueAvgPx)
    {
        final long bookedQty = orders.cumQty(slot);
        if (venueAvgPx <= 0 || missingQty <= 0 || venueCumQty - bookedQty != missingQty)
        {
            return 0;
        }
        final long atVenueAverage = venueAvgPx * bookedQty;
        if (0 != Math.multiplyHigh(venueAvgPx, bookedQty) || atVenueAverage < 0)
        {
            return 0;
        }
        final long excess = Notional.subtract(atVenueAverage, orders.notional(slot));
        if (Long.MIN_VALUE == excess || Long.MAX_VALUE == excess)
        {
            return 0;
        }
        final long remainder = Math.floorMod(excess, missingQty);
        final long perUnit = Math.floorDiv(excess, missingQty) + (remainder >= missingQty - remainder ? 1 : 0);
        final long implied = Notional.add(venueAvgPx, perUnit);
        return implied > 0 && Long.MAX_VALUE != implied ? implied : 0;
    }

    /**
     * A venue fill of an order already done (canceled, expired, rejected, or filled): a trade at the venue that risk
     * must know. Only a fill whose cumulative quantity is above what the core booked is one (anything else may be a
     * repeat, counted in {@code venueUnknownOrders} as before; without a cumQty it cannot be told from one). The
     * missing quantity is booked into the position (risk releases nothing: the order's reservation went when it
     * closed) and on the order, whose status stays as it is, at the price {@link #bookingPrice} finds; counted in
     * {@code fillsOnDoneOrders}, logged (WARN, rate-limited) and reported to the owner: an ExecutionReport
     * PARTIAL_FILL or FILL (by the order's quantities) with the order's done OrdStatus and
     * {@link #FILL_ON_DONE_ORDER_TEXT}. Journaled input like any venue message, so a replay books the same.
     */
    private void fillOnDoneOrder(
        final int slot, final long reportedLastQty, final long lastPx, final long venueCumQty, final long venueAvgPx)
    {
        if (reportedLastQty <= 0)
        {
            counters.venueMalformed().incrementRelease();
            return;
        }
        final long missing = venueCumQty - orders.cumQty(slot);
        if (venueCumQty <= 0 || missing <= 0)
        {
            counters.venueUnknownOrders().incrementRelease();
            return;
        }
        book(slot, missing, bookingPrice(slot, missing, reportedLastQty, lastPx, venueCumQty, venueAvgPx));
    }

    /**
     * Books a fill on the order and in risk and reports it (PARTIAL_FILL, or FILL when it completes the order). A
     * price of 0 is a market order's quantity the venue gave no price for: rather than a fill at 0 (an average price
     * and a client report at 0), it is booked at the best price the core knows, the order's average price so far,
     * else the price risk reserved it at (its worst case at acceptance, what risk would book a fill without a price
     * at anyway), counted in {@code unpricedFills} and reported with {@link #UNPRICED_FILL_TEXT}.
     * <p>
     * A fill beyond the order's open quantity (an overfill: the venue filled more than the order, or than a pending
     * replace, leaves) is booked whole, since it traded; risk releases only what the order held, so the other
     * orders' reservations of its account and symbol stay. It is counted in {@code overfills}, logged (WARN,
     * rate-limited) and the report says so ({@link #OVERFILL_TEXT}, unless the price was estimated). An order already
     * done ({@link #fillOnDoneOrder}) is booked the same way with nothing open, and stays done.
     * <p>
     * <b>A pending replace to a larger quantity</b> (risk holds the larger one for it): a cumQty above the order's
     * quantity but not above the replace's is the venue having applied the replace first (its REPLACED crossed this
     * fill), not an overfill. It is booked within the reservation and the order stays working (PARTIALLY_FILLED,
     * said in the report's text) until the venue answers the replace: REPLACED gives it the new quantity (and closes
     * it FILLED if that is used up), a refusal proves the fills beyond the old quantity were an overfill
     * ({@link #replaceRefused}). A cumQty equal to the order's quantity waits the same way (had the venue applied the
     * replace, the rest would still work there, unseen by a cancel or kill switch if the order were closed): REPLACED
     * keeps it working with the new quantity, a refusal closes it FILLED (no overfill). One above the replace's
     * quantity is an overfill as above.
     */
    private void book(final int slot, final long lastQty, final long price)
    {
        final boolean done = !orders.isWorking(slot);
        DirectBuffer text = VenueText.NONE;
        long lastPx = price;
        if (lastPx <= 0)
        {
            counters.unpricedFills().incrementRelease();
            lastPx = orders.cumQty(slot) > 0 ? orders.avgPx(slot) : orders.riskPrice(slot);
            text = UNPRICED_FILL_TEXT;
        }
        counters.fills().incrementRelease();
        final RiskReservation held = orders.reservation(slot, reservation);
        if (done)
        {
            // Its reservation was released when it closed: nothing of it is open any more.
            held.load(held.account(), held.symbol(), held.side(), held.price(), held.filledQty(), held.filledQty());
        }
        // a fill after the trading-day boundary belongs to the new day, even before any order of that day came in
        risk.onTime(logicClock.nanoTime());
        final long beyond = risk.onFill(held, lastQty, lastPx);
        orders.addFill(slot, lastQty, lastPx);
        final boolean withinPendingRaise = isWithinPendingRaise(slot);
        final ExecType execType = orders.cumQty(slot) >= orders.quantity(slot) && !withinPendingRaise ?
            ExecType.FILL : ExecType.PARTIAL_FILL;
        if (done)
        {
            counters.fillsOnDoneOrders().incrementRelease();
            fillWarnings.fillOnDoneOrder(orders, slot, lastQty, logicClock.nanoTime());
            reports.orderReport(orders, slot, execType, orders.status(slot), RejectReason.NONE, orders.clientId(slot),
                orders.clOrdId(slot), 0, lastQty, lastPx, orders.sendingTime(slot),
                VenueText.NONE == text ? FILL_ON_DONE_ORDER_TEXT : text, orders.quantity(slot));
            return;
        }
        if (beyond > 0)
        {
            counters.overfills().incrementRelease();
            fillWarnings.overfill(orders, slot, lastQty, beyond, logicClock.nanoTime());
            text = VenueText.NONE == text ? OVERFILL_TEXT : text;
        }
        else if (withinPendingRaise)
        {
            text = VenueText.NONE == text ? FILL_WITHIN_PENDING_RAISE_TEXT : text;
        }
        if (ExecType.FILL == execType)
        {
            // A pending replace can no longer apply: release what risk booked beyond the filled quantity, and tell
            // whoever asked for a cancel or replace that it is too late (after the fill report).
            risk.onOrderClosed(held);
            orders.close(slot, OrdStatus.FILLED);
            counters.workingOrders().setRelease(orders.workingCount());
            reports.orderReport(orders, slot, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, orders.clientId(slot),
                orders.clOrdId(slot), 0, lastQty, lastPx, orders.sendingTime(slot), text, orders.quantity(slot));
            answerPendingTooLate(slot, OrdStatus.FILLED);
        }
        else
        {
            orders.status(slot, OrdStatus.PARTIALLY_FILLED);
            // Within a pending raise the venue is taken to have applied it: the report says the raised quantity (the
            // order table keeps the order's own until REPLACED).
            reports.orderReport(orders, slot, ExecType.PARTIAL_FILL, OrdStatus.PARTIALLY_FILLED, RejectReason.NONE,
                orders.clientId(slot), orders.clOrdId(slot), 0, lastQty, lastPx, orders.sendingTime(slot), text,
                reportedQuantity(slot));
        }
    }

    /**
     * @param venueText the venue's text for the close's report (a venue reject, cancel or expiry), else
     *                  {@link VenueText#NONE}.
     */
    private void close(
        final int slot,
        final ExecType execType,
        final OrdStatus status,
        final RejectReason reason,
        final DirectBuffer venueText)
    {
        risk.onOrderClosed(orders.reservation(slot, reservation));
        // A CANCELED that answers a client's cancel is reported under the cancel's ids; anything else (unsolicited
        // cancel, kill-switch cancel, expiry, venue reject) under the order's, and a pending cancel is too late.
        final boolean requested = ExecType.CANCELED == execType &&
            0 != orders.cancelRequestId(slot) && 0 != orders.cancelClOrdId(slot);
        final int clientId = requested ? orders.cancelClientId(slot) : orders.clientId(slot);
        final long clOrdId = requested ? orders.cancelClOrdId(slot) : orders.clOrdId(slot);
        final long origClOrdId = requested ? orders.clOrdId(slot) : 0;
        final long sendingTime = requested ? orders.cancelSendingTime(slot) : orders.sendingTime(slot);
        if (ExecType.CANCELED == execType)
        {
            orders.clearPendingCancel(slot);
        }
        orders.close(slot, status);
        counters.workingOrders().setRelease(orders.workingCount());
        reports.orderReport(
            orders, slot, execType, status, reason, clientId, clOrdId, origClOrdId, 0, 0, sendingTime, venueText,
            orders.quantity(slot));
        answerPendingTooLate(slot, status);
    }

    private void replaced(final int slot, final long requestId)
    {
        if (0 == requestId || requestId != orders.replaceRequestId(slot))
        {
            counters.venueUnknownOrders().incrementRelease();
            return;
        }
        final long origClOrdId = orders.clOrdId(slot);
        final RiskReservation held = orders.reservation(slot, reservation);
        final long newQuantity = orders.replaceQuantity(slot);
        if (held.quantity() > newQuantity)
        {
            // A confirmed replace down: release what was held for the old, larger quantity.
            risk.onReplaceSettled(held, held.price(), newQuantity);
        }
        orders.applyReplace(slot);
        if (OrdStatus.PENDING_NEW.value() == orders.statusRaw(slot))
        {
            orders.status(slot, OrdStatus.NEW);
        }
        final boolean filled = orders.cumQty(slot) >= orders.quantity(slot);
        if (filled)
        {
            // Fills that crossed the replace on the wire used up the new quantity: the order is done.
            risk.onOrderClosed(orders.reservation(slot, reservation));
            orders.close(slot, OrdStatus.FILLED);
            counters.workingOrders().setRelease(orders.workingCount());
        }
        reports.orderReport(orders, slot, ExecType.REPLACED, orders.status(slot), RejectReason.NONE,
            orders.replaceClientId(slot), orders.clOrdId(slot), origClOrdId, 0, 0, orders.replaceSendingTime(slot),
            VenueText.NONE, orders.quantity(slot));
        if (filled)
        {
            answerPendingTooLate(slot, OrdStatus.FILLED);
        }
    }

    private void venueRejected(
        final int slot, final long requestId, final RejectReason venueReason, final DirectBuffer venueText)
    {
        final RejectReason reason = RejectReason.NONE == venueReason || RejectReason.NULL_VAL == venueReason ?
            RejectReason.VENUE_REJECT : venueReason;
        if (0 == requestId)
        {
            close(slot, ExecType.REJECTED, OrdStatus.REJECTED, reason, venueText);
        }
        else
        {
            requestRefused(slot, requestId, reason, venueText);
        }
    }

    private void requestRefused(
        final int slot, final long requestId, final RejectReason reason, final DirectBuffer venueText)
    {
        if (requestId == orders.cancelRequestId(slot))
        {
            cancelRefused(slot, reason, venueText);
        }
        else if (requestId == orders.replaceRequestId(slot))
        {
            replaceRefused(slot, reason, venueText);
        }
        else
        {
            counters.venueUnknownOrders().incrementRelease();
        }
    }

    /**
     * A pending cancel refused: its client is told (a kill switch's own cancel has no client id: nobody to tell);
     * for an order a kill switch covers, the refusal is the kill switch's too ({@link #killCancelRefused}).
     */
    private void cancelRefused(final int slot, final RejectReason reason, final DirectBuffer venueText)
    {
        final long cancelClOrdId = orders.cancelClOrdId(slot);
        orders.clearPendingCancel(slot);
        if (0 != cancelClOrdId)
        {
            reports.cancelReject(orders.cancelClientId(slot), cancelClOrdId, orders.clOrdId(slot),
                orders.orderId(slot), orders.account(slot), orders.status(slot), CancelRejectResponseTo.CANCEL, reason,
                orders.cancelSendingTime(slot), venueText);
        }
        if (0 != (orders.killFlags(slot) & OrderTable.KILL_COVERED))
        {
            killCancelRefused(slot, reason, false);
        }
    }

    /**
     * @return whether a replace to a larger quantity is pending and the order's cumQty has reached its quantity but
     *         is not above the replace's: the venue may have applied the replace first, and then part of the order
     *         still works there (see {@link #book}).
     */
    private boolean isWithinPendingRaise(final int slot)
    {
        final long cumQty = orders.cumQty(slot);
        final long quantity = orders.quantity(slot);
        final long raisedTo = orders.replaceQuantity(slot);
        // cumQty equal to the quantity waits too: if the venue applied the raise, the rest is still working there.
        return 0 != orders.replaceRequestId(slot) && raisedTo > quantity && cumQty >= quantity && cumQty <= raisedTo;
    }

    /**
     * @return the quantity the order's reports say: within a pending raise ({@link #isWithinPendingRaise}) the
     *         replace's, as the venue is taken to have applied it first; else the order's own.
     */
    private long reportedQuantity(final int slot)
    {
        return isWithinPendingRaise(slot) ? orders.replaceQuantity(slot) : orders.quantity(slot);
    }

    /**
     * The venue refused a pending replace: the reservation goes back to the terms the order keeps. If fills took the
     * order to its quantity or beyond while it was pending (booked as the venue having applied a larger replace
     * first, see {@link #book}), the order is filled; fills beyond its quantity were an overfill, which the refusal
     * proves: counted in {@code overfills} and logged like one. The order is closed FILLED (nothing of it is open on
     * its own terms; the rest of the reservation, none, released once) and its owner told by an ExecutionReport
     * RESTATED (FIX ExecType D), OrdStatus FILLED, the order's own quantity, LeavesQty 0, with
     * {@link #OVERFILL_REPLACE_REFUSED_TEXT} (or {@link #FILLED_REPLACE_REFUSED_TEXT} when there was no overfill),
     * before the replace's CancelReject (OrdStatus FILLED) and a pending cancel answered too late. RESTATED, not
     * FILL: nothing traded now (every fill was reported when it came), so a FILL here would be a trade of 0 that a
     * broker's back office books or refuses; what changes is what the reports during the wait said, the raised
     * OrderQty and its LeavesQty.
     */
    private void replaceRefused(final int slot, final RejectReason reason, final DirectBuffer venueText)
    {
        // Back to the terms the order keeps: its own price and quantity.
        final RiskReservation held = orders.reservation(slot, reservation);
        risk.onReplaceSettled(held, orders.riskPrice(slot), orders.quantity(slot));
        orders.clearPendingReplace(slot);
        final long beyond = orders.cumQty(slot) - orders.quantity(slot);
        final boolean filled = beyond >= 0;
        if (filled)
        {
            if (beyond > 0)
            {
                counters.overfills().incrementRelease();
                fillWarnings.overfill(orders, slot, 0, beyond, logicClock.nanoTime());
            }
            risk.onOrderClosed(held);
            orders.close(slot, OrdStatus.FILLED);
            counters.workingOrders().setRelease(orders.workingCount());
            reports.orderReport(orders, slot, ExecType.RESTATED, OrdStatus.FILLED, RejectReason.NONE,
                orders.clientId(slot), orders.clOrdId(slot), 0, 0, 0, orders.sendingTime(slot),
                beyond > 0 ? OVERFILL_REPLACE_REFUSED_TEXT : FILLED_REPLACE_REFUSED_TEXT, orders.quantity(slot));
        }
        reports.cancelReject(orders.replaceClientId(slot), orders.replaceClOrdId(slot), orders.clOrdId(slot),
            orders.orderId(slot), orders.account(slot), orders.status(slot), CancelRejectResponseTo.REPLACE, reason,
            orders.replaceSendingTime(slot), venueText);
        if (filled)
        {
            answerPendingTooLate(slot, OrdStatus.FILLED);
        }
    }

    private void answerPendingTooLate(final int slot, final OrdStatus finalStatus)
    {
        if (0 != orders.cancelRequestId(slot))
        {
            final long cancelClOrdId = orders.cancelClOrdId(slot);
            orders.clearPendingCancel(slot);
            if (0 != cancelClOrdId)
            {
                reports.cancelReject(orders.cancelClientId(slot), cancelClOrdId, orders.clOrdId(slot),
                    orders.orderId(slot), orders.account(slot), finalStatus, CancelRejectResponseTo.CANCEL,
                    RejectReason.TOO_LATE_TO_CANCEL, orders.cancelSendingTime(slot), VenueText.NONE);
            }
        }
        if (0 != orders.replaceRequestId(slot))
        {
            orders.clearPendingReplace(slot);
            reports.cancelReject(orders.replaceClientId(slot), orders.replaceClOrdId(slot), orders.clOrdId(slot),
                orders.orderId(slot), orders.account(slot), finalStatus, CancelRejectResponseTo.REPLACE,
                RejectReason.TOO_LATE_TO_CANCEL, orders.replaceSendingTime(slot), VenueText.NONE);
        }
    }
}
