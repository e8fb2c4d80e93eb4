package io.peregrine.core.system;

import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.MSFT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OrderGatewaySystemTest
{
    static final long PX_191 = 191 * Prices.SCALE;

    private TestStack stack;

    @AfterEach
    void tearDown()
    {
        CloseHelper.close(stack);
    }

    @Test
    void acksRoutesAndFillsNewOrder()
    {
        final ReportCollector.Execution fill = firstOrder(AutoFillVenue.Mode.FILL, Side.BUY, 100, ExecType.FILL);
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
        assertEquals(AAPL_PX, fill.lastPx());
        assertEquals(100, fill.cumQty());
        assertEquals(0, fill.leavesQty());
        assertEquals(AAPL_PX, fill.avgPx());
        assertTrue(fill.execId() != ack.execId());
        assertEquals(1, stack.core.counters().ordersAccepted().get());
        assertEquals(1, stack.core.counters().fills().get());
    }

    @Test
    void reportsPartialFillsWithRunningQuantitiesAndAveragePrice()
    {
        firstOrder(AutoFillVenue.Mode.PARTIAL_FILLS, Side.SELL, 100, ExecType.FILL);
        final List<ReportCollector.Execution> reports = stack.executionsFor(1);
        assertEquals(4, reports.size(), reports.toString());
        assertEquals(ExecType.NEW, reports.get(0).execType());
        assertEquals(ExecType.PARTIAL_FILL, reports.get(1).execType());
        assertEquals(OrdStatus.PARTIALLY_FILLED, reports.get(1).ordStatus());
        assertEquals(33, reports.get(1).lastQty());
        assertEquals(33, reports.get(1).cumQty());
        assertEquals(67, reports.get(1).leavesQty());
        assertEquals(66, reports.get(2).cumQty());
        assertEquals(34, reports.get(2).leavesQty());
        assertEquals(34, reports.get(3).lastQty());
        assertEquals(100, reports.get(3).cumQty());
        assertEquals(0, reports.get(3).leavesQty());
        assertEquals(AAPL_PX, reports.get(3).avgPx());
        assertEquals(3, reports.stream().map(ReportCollector.Execution::execId).distinct().count() - 1);
    }

    @Test
    void cancelsWorkingOrderAndRefusesLateOrUnknownCancels()
    {
        final ReportCollector.Execution ack = firstOrder(AutoFillVenue.Mode.ACK_ONLY, Side.BUY, 100, ExecType.NEW);

        stack.offer(() -> stack.client.cancel(2, 1, ack.orderId(), ACC1));
        final ReportCollector.Execution canceled =
            stack.awaitExecution((e) -> e.execType() == ExecType.CANCELED, "canceled");
        assertEquals(2, canceled.clOrdId());
        assertEquals(1, canceled.origClOrdId());
        assertEquals(ack.orderId(), canceled.orderId());
        assertEquals(OrdStatus.CANCELED, canceled.ordStatus());
        assertEquals(0, canceled.leavesQty());
        assertEquals(0, canceled.cumQty());

        stack.offer(() -> stack.client.cancel(3, 1, 0, ACC1));
        stack.offer(() -> stack.client.cancel(4, 999, 0, ACC1));
        stack.awaitTrue(() -> stack.reports.cancelRejects.size() == 2, "two cancel rejects");
        final ReportCollector.CancelRejected late = stack.reports.cancelRejects.get(0);
        assertEquals(3, late.clOrdId());
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, late.rejectReason());
        assertEquals(OrdStatus.CANCELED, late.ordStatus());
        assertEquals(ack.orderId(), late.orderId());
        final ReportCollector.CancelRejected unknown = stack.reports.cancelRejects.get(1);
        assertEquals(RejectReason.UNKNOWN_ORDER, unknown.rejectReason());
        assertEquals(CancelRejectResponseTo.CANCEL, unknown.responseTo());
    }

    @Test
    void refusesCancelOfFilledOrderAsTooLate()
    {
        final ReportCollector.Execution fill = firstOrder(AutoFillVenue.Mode.FILL, Side.BUY, 10, ExecType.FILL);

        stack.offer(() -> stack.client.cancel(2, 1, fill.orderId(), ACC1));
        stack.offer(() -> stack.client.replace(3, 1, 0, ACC1, PX_191, 20));
        stack.awaitTrue(() -> stack.reports.cancelRejects.size() == 2, "two rejects");
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, stack.reports.cancelRejects.get(0).rejectReason());
        assertEquals(OrdStatus.FILLED, stack.reports.cancelRejects.get(0).ordStatus());
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, stack.reports.cancelRejects.get(1).rejectReason());
        assertEquals(CancelRejectResponseTo.REPLACE, stack.reports.cancelRejects.get(1).responseTo());
    }

    @Test
    void replacesPriceAndQuantityAndRefusesInvalidReplace()
    {
        final ReportCollector.Execution ack = firstOrder(AutoFillVenue.Mode.ACK_ONLY, Side.BUY, 100, ExecType.NEW);

        stack.offer(() -> stack.client.replace(2, 1, ack.orderId(), ACC1, PX_191, 200));
        final ReportCollector.Execution replaced =
            stack.awaitExecution((e) -> e.execType() == ExecType.REPLACED, "replaced");
        assertEquals(2, replaced.clOrdId());
        assertEquals(1, replaced.origClOrdId());
        assertEquals(ack.orderId(), replaced.orderId());
        assertEquals(PX_191, replaced.price());
        assertEquals(200, replaced.quantity());
        assertEquals(200, replaced.leavesQty());
        assertEquals(OrdStatus.NEW, replaced.ordStatus());

        stack.offer(() -> stack.client.replace(3, 2, 0, ACC1, PX_191, 0));
        stack.awaitTrue(() -> stack.reports.cancelRejects.size() == 1, "invalid replace");
        assertEquals(RejectReason.INVALID_REPLACE, stack.reports.cancelRejects.get(0).rejectReason());
        assertEquals(CancelRejectResponseTo.REPLACE, stack.reports.cancelRejects.get(0).responseTo());

        // The order is now known by its new client order id only.
        stack.offer(() -> stack.client.cancel(4, 2, 0, ACC1));
        final ReportCollector.Execution canceled =
            stack.awaitExecution((e) -> e.execType() == ExecType.CANCELED, "canceled");
        assertEquals(2, canceled.origClOrdId());
        assertEquals(200, canceled.quantity());
    }

    @Test
    void refusesSecondRequestWhileOneIsPendingAtTheVenue()
    {
        firstOrder(AutoFillVenue.Mode.HOLD, Side.BUY, 100, ExecType.NEW);

        stack.offer(() -> stack.client.cancel(2, 1, 0, ACC1));
        stack.offer(() -> stack.client.replace(3, 1, 0, ACC1, PX_191, 50));
        stack.offer(() -> stack.client.cancel(4, 1, 0, ACC1));
        stack.awaitTrue(() -> stack.reports.cancelRejects.size() == 2, "two REQUEST_PENDING rejects");
        for (final ReportCollector.CancelRejected reject : stack.reports.cancelRejects)
        {
            assertEquals(RejectReason.REQUEST_PENDING, reject.rejectReason());
            assertEquals(OrdStatus.NEW, reject.ordStatus());
        }
        assertEquals(CancelRejectResponseTo.REPLACE, stack.reports.cancelRejects.get(0).responseTo());
        assertEquals(CancelRejectResponseTo.CANCEL, stack.reports.cancelRejects.get(1).responseTo());
    }

    @Test
    void passesVenueRejectOfNewOrderWithTheVenuesTextBackToClient()
    {
        final ReportCollector.Execution rejected =
            firstOrder(AutoFillVenue.Mode.REJECT, Side.BUY, 100, ExecType.REJECTED);
        assertEquals(RejectReason.VENUE_REJECT, rejected.rejectReason());
        assertEquals(OrdStatus.REJECTED, rejected.ordStatus());
        assertTrue(rejected.orderId() > 0);
        assertEquals(AutoFillVenue.REJECT_TEXT, rejected.text(), "the venue's own text says why");
    }

    @Test
    void routesSymbolsToTheirConfiguredVenueAndFillsMarketOrders()
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().venueIdForSymbol("MSFT", 2));
        stack.offer(() -> stack.client.newOrder(1, ACC1, MSFT, Side.BUY, OrdType.MARKET, TimeInForce.IOC, 0, 10));
        stack.newLimitOrder(2, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        final ReportCollector.Execution msft =
            stack.awaitExecution(1, ExecType.FILL, "msft fill");
        final ReportCollector.Execution aapl =
            stack.awaitExecution(2, ExecType.FILL, "aapl fill");
        assertEquals(2, msft.venueId());
        assertEquals(100 * Prices.SCALE, msft.lastPx());
        assertEquals(1, aapl.venueId());
        assertFalse(msft.orderId() == aapl.orderId());
    }

    @Test
    void releasesAllRiskOfMarketAndReplacedOrdersWhenTheyClose()
    {
        stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY);
        stack.offer(() -> stack.client.newOrder(1, ACC1, AAPL, Side.BUY, OrdType.MARKET, TimeInForce.DAY, 0, 100));
        stack.newLimitOrder(2, ACC1, AAPL, Side.SELL, AAPL_PX, 50);
        final ReportCollector.Execution marketAck =
            stack.awaitExecution(1, ExecType.NEW, "market ack");
        assertEquals(0, marketAck.price());
        stack.awaitExecution(2, ExecType.NEW, "limit ack");

        stack.offer(() -> stack.client.replace(3, 2, 0, ACC1, PX_191, 80));
        stack.awaitExecution(3, ExecType.REPLACED, "replaced");
        stack.offer(() -> stack.client.cancel(4, 1, 0, ACC1));
        stack.offer(() -> stack.client.cancel(5, 3, 0, ACC1));
        stack.awaitExecution(4, ExecType.CANCELED, "market canceled");
        stack.awaitExecution(5, ExecType.CANCELED, "replaced canceled");

        stack.close();
        assertEquals(0, stack.core.risk().openOrders(ACC1));
        assertEquals(0, stack.core.risk().openBuyQty(ACC1, AAPL));
        assertEquals(0, stack.core.risk().openSellQty(ACC1, AAPL));
        assertEquals(0, stack.core.risk().dailyNotionalUsed(ACC1), "nothing executed, nothing left reserved");
    }

    @Test
    void venueRespondersAnswerOnlyForTheirOwnVenue()
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().venueIdForSymbol("MSFT", 2), false);
        try (AutoFillVenue venue1 = new AutoFillVenue(stack.venueAeron, new AutoFillVenue.Context().venueId(1));
            AutoFillVenue venue2 = new AutoFillVenue(
                stack.venueAeron, new AutoFillVenue.Context().venueId(2).mode(AutoFillVenue.Mode.REJECT));
            AgentRunner runner1 = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace,
                null, venue1);
            AgentRunner runner2 = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace,
                null, venue2))
        {
            AgentRunner.startOnThread(runner1);
            AgentRunner.startOnThread(runner2);
            stack.awaitTrue(() -> venue1.isConnected() && venue2.isConnected(), "venues connected");

            stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
            stack.newLimitOrder(2, ACC1, MSFT, Side.BUY, 420 * Prices.SCALE, 10);
            stack.awaitExecution(1, ExecType.FILL, "venue 1 fills");
            final ReportCollector.Execution rejected =
                stack.awaitExecution(2, ExecType.REJECTED, "venue 2 rejects");
            assertEquals(RejectReason.VENUE_REJECT, rejected.rejectReason());
            assertEquals(2, stack.executionsFor(1).size(), "one ack and one fill: venue 2 stayed silent");
            assertEquals(1, stack.executionsFor(2).size(), "one reject: venue 1 stayed silent");
        }
    }

    /**
     * Starts the stack with its venue in {@code mode} and sends client order 1 (a limit order for AAPL at the reference
     * price) until the venue's {@code answer} for it is in.
     */
    private ReportCollector.Execution firstOrder(
        final AutoFillVenue.Mode mode, final Side side, final long quantity, final ExecType answer)
    {
        stack = new TestStack(mode);
        stack.newLimitOrder(1, ACC1, AAPL, side, AAPL_PX, quantity);
        return stack.awaitExecution(1, answer, answer.name() + " of order 1");
    }
}
