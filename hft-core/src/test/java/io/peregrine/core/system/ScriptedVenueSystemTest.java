package io.peregrine.core.system;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.peregrine.core.CoreCounters;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueCancelOrderDecoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueReplaceOrderDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The test plays the venue adapter itself (reads 2001, writes 2002) to drive the venue answers AutoFillVenue never
 * gives: cancel and replace rejects, fills at other prices, fills before the ack, messages for unknown orders.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptedVenueSystemTest
{
    private final VenueInMessages venueMessages = new VenueInMessages(new UnsafeBuffer(new byte[256]));
    private final MessageFrame frame = new MessageFrame();
    private TestStack stack;
    private Subscription venueOut;
    private Publication venueIn;
    private int lastTemplateId;
    private long lastOrderId;
    private long lastRequestId;
    private long lastQuantity;
    private long lastPrice;

    @BeforeEach
    void launch()
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext(), false);
        venueOut = stack.venueAeron.addSubscription("aeron:ipc", 2001);
        venueIn = stack.venueAeron.addPublication("aeron:ipc", 2002);
        stack.awaitTrue(() -> venueOut.isConnected() && venueIn.isConnected(), "scripted venue connected");
    }

    @AfterEach
    void tearDown()
    {
        venueOut.close();
        venueIn.close();
        stack.close();
    }

    @Test
    void passesVenueCancelAndReplaceRejectsBackAndRevertsReplace()
    {
        final long orderId = ackedBuy(1, 100);
        stack.awaitExecution(1, ExecType.NEW, "ack");

        stack.offer(() -> stack.client.cancel(2, 1, orderId, ACC1));
        awaitVenueRequest(VenueCancelOrderDecoder.TEMPLATE_ID);
        cancelReject(orderId, lastRequestId, CancelRejectResponseTo.CANCEL, RejectReason.TOO_LATE_TO_CANCEL,
            "too late: the order is in the closing auction");
        stack.awaitTrue(() -> stack.reports.cancelRejects.size() == 1, "cancel reject");
        final ReportCollector.CancelRejected cancelRejected = stack.reports.cancelRejects.get(0);
        assertEquals(2, cancelRejected.clOrdId());
        assertEquals(1, cancelRejected.origClOrdId());
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, cancelRejected.rejectReason());
        assertEquals(CancelRejectResponseTo.CANCEL, cancelRejected.responseTo());
        assertEquals("too late: the order is in the closing auction", cancelRejected.text(), "the venue's text");

        stack.offer(() -> stack.client.replace(3, 1, orderId, ACC1, AAPL_PX + Prices.SCALE, 150));
        awaitVenueRequest(VenueReplaceOrderDecoder.TEMPLATE_ID);
        assertEquals(150, lastQuantity);
        assertEquals(AAPL_PX + Prices.SCALE, lastPrice);
        cancelReject(orderId, lastRequestId, CancelRejectResponseTo.REPLACE, RejectReason.NONE, null);
        stack.awaitTrue(() -> stack.reports.cancelRejects.size() == 2, "replace reject");
        final ReportCollector.CancelRejected replaceRejected = stack.reports.cancelRejects.get(1);
        assertEquals(3, replaceRejected.clOrdId());
        assertEquals(RejectReason.VENUE_REJECT, replaceRejected.rejectReason(),
            "NONE from the venue reads as VENUE_REJECT");
        assertEquals(CancelRejectResponseTo.REPLACE, replaceRejected.responseTo());
        assertEquals("VENUE_REJECT", replaceRejected.text(), "no text from the venue: the reason's name");

        // The order keeps its old terms: filling 100 at two prices fills it.
        execution(orderId, 0, ExecType.PARTIAL_FILL, 40, 189 * Prices.SCALE);
        execution(orderId, 0, ExecType.PARTIAL_FILL, 60, 190 * Prices.SCALE);
        final ReportCollector.Execution fill =
            stack.awaitExecution(1, ExecType.FILL, "fill");
        assertEquals(100, fill.cumQty());
        assertEquals(0, fill.leavesQty());
        assertEquals(60, fill.lastQty());
        assertEquals(189_600_000L, fill.avgPx());
        assertEquals(OrdStatus.FILLED, fill.ordStatus());
        stack.close();
        assertEquals(0, stack.core.risk().openOrders(ACC1));
        assertEquals(100, stack.core.risk().position(ACC1, AAPL));
    }

    @Test
    void acceptsFillsBeforeTheAckAndIgnoresMessagesForUnknownOrders()
    {
        stack.offer(() -> stack.client.newOrder(1, ACC1, AAPL, Side.SELL, OrdType.LIMIT, TimeInForce.IOC,
            AAPL_PX, 10));
        awaitVenueRequest(VenueNewOrderDecoder.TEMPLATE_ID);
        final long orderId = lastOrderId;
        execution(orderId, 0, ExecType.PARTIAL_FILL, 4, AAPL_PX);
        execution(orderId + 100, 0, ExecType.FILL, 4, AAPL_PX);
        execution(orderId, 0, ExecType.EXPIRED, 0, 0);

        final ReportCollector.Execution expired =
            stack.awaitExecution(1, ExecType.EXPIRED, "expired");
        assertEquals(OrdStatus.EXPIRED, expired.ordStatus());
        assertEquals(4, expired.cumQty());
        assertEquals(0, expired.leavesQty());
        assertEquals(ExecType.PARTIAL_FILL, stack.executionsFor(1).get(0).execType());

        execution(orderId, 0, ExecType.FILL, 6, AAPL_PX);
        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[]{ 1, 2, 3 });
        stack.awaitTrue(() -> venueIn.offer(garbage, 0, 3) > 0, "garbage offered");
        final CoreCounters counters = stack.core.counters();
        stack.awaitTrue(() -> counters.venueUnknownOrders().get() == 2, "unknown and late fills counted");
        stack.awaitTrue(() -> counters.venueMalformed().get() == 1, "garbage from the venue counted");
        assertEquals(1, counters.fills().get());
    }

    @Test
    void answersPendingRequestsTooLateWhenTheOrderClosesFirst()
    {
        final long first = ackedBuy(1, 100);
        final long second = ackedBuy(2, 10);

        stack.offer(() -> stack.client.replace(3, 1, first, ACC1, AAPL_PX, 150));
        awaitVenueRequest(VenueReplaceOrderDecoder.TEMPLATE_ID);
        final long replaceRequestId = lastRequestId;
        execution(first, 0, ExecType.FILL, 100, AAPL_PX);
        // The old quantity filled while the raise is pending: open until the venue answers the replace (had it
        // applied it, 50 would still work there), reported as raised.
        final ReportCollector.Execution waiting =
            stack.awaitExecution((e) -> e.orderId() == first && e.execType() == ExecType.PARTIAL_FILL, "fill");
        assertEquals(150, waiting.quantity());
        assertEquals(50, waiting.leavesQty());
        cancelReject(first, replaceRequestId, CancelRejectResponseTo.REPLACE, RejectReason.TOO_LATE_TO_CANCEL, null);
        final ReportCollector.Execution fill =
            stack.awaitExecution((e) -> e.orderId() == first && e.ordStatus() == OrdStatus.FILLED, "filled");
        assertEquals(1, fill.clOrdId());
        assertEquals(ExecType.RESTATED, fill.execType(), "nothing new traded: no FILL of 0");
        assertEquals(0, fill.lastQty());
        assertEquals(100, fill.quantity(), "the raise declined: the order's own quantity");
        stack.awaitTrue(() -> stack.reports.cancelRejects.size() == 1, "replace too late");
        assertEquals(3, stack.reports.cancelRejects.get(0).clOrdId());
        assertEquals(RejectReason.TOO_LATE_TO_CANCEL, stack.reports.cancelRejects.get(0).rejectReason());
        assertEquals(OrdStatus.FILLED, stack.reports.cancelRejects.get(0).ordStatus());

        stack.offer(() -> stack.client.cancel(4, 2, second, ACC1));
        awaitVenueRequest(VenueCancelOrderDecoder.TEMPLATE_ID);
        execution(second, 0, ExecType.EXPIRED, 0, 0);
        final ReportCollector.Execution expired =
            stack.awaitExecution((e) -> e.orderId() == second && e.execType() == ExecType.EXPIRED, "expired");
        assertEquals(2, expired.clOrdId(), "reported under the order's id, not the cancel's");
        stack.awaitTrue(() -> stack.reports.cancelRejects.size() == 2, "cancel too late");
        assertEquals(4, stack.reports.cancelRejects.get(1).clOrdId());
        assertEquals(OrdStatus.EXPIRED, stack.reports.cancelRejects.get(1).ordStatus());

        stack.close();
        assertEquals(0, stack.core.risk().openOrders(ACC1));
        assertEquals(0, stack.core.risk().openBuyQty(ACC1, AAPL), "the replace's extra 50 was released");
        assertEquals(100, stack.core.risk().position(ACC1, AAPL));
    }

    @Test
    void closesOrderWhenFillsCrossingAReplaceDownUseUpTheNewQuantity()
    {
        final long orderId = ackedBuy(1, 100);
        stack.offer(() -> stack.client.replace(2, 1, orderId, ACC1, AAPL_PX, 50));
        awaitVenueRequest(VenueReplaceOrderDecoder.TEMPLATE_ID);
        final long replaceRequestId = lastRequestId;
        execution(orderId, 0, ExecType.PARTIAL_FILL, 60, AAPL_PX);
        execution(orderId, replaceRequestId, ExecType.REPLACED, 0, 0);

        final ReportCollector.Execution replaced =
            stack.awaitExecution((e) -> e.orderId() == orderId && e.execType() == ExecType.REPLACED, "replaced");
        assertEquals(OrdStatus.FILLED, replaced.ordStatus());
        assertEquals(50, replaced.quantity());
        assertEquals(60, replaced.cumQty());
        assertEquals(0, replaced.leavesQty());
        stack.close();
        assertEquals(0, stack.core.risk().openOrders(ACC1));
        assertEquals(0, stack.core.risk().openBuyQty(ACC1, AAPL));
        assertEquals(60, stack.core.risk().position(ACC1, AAPL));
    }

    /** @return the core's order id of a limit buy of AAPL the scripted venue has received and acknowledged. */
    private long ackedBuy(final long clOrdId, final long quantity)
    {
        stack.newLimitOrder(clOrdId, ACC1, AAPL, Side.BUY, AAPL_PX, quantity);
        awaitVenueRequest(VenueNewOrderDecoder.TEMPLATE_ID);
        final long orderId = lastOrderId;
        execution(orderId, 0, ExecType.NEW, 0, 0);
        return orderId;
    }

    private void awaitVenueRequest(final int templateId)
    {
        lastTemplateId = -1;
        stack.awaitTrue(() ->
        {
            venueOut.poll((buffer, offset, length, header) ->
            {
                lastTemplateId = frame.wrap(buffer, offset);
                if (VenueNewOrderDecoder.TEMPLATE_ID == lastTemplateId)
                {
                    final VenueNewOrderDecoder order = frame.body(new VenueNewOrderDecoder());
                    lastOrderId = order.orderId();
                    lastQuantity = order.quantity();
                }
                else if (VenueCancelOrderDecoder.TEMPLATE_ID == lastTemplateId)
                {
                    lastRequestId = frame.body(new VenueCancelOrderDecoder()).requestId();
                }
                else if (VenueReplaceOrderDecoder.TEMPLATE_ID == lastTemplateId)
                {
                    final VenueReplaceOrderDecoder replace = frame.body(new VenueReplaceOrderDecoder());
                    lastRequestId = replace.requestId();
                    lastQuantity = replace.quantity();
                    lastPrice = replace.price();
                }
            }, 1);
            return lastTemplateId == templateId;
        }, "venue request " + templateId);
    }

    private void execution(
        final long orderId, final long requestId, final ExecType execType, final long lastQty, final long lastPx)
    {
        final int length = venueMessages.execution(
            orderId, requestId, 1, execType, RejectReason.NONE, 0, 0, lastQty, lastPx, 0, 0, 0, 1, null);
        stack.awaitTrue(() -> venueIn.offer(venueMessages.buffer(), 0, length) > 0, "venue offer");
    }

    private void cancelReject(
        final long orderId,
        final long requestId,
        final CancelRejectResponseTo responseTo,
        final RejectReason reason,
        final String text)
    {
        final int length = venueMessages.cancelReject(orderId, requestId, 1, responseTo, reason, 1, text);
        stack.awaitTrue(() -> venueIn.offer(venueMessages.buffer(), 0, length) > 0, "venue offer");
    }
}
