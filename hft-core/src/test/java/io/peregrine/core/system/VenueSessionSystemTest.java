package io.peregrine.core.system;

import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.VenueStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.MSFT;
import static io.peregrine.core.DemoUniverse.MSFT_PX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Venue session status: forwarded to clients, and new orders for a venue that is down are refused.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VenueSessionSystemTest
{
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

        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        final ReportCollector.Execution down = stack.awaitExecution((e) -> e.clOrdId() == 1, "reject");
        assertEquals(ExecType.REJECTED, down.execType());
        assertEquals(RejectReason.VENUE_UNAVAILABLE, down.rejectReason());

        // Another venue is unaffected.
        stack.newLimitOrder(2, ACC1, MSFT, Side.BUY, MSFT_PX, 10);
        stack.awaitExecution(2, ExecType.FILL, "venue 2 fill");

        stack.venue.publishSessionStatus(1, VenueStatus.CIRCUIT_OPEN);
        stack.awaitTrue(() -> stack.reports.sessions.size() == 2, "circuit open forwarded");
        stack.newLimitOrder(3, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        assertEquals(RejectReason.CIRCUIT_BREAKER_OPEN,
            stack.awaitExecution((e) -> e.clOrdId() == 3, "reject").rejectReason());

        stack.venue.publishSessionStatus(1, VenueStatus.CONNECTED);
        stack.awaitTrue(() -> stack.reports.sessions.size() == 3, "connected forwarded");
        stack.newLimitOrder(4, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        stack.awaitExecution(4, ExecType.FILL, "fill after reconnect");
        assertEquals(2, stack.core.counters().venueUnavailableRejects().get());
    }

    @Test
    void rejectsOrderWhenNoVenueClientIsSubscribed()
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext(), false);
        stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        final ReportCollector.Execution reject = stack.awaitExecution((e) -> e.clOrdId() == 1, "reject");
        assertEquals(ExecType.REJECTED, reject.execType());
        assertEquals(RejectReason.VENUE_UNAVAILABLE, reject.rejectReason());
        assertTrue(reject.orderId() > 0, "the order was taken, then could not be routed");
        assertEquals(0, reject.leavesQty());
    }
}
