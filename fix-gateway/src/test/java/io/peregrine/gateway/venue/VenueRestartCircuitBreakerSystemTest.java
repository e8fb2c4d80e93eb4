package io.peregrine.gateway.venue;

import io.peregrine.gateway.GatewayStack;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixReports;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The circuit breaker across a venue restart, against a test FIX acceptor playing the venue and a test Aeron client
 * playing the core: requests the venue's previous session never answered are asked about at the next logon and never
 * count as failures of the new session; a breaker opened by unanswered requests does not wait half open for an order.
 * <p>
 * Every wait is on an event (a status, a counter, a report), none on elapsed time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VenueRestartCircuitBreakerSystemTest
{
    private static final long WAIT_MS = 20_000;
    /** Longer than any round trip of an answered request on a starved machine (see VenueSendQueueSystemTest). */
    private static final long ACK_TIMEOUT_MS = 4_000;
    private static final int VENUE_ID = GatewayStack.VENUE_ID;

    private final FixReports reports = new FixReports("X");
    @AutoClose
    private final VenueSideStack side = new VenueSideStack("venue-restart-breaker", WAIT_MS);
    private final VenueSideCore core = side.core;

    @Test
    void requestsUnansweredWhenTheVenueDiedAreAskedAboutAtTheLogonAndDoNotOpenTheBreakerOfTheNewSession()
        throws Exception
    {
        // Three unanswered orders: enough to open the breaker (threshold 3) if they counted against the next session.
        side.startVenue(); // answers nothing
        side.startGateway(side.context(3, ACK_TIMEOUT_MS, 600_000));
        for (int orderId = 1; orderId <= 3; orderId++)
        {
            core.newOrder(orderId, Side.BUY, OrdType.LIMIT, "190", 1);
        }
        for (int i = 0; i < 3; i++)
        {
            assertEquals(MsgType.NEW_ORDER_SINGLE, side.venue().nextApp(WAIT_MS).getHeader().getString(MsgType.FIELD));
        }

        // The venue dies with the three orders unanswered and comes back. It acknowledges new orders at once but
        // leaves the gateway's questions about the three unanswered, past the ack timeout.
        side.stopVenue();
        core.awaitStatus(VenueStatus.DISCONNECTED);
        core.clear();
        final FixCounterparty venue = side.startVenue();
        venue.onApp((message, sessionId) -> acknowledgeNewOrder(venue, message));
        core.awaitStatus(VenueStatus.CONNECTED);

        core.newOrder(10, Side.BUY, OrdType.LIMIT, "190", 1);
        assertAccepted(core.awaitExecution(10));
        for (int i = 0; i < 3; i++)
        {
            venue.nextMatching("an OrderStatusRequest about an order of the dead session",
                message -> isMsgType(message, MsgType.ORDER_STATUS_REQUEST), WAIT_MS);
        }
        Await.until("the questions asked at the logon unanswered for an ack timeout",
            () -> side.gateway().counters().venueAckTimeouts().get() >= 3, ACK_TIMEOUT_MS + WAIT_MS);

        core.newOrder(11, Side.BUY, OrdType.LIMIT, "190", 1);
        assertAccepted(core.awaitExecution(11));
        assertEquals(CircuitBreaker.State.CLOSED, side.gateway().venueAdapter().circuitState(VENUE_ID));
        assertFalse(core.sawStatus(VenueStatus.CIRCUIT_OPEN, 100), "no CIRCUIT_OPEN was published");

        // The questions are still asked at each timeout: answered, they settle the orders.
        venue.onApp((message, sessionId) ->
        {
            acknowledgeNewOrder(venue, message);
            if (isMsgType(message, MsgType.ORDER_STATUS_REQUEST))
            {
                answerWorking(venue, message);
            }
        });
        for (int orderId = 1; orderId <= 3; orderId++)
        {
            core.awaitExecution(orderId, ExecType.NEW);
        }
    }

    @Test
    void aBreakerOpenedByUnansweredOrdersProbesTheVenueItselfAndClosesWithNoOrderComing() throws Exception
    {
        final AtomicBoolean answerQuestions = new AtomicBoolean();
        final FixCounterparty venue = side.startVenue();
        venue.onApp((message, sessionId) ->
        {
            if (answerQuestions.get() && isMsgType(message, MsgType.ORDER_STATUS_REQUEST))
            {
                answerWorking(venue, message);
            }
        });
        side.startGateway(side.context(2, ACK_TIMEOUT_MS, 1_000));

        // The venue stops answering: two orders time out and open the breaker.
        core.newOrder(1, Side.BUY, OrdType.LIMIT, "190", 1);
        core.newOrder(2, Side.BUY, OrdType.LIMIT, "190", 1);
        core.awaitStatus(VenueStatus.CIRCUIT_OPEN, ACK_TIMEOUT_MS + WAIT_MS);

        // It answers again, and no order comes: the breaker half-opens, asks the venue about a working order itself,
        // and the answer closes it.
        answerQuestions.set(true);
        core.awaitStatus(VenueStatus.CIRCUIT_HALF_OPEN, WAIT_MS);
        core.awaitStatus(VenueStatus.CONNECTED, 2 * ACK_TIMEOUT_MS + WAIT_MS);
        assertEquals(CircuitBreaker.State.CLOSED, side.gateway().venueAdapter().circuitState(VENUE_ID));

        venue.onApp((message, sessionId) -> acknowledgeNewOrder(venue, message));
        core.newOrder(3, Side.BUY, OrdType.LIMIT, "190", 1);
        assertAccepted(core.awaitExecution(3));
    }

    private static void assertAccepted(final VenueExecutionDecoder execution)
    {
        assertEquals(ExecType.NEW, execution.execType(),
            () -> "order " + execution.orderId() + " " + execution.rejectReason() + ": " + execution.text());
    }

    private static boolean isMsgType(final Message message, final String msgType)
    {
        try
        {
            return msgType.equals(message.getHeader().getString(MsgType.FIELD));
        }
        catch (final quickfix.FieldNotFound ex)
        {
            return false;
        }
    }

    private void acknowledgeNewOrder(final FixCounterparty venue, final Message message)
    {
        if (!isMsgType(message, MsgType.NEW_ORDER_SINGLE))
        {
            return;
        }
        try
        {
            venue.sendNow(reports.acknowledge(message));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Answers an OrderStatusRequest: the order (1 at 190) is working, nothing filled. */
    private void answerWorking(final FixCounterparty venue, final Message question)
    {
        try
        {
            venue.sendNow(reports.report(question.getString(ClOrdID.FIELD), null,
                quickfix.field.ExecType.ORDER_STATUS, OrdStatus.NEW, 1, 0, 0, 1, "190"));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
