package io.peregrine.gateway.venue;

import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixReports;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.MsgType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The venue adapter's fair queue and ack timing against a test FIX acceptor playing the venue and a test Aeron client
 * playing the core: who a slow venue gets next (counted, not timed), and that the circuit breaker times the venue,
 * not the requests waiting in the gateway.
 * <p>
 * A venue that answers must never miss an ack timeout here, whatever the machine's load: each timeout is at least
 * {@link #ANSWERED_WITHIN_MS}. A round trip through both FIX engines took more than 1.5 s on a starved 2-core machine
 * ({@code VenueSideSystemTest}); with 500 ms, two slow answers among the first window opened the breaker before the
 * unanswered requests did.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VenueSendQueueSystemTest
{
    private static final long WAIT_MS = 20_000;
    /** The shortest ack timeout of these tests: longer than any round trip of an answered request under load. */
    private static final long ANSWERED_WITHIN_MS = 4_000;
    private static final int VENUE_ID = GatewayStack.VENUE_ID;

    private final FixReports reports = new FixReports("X");
    @AutoClose
    private final VenueSideStack side = new VenueSideStack("venue-queue", WAIT_MS);
    private final VenueSideCore core = side.core;
    private FixCounterparty venue;
    private FixGateway gateway;

    @BeforeEach
    void setUp() throws Exception
    {
        venue = side.startVenue();
    }

    @Test
    void aQuietAccountsOrderIsSentWithinOneRoundBehindAnotherAccountsBacklogAtASlowVenue() throws Exception
    {
        final int window = 4;
        start(context(5, 60_000).venueSendWindow(window));

        for (int i = 1; i <= 200; i++)
        {
            core.newOrder(i, "ACC1", Side.BUY, OrdType.LIMIT, "190", 1);
        }
        core.newOrder(1_000, "ACC2", Side.BUY, OrdType.LIMIT, "190", 1);
        // The venue answers nothing yet: it has the window of ACC1's orders, the rest waits in the gateway.
        Await.until("the window sent, the rest queued", () -> venue.receivedApp.size() == window &&
            gateway.venueAdapter().queuedRequests(VENUE_ID) == 201 - window, WAIT_MS);

        // Now a slow venue: it answers one order at a time, and only then gets the next.
        final List<String> accounts = new ArrayList<>();
        while (!accounts.contains("ACC2"))
        {
            final Message order = venue.nextApp(WAIT_MS);
            accounts.add(order.getString(quickfix.field.Account.FIELD));
            venue.sendNow(reports.acknowledge(order));
            assertTrue(accounts.size() <= window + 2, "ACC2 not among the first " + accounts.size() + ": " + accounts);
        }
        // Sent right after the window (before it only ACC1's orders were queued), or after one more of ACC1's.
        final int position = accounts.indexOf("ACC2");
        assertTrue(position == window || position == window + 1, "ACC2 sent as order " + position + ": " + accounts);
        core.awaitExecution(1_000, ExecType.NEW);
        assertEquals(CircuitBreaker.State.CLOSED, gateway.venueAdapter().circuitState(VENUE_ID));
    }

    @Test
    void aVenueThatAnswersPromptlyBehindADeepOutboundQueueNeverOpensTheBreaker() throws Exception
    {
        // One unanswered request at a time and a venue that takes 100 ms per order, serially: the 40th order has
        // waited at least 40 x 100 ms = the ack timeout in the gateway's queue when it is sent, the 80th twice that,
        // while each order's own answer takes ~100 ms. Timed from the queue, half of them would time out.
        final int orders = 80;
        final long ackTimeoutMs = ANSWERED_WITHIN_MS;
        final long venueMs = ackTimeoutMs / (orders / 2);
        venue.onApp((message, sessionId) -> answerAfter(message, venueMs));
        start(context(1, ackTimeoutMs).venueSendWindow(1));

        for (int i = 1; i <= orders; i++)
        {
            core.newOrder(i, "ACC1", Side.BUY, OrdType.LIMIT, "190", 1);
        }
        Await.until("a deep queue in the gateway",
            () -> gateway.venueAdapter().queuedRequests(VENUE_ID) >= orders / 2, WAIT_MS);
        for (int i = 1; i <= orders; i++)
        {
            core.awaitExecution(i, ExecType.NEW);
        }
        assertEquals(0, gateway.counters().venueAckTimeouts().get(), "no request timed out");
        assertEquals(CircuitBreaker.State.CLOSED, gateway.venueAdapter().circuitState(VENUE_ID));
        assertFalse(core.sawStatus(VenueStatus.CIRCUIT_OPEN, 100), "no CIRCUIT_OPEN was published");
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
        start(context(2, ANSWERED_WITHIN_MS).venueSendWindow(4));

        for (int i = 1; i <= 30; i++)
        {
            core.newOrder(i, "ACC1", Side.BUY, OrdType.LIMIT, "190", 1);
        }
        for (int i = 1; i <= answered; i++)
        {
            core.awaitExecution(i, ExecType.NEW);
        }
        core.awaitStatus(VenueStatus.CIRCUIT_OPEN);
        assertTrue(gateway.counters().venueAckTimeouts().get() >= 2, "opened by ack timeouts");
        // The breaker is open: what still waited is answered at once instead of going to the venue.
        final VenueExecutionDecoder last = core.awaitExecution(30);
        assertEquals(ExecType.REJECTED, last.execType());
        assertEquals(RejectReason.CIRCUIT_BREAKER_OPEN, last.rejectReason());
        Await.until("nothing left waiting", () -> gateway.venueAdapter().queuedRequests(VENUE_ID) == 0, WAIT_MS);
        assertEquals(answered + 4, orders.get(), "the venue got the answered ones and one window more");
    }

    @Test
    void anAccountOverItsQueueLimitIsThrottledWhileAnotherStillGetsThrough() throws Exception
    {
        // The venue answers nothing until told: ACC1 fills the window and its queue of 20.
        start(context(5, 60_000).venueSendWindow(2).venueQueuePerAccount(20));
        for (int i = 1; i <= 30; i++)
        {
            core.newOrder(i, "ACC1", Side.BUY, OrdType.LIMIT, "190", 1);
        }
        core.newOrder(1_000, "ACC2", Side.BUY, OrdType.LIMIT, "190", 1);
        for (int i = 23; i <= 30; i++)
        {
            final VenueExecutionDecoder refused = core.awaitExecution(i, ExecType.REJECTED);
            assertEquals(RejectReason.THROTTLED, refused.rejectReason());
        }
        assertEquals(8, gateway.venueAdapter().queueFullRejects(VENUE_ID));
        Await.until("ACC1's 20 and ACC2's order queued",
            () -> gateway.venueAdapter().queuedRequests(VENUE_ID) == 21, WAIT_MS);

        venue.onApp((message, sessionId) -> answerAfter(message, 0));
        for (int i = 0; i < 2; i++)
        {
            answerAfter(venue.nextApp(WAIT_MS), 0);
        }
        core.awaitExecution(1_000, ExecType.NEW);
        for (int i = 1; i <= 22; i++)
        {
            core.awaitExecution(i, ExecType.NEW);
        }
    }

    private GatewayContext context(final int failures, final long ackTimeoutMs)
    {
        return side.context(failures, ackTimeoutMs, 600_000);
    }

    private void start(final GatewayContext ctx)
    {
        gateway = side.startGateway(ctx);
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
            venue.sendNow(reports.acknowledge(order));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
