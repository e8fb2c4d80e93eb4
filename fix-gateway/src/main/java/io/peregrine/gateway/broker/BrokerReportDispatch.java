package io.peregrine.gateway.broker;

import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.gateway.store.StoreWriteWatch;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.SessionNotFound;

/**
 * Hands one core report ({@code ExecutionReport} or {@code CancelReject} of stream 1002 or the core journal) to its
 * broker session: keeps those whose clientId is this gateway's, finds the session and the broker's
 * ClOrdID/OrigClOrdID in {@link OrderRoutes}, and sends the FIX ExecutionReport / OrderCancelReject through
 * {@link BrokerDelivery}. What became of the report is one {@link BrokerDelivery.Outcome}, the same for both readers
 * ({@link JournalReportDelivery}, {@link LiveReportStream}): {@code TAKEN} when nothing is owed any more (QuickFIX/J took
 * it, or no session gets it, counted), {@code UNSTORED} or {@code HELD} when the session named by
 * {@link #owedSession()} is still owed it: nothing was sent, the caller reads it again later.
 * <p>
 * Broker report agent's thread only. Allocates per report delivered (QuickFIX/J messages: edge code), nothing for a
 * report it skips.
 */
final class BrokerReportDispatch
{
    private static final Logger LOG = LoggerFactory.getLogger(BrokerReportDispatch.class);

    private final MessageFrame frame = new MessageFrame();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final int clientId;
    private final OrderRoutes routes;
    private final BrokerReports reports;
    private final CancelRejectDecoder cancelReject = new CancelRejectDecoder();
    private final AtomicCounter inconsistent;
    private final AtomicCounter delivered;
    private final AtomicCounter unroutable;
    private SessionID owed;
    private BrokerDelivery.Outcome outcome;
    private boolean handedOver;
    private boolean ownerUnknown;

    /**
     * @param clientId     this gateway's clientId.
     * @param routes       ClOrdID mappings.
     * @param reports      FIX report builder.
     * @param inconsistent counts the reports ignored by {@link ReportConsistency}.
     * @param delivered    counts reports delivered to broker sessions.
     * @param unroutable   counts reports that could not be delivered.
     */
    BrokerReportDispatch(
        final int clientId,
        final OrderRoutes routes,
        final BrokerReports reports,
        final AtomicCounter inconsistent,
        final AtomicCounter delivered,
        final AtomicCounter unroutable)
    {
        this.clientId = clientId;
        this.routes = routes;
        this.reports = reports;
        this.inconsistent = inconsistent;
        this.delivered = delivered;
        this.unroutable = unroutable;
    }

    /**
     * Hands the report in {@code buffer} to its broker session.
     *
     * @param coreSession the core run whose order ids it carries ({@link BrokerReportAgent#JOURNALED_CORE_SESSION}
     *                    for the journal's).
     * @return {@code TAKEN}: nothing owed any more; {@code UNSTORED}: the session's FIX store could not persist it;
     * {@code HELD}: the session's reset logon held it ({@link ResetLogonHold}). For the last two nothing was sent and
     * {@link #owedSession()} is still owed it.
     */
    BrokerDelivery.Outcome deliver(final DirectBuffer buffer, final int offset, final int length, final int coreSession)
    {
        owed = null;
        outcome = BrokerDelivery.Outcome.TAKEN;
        handedOver = false;
        final int templateId = frame.wrapIfPeregrine(buffer, offset, length);
        try
        {
            switch (templateId)
            {
                case ExecutionReportDecoder.TEMPLATE_ID:
                    frame.body(executionReport);
                    if (executionReport.clientId() == clientId)
                    {
                        onExecutionReport(executionReport, coreSession);
                    }
                    break;
                case CancelRejectDecoder.TEMPLATE_ID:
                    frame.body(cancelReject);
                    if (cancelReject.clientId() == clientId)
                    {
                        onCancelReject(cancelReject, coreSession);
                    }
                    break;
                default:
                    break;
            }
        }
        catch (final RuntimeException ex)
        {
            // One report the gateway cannot translate must not stop the others.
            unroutable.incrementRelease();
            LOG.error("cannot deliver core report template {}", templateId, ex);
        }
        return outcome;
    }

    /**
     * @return the session the last {@link #deliver} left owed (not {@code TAKEN}), else null.
     */
    SessionID owedSession()
    {
        return owed;
    }

    /**
     * @return what became of the report the last {@link #deliver} was given.
     */
    BrokerDelivery.Outcome outcome()
    {
        return outcome;
    }

