package io.peregrine.protocol;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.*;

class PricesTest
{
    @Test
    void usesSixImpliedDecimals()
    {
        assertEquals(190_000_000L, Prices.parse("190.00"));
        assertEquals(420_010_000L, Prices.parse("420.01"));
        assertEquals(1L, Prices.parse("0.000001"));
    }

    @Test
    void rejectsMorePrecisionThanTheScale()
    {
        assertThrows(ArithmeticException.class, () -> Prices.parse("0.0000001"));
    }

    @Test
    void formatsForHumans()
    {
        assertEquals("190.00", Prices.format(190_000_000L));
        assertEquals("0.125", Prices.format(125_000L));
        assertEquals(new BigDecimal("190.010000"), Prices.toDecimal(190_010_000L));
    }

    @Test
    void roundsDoublesToNearestTick()
    {
        assertEquals(190_010_000L, Prices.fromDouble(190.01));
        assertEquals(190.01, Prices.toDouble(190_010_000L), 1e-9);
    }
}
