package io.peregrine.core;

import io.peregrine.client.ClientRequestEncoder;
import io.peregrine.core.venue.OlderVenueExecution;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.core.venue.VenueText;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.BooleanType;
import io.peregrine.sbe.CancelOrderEncoder;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchEncoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VarStringEncodingDecoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueSessionStatusEncoder;
import io.peregrine.sbe.VenueStatus;
import io.peregrine.risk.RiskLimits;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.ACC2;
import static io.peregrine.core.DemoUniverse.AAPL;

/**
 * The core's logic driven without transport: the order life cycle, and order slots reclaimed as orders close so that
 * many more orders than the table holds go through without ORDER_CAPACITY_EXHAUSTED.
 */
@Timeout(60)
class DirectCoreTest
{
    private static final long PRICE = 190 * Prices.SCALE;
    private static final long QUANTITY = 10;
    private static final int CLIENT_ID = 11;
    private static final int SOURCE = 42;
    private static final long START = 1_700_000_000_000_000_000L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final VenueInMessages venueIn = new VenueInMessages(new UnsafeBuffer(new byte[2048]));
    private final CancelOrderEncoder cancelOrder = new CancelOrderEncoder();
    private final CancelRejectDecoder cancelReject = new CancelRejectDecoder();
    private final List<String> rejectTexts = new ArrayList<>();
    private final VenueNewOrderDecoder venueNewOrder = new VenueNewOrderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final ArrayDeque<Long> routedOrderIds = new ArrayDeque<>();
    private final int[] reportsByExecType = new int[256];
    private final int[] rejectsByReason = new int[256];
    private final List<String> statusReports = new ArrayList<>();
    private String lastText = "";
    private DirectCore core;
    private long now = START;

    @AfterEach
    void close()
    {
        if (null != core)
        {
            core.close();
        }
    }

    @Test
    void anAcceptedOrderIsRoutedAndItsAckAndFillBecomeTwoReports()
    {
        core = DirectCore.create(new PeregrineContext().riskLimits(RiskLimits.demo()));

        sendNewOrder(1, ACC1, Side.BUY);
        assertEquals(1, core.venueRequests().size(), "routed to the venue");
        assertEquals(0, core.reports().size(), "no report while PENDING_NEW");
        drainVenueRequests();
        final long orderId = routedOrderIds.removeFirst();

        sendExecution(orderId, ExecType.NEW, 0, QUANTITY);
        sendExecution(orderId, ExecType.FILL, QUANTITY, 0);
        core.endDutyCycle();
        assertEquals(2, drainReports());
        assertEquals(1, reportsByExecType[ExecType.NEW.value()]);
        assertEquals(1, reportsByExecType[ExecType.FILL.value()]);
        assertEquals(QUANTITY, core.risk().position(ACC1, AAPL));
        assertEquals(0, core.orders().workingCount());
        final int slot = core.orders().slotByClientOrderId(ACC1, 1);
        assertEquals(OrdStatus.FILLED, core.orders().status(slot), "closed, still findable until the slot is reused");
    }

    @Test
    void ordersFarBeyondTheTableCapacityGoThroughWhenEachClosesBeforeTheNextArrives()
    {
        final int capacity = 64;
        core = DirectCore.create(new PeregrineContext().riskLimits(RiskLimits.demo()).orderCapacity(capacity));
        final int orders = 200 * capacity;
        for (long clOrdId = 1; clOrdId <= orders; clOrdId++)
        {
            sendMixedNewOrder(clOrdId);
            drainVenueRequests();
            ackAndFillNextRouted();
            core.endDutyCycle();
            drainReports();
        }
        assertNoRejects();
        assertEquals(orders, reportsByExecType[ExecType.FILL.value()]);
        assertEquals(0, core.orders().workingCount());
    }

    @Test
    void burstsThatKeepTheTableNearlyFullNeverExhaustItWhileOrdersClose()
    {
        final int capacity = 256;
        core = DirectCore.create(new PeregrineContext()
            .riskLimits(RiskLimits.demo()).orderCapacity(capacity).orderAccountCapacity(capacity));
        final int inFlight = capacity - 1;
        long clOrdId = 0;
        for (int burst = 0; burst < 100; burst++)
        {
            // a burst of new orders fills the table but for one slot, then the venue fills them all in one go
            for (int i = 0; i < inFlight; i++)
            {
                ++clOrdId;
                sendMixedNewOrder(clOrdId);
            }
            core.endDutyCycle();
            drainVenueRequests();
            assertEquals(inFlight, core.orders().workingCount());
            while (!routedOrderIds.isEmpty())
            {
                ackAndFillNextRouted();
            }
            core.endDutyCycle();
            drainReports();
        }
        assertNoRejects();
        assertEquals(clOrdId, reportsByExecType[ExecType.FILL.value()]);
    }

