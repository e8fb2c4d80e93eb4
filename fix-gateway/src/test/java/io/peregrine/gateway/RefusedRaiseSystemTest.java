package io.peregrine.gateway;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixReports;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecRestatementReason;
import quickfix.field.ExecType;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Text;
import quickfix.fix44.OrderCancelReject;

import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broker -> gateway -> real core -> gateway -> a venue test double that fills an order's whole quantity while a
 * replace raising it is pending, then refuses the raise. During the wait the broker was told the raised OrderQty (the
 * venue may have applied it first); the refusal closes the order filled. What the broker gets for that close is an
 * ExecutionReport Restated (150=D, 378=5 partial decline of OrderQty: the raise), OrdStatus Filled, the order's own
 * OrderQty and LeavesQty 0, no LastQty: never a Trade (150=F) of 0 shares, which a back office would book or refuse.
 * Then the replace's OrderCancelReject (434=2) with OrdStatus Filled. A venue that fills the order and never answers
 * the raise (it stops, or is killed) ends the same way: the gateway refuses the replace of an order the venue reports
 * filled, and the order closes instead of waiting for good.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RefusedRaiseSystemTest
{
    private static final long WAIT_MS = 15_000;

    private final FixReports reports = new FixReports("RR");
    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("raise", WAIT_MS, "sleeping", UnaryOperator.identity());
    private FixCounterparty venue;
    private FixCounterparty broker;
    /** Whether the venue refuses a replace after filling the order, or never answers it. */
    private volatile boolean venueRefusesReplace = true;

    @BeforeEach
    void setUp() throws Exception
    {
        venue = stack.fixVenue((settings) -> { }).onApp(this::onVenueMessage).start();
        stack.startGateway(stack.gatewayContext());
        broker = stack.broker("BROKER1");
        assertTrue(venue.awaitLogon(WAIT_MS));
    }

    @Test
    void aRaiseTheVenueRefusesAfterFillingTheOrderIsRestatedNotATradeOfZero() throws Exception
    {
        broker.send(FixRequests.newOrder("R1", '1', "AAPL", "189.00", 100));
        broker.nextReport("R1", ExecType.NEW, WAIT_MS);
        broker.send(FixRequests.replace("R2", "R1", "189.00", 150));

        // The venue's fill of 100 crossed the raise: the order waits for the venue's answer, reported as raised.
        final Message waiting = broker.nextReport("R1", ExecType.TRADE, WAIT_MS);
        assertEquals(OrdStatus.PARTIALLY_FILLED, waiting.getChar(OrdStatus.FIELD));
        assertEquals(100, waiting.getInt(LastQty.FIELD));
        assertEquals(150, waiting.getInt(OrderQty.FIELD));
        assertEquals(50, waiting.getInt(LeavesQty.FIELD));

        final Message closed = broker.nextReport("R1", WAIT_MS);
        assertEquals(ExecType.RESTATED, closed.getChar(ExecType.FIELD), "no Trade of 0 shares: " + closed);
        assertEquals(ExecRestatementReason.PARTIAL_DECLINE_OF_ORDERQTY, closed.getInt(ExecRestatementReason.FIELD));
        assertEquals(OrdStatus.FILLED, closed.getChar(OrdStatus.FIELD));
        assertFalse(closed.isSetField(LastQty.FIELD), "nothing traded now");
        assertEquals(100, closed.getInt(OrderQty.FIELD), "the order's own quantity: the raise was declined");
        assertEquals(100, closed.getInt(CumQty.FIELD));
        assertEquals(0, closed.getInt(LeavesQty.FIELD));
        assertTrue(closed.getString(Text.FIELD).contains("refused the replace"), closed.getString(Text.FIELD));

        final Message refused = broker.nextFor("R2", WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REJECT, refused.getHeader().getString(MsgType.FIELD));
        assertEquals(CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST, refused.getChar(CxlRejResponseTo.FIELD));
        assertEquals("R1", refused.getString(OrigClOrdID.FIELD));
        assertEquals(OrdStatus.FILLED, refused.getChar(OrdStatus.FIELD));
        stack.awaitWorkingOrders(0);
    }

    @Test
    void aRaiseTheVenueNeverAnswersAfterFillingTheOrderIsRefusedAndTheOrderClosesFilled() throws Exception
    {
        venueRefusesReplace = false;
        broker.send(FixRequests.newOrder("S1", '1', "AAPL", "189.00", 100));
        broker.nextReport("S1", ExecType.NEW, WAIT_MS);
        broker.send(FixRequests.replace("S2", "S1", "189.00", 150));
        assertEquals(100, broker.nextReport("S1", ExecType.TRADE, WAIT_MS).getInt(LastQty.FIELD));

        final Message closed = broker.nextReport("S1", WAIT_MS);
        assertEquals(ExecType.RESTATED, closed.getChar(ExecType.FIELD), closed.toString());
        assertEquals(OrdStatus.FILLED, closed.getChar(OrdStatus.FIELD));
        assertEquals(0, closed.getInt(LeavesQty.FIELD));
        final Message refused = broker.nextFor("S2", WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REJECT, refused.getHeader().getString(MsgType.FIELD));
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, refused.getInt(CxlRejReason.FIELD));
        assertTrue(refused.getString(Text.FIELD).contains("too late to replace: the venue reports the order filled"),
            refused.getString(Text.FIELD));
        stack.awaitWorkingOrders(0);
    }

    /**
     * Acknowledges an order; answers a replace with a fill of the order's whole quantity, then (unless told not to) a
     * refusal.
     */
    private void onVenueMessage(final Message message, final SessionID sessionId)
    {
        try
        {
            final String msgType = message.getHeader().getString(MsgType.FIELD);
            if (MsgType.NEW_ORDER_SINGLE.equals(msgType))
            {
                venue.send(reports.acknowledge(message));
            }
            else if (MsgType.ORDER_CANCEL_REPLACE_REQUEST.equals(msgType))
            {
                final String order = message.getString(OrigClOrdID.FIELD);
                venue.send(reports.fill(order, 100, 100, 100, "189.00"));
                if (!venueRefusesReplace)
                {
                    return;
                }
                final OrderCancelReject reject = new OrderCancelReject(new OrderID("V" + order),
                    new ClOrdID(message.getString(ClOrdID.FIELD)), new OrigClOrdID(order),
                    new OrdStatus(OrdStatus.FILLED),
                    new CxlRejResponseTo(CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST));
                reject.set(new CxlRejReason(CxlRejReason.TOO_LATE_TO_CANCEL));
                venue.send(reject);
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
