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
    void trimsTrailingZerosDownToTwoPlacesAsFixPricesAreSent()
    {
        assertEquals("100.00", Prices.trimZeros(Prices.toDecimal(100_000_000L)).toPlainString());
        assertEquals("0.0001", Prices.trimZeros(Prices.toDecimal(100L)).toPlainString());
        assertEquals("190.125", Prices.trimZeros(new BigDecimal("190.125000")).toPlainString());
        assertEquals(2, Prices.trimZeros(BigDecimal.ZERO).scale());
    }

    @Test
    void roundsDoublesToNearestTick()
    {
        assertEquals(190_010_000L, Prices.fromDouble(190.01));
        assertEquals(190.01, Prices.toDouble(190_010_000L), 1e-9);
    }
}