    @Test
    void theTableIsExhaustedOnlyByOrdersThatAreStillWorking()
    {
        final int capacity = 8;
        core = DirectCore.create(new PeregrineContext()
            .riskLimits(RiskLimits.demo()).orderCapacity(capacity).orderAccountCapacity(capacity));
        for (long clOrdId = 1; clOrdId <= capacity + 1; clOrdId++)
        {
            sendNewOrder(clOrdId, ACC1, (clOrdId & 1) == 0 ? Side.BUY : Side.SELL);
        }
        drainVenueRequests();
        drainReports();
        assertEquals(capacity, routedOrderIds.size());
        assertEquals(1, rejectsByReason[RejectReason.ORDER_CAPACITY_EXHAUSTED.value()], "the ninth working order");

        sendExecution(routedOrderIds.removeFirst(), ExecType.FILL, QUANTITY, 0);
        sendNewOrder(capacity + 2, ACC1, Side.BUY);
        drainVenueRequests();
        drainReports();
        assertEquals(1, rejectsByReason[RejectReason.ORDER_CAPACITY_EXHAUSTED.value()], "the closed order's slot");
        assertEquals(capacity, routedOrderIds.size());
    }

    @Test
    void anOrderStatusRequestIsAnsweredWithTheOrdersStateAndAMalformedOneIsCountedAndRefused()
    {
        startDemoCoreWithRoutedBuys(1);
        final long orderId = routedOrderIds.removeFirst();
        sendExecution(orderId, ExecType.NEW, 0, QUANTITY);
        final ClientRequestEncoder requests = new ClientRequestEncoder(buffer, CLIENT_ID, () -> now);

        core.onClientMessage(now, SOURCE, buffer, 0, requests.orderStatus(50, 1, 0, ACC1));
        core.onClientMessage(now, SOURCE, buffer, 0, requests.orderStatus(51, 0, orderId, ACC1));
        core.onClientMessage(now, SOURCE, buffer, 0, requests.orderStatus(52, 2, 0, ACC1));
        final long badAccount = 0x01_01L; // control characters: not an account
        core.onClientMessage(now, SOURCE, buffer, 0, requests.orderStatus(53, 1, 0, badAccount));
        drainReports();
        assertEquals(List.of(
            "ORDER_STATUS NEW clOrdId=1 orderId=" + orderId + " cum=0 leaves=10 NONE",
            "ORDER_STATUS NEW clOrdId=1 orderId=" + orderId + " cum=0 leaves=10 NONE",
            "ORDER_STATUS REJECTED clOrdId=2 orderId=0 cum=0 leaves=0 UNKNOWN_ORDER",
            "ORDER_STATUS REJECTED clOrdId=1 orderId=0 cum=0 leaves=0 MALFORMED_MESSAGE"), statusReports);
        assertEquals(1, core.counters().malformedMessages().get());
        assertEquals(0, core.venueRequests().size(), "nothing sent to the venue");
        assertEquals(1, core.orders().workingCount());
    }

    @Test
    void aVersion2MessageIsStillAccepted()
    {
        core = DirectCore.create(new PeregrineContext().riskLimits(RiskLimits.demo()));
        sendNewOrder(1, ACC1, Side.BUY, 2);
        drainVenueRequests();
        drainReports();
        assertEquals(1, routedOrderIds.size(), "a version-2 NewOrder is routed");
        assertNoRejects();
    }

    @Test
    void aVersion3VenueExecutionWithoutAvgPxIsActedOnAsBefore()
    {
        startDemoCoreWithRoutedBuys(2);
        final long filled = routedOrderIds.removeFirst();
        final long canceled = routedOrderIds.removeFirst();
        // An adapter of the previous release: its VenueExecution (version 3) has no avgPx and a shorter block.
        sendVersion3Execution(filled, ExecType.NEW, 0, 0, 0, "acked");
        sendVersion3Execution(filled, ExecType.FILL, QUANTITY, PRICE - Prices.SCALE, QUANTITY, "filled");
        // A fill of 4 lost before the cancel: no venue average price, so booked at the limit price as before.
        sendVersion3Execution(canceled, ExecType.CANCELED, 0, 0, 4, "canceled by the venue");
        drainReports();

        assertEquals(0, core.counters().venueMalformed().get(), "read, not refused as short");
        assertEquals(QUANTITY + 4, core.risk().position(ACC1, AAPL));
        final int filledSlot = core.orders().slotByOrderId(filled);
        assertEquals(OrdStatus.FILLED, core.orders().status(filledSlot));
        assertEquals(PRICE - Prices.SCALE, core.orders().avgPx(filledSlot), "at its lastPx");
        final int canceledSlot = core.orders().slotByOrderId(canceled);
        assertEquals(OrdStatus.CANCELED, core.orders().status(canceledSlot));
        assertEquals(4, core.orders().cumQty(canceledSlot));
        assertEquals(PRICE, core.orders().avgPx(canceledSlot), "at the limit: the venue gave no price");
        assertEquals("canceled by the venue", lastText, "the text follows the shorter block");
    }

