package io.peregrine.sim.fix;

import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds the FIX requests the tests send and reads report fields. */
final class FixOrders
{
    private FixOrders()
    {
    }

    static Message limit(final String clOrdId, final String symbol, final char side, final long qty, final String price)
    {
        return order(clOrdId, symbol, side, OrdType.LIMIT, TimeInForce.DAY, qty, price);
    }

    static Message order(
        final String clOrdId, final String symbol, final char side, final char ordType, final char tif, final long qty,
        final String price)
    {
        final Message m = new quickfix.fix44.NewOrderSingle();
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setString(Symbol.FIELD, symbol);
        m.setChar(Side.FIELD, side);
        m.setField(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        m.setChar(OrdType.FIELD, ordType);
        m.setChar(TimeInForce.FIELD, tif);
        m.setDecimal(OrderQty.FIELD, BigDecimal.valueOf(qty));
        if (null != price)
        {
            m.setDecimal(Price.FIELD, new BigDecimal(price));
        }
        return m;
    }

    static Message cancel(final String clOrdId, final String origClOrdId, final String symbol, final char side)
    {
        final Message m = new quickfix.fix44.OrderCancelRequest();
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setString(OrigClOrdID.FIELD, origClOrdId);
        m.setString(Symbol.FIELD, symbol);
        m.setChar(Side.FIELD, side);
        m.setField(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        return m;
    }

    static Message replace(
        final String clOrdId, final String origClOrdId, final String symbol, final char side, final long qty,
        final String price)
    {
        final Message m = new quickfix.fix44.OrderCancelReplaceRequest();
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setString(OrigClOrdID.FIELD, origClOrdId);
        m.setString(Symbol.FIELD, symbol);
        m.setChar(Side.FIELD, side);
        m.setField(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        m.setChar(OrdType.FIELD, OrdType.LIMIT);
        m.setDecimal(OrderQty.FIELD, BigDecimal.valueOf(qty));
        m.setDecimal(Price.FIELD, new BigDecimal(price));
        return m;
    }

    static String msgType(final Message m) throws FieldNotFound
    {
        return m.getHeader().getString(MsgType.FIELD);
    }

    static String str(final Message m, final int tag) throws FieldNotFound
    {
        return m.getString(tag);
    }

    static char chr(final Message m, final int tag) throws FieldNotFound
    {
        return m.getChar(tag);
    }

    /** Asserts a decimal field equals the expected value numerically (190 == 190.00). */
    static void assertDecimal(final String expected, final Message m, final int tag) throws FieldNotFound
    {
        assertEquals(0, new BigDecimal(expected).compareTo(m.getDecimal(tag)),
            () -> "tag " + tag + " expected " + expected + " in " + m);
    }
}
