package io.peregrine.bench.loop;

import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopOrdersTest
{
    @Test
    void injectsEachKindOfBadOrderInTurn()
    {
        assertEquals(RejectReason.PRICE_OUTSIDE_COLLAR, LoopOrders.expectedReject(96));
        assertEquals(RejectReason.QUANTITY_ABOVE_MAX, LoopOrders.expectedReject(193));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, LoopOrders.expectedReject(290));
        assertEquals(RejectReason.NONE, LoopOrders.expectedReject(95));

        assertEquals(LoopOrders.AAPL_REFERENCE * 3 / 2, LoopOrders.price(96));
        assertEquals(LoopOrders.OVERSIZED_QUANTITY, LoopOrders.quantity(193));
        assertEquals(LoopOrders.UNKNOWN_SYMBOL, LoopOrders.symbol(290));
        assertEquals(3, LoopOrders.expectedRejects(0, 291, RejectReason.PRICE_OUTSIDE_COLLAR) +
            LoopOrders.expectedRejects(0, 291, RejectReason.QUANTITY_ABOVE_MAX) +
            LoopOrders.expectedRejects(0, 291, RejectReason.UNKNOWN_INSTRUMENT));
    }

    @Test
    void goodOrdersCrossTheMakersQuotesAndStayInsideTheCollar()
    {
        for (long i = 0; i < 10_000; i++)
        {
            if (LoopOrders.expectedReject(i) != RejectReason.NONE)
            {
                continue;
            }
            final long reference = LoopOrders.symbol(i) == LoopOrders.AAPL ?
                LoopOrders.AAPL_REFERENCE : LoopOrders.MSFT_REFERENCE;
            final long through = (LoopOrders.price(i) - reference) * (LoopOrders.side(i) == Side.BUY ? 1 : -1);
            if (LoopOrders.isPassive(i))
            {
                assertEquals(-10 * LoopOrders.TICK, through, "passive order " + i);
            }
            else
            {
                assertTrue(through >= LoopOrders.TICK, "marketable order " + i);
            }
            assertTrue(LoopOrders.quantity(i) >= 1 && LoopOrders.quantity(i) <= LoopOrders.LARGE_QUANTITY);
        }
    }

    @Test
    void plainMarketableOrdersAreNeverBadLargeOrPassiveAndAlternateSymbols()
    {
        for (long i = 0; i < 10_000; i++)
        {
            final long n = LoopOrders.plainMarketable(i);
            assertEquals(RejectReason.NONE, LoopOrders.expectedReject(n));
            assertFalse(LoopOrders.isLarge(n));
            assertFalse(LoopOrders.isPassive(n));
            assertEquals((i & 1) == 0 ? LoopOrders.AAPL : LoopOrders.MSFT, LoopOrders.symbol(n));
        }
    }

    @Test
    void fixRejectTextTurnsBackIntoTheCoreReasonName()
    {
        assertEquals("PRICE_OUTSIDE_COLLAR", FixBrokerSession.reason("Price outside collar: 285.00 vs ref 190.00"));
        assertEquals("UNKNOWN_INSTRUMENT", FixBrokerSession.reason("Unknown instrument"));
        assertEquals("UNKNOWN", FixBrokerSession.reason(""));
        assertEquals("Invalid OrderQty(38)", FixBrokerSession.reason("Invalid OrderQty(38): must be whole"));
    }
}
