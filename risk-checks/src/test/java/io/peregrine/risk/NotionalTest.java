package io.peregrine.risk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotionalTest
{
    @Test
    void multipliesExactlyWhenTheProductFits()
    {
        assertEquals(19_000_000_000L, Notional.of(190_000_000L, 100));
        assertEquals(Long.MAX_VALUE, Notional.of(Long.MAX_VALUE, 1));
    }

    @Test
    void saturatesInsteadOfWrappingWhenTheProductOverflows()
    {
        assertEquals(Long.MAX_VALUE, Notional.of(Long.MAX_VALUE, 2));
        assertEquals(Long.MAX_VALUE, Notional.of(1L << 32, 1L << 31));
        assertEquals(Long.MAX_VALUE, Notional.of(3_037_000_500L, 3_037_000_500L));
        assertEquals(3_037_000_499L * 3_037_000_499L, Notional.of(3_037_000_499L, 3_037_000_499L));
    }

    @Test
    void addAndSubtractSaturate()
    {
        assertEquals(Long.MAX_VALUE, Notional.add(Long.MAX_VALUE, 1));
        assertEquals(Long.MIN_VALUE, Notional.add(Long.MIN_VALUE, -1));
        assertEquals(Long.MIN_VALUE, Notional.subtract(Long.MIN_VALUE, 1));
        assertEquals(Long.MAX_VALUE, Notional.subtract(Long.MAX_VALUE, -1));
        assertEquals(5, Notional.add(2, 3));
        assertEquals(-1, Notional.subtract(2, 3));
    }
}
