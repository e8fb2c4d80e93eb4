package io.peregrine.gateway.broker;

import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.gateway.SbeProbe;
import io.peregrine.gateway.edge.GatewayLimits;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.ReplaceOrderDecoder;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.MessageStore;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.ClOrdID;
import quickfix.field.CxlRejReason;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.fix44.OrderCancelReplaceRequest;

import java.io.Closeable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gateway refuses itself, before the core: a cancel or replace that does not name the order as it is, or a
 * replace that would change more than price and quantity, is never confirmed while silently ignored; a PossDup copy
 * of an order the gateway refused is answered with the refusal, never served as a new order. A broker playing test
 * initiator, a test Aeron client playing the core.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayRefusalsSystemTest
{
    private static final long WAIT_MS = 10_000;
    private static final int ORDERS_PER_SECOND = 20;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withTestCore("refusals", WAIT_MS);

    @Test
    void aCancelOrReplaceThatDoesNotMatchTheOrderOrChangesMoreThanPriceAndQuantityIsRefused() throws Exception
    {
        final SbeProbe core = stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        stack.startGateway(stack.gatewayContext().venues(List.of()));
        final FixCounterparty broker = stack.broker("BROKER1");
        broker.send(FixRequests.newOrder("W1", Side.BUY, "AAPL", "189.00", 100, TimeInForce.GOOD_TILL_CANCEL));
        final NewOrderDecoder order = new NewOrderDecoder().wrapAndApplyHeader(
            core.await(NewOrderDecoder.TEMPLATE_ID, WAIT_MS), 0, new MessageHeaderDecoder());

        broker.send(gtc(FixRequests.replace("W2", "W1", "AAPL", Side.SELL, "189.50", 100)));
        assertRefused(broker, "W2", "Side(54) 2 is not the order's side 1");

        broker.send(gtc(FixRequests.replace("W3", "W1", "MSFT", Side.BUY, "189.00", 100)));
        assertRefused(broker, "W3", "Symbol(55) MSFT is not the order's symbol AAPL");

        final OrderCancelReplaceRequest toMarket = gtc(FixRequests.replace("W4", "W1", "189.00", 100));
        toMarket.set(new OrdType(OrdType.MARKET));
        toMarket.removeField(Price.FIELD);
        broker.send(toMarket);
        assertRefused(broker, "W4", "A replace cannot change OrdType(40): the order's is 2");

        final OrderCancelReplaceRequest toIoc = FixRequests.replace("W5", "W1", "189.00", 100);
        toIoc.set(new TimeInForce(TimeInForce.IMMEDIATE_OR_CANCEL));
        broker.send(toIoc);
        assertRefused(broker, "W5", "A replace cannot change TimeInForce(59): the order's is 1");

        broker.send(FixRequests.cancel("W6", "W1", "MSFT", Side.BUY));
        assertRefused(broker, "W6", "Symbol(55) MSFT is not the order's symbol AAPL");

        // None of them reached the core; a replace with the order's Side, Symbol and OrdType, a new price and
        // quantity, and TimeInForce(59) left out (unchanged) does.
        broker.send(FixRequests.replace("W7", "W1", "189.10", 150));
        final ReplaceOrderDecoder replace = new ReplaceOrderDecoder().wrapAndApplyHeader(
            core.await(ReplaceOrderDecoder.TEMPLATE_ID, WAIT_MS), 0, new MessageHeaderDecoder());
        assertEquals(order.clOrdId(), replace.origClOrdId());
        assertEquals(Prices.parse("189.10"), replace.price());
        assertEquals(150, replace.quantity());
        assertTrue(core.nothingOf(CancelOrderDecoder.TEMPLATE_ID, 200), "the refused cancel was not offered");
    }

    @Test
    void aPossDupCopyOfAnOrderTheGatewayRefusedIsAnsweredWithTheRefusalWhileAPlainRetryIsServed() throws Exception
    {
        final SbeProbe core = stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        stack.startGateway(stack.gatewayContext().venues(List.of())
            .limits(GatewayLimits.defaults().withBrokerMaxOrdersPerSecond(ORDERS_PER_SECOND)));
        final FixCounterparty broker = stack.broker("BROKER1");

        broker.send(FixRequests.newOrder("R1", Side.BUY, "AAPL", "189.00", 100, TimeInForce.DAY, "ACC9"));
        Message report = broker.nextApp(WAIT_MS);
        assertEquals(ExecType.REJECTED, report.getChar(ExecType.FIELD));
        assertEquals(OrdRejReason.UNKNOWN_ACCOUNT, report.getInt(OrdRejReason.FIELD));

        // The copy is marked PossDup; that it now carries an allowed account shows it is answered, not re-checked.
        broker.markPossDup(true);
        broker.send(FixRequests.newOrder("R1", Side.BUY, "AAPL", "189.00", 100, TimeInForce.DAY, "ACC1"));
        broker.markPossDup(false);
        assertRefusalAnswered(broker.nextApp(WAIT_MS), "R1", OrdRejReason.UNKNOWN_ACCOUNT,
            "PossDup copy of an order refused: Account ACC9 is not permitted for this session");
        assertTrue(core.nothingOf(NewOrderDecoder.TEMPLATE_ID, 200), "the PossDup copy was not served");

        broker.send(FixRequests.newOrder("R1", Side.BUY, "AAPL", "189.00", 100, TimeInForce.DAY, "ACC1"));
        core.await(NewOrderDecoder.TEMPLATE_ID, WAIT_MS); // a plain retry of a refused ClOrdID is served

        // Throttled: a burst far above the session's orders/s (it would have to take 9 s to pass); the fake core
        // answers none of those taken, so every report the burst brings is a throttle refusal.
        final int burst = 10 * ORDERS_PER_SECOND;
        for (int i = 0; i < burst; i++)
        {
            broker.send(FixRequests.newOrder("T" + i, Side.BUY, "AAPL", "189.00", 1));
        }
        final Message throttled = broker.nextApp(WAIT_MS);
        assertEquals(OrdRejReason.ORDER_EXCEEDS_LIMIT, throttled.getInt(OrdRejReason.FIELD));
        // Every order of the burst is either refused (a report here) or taken (offered to the fake core): only once
        // all are accounted for can no late refusal be mistaken for the answer to the PossDup copy below.
        int refusedOrTaken = 1;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (refusedOrTaken < burst)
        {
            assertTrue(System.nanoTime() < deadline, "the burst's " + burst + " orders refused or taken: " +
                refusedOrTaken);
            if (null != broker.appMessages.poll(10, TimeUnit.MILLISECONDS))
            {
                refusedOrTaken++;
            }
            while (!core.nothingOf(NewOrderDecoder.TEMPLATE_ID, 0))
            {
                refusedOrTaken++;
            }
        }
        final String clOrdId = throttled.getString(ClOrdID.FIELD);
        broker.markPossDup(true);
        broker.send(FixRequests.newOrder(clOrdId, Side.BUY, "AAPL", "189.00", 1));
        broker.markPossDup(false);
        report = broker.nextApp(WAIT_MS);
        assertRefusalAnswered(report, clOrdId, OrdRejReason.ORDER_EXCEEDS_LIMIT, "PossDup copy of an order refused: ");
        assertTrue(report.getString(Text.FIELD).contains("Throttled"), report.getString(Text.FIELD));
    }

    @Test
    void throttledOrdersAreCountedAsOrdersInAndAsGatewayRejects() throws Exception
    {
        final SbeProbe core = stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        final FixGateway gateway = stack.startGateway(stack.gatewayContext().venues(List.of())
            .limits(GatewayLimits.defaults().withBrokerMaxOrdersPerSecond(ORDERS_PER_SECOND)));
        final FixCounterparty broker = stack.broker("BROKER1");

        // A burst far above the session's orders/s: the fake core answers none of those taken, so every report is a
        // throttle refusal.
        final int burst = 10 * ORDERS_PER_SECOND;
        for (int i = 0; i < burst; i++)
        {
            broker.send(FixRequests.newOrder("C" + i, Side.BUY, "AAPL", "189.00", 1));
        }
        int refused = 0;
        int taken = 0;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (refused + taken < burst)
        {
            assertTrue(System.nanoTime() < deadline, "the burst's orders refused or taken: " + refused + "+" + taken);
            if (null != broker.appMessages.poll(10, TimeUnit.MILLISECONDS))
            {
                refused++;
            }
            while (!core.nothingOf(NewOrderDecoder.TEMPLATE_ID, 0))
            {
                taken++;
            }
        }
        assertTrue(refused > 0, "throttled");
        assertEquals(refused, gateway.brokerApplication().throttled());
        assertEquals(burst, gateway.counters().brokerOrdersIn().get(), "every NewOrderSingle in, throttled or not");
        assertEquals(refused, gateway.counters().brokerGatewayRejects().get(), "each throttled one a gateway reject");
    }

    @Test
    void aRequestTheClOrdIdJournalCannotRecordIsRefusedSayingSoNotLeftUnanswered() throws Exception
    {
        final SbeProbe core = stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        final io.peregrine.gateway.FixGateway gateway = stack.startGateway(stack.gatewayContext().venues(List.of()));
        final FixCounterparty broker = stack.broker("BROKER1");
        broker.send(FixRequests.newOrder("J1", Side.BUY, "AAPL", "189.00", 100));
        core.await(NewOrderDecoder.TEMPLATE_ID, WAIT_MS);

        gateway.brokerApplication().routes().close(); // every journal write fails from now on, as on a full disk
        broker.send(FixRequests.newOrder("J2", Side.BUY, "AAPL", "189.00", 100));
        final Message rejected = broker.nextApp(WAIT_MS);
        assertEquals(ExecType.REJECTED, rejected.getChar(ExecType.FIELD));
        assertEquals("J2", rejected.getString(ClOrdID.FIELD));
        assertTrue(rejected.getString(Text.FIELD).startsWith("Gateway cannot journal the request"),
            rejected.getString(Text.FIELD));
        broker.send(FixRequests.cancel("J3", "J1"));
        final Message cancelRejected = broker.nextApp(WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REJECT, cancelRejected.getHeader().getString(MsgType.FIELD));
        assertTrue(cancelRejected.getString(Text.FIELD).startsWith("Gateway cannot journal the request"),
            cancelRejected.getString(Text.FIELD));
        assertTrue(core.nothingOf(NewOrderDecoder.TEMPLATE_ID, 200), "nothing unjournaled was offered");
        assertTrue(core.nothingOf(CancelOrderDecoder.TEMPLATE_ID, 10));
    }

    @Test
    void aReplyTheBrokerSessionStoreCannotPersistDropsTheSessionAndTheOrderIsAnsweredAfterTheNextLogon()
        throws Exception
    {
        stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        final io.peregrine.gateway.FixGateway gateway = stack.startGateway(stack.gatewayContext().venues(List.of()));
        final FixCounterparty broker = stack.broker("BROKER1");
        final MessageStore store = Session.lookupSession(
            new SessionID(broker.sessionId().getBeginString(), GatewayStack.GATEWAY_COMP_ID, "BROKER1")).getStore();
        gateway.brokerApplication().routes().close(); // the ClOrdID journal and the FIX store both fail, as on a
        ((Closeable)store).close();                   // full disk: the refusal of K1 cannot be persisted either
        broker.send(FixRequests.newOrder("K1", Side.BUY, "AAPL", "189.00", 100));

        assertTrue(broker.awaitLogout(WAIT_MS), "the broker is not left logged on, waiting for an answer never sent");
        assertTrue(broker.appMessages.isEmpty());
        store.refresh(); // space again: the files are reopened
        broker.awaitLoggedOn();
        broker.send(FixRequests.statusRequest("K1"));
        final Message status = broker.findReport("K1", report -> isStatus(report), WAIT_MS);
        assertEquals(OrdStatus.REJECTED, status.getChar(OrdStatus.FIELD), "never journaled, so never forwarded");
        assertTrue(status.getString(Text.FIELD).startsWith("Unknown order"), status.getString(Text.FIELD));
    }

    private static boolean isStatus(final Message report)
    {
        try
        {
            return report.getChar(ExecType.FIELD) == ExecType.ORDER_STATUS;
        }
        catch (final quickfix.FieldNotFound ex)
        {
            return false;
        }
    }

    private static void assertRefusalAnswered(
        final Message report, final String clOrdId, final int ordRejReason, final String textStart) throws Exception
    {
        assertEquals(MsgType.EXECUTION_REPORT, report.getHeader().getString(MsgType.FIELD));
        assertEquals(clOrdId, report.getString(ClOrdID.FIELD));
        assertEquals(ExecType.ORDER_STATUS, report.getChar(ExecType.FIELD));
        assertEquals(OrdStatus.REJECTED, report.getChar(OrdStatus.FIELD));
        assertEquals(ordRejReason, report.getInt(OrdRejReason.FIELD));
        assertTrue(report.getString(Text.FIELD).startsWith(textStart), report.getString(Text.FIELD));
    }

    private static OrderCancelReplaceRequest gtc(final OrderCancelReplaceRequest replace)
    {
        replace.set(new TimeInForce(TimeInForce.GOOD_TILL_CANCEL));
        return replace;
    }

    private static void assertRefused(final FixCounterparty broker, final String clOrdId, final String text)
        throws Exception
    {
        final Message reject = broker.nextApp(WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REJECT, reject.getHeader().getString(MsgType.FIELD));
        assertEquals(clOrdId, reject.getString(ClOrdID.FIELD));
        assertEquals(CxlRejReason.OTHER, reject.getInt(CxlRejReason.FIELD));
        assertEquals(text, reject.getString(Text.FIELD));
        assertNotEquals(OrdStatus.REJECTED, reject.getChar(OrdStatus.FIELD), "the order itself is not rejected");
    }
}
