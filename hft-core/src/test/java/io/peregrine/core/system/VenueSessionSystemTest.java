package io.peregrine.core.system;

import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Venue session status: forwarded to clients, and new orders for a venue that is down are refused.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VenueSessionSystemTest
{
    private static final long ACC1 = PackedAscii.pack("ACC1");
    private static final long AAPL = PackedAscii.pack("AAPL");
    private static final long MSFT = PackedAscii.pack("MSFT");
    private static final long PX_AAPL = 190 * Prices.SCALE;
    private static final long PX_MSFT = 420 * Prices.SCALE;

    private TestStack stack;

    @AfterEach
    void tearDown()
    {
        stack.close();
    }

    @Test
    void rejectsOrdersForVenueThatIsDownOrCircuitOpenAndRoutesAgainWhenConnected()
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().venueIdForSymbol("MSFT", 2));

        stack.venue.publishSessionStatus(1, VenueStatus.DISCONNECTED);
        stack.awaitTrue(() -> stack.reports.sessions.size() == 1, "status forwarded");
        assertEquals(new ReportCollector.Session(1, VenueStatus.DISCONNECTED), stack.reports.sessions.get(0));

        stack.offer(() -> stack.client.newOrder(1, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, PX_AAPL, 10));
        final ReportCollector.Execution down = stack.awaitExecution((e) -> e.clOrdId() == 1, "reject");
        assertEquals(ExecType.REJECTED, down.execType());
        assertEquals(RejectReason.VENUE_UNAVAILABLE, down.rejectReason());

        // Another venue is unaffected.
        stack.offer(() -> stack.client.newOrder(2, ACC1, MSFT, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, PX_MSFT, 10));
        stack.awaitExecution((e) -> e.clOrdId() == 2 && e.execType() == ExecType.FILL, "venue 2 fill");

        stack.venue.publishSessionStatus(1, VenueStatus.CIRCUIT_OPEN);
        stack.awaitTrue(() -> stack.reports.sessions.size() == 2, "circuit open forwarded");
        stack.offer(() -> stack.client.newOrder(3, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, PX_AAPL, 10));
        assertEquals(RejectReason.CIRCUIT_BREAKER_OPEN,
            stack.awaitExecution((e) -> e.clOrdId() == 3, "reject").rejectReason());

        stack.venue.publishSessionStatus(1, VenueStatus.CONNECTED);
        stack.awaitTrue(() -> stack.reports.sessions.size() == 3, "connected forwarded");
        stack.offer(() -> stack.client.newOrder(4, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, PX_AAPL, 10));
        stack.awaitExecution((e) -> e.clOrdId() == 4 && e.execType() == ExecType.FILL, "fill after reconnect");
        assertEquals(2, stack.core.counters().venueUnavailableRejects().get());
    }

    @Test
    void rejectsOrderWhenNoVenueClientIsSubscribed()
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext(), false);
        stack.offer(() -> stack.client.newOrder(1, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, PX_AAPL, 10));
        final ReportCollector.Execution reject = stack.awaitExecution((e) -> e.clOrdId() == 1, "reject");
        assertEquals(ExecType.REJECTED, reject.execType());
        assertEquals(RejectReason.VENUE_UNAVAILABLE, reject.rejectReason());
        assertTrue(reject.orderId() > 0, "the order was taken, then could not be routed");
        assertEquals(0, reject.leavesQty());
    }
}
