package io.peregrine.testsupport;

import quickfix.field.ClOrdID;
import quickfix.field.HandlInst;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.OrderStatusRequest;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * FIX 4.4 requests a test broker sends: limit NewOrderSingles, cancels and replaces (automated HandlInst, no
 * account unless given: the gateway takes the session's account). Prices are decimal strings, written as given;
 * TransactTime(60) is now, in UTC.
 */
public final class FixRequests
{
    private FixRequests()
    {
    }

    /**
     * @return a DAY limit order.
     */
    public static NewOrderSingle newOrder(
        final String clOrdId, final char side, final String symbol, final String price, final long qty)
    {
        return newOrder(clOrdId, side, symbol, price, qty, TimeInForce.DAY);
    }

    /**
     * @return a limit order with this TimeInForce.
     */
    public static NewOrderSingle newOrder(
        final String clOrdId, final char side, final String symbol, final String price, final long qty, final char tif)
    {
        return order(clOrdId, side, symbol, OrdType.LIMIT, tif, qty, price);
    }

    /**
     * @param price the limit price, or null for none (a market order, or a bad order without one).
     * @return an order of any OrdType(40) and TimeInForce(59).
     */
    public static NewOrderSingle order(
        final String clOrdId, final char side, final String symbol, final char ordType, final char tif, final long qty,
        final String price)
    {
        final NewOrderSingle order =
            new NewOrderSingle(new ClOrdID(clOrdId), new Side(side), now(), new OrdType(ordType));
        order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        order.set(new Symbol(symbol));
        order.set(new OrderQty(qty));
        order.set(new TimeInForce(tif));
        if (null != price)
        {
            order.setDecimal(Price.FIELD, new BigDecimal(price));
        }
        return order;
    }

    /**
     * @return a limit order of this account (Account(1)).
     */
    public static NewOrderSingle newOrder(
        final String clOrdId, final char side, final String symbol, final String price, final long qty, final char tif,
        final String account)
    {
        final NewOrderSingle order = newOrder(clOrdId, side, symbol, price, qty, tif);
        order.set(new quickfix.field.Account(account));
        return order;
    }

    /**
     * @return a cancel of a buy AAPL order.
     */
    public static OrderCancelRequest cancel(final String clOrdId, final String origClOrdId)
    {
        return cancel(clOrdId, origClOrdId, "AAPL", Side.BUY);
    }

    /**
     * @return a cancel of an order of this symbol and side.
     */
    public static OrderCancelRequest cancel(
        final String clOrdId, final String origClOrdId, final String symbol, final char side)
    {
        final OrderCancelRequest cancel =
            new OrderCancelRequest(new OrigClOrdID(origClOrdId), new ClOrdID(clOrdId), new Side(side), now());
        cancel.set(new Symbol(symbol));
        return cancel;
    }

    /**
     * @return an OrderStatusRequest of a buy AAPL order.
     */
    public static OrderStatusRequest statusRequest(final String clOrdId)
    {
        final OrderStatusRequest request = new OrderStatusRequest(new ClOrdID(clOrdId), new Side(Side.BUY));
        request.set(new Symbol("AAPL"));
        return request;
    }

    /**
     * @return a replace of a buy AAPL limit order with a new price and quantity.
     */
    public static OrderCancelReplaceRequest replace(
        final String clOrdId, final String origClOrdId, final String price, final long qty)
    {
        return replace(clOrdId, origClOrdId, "AAPL", Side.BUY, price, qty);
    }

    /**
     * @return a replace of a limit order of this symbol and side with a new price and quantity.
     */
    public static OrderCancelReplaceRequest replace(
        final String clOrdId, final String origClOrdId, final String symbol, final char side, final String price,
        final long qty)
    {
        final OrderCancelReplaceRequest replace = new OrderCancelReplaceRequest(new OrigClOrdID(origClOrdId),
            new ClOrdID(clOrdId), new Side(side), now(), new OrdType(OrdType.LIMIT));
        replace.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        replace.set(new Symbol(symbol));
        replace.set(new OrderQty(qty));
        replace.setDecimal(Price.FIELD, new BigDecimal(price));
        return replace;
    }

    private static TransactTime now()
    {
        return new TransactTime(LocalDateTime.now(ZoneOffset.UTC));
    }
}