    @Test
    void aVenuesRejectTextIsTheTextOfTheClientsRejectedReportAndCancelReject()
    {
        startDemoCoreWithRoutedBuys(3);
        final long unlisted = routedOrderIds.removeFirst();
        final long silent = routedOrderIds.removeFirst();
        final long working = routedOrderIds.removeFirst();

        sendVenueReject(unlisted, "unknown symbol AAPL");
        sendVenueReject(silent, null);
        sendExecution(working, ExecType.NEW, 0, QUANTITY);
        sendCancel(4, 3);
        drainVenueRequests();
        sendVenueCancelReject(working, 1, "order is in a call auction: cancels are refused");
        drainReports();

        assertEquals(List.of("unknown symbol AAPL", "VENUE_REJECT", "order is in a call auction: cancels are refused"),
            rejectTexts, "the venue's text, or the reason's name when it gave none");
        assertEquals(2, rejectsByReason[RejectReason.VENUE_REJECT.value()]);
        assertEquals(OrdStatus.NEW, core.orders().status(core.orders().slotByOrderId(working)));
    }

    @Test
    void aLongVenueTextIsCutAtItsLimitWithoutSplittingACharacter()
    {
        startDemoCoreWithRoutedBuys(2);

        // 255 ASCII bytes then two-byte characters: byte 256 would be the first half of one.
        final String ascii = "x".repeat(VenueText.MAX_LENGTH - 1);
        sendVenueReject(routedOrderIds.removeFirst(), ascii + "\u00e9\u00e9\u00e9");
        final String exact = "y".repeat(VenueText.MAX_LENGTH);
        sendVenueReject(routedOrderIds.removeFirst(), exact + "z".repeat(100));
        drainReports();

        assertEquals(List.of(ascii, exact), rejectTexts);
    }

    @Test
    void aVenueTextRunningPastItsFrameIsCountedAndDroppedButTheAnswerIsActedOn()
    {
        startDemoCoreWithRoutedBuys(3);

        final String text = "the frame ends before this text does";
        now += 1_000;
        int length = venueIn.execution(routedOrderIds.removeFirst(), 0, 1, ExecType.REJECTED, RejectReason.NONE,
            PRICE, QUANTITY, 0, 0, 0, 0, 0, now, text);
        core.onVenueMessage(now, venueIn.buffer(), 0, length - 1);
        // Shorter than the text's length header.
        final int textOffset = length - VarStringEncodingDecoder.varDataEncodingOffset() - text.length();
        now += 1_000;
        length = venueIn.execution(routedOrderIds.removeFirst(), 0, 1, ExecType.REJECTED, RejectReason.NONE,
            PRICE, QUANTITY, 0, 0, 0, 0, 0, now, text);
        core.onVenueMessage(now, venueIn.buffer(), 0, textOffset + 2);
        drainReports();

        assertEquals(2, core.counters().venueMalformed().get(), "both texts counted malformed");
        assertEquals(List.of("VENUE_REJECT", "VENUE_REJECT"), rejectTexts, "both rejects acted on, without the text");

        // A frame that ends inside the fixed fields is not an answer at all: not acted on.
        final long third = routedOrderIds.removeFirst();
        now += 1_000;
        venueIn.execution(third, 0, 1, ExecType.REJECTED, RejectReason.NONE, PRICE, QUANTITY, 0, 0, 0, 0, 0, now, text);
        core.onVenueMessage(now, venueIn.buffer(), 0, textOffset - 1);
        drainReports();
        assertEquals(3, core.counters().venueMalformed().get());
        assertEquals(OrdStatus.PENDING_NEW, core.orders().status(core.orders().slotByOrderId(third)));

        // Without any text (the frame ends with the fixed fields) the message is whole: the reason's name.
        core.onVenueMessage(now, venueIn.buffer(), 0, textOffset);
        drainReports();
        assertEquals(List.of("VENUE_REJECT", "VENUE_REJECT", "VENUE_REJECT"), rejectTexts);
        assertEquals(3, core.counters().venueMalformed().get());
    }

