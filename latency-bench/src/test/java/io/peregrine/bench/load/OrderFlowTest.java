package io.peregrine.bench.load;

import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderFlowTest
{
    @Test
    void alternatesSymbolsSidesAndAccounts()
    {
        assertEquals(OrderFlow.AAPL, OrderFlow.symbol(0));
        assertEquals(OrderFlow.MSFT, OrderFlow.symbol(1));
        assertEquals(Side.BUY, OrderFlow.side(0));
        assertEquals(Side.SELL, OrderFlow.side(2));
        assertEquals(OrderFlow.ACC1, OrderFlow.account(0));
        assertEquals(OrderFlow.ACC2, OrderFlow.account(4));
    }

    @Test
    void goodOrdersArePricedWithinFiveTicksOfTheReference()
    {
        for (long i = 0; i < 1_000; i++)
        {
            if (OrderFlow.expectedReject(i) == RejectReason.NONE)
            {
                final long reference = OrderFlow.symbol(i) == OrderFlow.AAPL ?
                    OrderFlow.AAPL_REFERENCE : OrderFlow.MSFT_REFERENCE;
                assertTrue(Math.abs(OrderFlow.price(i) - reference) <= 5 * OrderFlow.TICK, "order " + i);
                assertTrue(OrderFlow.quantity(i) >= 100 && OrderFlow.quantity(i) <= 500, "order " + i);
            }
        }
    }

    @Test
    void badOrdersAlternateBetweenCollarBreachAndOversizedQuantity()
    {
        final int every = OrderFlow.BAD_ORDER_EVERY;
        assertEquals(RejectReason.PRICE_OUTSIDE_COLLAR, OrderFlow.expectedReject(every - 1));
        assertEquals(RejectReason.QUANTITY_ABOVE_MAX, OrderFlow.expectedReject(2L * every - 1));
        assertTrue(OrderFlow.price(every - 1) > OrderFlow.AAPL_REFERENCE * 11 / 10 || OrderFlow.price(every - 1)
            > OrderFlow.MSFT_REFERENCE * 11 / 10);
        assertEquals(OrderFlow.OVERSIZED_QUANTITY, OrderFlow.quantity(2L * every - 1));
        assertEquals(2000 / every, OrderFlow.expectedRejects(0, 2000, RejectReason.PRICE_OUTSIDE_COLLAR)
            + OrderFlow.expectedRejects(0, 2000, RejectReason.QUANTITY_ABOVE_MAX));
    }

    @Test
    void goodOrdersNetToAFlatPositionPerAccountAndSymbol()
    {
        final long orders = 8L * 5 * OrderFlow.BAD_ORDER_EVERY;
        final long[] position = new long[4];
        for (long i = 0; i < orders; i++)
        {
            if (OrderFlow.expectedReject(i) == RejectReason.NONE)
            {
                final int slot = (OrderFlow.account(i) == OrderFlow.ACC1 ? 0 : 2)
                    + (OrderFlow.symbol(i) == OrderFlow.AAPL ? 0 : 1);
                position[slot] += OrderFlow.side(i) == Side.BUY ? OrderFlow.quantity(i) : -OrderFlow.quantity(i);
            }
        }
        assertEquals(0, position[0]);
        assertEquals(0, position[1]);
        assertEquals(0, position[2]);
        assertEquals(0, position[3]);
    }
}
