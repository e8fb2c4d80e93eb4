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

    @Test
    void takesPositivePricesInFixedPoint()
    {
        assertEquals(Prices.fromDecimal(new java.math.BigDecimal("190.01")),
            FixOrderValues.price(price("190.01")).value());
    }

    /** A bad OrderQty(38) or Price(44) (empty: the tag is missing) and what the refusal says. */
    @ParameterizedTest(name = "tag {0} ''{1}'': {2}")
    @CsvSource({
        "38, , Missing OrderQty(38)",
        "38, 0, must be positive",
        "38, -5, must be positive",
        "38, 1.5, whole number",
        "38, 1000000000001, from 1 to 1000000000000",
        "44, , Missing Price(44)",
        "44, 0, must be positive",
        "44, -1.00, must be positive",
        "44, 190.0000000001, decimals",
        "44, 1E+30, at most"})
    void refusesBadQuantitiesAndPricesWithOneTextEach(final int tag, final String value, final String text)
    {
        final Message message = message(tag, value);
        assertInvalid(tag == OrderQty.FIELD ? FixOrderValues.quantity(message) : FixOrderValues.price(message), text);
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
