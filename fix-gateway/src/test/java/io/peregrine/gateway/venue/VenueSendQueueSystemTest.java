package io.peregrine.gateway.venue;

import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.SbeProbe;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueNewOrderEncoder;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TempDirs;
import org.agrona.CloseHelper;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.fix44.ExecutionReport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The venue adapter's fair queue and ack timing against a test FIX acceptor playing the venue and a test Aeron client
 * playing the core: who a slow venue gets next (counted, not timed), and that the circuit breaker times the venue,
 * not the requests waiting in the gateway.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VenueSendQueueSystemTest
{
    private static final long WAIT_MS = 20_000;
    private static final int VENUE_ID = 1;

    private final MutableDirectBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AtomicLong execIds = new AtomicLong();
    private MediaDriverFixture driver;
    private Path dataDir;
    private int venuePort;
    private FixCounterparty venue;
    private FixGateway gateway;
    private SbeProbe core;

    @BeforeEach
    void setUp() throws Exception
    {
        driver = MediaDriverFixture.launch();
        dataDir = TempDirs.create("fixgw-venue-queue-");
        venuePort = FreePorts.freePort();
        core = new SbeProbe(driver.aeronDirectoryName(), 2001, 2002);
        venue = FixCounterparty.venue(venuePort, "SIMVENUE", "PEREGRINE", dataDir.resolve("test-venue-store")).start();
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(gateway, venue, core, driver);
        TempDirs.delete(dataDir);
    }

    @Test
    void aQuietAccountsOrderIsSentWithinOneRoundBehindAnotherAccountsBacklogAtASlowVenue() throws Exception
    {
        final int window = 4;
        start(context(5, 60_000).venueSendWindow(window));

        for (int i = 1; i <= 200; i++)
        {
            publishNewOrder(i, "ACC1");
        }
        publishNewOrder(1_000, "ACC2");
        // The venue answers nothing yet: it has the window of ACC1's orders, the rest waits in the gateway.
        await(() -> venue.receivedApp.size() == window &&
            gateway.venueAdapter().queuedRequests(VENUE_ID) == 201 - window, "the window sent, the rest queued");

        // Now a slow venue: it answers one order at a time, and only then gets the next.
        final List<String> accounts = new ArrayList<>();
        while (!accounts.contains("ACC2"))
        {
            final Message order = venue.nextApp(WAIT_MS);
            accounts.add(order.getString(quickfix.field.Account.FIELD));
            venue.sendNow(newReport(order.getString(ClOrdID.FIELD)));
            assertTrue(accounts.size() <= window + 2, "ACC2 not among the first " + accounts.size() + ": " + accounts);
        }
        // Sent right after the window (before it only ACC1's orders were queued), or after one more of ACC1's.
        final int position = accounts.indexOf("ACC2");
        assertTrue(position == window || position == window + 1, "ACC2 sent as order " + position + ": " + accounts);
        awaitExecution(1_000, ExecType.NEW);
        assertEquals(CircuitBreaker.State.CLOSED, gateway.venueAdapter().circuitState(VENUE_ID));
    }

    @Test
    void aVenueThatAnswersPromptlyBehindADeepOutboundQueueNeverOpensTheBreaker() throws Exception
    {
        // One unanswered request at a time and a venue that takes 25 ms per order, serially: the 40th order has waited
        // at least 40 x 25 ms = the ack timeout in the gateway's queue when it is sent, the 80th twice that, while
        // each order's own answer takes ~25 ms. Timed from the queue, half of them would time out.
        final int orders = 80;
        final long venueMs = 25;
        final long ackTimeoutMs = 1_000;
        venue.onApp((message, sessionId) -> answerAfter(message, venueMs));
        start(context(1, ackTimeoutMs).venueSendWindow(1));

        for (int i = 1; i <= orders; i++)
        {
            publishNewOrder(i, "ACC1");
        }
        await(() -> gateway.venueAdapter().queuedRequests(VENUE_ID) >= orders / 2, "a deep queue in the gateway");
        for (int i = 1; i <= orders; i++)
        {
            awaitExecution(i, ExecType.NEW);
        }
        assertEquals(0, gateway.venueAdapter().ackTimeouts(), "no request timed out");
        assertEquals(CircuitBreaker.State.CLOSED, gateway.venueAdapter().circuitState(VENUE_ID));
        assertFalse(sawStatus(VenueStatus.CIRCUIT_OPEN), "no CIRCUIT_OPEN was published");
    }

    @Test
    void aVenueThatStopsAnsweringStillOpensTheBreakerAndWhatWaitedIsRefused() throws Exception
    {
        final int answered = 10;
        final AtomicInteger orders = new AtomicInteger();
        venue.onApp((message, sessionId) ->
        {
            if (isNewOrder(message) && orders.incrementAndGet() <= answered)
            {
                answerAfter(message, 0);
            }
        });
        start(context(2, 500).venueSendWindow(4));

        for (int i = 1; i <= 30; i++)
        {
            publishNewOrder(i, "ACC1");
        }
        for (int i = 1; i <= answered; i++)
        {
            awaitExecution(i, ExecType.NEW);
        }
        awaitStatus(VenueStatus.CIRCUIT_OPEN);
        assertTrue(gateway.venueAdapter().ackTimeouts() >= 2, "opened by ack timeouts");
        // The breaker is open: what still waited is answered at once instead of going to the venue.
        final VenueExecutionDecoder last = execution(core.await(VenueExecutionDecoder.TEMPLATE_ID,
            (m) -> execution(m).orderId() == 30, WAIT_MS));
        assertEquals(ExecType.REJECTED, last.execType());
        assertEquals(RejectReason.CIRCUIT_BREAKER_OPEN, last.rejectReason());
        await(() -> gateway.venueAdapter().queuedRequests(VENUE_ID) == 0, "nothing left waiting");
        assertEquals(answered + 4, orders.get(), "the venue got the answered ones and one window more");
    }

    @Test
    void anAccountOverItsQueueLimitIsThrottledWhileAnotherStillGetsThrough() throws Exception
    {
        // The venue answers nothing until told: ACC1 fills the window and its queue of 20.
        start(context(5, 60_000).venueSendWindow(2).venueQueuePerAccount(20));
        for (int i = 1; i <= 30; i++)
        {
            publishNewOrder(i, "ACC1");
        }
        publishNewOrder(1_000, "ACC2");
        for (int i = 23; i <= 30; i++)
        {
            final VenueExecutionDecoder refused = awaitExecution(i, ExecType.REJECTED);
            assertEquals(RejectReason.THROTTLED, refused.rejectReason());
        }
        assertEquals(8, gateway.venueAdapter().queueFullRejects(VENUE_ID));
        await(() -> gateway.venueAdapter().queuedRequests(VENUE_ID) == 21, "ACC1's 20 and ACC2's order queued");

        venue.onApp((message, sessionId) -> answerAfter(message, 0));
        for (int i = 0; i < 2; i++)
        {
            answerAfter(venue.nextApp(WAIT_MS), 0);
        }
        awaitExecution(1_000, ExecType.NEW);
        for (int i = 1; i <= 22; i++)
        {
            awaitExecution(i, ExecType.NEW);
        }
    }

    private GatewayContext context(final int failures, final long ackTimeoutMs)
    {
        return new GatewayContext()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .dataDir(dataDir.resolve("gateway"))
            .brokerEnabled(false)
            .venues(List.of(new VenueClientConfig(VENUE_ID, "127.0.0.1", venuePort, "PEREGRINE", "SIMVENUE", false)))
            .venueReconnectSeconds(1)
            .fixMessageLog(false)
            .idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1))
            .circuitFailures(failures)
            .circuitAckTimeoutMs(ackTimeoutMs)
            .circuitCoolDownMs(600_000);
    }

    private void start(final GatewayContext ctx) throws Exception
    {
        gateway = FixGateway.launch(ctx);
        awaitStatus(VenueStatus.CONNECTED);
        assertTrue(venue.awaitLogon(WAIT_MS));
    }

    private static boolean isNewOrder(final Message message)
    {
        try
        {
            return MsgType.NEW_ORDER_SINGLE.equals(message.getHeader().getString(MsgType.FIELD));
        }
        catch (final quickfix.FieldNotFound ex)
        {
            return false;
        }
    }

    /** Answers a NewOrderSingle with New after a pause (on the venue's session thread: answered one at a time). */
    private void answerAfter(final Message order, final long pauseMs)
    {
        if (!isNewOrder(order))
        {
            return;
        }
        try
        {
            Thread.sleep(pauseMs);
            venue.sendNow(newReport(order.getString(ClOrdID.FIELD)));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private ExecutionReport newReport(final String clOrdId)
    {
        final ExecutionReport report = new ExecutionReport(new OrderID("V" + clOrdId),
            new ExecID("X" + execIds.incrementAndGet()), new quickfix.field.ExecType(quickfix.field.ExecType.NEW),
            new OrdStatus(OrdStatus.NEW), new quickfix.field.Side('1'), new LeavesQty(1), new CumQty(0), new AvgPx(0));
        report.set(new ClOrdID(clOrdId));
        report.set(new quickfix.field.Symbol("AAPL"));
        report.set(new quickfix.field.OrderQty(1));
        report.setDecimal(quickfix.field.Price.FIELD, new java.math.BigDecimal("190"));
        return report;
    }

    private void publishNewOrder(final long orderId, final String account)
    {
        final VenueNewOrderEncoder encoder = new VenueNewOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .orderId(orderId).venueId(VENUE_ID).side(Side.BUY).ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY)
            .price(Prices.parse("190")).quantity(1).timestamp(System.currentTimeMillis() * 1_000_000L);
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + VenueNewOrderEncoder.accountEncodingOffset(),
            PackedAscii.pack(account), VenueNewOrderEncoder.BYTE_ORDER);
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + VenueNewOrderEncoder.symbolEncodingOffset(),
            PackedAscii.pack("AAPL"), VenueNewOrderEncoder.BYTE_ORDER);
        core.publish(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private VenueExecutionDecoder awaitExecution(final long orderId, final ExecType execType)
    {
        return execution(core.await(VenueExecutionDecoder.TEMPLATE_ID,
            (m) -> execution(m).orderId() == orderId && execution(m).execType() == execType, WAIT_MS));
    }

    private void awaitStatus(final VenueStatus status)
    {
        core.await(VenueSessionStatusDecoder.TEMPLATE_ID, (m) -> status(m).status() == status, WAIT_MS);
    }

    private boolean sawStatus(final VenueStatus status)
    {
        try
        {
            core.await(VenueSessionStatusDecoder.TEMPLATE_ID, (m) -> status(m).status() == status, 100);
            return true;
        }
        catch (final AssertionError none)
        {
            return false;
        }
    }

    private static VenueSessionStatusDecoder status(final UnsafeBuffer message)
    {
        return new VenueSessionStatusDecoder().wrapAndApplyHeader(message, 0, new MessageHeaderDecoder());
    }

    private static VenueExecutionDecoder execution(final UnsafeBuffer message)
    {
        return new VenueExecutionDecoder().wrapAndApplyHeader(message, 0, new MessageHeaderDecoder());
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(1);
        }
    }
}
