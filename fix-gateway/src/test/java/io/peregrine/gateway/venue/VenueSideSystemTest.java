package io.peregrine.gateway.venue;

import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.VenueCancelRejectDecoder;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixReports;
import io.peregrine.testsupport.TempDirs;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrigClOrdID;
import quickfix.field.Text;
import quickfix.fix44.ExecutionReport;
import quickfix.fix44.OrderCancelReject;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The venue side against a test FIX acceptor playing the venue and a test Aeron client playing the core.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class VenueSideSystemTest
{
    private static final long WAIT_MS = 10_000;
    private static final int VENUE_ID = GatewayStack.VENUE_ID;

    private final FixReports reports = new FixReports("X");
    @AutoClose
    private final VenueSideStack side = new VenueSideStack("venue", WAIT_MS);
    private final VenueSideCore core = side.core;

    private GatewayContext context(final int failures, final long ackTimeoutMs, final long coolDownMs)
    {
        return side.context(failures, ackTimeoutMs, coolDownMs);
    }

    /** The test venue last started. */
    private FixCounterparty venue()
    {
        return side.venue();
    }

    /** Starts the test venue, then the gateway on this context. */
    private void start(final GatewayContext ctx) throws Exception
    {
        side.startVenue();
        side.startGateway(ctx);
    }

    /** @return the ClOrdID under which the venue got the core's buy limit order of 10 at 190 (its next message). */
    private String placeAtVenue(final long orderId) throws Exception
    {
        core.newOrder(orderId, Side.BUY, OrdType.LIMIT, "190", 10);
        return venue().nextApp(WAIT_MS).getString(ClOrdID.FIELD);
    }

    /** The core cancels the order (10); the venue gets the request under the order's venue ClOrdID and the request. */
    private Message cancelAtVenue(final long orderId, final long requestId) throws Exception
    {
        core.cancel(orderId, requestId, 10);
        final Message cancel = side.nextVenueMessage(MsgType.ORDER_CANCEL_REQUEST);
        assertEquals(side.venueClOrdId(orderId + "-" + requestId), cancel.getString(ClOrdID.FIELD));
        return cancel;
    }

    /**
     * What a SIGKILL between QuickFIX/J accepting a venue message and the agent forwarding it leaves: the message as
     * received from the venue, in the gateway's report journal only.
     */
    private static <T extends Message> T asReceivedFromVenue(final T message)
    {
        message.getHeader().setString(quickfix.field.BeginString.FIELD, "FIX.4.4");
        message.getHeader().setString(quickfix.field.SenderCompID.FIELD, GatewayStack.VENUE_COMP_ID);
        message.getHeader().setString(quickfix.field.TargetCompID.FIELD, GatewayStack.GATEWAY_COMP_ID);
        message.getHeader().setInt(quickfix.field.MsgSeqNum.FIELD, 99);
        message.getHeader().setUtcTimeStamp(quickfix.field.SendingTime.FIELD, java.time.LocalDateTime.now());
        return message;
    }

    /**
     * What a SIGKILL between QuickFIX/J accepting a venue report and the agent forwarding it leaves: an R record in
     * the venue report journal only. The gateway is stopped, the record written, and the gateway started again (it
     * forwards the report at its start).
     */
    private void acceptedButNotForwardedBeforeARestart(final ExecutionReport report, final String execId)
        throws Exception
    {
        side.stopGateway();
        report.set(new ExecID(execId));
        try (VenueReportJournal journal = reportJournal())
        {
            assertTrue(journal.accept(VENUE_ID, execId, asReceivedFromVenue(report).toString()) > 0);
        }
        core.clear();
        side.startGateway(context(5, 5_000, 5_000));
    }

    private VenueReportJournal reportJournal() throws Exception
    {
        return new VenueReportJournal(side.gatewayDir().resolve("venue").resolve("reports.log"));
    }

    @Test
    void sendsOrdersCancelsAndReplacesAndMapsEveryVenueReportToTheCoreOrderId() throws Exception
    {
        start(context(5, 5_000, 5_000));

        core.newOrder(101, Side.BUY, OrdType.LIMIT, "190.25", 100);
        final Message nos = venue().nextApp(WAIT_MS);
        assertEquals(MsgType.NEW_ORDER_SINGLE, nos.getHeader().getString(MsgType.FIELD));
        assertEquals(side.venueClOrdId("101"), nos.getString(ClOrdID.FIELD));
        assertEquals('1', nos.getChar(quickfix.field.Side.FIELD));
        assertEquals("AAPL", nos.getString(quickfix.field.Symbol.FIELD));
        assertEquals("ACC1", nos.getString(quickfix.field.Account.FIELD));
        assertEquals(0, new BigDecimal("100").compareTo(nos.getDecimal(quickfix.field.OrderQty.FIELD)));
        assertEquals(0, new BigDecimal("190.25").compareTo(nos.getDecimal(quickfix.field.Price.FIELD)));
        assertEquals('2', nos.getChar(quickfix.field.OrdType.FIELD));
        assertEquals('0', nos.getChar(quickfix.field.TimeInForce.FIELD));
        assertEquals(quickfix.field.HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION,
            nos.getChar(quickfix.field.HandlInst.FIELD));

        venue().send(reports.report(side.venueClOrdId("101"), null, quickfix.field.ExecType.NEW, OrdStatus.NEW,
            100, 0, 0, 100, "190.25"));
        VenueExecutionDecoder execution = core.awaitExecution(101, ExecType.NEW);
        assertEquals(100, execution.leavesQty());
        assertEquals(0, execution.requestId());

        venue().send(reports.fill(side.venueClOrdId("101"), 100, 40, 40, "190.25"));
        execution = core.awaitExecution(101, ExecType.PARTIAL_FILL);
        assertEquals(40, execution.lastQty());
        assertEquals(Prices.parse("190.25"), execution.lastPx());
        assertEquals(40, execution.cumQty());
        assertEquals(60, execution.leavesQty());

        core.replace(101, 7, "190.30", 120);
        final Message replace = venue().nextApp(WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REPLACE_REQUEST, replace.getHeader().getString(MsgType.FIELD));
        assertEquals(side.venueClOrdId("101"), replace.getString(OrigClOrdID.FIELD));
        assertEquals(side.venueClOrdId("101-7"), replace.getString(ClOrdID.FIELD));
        assertEquals(0, new BigDecimal("120").compareTo(replace.getDecimal(quickfix.field.OrderQty.FIELD)));
        assertEquals(0, new BigDecimal("190.3").compareTo(replace.getDecimal(quickfix.field.Price.FIELD)));
        assertEquals("AAPL", replace.getString(quickfix.field.Symbol.FIELD), "a replace states the order in full");
        assertEquals("ACC1", replace.getString(quickfix.field.Account.FIELD));
        assertEquals('2', replace.getChar(quickfix.field.OrdType.FIELD));
        assertEquals('0', replace.getChar(quickfix.field.TimeInForce.FIELD));
        assertEquals(quickfix.field.HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION,
            replace.getChar(quickfix.field.HandlInst.FIELD));

        venue().send(reports.report(side.venueClOrdId("101-7"), side.venueClOrdId("101"), quickfix.field.ExecType.REPLACED,
            OrdStatus.PARTIALLY_FILLED, 120, 0, 40, 80, "190.30"));
        execution = core.awaitExecution(101, ExecType.REPLACED);
        assertEquals(7, execution.requestId());
        assertEquals(120, execution.quantity());
        assertEquals(Prices.parse("190.30"), execution.price());

        core.cancel(101, 8, 120);
        final Message cancel = venue().nextApp(WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REQUEST, cancel.getHeader().getString(MsgType.FIELD));
        assertEquals(side.venueClOrdId("101-7"), cancel.getString(OrigClOrdID.FIELD), "cancel names the order's current ClOrdID");
        assertEquals(side.venueClOrdId("101-8"), cancel.getString(ClOrdID.FIELD));

        final OrderCancelReject cancelReject = new OrderCancelReject(new OrderID("V101"), new ClOrdID(side.venueClOrdId("101-8")),
            new OrigClOrdID(side.venueClOrdId("101-7")), new OrdStatus(OrdStatus.PARTIALLY_FILLED),
            new CxlRejResponseTo(CxlRejResponseTo.ORDER_CANCEL_REQUEST));
        cancelReject.set(new CxlRejReason(CxlRejReason.TOO_LATE_TO_CANCEL));
        venue().send(cancelReject);
        final VenueCancelRejectDecoder reject = core.awaitCancelReject(101);
        assertEquals(8, reject.requestId());
        assertEquals(CancelRejectResponseTo.CANCEL, reject.responseTo());
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, reject.rejectReason());

        venue().send(reports.fill(side.venueClOrdId("101-7"), 120, 80, 120, "190.30"));
        execution = core.awaitExecution(101, ExecType.FILL);
        assertEquals(80, execution.lastQty());
        assertEquals(0, execution.leavesQty());
        assertEquals(0, execution.requestId(), "a fill answers no cancel/replace");

        core.newOrder(102, Side.SELL, OrdType.LIMIT, "191", 10);
        assertEquals(side.venueClOrdId("102"), venue().nextApp(WAIT_MS).getString(ClOrdID.FIELD));
        final ExecutionReport rejected = reports.report(side.venueClOrdId("102"), null, quickfix.field.ExecType.REJECTED,
            OrdStatus.REJECTED, 10, 0, 0, 0, "191");
        rejected.set(new Text("price band"));
        venue().send(rejected);
        execution = core.awaitExecution(102, ExecType.REJECTED);
        assertEquals(RejectReason.VENUE_REJECT, execution.rejectReason());
        assertEquals("price band", execution.text());

        core.newOrder(103, Side.BUY, OrdType.MARKET, "0", 5);
        final Message market = venue().nextApp(WAIT_MS);
        assertEquals('1', market.getChar(quickfix.field.OrdType.FIELD));
        assertTrue(!market.isSetField(quickfix.field.Price.FIELD));
        core.cancel(103, 9, 5);
        assertEquals(side.venueClOrdId("103-9"), venue().nextApp(WAIT_MS).getString(ClOrdID.FIELD));
        venue().send(reports.report(side.venueClOrdId("103-9"), side.venueClOrdId("103"), quickfix.field.ExecType.CANCELED, OrdStatus.CANCELED,
            5, 0, 0, 0, null));
        execution = core.awaitExecution(103, ExecType.CANCELED);
        assertEquals(9, execution.requestId());
    }

    @Test
    void mapsSessionLevelAndBusinessRejectsOfRequestsBackToTheCoreOrder() throws Exception
    {
        start(context(5, 5_000, 5_000));

        core.newOrder(601, Side.BUY, OrdType.LIMIT, "190", 10);
        final Message nos = venue().nextApp(WAIT_MS);
        final quickfix.fix44.Reject sessionReject =
            new quickfix.fix44.Reject(
                new quickfix.field.RefSeqNum(nos.getHeader().getInt(quickfix.field.MsgSeqNum.FIELD)));
        sessionReject.set(new Text("bad tag"));
        venue().send(sessionReject);
        VenueExecutionDecoder execution = core.awaitExecution(601, ExecType.REJECTED);
        assertEquals(RejectReason.MALFORMED_MESSAGE, execution.rejectReason(), "refused by the venue's FIX layer");
        assertEquals("venue session reject: bad tag", execution.text());

        core.newOrder(602, Side.BUY, OrdType.LIMIT, "190", 10);
        venue().nextApp(WAIT_MS);
        core.cancel(602, 5, 10);
        final Message cancel = venue().nextApp(WAIT_MS);
        final quickfix.fix44.BusinessMessageReject businessReject = new quickfix.fix44.BusinessMessageReject(
            new quickfix.field.RefMsgType(MsgType.ORDER_CANCEL_REQUEST),
            new quickfix.field.BusinessRejectReason(quickfix.field.BusinessRejectReason.OTHER));
        businessReject.set(new quickfix.field.BusinessRejectRefID(cancel.getString(ClOrdID.FIELD)));
        businessReject.set(new Text("cancels disabled"));
        venue().send(businessReject);
        final VenueCancelRejectDecoder reject = core.awaitCancelReject(602);
        assertEquals(5, reject.requestId());
        assertEquals(CancelRejectResponseTo.CANCEL, reject.responseTo());
        assertEquals(RejectReason.VENUE_REJECT, reject.rejectReason());
    }

    @Test
    void anOrderRoutedToAVenueTheGatewayDoesNotConfigureIsRejectedNamingIt() throws Exception
    {
        start(context(5, 5_000, 5_000));

        core.newOrderToVenue(251, 2);
        final VenueExecutionDecoder execution = core.awaitExecution(251, ExecType.REJECTED);
        assertEquals(RejectReason.VENUE_UNAVAILABLE, execution.rejectReason());
        assertEquals("venue 2 is not configured in this gateway (peregrine.gateway.venues lists [1])",
            execution.text());
    }

    @Test
    void answersVenueUnavailableWhileTheVenueIsDownAndResumesAfterReconnect() throws Exception
    {
        start(context(5, 5_000, 5_000));

        side.stopVenue();
        core.awaitStatus(VenueStatus.DISCONNECTED);

        core.newOrder(201, Side.BUY, OrdType.LIMIT, "190", 10);
        final VenueExecutionDecoder execution = core.awaitExecution(201, ExecType.REJECTED);
        assertEquals(RejectReason.VENUE_UNAVAILABLE, execution.rejectReason());
        core.cancel(150, 3, 10);
        final VenueCancelRejectDecoder reject = core.awaitCancelReject(150);
        assertEquals(RejectReason.VENUE_UNAVAILABLE, reject.rejectReason());
        core.replace(150, 4, "190", 20);
        final VenueCancelRejectDecoder replaceReject = core.awaitCancelReject(150);
        assertEquals(CancelRejectResponseTo.REPLACE, replaceReject.responseTo());
        assertEquals(RejectReason.VENUE_UNAVAILABLE, replaceReject.rejectReason());

        side.startVenue();
        core.awaitStatus(VenueStatus.CONNECTED);
        core.newOrder(202, Side.BUY, OrdType.LIMIT, "190", 10);
        final Message nos = venue().nextApp(WAIT_MS);
        assertEquals(side.venueClOrdId("202"), nos.getString(ClOrdID.FIELD));
        assertNull(venue().appMessages.poll(300, TimeUnit.MILLISECONDS), "the refused order 201 is never sent");
    }

    @Test
    void businessRejectsOfOneAccountsOrdersDoNotOpenTheCircuitForTheOthers() throws Exception
    {
        start(context(3, 10_000, 60_000));
        venue().onApp((message, sessionId) -> answer(message, false));

        // Five rejects, more than the threshold: each an answer of a venue that is up ("unknown symbol MSFT").
        for (int i = 1; i <= 5; i++)
        {
            core.newOrder(350 + i, Side.BUY, OrdType.LIMIT, "190", 1);
            assertEquals(RejectReason.VENUE_REJECT, core.awaitExecution(350 + i, ExecType.REJECTED).rejectReason());
        }
        assertEquals(CircuitBreaker.State.CLOSED, side.gateway().venueAdapter().circuitState(VENUE_ID));

        venue().onApp((message, sessionId) -> answer(message, true));
        core.newOrder(360, Side.BUY, OrdType.LIMIT, "190", 1);
        core.awaitExecution(360, ExecType.NEW);
    }

    @Test
    void countsOneFailurePerUnansweredRequestNotOnePerQuestionAskedAgainWhileTheVenueAnswersOthers() throws Exception
    {
        final long ackTimeoutMs = 200;
        start(context(5, ackTimeoutMs, 60_000));
        final String slow = placeAtVenue(370); // never answered, nor asked about
        venue().onApp((message, sessionId) ->
        {
            try
            {
                if (!slow.equals(message.getString(ClOrdID.FIELD)))
                {
                    answer(message, true);
                }
            }
            catch (final quickfix.FieldNotFound ex)
            {
                throw new IllegalStateException(ex);
            }
        });

        // Others answered every 50 ms while the slow order's questions time out again (200, 400, 800 ms...).
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40 * ackTimeoutMs);
        long next = 371;
        while (side.gateway().counters().venueAckTimeouts().get() < 5 && System.nanoTime() - deadline < 0)
        {
            core.newOrder(next, Side.BUY, OrdType.LIMIT, "190", 1);
            core.awaitExecution(next++, ExecType.NEW);
            Thread.sleep(50);
        }
        assertTrue(side.gateway().counters().venueAckTimeouts().get() >= 5, "the questions timed out again");
        assertEquals(CircuitBreaker.State.CLOSED, side.gateway().venueAdapter().circuitState(VENUE_ID),
            "one slow order at a venue that answers others is one failure, below the threshold of 5");
    }

    /**
     * A venue whose session lives (heartbeats) but which answers nothing at all opened its breaker only after five
     * orders, each counted once: with one order waiting it stayed CLOSED, /health UP, and the next orders went to it.
     */
    @Test
    void aVenueThatAnswersNothingOpensItsBreakerOnTheQuestionsOfOneOrder() throws Exception
    {
        start(context(3, 200, 60_000)); // the venue answers nothing
        placeAtVenue(380);
        core.awaitStatus(VenueStatus.CIRCUIT_OPEN); // its first timeout and two questions unanswered
    }

    @Test
    void logsAnOpeningOnceNamingItsCauseNotAgainForEveryFailedProbe() throws Exception
    {
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            start(context(1, 200, 300)); // the venue answers nothing
            placeAtVenue(380);
            for (int opening = 0; opening < 3; opening++)
            {
                core.awaitStatus(VenueStatus.CIRCUIT_OPEN); // opened, then re-opened by two failed probes
            }
        }
        finally
        {
            System.setErr(err);
        }
        final List<String> warnings = captured.toString(StandardCharsets.UTF_8).lines()
            .filter((line) -> line.contains(" WARN ") && line.contains("circuit breaker OPEN")).toList();
        assertEquals(1, warnings.size(), () -> String.join("\n", warnings));
        final String warning = warnings.get(0);
        assertTrue(warning.contains("venue 1 circuit breaker OPEN after 1 consecutive failures " +
            "(peregrine.gateway.circuit.failures), the last one order 380 (ClOrdID " + side.venueClOrdId("380") +
            "): the venue did not answer a request about it within peregrine.gateway.circuit.ack.timeout.ms (200 ms): " +
            "check that the venue is up"), warning);
        assertTrue(warning.endsWith("until a probe, 300 ms (peregrine.gateway.circuit.cool.down.ms) after each " +
            "opening, is answered"), warning);
    }

    @Test
    void opensTheCircuitAfterConsecutiveSessionLevelRejectsAndLetsOneProbeThroughAfterTheCoolDown() throws Exception
    {
        final boolean[] accept = {false};
        // The cool-down is long enough that order 310 surely meets the open breaker even on a starved 2-core CI
        // machine (3 s was not: a stalled test thread let the breaker go half-open and 310 became the probe).
        final long coolDownMs = 8_000;
        start(context(3, 10_000, coolDownMs));
        venue().onApp((message, sessionId) -> answer(message, accept[0], true));

        for (int i = 1; i <= 3; i++)
        {
            core.newOrder(300 + i, Side.BUY, OrdType.LIMIT, "190", 1);
            assertEquals(RejectReason.MALFORMED_MESSAGE,
                core.awaitExecution(300 + i, ExecType.REJECTED).rejectReason());
        }
        core.awaitStatus(VenueStatus.CIRCUIT_OPEN);
        venue().appMessages.clear();

        core.newOrder(310, Side.BUY, OrdType.LIMIT, "190", 1);
        assertEquals(RejectReason.CIRCUIT_BREAKER_OPEN, core.awaitExecution(310, ExecType.REJECTED).rejectReason());
        assertNull(venue().appMessages.poll(100, TimeUnit.MILLISECONDS),
            "an open circuit keeps orders from the venue");

        core.awaitStatus(VenueStatus.CIRCUIT_HALF_OPEN, coolDownMs + WAIT_MS);
        accept[0] = true;
        core.newOrder(320, Side.BUY, OrdType.LIMIT, "190", 1);
        core.awaitExecution(320, ExecType.NEW);
        core.awaitStatus(VenueStatus.CONNECTED);
        assertEquals(CircuitBreaker.State.CLOSED, side.gateway().venueAdapter().circuitState(VENUE_ID));

        core.newOrder(321, Side.BUY, OrdType.LIMIT, "190", 1);
        core.awaitExecution(321, ExecType.NEW);
    }

    @Test
    void opensTheCircuitWhenTheVenueDoesNotAnswerInTime() throws Exception
    {
        start(context(2, 200, 60_000));

        core.newOrder(401, Side.BUY, OrdType.LIMIT, "190", 1);
        core.newOrder(402, Side.BUY, OrdType.LIMIT, "190", 1);
        core.awaitStatus(VenueStatus.CIRCUIT_OPEN);
        // Opened by the two orders' timeouts. Not exactly 2: each unanswered order is then asked its status, and that
        // times out every 200 ms too (a test thread that reads the counter late on a loaded machine sees 3 or 4).
        assertTrue(side.gateway().counters().venueAckTimeouts().get() >= 2, "opened by ack timeouts");

        core.newOrder(403, Side.BUY, OrdType.LIMIT, "190", 1);
        assertEquals(RejectReason.CIRCUIT_BREAKER_OPEN, core.awaitExecution(403, ExecType.REJECTED).rejectReason());
        core.cancel(401, 1, 1);
        final Message cancel = side.nextVenueMessage(MsgType.ORDER_CANCEL_REQUEST);
        assertEquals(side.venueClOrdId("401-1"), cancel.getString(ClOrdID.FIELD), "cancels pass an open circuit");
    }

    @Test
    void requestsUnansweredWhenTheVenueDiedAreAskedAboutAtTheLogonAndDoNotOpenTheBreakerOfTheNewSession()
        throws Exception
    {
        // Three unanswered orders: enough to open the breaker (threshold 3) if they counted against the next session.
        // The ack timeout is longer than any answered round trip on a starved machine (VenueSendQueueSystemTest).
        final long ackTimeoutMs = 4_000;
        start(context(3, ackTimeoutMs, 600_000)); // the venue answers nothing
        for (int orderId = 1; orderId <= 3; orderId++)
        {
            placeAtVenue(orderId);
        }

        // The venue dies with the three orders unanswered and comes back. It acknowledges new orders at once but
        // leaves the gateway's questions about the three unanswered, past the ack timeout.
        side.stopVenue();
        core.awaitStatus(VenueStatus.DISCONNECTED);
        core.clear();
        side.startVenue().onApp((message, sessionId) -> answer(message, true));
        core.awaitStatus(VenueStatus.CONNECTED);

        core.newOrder(10, Side.BUY, OrdType.LIMIT, "190", 1);
        assertAccepted(core.awaitExecution(10));
        for (int i = 0; i < 3; i++)
        {
            side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        }
        Await.until("the questions asked at the logon unanswered for an ack timeout",
            () -> side.gateway().counters().venueAckTimeouts().get() >= 3, ackTimeoutMs + WAIT_MS);

        core.newOrder(11, Side.BUY, OrdType.LIMIT, "190", 1);
        assertAccepted(core.awaitExecution(11));
        assertEquals(CircuitBreaker.State.CLOSED, side.gateway().venueAdapter().circuitState(VENUE_ID));
        assertFalse(core.sawStatus(VenueStatus.CIRCUIT_OPEN, 100), "no CIRCUIT_OPEN was published");

        // The questions are still asked at each timeout: answered, they settle the orders.
        venue().onApp((message, sessionId) -> answerStatusWorking(message));
        for (int orderId = 1; orderId <= 3; orderId++)
        {
            core.awaitExecution(orderId, ExecType.NEW);
        }
    }

    @Test
    void aBreakerOpenedByUnansweredOrdersProbesTheVenueItselfAndClosesWithNoOrderComing() throws Exception
    {
        final long ackTimeoutMs = 4_000;
        final AtomicBoolean answerQuestions = new AtomicBoolean();
        side.startVenue().onApp((message, sessionId) ->
        {
            if (answerQuestions.get())
            {
                answerStatusWorking(message);
            }
        });
        side.startGateway(context(2, ackTimeoutMs, 1_000));

        // The venue stops answering: two orders time out and open the breaker.
        core.newOrder(1, Side.BUY, OrdType.LIMIT, "190", 10);
        core.newOrder(2, Side.BUY, OrdType.LIMIT, "190", 10);
        core.awaitStatus(VenueStatus.CIRCUIT_OPEN, ackTimeoutMs + WAIT_MS);

        // It answers again, and no order comes: the breaker half-opens, asks the venue about a working order itself,
        // and the answer closes it.
        answerQuestions.set(true);
        core.awaitStatus(VenueStatus.CIRCUIT_HALF_OPEN);
        core.awaitStatus(VenueStatus.CONNECTED, 2 * ackTimeoutMs + WAIT_MS);
        assertEquals(CircuitBreaker.State.CLOSED, side.gateway().venueAdapter().circuitState(VENUE_ID));

        venue().onApp((message, sessionId) -> answer(message, true));
        core.newOrder(3, Side.BUY, OrdType.LIMIT, "190", 1);
        assertAccepted(core.awaitExecution(3));
    }

    private static void assertAccepted(final VenueExecutionDecoder execution)
    {
        assertEquals(ExecType.NEW, execution.execType(),
            () -> "order " + execution.orderId() + " " + execution.rejectReason() + ": " + execution.text());
    }

    @Test
    void pendingAcknowledgementsCountAsAnswersAndAreNotForwarded() throws Exception
    {
        // The ack timeout must cover the venue's PendingNew round trip on a starved machine (1.5 s did not), and the
        // quiet period must outlast the timeout so that a PendingNew that did not count would open the circuit.
        final long ackTimeoutMs = 4_000;
        start(context(1, ackTimeoutMs, 60_000));

        core.newOrder(451, Side.BUY, OrdType.LIMIT, "190", 1);
        venue().nextApp(WAIT_MS);
        venue().send(reports.report(side.venueClOrdId("451"), null, quickfix.field.ExecType.PENDING_NEW, OrdStatus.PENDING_NEW,
            1, 0, 0, 1, "190"));
        assertTrue(core.nothingOf(VenueSessionStatusDecoder.TEMPLATE_ID, ackTimeoutMs + 1_000),
            "no timeout, so no CIRCUIT_OPEN");
        assertEquals(0, side.gateway().counters().venueAckTimeouts().get());
        assertTrue(core.nothingOf(VenueExecutionDecoder.TEMPLATE_ID, 10), "pending states are not forwarded");
        venue().send(reports.report(side.venueClOrdId("451"), null, quickfix.field.ExecType.NEW, OrdStatus.NEW, 1, 0, 0, 1, "190"));
        core.awaitExecution(451, ExecType.NEW);
    }

    @Test
    void aRestartedCoreStartsANewRunWhoseOrderIdsNeverMeetReportsOfTheOldRun() throws Exception
    {
        start(context(5, 5_000, 5_000));
        final String oldRunClOrdId = placeAtVenue(701);
        final long oldRun = side.gateway().venueAdapter().runId();

        core.restart();
        final String newRunClOrdId = placeAtVenue(701);
        assertTrue(side.gateway().venueAdapter().runId() > oldRun);
        assertTrue(!newRunClOrdId.equals(oldRunClOrdId), "ClOrdIDs stay unique at the venue across core runs");
        assertEquals(side.venueClOrdId("701"), newRunClOrdId);

        venue().send(reports.report(oldRunClOrdId, null, quickfix.field.ExecType.NEW, OrdStatus.NEW,
            10, 0, 0, 10, "190"));
        venue().send(reports.report(newRunClOrdId, null, quickfix.field.ExecType.NEW, OrdStatus.NEW,
            10, 0, 0, 10, "190"));
        core.awaitExecution(701, ExecType.NEW);
        assertTrue(core.nothingOf(VenueExecutionDecoder.TEMPLATE_ID, 300), "the old run's report is not forwarded");
        assertEquals(1, side.gateway().counters().venueOrphanReports().get());
    }

    @Test
    void aRestartedJournaledCoreContinuesItsRunAndGetsTheReportsOfItsEarlierOrders() throws Exception
    {
        start(context(5, 5_000, 5_000).coreJournaled(true));
        final String clOrdId = placeAtVenue(801);
        final long run = side.gateway().venueAdapter().runId();

        // The core process restarts on its journal: a new Aeron session, the same orders and order ids.
        core.restart();
        // The adapter asks the venue about the orders the restarted core holds as working.
        assertEquals(clOrdId, side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD));
        core.newOrder(801, Side.BUY, OrdType.LIMIT, "190", 10); // a recovering core re-sends what it cannot know
        core.newOrder(802, Side.BUY, OrdType.LIMIT, "190", 10);
        assertEquals(side.venueClOrdId("802"), side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE).getString(ClOrdID.FIELD),
            "801 is not sent a second time");
        assertEquals(run, side.gateway().venueAdapter().runId(), "same run");

        venue().send(reports.report(clOrdId, null, quickfix.field.ExecType.NEW, OrdStatus.NEW, 10, 0, 0, 10, "190"));
        core.awaitExecution(801, ExecType.NEW);
        assertEquals(0, side.gateway().counters().venueOrphanReports().get(), "the earlier order's report is forwarded");
    }

    @Test
    void anOrderAnsweredAsNeverSentAtStartIsNotSentWhenTheRestartedCoreSendsItAgain() throws Exception
    {
        // The core journaled order 901 for the venue and died with the gateway before the gateway read it. At start
        // the gateway answers it VENUE_UNAVAILABLE from the core journal; the restarted core, which may re-send its
        // unanswered requests before it reads that answer, must not get it to the venue: the core closes it rejected.
        // The gateway served that core before (its venue order journal recorded the core's run): a journal that never
        // did cannot tell what was sent (GatewayDataDirectorySystemTest).
        start(context(5, 5_000, 5_000));
        Await.until("the core's run recorded", () -> 0 != side.gateway().venueAdapter().runId(), WAIT_MS);
        side.stopGateway();
        core.awaitStatus(VenueStatus.DISCONNECTED);
        core.clear();
        final Path journalDir = side.gatewayDir().resolveSibling("core-journal");
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            core.journalNewOrder(journal, 901, Side.BUY, "190", 10);
        }
        start(context(5, 5_000, 5_000).coreJournalDir(journalDir));
        final VenueExecutionDecoder rejected = core.awaitExecution(901, ExecType.REJECTED);
        assertEquals(RejectReason.VENUE_UNAVAILABLE, rejected.rejectReason());
        assertEquals(1, side.gateway().venueAdapter().unsentAnswered());

        core.newOrder(901, Side.BUY, OrdType.LIMIT, "190", 10);
        core.newOrder(902, Side.BUY, OrdType.LIMIT, "190", 10);
        assertEquals(side.venueClOrdId("902"), side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE).getString(ClOrdID.FIELD),
            "901 never reaches the venue");
        assertEquals(1, side.gateway().counters().venueDuplicateOrders().get());
    }

    @Test
    void neverSendsTheSameOrderTwiceAcrossAGatewayRestart() throws Exception
    {
        start(context(5, 5_000, 5_000));
        assertEquals(side.venueClOrdId("501"), placeAtVenue(501));
        venue().send(reports.report(side.venueClOrdId("501"), null, quickfix.field.ExecType.NEW, OrdStatus.NEW, 10, 0, 0, 10, "190"));
        core.awaitExecution(501, ExecType.NEW);
        core.replace(501, 2, "190.5", 10);
        assertEquals(side.venueClOrdId("501-2"), venue().nextApp(WAIT_MS).getString(ClOrdID.FIELD));
        venue().send(reports.report(side.venueClOrdId("501-2"), side.venueClOrdId("501"), quickfix.field.ExecType.REPLACED, OrdStatus.NEW,
            10, 0, 0, 10, "190.5"));
        core.awaitExecution(501, ExecType.REPLACED);

        side.stopGateway();
        core.awaitStatus(VenueStatus.DISCONNECTED);
        core.clear();
        side.startGateway(context(5, 5_000, 5_000));

        // After the logon the gateway asks the status of 501 (working): by its replaced ClOrdID.
        assertEquals(side.venueClOrdId("501-2"), side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD));
        core.newOrder(501, Side.BUY, OrdType.LIMIT, "190", 10);
        core.newOrder(502, Side.BUY, OrdType.LIMIT, "190", 10);
        assertEquals(side.venueClOrdId("502"), side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE).getString(ClOrdID.FIELD),
            "501 is not sent a second time");
        assertEquals(1, side.gateway().counters().venueDuplicateOrders().get());
        core.cancel(501, 3, 10);
        final Message cancel = side.nextVenueMessage(MsgType.ORDER_CANCEL_REQUEST);
        assertEquals(side.venueClOrdId("501-2"), cancel.getString(OrigClOrdID.FIELD), "the replaced ClOrdID survived the restart");
    }

    @Test
    void aRestartOnCompactedVenueJournalsSendsNoOrderOrReplaceTwiceAndAppliesNoReportTwice() throws Exception
    {
        start(context(5, 5_000, 5_000));
        side.placeAcknowledgedOrder(511, reports);
        core.replace(511, 2, "190.5", 10);
        assertEquals(side.venueClOrdId("511-2"), side.nextVenueMessage(MsgType.ORDER_CANCEL_REPLACE_REQUEST).getString(ClOrdID.FIELD));
        venue().send(reports.report(side.venueClOrdId("511-2"), side.venueClOrdId("511"), quickfix.field.ExecType.REPLACED, OrdStatus.NEW,
            10, 0, 0, 10, "190.5"));
        core.awaitExecution(511, ExecType.REPLACED);
        final ExecutionReport partial = reports.fill(side.venueClOrdId("511-2"), 10, 4, 4, "190.5");
        partial.set(new ExecID("P511"));
        venue().send(partial);
        core.awaitExecution(511, ExecType.PARTIAL_FILL);
        final long runId = side.gateway().venueAdapter().runId();
        side.stopGateway();
        core.awaitStatus(VenueStatus.DISCONNECTED);
        core.clear();

        // A long day since: twice as many orders done, and reports of closed orders, as the journals' windows keep.
        final Path orders = side.gatewayDir().resolve("venue").resolve("orders.log");
        final Path reports = side.gatewayDir().resolve("venue").resolve("reports.log");
        try (VenueOrderJournal orderJournal = new VenueOrderJournal(orders);
            VenueReportJournal reportJournal = new VenueReportJournal(reports))
        {
            final int done = 2 * Math.max(VenueOrderJournal.DEFAULT_DONE_ORDERS_RETAINED,
                VenueReportJournal.DEFAULT_CLOSED_KEY_WINDOW) + 1_000;
            for (long orderId = 100_000; orderId < 100_000 + done; orderId++)
            {
                orderJournal.onSent(VENUE_ID, orderId, '1', "AAPL");
                orderJournal.onDone(orderId);
                final String fill = "8=FIX.4.4\u000135=8\u000111=" + VenueClOrdId.format(runId, orderId, 0) +
                    "\u000117=E" + orderId + "\u000139=2\u0001";
                reportJournal.forwarded(reportJournal.accept(VENUE_ID, "E" + orderId, fill));
            }
        }
        final long ordersBefore = Files.size(orders);
        final long reportsBefore = Files.size(reports);

        side.startGateway(context(5, 5_000, 5_000));
        assertTrue(Files.size(orders) < ordersBefore / 2, "the order journal was compacted at start");
        assertTrue(Files.size(reports) < reportsBefore / 2, "the report journal was compacted at start");
        assertEquals(side.venueClOrdId("511-2"), side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD),
            "the working order is asked about by its current ClOrdID");
        // The core sends its unanswered requests again (as after its own restart): neither goes to the venue again.
        core.newOrder(511, Side.BUY, OrdType.LIMIT, "190", 10);
        core.replace(511, 2, "190.5", 10);
        core.newOrder(512, Side.BUY, OrdType.LIMIT, "190", 10);
        assertEquals(side.venueClOrdId("512"), side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE).getString(ClOrdID.FIELD));
        assertEquals(2, side.gateway().counters().venueDuplicateOrders().get());
        // The venue resends the fill: known, not applied again.
        assertPossDupResendNotApplied(partial, VenueExecutionDecoder.TEMPLATE_ID);
    }

    @Test
    void appliesAVenueReportOnceAcrossPossDupResendsAndGatewayRestarts() throws Exception
    {
        start(context(5, 5_000, 5_000));
        final String clOrdId = placeAtVenue(601);
        final ExecutionReport partial = reports.fill(clOrdId, 10, 4, 4, "190");
        partial.set(new ExecID("P601"));
        venue().send(partial);
        assertEquals(4, core.awaitExecution(601, ExecType.PARTIAL_FILL).lastQty());

        // The venue resends it (PossDupFlag=Y), e.g. after our ResendRequest: not booked a second time.
        assertPossDupResendNotApplied(partial, VenueExecutionDecoder.TEMPLATE_ID);

        side.restartGateway(context(5, 5_000, 5_000));

        // Across the restart: the same ExecID is still known; a PossDup report never applied is applied.
        venue().send(partial);
        final ExecutionReport fill = reports.fill(clOrdId, 10, 6, 10, "190");
        fill.set(new ExecID("F601"));
        venue().send(fill);
        final VenueExecutionDecoder filled = core.awaitExecution(601, ExecType.FILL);
        assertEquals(6, filled.lastQty());
        assertEquals(10, filled.cumQty());
        assertTrue(core.nothingOf(VenueExecutionDecoder.TEMPLATE_ID, 500), "the partial fill was not forwarded again");
        assertEquals(1, side.gateway().counters().venueDuplicateReports().get());
    }

    @Test
    void aReportAcceptedButNotYetForwardedWhenTheGatewayDiedReachesTheCoreAtTheNextStart() throws Exception
    {
        start(context(5, 5_000, 5_000));
        final String clOrdId = placeAtVenue(701);

        final ExecutionReport fill = reports.fill(clOrdId, 10, 10, 10, "190");
        acceptedButNotForwardedBeforeARestart(fill, "F701");
        final VenueExecutionDecoder filled = core.awaitExecution(701, ExecType.FILL);
        assertEquals(10, filled.lastQty());

        // The venue resending it now changes nothing; after another restart it is not replayed again.
        venue().markPossDup(true);
        venue().send(fill);
        assertTrue(core.nothingOf(VenueExecutionDecoder.TEMPLATE_ID, 1_000));
        side.restartGateway(context(5, 5_000, 5_000));
        assertTrue(core.nothingOf(VenueExecutionDecoder.TEMPLATE_ID, 1_000));
    }

    @Test
    void theVenuesAvgPxReachesTheCoreWithItsFillsAndItsAbsenceReadsAsNotKnown() throws Exception
    {
        start(context(5, 5_000, 5_000));
        final String clOrdId = placeAtVenue(611);
        final ExecutionReport partial = reports.fill(clOrdId, 10, 4, 4, "189.9");
        partial.setDecimal(AvgPx.FIELD, new BigDecimal("189.875"));
        venue().send(partial);
        final VenueExecutionDecoder fill = core.awaitExecution(611, ExecType.PARTIAL_FILL);
        assertEquals(Prices.parse("189.9"), fill.lastPx());
        assertEquals(Prices.parse("189.875"), fill.avgPx(), "AvgPx(6): the venue's average price of its CumQty");

        // A venue that leaves AvgPx out (its report read from the venue journal: a session would refuse it).
        final ExecutionReport rest = reports.fill(clOrdId, 10, 6, 10, "190");
        rest.removeField(AvgPx.FIELD);
        acceptedButNotForwardedBeforeARestart(rest, "F611");
        final VenueExecutionDecoder filled = core.awaitExecution(611, ExecType.FILL);
        assertEquals(10, filled.cumQty());
        assertEquals(VenueInMessages.AVG_PX_UNKNOWN, filled.avgPx(), "not known, rather than a price of 0");
    }

    @Test
    void aSwallowedNewOrderIsResolvedByOrderStatusRequestAsLostWithinTheAckTimeout() throws Exception
    {
        start(context(5, 300, 5_000));
        core.newOrder(901, Side.SELL, OrdType.LIMIT, "190", 10);
        assertEquals(side.venueClOrdId("901"), side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE).getString(ClOrdID.FIELD)); // swallowed

        final Message status = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        assertEquals(side.venueClOrdId("901"), status.getString(ClOrdID.FIELD));
        assertEquals('2', status.getChar(quickfix.field.Side.FIELD));
        assertEquals("AAPL", status.getString(quickfix.field.Symbol.FIELD));
        assertEquals(0, answerUnknownOrder(901).leavesQty());
        assertEquals(1, side.gateway().counters().venueLostOrders().get());
    }

    @Test
    void aSwallowedCancelIsRefusedAndACancelWhoseReportWasLostIsCanceledAfterOrderStatusRequest() throws Exception
    {
        // The two orders are acknowledged first: an ack later than the timeout (a starved machine) would bring an
        // extra status request and break the count below, so the timeout is well above a loaded round trip.
        start(context(5, 3_000, 5_000));
        side.placeAcknowledgedOrder(902, reports);
        side.placeAcknowledgedOrder(903, reports);

        // 902: the cancel never reached the venue's book; the order still works there.
        cancelAtVenue(902, 3);
        Message status = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        assertEquals(side.venueClOrdId("902"), status.getString(ClOrdID.FIELD), "asked by the order's ClOrdID, not the cancel's");
        venue().send(statusReport(side.venueClOrdId("902"), OrdStatus.PARTIALLY_FILLED, 10, 4, 6));
        final VenueExecutionDecoder fill = core.awaitExecution(902, ExecType.PARTIAL_FILL);
        assertEquals(4, fill.cumQty(), "fills the venue reports in its answer reach the core");
        assertEquals(4, fill.lastQty(), "as one fill of the whole cumQty...");
        assertEquals(190 * Prices.SCALE, fill.lastPx(), "...at the answer's AvgPx");
        assertEquals(190 * Prices.SCALE, fill.avgPx(), "and the AvgPx itself: the core prices what it lacks by it");
        final VenueCancelRejectDecoder refused = core.awaitCancelReject(902);
        assertEquals(3, refused.requestId());
        assertEquals(RejectReason.VENUE_TIMEOUT, refused.rejectReason());

        // 903: the venue canceled it, but its report was lost.
        core.cancel(903, 4, 10);
        side.nextVenueMessage(MsgType.ORDER_CANCEL_REQUEST);
        status = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        assertEquals(side.venueClOrdId("903"), status.getString(ClOrdID.FIELD));
        venue().send(statusReport(side.venueClOrdId("903"), OrdStatus.CANCELED, 10, 0, 0));
        core.awaitExecution(903, ExecType.CANCELED);
        assertEquals(2, side.gateway().counters().venueStatusRequests().get());
    }

    @Test
    void aCancelPendingWhenTheGatewayStoppedIsSettledByOrderStatusRequestAfterTheRestart() throws Exception
    {
        start(context(5, 5_000, 5_000));
        side.placeAcknowledgedOrder(905, reports);
        // The cancel is sent; the venue never acts on it, and the gateway stops before anything answers it.
        cancelAtVenue(905, 6);
        side.stopGateway();
        core.awaitStatus(VenueStatus.DISCONNECTED);
        core.clear();

        side.startGateway(context(5, 5_000, 5_000));
        assertEquals(side.venueClOrdId("905"), side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD));
        venue().send(statusReport(side.venueClOrdId("905"), OrdStatus.NEW, 10, 0, 10));
        final VenueCancelRejectDecoder refused = core.awaitCancelReject(905);
        assertEquals(6, refused.requestId(), "the cancel pending before the restart is answered after it");
        assertEquals(RejectReason.VENUE_TIMEOUT, refused.rejectReason());

        // The same request sent again by the core is recognised; a new one goes out.
        core.cancel(905, 6, 10);
        cancelAtVenue(905, 7);
        assertEquals(1, side.gateway().counters().venueDuplicateOrders().get());
    }

    @Test
    void aVenueThatLostItsBookIsAskedAboutEveryWorkingOrderWhenItLogsOnAgain() throws Exception
    {
        // The venue restarts without its book and with a fresh FIX store.
        placeOrderThenRestartVenueWithoutItsBook(context(5, 5_000, 5_000), 904, true);

        final Message status = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        assertEquals(side.venueClOrdId("904"), status.getString(ClOrdID.FIELD));
        answerUnknownOrder(904);
    }

    @Test
    void anOrderStatusRequestTheVenueAsksToBeResentIsResentNotGapFilled() throws Exception
    {
        // A long ack timeout: only the logon sweep asks, so nothing but the resend can bring the question again.
        placeOrderThenRestartVenueWithoutItsBook(context(5, 60_000, 5_000), 906, false);

        // What a venue that lost the last messages it was sent does after its restart: it asks for them again, and
        // the OrderStatusRequests the gateway sent right after the logon fall inside that range (EndSeqNo 0).
        final Message asked = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        final int seqNum = asked.getHeader().getInt(quickfix.field.MsgSeqNum.FIELD);
        // QuickFIX/J hands the message to the application before it counts it: wait until it is counted, or the count
        // would overwrite the rewind below and the resent copy be dropped as a duplicate.
        Await.until("the venue counting message " + seqNum,
            () -> venue().session().getExpectedTargetNum() == seqNum + 1, WAIT_MS);
        venue().session().setNextTargetMsgSeqNum(seqNum);
        venue().send(new quickfix.fix44.ResendRequest(new quickfix.field.BeginSeqNo(seqNum),
            new quickfix.field.EndSeqNo(seqNum)));

        final Message resent = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        assertEquals(side.venueClOrdId("906"), resent.getString(ClOrdID.FIELD));
        assertTrue(resent.getHeader().getBoolean(quickfix.field.PossDupFlag.FIELD), "resent, not gap-filled");
        answerUnknownOrder(906);
    }

    @Test
    void anOrderStatusRequestStaysOpenUntilAnsweredWhenACancelOfTheOrderIsRefusedMeanwhile() throws Exception
    {
        placeOrderThenRestartVenueWithoutItsBook(context(50, 2_000, 5_000), 907, false);

        // The question is lost on the way; a cancel of the order is refused by the venue before the ack timeout.
        assertEquals(side.venueClOrdId("907"), side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD));
        cancelAtVenue(907, 8);
        final OrderCancelReject unknown = new OrderCancelReject(new OrderID("NONE"), new ClOrdID(side.venueClOrdId("907-8")),
            new OrigClOrdID(side.venueClOrdId("907")), new OrdStatus(OrdStatus.REJECTED),
            new CxlRejResponseTo(CxlRejResponseTo.ORDER_CANCEL_REQUEST));
        unknown.set(new CxlRejReason(CxlRejReason.UNKNOWN_ORDER));
        venue().send(unknown);
        assertEquals(8, core.awaitCancelReject(907).requestId());

        // The refusal answers the cancel, not the question: it is asked again at the ack timeout and settled.
        assertEquals(side.venueClOrdId("907"), side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD));
        answerUnknownOrder(907);
    }

    @Test
    void aVenueCancelRejectIsAppliedOnceAcrossPossDupResendsAndGatewayRestarts() throws Exception
    {
        start(context(50, 30_000, 5_000));
        side.placeAcknowledgedOrder(703, reports);

        // Refused live, then resent by the venue (PossDupFlag=Y): the core hears of it once.
        cancelAtVenue(703, 5);
        final OrderCancelReject first = tooLate(side.venueClOrdId("703-5"), side.venueClOrdId("703"));
        venue().send(first);
        assertEquals(5, core.awaitCancelReject(703).requestId());
        assertPossDupResendNotApplied(first, VenueCancelRejectDecoder.TEMPLATE_ID);
        venue().markPossDup(false);

        // The next refusal was accepted by QuickFIX/J but not yet handed to the core when the gateway died (what a
        // SIGKILL leaves: its R record only): it reaches the core at the next start, once.
        core.cancel(703, 6, 10);
        final String cancelClOrdId = side.venueClOrdId("703-6");
        final String orderClOrdId = side.venueClOrdId("703");
        assertEquals(cancelClOrdId, side.nextVenueMessage(MsgType.ORDER_CANCEL_REQUEST).getString(ClOrdID.FIELD));
        side.stopGateway();
        final OrderCancelReject second = tooLate(cancelClOrdId, orderClOrdId);
        try (VenueReportJournal journal = reportJournal())
        {
            assertTrue(journal.acceptCancelReject(VENUE_ID, cancelClOrdId, asReceivedFromVenue(second).toString()) > 0);
        }
        core.clear();
        side.startGateway(context(50, 30_000, 5_000));
        final VenueCancelRejectDecoder replayed = core.awaitCancelReject(703);
        assertEquals(6, replayed.requestId());
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, replayed.rejectReason());

        assertPossDupResendNotApplied(tooLate(cancelClOrdId, orderClOrdId), VenueCancelRejectDecoder.TEMPLATE_ID);
        side.restartGateway(context(50, 30_000, 5_000));
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 1_000), "not replayed a second time");
    }

    /**
     * The venue sends the report again with PossDupFlag=Y (and goes on marking what it sends so): nothing of its kind
     * reaches the core within a second, and it is the one duplicate report the running gateway has counted.
     */
    private void assertPossDupResendNotApplied(final Message report, final int templateId) throws Exception
    {
        venue().markPossDup(true);
        venue().send(report);
        assertTrue(core.nothingOf(templateId, 1_000), "a PossDup resend of a report applied before is not applied");
        assertEquals(1, side.gateway().counters().venueDuplicateReports().get());
    }

    private static OrderCancelReject tooLate(final String clOrdId, final String origClOrdId)
    {
        final OrderCancelReject reject = new OrderCancelReject(new OrderID("V703"), new ClOrdID(clOrdId),
            new OrigClOrdID(origClOrdId), new OrdStatus(OrdStatus.NEW),
            new CxlRejResponseTo(CxlRejResponseTo.ORDER_CANCEL_REQUEST));
        reject.set(new CxlRejReason(CxlRejReason.TOO_LATE_TO_CANCEL));
        return reject;
    }

    /**
     * Starts the venue and the gateway, places an acknowledged order, then the venue restarts without its book (the
     * test venue keeps none), on its FIX store or a fresh one; the gateway logs on again and asks about its working
     * orders.
     */
    private void placeOrderThenRestartVenueWithoutItsBook(
        final GatewayContext ctx, final long orderId, final boolean freshStore) throws Exception
    {
        start(ctx);
        side.placeAcknowledgedOrder(orderId, reports);
        side.stopVenue();
        core.awaitStatus(VenueStatus.DISCONNECTED);
        if (freshStore)
        {
            TempDirs.delete(side.venueStore());
        }
        core.clear();
        side.startVenue();
        core.awaitStatus(VenueStatus.CONNECTED);
    }

    private ExecutionReport statusReport(
        final String clOrdId, final char ordStatus, final long qty, final long cumQty, final long leavesQty)
    {
        final ExecutionReport status = reports.report(clOrdId, null, quickfix.field.ExecType.ORDER_STATUS, ordStatus,
            qty, 0,
            cumQty, leavesQty, "190");
        status.set(new AvgPx(190));
        return status;
    }

    /**
     * The venue answers the gateway's question about the order: it does not know it; the core hears the order
     * canceled as lost.
     */
    private VenueExecutionDecoder answerUnknownOrder(final long orderId) throws Exception
    {
        venue().send(unknownStatus(side.venueClOrdId(Long.toString(orderId))));
        final VenueExecutionDecoder canceled = core.awaitExecution(orderId, ExecType.CANCELED);
        final String text = canceled.text();
        assertTrue(text.contains("venue lost the order"), text);
        return canceled;
    }

    private ExecutionReport unknownStatus(final String clOrdId)
    {
        final ExecutionReport status = reports.report(clOrdId, null, quickfix.field.ExecType.ORDER_STATUS,
            OrdStatus.REJECTED, 10, 0, 0, 0, "190");
        status.set(new quickfix.field.OrdRejReason(quickfix.field.OrdRejReason.UNKNOWN_ORDER));
        status.set(new Text("Unknown order"));
        return status;
    }

    /** Answers an OrderStatusRequest (anything else is ignored): the order (10 at 190) is working, nothing filled. */
    private void answerStatusWorking(final Message question)
    {
        try
        {
            if (MsgType.ORDER_STATUS_REQUEST.equals(question.getHeader().getString(MsgType.FIELD)))
            {
                venue().send(statusReport(question.getString(ClOrdID.FIELD), OrdStatus.NEW, 10, 0, 10));
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void answer(final Message order, final boolean accept)
    {
        answer(order, accept, false);
    }

    /** Acknowledges a NewOrderSingle, or refuses it: with a session-level Reject, else an ExecutionReport. */
    private void answer(final Message order, final boolean accept, final boolean sessionLevelReject)
    {
        try
        {
            if (!MsgType.NEW_ORDER_SINGLE.equals(order.getHeader().getString(MsgType.FIELD)))
            {
                return;
            }
            final String clOrdId = order.getString(ClOrdID.FIELD);
            if (!accept && sessionLevelReject)
            {
                final quickfix.fix44.Reject reject = new quickfix.fix44.Reject(
                    new quickfix.field.RefSeqNum(order.getHeader().getInt(quickfix.field.MsgSeqNum.FIELD)));
                reject.set(new Text("required tag missing"));
                venue().send(reject);
                return;
            }
            final ExecutionReport report = accept ?
                reports.report(clOrdId, null, quickfix.field.ExecType.NEW, OrdStatus.NEW, 1, 0, 0, 1, "190") :
                reports.report(clOrdId, null, quickfix.field.ExecType.REJECTED, OrdStatus.REJECTED, 1, 0, 0, 0, "190");
            if (!accept)
            {
                report.set(new Text("unknown symbol MSFT"));
            }
            venue().send(report);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

}
