package io.peregrine.bench.engine;

import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderFlowTest
{
    @Test
    void injectsEachKindOfBadOrderInTurn()
    {
        assertEquals(RejectReason.PRICE_OUTSIDE_COLLAR, OrderFlow.expectedReject(96));
        assertEquals(RejectReason.QUANTITY_ABOVE_MAX, OrderFlow.expectedReject(193));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, OrderFlow.expectedReject(290));
        assertEquals(RejectReason.NONE, OrderFlow.expectedReject(95));

        assertEquals(OrderFlow.AAPL_REFERENCE * 3 / 2, OrderFlow.price(96));
        assertEquals(OrderFlow.OVERSIZED_QUANTITY, OrderFlow.quantity(193));
        assertEquals(OrderFlow.UNKNOWN_SYMBOL, OrderFlow.symbol(290));
        assertEquals(3, OrderFlow.expectedRejects(0, 291, RejectReason.PRICE_OUTSIDE_COLLAR) +
            OrderFlow.expectedRejects(0, 291, RejectReason.QUANTITY_ABOVE_MAX) +
            OrderFlow.expectedRejects(0, 291, RejectReason.UNKNOWN_INSTRUMENT));
    }

    @Test
    void goodOrdersCrossTheMakersQuotesAndStayInsideTheCollar()
    {
        for (long i = 0; i < 10_000; i++)
        {
            if (OrderFlow.expectedReject(i) != RejectReason.NONE)
            {
                continue;
            }
            final long reference = OrderFlow.symbol(i) == OrderFlow.AAPL ?
                OrderFlow.AAPL_REFERENCE : OrderFlow.MSFT_REFERENCE;
            final long through = (OrderFlow.price(i) - reference) * (OrderFlow.side(i) == Side.BUY ? 1 : -1);
            if (OrderFlow.isPassive(i))
            {
                assertEquals(-10 * OrderFlow.TICK, through, "passive order " + i);
            }
            else
            {
                assertTrue(through >= OrderFlow.TICK, "marketable order " + i);
            }
            assertTrue(OrderFlow.quantity(i) >= 1 && OrderFlow.quantity(i) <= OrderFlow.LARGE_QUANTITY);
        }
    }

    @Test
    void plainMarketableOrdersAreNeverBadLargeOrPassiveAndAlternateSymbols()
    {
        for (long i = 0; i < 10_000; i++)
        {
            final long n = OrderFlow.plainMarketable(i);
            assertEquals(RejectReason.NONE, OrderFlow.expectedReject(n));
            assertFalse(OrderFlow.isLarge(n));
            assertFalse(OrderFlow.isPassive(n));
            assertEquals((i & 1) == 0 ? OrderFlow.AAPL : OrderFlow.MSFT, OrderFlow.symbol(n));
        }
    }
}
