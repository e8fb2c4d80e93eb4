package io.peregrine.core;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.peregrine.client.PeregrineClient;
import io.peregrine.client.ReportListener;
import io.peregrine.core.admin.TradingGates;
import io.peregrine.core.egress.ClientReports;
import io.peregrine.core.egress.RetryingPublication;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournaledPublication;
import io.peregrine.core.journal.LogicClock;
import io.peregrine.core.order.OrderLifecycle;
import io.peregrine.core.order.OrderTable;
import io.peregrine.core.system.ReportCollector;
import io.peregrine.core.system.ReportCollector.CancelRejected;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.core.venue.VenueRequests;
import io.peregrine.core.venue.VenueRoutes;
import io.peregrine.core.venue.VenueSessions;
import io.peregrine.core.venue.VenueText;
import io.peregrine.protocol.Prices;
import io.peregrine.risk.PreTradeRisk;
import io.peregrine.risk.RiskLimits;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TestAeronClients;
import io.peregrine.testsupport.ThreadAllocation;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.AAPL;

/**
 * {@link OrderLifecycle} driven directly, as the core agent drives it after decoding: every step is checked against
 * the order table, the client's reports and - above all - what risk holds, so that any slip in the reservation
 * arithmetic (a replace that moves the wrong quantity, a release at the wrong price, a release twice) fails here.
 * Real Aeron IPC publications on an embedded driver carry the reports and venue requests.
 * <p>
 * Risk universe: the demo limits with AAPL's reference at 100.00 (collar 10%, tick 0.01, lot 1); ACC1 at most 500
 * per order and 10 open orders, positions and notionals far from their limits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderLifecycleTest
{
    private static final int CLIENT = 42;
    private static final int OTHER_CLIENT = 43;
    private static final long PX_100 = Prices.parse("100.00");
    private static final long PX_100_10 = Prices.parse("100.10");
    private static final long PX_100_20 = Prices.parse("100.20");
    private static final String CHANNEL = "aeron:ipc?term-length=1m";
    private static final DirectBuffer NO_TEXT = VenueText.NONE;
    private static final long NO_AVG_PX = VenueInMessages.AVG_PX_UNKNOWN;

    private MediaDriverFixture driver;
    private Aeron aeron;
    private CoreCounters counters;
    private PreTradeRisk risk;
    private OrderLifecycle lifecycle;
    private OrderTable orders;
    private PeregrineClient client;
    private Subscription venueOut;
    private final ReportCollector reports = new ReportCollector();
    private final LogicClock logicClock = new LogicClock();
    private final ReportListener reportsIgnored = new ReportListener()
    {
    };
    private long venueRequestCount;
    private final FragmentHandler venueRequests = (buffer, offset, length, header) -> venueRequestCount++;
    private final DirectBuffer replaceRefusedText = text("price band: the replace's price is beyond it");
    private final DirectBuffer newOrderRejectedText = text("unknown symbol: not listed on this venue");
    private long clOrdId = 100;

    @BeforeEach
    void launch()
    {
        driver = MediaDriverFixture.launch();
        aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
        counters = new CoreCounters(aeron, false);
        risk = PreTradeRisk.inMemory(limits());
        final ExclusivePublication egress = aeron.addExclusivePublication(CHANNEL, 1002);
        final ExclusivePublication venue = aeron.addExclusivePublication(CHANNEL, 2001);
        client = PeregrineClient.connect(new PeregrineClient.Context().aeron(aeron).channel(CHANNEL).clientId(CLIENT));
        venueOut = aeron.addSubscription(CHANNEL, 2001);
        aeron.addSubscription(CHANNEL, 1001); // the client counts as connected once someone reads its ingress
        // Subscribers' images must be in place before the first offer, or what the lifecycle publishes is not seen.
        while (!client.isConnected() || !venueOut.isConnected())
        {
            Thread.yield();
        }
        orders = new OrderTable(16);
        lifecycle = new OrderLifecycle(
            orders,
            risk,
            new VenueRequests(journaled(venue, JournalEntry.VENUE_REQUEST), logicClock),
            new ClientReports(
                journaled(egress, JournalEntry.REPORT), counters.egressDropped(), counters.egressDroppedClient(),
                counters.egressUnsubscribed(),
                counters.cancelRejects(), logicClock, counters::onReject),
            new VenueRoutes(1, Map.of()),
            new VenueSessions(),
            new TradingGates(counters.symbolsKilled(), counters.venuesPaused()),
            new ClientAuthorisation(Set.of(9900), Map.of(), 9880, null, new java.util.concurrent.atomic.AtomicLong(),
                new AtomicCounter(
                new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 2]), 0)),
            counters,
            logicClock);
        logicClock.time(1_000_000_000L);
    }

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(client, risk, counters, aeron, driver);
    }

    @Test
    void partialFillThenCancelReleasesTheRestOfTheReservationExactlyOnce()
    {
        final long orderId = accept(Side.BUY, px("100.00"), 100);
        final long other = accept(Side.BUY, px("99.00"), 10); // stays open: a second release would show on it
        assertReserved(110, px("10990.00"), 2);

        venueReports(orderId, ExecType.NEW, 0, 0, 0);
        venueReports(orderId, ExecType.PARTIAL_FILL, 40, px("99.50"), 40);
        assertEquals(40, risk.position(ACC1, AAPL));
        assertReserved(70, px("6000.00") + px("990.00"), 2);
        assertEquals(OrdStatus.PARTIALLY_FILLED, orders.status(slot(orderId)));

        lifecycle.cancel(CLIENT, 500, 0, orderId, ACC1, 7);
        assertEquals(OrdStatus.PARTIALLY_FILLED, orders.status(slot(orderId)), "answered when the venue answers");
        final long cancelRequest = orders.cancelRequestId(slot(orderId));
        assertTrue(cancelRequest > 0);
        lifecycle.onExecution(orderId, ExecType.CANCELED, cancelRequest, 0, 0, 0, NO_AVG_PX, RejectReason.NONE,
            NO_TEXT);
        assertEquals(OrdStatus.CANCELED, orders.status(slot(orderId)));
        assertReserved(10, px("990.00"), 1);

        // The venue says it again (an adapter's resend): the order is closed, nothing is released twice; nor is the
        // fill it already reported (its cumQty is booked: a repeat, not a fill after the cancel).
        lifecycle.onExecution(orderId, ExecType.CANCELED, cancelRequest, 0, 0, 0, NO_AVG_PX, RejectReason.NONE,
            NO_TEXT);
        venueReports(orderId, ExecType.PARTIAL_FILL, 40, px("99.50"), 40);
        assertReserved(10, px("990.00"), 1);
        assertEquals(40, risk.position(ACC1, AAPL));
        assertEquals(2, counters.venueUnknownOrders().get());
        assertEquals(0, risk.bookkeepingAnomalies());

        final ReportCollector.Execution canceled = lastExecution();
        assertEquals(ExecType.CANCELED, canceled.execType());
        assertEquals(500, canceled.clOrdId(), "reported under the cancel's ids");
        assertEquals(40, canceled.cumQty());
        assertEquals(0, canceled.leavesQty());
        assertEquals(1, orders.workingCount());
        assertTrue(orders.isWorking(slot(other)));
        assertEquals(3, venueRequestsSent(), "two new orders and a cancel, nothing for the venue's repeats");
    }

    @Test
    void anOverfillIsBookedWholeWithoutTakingTheOtherOrdersReservationCountedAndSaid()
    {
        final long working = acknowledged(Side.BUY, px("100.00"), 50);
        final long overfilled = acknowledged(Side.BUY, px("100.00"), 10);
        assertReserved(60, px("6000.00"), 2);

        // The venue fills the order of 10 with 30 (LastQty 30, CumQty 30).
        venueReports(overfilled, ExecType.FILL, 30, px("100.00"), 30);
        assertEquals(30, risk.position(ACC1, AAPL), "the whole fill: it traded");
        assertReserved(50, px("5000.00"), 1);
        assertTrue(orders.isWorking(slot(working)));
        assertEquals(OrdStatus.FILLED, orders.status(slot(overfilled)));
        assertEquals(30, orders.cumQty(slot(overfilled)));
        final ReportCollector.Execution fill = lastExecution();
        assertEquals(ExecType.FILL, fill.execType());
        assertEquals(30, fill.lastQty());
        assertEquals(30, fill.cumQty());
        assertEquals(0, fill.leavesQty());
        assertTrue(fill.text().contains("beyond its quantity"), fill.text());
        assertEquals(1, counters.overfills().get());

        // A partially filled order overfilled by a later fill (cum 130 on 100), and a status answer saying a whole
        // cumQty of 1,000 for an order of 10: the same, each counted once.
        final long partial = partiallyFilled(Side.BUY, px("100.00"), 30, px("100.00"));
        venueReports(partial, ExecType.FILL, 100, px("100.00"), 130);
        final long asked = acknowledged(Side.BUY, px("100.00"), 10);
        venueReports(asked, ExecType.FILL, 1000, px("100.00"), 1000);
        assertEquals(30 + 130 + 1000, risk.position(ACC1, AAPL));
        assertReserved(50, px("5000.00"), 1);
        assertEquals(3, counters.overfills().get());
        assertEquals(0, counters.fillsOnDoneOrders().get());
        assertEquals(0, risk.bookkeepingAnomalies());

        // A fill within its order is no overfill.
        venueReports(working, ExecType.FILL, 50, px("100.00"), 50);
        assertEquals(3, counters.overfills().get());
        assertReserved(0, 0, 0);
    }

    @Test
    void aFillAfterTheVenueAcknowledgedTheCancelIsBookedCountedAndReportedAndTheOrderStaysCanceled()
    {
        final long working = acknowledged(Side.SELL, px("100.00"), 50);
        final long canceled = acknowledged(Side.SELL, px("100.00"), 30);
        lifecycle.cancel(CLIENT, 600, 0, canceled, ACC1, 7);
        lifecycle.onExecution(canceled, ExecType.CANCELED, orders.cancelRequestId(slot(canceled)), 0, 0, 0, NO_AVG_PX,
            RejectReason.NONE, NO_TEXT);
        assertReserved(50, px("5000.00"), 1);

        // The venue then reports a fill of 20 (cum 20): a real trade the position must hold.
        venueReports(canceled, ExecType.PARTIAL_FILL, 20, px("100.50"), 20);
        assertEquals(-20, risk.position(ACC1, AAPL));
        assertReserved(50, px("5000.00"), 1);
        assertEquals(OrdStatus.CANCELED, orders.status(slot(canceled)), "it stays done");
        assertEquals(20, orders.cumQty(slot(canceled)));
        assertEquals(1, counters.fillsOnDoneOrders().get());
        assertEquals(0, counters.overfills().get());
        final ReportCollector.Execution late = lastExecution();
        assertEquals(ExecType.PARTIAL_FILL, late.execType());
        assertEquals(OrdStatus.CANCELED, late.ordStatus());
        assertEquals(20, late.lastQty());
        assertEquals(px("100.50"), late.lastPx());
        assertEquals(20, late.cumQty());
        assertEquals(0, late.leavesQty());
        assertTrue(late.text().contains("after the order was done"), late.text());

        // Its repeat, and a fill without a cumQty (a repeat cannot be told from a new fill), change nothing.
        venueReports(canceled, ExecType.PARTIAL_FILL, 20, px("100.50"), 20);
        venueReports(canceled, ExecType.PARTIAL_FILL, 5, px("100.50"), 0);
        assertEquals(-20, risk.position(ACC1, AAPL));
        assertEquals(2, counters.venueUnknownOrders().get());

        // A filled order filled again (cum 60 on 50): booked, counted as a fill of a done order.
        venueReports(working, ExecType.FILL, 50, px("100.00"), 50);
        venueReports(working, ExecType.FILL, 10, px("100.00"), 60);
        assertEquals(-80, risk.position(ACC1, AAPL));
        assertEquals(OrdStatus.FILLED, lastExecution().ordStatus());
        assertEquals(60, lastExecution().cumQty());
        assertEquals(2, counters.fillsOnDoneOrders().get());
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aVenueFillTheCoreNeverReceivedIsBookedFromTheNextFillsCumulativeQuantity()
    {
        final long orderId = acknowledged(Side.BUY, px("100.00"), 100);
        // The venue filled 10 (cum 10) and that report was lost; its next fill of 20 says cum 30.
        venueReports(orderId, ExecType.PARTIAL_FILL, 20, px("100.00"), 30);
        assertEquals(30, orders.cumQty(slot(orderId)));
        assertEquals(30, risk.position(ACC1, AAPL));
        assertEquals(30, lastExecution().cumQty());
        assertEquals(30, lastExecution().lastQty(), "the gap is reported with the fill that closed it");

        venueReports(orderId, ExecType.FILL, 70, px("100.00"), 100);
        assertEquals(OrdStatus.FILLED, lastExecution().ordStatus());
        assertEquals(100, risk.position(ACC1, AAPL));
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());

        // The lost report arrives late (a resend): already covered by the venue's cumulative quantity.
        venueReports(orderId, ExecType.PARTIAL_FILL, 10, px("100.00"), 10);
        assertEquals(100, risk.position(ACC1, AAPL));
    }

    @Test
    void aVenueFillTheCoreNeverReceivedIsBookedFromTheCancelsCumulativeQuantity()
    {
        final long orderId = acknowledged(Side.BUY, px("100.00"), 100);
        // The venue filled 10 (cum 10), that report was lost, then the venue canceled the rest: cum 10 on the cancel.
        venueReports(orderId, ExecType.CANCELED, 0, 0, 10);
        assertEquals(10, risk.position(ACC1, AAPL), "the position is the venue's");
        assertEquals(OrdStatus.CANCELED, lastExecution().ordStatus());
        assertEquals(10, lastExecution().cumQty());
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void anExpiryWhoseCumulativeQuantityCompletesTheOrderLeavesItFilled()
    {
        final long orderId = partiallyFilled(Side.SELL, px("100.00"), 40, px("100.00"));
        // The venue's last fill (60, cum 100) was lost; a crossing expiry still says cum 100.
        venueReports(orderId, ExecType.EXPIRED, 0, 0, 100);
        assertEquals(OrdStatus.FILLED, lastExecution().ordStatus());
        assertEquals(-100, risk.position(ACC1, AAPL));
        assertReserved(0, 0, 0);
    }

    @Test
    void aMarketOrdersFillLostBeforeItsCancelIsBookedAtTheVenuesAveragePriceNotAtZero()
    {
        final long orderId = acceptMarket(Side.BUY, 100);
        venueReports(orderId, ExecType.NEW, 0, 0, 0);
        // The venue filled 30 at 100.25 and that report was lost; its cancel says cum 30, avgPx 100.25, no LastPx.
        venueReports(orderId, ExecType.CANCELED, 0, 0, 30, px("100.25"));

        final ReportCollector.Execution fill = drainedExecutions().get(1);
        assertEquals(ExecType.PARTIAL_FILL, fill.execType());
        assertEquals(30, fill.lastQty());
        assertEquals(px("100.25"), fill.lastPx(), "the venue's price, not the market order's price 0");
        assertEquals(px("100.25"), fill.avgPx());
        assertEquals("", fill.text());
        assertEquals(OrdStatus.CANCELED, lastExecution().ordStatus());
        assertEquals(px("100.25"), lastExecution().avgPx());
        assertEquals(px("100.25"), orders.avgPx(slot(orderId)));
        assertEquals(30, risk.position(ACC1, AAPL));
        assertEquals(0, counters.unpricedFills().get());
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aMarketOrdersLostFillWithoutAnyVenuePriceIsBookedAtItsReservedPriceCountedAndSaid()
    {
        final long orderId = acceptMarket(Side.BUY, 100);
        final long reservedAt = orders.riskPrice(slot(orderId));
        assertEquals(px("110.00"), reservedAt, "a market order is reserved at the collar's high");
        venueReports(orderId, ExecType.NEW, 0, 0, 0);
        // A venue (or a version-3 adapter) that says neither LastPx nor AvgPx: there is no venue price at all.
        venueReports(orderId, ExecType.EXPIRED, 0, 0, 30);

        final ReportCollector.Execution fill = drainedExecutions().get(1);
        assertEquals(30, fill.lastQty());
        assertEquals(reservedAt, fill.lastPx(), "booked at the core's estimate, never at 0");
        assertTrue(fill.text().contains("without its price"), fill.text());
        assertEquals(1, counters.unpricedFills().get());
        assertEquals(OrdStatus.EXPIRED, lastExecution().ordStatus());
        assertEquals(30, risk.position(ACC1, AAPL));
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());

        // With fills booked before, the estimate is the order's own average price so far.
        final long second = acceptMarket(Side.BUY, 100);
        venueReports(second, ExecType.PARTIAL_FILL, 20, px("100.40"), 20, px("100.40"));
        venueReports(second, ExecType.CANCELED, 0, 0, 50);
        final List<ReportCollector.Execution> executions = drainedExecutions();
        assertEquals(30, executions.get(executions.size() - 2).lastQty());
        assertEquals(px("100.40"), executions.get(executions.size() - 2).lastPx());
        assertEquals(2, counters.unpricedFills().get());
    }

    @Test
    void aLimitOrdersFillLostBeforeItsCancelIsBookedAtThePriceTheVenuesAverageImpliesNotAtTheLimit()
    {
        final long orderId = partiallyFilled(Side.BUY, px("101.00"), 40, px("99.50"));
        // Lost: 10 at 100.00 (cum 50, avg 99.60). The cancel says cum 50 and avgPx 99.60.
        venueReports(orderId, ExecType.CANCELED, 0, 0, 50, px("99.60"));

        final List<ReportCollector.Execution> executions = drainedExecutions();
        final ReportCollector.Execution fill = executions.get(executions.size() - 2);
        assertEquals(10, fill.lastQty());
        assertEquals(px("100.00"), fill.lastPx(), "(99.60 * 50 - 99.50 * 40) / 10, not the limit 101.00");
        assertEquals(px("99.60"), fill.avgPx(), "the order's average is the venue's");
        assertEquals(50, risk.position(ACC1, AAPL));
        assertEquals(OrdStatus.CANCELED, lastExecution().ordStatus());
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aStatusAnswersMissingPartIsBookedAtItsImpliedPriceNotAtTheWholeOrdersAverage()
    {
        final long orderId = partiallyFilled(Side.SELL, px("99.00"), 40, px("99.50"));
        // After a gateway restart the venue's OrderStatusRequest answer: filled 100, AvgPx 99.68 (the last 60 traded
        // at 99.80). The gateway forwards it as one fill of the whole cumQty at the average price.
        venueReports(orderId, ExecType.FILL, 100, px("99.68"), 100, px("99.68"));

        final ReportCollector.Execution fill = lastExecution();
        assertEquals(ExecType.FILL, fill.execType());
        assertEquals(60, fill.lastQty(), "only the missing part is booked");
        assertEquals(px("99.80"), fill.lastPx(), "(99.68 * 100 - 99.50 * 40) / 60");
        assertEquals(px("99.68"), fill.avgPx());
        assertEquals(-100, risk.position(ACC1, AAPL));
        assertReserved(0, 0, 0);

        // The same answer for an order the core had booked nothing of: the whole of it at the venue's average.
        final long other = accept(Side.SELL, px("99.00"), 100);
        venueReports(other, ExecType.FILL, 100, px("99.68"), 100, px("99.68"));
        assertEquals(100, lastExecution().lastQty());
        assertEquals(px("99.68"), lastExecution().lastPx());
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aFillThatClosesAGapIsPricedFromTheVenuesAverageAndOneWithoutAGapAtItsOwnLastPx()
    {
        final long orderId = partiallyFilled(Side.BUY, px("101.00"), 10, px("100.00"));
        // Lost: 20 at 100.30 (cum 30, avg 100.20). The next fill, 10 at 100.60, says cum 40 and avgPx 100.30.
        venueReports(orderId, ExecType.PARTIAL_FILL, 10, px("100.60"), 40, px("100.30"));
        assertEquals(30, lastExecution().lastQty());
        assertEquals(px("100.40"), lastExecution().lastPx(), "(100.30 * 40 - 100.00 * 10) / 30: 20 lost + 10 new");
        assertEquals(px("100.30"), lastExecution().avgPx());

        // No gap: the fill's own price, whatever rounding the venue's average carries (40 at 100.30 + 7 at 100.61).
        venueReports(orderId, ExecType.PARTIAL_FILL, 7, px("100.61"), 47, px("100.346170"));
        assertEquals(7, lastExecution().lastQty());
        assertEquals(px("100.61"), lastExecution().lastPx());
    }

    @Test
    void theImpliedPriceIsRoundedToTheNearestPriceUnitHalvesUp()
    {
        final long orderId = partiallyFilled(Side.BUY, px("101.00"), 1, px("100.00"));
        // Venue: cum 3 at avg 100.000001 -> the missing 2 are worth 300.000003 - 100.000000 = 200.000003: 100.0000015
        venueReports(orderId, ExecType.CANCELED, 0, 0, 3, px("100.000001"));
        final List<ReportCollector.Execution> executions = drainedExecutions();
        assertEquals(px("100.000002"), executions.get(executions.size() - 2).lastPx());

        // And below: cum 3 at avg 99.999999 over 1 at 100.00 -> 199.999997 / 2 = 99.9999985 -> 99.999999.
        final long second = partiallyFilled(Side.BUY, px("101.00"), 1, px("100.00"));
        venueReports(second, ExecType.CANCELED, 0, 0, 3, px("99.999999"));
        final List<ReportCollector.Execution> after = drainedExecutions();
        assertEquals(px("99.999999"), after.get(after.size() - 2).lastPx());
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aVenueAverageThatContradictsTheBookedFillsFallsBackToTheLimitPrice()
    {
        final long orderId = partiallyFilled(Side.BUY, px("101.00"), 40, px("100.00"));
        // avgPx 10.00 over cum 50 is worth less than the 40 already booked: no price can be implied.
        venueReports(orderId, ExecType.CANCELED, 0, 0, 50, px("10.00"));
        final List<ReportCollector.Execution> executions = drainedExecutions();
        assertEquals(10, executions.get(executions.size() - 2).lastQty());
        assertEquals(px("101.00"), executions.get(executions.size() - 2).lastPx(), "as before: the limit");
        assertEquals(0, counters.unpricedFills().get());
    }

    @Test
    void replaceUpHoldsTheNewTermsFromAcceptanceAndKeepsThemWhenConfirmed()
    {
        final long orderId = partiallyFilled(Side.BUY, px("100.00"), 20, px("100.00"));

        lifecycle.replace(CLIENT, 600, 0, orderId, ACC1, px("101.00"), 150, 8);
        assertReserved(130, px("13130.00"), 1);
        assertEquals(100, orders.quantity(slot(orderId)), "the order keeps its terms until the venue confirms");

        lifecycle.onExecution(orderId, ExecType.REPLACED, orders.replaceRequestId(slot(orderId)), 0, 0, 0, NO_AVG_PX,
            RejectReason.NONE, NO_TEXT);
        assertReserved(130, px("13130.00"), 1);
        assertEquals(150, orders.quantity(slot(orderId)));
        assertEquals(px("101.00"), orders.price(slot(orderId)));
        assertEquals(slot(orderId), orders.slotByClientOrderId(ACC1, 600));
        final ReportCollector.Execution replaced = lastExecution();
        assertEquals(ExecType.REPLACED, replaced.execType());
        assertEquals(600, replaced.clOrdId());
        assertEquals(130, replaced.leavesQty());

        venueReports(orderId, ExecType.FILL, 130, px("101.00"), 150);
        assertReserved(0, 0, 0);
        assertEquals(150, risk.position(ACC1, AAPL));
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void replaceDownHoldsTheLargerQuantityUntilConfirmedThenGivesBackTheDifference()
    {
        final long orderId = accept(Side.SELL, px("100.00"), 100);
        lifecycle.replace(CLIENT, 601, 0, orderId, ACC1, px("99.00"), 60, 8);
        // The venue may still fill the old 100 until it confirms: 100 held, at the new price.
        assertEquals(100, risk.openSellQty(ACC1, AAPL));
        assertEquals(px("9900.00"), risk.openNotional(ACC1));

        venueReports(orderId, ExecType.PARTIAL_FILL, 30, px("100.00"), 30);
        assertEquals(70, risk.openSellQty(ACC1, AAPL));
        lifecycle.onExecution(orderId, ExecType.REPLACED, orders.replaceRequestId(slot(orderId)), 0, 0, 0, NO_AVG_PX,
            RejectReason.NONE, NO_TEXT);
        assertEquals(30, risk.openSellQty(ACC1, AAPL), "60 - 30 filled");
        assertEquals(px("2970.00"), risk.openNotional(ACC1));
        assertEquals(OrdStatus.PARTIALLY_FILLED, orders.status(slot(orderId)));

        lifecycle.cancel(CLIENT, 602, 601, 0, ACC1, 9);
        lifecycle.onExecution(orderId, ExecType.CANCELED, orders.cancelRequestId(slot(orderId)), 0, 0, 0, NO_AVG_PX,
            RejectReason.NONE, NO_TEXT);
        assertEquals(0, risk.openSellQty(ACC1, AAPL));
        assertEquals(0, risk.openNotional(ACC1));
        assertEquals(0, risk.openOrders(ACC1));
        assertEquals(-30, risk.position(ACC1, AAPL));
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void refusedReplaceMovesTheReservationBackToTheOldTerms()
    {
        final long orderId = partiallyFilled(Side.BUY, px("100.00"), 20, px("100.00"));
        lifecycle.replace(CLIENT, 700, 0, orderId, ACC1, px("102.00"), 200, 8);
        assertReserved(180, px("18360.00"), 1);
        // A fill under the old terms while the replace is pending is booked at the replace's reserved price.
        venueReports(orderId, ExecType.PARTIAL_FILL, 10, px("100.00"), 30);
        assertReserved(170, px("17340.00"), 1);

        lifecycle.onCancelReject(orderId, orders.replaceRequestId(slot(orderId)), RejectReason.NONE, NO_TEXT);
        assertReserved(70, px("7000.00"), 1);
        assertEquals(0, orders.replaceRequestId(slot(orderId)));
        assertEquals(100, orders.quantity(slot(orderId)));
        final ReportCollector.CancelRejected refused = lastCancelReject();
        assertEquals(CancelRejectResponseTo.REPLACE, refused.responseTo());
        assertEquals(RejectReason.VENUE_REJECT, refused.rejectReason());
        assertEquals(700, refused.clOrdId());
        assertEquals(2, venueRequestsSent(), "the new order and the replace");

        venueReports(orderId, ExecType.FILL, 70, px("100.00"), 100);
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void fillOfTheOldQuantityWhileAReplaceUpIsPendingWaitsAndWorksOnWhenTheVenueConfirmsTheRaise()
    {
        final long orderId = accept(Side.BUY, px("100.00"), 100);
        lifecycle.replace(CLIENT, 800, 0, orderId, ACC1, px("100.00"), 150, 8);
        assertReserved(150, px("15000.00"), 1);
        venueReports(orderId, ExecType.FILL, 100, px("100.00"), 100);
        // The venue may have applied the raise first: its other 50 would still be working there.
        assertTrue(orders.isWorking(slot(orderId)), "open until the venue answers the replace");
        assertEquals(OrdStatus.PARTIALLY_FILLED, orders.status(slot(orderId)));
        final ReportCollector.Execution waiting = lastExecution();
        assertEquals(ExecType.PARTIAL_FILL, waiting.execType());
        assertEquals(150, waiting.quantity(), "reported as the venue having applied the raise");
        assertEquals(50, waiting.leavesQty());
        assertEquals(100, orders.quantity(slot(orderId)), "the order keeps its own quantity until REPLACED");
        assertReserved(50, px("5000.00"), 1);
        assertEquals(0, reports.cancelRejects.size(), "the replace is not answered for the venue");

        lifecycle.onExecution(orderId, ExecType.REPLACED, orders.replaceRequestId(slot(orderId)), 0, 0, 0, NO_AVG_PX,
            RejectReason.NONE, NO_TEXT);
        assertEquals(0, counters.venueUnknownOrders().get(), "the REPLACED is the order's, not dropped");
        assertEquals(150, orders.quantity(slot(orderId)));
        assertEquals(50, lastExecution().leavesQty());
        assertReserved(50, px("5000.00"), 1);
        assertEquals(1, lifecycle.cancelWorking(true, 0, 0), "the kill switch reaches the rest");

        venueReports(orderId, ExecType.FILL, 50, px("100.00"), 150);
        assertEquals(OrdStatus.FILLED, orders.status(slot(orderId)));
        assertEquals(0, counters.fillsOnDoneOrders().get());
        assertEquals(0, counters.overfills().get());
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void fillOfTheOldQuantityWhileAReplaceUpIsPendingClosesTheOrderFilledWhenTheVenueRefusesTheRaise()
    {
        final long orderId = accept(Side.BUY, px("100.00"), 100);
        lifecycle.replace(CLIENT, 805, 0, orderId, ACC1, px("100.00"), 150, 8);
        venueReports(orderId, ExecType.FILL, 100, px("100.00"), 100);
        assertTrue(orders.isWorking(slot(orderId)));

        lifecycle.onCancelReject(orderId, orders.replaceRequestId(slot(orderId)), RejectReason.NONE, NO_TEXT);
        assertEquals(OrdStatus.FILLED, orders.status(slot(orderId)));
        assertEquals(0, counters.overfills().get(), "the order's own quantity filled: no overfill");
        assertReserved(0, 0, 0);
        final ReportCollector.Execution closed = lastExecution();
        assertEquals(ExecType.RESTATED, closed.execType(), "nothing traded now: no FILL of 0");
        assertEquals(OrdStatus.FILLED, closed.ordStatus());
        assertEquals(0, closed.lastQty());
        assertEquals(100, closed.quantity(), "the order's own quantity, not the raise's its fill report said");
        assertEquals(0, closed.leavesQty());
        assertTrue(closed.text().contains("refused the replace"), closed.text());
        final ReportCollector.CancelRejected refused = lastCancelReject();
        assertEquals(CancelRejectResponseTo.REPLACE, refused.responseTo());
        assertEquals(805, refused.clOrdId());
        assertEquals(OrdStatus.FILLED, refused.ordStatus());
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aFillBeyondTheQuantityWithinAPendingRaiseIsNoOverfillAndTheOrderWorksOnWhenTheVenueConfirmsTheRaise()
    {
        final long other = acknowledged(Side.BUY, px("100.00"), 10); // its reservation must stay whatever happens
        final long orderId = raisingTo200(810);
        assertReserved(210, px("21000.00"), 2);

        // CumQty 150: beyond the order's 100 but within the replace's 200 (the venue applied the replace first).
        venueReports(orderId, ExecType.PARTIAL_FILL, 150, px("100.00"), 150);
        assertEquals(0, counters.overfills().get());
        assertEquals(OrdStatus.PARTIALLY_FILLED, orders.status(slot(orderId)), "open until the venue answers");
        assertEquals(150, risk.position(ACC1, AAPL));
        assertReserved(60, px("6000.00"), 2);
        final ReportCollector.Execution fill = lastExecution();
        assertEquals(ExecType.PARTIAL_FILL, fill.execType());
        assertEquals(OrdStatus.PARTIALLY_FILLED, fill.ordStatus());
        assertTrue(fill.text().contains("applied the replace first"), fill.text());
        assertEquals(200, fill.quantity(), "OrderQty the replace's: never CumQty above OrderQty while it waits");
        assertEquals(50, fill.leavesQty());
        assertEquals(100, orders.quantity(slot(orderId)), "the order keeps its own quantity until REPLACED");
        assertEquals(0, reports.cancelRejects.size(), "the replace is not answered for the venue");
        lifecycle.status(CLIENT, 0, orderId, ACC1, 9);
        assertEquals(200, lastExecution().quantity(), "a status answer says the same");
        assertEquals(50, lastExecution().leavesQty());

        lifecycle.onExecution(orderId, ExecType.REPLACED, orders.replaceRequestId(slot(orderId)), 0, 0, 0, NO_AVG_PX,
            RejectReason.NONE, NO_TEXT);
        assertEquals(200, orders.quantity(slot(orderId)));
        assertEquals(50, orders.leavesQty(slot(orderId)));
        assertReserved(60, px("6000.00"), 2);
        assertEquals(OrdStatus.PARTIALLY_FILLED, lastExecution().ordStatus());

        // Up to the replace's quantity exactly: still no overfill, and the order is filled.
        venueReports(orderId, ExecType.FILL, 50, px("100.00"), 200);
        assertEquals(OrdStatus.FILLED, orders.status(slot(orderId)));
        assertEquals(0, counters.overfills().get());
        assertReserved(10, px("1000.00"), 1);
        assertTrue(orders.isWorking(slot(other)));
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aFillUpToAPendingRaisesQuantityWaitsForTheVenuesAnswerAndOneBeyondItIsAnOverfill()
    {
        final long upTo = raisingTo200(815);
        venueReports(upTo, ExecType.FILL, 200, px("100.00"), 200);
        assertEquals(OrdStatus.PARTIALLY_FILLED, orders.status(slot(upTo)), "open until the venue answers");
        assertEquals(0, counters.overfills().get());
        assertReserved(0, 0, 1);
        lifecycle.onExecution(upTo, ExecType.REPLACED, orders.replaceRequestId(slot(upTo)), 0, 0, 0, NO_AVG_PX,
            RejectReason.NONE, NO_TEXT);
        assertEquals(OrdStatus.FILLED, orders.status(slot(upTo)));
        assertEquals(OrdStatus.FILLED, lastExecution().ordStatus());
        assertReserved(0, 0, 0);
        assertEquals(0, counters.overfills().get());

        // CumQty 201: beyond both the order's 100 and the replace's 200; another order's reservation stays.
        final long other = acknowledged(Side.BUY, px("100.00"), 10);
        final long beyond = raisingTo200(820);
        venueReports(beyond, ExecType.FILL, 201, px("100.00"), 201);
        final ReportCollector.Execution fill = lastExecution();
        assertEquals(ExecType.FILL, fill.execType());
        assertTrue(fill.text().contains("beyond its quantity"), fill.text());
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, lastCancelReject().rejectReason());
        assertEquals(1, counters.overfills().get());
        assertEquals(OrdStatus.FILLED, orders.status(slot(beyond)));
        assertEquals(401, risk.position(ACC1, AAPL));
        assertReserved(10, px("1000.00"), 1);
        assertTrue(orders.isWorking(slot(other)));
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aRefusedRaiseMakesTheFillsBeyondTheQuantityAnOverfillAndClosesTheOrderFilled()
    {
        final long other = acknowledged(Side.BUY, px("100.00"), 10);
        final long orderId = raisingTo200(830);
        venueReports(orderId, ExecType.PARTIAL_FILL, 150, px("100.00"), 150);
        assertEquals(0, counters.overfills().get());

        lifecycle.onCancelReject(orderId, orders.replaceRequestId(slot(orderId)), RejectReason.NONE,
            replaceRefusedText);
        assertEquals(1, counters.overfills().get(), "the venue did not apply the replace: 50 were an overfill");
        assertEquals(OrdStatus.FILLED, orders.status(slot(orderId)));
        assertEquals(150, risk.position(ACC1, AAPL));
        assertReserved(10, px("1000.00"), 1);
        assertTrue(orders.isWorking(slot(other)));
        final ReportCollector.Execution closed = lastExecution();
        assertEquals(ExecType.RESTATED, closed.execType(), "nothing traded now: no FILL of 0");
        assertEquals(OrdStatus.FILLED, closed.ordStatus());
        assertEquals(0, closed.lastQty(), "no new quantity: the fill was reported already");
        assertEquals(150, closed.cumQty());
        assertEquals(100, closed.quantity(), "the order's own quantity, not the raise's its fill report said");
        assertEquals(0, closed.leavesQty());
        assertTrue(closed.text().contains("refused the replace"), closed.text());
        final ReportCollector.CancelRejected refused = lastCancelReject();
        assertEquals(CancelRejectResponseTo.REPLACE, refused.responseTo());
        assertEquals(830, refused.clOrdId());
        assertEquals(OrdStatus.FILLED, refused.ordStatus());
        assertEquals(0, risk.bookkeepingAnomalies());

        // A later fill of the done order with nothing new, and the other order filled: nothing released twice.
        venueReports(orderId, ExecType.FILL, 150, px("100.00"), 150);
        venueReports(other, ExecType.FILL, 10, px("100.00"), 10);
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    /**
     * Random cumulative quantities around the boundaries (the order's 100, the pending replace's 200), random venue
     * answers to the replace, against a model of the rule (hft-core README, overfills): after every step risk holds
     * exactly the order's open reservation, and every overfill is counted once.
     */
    @Test
    void randomFillsAroundAPendingRaiseKeepTheReservationExactAndCountEachOverfillOnce()
    {
        final Random random = new Random(20_261_207L);
        final int[] boundaries = { 99, 100, 101, 150, 199, 200, 201, 250 };
        long overfills = 0;
        for (int round = 0; round < 300; round++)
        {
            logicClock.time(logicClock.nanoTime() + 1_000_000_000L); // clear of the order-rate throttle
            final long orderId = raisingTo200(round % 2 == 0 ? Side.BUY : Side.SELL, 100_000 + round);
            final int slot = slot(orderId);
            long quantity = 100;
            long cumQty = boundaries[random.nextInt(boundaries.length)];
            venueReports(orderId, ExecType.PARTIAL_FILL, cumQty, px("100.00"), cumQty);
            overfills += cumQty > 200 ? 1 : 0;
            // Up to the replace's quantity (the order's own 100 included) it waits for the venue's answer.
            boolean working = cumQty <= 200;
            assertModel(round, slot, working, 200, cumQty, overfills);
            if (working)
            {
                final long requestId = orders.replaceRequestId(slot);
                if (random.nextBoolean())
                {
                    lifecycle.onExecution(orderId, ExecType.REPLACED, requestId, 0, 0, 0, NO_AVG_PX,
                        RejectReason.NONE, NO_TEXT);
                    quantity = 200;
                }
                else
                {
                    lifecycle.onCancelReject(orderId, requestId, RejectReason.NONE, NO_TEXT);
                    overfills += cumQty > 100 ? 1 : 0;
                }
                working = cumQty < quantity;
                assertModel(round, slot, working, quantity, cumQty, overfills);
            }
            if (working)
            {
                cumQty += 1 + random.nextInt(120);
                venueReports(orderId, ExecType.FILL, cumQty - orders.cumQty(slot), px("100.00"), cumQty);
                overfills += cumQty > quantity ? 1 : 0;
                working = cumQty < quantity;
                assertModel(round, slot, working, quantity, cumQty, overfills);
            }
            if (working)
            {
                lifecycle.onExecution(orderId, ExecType.CANCELED, 0, 0, 0, 0, NO_AVG_PX, RejectReason.NONE, NO_TEXT);
                assertModel(round, slot, false, quantity, cumQty, overfills);
            }
        }
        assertTrue(overfills > 50, "the boundaries were crossed often: " + overfills);
    }

    private void assertModel(
        final int round,
        final int slot,
        final boolean working,
        final long reservedQty,
        final long cumQty,
        final long overfills)
    {
        final String where = "round " + round;
        assertEquals(working, orders.isWorking(slot), where + ": working");
        assertEquals(cumQty, orders.cumQty(slot), where + ": cumQty");
        final long open = working ? Math.max(0, reservedQty - cumQty) : 0;
        assertReserved(open, open * px("100.00"), working ? 1 : 0);
        assertEquals(overfills, counters.overfills().get(), where + ": overfills");
        assertEquals(0, risk.bookkeepingAnomalies(), where);
    }

    @Test
    void rejectsReserveNothingAndTellTheClientWhy()
    {
        lifecycle.accept(CLIENT, ++clOrdId, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, px("100.00"),
            501, 1);
        assertEquals(RejectReason.QUANTITY_ABOVE_MAX, lastExecution().rejectReason());
        assertEquals(0, lastExecution().orderId());
        assertEquals(0, orders.workingCount());
        assertReserved(0, 0, 0);

        final long orderId = accept(Side.BUY, px("100.00"), 100);
        venueReports(orderId, ExecType.REJECTED, 0, 0, 0);
        assertEquals(OrdStatus.REJECTED, orders.status(slot(orderId)));
        assertEquals(RejectReason.VENUE_REJECT, lastExecution().rejectReason());
        assertReserved(0, 0, 0);

        lifecycle.cancel(CLIENT, 900, 0, 999_999, ACC1, 1);
        assertEquals(RejectReason.UNKNOWN_ORDER, lastCancelReject().rejectReason());
        lifecycle.cancel(CLIENT, 901, 0, orderId, ACC1, 1);
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, lastCancelReject().rejectReason());

        final long working = accept(Side.BUY, px("100.00"), 100);
        lifecycle.cancel(OTHER_CLIENT, 902, 0, working, ACC1, 1);
        assertEquals(RejectReason.NOT_AUTHORISED, lastCancelReject().rejectReason());
        venueReports(working, ExecType.PARTIAL_FILL, 30, px("100.00"), 30);
        lifecycle.replace(CLIENT, 903, 0, working, ACC1, px("100.00"), 30, 1);
        assertEquals(RejectReason.INVALID_REPLACE, lastCancelReject().rejectReason(), "not above the filled 30");
        lifecycle.replace(CLIENT, 904, 0, working, ACC1, px("120.00"), 100, 1);
        assertEquals(RejectReason.PRICE_OUTSIDE_COLLAR, lastCancelReject().rejectReason());
        lifecycle.cancel(CLIENT, 905, 0, working, ACC1, 1);
        lifecycle.replace(CLIENT, 906, 0, working, ACC1, px("100.00"), 120, 1);
        assertEquals(RejectReason.REQUEST_PENDING, lastCancelReject().rejectReason());
        assertReserved(70, px("7000.00"), 1);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aVenuesTextIsTheTextOfTheRejectItCausesAndWithoutOneTheReasonsName()
    {
        final long unlisted = accept(Side.BUY, PX_100, 10);
        lifecycle.onExecution(unlisted, ExecType.REJECTED, 0, 0, 0, 0, NO_AVG_PX, RejectReason.NONE,
            text("unknown symbol MSFT"));
        assertEquals(RejectReason.VENUE_REJECT, lastExecution().rejectReason());
        assertEquals(OrdStatus.REJECTED, lastExecution().ordStatus());
        assertEquals("unknown symbol MSFT", lastExecution().text());

        final long silent = accept(Side.BUY, PX_100, 10);
        venueReports(silent, ExecType.REJECTED, 0, 0, 0);
        assertEquals("VENUE_REJECT", lastExecution().text(), "no venue text: the reason's name, as before");

        final long working = accept(Side.BUY, PX_100, 100);
        lifecycle.replace(CLIENT, 1_001, 0, working, ACC1, PX_100_10, 120, 1);
        lifecycle.onCancelReject(working, orders.replaceRequestId(slot(working)), RejectReason.NONE,
            text("price band: 100.10 is beyond 100.05"));
        CancelRejected refused = lastCancelReject();
        assertEquals(CancelRejectResponseTo.REPLACE, refused.responseTo());
        assertEquals(RejectReason.VENUE_REJECT, refused.rejectReason());
        assertEquals(1_001, refused.clOrdId());
        assertEquals("price band: 100.10 is beyond 100.05", refused.text());

        // A cancel the venue answers with a rejected execution (requestId set) is refused with the venue's text too.
        lifecycle.cancel(CLIENT, 1_002, 0, working, ACC1, 1);
        lifecycle.onExecution(working, ExecType.REJECTED, orders.cancelRequestId(slot(working)), 0, 0, 0, NO_AVG_PX,
            RejectReason.THROTTLED, text("too many requests of this account waiting for the venue session"));
        refused = lastCancelReject();
        assertEquals(CancelRejectResponseTo.CANCEL, refused.responseTo());
        assertEquals(RejectReason.THROTTLED, refused.rejectReason());
        assertEquals(1_002, refused.clOrdId());
        assertEquals("too many requests of this account waiting for the venue session", refused.text());

        lifecycle.cancel(CLIENT, 1_003, 0, working, ACC1, 1);
        lifecycle.onCancelReject(working, orders.cancelRequestId(slot(working)), RejectReason.TOO_LATE_TO_CANCEL,
            NO_TEXT);
        assertEquals("TOO_LATE_TO_CANCEL", lastCancelReject().text(), "no venue text: the reason's name, as before");

        assertEquals(OrdStatus.PENDING_NEW, orders.status(slot(working)), "refusals leave the order as it was");
        assertReserved(100, px("10000.00"), 1);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @ParameterizedTest
    @CsvSource({"CANCELED, canceled by the exchange: trading halt", "EXPIRED, end of session"})
    void aVenuesTextOnAnUnsolicitedCancelOrAnExpiryReachesTheOwner(final ExecType execType, final String venueText)
    {
        final long orderId = acknowledged(Side.BUY, PX_100, 10);
        lifecycle.onExecution(orderId, execType, 0, 0, 0, 0, NO_AVG_PX, RejectReason.NONE, text(venueText));
        assertEquals(execType, lastExecution().execType());
        assertEquals(venueText, lastExecution().text());

        final long silent = acknowledged(Side.BUY, PX_100, 10);
        venueReports(silent, execType, 0, 0, 0);
        assertEquals("", lastExecution().text(), "no venue text: none, as before");
        assertReserved(0, 0, 0);
    }

    @Test
    void statusReportsAWorkingOrderAsItStandsUnderItsCurrentIdAndChangesNothing()
    {
        final long orderId = accept(Side.BUY, px("100.00"), 100);
        final long rootClOrdId = orders.clOrdId(slot(orderId));
        lifecycle.status(CLIENT, 0, orderId, ACC1, 5);
        assertStatus(lastExecution(), rootClOrdId, orderId, OrdStatus.PENDING_NEW, 0, 100, 0);

        venueReports(orderId, ExecType.NEW, 0, 0, 0);
        venueReports(orderId, ExecType.PARTIAL_FILL, 40, px("99.50"), 40);
        lifecycle.status(CLIENT, rootClOrdId, 0, ACC1, 6); // found by (account, client order id)
        final ReportCollector.Execution partial = lastExecution();
        assertStatus(partial, rootClOrdId, orderId, OrdStatus.PARTIALLY_FILLED, 40, 60, px("99.50"));
        assertEquals(px("100.00"), partial.price());
        assertEquals(100, partial.quantity());
        assertEquals(0, partial.lastQty(), "a status is no execution");

        // A confirmed replace gives the order its new id; a pending cancel stays pending through a status.
        lifecycle.replace(CLIENT, 700, 0, orderId, ACC1, px("100.10"), 90, 7);
        lifecycle.onExecution(
            orderId, ExecType.REPLACED, orders.replaceRequestId(slot(orderId)), 0, 0, 0, NO_AVG_PX, RejectReason.NONE,
                NO_TEXT);
        lifecycle.cancel(CLIENT, 701, 0, orderId, ACC1, 8);
        final long cancelRequest = orders.cancelRequestId(slot(orderId));
        final long requestsBefore = venueRequestsSent();
        final long anomaliesBefore = risk.bookkeepingAnomalies();
        lifecycle.status(CLIENT, rootClOrdId, orderId, ACC1, 9);
        final ReportCollector.Execution replaced = lastExecution();
        assertStatus(replaced, 700, orderId, OrdStatus.PARTIALLY_FILLED, 40, 50, px("99.50"));
        assertEquals(px("100.10"), replaced.price());
        assertEquals(90, replaced.quantity());
        assertEquals(cancelRequest, orders.cancelRequestId(slot(orderId)), "the cancel is still pending");
        assertEquals(requestsBefore, venueRequestsSent(), "nothing sent to the venue");
        assertReserved(50, px("5005.00"), 1);
        assertEquals(anomaliesBefore, risk.bookkeepingAnomalies());
        assertEquals(0, reports.cancelRejects.size());
    }

    @Test
    void statusReportsADoneOrderTheTableStillHolds()
    {
        final long orderId = partiallyFilled(Side.SELL, px("100.00"), 30, px("100.00"));
        venueReports(orderId, ExecType.FILL, 70, px("100.20"), 100);
        lifecycle.status(CLIENT, 0, orderId, ACC1, 5);
        assertStatus(lastExecution(), orders.clOrdId(slot(orderId)), orderId, OrdStatus.FILLED, 100, 0,
            px("100.14"));
        assertReserved(0, 0, 0);
    }

    @Test
    void statusOfAnOrderTheClientCannotSeeSaysRejectedAndNothingOfTheOrder()
    {
        final long orderId = accept(Side.BUY, px("100.00"), 100);
        final long ownClOrdId = orders.clOrdId(slot(orderId));
        venueReports(orderId, ExecType.PARTIAL_FILL, 40, px("99.50"), 40);

        lifecycle.status(CLIENT, 0, 999_999, ACC1, 5);
        assertUnknown(lastExecution(), CLIENT, 0, 999_999, RejectReason.UNKNOWN_ORDER);
        lifecycle.status(CLIENT, 424_242, 0, ACC1, 5);
        assertUnknown(lastExecution(), CLIENT, 424_242, 0, RejectReason.UNKNOWN_ORDER);
        // The order of another account, named by its order id: as if unknown.
        lifecycle.status(CLIENT, 0, orderId, DemoUniverse.ACC2, 5);
        assertUnknown(lastExecution(), CLIENT, 0, orderId, RejectReason.UNKNOWN_ORDER);
        // Another (not admin) client: refused, as a cancel would be, and told nothing of the order.
        lifecycle.status(OTHER_CLIENT, ownClOrdId, 0, ACC1, 5);
        assertUnknown(lastExecution(), OTHER_CLIENT, ownClOrdId, 0, RejectReason.NOT_AUTHORISED);
        assertEquals(0, reports.cancelRejects.size());
    }

    /**
     * An order replaced from {@code superseded} to {@code current} and named by {@code superseded} (a cancel that
     * crossed the replace's confirmation, a client one replace behind): the order, as it is now.
     */
    @Test
    void aCancelNamingTheClientOrderIdTheOrderHadBeforeItsReplaceCancelsTheOrder()
    {
        final long orderId = acknowledged(Side.BUY, px("100.00"), 100);
        final long superseded = confirmedReplace(orderId, 900, px("100.10"), 80);

        lifecycle.cancel(CLIENT, 901, superseded, 0, ACC1, 8);
        assertEquals(0, drainedCancelRejects(), "not refused as unknown");
        final long cancelRequest = orders.cancelRequestId(slot(orderId));
        assertTrue(cancelRequest > 0, "forwarded to the venue");
        lifecycle.onExecution(orderId, ExecType.CANCELED, cancelRequest, 0, 0, 0, NO_AVG_PX, RejectReason.NONE,
            NO_TEXT);
        final ReportCollector.Execution canceled = lastExecution();
        assertEquals(ExecType.CANCELED, canceled.execType());
        assertEquals(901, canceled.clOrdId());
        assertEquals(900, canceled.origClOrdId(), "the order's current client order id");
        assertEquals(orderId, canceled.orderId());
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aReplaceOrStatusNamingTheClientOrderIdTheOrderHadBeforeItsReplaceActsOnTheOrderAsItIsNow()
    {
        final long orderId = partiallyFilled(Side.BUY, px("100.00"), 20, px("100.00"));
        final long superseded = confirmedReplace(orderId, 910, px("100.10"), 90);

        lifecycle.status(CLIENT, superseded, 0, ACC1, 8);
        assertStatus(lastExecution(), 910, orderId, OrdStatus.PARTIALLY_FILLED, 20, 70, px("100.00"));

        lifecycle.replace(CLIENT, 911, superseded, 0, ACC1, px("100.20"), 95, 9);
        assertTrue(orders.replaceRequestId(slot(orderId)) > 0, "forwarded to the venue");
        lifecycle.onExecution(orderId, ExecType.REPLACED, orders.replaceRequestId(slot(orderId)), 0, 0, 0, NO_AVG_PX,
            RejectReason.NONE, NO_TEXT);
        final ReportCollector.Execution replaced = lastExecution();
        assertEquals(ExecType.REPLACED, replaced.execType());
        assertEquals(911, replaced.clOrdId());
        assertEquals(910, replaced.origClOrdId());
        assertEquals(95, orders.quantity(slot(orderId)));
        assertEquals(0, drainedCancelRejects());
        // Only the id before the last replace is kept: two replaces back, the order is no longer found by it.
        lifecycle.status(CLIENT, superseded, 0, ACC1, 10);
        assertUnknown(lastExecution(), CLIENT, superseded, 0, RejectReason.UNKNOWN_ORDER);
        lifecycle.status(CLIENT, 910, 0, ACC1, 11);
        assertStatus(lastExecution(), 911, orderId, OrdStatus.PARTIALLY_FILLED, 20, 75, px("100.00"));
        assertReserved(75, px("7515.00"), 1);
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void aDoneOrderNamedByItsCurrentOrItsSupersededClientOrderIdIsTooLateToCancelWithItsRealStatus()
    {
        final long orderId = acknowledged(Side.SELL, px("100.00"), 100);
        final long superseded = confirmedReplace(orderId, 920, px("100.00"), 60);
        venueReports(orderId, ExecType.FILL, 60, px("100.00"), 60);
        assertEquals(OrdStatus.FILLED, orders.status(slot(orderId)));

        final long[][] named = {{superseded, 0}, {920, 0}, {0, orderId}};
        long requestClOrdId = 921;
        for (final long[] name : named)
        {
            for (final CancelRejectResponseTo responseTo : CancelRejectResponseTo.values())
            {
                if (CancelRejectResponseTo.NULL_VAL == responseTo)
                {
                    continue;
                }
                if (CancelRejectResponseTo.CANCEL == responseTo)
                {
                    lifecycle.cancel(CLIENT, ++requestClOrdId, name[0], name[1], ACC1, 8);
                }
                else
                {
                    lifecycle.replace(CLIENT, ++requestClOrdId, name[0], name[1], ACC1, px("100.00"), 70, 8);
                }
                final ReportCollector.CancelRejected tooLate = lastCancelReject();
                final String what = responseTo + " naming " + name[0] + "/" + name[1];
                assertEquals(requestClOrdId, tooLate.clOrdId(), what);
                assertEquals(responseTo, tooLate.responseTo(), what);
                assertEquals(RejectReason.TOO_LATE_TO_CANCEL, tooLate.rejectReason(), what);
                assertEquals(OrdStatus.FILLED, tooLate.ordStatus(), what);
                assertEquals(orderId, tooLate.orderId(), what);
                assertEquals(name[0], tooLate.origClOrdId(), "as named: " + what);
            }
        }
        lifecycle.status(CLIENT, superseded, 0, ACC1, 9);
        assertStatus(lastExecution(), 920, orderId, OrdStatus.FILLED, 60, 0, px("100.00"));

        // Truly unknown ids, and the superseded id under another account, keep their answer: unknown, no state.
        lifecycle.cancel(CLIENT, ++requestClOrdId, 424_242, 0, ACC1, 10);
        final ReportCollector.CancelRejected unknown = lastCancelReject();
        assertEquals(RejectReason.UNKNOWN_ORDER, unknown.rejectReason());
        assertEquals(OrdStatus.REJECTED, unknown.ordStatus());
        assertEquals(0, unknown.orderId());
        lifecycle.cancel(CLIENT, ++requestClOrdId, superseded, 0, DemoUniverse.ACC2, 10);
        assertEquals(RejectReason.UNKNOWN_ORDER, lastCancelReject().rejectReason());
        lifecycle.status(CLIENT, superseded, 0, DemoUniverse.ACC2, 11);
        assertUnknown(lastExecution(), CLIENT, superseded, 0, RejectReason.UNKNOWN_ORDER);
        assertEquals(2, venueRequestsSent(), "the new order and the replace, nothing for the refused requests");
    }

    @Test
    void aKillSwitchCancelRefusedVenueUnavailableIsSentAgainWhenTheVenueSessionIsBackAndTheOrdersEndCanceled()
    {
        final long first = acknowledged(Side.BUY, px("100.00"), 10);
        final long second = acknowledged(Side.SELL, px("100.00"), 20);
        lifecycle.sessions().onStatus(1, VenueStatus.DISCONNECTED); // logged out
        lifecycle.onVenueSessionStatus(1);
        final long before = venueRequestsSent();

        assertEquals(2, killAccountCancellingWorking(), "two working orders in scope, cancel requests sent");
        assertEquals(before + 2, venueRequestsSent());
        refuseKillCancel(first, RejectReason.VENUE_UNAVAILABLE);
        refuseKillCancel(second, RejectReason.VENUE_UNAVAILABLE);
        assertEquals(2, counters.killSwitchCancelsRefused().get());
        assertEquals(0, drainedCancelRejects(), "the kill switch's own cancels have no client to tell");
        assertEquals(2, orders.killCovered(), "still working, covered by the kill switch");

        // Still logged out: a status of the session that does not admit orders sends nothing, nor another venue's.
        lifecycle.sessions().onStatus(1, VenueStatus.DISCONNECTED);
        lifecycle.onVenueSessionStatus(1);
        lifecycle.sessions().onStatus(2, VenueStatus.CONNECTED);
        lifecycle.onVenueSessionStatus(2);
        assertEquals(before + 2, venueRequestsSent());

        lifecycle.sessions().onStatus(1, VenueStatus.CONNECTED); // logged on again
        lifecycle.onVenueSessionStatus(1);
        assertEquals(before + 4, venueRequestsSent(), "both cancels sent again");
        cancelConfirmed(first);
        cancelConfirmed(second);
        assertEquals(0, orders.workingCount());
        assertEquals(0, orders.killCovered());
        assertReserved(0, 0, 0);
    }

    @Test
    void killSwitchCancelsRefusedThrottledFollowTheVenuesLaterReportsOneEachUntilEveryOrderIsCanceled()
    {
        final long[] orderIds = new long[8];
        for (int i = 0; i < orderIds.length; i++)
        {
            orderIds[i] = acknowledged(Side.BUY, px("100.00"), 10);
        }
        final long before = venueRequestsSent();
        assertEquals(orderIds.length, killAccountCancellingWorking());
        // The account's queue at the venue took five: the last three are refused THROTTLED.
        for (int i = 5; i < orderIds.length; i++)
        {
            refuseKillCancel(orderIds[i], RejectReason.THROTTLED);
        }
        assertEquals(3, counters.killSwitchCancelsRefused().get());
        assertEquals(before + 8, venueRequestsSent());

        // Each report of the venue frees a place: one owed cancel follows it.
        for (int i = 0; i < 5; i++)
        {
            cancelConfirmed(orderIds[i]);
            assertEquals(before + 8 + Math.min(i + 1, 3), venueRequestsSent(), "after report " + i);
        }
        for (int i = 5; i < orderIds.length; i++)
        {
            cancelConfirmed(orderIds[i]);
        }
        assertEquals(0, orders.workingCount(), "every order in scope canceled");
        assertEquals(0, orders.killCovered());
    }

    @Test
    void killSwitchCancelsTimedOutOrNeverDeliveredWhileTheCircuitIsOpenAreSentAgainWhenItHalfOpens()
    {
        final long[] killed = twoOrdersKilled();
        final long frozen = killed[0];
        final long gapFilled = killed[1];
        // The venue froze while logged on: one cancel times out, the other was gap-filled at a resend (not
        // delivered, refused VENUE_TIMEOUT by the adapter); then the circuit opens.
        refuseKillCancel(frozen, RejectReason.VENUE_TIMEOUT);
        final int slot = slot(gapFilled);
        lifecycle.onExecution(gapFilled, ExecType.REJECTED, orders.cancelRequestId(slot), 0, 0, 0, NO_AVG_PX,
            RejectReason.VENUE_TIMEOUT, text("the cancel did not reach the venue"));
        assertEquals(0, orders.cancelRequestId(slot), "refused, not pending");
        lifecycle.sessions().onStatus(1, VenueStatus.CIRCUIT_OPEN);
        lifecycle.onVenueSessionStatus(1);
        final long before = venueRequestsSent();

        // A status answer while the circuit is open (the order still NEW there) sends nothing.
        venueReports(frozen, ExecType.NEW, 0, 0, 0);
        assertEquals(before, venueRequestsSent());

        // Half open: one probe cancel (the venue may still be frozen); its answer sends the next.
        lifecycle.sessions().onStatus(1, VenueStatus.CIRCUIT_HALF_OPEN);
        lifecycle.onVenueSessionStatus(1);
        assertEquals(before + 1, venueRequestsSent(), "one probe on CIRCUIT_HALF_OPEN");
        cancelConfirmed(frozen);
        assertEquals(before + 2, venueRequestsSent(), "the probe's answer sends the next");
        cancelConfirmed(gapFilled);
        assertEquals(0, orders.workingCount());
    }

    @Test
    void aClientsCancelPendingWhenTheKillSwitchCameIsCoveredAndSentAgainAsTheKillSwitchsOnceRefused()
    {
        final long orderId = acknowledged(Side.BUY, px("100.00"), 10);
        lifecycle.cancel(CLIENT, 700, 0, orderId, ACC1, 7);
        final long before = venueRequestsSent();
        assertEquals(1, killAccountCancellingWorking(), "covered, its own cancel pending");
        assertEquals(before, venueRequestsSent(), "no second cancel while one is pending");

        refuseKillCancel(orderId, RejectReason.VENUE_UNAVAILABLE);
        assertEquals(700, lastCancelReject().clOrdId(), "the client is told its cancel was refused");
        assertEquals(1, counters.killSwitchCancelsRefused().get());
        lifecycle.sessions().onStatus(1, VenueStatus.CONNECTED);
        lifecycle.onVenueSessionStatus(1);
        assertEquals(before + 1, venueRequestsSent(), "sent again as the kill switch's");
        assertEquals(0, orders.cancelClOrdId(slot(orderId)));
        cancelConfirmed(orderId);
        assertEquals(OrdStatus.CANCELED, lastExecution().ordStatus());
        assertEquals(orders.clOrdId(slot(orderId)), lastExecution().clOrdId(), "under the order's own ids");
    }

    @Test
    void aKillSwitchCancelTheVenueRefusesTooLateIsNotSentAgainNorAnyOnceTheKillSwitchIsLifted()
    {
        final long[] killed = twoOrdersKilled();
        final long tooLate = killed[0];
        final long lifted = killed[1];
        refuseKillCancel(tooLate, RejectReason.TOO_LATE_TO_CANCEL);
        refuseKillCancel(lifted, RejectReason.VENUE_UNAVAILABLE);
        final long before = venueRequestsSent();
        lifecycle.onVenueSessionStatus(1);
        assertEquals(before + 1, venueRequestsSent(), "only the one refused VENUE_UNAVAILABLE is sent again");
        assertTrue(0 == orders.cancelRequestId(slot(tooLate)), "the venue said it is too late: its fill will come");
        refuseKillCancel(lifted, RejectReason.VENUE_UNAVAILABLE);

        risk.resumeAccount(ACC1);
        lifecycle.onKillSwitchLifted();
        assertEquals(0, orders.killCovered(), "no kill switch covers them any more");
        lifecycle.onVenueSessionStatus(1);
        venueReports(lifted, ExecType.NEW, 0, 0, 0);
        assertEquals(before + 1, venueRequestsSent(), "nothing sent again once the kill switch is lifted");
        venueReports(tooLate, ExecType.FILL, 10, px("100.00"), 10);
        assertTrue(orders.isWorking(slot(lifted)));
    }

    @Test
    void oneVenueReportAttemptsAtMostOneOwedKillSwitchCancelWhenTheVenueStreamRefuses() throws Exception
    {
        final long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = acknowledged(Side.BUY, px("100.00"), 10);
        }
        assertEquals(5, killAccountCancellingWorking());
        for (final long id : ids)
        {
            refuseKillCancel(id, RejectReason.THROTTLED);
        }
        assertEquals(5, counters.killSwitchCancelsRefused().get());
        venueOut.close(); // the venue adapter's subscription goes: offers answer NOT_CONNECTED
        Thread.sleep(1500);
        venueReports(ids[0], ExecType.NEW, 0, 0, 0);
        assertEquals(6, counters.killSwitchCancelsRefused().get(), "one report, one attempt (KILL_CANCELS_PER_REPORT)");
        lifecycle.sessions().onStatus(1, VenueStatus.CONNECTED);
        lifecycle.onVenueSessionStatus(1);
        assertEquals(7, counters.killSwitchCancelsRefused().get(), "a refused publication ends the session event's");
    }

    @Test
    void anOrderAckedAfterItsKillSwitchCancelWasRefusedUnknownIsCancelledAgain()
    {
        final long inFlight = accept(Side.BUY, px("100.00"), 10); // PENDING_NEW: the venue has not acked it yet
        final long other = acknowledged(Side.BUY, px("100.00"), 10);
        assertEquals(2, killAccountCancellingWorking());
        final long before = venueRequestsSent();
        refuseKillCancel(inFlight, RejectReason.UNKNOWN_ORDER); // the cancel overtook the new order at the venue
        venueReports(inFlight, ExecType.NEW, 0, 0, 0); // then the venue acks it: it rests there
        assertEquals(before + 1, venueRequestsSent(), "the acked order the kill switch covers is cancelled again");
        cancelConfirmed(inFlight);
        cancelConfirmed(other);
        assertEquals(0, orders.workingCount());
    }

    @Test
    void aKillSwitchCancelSettledUnknownIsOwedAgainWhenTheVenueReportsTheOrderStillWorking()
    {
        final long[] killed = twoOrdersKilled();
        final long raced = killed[0];
        final long before = venueRequestsSent();
        refuseKillCancel(raced, RejectReason.UNKNOWN_ORDER); // acked: settled, its report should close it
        cancelConfirmed(killed[1]);
        assertEquals(before, venueRequestsSent(), "settled: not sent again");
        venueReports(raced, ExecType.PARTIAL_FILL, 4, px("100.00"), 4); // but it still works there
        assertEquals(before + 1, venueRequestsSent(), "owed again, sent");
        cancelConfirmed(raced);
    }

    @Test
    void aVenueOwingKillSwitchCancelsSendsNoneWhileItsSessionRefusesOrdersAndAllOnConnected()
    {
        final long[] killed = twoOrdersKilled();
        refuseKillCancel(killed[0], RejectReason.VENUE_UNAVAILABLE);
        refuseKillCancel(killed[1], RejectReason.VENUE_UNAVAILABLE);
        lifecycle.sessions().onStatus(1, VenueStatus.DISCONNECTED);
        lifecycle.onVenueSessionStatus(1);
        final long before = venueRequestsSent();
        venueReports(killed[0], ExecType.NEW, 0, 0, 0);
        assertEquals(before, venueRequestsSent());
        lifecycle.sessions().onStatus(1, VenueStatus.CONNECTED);
        lifecycle.onVenueSessionStatus(1);
        assertEquals(before + 2, venueRequestsSent(), "both sent on CONNECTED");
    }

    @Test
    void killSwitchRefusalWarningsAreCutToTenASecondAndTheNextSaysHowManyWereLeftOutWhileTheCounterCountsAll()
    {
        final int linesPerSecond = 10; // FillWarnings.LINES_PER_WINDOW; also ACC1's maxOpenOrders here
        final long[] ids = new long[linesPerSecond];
        for (int i = 0; i < ids.length; i++)
        {
            logicClock.time(logicClock.nanoTime() + 1_000_000_000L); // clear of the order-rate throttle
            ids[i] = acknowledged(0 == i % 2 ? Side.BUY : Side.SELL, px("100.00"), 1);
        }
        assertEquals(ids.length, killAccountCancellingWorking());
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try
        {
            for (final long id : ids)
            {
                refuseKillCancel(id, RejectReason.VENUE_UNAVAILABLE);
            }
            lifecycle.cancelWorking(false, ACC1, 0); // a kill switch again, the same second: 3 more refusals
            for (int i = 0; i < 3; i++)
            {
                refuseKillCancel(ids[i], RejectReason.VENUE_UNAVAILABLE);
            }
            logicClock.time(logicClock.nanoTime() + 1_000_000_000L); // the next second
            refuseKillCancel(ids[3], RejectReason.VENUE_UNAVAILABLE);
        }
        finally
        {
            System.setErr(stderr);
        }
        final String lines = log.toString(StandardCharsets.UTF_8);
        assertEquals(linesPerSecond + 1, lines.split("kill switch: the cancel of order", -1).length - 1, lines);
        assertTrue(lines.contains("(3 more of these left out of the log before this one)"), lines);
        assertEquals(ids.length + 4, counters.killSwitchCancelsRefused().get(), "the counter counts every refusal");
    }

    /** @return two acknowledged orders of 10, ACC1's kill switch on cancelling them (their cancels pending). */
    private long[] twoOrdersKilled()
    {
        final long[] orderIds = {acknowledged(Side.BUY, px("100.00"), 10), acknowledged(Side.BUY, px("100.00"), 10)};
        assertEquals(2, killAccountCancellingWorking());
        return orderIds;
    }

    /** Switches ACC1's kill switch on and cancels its working orders, as AdminCommands does. */
    private int killAccountCancellingWorking()
    {
        assertTrue(risk.killAccount(ACC1));
        return lifecycle.cancelWorking(false, ACC1, 0);
    }

    /** The venue (or its adapter) refuses the order's pending cancel. */
    private void refuseKillCancel(final long orderId, final RejectReason reason)
    {
        final long requestId = orders.cancelRequestId(slot(orderId));
        assertTrue(0 != requestId, "a cancel pending for order " + orderId);
        lifecycle.onCancelReject(orderId, requestId, reason, NO_TEXT);
        assertEquals(0, orders.cancelRequestId(slot(orderId)));
    }

    /** The venue confirms the order's pending cancel. */
    private void cancelConfirmed(final long orderId)
    {
        final long requestId = orders.cancelRequestId(slot(orderId));
        assertTrue(0 != requestId, "a cancel pending for order " + orderId);
        lifecycle.onExecution(orderId, ExecType.CANCELED, requestId, 0, 0, 0, NO_AVG_PX, RejectReason.NONE, NO_TEXT);
        assertEquals(OrdStatus.CANCELED, orders.status(slot(orderId)));
    }

    /**
     * Replaces the order (client CLIENT, ACC1) to {@code newClOrdId} at the new terms and the venue confirms it.
     *
     * @return the client order id the replace superseded.
     */
    private long confirmedReplace(final long orderId, final long newClOrdId, final long price, final long quantity)
    {
        final long superseded = orders.clOrdId(slot(orderId));
        lifecycle.replace(CLIENT, newClOrdId, 0, orderId, ACC1, price, quantity, 7);
        lifecycle.onExecution(orderId, ExecType.REPLACED, orders.replaceRequestId(slot(orderId)), 0, 0, 0, NO_AVG_PX,
            RejectReason.NONE, NO_TEXT);
        assertEquals(newClOrdId, orders.clOrdId(slot(orderId)), "replaced");
        return superseded;
    }

    private int drainedCancelRejects()
    {
        drainReports();
        return reports.cancelRejects.size();
    }

    private static void assertStatus(
        final ReportCollector.Execution report, final long clOrdId, final long orderId, final OrdStatus ordStatus,
        final long cumQty, final long leavesQty, final long avgPx)
    {
        assertEquals(ExecType.ORDER_STATUS, report.execType());
        assertEquals(CLIENT, report.clientId());
        assertEquals(clOrdId, report.clOrdId());
        assertEquals(orderId, report.orderId());
        assertEquals(ordStatus, report.ordStatus());
        assertEquals(RejectReason.NONE, report.rejectReason());
        assertEquals(cumQty, report.cumQty(), "cumQty");
        assertEquals(leavesQty, report.leavesQty(), "leavesQty");
        assertEquals(avgPx, report.avgPx(), "avgPx");
        assertEquals(ACC1, report.account());
        assertEquals(AAPL, report.symbol());
    }

    private static void assertUnknown(
        final ReportCollector.Execution report, final int clientId, final long clOrdId, final long orderId,
        final RejectReason reason)
    {
        assertEquals(ExecType.ORDER_STATUS, report.execType());
        assertEquals(OrdStatus.REJECTED, report.ordStatus());
        assertEquals(reason, report.rejectReason());
        assertEquals(clientId, report.clientId());
        assertEquals(clOrdId, report.clOrdId());
        assertEquals(orderId, report.orderId());
        assertEquals(0, report.cumQty());
        assertEquals(0, report.leavesQty());
        assertEquals(0, report.quantity());
        assertEquals(0, report.symbol(), "nothing of the order");
    }

    private static DirectBuffer text(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void newOrdersAckFillsReplacesStatusRequestsAndCancelsAllocateNothingAfterWarmUp()
    {
        final FragmentHandler ignore = (buffer, offset, length, header) -> {};
        for (int i = 0; i < 20_000; i++)
        {
            cycle(i, ignore);
        }
        ThreadAllocation.ofCurrentThread().assertSomeWindowAllocatesNothing("10,000 order lifecycles", 50, () ->
        {
            for (int i = 0; i < 10_000; i++)
            {
                cycle(i, ignore);
            }
        });
        assertReserved(0, 0, 0);
        assertEquals(0, risk.bookkeepingAnomalies());
        assertEquals(0, orders.workingCount());
    }

    /**
     * One order through every step: accept, ack, partial fill, a fill that closes a gap (priced from the venue's
     * avgPx), replace (confirmed), replace (refused with the venue's text), status requests (the order's, by its
     * superseded client order id, an unknown one's), a cancel that books a lost fill; a market order whose expiry
     * books a fill the venue gave no price for; and one the venue rejects with its text.
     */
    private void cycle(final int i, final FragmentHandler ignore)
    {
        logicClock.time(logicClock.nanoTime() + 1_000_000);
        final Side side = (i & 1) == 0 ? Side.BUY : Side.SELL;
        final long id = ++clOrdId;
        lifecycle.accept(CLIENT, id, ACC1, AAPL, side, OrdType.LIMIT, TimeInForce.DAY, PX_100, 100, 1);
        final int slot = orders.slotByClientOrderId(ACC1, id);
        final long orderId = orders.orderId(slot);
        venueReports(orderId, ExecType.NEW, 0, 0, 0);
        venueReports(orderId, ExecType.PARTIAL_FILL, 10, PX_100, 10);
        // A fill that closes a gap (10 reported, cum 30): the missing 20 priced from the venue's average.
        venueReports(orderId, ExecType.PARTIAL_FILL, 10, PX_100_20, 30, PX_100_10);
        lifecycle.replace(CLIENT, ++clOrdId, 0, orderId, ACC1, PX_100_10, 80, 1);
        lifecycle.onExecution(
            orderId, ExecType.REPLACED, orders.replaceRequestId(slot), 0, 0, 0, NO_AVG_PX, RejectReason.NONE, NO_TEXT);
        lifecycle.replace(CLIENT, ++clOrdId, 0, orderId, ACC1, PX_100_20, 120, 1);
        lifecycle.onCancelReject(orderId, orders.replaceRequestId(slot), RejectReason.NONE, replaceRefusedText);
        lifecycle.status(CLIENT, 0, orderId, ACC1, 1);
        lifecycle.status(CLIENT, id, 0, ACC1, 1); // by the id the first replace superseded
        lifecycle.status(CLIENT, -1, 0, ACC1, 1); // unknown
        lifecycle.cancel(CLIENT, ++clOrdId, 0, orderId, ACC1, 1);
        // The cancel says cum 40: a fill lost before it, booked at the price its avgPx implies.
        lifecycle.onExecution(orderId, ExecType.CANCELED, orders.cancelRequestId(slot), 0, 0, 40, PX_100_10,
            RejectReason.NONE, NO_TEXT);
        // A market order whose expiry reports a fill without any price: booked at the core's estimate, with a text.
        final long marketId = ++clOrdId;
        lifecycle.accept(CLIENT, marketId, ACC1, AAPL, side, OrdType.MARKET, TimeInForce.IOC, 0, 10, 1);
        lifecycle.onExecution(orders.orderId(orders.slotByClientOrderId(ACC1, marketId)), ExecType.EXPIRED, 0, 0, 0, 5,
            NO_AVG_PX, RejectReason.NONE, NO_TEXT);
        final long rejectedId = ++clOrdId;
        lifecycle.accept(CLIENT, rejectedId, ACC1, AAPL, side, OrdType.LIMIT, TimeInForce.DAY, PX_100, 100, 1);
        lifecycle.onExecution(orders.orderId(orders.slotByClientOrderId(ACC1, rejectedId)), ExecType.REJECTED, 0, 0, 0,
            0, NO_AVG_PX, RejectReason.NONE, newOrderRejectedText);
        while (client.poll(reportsIgnored, 64) > 0 || venueOut.poll(ignore, 64) > 0)
        {
            // drain both streams so neither back-pressures the lifecycle
        }
    }

    private long accept(final Side side, final long price, final long quantity)
    {
        final long id = ++clOrdId;
        lifecycle.accept(CLIENT, id, ACC1, AAPL, side, OrdType.LIMIT, TimeInForce.DAY, price, quantity, 1);
        final int slot = orders.slotByClientOrderId(ACC1, id);
        assertTrue(OrderTable.NO_SLOT != slot, "accepted");
        assertEquals(OrdStatus.PENDING_NEW, orders.status(slot));
        return orders.orderId(slot);
    }

    /** @return a limit order {@link #accept accepted} and acknowledged (ExecType NEW) by the venue. */
    private long acknowledged(final Side side, final long price, final long quantity)
    {
        final long orderId = accept(side, price, quantity);
        venueReports(orderId, ExecType.NEW, 0, 0, 0);
        return orderId;
    }

    /**
     * The venue reports {@code execType} on its own (no request of the core answered), saying neither its AvgPx nor a
     * text: what most venue reports of these tests are. Reports that answer a request or carry a text call
     * {@link OrderLifecycle#onExecution} directly.
     */
    private void venueReports(
        final long orderId, final ExecType execType, final long lastQty, final long lastPx, final long cumQty)
    {
        venueReports(orderId, execType, lastQty, lastPx, cumQty, NO_AVG_PX);
    }

    /** The same, the venue saying its average price of the order's cumQty. */
    private void venueReports(
        final long orderId,
        final ExecType execType,
        final long lastQty,
        final long lastPx,
        final long cumQty,
        final long avgPx)
    {
        lifecycle.onExecution(orderId, execType, 0, lastQty, lastPx, cumQty, avgPx, RejectReason.NONE, NO_TEXT);
    }

    /**
     * @return an order of 100 at {@code limit}, acked, with one fill of {@code filledQty} at {@code fillPx} booked (the
     *         venue's cumQty and avgPx said with it).
     */
    private long partiallyFilled(final Side side, final long limit, final long filledQty, final long fillPx)
    {
        final long orderId = acknowledged(side, limit, 100);
        venueReports(orderId, ExecType.PARTIAL_FILL, filledQty, fillPx, filledQty, fillPx);
        assertEquals(filledQty, orders.cumQty(slot(orderId)));
        return orderId;
    }

    /**
     * @return an order of 100 at 100.00 (a buy unless said), acked, with a replace to 200 (client order id
     *         {@code replaceClOrdId}) pending.
     */
    private long raisingTo200(final long replaceClOrdId)
    {
        return raisingTo200(Side.BUY, replaceClOrdId);
    }

    private long raisingTo200(final Side side, final long replaceClOrdId)
    {
        final long orderId = acknowledged(side, px("100.00"), 100);
        lifecycle.replace(CLIENT, replaceClOrdId, 0, orderId, ACC1, px("100.00"), 200, 8);
        assertEquals(200, orders.replaceQuantity(slot(orderId)), "pending");
        return orderId;
    }

    private long acceptMarket(final Side side, final long quantity)
    {
        final long id = ++clOrdId;
        lifecycle.accept(CLIENT, id, ACC1, AAPL, side, OrdType.MARKET, TimeInForce.DAY, 0, quantity, 1);
        final int slot = orders.slotByClientOrderId(ACC1, id);
        assertTrue(OrderTable.NO_SLOT != slot, "accepted");
        return orders.orderId(slot);
    }

    private List<ReportCollector.Execution> drainedExecutions()
    {
        drainReports();
        return reports.executions;
    }

    private int slot(final long orderId)
    {
        return orders.slotByOrderId(orderId);
    }

    private void assertReserved(final long openQty, final long openNotional, final int openOrders)
    {
        assertEquals(openQty, risk.openBuyQty(ACC1, AAPL) + risk.openSellQty(ACC1, AAPL), "open quantity");
        assertEquals(openNotional, risk.openNotional(ACC1), "open notional");
        assertEquals(openOrders, risk.openOrders(ACC1), "open orders");
    }

    private ReportCollector.Execution lastExecution()
    {
        drainReports();
        return reports.executions.get(reports.executions.size() - 1);
    }

    private ReportCollector.CancelRejected lastCancelReject()
    {
        drainReports();
        return reports.cancelRejects.get(reports.cancelRejects.size() - 1);
    }

    private void drainReports()
    {
        // Offers of an exclusive IPC publication are visible to its subscriber at once: one poll round finds them.
        while (client.poll(reports, 64) > 0)
        {
            // until empty
        }
    }

    private long venueRequestsSent()
    {
        while (venueOut.poll(venueRequests, 64) > 0)
        {
            // until empty
        }
        return venueRequestCount;
    }

    private static JournaledPublication journaled(final ExclusivePublication publication, final byte type)
    {
        return new JournaledPublication(
            new RetryingPublication(publication, 0, NoOpIdleStrategy.INSTANCE, null), null, type, null);
    }

    private static long px(final String price)
    {
        return Prices.parse(price);
    }

    private static RiskLimits limits()
    {
        // The demo's limits (far from binding), with round prices and two limits the tests run into.
        return RiskLimits.demo().withSettings("instrument.AAPL.referencePrice", "100.00",
            "account.ACC1.maxOrderQty", "500",
            "account.ACC1.maxOpenOrders", "10");
    }
}
