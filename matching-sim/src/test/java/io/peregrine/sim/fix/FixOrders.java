package io.peregrine.sim.fix;

import io.peregrine.testsupport.FixRequests;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.MsgType;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The FIX requests the venue tests send, in their argument order (symbol before side, quantity before price), built
 * by the test kit's {@link FixRequests}; and readers of report fields.
 */
final class FixOrders
{
    private FixOrders()
    {
    }

    static Message limit(final String clOrdId, final String symbol, final char side, final long qty, final String price)
    {
        return FixRequests.newOrder(clOrdId, side, symbol, price, qty);
    }

    static Message order(
        final String clOrdId, final String symbol, final char side, final char ordType, final char tif, final long qty,
        final String price)
    {
        return FixRequests.order(clOrdId, side, symbol, ordType, tif, qty, price);
    }

    static Message cancel(final String clOrdId, final String origClOrdId, final String symbol, final char side)
    {
        return FixRequests.cancel(clOrdId, origClOrdId, symbol, side);
    }

    static Message replace(
        final String clOrdId, final String origClOrdId, final String symbol, final char side, final long qty,
        final String price)
    {
        return FixRequests.replace(clOrdId, origClOrdId, symbol, side, price, qty);
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
