package io.peregrine.gateway.broker;

import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.gateway.SbeProbe;
import io.peregrine.gateway.edge.GatewayLimits;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.fix44.NewOrderSingle;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every ExecutionReport the gateway makes itself, before the core, echoes the order fields the request carried and
 * that are valid, as the core's rejects do: Account(1), OrderQty(38), OrdType(40), Price(44) of a limit order,
 * TimeInForce(59); an OrderQty or Price that does not read is left out and the Text(58) says which. One test per
 * gateway reject path of a NewOrderSingle ({@code BrokerFixApplication.onNewOrderSingle}, {@code offer},
 * {@code isPossDupOfRefusedOrder}, {@code ThrottledRequest}) and the unknown-order status answer. A broker playing
 * test initiator, a test Aeron client playing the core.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayRejectEchoSystemTest
{
    private static final long WAIT_MS = 10_000;
    /** A one-character field the report leaves out. */
    private static final char ABSENT = 0;
    private static final char STOP = '3';
    private static final char AT_THE_OPENING = '2';

    @AutoClose
    private final GatewayStack stack = GatewayStack.withTestCore("reject-echo", WAIT_MS);

    @Test
    void everyFieldRejectOfANewOrderEchoesTheOrderFieldsTheRequestCarried() throws Exception
    {
        final SbeProbe core = stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        final FixGateway gateway = stack.startGateway(stack.gatewayContext().venues(List.of()));
        final FixCounterparty broker = stack.broker("BROKER1");

        broker.send(order("E1", "ACC1", OrdType.LIMIT, TimeInForce.GOOD_TILL_CANCEL, "100", "189.5"));
        core.await(NewOrderDecoder.TEMPLATE_ID, WAIT_MS);
        broker.send(order("E1", "ACC1", OrdType.LIMIT, TimeInForce.GOOD_TILL_CANCEL, "100", "189.5"));
        assertEcho(rejected(broker, "E1", OrdRejReason.DUPLICATE_ORDER), "ACC1", "100", OrdType.LIMIT, "189.5",
            TimeInForce.GOOD_TILL_CANCEL);

        final String longClOrdId = "X".repeat(65);
        broker.send(order(longClOrdId, "ACC1", OrdType.LIMIT, TimeInForce.DAY, "10", "189"));
        assertEcho(rejected(broker, longClOrdId, OrdRejReason.OTHER), "ACC1", "10", OrdType.LIMIT, "189",
            TimeInForce.DAY);

        broker.send(order("E2", "ACC9", OrdType.LIMIT, TimeInForce.IMMEDIATE_OR_CANCEL, "250", "189.25"));
        assertEcho(rejected(broker, "E2", OrdRejReason.UNKNOWN_ACCOUNT), "ACC9", "250", OrdType.LIMIT, "189.25",
            TimeInForce.IMMEDIATE_OR_CANCEL);

        final NewOrderSingle badSymbol = order("E3", "ACC1", OrdType.MARKET, TimeInForce.FILL_OR_KILL, "5", null);
        badSymbol.setString(quickfix.field.Symbol.FIELD, "WAYTOOLONGSYMBOL");
        broker.send(badSymbol);
        assertEcho(rejected(broker, "E3", OrdRejReason.UNKNOWN_SYMBOL), "ACC1", "5", OrdType.MARKET, null,
            TimeInForce.FILL_OR_KILL);

        // Values the data dictionary takes but the core does not support are what the broker sent: echoed. No
        // Account(1): the session's default, the account the order would have traded for.
        broker.send(order("E4", null, STOP, TimeInForce.DAY, "7", null));
        assertEcho(rejected(broker, "E4", OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC), "ACC1", "7",
            STOP, null, TimeInForce.DAY);
        broker.send(order("E5", "ACC1", OrdType.LIMIT, AT_THE_OPENING, "8", "190"));
        assertEcho(rejected(broker, "E5", OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC), "ACC1", "8", OrdType.LIMIT,
            "190", AT_THE_OPENING);

        // A quantity or price that does not read is left out, and the Text says which.
        broker.send(order("E6", "ACC1", OrdType.LIMIT, TimeInForce.DAY, "1.5", "189"));
        final Message badQty = rejected(broker, "E6", OrdRejReason.INCORRECT_QUANTITY);
        assertEcho(badQty, "ACC1", null, OrdType.LIMIT, "189", TimeInForce.DAY);
        assertEquals("Invalid OrderQty(38): must be a whole number, got 1.5", badQty.getString(Text.FIELD));
        broker.send(order("E7", "ACC1", OrdType.LIMIT, TimeInForce.DAY, "10", "-1"));
        final Message badPrice = rejected(broker, "E7", OrdRejReason.OTHER);
        assertEcho(badPrice, "ACC1", "10", OrdType.LIMIT, null, TimeInForce.DAY);
        assertEquals("Invalid Price(44): must be positive, got -1", badPrice.getString(Text.FIELD));
        broker.send(order("E8", "ACC9", OrdType.LIMIT, TimeInForce.DAY, "0", "189.0000001"));
        final Message twoBad = rejected(broker, "E8", OrdRejReason.UNKNOWN_ACCOUNT);
        assertEcho(twoBad, "ACC9", null, OrdType.LIMIT, null, TimeInForce.DAY);
        assertEquals("Account ACC9 is not permitted for this session; Invalid OrderQty(38): must be positive, got 0; " +
            "Invalid Price(44): at most 6 decimals, got 189.0000001", twoBad.getString(Text.FIELD));

        // A PossDup copy of a refused order is answered with what the refusal echoed, not with the copy's fields.
        broker.markPossDup(true);
        broker.send(order("E2", "ACC1", OrdType.LIMIT, TimeInForce.DAY, "1", "1"));
        broker.markPossDup(false);
        final Message possDup = broker.nextApp(WAIT_MS);
        assertEquals(ExecType.ORDER_STATUS, possDup.getChar(ExecType.FIELD));
        assertEcho(possDup, "ACC9", "250", OrdType.LIMIT, "189.25", TimeInForce.IMMEDIATE_OR_CANCEL);

        // The unknown-order answer to a status request echoes the Account it named.
        final quickfix.fix44.OrderStatusRequest status = FixRequests.statusRequest("NOPE");
        status.set(new Account("ACC1"));
        broker.send(status);
        final Message unknown = broker.nextApp(WAIT_MS);
        assertEquals(OrdRejReason.UNKNOWN_ORDER, unknown.getInt(OrdRejReason.FIELD));
        assertEcho(unknown, "ACC1", null, ABSENT, null, ABSENT);

        // The ClOrdID journal cannot record the request (a full disk).
        gateway.brokerApplication().routes().close();
        broker.send(order("E9", "ACC1", OrdType.LIMIT, TimeInForce.DAY, "12", "189.01"));
        final Message unjournaled = rejected(broker, "E9", OrdRejReason.OTHER);
        assertTrue(unjournaled.getString(Text.FIELD).startsWith("Gateway cannot journal"),
            unjournaled.getString(Text.FIELD));
        assertEcho(unjournaled, "ACC1", "12", OrdType.LIMIT, "189.01", TimeInForce.DAY);
    }

    @Test
    void aThrottledOrderAndAnOrderTheCoreCannotBeOfferedEchoTheOrderFields() throws Exception
    {
        final SbeProbe core = new SbeProbe(stack.aeronDir, 1002, 1001);
        stack.startGateway(stack.gatewayContext().venues(List.of())
            .limits(GatewayLimits.defaults().withBrokerMaxOrdersPerSecond(1)));
        final FixCounterparty broker = stack.broker("BROKER1");
        core.close();
        awaitNoCoreOnIngress();

        broker.send(order("N1", "ACC1", OrdType.LIMIT, null, "30", "189.5"));
        final Message notSent = rejected(broker, "N1", OrdRejReason.OTHER);
        assertEquals("Core unavailable: request not sent", notSent.getString(Text.FIELD));
        // From the journaled terms: TimeInForce as the core would have taken it (Day when left out).
        assertEcho(notSent, "ACC1", "30", OrdType.LIMIT, "189.5", TimeInForce.DAY);

        broker.send(order("N2", "ACC1", OrdType.LIMIT, TimeInForce.GOOD_TILL_CANCEL, "0", "189.5"));
        final Message throttled = rejected(broker, "N2", OrdRejReason.ORDER_EXCEEDS_LIMIT);
        assertEcho(throttled, "ACC1", null, OrdType.LIMIT, "189.5", TimeInForce.GOOD_TILL_CANCEL);
        assertTrue(throttled.getString(Text.FIELD).startsWith("Throttled") &&
            throttled.getString(Text.FIELD).endsWith("; Invalid OrderQty(38): must be positive, got 0"),
            throttled.getString(Text.FIELD));
    }

    private static NewOrderSingle order(
        final String clOrdId, final String account, final char ordType, final Character tif, final String qty,
        final String price)
    {
        final NewOrderSingle order = FixRequests.order(clOrdId, Side.BUY, "AAPL", ordType, TimeInForce.DAY, 1, null);
        order.setString(OrderQty.FIELD, qty);
        if (null == tif)
        {
            order.removeField(TimeInForce.FIELD);
        }
        else
        {
            order.set(new TimeInForce(tif));
        }
        if (null != price)
        {
            order.setString(Price.FIELD, price);
        }
        if (null != account)
        {
            order.set(new Account(account));
        }
        return order;
    }

    private static Message rejected(final FixCounterparty broker, final String clOrdId, final int ordRejReason)
        throws Exception
    {
        final Message report = broker.nextApp(WAIT_MS);
        assertEquals(MsgType.EXECUTION_REPORT, report.getHeader().getString(MsgType.FIELD));
        assertEquals(clOrdId, report.getString(ClOrdID.FIELD));
        assertEquals(ExecType.REJECTED, report.getChar(ExecType.FIELD), () -> report.toString());
        assertEquals(OrdStatus.REJECTED, report.getChar(OrdStatus.FIELD));
        assertEquals(ordRejReason, report.getInt(OrdRejReason.FIELD), () -> report.toString());
        return report;
    }

    /**
     * @param account     Account(1), or null for absent.
     * @param quantity    OrderQty(38), or null for absent.
     * @param ordType     OrdType(40), or 0 for absent.
     * @param price       Price(44), or null for absent.
     * @param timeInForce TimeInForce(59), or 0 for absent.
     */
    private static void assertEcho(
        final Message report, final String account, final String quantity, final char ordType, final String price,
        final char timeInForce) throws FieldNotFound
    {
        final String shown = report.toString().replace('\u0001', '|');
        assertField(report, Account.FIELD, account, shown);
        assertField(report, OrderQty.FIELD, quantity, shown);
        assertField(report, OrdType.FIELD, ABSENT == ordType ? null : String.valueOf(ordType), shown);
        assertField(report, Price.FIELD, price, shown);
        assertField(report, TimeInForce.FIELD, ABSENT == timeInForce ? null : String.valueOf(timeInForce), shown);
    }

    /**
     * @param expected the value, or null for left out; a decimal field is compared as a number ("100" is "100.0").
     */
    private static void assertField(final Message report, final int tag, final String expected, final String shown)
        throws FieldNotFound
    {
        if (null == expected)
        {
            assertFalse(report.isSetField(tag), tag + " left out: " + shown);
            return;
        }
        assertTrue(report.isSetField(tag), tag + " echoed: " + shown);
        final boolean decimal = tag == OrderQty.FIELD || tag == Price.FIELD;
        assertTrue(decimal ? 0 == new BigDecimal(expected).compareTo(report.getDecimal(tag)) :
            expected.equals(report.getString(tag)), tag + "=" + expected + ": " + shown);
    }

    private void awaitNoCoreOnIngress() throws InterruptedException
    {
        try (io.aeron.Aeron aeron = io.aeron.Aeron.connect(
                new io.aeron.Aeron.Context().aeronDirectoryName(stack.aeronDir));
            io.aeron.ExclusivePublication probe = aeron.addExclusivePublication("aeron:ipc", 1001))
        {
            Await.until("the closed core leaving the ingress stream", () -> !probe.isConnected(), WAIT_MS);
        }
    }
}
