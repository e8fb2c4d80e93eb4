package io.peregrine.gateway.venue;

import io.peregrine.gateway.GatewayContext;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueExecutionEncoder;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixReports;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.Session;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.Text;
import quickfix.fix44.ExecutionReport;
import quickfix.fix44.Heartbeat;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gateway makes of a venue's doubtful answers (fix-gateway README, "Order status reconciliation"): a gap fill
 * over messages it asked to be resent makes it ask about the venue's working orders; status answers with negative
 * quantities or naming a request never sent are not acted on (counted, asked again); OrdStatus Rejected without
 * OrdRejReason 5 is a rejection; and an order the venue keeps silent about is asked about at doubling intervals. A
 * status answer and a pending acknowledgement count in the venue's reports in (1221) as forwarded reports do. An
 * order whose questions the venue leaves unanswered {@code peregrine.gateway.venue.status.max.requests} times is no
 * longer asked about: counted (1379) and left as it was, for ops.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class VenueStatusAnswerSystemTest
{
    private static final long WAIT_MS = 10_000;

    private final FixReports reports = new FixReports("S");
    @AutoClose
    private final VenueSideStack side = new VenueSideStack("venue-status", WAIT_MS);
    private final VenueSideCore core = side.core;

    @Test
    void aGapFillOverAResentRangeMakesTheGatewayAskAboutTheVenuesWorkingOrders() throws Exception
    {
        start(side.context(5, 30_000, 5_000)); // no ack timeout asks anything during the test
        side.placeAcknowledgedOrder(301, reports);
        side.placeAcknowledgedOrder(302, reports);
        final long asked = side.gateway().counters().venueStatusRequests().get();

        // The venue skips a sequence number (a fill it never sends), then sends a heartbeat: the gateway asks for the
        // missing message and the venue, having none stored under it, gap-fills it.
        final Session venueSession = venue().session();
        venueSession.setNextSenderMsgSeqNum(venueSession.getStore().getNextSenderMsgSeqNum() + 1);
        venue().send(new Heartbeat());

        final Message first = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        final Message second = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        assertEquals(java.util.Set.of(side.venueClOrdId("301"), side.venueClOrdId("302")),
            java.util.Set.of(first.getString(ClOrdID.FIELD), second.getString(ClOrdID.FIELD)));
        assertEquals(asked + 2, side.gateway().counters().venueStatusRequests().get());

        // the venue reports the fill it had skipped: the core gets it
        venue().send(statusReport(side.venueClOrdId("301"), OrdStatus.PARTIALLY_FILLED, 4, 6));
        final VenueExecutionDecoder fill = core.awaitExecution(301, ExecType.PARTIAL_FILL);
        assertEquals(4, fill.cumQty());
    }

    @Test
    void aStatusAnswerWithANegativeQuantityIsNotActedOnAndTheOrderIsAskedAgain() throws Exception
    {
        start(side.context(5, 300, 5_000));
        core.newOrder(311, Side.BUY, OrdType.LIMIT, "190", 10);
        side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE); // swallowed: the gateway asks
        venue().send(statusReport(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD),
            OrdStatus.NEW, -3, 10));

        assertSettledNothingAndAskedAgain("311", "the garbled answer");

        venue().send(statusReport(side.venueClOrdId("311"), OrdStatus.NEW, 0, 10));
        assertEquals(10, core.awaitExecution(311, ExecType.NEW).leavesQty());
    }

    @Test
    void aStatusAnswerNamingACancelNeverSentDoesNotCancelTheOrder() throws Exception
    {
        start(side.context(5, 300, 5_000));
        core.newOrder(321, Side.BUY, OrdType.LIMIT, "190", 10);
        side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE);
        side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        venue().send(statusReport(side.venueClOrdId("321-999"), OrdStatus.CANCELED, 0, 0));

        assertSettledNothingAndAskedAgain("321", "the answer about a request never sent"); // the order not canceled

        venue().send(statusReport(side.venueClOrdId("321"), OrdStatus.NEW, 0, 10));
        core.awaitExecution(321, ExecType.NEW);
    }

    @Test
    void aStatusAnswerRejectedWithoutUnknownOrderRejectsTheOrderSayingSo() throws Exception
    {
        start(side.context(5, 300, 5_000));
        core.newOrder(331, Side.BUY, OrdType.LIMIT, "190", 10);
        side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE);
        final ExecutionReport rejected =
            statusReport(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD), OrdStatus.REJECTED,
                0, 0);
        rejected.set(new Text("price band"));
        venue().send(rejected);

        final VenueExecutionDecoder execution = core.awaitExecution(331, ExecType.REJECTED);
        assertEquals(RejectReason.VENUE_REJECT, execution.rejectReason());
        assertEquals("order status at the venue: rejected (price band)", execution.text());
        assertEquals(0, side.gateway().counters().venueLostOrders().get(), "rejected, not lost");
        assertEquals(0, side.gateway().counters().venueMalformedStatusAnswers().get());
        assertEquals(1, side.gateway().counters().venue(1).reportsIn().get(), "the status answer is a report in");
    }

    @Test
    void aPendingAcknowledgementIsCountedInTheVenuesReportsIn() throws Exception
    {
        start(side.context(5, 30_000, 5_000));
        core.newOrder(351, Side.BUY, OrdType.LIMIT, "190", 10);
        final String clOrdId = side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE).getString(ClOrdID.FIELD);
        venue().send(reports.report(clOrdId, null, quickfix.field.ExecType.PENDING_NEW, OrdStatus.PENDING_NEW, 10, 0,
            0, 10, "190"));
        Await.until("the PendingNew counted", () -> 1 == side.gateway().counters().venue(1).reportsIn().get(), WAIT_MS);
    }

    @Test
    void anOrderTheVenueKeepsSilentAboutIsAskedAgainAtDoublingIntervals() throws Exception
    {
        final long ackTimeoutMs = 200;
        start(side.context(1_000, ackTimeoutMs, 5_000)); // the breaker stays closed: only the questions are seen
        core.newOrder(341, Side.BUY, OrdType.LIMIT, "190", 10);
        side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE);
        final java.time.LocalDateTime firstQuestion = sendingTime(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST));
        Message question = null;
        for (int i = 0; i < 4; i++)
        {
            question = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        }
        // Measured by the gateway's own SendingTime(52), so a late delivery to the test cannot shorten it; a lower
        // bound only (a slow machine makes it longer): the 4 waits after the first question are 1, 2, 4 and 8 ack
        // timeouts, asked every ack timeout they would be 4.
        final long elapsedMs = java.time.Duration.between(firstQuestion, sendingTime(question)).toMillis();
        assertTrue(elapsedMs >= 15 * ackTimeoutMs - 100, "4 more questions within " + elapsedMs + " ms");
        // the NewOrderSingle's and each question's timeout (a sixth may already have passed if the test thread was slow)
        assertTrue(side.gateway().counters().venueAckTimeouts().get() >= 5, "every timeout is still counted");
    }

    @Test
    void anOrderTheVenueNeverAnswersAboutIsLeftToOpsAfterTheConfiguredNumberOfQuestions() throws Exception
    {
        final long ackTimeoutMs = 100;
        start(side.context(1_000, ackTimeoutMs, 5_000).venueStatusMaxRequests(3));
        core.newOrder(361, Side.BUY, OrdType.LIMIT, "190", 10);
        side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE); // the venue never answers anything about the order
        for (int i = 0; i < 3; i++)
        {
            assertEquals(side.venueClOrdId("361"),
                side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD));
        }
        Await.until("the order left to ops", () -> 1 == side.gateway().counters().venueStatusUnanswered().get(),
            WAIT_MS);

        // Asked on, the fourth question would come 4 ack timeouts after the third's deadline.
        final Message later = venue().poll(java.time.Duration.ofMillis(12 * ackTimeoutMs));
        assertTrue(null == later || !MsgType.ORDER_STATUS_REQUEST.equals(later.getHeader().getString(MsgType.FIELD)),
            "no fourth question: " + later);
        assertTrue(core.nothingOf(VenueExecutionEncoder.TEMPLATE_ID, 0), "nothing guessed: the order stays as it was");
        assertEquals(1, side.gateway().counters().venueStatusUnanswered().get());

        // The venue reporting on the order later still reaches the core.
        venue().send(statusReport(side.venueClOrdId("361"), OrdStatus.NEW, 0, 10));
        assertEquals(10, core.awaitExecution(361, ExecType.NEW).leavesQty());
    }

    private static java.time.LocalDateTime sendingTime(final Message message) throws Exception
    {
        return message.getHeader().getUtcTimeStamp(quickfix.field.SendingTime.FIELD);
    }

    private void start(final GatewayContext ctx) throws Exception
    {
        side.startVenue();
        side.startGateway(ctx);
    }

    private FixCounterparty venue()
    {
        return side.venue();
    }

    /**
     * The venue's answer about the order was not acted on: counted as malformed, nothing reached the core, and the
     * gateway asks about the order again.
     */
    private void assertSettledNothingAndAskedAgain(final String orderId, final String answer) throws Exception
    {
        assertEquals(side.venueClOrdId(orderId),
            side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD),
            "asked again: " + answer + " did not settle the question");
        Await.until(answer + " counted", () -> 1 == side.gateway().counters().venueMalformedStatusAnswers().get(),
            WAIT_MS);
        assertTrue(core.nothingOf(VenueExecutionEncoder.TEMPLATE_ID, 0), "nothing reached the core");
    }

    private ExecutionReport statusReport(
        final String clOrdId, final char ordStatus, final long cumQty, final long leavesQty)
    {
        final ExecutionReport status = reports.report(clOrdId, null, quickfix.field.ExecType.ORDER_STATUS, ordStatus,
            10, 0, cumQty, leavesQty, "190");
        status.set(new AvgPx(190));
        return status;
    }

}