    /**
     * For a reader whose {@link #deliver} was cut short by an error (a fault of a mapped file the JVM raised there):
     * whether the report had already been handed to QuickFIX/J, which may have stored or sent it. Such a report is not
     * delivered again (it would reach the broker twice under one ExecID, without PossDupFlag).
     *
     * @return true once the last {@link #deliver} called QuickFIX/J's send and the session's store took the message
     * (it stores before it sends), unless the send came back {@code UNSTORED} or {@code HELD}.
     */
    boolean handedOver()
    {
        return handedOver;
    }

    /**
     * @return whether the report in {@code buffer} is the core's refusal of a request it could not journal
     * (JOURNAL_UNAVAILABLE): the core publishes it on the live stream only, never in its journal.
     */
    boolean isLiveOnlyRefusal(final DirectBuffer buffer, final int offset, final int length)
    {
        return frame.wrapIfPeregrine(buffer, offset, length) == ExecutionReportDecoder.TEMPLATE_ID &&
            frame.body(executionReport).rejectReason() == RejectReason.JOURNAL_UNAVAILABLE;
    }

    /**
     * @return the broker session the report in {@code buffer} is for, as {@link #deliver} routes it, changing
     * nothing; null for a report no session gets (another client's, the claim's answer, an unknown clOrdId:
     * {@link #ownerUnknown()} tells the last).
     */
    SessionID owner(final DirectBuffer buffer, final int offset, final int length)
    {
        ownerUnknown = false;
        final long clOrdId;
        boolean statusAnswer = false;
        try
        {
            switch (frame.wrapIfPeregrine(buffer, offset, length))
            {
                case ExecutionReportDecoder.TEMPLATE_ID:
                    frame.body(executionReport);
                    if (executionReport.clientId() != clientId || ClientIdClaim.isAnswer(executionReport))
                    {
                        return null;
                    }
                    clOrdId = executionReport.clOrdId();
                    statusAnswer = executionReport.execType() == ExecType.ORDER_STATUS;
                    break;
                case CancelRejectDecoder.TEMPLATE_ID:
                    frame.body(cancelReject);
                    if (cancelReject.clientId() != clientId)
                    {
                        return null;
                    }
                    clOrdId = cancelReject.clOrdId();
                    break;
                default:
                    return null;
            }
        }
        catch (final RuntimeException ex)
        {
            return null; // deliver says it
        }
        OrderRoutes.Route route = routes.route(clOrdId);
        if (null == route && statusAnswer)
        {
            route = routes.statusAskedRoute(clOrdId);
        }
        ownerUnknown = null == route;
        return null == route ? null : route.order().sessionId();
    }

    /**
     * @return whether the report {@link #owner} looked at last is this gateway's, for a clOrdId no route has (not
     * another client's, nor the claim's answer): one the broker never gets, counted unroutable.
     */
    boolean ownerUnknown()
    {
        return ownerUnknown;
    }

    /**
     * Counts a report no session gets any more (its order's route went while its session waited).
     */
    void countUnroutable()
    {
        unroutable.incrementRelease();
    }

