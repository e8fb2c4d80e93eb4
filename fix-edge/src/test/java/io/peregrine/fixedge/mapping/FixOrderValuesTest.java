package io.peregrine.fixedge.mapping;

import io.peregrine.protocol.Prices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest(name = "OrderQty ''{0}'': {1}")
    @CsvSource({
        ", Missing OrderQty(38)",
        "0, must be positive",
        "-5, must be positive",
        "1.5, whole number",
        "1000000000001, from 1 to 1000000000000"})
    void refusesBadQuantitiesWithOneTextEach(final String orderQty, final String text)
    {
        assertInvalid(FixOrderValues.quantity(qty(orderQty)), text);
    }

    @Test
    void takesPositivePricesInFixedPoint()
    {
        assertEquals(Prices.fromDecimal(new java.math.BigDecimal("190.01")),
            FixOrderValues.price(price("190.01")).value());
    }

    @ParameterizedTest(name = "Price ''{0}'': {1}")
    @CsvSource({
        ", Missing Price(44)",
        "0, must be positive",
        "-1.00, must be positive",
        "190.0000000001, decimals",
        "1E+30, at most"})
    void refusesBadPricesWithOneTextEach(final String price, final String text)
    {
        assertInvalid(FixOrderValues.price(price(price)), text);
    }

    private static void assertInvalid(final FixOrderValues.Value value, final String text)
    {
        assertFalse(value.valid());
        assertEquals(0, value.value());
        assertTrue(value.error().contains(text), value.error());
    }

    private static Message qty(final String text)
    {
        return message(OrderQty.FIELD, text);
    }

    private static Message price(final String text)
    {
        return message(Price.FIELD, text);
    }

    /** A message with the field set to the text, or without it for a null text. */
    private static Message message(final int field, final String text)
    {
        final Message message = new Message();
        if (null != text)
        {
            message.setString(field, text);
        }
        return message;
    }
}