    /**
     * The core agent's wiring of a kill switch's cancel refused while the venue's session is down: the
     * VenueCancelReject makes it owed, and the venue's VenueSessionStatus CONNECTED on the venue-in stream sends it
     * again; the order ends canceled.
     */
    @Test
    void aKillSwitchCancelRefusedWhileTheVenueIsLoggedOutIsSentAgainWhenItsSessionStatusSaysConnected()
    {
        core = DirectCore.create(new PeregrineContext().riskLimits(RiskLimits.demo()).adminClientIds(CLIENT_ID));
        sendNewOrder(1, ACC1, Side.BUY);
        drainVenueRequests();
        final long orderId = routedOrderIds.removeFirst();
        sendExecution(orderId, ExecType.NEW, 0, QUANTITY);
        sendVenueSessionStatus(VenueStatus.DISCONNECTED);

        now += 1_000;
        final KillSwitchEncoder kill = new KillSwitchEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandId(100).scope(KillScope.ACCOUNT).cancelWorking(BooleanType.TRUE).clientId(CLIENT_ID);
        buffer.putLong(kill.offset() + KillSwitchEncoder.accountEncodingOffset(), ACC1, ByteOrder.LITTLE_ENDIAN);
        core.onClientMessage(now, SOURCE, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + kill.encodedLength());
        assertEquals(1, core.venueRequests().size(), "the kill switch's cancel");
        drainVenueRequests();
        final int slot = core.orders().slotByOrderId(orderId);
        final long refused = core.orders().cancelRequestId(slot);
        now += 1_000;
        core.onVenueMessage(now, venueIn.buffer(), 0, venueIn.cancelReject(
            orderId, refused, 1, CancelRejectResponseTo.CANCEL, RejectReason.VENUE_UNAVAILABLE, now, null));
        assertEquals(0, core.orders().cancelRequestId(slot), "refused");
        assertEquals(1, core.counters().killSwitchCancelsRefused().get());

        sendVenueSessionStatus(VenueStatus.CONNECTED);
        assertEquals(1, core.venueRequests().size(), "sent again");
        final long resent = core.orders().cancelRequestId(slot);
        assertTrue(resent > refused, "a new request id: " + resent);
        now += 1_000;
        core.onVenueMessage(now, venueIn.buffer(), 0, venueIn.execution(orderId, resent, 1, ExecType.CANCELED,
            RejectReason.NONE, PRICE, QUANTITY, 0, 0, 0, 0, 0, now, null));
        assertEquals(OrdStatus.CANCELED, core.orders().status(slot));
    }

