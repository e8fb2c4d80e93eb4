package io.peregrine.gateway;

import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.HandlInst;
import quickfix.field.MsgType;
import quickfix.field.OrigClOrdID;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;

/** FIX 4.4 requests a broker sends in the overload tests, and waits for their answers. */
final class BrokerMessages
{
    private BrokerMessages()
    {
    }

    static NewOrderSingle newOrder(
        final String clOrdId, final char side, final String symbol, final String price, final long qty, final char tif)
    {
        final NewOrderSingle order = new NewOrderSingle(new ClOrdID(clOrdId), new quickfix.field.Side(side),
            new TransactTime(LocalDateTime.now()), new quickfix.field.OrdType(quickfix.field.OrdType.LIMIT));
        order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        order.set(new quickfix.field.Symbol(symbol));
        order.set(new quickfix.field.OrderQty(qty));
        order.set(new quickfix.field.TimeInForce(tif));
        order.setString(quickfix.field.Price.FIELD, price);
        return order;
    }

    static NewOrderSingle newOrder(
        final String clOrdId, final char side, final String symbol, final String price, final long qty)
    {
        return newOrder(clOrdId, side, symbol, price, qty, quickfix.field.TimeInForce.DAY);
    }

    static OrderCancelRequest cancel(final String clOrdId, final String origClOrdId)
    {
        final OrderCancelRequest cancel = new OrderCancelRequest(new OrigClOrdID(origClOrdId), new ClOrdID(clOrdId),
            new quickfix.field.Side('1'), new TransactTime(LocalDateTime.now()));
        cancel.set(new quickfix.field.Symbol("AAPL"));
        return cancel;
    }

    static OrderCancelReplaceRequest replace(
        final String clOrdId, final String origClOrdId, final String price, final long qty)
    {
        final OrderCancelReplaceRequest replace = new OrderCancelReplaceRequest(new OrigClOrdID(origClOrdId),
            new ClOrdID(clOrdId), new quickfix.field.Side('1'), new TransactTime(LocalDateTime.now()),
            new quickfix.field.OrdType(quickfix.field.OrdType.LIMIT));
        replace.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        replace.set(new quickfix.field.Symbol("AAPL"));
        replace.set(new quickfix.field.OrderQty(qty));
        replace.setDecimal(quickfix.field.Price.FIELD, new BigDecimal(price));
        return replace;
    }

    static boolean isExecutionReport(final Message message) throws FieldNotFound
    {
        return MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD));
    }

    static Message awaitReport(final FixCounterparty broker, final String clOrdId, final char execType,
        final long timeoutMs) throws InterruptedException, FieldNotFound
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline)
        {
            final Message message = broker.appMessages.poll(100, TimeUnit.MILLISECONDS);
            if (null != message && isExecutionReport(message) && clOrdId.equals(message.getString(ClOrdID.FIELD)) &&
                message.getChar(ExecType.FIELD) == execType)
            {
                return message;
            }
        }
        throw new AssertionError("no ExecType " + execType + " for " + clOrdId);
    }
}
