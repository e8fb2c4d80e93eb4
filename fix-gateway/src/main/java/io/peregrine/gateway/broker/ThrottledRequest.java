package io.peregrine.gateway.broker;

import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.sbe.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.field.ClOrdID;
import quickfix.field.MsgType;
import quickfix.field.OrderID;
import quickfix.field.OrigClOrdID;
import quickfix.field.Symbol;

/**
 * Answers a request refused by the per-session rate limit, at once and on the session's own thread: a rejected
 * ExecutionReport (OrdRejReason 3 "order exceeds limit", Text "Throttled: ...") for a NewOrderSingle, an
 * OrderCancelReject (CxlRejReason 99, same Text) for a replace, an ExecutionReport ExecType I with the status the
 * gateway last reported (same Text) for an OrderStatusRequest that names one of the session's orders (unknown order,
 * as when not throttled, otherwise). Nothing reaches the core, nothing is journaled:
 * the broker may send the request again with the same ClOrdID; a PossDupFlag=Y copy of a throttled NewOrderSingle,
 * though, is answered with the refusal ({@link RefusedOrders}). Edge code: allocates per reject.
 */
final class ThrottledRequest
{
    private static final Logger LOG = LoggerFactory.getLogger(ThrottledRequest.class);

    private ThrottledRequest()
    {
    }

    static void reject(
        final Message message, final SessionID sessionId, final String msgType, final BrokerReports reports,
        final int ordersPerSecond, final OrderRoutes routes, final RefusedOrders refused, final String defaultAccount)
        throws FieldNotFound
    {
        final String text = FixRejectReasons.describe(RejectReason.THROTTLED) + ": more than " + ordersPerSecond +
            " orders/s on this session";
        final String clOrdId = message.getString(ClOrdID.FIELD);
        final Message reply;
        if (MsgType.ORDER_STATUS_REQUEST.equals(msgType))
        {
            // Not asked of the core: the status the gateway last reported, or unknown order (as when not throttled:
            // an OrderID or Account that is not the order's names no order).
            final String orderId = message.isSetField(OrderID.FIELD) ? message.getString(OrderID.FIELD) : null;
            final OrderRoutes.Route route = routes.find(sessionId, clOrdId);
            final String unknown =
                BrokerFixApplication.unknownOrder(message, clOrdId, orderId, null == route ? null : route.order());
            reply = null == unknown ? reports.orderStatus(route, text) :
                BrokerReports.withAccount(OrderEcho.of(message).applyTo(reports.unknownOrderStatus(clOrdId, orderId,
                    message.isSetField(Symbol.FIELD) ? message.getString(Symbol.FIELD) : null,
                    message.getChar(quickfix.field.Side.FIELD), text + "; " + unknown)), defaultAccount);
        }
        else if (MsgType.NEW_ORDER_SINGLE.equals(msgType))
        {
            final String symbol = message.isSetField(Symbol.FIELD) ? message.getString(Symbol.FIELD) : null;
            final char side = message.getChar(quickfix.field.Side.FIELD);
            final OrderEcho echo = OrderEcho.of(message);
            final String noted = echo.withNotes(text);
            reply = BrokerReports.withAccount(echo.applyTo(
                reports.gatewayReject(clOrdId, symbol, side, quickfix.field.OrdRejReason.ORDER_EXCEEDS_LIMIT, noted)),
                defaultAccount);
            if (null == BrokerFixApplication.validateClOrdId(clOrdId))
            {
                refused.record(sessionId, clOrdId, new RefusedOrders.Refusal(
                    symbol, side, quickfix.field.OrdRejReason.ORDER_EXCEEDS_LIMIT, noted, echo));
            }
        }
        else
        {
            final String origClOrdId = message.getString(OrigClOrdID.FIELD);
            final OrderRoutes.Route orig = routes.find(sessionId, origClOrdId);
            reply = null == orig ?
                BrokerReports.cancelReject(0, clOrdId, origClOrdId, defaultAccount, quickfix.field.OrdStatus.REJECTED,
                    true, quickfix.field.CxlRejReason.OTHER, text) :
                BrokerReports.cancelReject(orig.order().orderId(), clOrdId, origClOrdId, orig.order().account(),
                    orig.order().lastOrdStatus(), true, quickfix.field.CxlRejReason.OTHER, text);
        }
        try
        {
            BrokerDelivery.send(reply, sessionId);
        }
        catch (final SessionNotFound ex)
        {
            LOG.error("broker session {} not found", sessionId);
        }
    }
}