    private void sendVenueSessionStatus(final VenueStatus status)
    {
        now += 1_000;
        final VenueSessionStatusEncoder e = new VenueSessionStatusEncoder()
            .wrapAndApplyHeader(venueIn.buffer(), 0, headerEncoder).venueId(1).status(status).timestamp(now);
        core.onVenueMessage(now, venueIn.buffer(), 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private void sendVenueReject(final long orderId, final String text)
    {
        now += 1_000;
        final int length = venueIn.execution(orderId, 0, 1, ExecType.REJECTED, RejectReason.NONE, PRICE, QUANTITY, 0,
            0, 0, 0, VenueInMessages.AVG_PX_UNKNOWN, now, text);
        core.onVenueMessage(now, venueIn.buffer(), 0, length);
    }

    private void sendVenueCancelReject(final long orderId, final long requestId, final String text)
    {
        now += 1_000;
        final int length = venueIn.cancelReject(
            orderId, requestId, 1, CancelRejectResponseTo.CANCEL, RejectReason.NONE, now, text);
        core.onVenueMessage(now, venueIn.buffer(), 0, length);
    }

    private void sendCancel(final long clOrdId, final long origClOrdId)
    {
        now += 100_000;
        final CancelOrderEncoder e = cancelOrder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(CLIENT_ID)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(0);
        buffer.putLong(e.offset() + CancelOrderEncoder.accountEncodingOffset(), ACC1, ByteOrder.LITTLE_ENDIAN);
        e.sendingTime(now);
        core.onClientMessage(now, SOURCE, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private void assertNoRejects()
    {
        int rejects = 0;
        for (final int count : rejectsByReason)
        {
            rejects += count;
        }
        assertEquals(0, rejectsByReason[RejectReason.ORDER_CAPACITY_EXHAUSTED.value()], "capacity rejects");
        assertEquals(0, rejects, "no reject of any reason");
        assertEquals(0, reportsByExecType[ExecType.REJECTED.value()]);
        assertTrue(core.counters().ordersAccepted().get() > 0);
    }

    /** The demo core with {@code count} buy orders of ACC1 (clOrdIds 1..count) routed: their order ids are queued. */
    private void startDemoCoreWithRoutedBuys(final int count)
    {
        core = DirectCore.create(new PeregrineContext().riskLimits(RiskLimits.demo()));
        for (long clOrdId = 1; clOrdId <= count; clOrdId++)
        {
            sendNewOrder(clOrdId, ACC1, Side.BUY);
        }
        drainVenueRequests();
    }

    private void sendNewOrder(final long clOrdId, final long account, final Side side)
    {
        sendNewOrder(clOrdId, account, side, MessageHeaderEncoder.SCHEMA_VERSION);
    }

    private void sendNewOrder(final long clOrdId, final long account, final Side side, final int schemaVersion)
    {
        now += 100_000; // 10,000 orders/s of logic time: far inside the demo's rate limit
        final NewOrderEncoder e = newOrder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(CLIENT_ID)
            .clOrdId(clOrdId);
        headerEncoder.version(schemaVersion);
        buffer.putLong(e.offset() + NewOrderEncoder.accountEncodingOffset(), account, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(e.offset() + NewOrderEncoder.symbolEncodingOffset(), AAPL, ByteOrder.LITTLE_ENDIAN);
        e.side(side).ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).price(PRICE).quantity(QUANTITY)
            .sendingTime(now);
        core.onClientMessage(now, SOURCE, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    /** A new order alternating between the accounts and, every two orders, between the sides. */
    private void sendMixedNewOrder(final long clOrdId)
    {
        sendNewOrder(clOrdId, (clOrdId & 1) == 0 ? ACC1 : ACC2, (clOrdId & 2) == 0 ? Side.BUY : Side.SELL);
    }

    /** The venue acks and fills the oldest order routed to it. */
    private void ackAndFillNextRouted()
    {
        final long orderId = routedOrderIds.removeFirst();
        sendExecution(orderId, ExecType.NEW, 0, QUANTITY);
        sendExecution(orderId, ExecType.FILL, QUANTITY, 0);
    }

    private void sendExecution(final long orderId, final ExecType execType, final long cumQty, final long leaves)
    {
        now += 1_000;
        final int length = venueIn.execution(orderId, 0, 1, execType, RejectReason.NONE, PRICE, QUANTITY, cumQty,
            0 == cumQty ? 0 : PRICE, cumQty, leaves, 0 == cumQty ? 0 : PRICE, now, null);
        core.onVenueMessage(now, venueIn.buffer(), 0, length);
    }

    private void sendVersion3Execution(
        final long orderId, final ExecType execType, final long lastQty, final long lastPx, final long cumQty,
        final String text)
    {
        now += 1_000;
        final int length = venueIn.execution(orderId, 0, 1, execType, RejectReason.NONE, PRICE, QUANTITY, lastQty,
            lastPx, cumQty, QUANTITY - cumQty, VenueInMessages.AVG_PX_UNKNOWN, now, text);
        core.onVenueMessage(now, venueIn.buffer(), 0, OlderVenueExecution.rewrite(venueIn.buffer(), 0, length, 3));
    }

    private void drainVenueRequests()
    {
        core.venueRequests().drain(this::onVenueRequest);
    }

    private void onVenueRequest(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        if (VenueNewOrderDecoder.TEMPLATE_ID == headerDecoder.templateId())
        {
            routedOrderIds.addLast(venueNewOrder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH,
                headerDecoder.blockLength(), headerDecoder.version()).orderId());
        }
    }

    private int drainReports()
    {
        return core.reports().drain(this::onReport);
    }

    private void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        if (ExecutionReportDecoder.TEMPLATE_ID == headerDecoder.templateId())
        {
            report.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                headerDecoder.version());
            reportsByExecType[report.execType().value()]++;
            final String text = report.text();
            lastText = text;
            if (ExecType.ORDER_STATUS == report.execType())
            {
                statusReports.add(report.execType() + " " + report.ordStatus() + " clOrdId=" + report.clOrdId() +
                    " orderId=" + report.orderId() + " cum=" + report.cumQty() + " leaves=" + report.leavesQty() +
                    " " + report.rejectReason());
            }
            if (ExecType.REJECTED == report.execType())
            {
                rejectsByReason[report.rejectReason().value()]++;
                rejectTexts.add(text);
            }
        }
        else if (CancelRejectDecoder.TEMPLATE_ID == headerDecoder.templateId())
        {
            cancelReject.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                headerDecoder.version());
            rejectTexts.add(cancelReject.text());
        }
    }
}
