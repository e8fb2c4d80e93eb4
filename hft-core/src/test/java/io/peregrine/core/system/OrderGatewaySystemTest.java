package io.peregrine.core.system;

import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OrderGatewaySystemTest
{
    static final long ACC1 = PackedAscii.pack("ACC1");
    static final long AAPL = PackedAscii.pack("AAPL");
    static final long PX_190 = 190 * Prices.SCALE;

    private TestStack stack;

    @AfterEach
    void tearDown()
    {
        if (null != stack)
        {
            stack.close();
        }
    }

    @Test
    void acksRoutesAndFillsNewOrder()
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL);
        stack.offer(() -> stack.client.newOrder(1, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, PX_190, 100));

        final ReportCollector.Execution fill =
            stack.awaitExecution((e) -> e.clOrdId() == 1 && e.execType() == ExecType.FILL, "fill");
        final List<ReportCollector.Execution> reports = stack.executionsFor(1);
        assertEquals(2, reports.size(), reports.toString());
        final ReportCollector.Execution ack = reports.get(0);
        assertEquals(ExecType.NEW, ack.execType());
        assertEquals(OrdStatus.NEW, ack.ordStatus());
        assertEquals(7, ack.clientId());
        assertTrue(ack.orderId() > 0);
        assertEquals(100, ack.leavesQty());
        assertEquals(0, ack.cumQty());
        assertEquals(1, ack.venueId());
        assertEquals(ACC1, ack.account());
        assertEquals(AAPL, ack.symbol());

        assertEquals(OrdStatus.FILLED, fill.ordStatus());
        assertEquals(ack.orderId(), fill.orderId());
        assertEquals(100, fill.lastQty());
        assertEquals(PX_190, fill.lastPx());
        assertEquals(100, fill.cumQty());
        assertEquals(0, fill.leavesQty());
        assertEquals(PX_190, fill.avgPx());
        assertTrue(fill.execId() != ack.execId());
        assertEquals(1, stack.core.counters().ordersAccepted().get());
        assertEquals(1, stack.core.counters().fills().get());
    }
}