    /**
     * @return reports ignored because they did not match the state of the order they named.
     */
    long inconsistent()
    {
        return inconsistent.get();
    }
    private void onExecutionReport(final ExecutionReportDecoder report, final int coreSession)
    {
        if (ClientIdClaim.isAnswer(report))
        {
            return; // the answer to the gateway's claim of its client id at a start: no broker asked
        }
        // A status answer ends its request once it is sent (one held or unstored is read again and must still find
        // its route); the request's route answers it if the order was retired meanwhile.
        final boolean statusAnswer = report.execType() == ExecType.ORDER_STATUS;
        final OrderRoutes.Route asked = statusAnswer && null == routes.route(report.clOrdId()) ?
            routes.statusAskedRoute(report.clOrdId()) : null;
        final OrderRoutes.Route route = null != asked ? asked :
            routeOf("execution report", report.clOrdId(), report.orderId(), report.execType() == ExecType.REJECTED &&
            report.rejectReason() == RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        if (null == route)
        {
            endStatusRequest(statusAnswer, report.clOrdId());
            return;
        }
        final OrderRoutes.Order order = route.order();
        final String inconsistency = ReportConsistency.check(report, route, coreSession);
        if (null != inconsistency)
        {
            endStatusRequest(statusAnswer, report.clOrdId());
            inconsistent.increment();
            LOG.warn("ignored execution report {} for clOrdId {} of {}: {}", report.execType(), report.clOrdId(),
                order.sessionId(), inconsistency);
            return;
        }
        if (route.kind() == OrderRoutes.Kind.REPLACE && route.clOrdId() == report.clOrdId() &&
            report.execType() != ExecType.REJECTED)
        {
            // The core reports an order under its current clOrdId: one of a replace's means the replace took effect,
            // also when its REPLACED report never reached this gateway (published while it was down, reading the live
            // stream): cancels and replaces then name the order by it again.
            routes.onReplaced(order, route.clOrdId());
        }
        if (statusAnswer)
        {
            try
            {
                onOrderStatus(report, route);
            }
            finally
            {
                // Also when a fault's error cuts the send short once the store took the answer: it is not read again.
                endStatusRequest(handedOver, report.clOrdId());
            }
            return;
        }
        if (route.kind() != OrderRoutes.Kind.NEW && report.execType() == ExecType.REJECTED)
        {
            // The core refuses a cancel or replace it could not journal (JOURNAL_UNAVAILABLE) with a plain rejected
            // ExecutionReport naming the request: the broker is owed the answer to a cancel or replace, an
            // OrderCancelReject, and the order is unchanged.
            sendCancelReject(route, report.origClOrdId(), OrdStatus.NULL_VAL,
                route.kind() == OrderRoutes.Kind.REPLACE, report.rejectReason(), report.text());
            return;
        }
        routes.onOrderId(order, report.orderId(), coreSession);
        final OrderRoutes.Route orig = 0 == report.origClOrdId() ? null : routes.route(report.origClOrdId());

        final Side side = report.side();
        final boolean sideKnown = side == Side.BUY || side == Side.SELL;
        final Message fix = reports.fromCore(report, route.brokerClOrdId(), null == orig ? null : orig.brokerClOrdId());
        // A refusal of a request the core could not read carries no symbol or side: the order's own are the truth.
        if (!fix.isSetField(quickfix.field.Symbol.FIELD) && null != order.symbol())
        {
            fix.setString(quickfix.field.Symbol.FIELD, order.symbol());
        }
        if (!sideKnown)
        {
            fix.setChar(quickfix.field.Side.FIELD, order.side());
        }
        final OrdStatus ordStatus = report.ordStatus();
        // Set before the send (a cancel reject another thread builds meanwhile names the status the broker is being
        // told), put back if the send did not hand the report over, also when a fault's error cut it short before the
        // store took it: the report is read again and checked against the status the broker last got
        // (ReportConsistency refuses a new order's reject once the order is no longer pending).
        final char previous = order.lastOrdStatus();
        try
        {
            order.lastOrdStatus(FixOrderEnums.fixOrdStatus(ordStatus));
            send(fix, route.order().sessionId());
        }
        finally
        {
            if (!handedOver)
            {
                order.lastOrdStatus(previous);
            }
            else if (FixOrderEnums.isTerminal(ordStatus))
            {
                // Marked done only once the final report is in the session's FIX store (sendToTarget persists before
                // it returns): a crash in between, or a store that could not take it, must not leave a "done" order
                // whose owner never got its final report. Also when a fault's error cut the send short after the
                // store took it: the report is not read again, so nothing else would mark it.
                routes.onDone(order);
            }
        }
    }

    /**
     * Ends the status request a status answer answers, when {@code ended}: not for an answer its session's store could
     * not take or its reset logon held, which is read again and must find the request's route again.
     */
    private void endStatusRequest(final boolean ended, final long clOrdId)
    {
        if (ended)
        {
            routes.onStatusAnswered(clOrdId);
        }
    }

    /**
     * The core's answer to an OrderStatusRequest: to the broker as ExecutionReport ExecType I under the order's
     * current ClOrdID, changing nothing in the routes (no status recorded, nothing done or retired). When the core
     * answers without the order's state, the broker gets the last status the gateway reported, with why: the core no
     * longer holds the order (UNKNOWN_ORDER: its slot reused since it was done, or its request never reached the
     * core), or the core refused the request (e.g. JOURNAL_UNAVAILABLE). {@link #handedOver} tells whether it was sent.
     */
    private void onOrderStatus(final ExecutionReportDecoder report, final OrderRoutes.Route route)
    {
        final OrderRoutes.Order order = route.order();
        final RejectReason reason = report.rejectReason();
        if (report.ordStatus() == OrdStatus.REJECTED && reason != RejectReason.NONE)
        {
            send(reports.orderStatus(route, reason == RejectReason.UNKNOWN_ORDER ?
                BrokerReports.STATUS_NOT_HELD : BrokerReports.statusRefused(reason, report.text())), order.sessionId());
            return;
        }
        send(reports.fromCore(report, route.brokerClOrdId(), null), order.sessionId());
    }

    private void onCancelReject(final CancelRejectDecoder reject, final int coreSession)
    {
        final OrderRoutes.Route route = routeOf("cancel reject", reject.clOrdId(), reject.orderId(),
            reject.rejectReason() == RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        if (null == route)
        {
            return;
        }
        routes.onOrderId(route.order(), reject.orderId(), coreSession);
        sendCancelReject(route, reject.origClOrdId(), reject.ordStatus(),
            reject.responseTo() == CancelRejectResponseTo.REPLACE, reject.rejectReason(), reject.text());
    }

    /**
     * The OrderCancelReject answering the cancel or replace of {@code route}.
     *
     * @param origClOrdId the gateway clOrdId the core says the request named, or 0.
     * @param ordStatus   the order's status as the core gives it, or NULL_VAL for the last the gateway reported.
     */
    private void sendCancelReject(
        final OrderRoutes.Route route, final long origClOrdId, final OrdStatus ordStatus, final boolean replace,
        final RejectReason reason, final String coreText)
    {
        final OrderRoutes.Order order = route.order();
        final OrderRoutes.Route orig = 0 == origClOrdId ? null : routes.route(origClOrdId);
        final OrderRoutes.Route current = null != orig ? orig : routes.route(order.currentClOrdId());
        // No route for either once the order was retired (OrderRoutes' retention): the request's own ClOrdID then.
        final String brokerOrigClOrdId = null != current ? current.brokerClOrdId() : route.brokerClOrdId();
        final char fixOrdStatus = ordStatus == OrdStatus.NULL_VAL ? order.lastOrdStatus() :
            FixOrderEnums.fixOrdStatus(ordStatus);
        send(BrokerReports.cancelReject(order.orderId(), route.brokerClOrdId(), brokerOrigClOrdId, order.account(),
            fixOrdStatus, replace, FixRejectReasons.cxlRejReason(reason),
            FixRejectReasons.withDetail(reason, coreText)), order.sessionId());
    }

    /**
     * @return the route of a report's clOrdId, or null (counted and logged) when no route has it, or when it is the
     * core's duplicate refusal of a request offered again after a restart that the core had after all (the first copy
     * is being served: not the broker's business).
     */
    private OrderRoutes.Route routeOf(
        final String what, final long clOrdId, final long orderId, final boolean duplicateRefusal)
    {
        final OrderRoutes.Route route = routes.route(clOrdId);
        if (null == route)
        {
            unroutable.incrementRelease();
            LOG.warn("{} for unknown clOrdId {} (orderId {})", what, clOrdId, orderId);
            return null;
        }
        if (route.wasReoffered() && duplicateRefusal)
        {
            LOG.info("core already had clOrdId {} offered again after a restart: its duplicate refusal ignored",
                clOrdId);
            return null;
        }
        return route;
    }

    /**
     * Sends one message; {@link #handedOver} then tells what became of it, also when an error (a fault's) leaves this:
     * false when the session's FIX store could not persist it, or its reset logon held it (the session recorded as
     * owed, with the outcome), or the error came before QuickFIX/J stored it; true when QuickFIX/J took it, or the
     * session does not exist (counted unroutable: reading it again would not help). Callers do what follows a report
     * handed over (and undo what they did for one that was not) in a finally keyed on it.
     */
    private void send(final Message message, final SessionID sessionId)
    {
        try
        {
            final BrokerDelivery.Outcome sent;
            StoreWriteWatch.begin(); // also for an error before the delivery's own begin
            handedOver = true;
            try
            {
                // Disconnects a logged-on session whose store failed.
                sent = BrokerDelivery.deliver(message, sessionId);
            }
            catch (final InternalError | RuntimeException ex)
            {
                // A fault's error raised during the send (the JVM raises it at a later point than the access), or a
                // bug's exception: the message was handed over if QuickFIX/J stored it (it stores before it sends), and
                // only then does the caller do what follows a report handed over (an order marked done).
                handedOver = StoreWriteWatch.stored();
                throw ex;
            }
            if (sent != BrokerDelivery.Outcome.TAKEN)
            {
                handedOver = false;
                owed = sessionId;
                outcome = sent;
                return;
            }
            delivered.incrementRelease();
        }
        catch (final SessionNotFound ex)
        {
            unroutable.incrementRelease();
            LOG.error("broker session {} not found", sessionId);
        }
    }
}
