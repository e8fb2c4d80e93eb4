package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.peregrine.core.Peregrine;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.gateway.SbeProbe;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.VenueCancelOrderDecoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueReplaceOrderDecoder;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.CxlRejReason;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrigClOrdID;
import quickfix.field.Text;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.peregrine.testsupport.FixRequests.cancel;
import static io.peregrine.testsupport.FixRequests.newOrder;
import static io.peregrine.testsupport.FixRequests.replace;
import static io.peregrine.testsupport.FixRequests.statusRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A broker names an order by a ClOrdID a replace superseded (A replaced by B), through the real core: the answer is
 * the order's real state, never "unknown order" with OrdStatus 8 for an order that is working or filled.
 * <p>
 * The venue is played over SBE by the test (venue-out 2001, venue-in 2002), so that the replace's confirmation can
 * reach the core while the gateway is down: the gateway (reading the live stream) never sees the REPLACED report and
 * still knows the order by A, without its core order id (the venue never acknowledged it). What it asks the core then
 * names the order by the id the replace superseded, the case the core used to answer UNKNOWN_ORDER.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SupersededClOrdIdSystemTest
{
    private static final long WAIT_MS = 15_000;
    private static final int VENUE_ID = GatewayStack.VENUE_ID;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("superseded", WAIT_MS, "sleeping", UnaryOperator.identity());
    private final VenueInMessages venueIn = new VenueInMessages(new UnsafeBuffer(new byte[1024]));
    private SbeProbe venue;
    private FixCounterparty broker;
    private long orderId;

    @BeforeEach
    void setUp() throws Exception
    {
        venue = stack.own(new SbeProbe(stack.aeronDir, 2002, 2001));
        stack.startGateway(stack.gatewayContext().venues(List.of()));
        broker = stack.broker("BROKER1");
    }

    @Test
    void aCancelNamingTheSupersededClOrdIdOfAWorkingOrderCancelsIt() throws Exception
    {
        replacedWhileTheGatewayWasDown();

        broker.send(cancel("C", "A"));
        final VenueCancelOrderDecoder venueCancel = new VenueCancelOrderDecoder().wrapAndApplyHeader(
            venue.await(VenueCancelOrderDecoder.TEMPLATE_ID, WAIT_MS), 0, new MessageHeaderDecoder());
        assertEquals(orderId, venueCancel.orderId(), "the core sent the cancel to the venue");
        venueReports(venueIn.execution(orderId, venueCancel.requestId(), VENUE_ID, ExecType.CANCELED,
            RejectReason.NONE, px("190.00"), 80, 0, 0, 0, 0, VenueInMessages.AVG_PX_UNKNOWN, 3, null));
        final Message canceled = broker.nextFor("C", WAIT_MS);
        assertEquals(MsgType.EXECUTION_REPORT, canceled.getHeader().getString(MsgType.FIELD), canceled.toString());
        assertEquals(quickfix.field.ExecType.CANCELED, canceled.getChar(quickfix.field.ExecType.FIELD));
        assertEquals(OrdStatus.CANCELED, canceled.getChar(OrdStatus.FIELD));
        assertEquals("B", canceled.getString(OrigClOrdID.FIELD), "the order's current ClOrdID");
        assertEquals(Long.toString(orderId), canceled.getString(OrderID.FIELD));
        assertEquals(0, stack.core().counters().workingOrders().get());
    }

    @Test
    void aStatusRequestNamingTheSupersededClOrdIdOfAWorkingOrderIsAnsweredWithItsRealState() throws Exception
    {
        replacedWhileTheGatewayWasDown();

        broker.send(statusRequest("A"));
        final Message status = broker.nextReport("B", quickfix.field.ExecType.ORDER_STATUS, WAIT_MS);
        assertEquals(OrdStatus.NEW, status.getChar(OrdStatus.FIELD), "the core's state, not the last one reported");
        assertEquals(80, status.getInt(quickfix.field.OrderQty.FIELD), "the replace's terms");
        assertEquals(80, status.getInt(quickfix.field.LeavesQty.FIELD));
        assertEquals(Long.toString(orderId), status.getString(OrderID.FIELD));
        assertFalse(status.isSetField(Text.FIELD), "answered by the core: " + status);
        // The answer came under the replace's id: the gateway names the order by it from now on.
        assertEquals(stack.gateway().brokerApplication().routes().find(session(), "B").clOrdId(),
            stack.gateway().brokerApplication().routes().find(session(), "A").order().currentClOrdId());
    }

    @Test
    void aCancelNamingTheSupersededClOrdIdOfAFilledOrderIsTooLateWithItsRealStatus() throws Exception
    {
        replacedWhileTheGatewayWasDown();
        venueReports(venueIn.execution(orderId, 0, VENUE_ID, ExecType.FILL, RejectReason.NONE, px("190.00"), 80, 80,
            px("190.00"), 80, 0, px("190.00"), 3, null));
        final Message fill = broker.nextReport("B", quickfix.field.ExecType.TRADE, WAIT_MS);
        assertEquals(OrdStatus.FILLED, fill.getChar(OrdStatus.FIELD));
        Await.until("the order marked done",
            () -> stack.gateway().brokerApplication().routes().find(session(), "A").order().isDone(), WAIT_MS);

        for (final String named : new String[] {"A", "B"})
        {
            broker.send(cancel("C" + named, named));
            final Message tooLate = broker.nextFor("C" + named, WAIT_MS);
            assertEquals(MsgType.ORDER_CANCEL_REJECT, tooLate.getHeader().getString(MsgType.FIELD));
            assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, tooLate.getInt(CxlRejReason.FIELD), named);
            assertEquals(OrdStatus.FILLED, tooLate.getChar(OrdStatus.FIELD), named);
            assertEquals(Long.toString(orderId), tooLate.getString(OrderID.FIELD), named);
            assertEquals(named, tooLate.getString(OrigClOrdID.FIELD), "as the broker named it");
            assertEquals("A".equals(named) ? "Order is already done; the order's current ClOrdID is B" :
                "Order is already done", tooLate.getString(Text.FIELD));
        }
        broker.send(statusRequest("A"));
        final Message status = broker.nextReport("B", quickfix.field.ExecType.ORDER_STATUS, WAIT_MS);
        assertEquals(OrdStatus.FILLED, status.getChar(OrdStatus.FIELD));
        assertEquals(80, status.getInt(quickfix.field.CumQty.FIELD));
    }

    /**
     * A (100 at 190.00) replaced by B (80): the core routes both to the venue, the gateway stops, the venue confirms
     * the replace (the core's REPLACED report goes to no one), the gateway starts again and the broker logs on.
     */
    private void replacedWhileTheGatewayWasDown() throws Exception
    {
        broker.send(newOrder("A", '1', "AAPL", "190.00", 100));
        orderId = new VenueNewOrderDecoder().wrapAndApplyHeader(
            venue.await(VenueNewOrderDecoder.TEMPLATE_ID, WAIT_MS), 0, new MessageHeaderDecoder()).orderId();
        broker.send(replace("B", "A", "190.00", 80));
        final long replaceRequest = new VenueReplaceOrderDecoder().wrapAndApplyHeader(
            venue.await(VenueReplaceOrderDecoder.TEMPLATE_ID, WAIT_MS), 0, new MessageHeaderDecoder()).requestId();

        stack.stopGateway();
        // Until the driver has removed the gateway's subscription, what the core publishes would wait in the stream
        // for the next subscriber: the restarted gateway would read it.
        try (Aeron aeron = Aeron.connect(TestAeronClients.context(stack.aeronDir)))
        {
            Await.until("no subscriber on the core's report stream", () -> !subscribed(aeron, 1002), WAIT_MS);
        }
        final Peregrine core = stack.core();
        final long unsubscribed = core.counters().egressUnsubscribed().get();
        venueReports(venueIn.execution(orderId, replaceRequest, VENUE_ID, ExecType.REPLACED, RejectReason.NONE,
            px("190.00"), 80, 0, 0, 0, 80, VenueInMessages.AVG_PX_UNKNOWN, 2, null));
        Await.until("the core's REPLACED report published to no gateway",
            () -> core.counters().egressUnsubscribed().get() > unsubscribed, WAIT_MS);

        stack.restartGateway();
        Await.until("the broker logged on again", broker::isLoggedOn, WAIT_MS);
        final OrderRoutes.Order order = stack.gateway().brokerApplication().routes().find(session(), "B").order();
        assertEquals(0, order.orderId(), "the gateway never learnt the core's order id");
        assertEquals(stack.gateway().brokerApplication().routes().find(session(), "A").clOrdId(),
            order.currentClOrdId(), "the gateway still knows the order by A");
    }

    private static boolean subscribed(final Aeron aeron, final int streamId)
    {
        final boolean[] found = {false};
        aeron.countersReader().forEach((counterId, typeId, key, label) ->
            found[0] |= AeronCounters.DRIVER_SUBSCRIBER_POSITION_TYPE_ID == typeId && key.getInt(12) == streamId);
        return found[0];
    }

    private void venueReports(final int length)
    {
        venue.publish(venueIn.buffer(), length);
    }

    private static quickfix.SessionID session()
    {
        return new quickfix.SessionID("FIX.4.4", GatewayStack.GATEWAY_COMP_ID, "BROKER1");
    }

    private static long px(final String price)
    {
        return Prices.parse(price);
    }
}
