package io.peregrine.fixedge.mapping;

import io.peregrine.protocol.Prices;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.field.OrderQty;
import quickfix.field.Price;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixOrderValuesTest
{
    @Test
    void takesWholePositiveQuantitiesUpToTheMaximum()
    {
        assertEquals(10, FixOrderValues.quantity(qty("10")).value());
        assertEquals(10, FixOrderValues.quantity(qty("10.000")).value());
        assertEquals(1_000_000_000_000L, FixOrderValues.quantity(qty("1000000000000")).value());
    }

    @Test
    void refusesBadQuantitiesWithOneTextEach()
    {
        assertInvalid(FixOrderValues.quantity(new Message()), "Missing OrderQty(38)");
        assertInvalid(FixOrderValues.quantity(qty("0")), "must be positive");
        assertInvalid(FixOrderValues.quantity(qty("-5")), "must be positive");
        assertInvalid(FixOrderValues.quantity(qty("1.5")), "whole number");
        assertInvalid(FixOrderValues.quantity(qty("1000000000001")), "from 1 to 1000000000000");
    }

    @Test
    void takesPositivePricesInFixedPoint()
    {
        assertEquals(Prices.fromDecimal(new java.math.BigDecimal("190.01")),
            FixOrderValues.price(price("190.01")).value());
    }

    @Test
    void refusesBadPricesWithOneTextEach()
    {
        assertInvalid(FixOrderValues.price(new Message()), "Missing Price(44)");
        assertInvalid(FixOrderValues.price(price("0")), "must be positive");
        assertInvalid(FixOrderValues.price(price("-1.00")), "must be positive");
        assertInvalid(FixOrderValues.price(price("190.0000000001")), "decimals");
        assertInvalid(FixOrderValues.price(price("1E+30")), "at most");
    }

    private static void assertInvalid(final FixOrderValues.Value value, final String text)
    {
        assertFalse(value.valid());
        assertEquals(0, value.value());
        assertTrue(value.error().contains(text), value.error());
    }

    private static Message qty(final String text)
    {
        final Message message = new Message();
        message.setString(OrderQty.FIELD, text);
        return message;
    }

    private static Message price(final String text)
    {
        final Message message = new Message();
        message.setString(Price.FIELD, text);
        return message;
    }
}
