package io.peregrine.gateway.venue;

import io.peregrine.gateway.GatewayContext;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.VenueCancelRejectDecoder;
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
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
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
 * longer asked about: counted (1379) and left as it was, for ops. A cancel or replace no venue answer will ever settle
 * does not hold its order open in the core: one the venue never received (its session dropped, the venue asked for it
 * again, the gateway gap-filled it) is refused as not delivered once the venue's answer about the order shows it
 * not applied (a venue that lost its sequence numbers but kept its book may have applied it), and a replace pending
 * when the venue reports
 * the order filled is refused too late, before the fill; a new order gap-filled that way and unknown to the venue is
 * rejected as not delivered, not canceled as lost. A replace pending when a status answer says the order is working is
 * decided by the answer's terms: the replace's reports it replaced, the old ones refuse it as not received. The terms
 * and the gap-filled new orders are journaled: a gateway restart in between changes none of these answers. The venue's
 * own refusal of a replace the gateway already refused too late is not forwarded. An answer to a question asked before
 * a cancel or replace was sent does not decide it (it is asked again), nor does one the venue resends (PossDup) after
 * the gateway's restart.
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

    @Test
    void aReplacePendingWhenTheVenueReportsTheOrderFilledIsRefusedTooLate() throws Exception
    {
        final Message replace = replaceAtVenue(381, 1);
        assertEquals(side.venueClOrdId("381-1"), replace.getString(ClOrdID.FIELD));

        // The venue fills the order's 10 before the replace reaches its book, then stops: it never answers the replace.
        venue().send(reports.fill(side.venueClOrdId("381"), 10, 10, 10, "190"));
        assertReplaceRefused(381, 1, RejectReason.TOO_LATE_TO_CANCEL,
            "too late to replace: the venue reports the order filled");
        assertEquals(10, core.awaitExecution(381, ExecType.FILL).cumQty());
    }

    @Test
    void aReplacePendingWhenTheVenueAnswersTheOrderFilledToOrderStatusRequestIsRefusedTooLate() throws Exception
    {
        replaceAtVenue(382, 2);

        // The venue restarts (same FIX store) having filled the order, its fill report lost with it: the logon asks.
        side.stopVenue();
        side.startVenue();
        final Message question = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        assertEquals(side.venueClOrdId("382"), question.getString(ClOrdID.FIELD));
        venue().send(statusReport(side.venueClOrdId("382"), OrdStatus.FILLED, 10, 0));

        final VenueCancelRejectDecoder refused = core.awaitCancelReject(382);
        assertEquals(2, refused.requestId());
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, refused.rejectReason());
        assertEquals(10, core.awaitExecution(382, ExecType.FILL).cumQty());
    }

    @Test
    void aReplaceAndACancelTheVenueAsksToBeResentAreGapFilledAndRefusedAsNotDelivered() throws Exception
    {
        start(side.context(50, 60_000, 5_000)); // no ack timeout asks anything during the test
        side.placeAcknowledgedOrder(383, reports);
        side.placeAcknowledgedOrder(384, reports);
        core.replace(383, 3, "190", 15);
        final Message replace = side.nextVenueMessage(MsgType.ORDER_CANCEL_REPLACE_REQUEST);
        core.cancel(384, 4, 10);
        side.nextVenueMessage(MsgType.ORDER_CANCEL_REQUEST);

        askToResendFrom(replace);
        // The gateway asks whether the venue applied them; it did not (its book shows the old terms).
        for (int i = 0; i < 2; i++)
        {
            venue().send(statusReport(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD),
                OrdStatus.NEW, 0, 10));
        }

        final VenueCancelRejectDecoder replaceRefused = core.awaitCancelReject(383);
        assertEquals(3, replaceRefused.requestId());
        assertEquals(CancelRejectResponseTo.REPLACE, replaceRefused.responseTo());
        assertEquals(RejectReason.VENUE_TIMEOUT, replaceRefused.rejectReason());
        String text = replaceRefused.text();
        assertTrue(text.contains("the replace did not reach the venue") && text.contains("send it again"), text);
        final VenueCancelRejectDecoder cancelRefused = core.awaitCancelReject(384);
        assertEquals(4, cancelRefused.requestId());
        assertEquals(CancelRejectResponseTo.CANCEL, cancelRefused.responseTo());
        assertEquals(RejectReason.VENUE_TIMEOUT, cancelRefused.rejectReason());
        text = cancelRefused.text();
        assertTrue(text.contains("the cancel did not reach the venue"), text);

        // The venue then fills the order on its own terms: the core hears the fill, and nothing waits for the replace.
        venue().send(reports.fill(side.venueClOrdId("383"), 10, 10, 10, "190"));
        assertEquals(10, core.awaitExecution(383, ExecType.FILL).cumQty());
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 500), "the replace was answered once");
    }

    @Test
    void aReplaceGapFilledAtAVenueThatNeverAnswersIsRefusedAsNotDeliveredAfterTheConfiguredNumberOfQuestions()
        throws Exception
    {
        start(side.context(1_000, 100, 5_000).venueStatusMaxRequests(3));
        side.placeAcknowledgedOrder(379, reports);
        core.replace(379, 39, "190", 15);
        askToResendFrom(side.nextVenueMessage(MsgType.ORDER_CANCEL_REPLACE_REQUEST));
        // The venue never answers the questions about the order.

        assertReplaceRefused(379, 39, RejectReason.VENUE_TIMEOUT, "the replace did not reach the venue");
        assertEquals(1, side.gateway().counters().venueStatusUnanswered().get(), "left to ops after 3 questions");
    }

    @Test
    void aGapFilledReplaceWhoseTermsTellNothingStaysPendingWhenTheVenueAnswersReplaced() throws Exception
    {
        start(side.context(50, 60_000, 5_000));
        side.placeAcknowledgedOrder(378, reports);
        core.replace(378, 38, "190", 10); // quantity and price kept (another field changed): its terms tell nothing
        askToResendFrom(side.nextVenueMessage(MsgType.ORDER_CANCEL_REPLACE_REQUEST));

        venue().send(statusReport(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD),
            OrdStatus.REPLACED, 0, 10, 10));
        core.awaitExecution(378, ExecType.NEW);
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 300),
            "the venue may have applied it: pending (WARN for ops), not refused as not delivered");
    }

    @Test
    void aReplaceAVenueThatLostItsSequenceNumbersAsksForAgainIsReportedReplacedWhenItHadAppliedIt() throws Exception
    {
        final Message replace = replaceAtVenue(398, 18); // 10 at 190 to 15 at 190, applied by the venue, unanswered

        // The venue lost the sequence numbers of what it read but kept its book: it asks for the replace again, the
        // gateway gap-fills it, asks about the order, and the venue's book has the replace's terms.
        askToResendFrom(replace);
        venue().send(statusReport(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD),
            OrdStatus.REPLACED, 0, 15, 15));

        assertEquals(18, core.awaitExecution(398, ExecType.REPLACED).requestId(), "applied at the venue");
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 300), "not refused as not delivered");
    }

    @Test
    void aNewOrderTheVenueAsksToBeResentIsRejectedAsNotDeliveredWhenTheVenueDoesNotKnowIt() throws Exception
    {
        start(side.context(50, 60_000, 5_000)); // no ack timeout asks anything during the test
        core.newOrder(385, Side.BUY, OrdType.LIMIT, "190", 10);
        final Message order = side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE);

        askToResendFrom(order);
        // The gateway asks about the order it never delivered; the venue does not know it.
        final Message question = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST);
        assertEquals(side.venueClOrdId("385"), question.getString(ClOrdID.FIELD));
        venue().send(unknownOrder(side.venueClOrdId("385")));

        assertRejectedAsNotDelivered(385);
    }

    /**
     * @return the venue's answer to an OrderStatusRequest about an order it does not know.
     */
    private ExecutionReport unknownOrder(final String clOrdId)
    {
        final ExecutionReport unknown = reports.report(clOrdId, null, quickfix.field.ExecType.ORDER_STATUS,
            OrdStatus.REJECTED, 10, 0, 0, 0, "190");
        unknown.set(new OrdRejReason(OrdRejReason.UNKNOWN_ORDER));
        unknown.set(new Text("Unknown order"));
        return unknown;
    }

    private void assertReplaceRefused(
        final long orderId, final long requestId, final RejectReason reason, final String textPart)
    {
        final VenueCancelRejectDecoder refused = core.awaitCancelReject(orderId);
        assertEquals(requestId, refused.requestId());
        assertEquals(CancelRejectResponseTo.REPLACE, refused.responseTo());
        assertEquals(reason, refused.rejectReason());
        final String text = refused.text();
        assertTrue(text.contains(textPart), text);
    }

    private void assertRejectedAsNotDelivered(final long orderId)
    {
        final VenueExecutionDecoder rejected = core.awaitExecution(orderId);
        assertEquals(ExecType.REJECTED, rejected.execType(), "never acknowledged, never at the venue: rejected");
        assertEquals(RejectReason.VENUE_TIMEOUT, rejected.rejectReason());
        final String text = rejected.text();
        assertTrue(text.contains("the order did not reach the venue") && text.contains("send it again"), text);
        assertEquals(0, side.gateway().counters().venueLostOrders().get(), "not counted as lost by the venue");
    }

    @Test
    void aReplacePendingWhenTheVenueAnswersReplacedWithItsNewTermsIsReportedReplaced() throws Exception
    {
        replaceAtVenue(386, 6); // 10 at 190 replaced to 15 at 190

        venue().send(statusReport(askAfterVenueRestart(386), OrdStatus.REPLACED, 15, 0, 15));

        final VenueExecutionDecoder replaced = core.awaitExecution(386, ExecType.REPLACED);
        assertEquals(6, replaced.requestId(), "the replace the core holds pending is settled");
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 300), "applied, not refused");
    }

    @Test
    void aReplacePendingWhenTheVenueAnswersNewWithItsNewTermsIsReportedReplaced() throws Exception
    {
        replaceAtVenue(387, 7);

        venue().send(statusReport(askAfterVenueRestart(387), OrdStatus.NEW, 15, 0, 15));

        assertEquals(7, core.awaitExecution(387, ExecType.REPLACED).requestId());
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 300), "applied, not refused");
    }

    @Test
    void aReplacePendingWhenTheVenueAnswersReplacedWithTheOldTermsIsRefusedAsNotReceived() throws Exception
    {
        replaceAtVenue(388, 8);

        // An earlier replace's Replaced status, the order's terms unchanged: this replace never reached the venue.
        venue().send(statusReport(askAfterVenueRestart(388), OrdStatus.REPLACED, 10, 0, 10));

        final VenueCancelRejectDecoder refused = core.awaitCancelReject(388);
        assertEquals(8, refused.requestId());
        assertEquals(CancelRejectResponseTo.REPLACE, refused.responseTo());
        assertEquals(RejectReason.VENUE_TIMEOUT, refused.rejectReason());
        final String text = refused.text();
        assertTrue(text.contains("did not receive the replace") && text.contains("send it again"), text);
    }

    @Test
    void aCancelPendingWhenTheVenueAnswersTheOrderWorkingIsRefusedAsNotReceived() throws Exception
    {
        start(side.context(50, 60_000, 5_000));
        side.placeAcknowledgedOrder(389, reports);
        core.cancel(389, 9, 10);
        side.nextVenueMessage(MsgType.ORDER_CANCEL_REQUEST);

        venue().send(statusReport(askAfterVenueRestart(389), OrdStatus.PARTIALLY_FILLED, 4, 6));

        final VenueCancelRejectDecoder refused = core.awaitCancelReject(389);
        assertEquals(9, refused.requestId());
        assertEquals(CancelRejectResponseTo.CANCEL, refused.responseTo());
        assertEquals(RejectReason.VENUE_TIMEOUT, refused.rejectReason());
        assertEquals(4, core.awaitExecution(389, ExecType.PARTIAL_FILL).cumQty());
    }

    @Test
    void theVenuesOwnRefusalOfAReplaceTheGatewayRefusedTooLateIsNotForwarded() throws Exception
    {
        replaceAtVenue(390, 10);
        venue().send(reports.fill(side.venueClOrdId("390"), 10, 10, 10, "190"));
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, core.awaitCancelReject(390).rejectReason());
        core.awaitExecution(390, ExecType.FILL);

        // The venue then refuses the replace itself: the core has its answer, this one would be an unknown request.
        final quickfix.fix44.OrderCancelReject refusal = new quickfix.fix44.OrderCancelReject(
            new quickfix.field.OrderID("V390"), new ClOrdID(side.venueClOrdId("390-10")),
            new quickfix.field.OrigClOrdID(side.venueClOrdId("390")), new OrdStatus(OrdStatus.FILLED),
            new quickfix.field.CxlRejResponseTo(quickfix.field.CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST));
        refusal.set(new quickfix.field.CxlRejReason(quickfix.field.CxlRejReason.TOO_LATE_TO_CANCEL));
        core.newOrder(396, Side.BUY, OrdType.LIMIT, "190", 10);
        final Message next = side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE);
        venue().send(refusal);
        venue().send(reports.acknowledge(next)); // handled after the refusal: once it reaches the core, so had that

        core.awaitExecution(396, ExecType.NEW);
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 300), "the venue's late refusal not forwarded");
    }

    @Test
    void aReplacePendingAcrossAGatewayRestartIsReportedReplacedWhenTheVenueAnswersWithItsNewTerms() throws Exception
    {
        replaceAtVenue(391, 11); // 10 at 190 replaced to 15 at 190: the venue does not answer before the restart
        side.restartGateway(side.context(50, 60_000, 5_000));

        final String asked = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD);
        assertEquals(side.venueClOrdId("391"), asked);
        venue().send(statusReport(asked, OrdStatus.NEW, 0, 15, 15));

        assertEquals(11, core.awaitExecution(391, ExecType.REPLACED).requestId(), "decided as without a restart");
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 300), "applied, not refused");
    }

    @Test
    void aReplaceSentAfterAGatewayRestartIsDecidedByTheTermsAnEarlierReplaceGaveTheOrder() throws Exception
    {
        replaceAtVenue(392, 12); // 10 at 190 to 15 at 190, applied by the venue
        venue().send(reports.report(side.venueClOrdId("392-12"), side.venueClOrdId("392"),
            quickfix.field.ExecType.REPLACED, OrdStatus.NEW, 15, 0, 0, 15, "190"));
        assertEquals(12, core.awaitExecution(392, ExecType.REPLACED).requestId());
        side.restartGateway(side.context(50, 60_000, 5_000));
        venue().send(statusReport(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD),
            OrdStatus.NEW, 0, 15, 15));
        core.awaitExecution(392, ExecType.NEW);

        core.replace(392, 13, "190", 20);
        side.nextVenueMessage(MsgType.ORDER_CANCEL_REPLACE_REQUEST);
        venue().send(statusReport(askAfterVenueRestart(392), OrdStatus.REPLACED, 0, 20, 20));

        assertEquals(13, core.awaitExecution(392, ExecType.REPLACED).requestId(), "15 is the old quantity, 20 the new");
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 300), "applied, not refused");
    }

    @Test
    void anAnswerToAQuestionAskedBeforeAReplaceWasSentDoesNotDecideTheReplace() throws Exception
    {
        start(side.context(50, 60_000, 5_000));
        side.placeAcknowledgedOrder(397, reports);
        final String asked = askAfterVenueRestart(397); // not answered yet
        core.replace(397, 17, "190", 15);
        side.nextVenueMessage(MsgType.ORDER_CANCEL_REPLACE_REQUEST);

        // The venue answers the question it got first, then applies the replace: the answer shows the old terms.
        venue().send(statusReport(asked, OrdStatus.NEW, 0, 10, 10));
        final String askedAgain = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD);
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 0), "the replace not refused on that answer");
        venue().send(statusReport(askedAgain, OrdStatus.REPLACED, 0, 15, 15));

        assertEquals(17, core.awaitExecution(397, ExecType.REPLACED).requestId());
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 300), "applied, not refused");
    }

    @Test
    void anAnswerResentAfterAGatewayRestartToAQuestionAskedBeforeAReplaceDoesNotDecideTheReplace() throws Exception
    {
        start(side.context(50, 60_000, 5_000));
        side.placeAcknowledgedOrder(399, reports);
        final String asked = askAfterVenueRestart(399); // not answered before the gateway stops
        core.replace(399, 19, "190", 15);
        side.nextVenueMessage(MsgType.ORDER_CANCEL_REPLACE_REQUEST);

        // The venue answers the question (old terms), then applies the replace; the gateway is down and gets neither.
        final ExecutionReport replaced = reports.report(side.venueClOrdId("399-19"), side.venueClOrdId("399"),
            quickfix.field.ExecType.REPLACED, OrdStatus.NEW, 15, 0, 0, 15, "190");
        side.stopGateway();
        venue().send(statusReport(asked, OrdStatus.NEW, 0, 10, 10));
        venue().send(replaced);
        core.clear();
        side.startGateway(side.context(50, 60_000, 5_000));

        // Its logon asks again and asks for what it missed: the venue resends the old answer, then its Replaced.
        final String askedAgain = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD);
        assertEquals(19, core.awaitExecution(399, ExecType.REPLACED).requestId());
        venue().send(statusReport(askedAgain, OrdStatus.NEW, 0, 15, 15));
        core.awaitExecution(399, ExecType.NEW);
        assertTrue(core.nothingOf(VenueCancelRejectDecoder.TEMPLATE_ID, 300),
            "the resent answer did not refuse the replace the venue applied");
    }

    @Test
    void aNewOrderGapFilledBeforeAGatewayRestartIsRejectedAsNotDeliveredAfterIt() throws Exception
    {
        start(side.context(50, 60_000, 5_000));
        core.newOrder(393, Side.BUY, OrdType.LIMIT, "190", 10);
        askToResendFrom(side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE));
        side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST); // unanswered before the restart
        side.restartGateway(side.context(50, 60_000, 5_000));

        venue().send(unknownOrder(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD)));

        assertRejectedAsNotDelivered(393);
    }

    @Test
    void aNewOrderSentBeforeAGatewayRestartAndGapFilledAfterItIsRejectedAsNotDelivered() throws Exception
    {
        start(side.context(50, 60_000, 5_000));
        core.newOrder(394, Side.BUY, OrdType.LIMIT, "190", 10);
        final int seqNum = side.nextVenueMessage(MsgType.NEW_ORDER_SINGLE).getHeader().getInt(MsgSeqNum.FIELD);
        side.stopGateway();
        // The venue never read the order: at the next logon it asks for everything from it on, and the restarted
        // gateway gap-fills the order.
        venue().session().setNextTargetMsgSeqNum(seqNum);
        core.clear();
        side.startGateway(side.context(50, 60_000, 5_000));

        venue().send(unknownOrder(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD)));

        assertRejectedAsNotDelivered(394);
    }

    @Test
    void aNewOrderTheVenueAcknowledgedBeforeAGatewayRestartIsCanceledAsLostWhenTheVenueNoLongerKnowsIt()
        throws Exception
    {
        start(side.context(50, 60_000, 5_000));
        side.placeAcknowledgedOrder(395, reports);
        side.stopGateway();
        // A venue that lost its book and the messages it read: it asks for everything again, the order included.
        venue().session().setNextTargetMsgSeqNum(1);
        core.clear();
        side.startGateway(side.context(50, 60_000, 5_000));

        venue().send(unknownOrder(side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD)));

        final VenueExecutionDecoder canceled = core.awaitExecution(395);
        assertEquals(ExecType.CANCELED, canceled.execType(), "acknowledged before: the venue lost it");
        assertEquals(RejectReason.VENUE_LOST_ORDER, canceled.rejectReason());
    }

    /**
     * The venue restarts (same FIX store), its answers to the order's pending request lost with it: the logon asks.
     *
     * @return the ClOrdID the gateway asked about.
     */
    private String askAfterVenueRestart(final long orderId) throws Exception
    {
        side.stopVenue();
        side.startVenue();
        final String clOrdId = side.nextVenueMessage(MsgType.ORDER_STATUS_REQUEST).getString(ClOrdID.FIELD);
        assertTrue(clOrdId.startsWith(side.venueClOrdId(Long.toString(orderId))), clOrdId);
        return clOrdId;
    }

    /**
     * Starts the venue and the gateway (no ack timeout asks anything during the test), places an acknowledged order
     * of 10 and replaces it to 15.
     *
     * @return the replace as the venue got it.
     */
    private Message replaceAtVenue(final long orderId, final long requestId) throws Exception
    {
        start(side.context(50, 60_000, 5_000));
        side.placeAcknowledgedOrder(orderId, reports);
        core.replace(orderId, requestId, "190", 15);
        return side.nextVenueMessage(MsgType.ORDER_CANCEL_REPLACE_REQUEST);
    }

    /**
     * What a venue that never read the message does once its session comes back: it asks for everything from the
     * message on. The gateway gap-fills the order requests among them (it never re-sends one).
     */
    private void askToResendFrom(final Message first) throws Exception
    {
        final int seqNum = first.getHeader().getInt(MsgSeqNum.FIELD);
        // QuickFIX/J hands the message to the application before it counts it: wait until it is counted, or the count
        // would overwrite the rewind below.
        Await.until("the venue counting message " + seqNum,
            () -> venue().session().getExpectedTargetNum() > seqNum, WAIT_MS);
        venue().session().setNextTargetMsgSeqNum(seqNum);
        venue().send(new quickfix.fix44.ResendRequest(new quickfix.field.BeginSeqNo(seqNum),
            new quickfix.field.EndSeqNo(0)));
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
        return statusReport(clOrdId, ordStatus, cumQty, leavesQty, 10);
    }

    private ExecutionReport statusReport(
        final String clOrdId, final char ordStatus, final long cumQty, final long leavesQty, final long orderQty)
    {
        final ExecutionReport status = reports.report(clOrdId, null, quickfix.field.ExecType.ORDER_STATUS, ordStatus,
            orderQty, 0, cumQty, leavesQty, "190");
        status.set(new AvgPx(190));
        return status;
    }

}
