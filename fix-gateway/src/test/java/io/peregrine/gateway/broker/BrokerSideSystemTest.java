package io.peregrine.gateway.broker;

import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.gateway.SbeProbe;
import io.peregrine.gateway.security.PasswordHash;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.CancelRejectEncoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportEncoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.OrderStatusRequestDecoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.ReplaceOrderDecoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.Session;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.CxlRejReason;
import quickfix.field.ExecID;
import quickfix.field.HandlInst;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrderID;
import quickfix.field.OrigClOrdID;
import quickfix.field.PossDupFlag;
import quickfix.field.Text;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker side against test FIX initiators playing brokers and a test Aeron client playing the core.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerSideSystemTest
{
    private static final long WAIT_MS = 10_000;
    private static final int CLIENT_ID = 77;

    private final MutableDirectBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AtomicLong execIds = new AtomicLong();
    private final java.util.Map<Long, long[]> orderAccountAndSymbol = new java.util.concurrent.ConcurrentHashMap<>();
    @AutoClose
    private final GatewayStack stack = GatewayStack.withTestCore("broker", WAIT_MS);
    private final Path dataDir = stack.dataDir;
    private FixGateway gateway;
    private SbeProbe core;

    @BeforeEach
    void setUp()
    {
        core = stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        gateway = stack.startGateway(context());
    }

    private GatewayContext context()
    {
        return stack.gatewayContext()
            .clientId(CLIENT_ID)
            .venues(List.of())
            .brokerSessions(List.of(
                BrokerSessionConfig.of("BROKER1", "ACC1").withAccounts(Set.of("ACC3")),
                BrokerSessionConfig.of("BROKER2", "ACC2").withCredentials("broker2",
                    PasswordHash.create("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS)),
                BrokerSessionConfig.of("BROKER3", "ACC3").withCancelOnDisconnect(true)));
    }

    @Test
    void translatesOrdersToTheCoreAndTheCoreReportsBackToTheRightSession() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        final FixCounterparty broker3 = stack.broker("BROKER3");

        broker1.send(newOrder("A1", '1', "AAPL", '2', "190.25", "100", null));
        final NewOrderDecoder order = awaitNewOrder();
        assertEquals(CLIENT_ID, order.clientId());
        assertEquals("ACC1", PackedAscii.unpack(PackedAscii.read(order.buffer(),
            order.offset() + NewOrderDecoder.accountEncodingOffset())));
        assertEquals("AAPL", PackedAscii.unpack(PackedAscii.read(order.buffer(),
            order.offset() + NewOrderDecoder.symbolEncodingOffset())));
        assertEquals(Side.BUY, order.side());
        assertEquals(OrdType.LIMIT, order.ordType());
        assertEquals(TimeInForce.DAY, order.timeInForce());
        assertEquals(Prices.parse("190.25"), order.price());
        assertEquals(100, order.quantity());
        final long a1 = order.clOrdId();

        broker3.send(newOrder("A1", '2', "MSFT", '2', "420", "5", null));
        final NewOrderDecoder other = awaitNewOrder();
        assertEquals("ACC3", PackedAscii.unpack(PackedAscii.read(other.buffer(),
            other.offset() + NewOrderDecoder.accountEncodingOffset())));
        assertTrue(other.clOrdId() != a1, "the gateway allocates distinct ids for equal broker ClOrdIDs");

        publishReport(CLIENT_ID + 1, a1, 0, 5001, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, 0, 0, 100, "");
        publishReport(CLIENT_ID, a1, 0, 5001, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, 0, 0, 100, "");
        Message report = broker1.nextApp(WAIT_MS);
        assertEquals(MsgType.EXECUTION_REPORT, report.getHeader().getString(MsgType.FIELD));
        assertEquals("A1", report.getString(ClOrdID.FIELD));
        assertEquals("5001", report.getString(OrderID.FIELD));
        assertEquals('0', report.getChar(quickfix.field.ExecType.FIELD));
        assertEquals("AAPL", report.getString(quickfix.field.Symbol.FIELD));
        assertNull(broker1.appMessages.poll(200, TimeUnit.MILLISECONDS), "another client's report is not delivered");
        assertNull(broker3.appMessages.poll(10, TimeUnit.MILLISECONDS));

        publishReport(CLIENT_ID, a1, 0, 5001, ExecType.PARTIAL_FILL, OrdStatus.PARTIALLY_FILLED, RejectReason.NONE,
            30, 30, 70, "");
        report = broker1.nextApp(WAIT_MS);
        assertEquals('F', report.getChar(quickfix.field.ExecType.FIELD));
        assertEquals('1', report.getChar(quickfix.field.OrdStatus.FIELD));
        assertEquals(0, new BigDecimal("30").compareTo(report.getDecimal(quickfix.field.LastQty.FIELD)));
        assertEquals(0, new BigDecimal("190.25").compareTo(report.getDecimal(quickfix.field.LastPx.FIELD)));

        broker1.send(FixRequests.replace("A2", "A1", "190.30", 150));
        final ReplaceOrderDecoder replace = awaitReplace();
        assertEquals(a1, replace.origClOrdId());
        assertEquals(5001, replace.orderId());
        assertEquals(Prices.parse("190.30"), replace.price());
        assertEquals(150, replace.quantity());
        publishCancelReject(replace.clOrdId(), a1, 5001, CancelRejectResponseTo.REPLACE,
            RejectReason.PRICE_OUTSIDE_COLLAR);
        report = broker1.nextApp(WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REJECT, report.getHeader().getString(MsgType.FIELD));
        assertEquals("A2", report.getString(ClOrdID.FIELD));
        assertEquals("A1", report.getString(OrigClOrdID.FIELD));
        assertEquals('2', report.getChar(quickfix.field.CxlRejResponseTo.FIELD));
        assertEquals("Price outside collar", report.getString(Text.FIELD));

        broker1.send(FixRequests.cancel("A3", "A1"));
        final CancelOrderDecoder cancel = awaitCancel();
        assertEquals(a1, cancel.origClOrdId());
        assertEquals(5001, cancel.orderId());
        publishReport(CLIENT_ID, cancel.clOrdId(), a1, 5001, ExecType.CANCELED, OrdStatus.CANCELED,
            RejectReason.NONE, 0, 30, 0, "");
        report = broker1.nextApp(WAIT_MS);
        assertEquals("A3", report.getString(ClOrdID.FIELD));
        assertEquals("A1", report.getString(OrigClOrdID.FIELD));
        assertEquals('4', report.getChar(quickfix.field.ExecType.FIELD));
        // The report agent marks the order done just after it sent the final report (so that a crash in between
        // never leaves a done order without it): wait for that, so the next cancel is the gateway's to refuse.
        awaitDone("A1");

        broker1.send(FixRequests.cancel("A4", "A1"));
        report = broker1.nextApp(WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REJECT, report.getHeader().getString(MsgType.FIELD));
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, report.getInt(CxlRejReason.FIELD));
    }

    @Test
    void aFillTheCoreBookedAfterTheOrderWasDoneReachesTheBrokerAndOneNamingAnotherOrderDoesNot() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        broker1.send(newOrder("L1", '1', "AAPL", '2', "190.25", "100", null));
        final long l1 = awaitNewOrder().clOrdId();
        publishReport(CLIENT_ID, l1, 0, 6001, ExecType.CANCELED, OrdStatus.CANCELED, RejectReason.NONE, 0, 0, 0, "");
        assertEquals('4', broker1.nextApp(WAIT_MS).getChar(quickfix.field.ExecType.FIELD));
        awaitDone("L1");

        // The venue filled it after confirming the cancel: the core booked it and reports it on the done order.
        publishReport(CLIENT_ID, l1, 0, 6001, ExecType.PARTIAL_FILL, OrdStatus.CANCELED, RejectReason.NONE, 10, 10, 0,
            "fill after the order was done");
        final Message late = broker1.nextApp(WAIT_MS);
        assertEquals('F', late.getChar(quickfix.field.ExecType.FIELD));
        assertEquals('4', late.getChar(quickfix.field.OrdStatus.FIELD));
        assertEquals(0, new BigDecimal("10").compareTo(late.getDecimal(quickfix.field.LastQty.FIELD)));
        assertEquals("L1", late.getString(ClOrdID.FIELD));

        publishReport(CLIENT_ID, l1, 0, 6002, ExecType.PARTIAL_FILL, OrdStatus.CANCELED, RejectReason.NONE, 10, 20, 0,
            "");
        assertNull(broker1.appMessages.poll(500, TimeUnit.MILLISECONDS), "a fill naming another core order is ignored");
    }

    @Test
    void theCoresReportsReachTheBrokerWhenTheClOrdIdJournalCannotRecordWhatTheyTeach() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        broker1.send(newOrder("F1", '1', "AAPL", '2', "190.25", "100", null));
        final long f1 = awaitNewOrder().clOrdId();
        gateway.brokerApplication().routes().close(); // every journal write fails from now on, as on a full disk
        // The ack teaches the core's order id (an I record), the fill makes the order done (a D record).
        publishReport(CLIENT_ID, f1, 0, 7001, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, 0, 0, 100, "");
        assertEquals('0', broker1.nextApp(WAIT_MS).getChar(quickfix.field.ExecType.FIELD));
        publishReport(CLIENT_ID, f1, 0, 7001, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, 100, 100, 0, "");
        final Message fill = broker1.nextApp(WAIT_MS);
        assertEquals('F', fill.getChar(quickfix.field.ExecType.FIELD));
        assertEquals('2', fill.getChar(quickfix.field.OrdStatus.FIELD));
    }

    @Test
    void riskRejectCarriesOrdRejReasonAndReadableText() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        broker1.send(newOrder("R1", '1', "AAPL", '2', "250", "10", null));
        final long clOrdId = awaitNewOrder().clOrdId();
        publishReport(CLIENT_ID, clOrdId, 0, 0, ExecType.REJECTED, OrdStatus.REJECTED,
            RejectReason.PRICE_OUTSIDE_COLLAR, 0, 0, 0, "250.00 is beyond 209.00");
        Message report = broker1.nextApp(WAIT_MS);
        assertEquals('8', report.getChar(quickfix.field.ExecType.FIELD));
        assertEquals(OrdRejReason.OTHER, report.getInt(OrdRejReason.FIELD));
        assertEquals("Price outside collar: 250.00 is beyond 209.00", report.getString(Text.FIELD));

        broker1.send(newOrder("R2", '1', "ZZZZ", '2', "1", "10", null));
        final long unknown = awaitNewOrder().clOrdId();
        publishReport(CLIENT_ID, unknown, 0, 0, ExecType.REJECTED, OrdStatus.REJECTED,
            RejectReason.UNKNOWN_INSTRUMENT, 0, 0, 0, "");
        report = broker1.nextApp(WAIT_MS);
        assertEquals(OrdRejReason.UNKNOWN_SYMBOL, report.getInt(OrdRejReason.FIELD));
        assertEquals("Unknown instrument", report.getString(Text.FIELD));
    }

    /** A NewOrderSingle the gateway refuses itself, and how: OrdRejReason(103) and a part of Text(58). */
    private record BadOrder(String clOrdId, char side, String symbol, char ordType, String price, String qty,
        String account, int ordRejReason, String textPart)
    {
    }

    private static final List<BadOrder> BAD_ORDERS = List.of(
        new BadOrder("D2", '1', "AAPL", '2', "190", "10", "ACC2", OrdRejReason.UNKNOWN_ACCOUNT, "not permitted"),
        new BadOrder("D2b", '5', "AAPL", '2', "190", "10", "ACC2", OrdRejReason.UNKNOWN_ACCOUNT, "not permitted"),
        new BadOrder("D3", '1', "WAYTOOLONGSYMBOL", '2', "190", "10", null, OrdRejReason.UNKNOWN_SYMBOL,
            "Unknown symbol"),
        new BadOrder("D4", '1', "AAPL", '2', "190", "0", null, OrdRejReason.INCORRECT_QUANTITY, "OrderQty"),
        new BadOrder("D5", '1', "AAPL", '2', "190", "1.5", null, OrdRejReason.INCORRECT_QUANTITY, "whole number"),
        new BadOrder("D6", '1', "AAPL", '2', "190.0000001", "10", null, OrdRejReason.OTHER, "Invalid Price"),
        new BadOrder("D7", '1', "AAPL", '2', "1E+30", "10", null, OrdRejReason.OTHER, "Invalid Price"),
        new BadOrder("D7b", '1', "AAPL", '2', "190", "1000000000000000", null, OrdRejReason.INCORRECT_QUANTITY,
            "OrderQty"),
        new BadOrder("D8", '1', "AAPL", '3', null, "10", null, OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC,
            "OrdType"),
        new BadOrder("D9", '5', "AAPL", '2', "190", "10", null, OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC, "Side"),
        new BadOrder("D10", '1', "AAPL", '2', null, "10", null, OrdRejReason.OTHER, "Missing Price"));

    /**
     * Cancel rejects carried no Account(1), and a gateway reject of an order sent without one did not fill in the
     * session's default account: a broker tool keyed by account lost them. BROKER1 trades ACC1 (its default) and ACC3.
     */
    @Test
    void everyRejectCarriesTheOrdersAccountOrTheSessionsDefault() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        broker1.send(newOrder("K1", '1', "AAPL", '2', "190", "10", "ACC3"));
        final long k1 = awaitNewOrder().clOrdId();
        publishReport(CLIENT_ID, k1, 0, 6001, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, 0, 0, 10, "");
        assertEquals("ACC3", broker1.nextApp(WAIT_MS).getString(Account.FIELD));

        // The core refuses a replace (its reject names no account here): the order's account.
        broker1.send(FixRequests.replace("K2", "K1", "190.30", 15));
        publishCancelReject(awaitReplace().clOrdId(), k1, 6001, CancelRejectResponseTo.REPLACE,
            RejectReason.PRICE_OUTSIDE_COLLAR);
        assertAccount(broker1.nextApp(WAIT_MS), MsgType.ORDER_CANCEL_REJECT, "K2", "ACC3");
        // The gateway refuses a cancel naming the order with another account: the order's, not the request's.
        final quickfix.fix44.OrderCancelRequest otherAccount = FixRequests.cancel("K3", "K1");
        otherAccount.set(new Account("ACC1"));
        broker1.send(otherAccount);
        assertAccount(broker1.nextApp(WAIT_MS), MsgType.ORDER_CANCEL_REJECT, "K3", "ACC3");
        // A cancel naming no order the gateway knows: the session's default account.
        broker1.send(FixRequests.cancel("K4", "NOPE"));
        assertAccount(broker1.nextApp(WAIT_MS), MsgType.ORDER_CANCEL_REJECT, "K4", "ACC1");
        // An order without Account(1) the gateway refuses: the session's default, as the order would have traded.
        broker1.send(newOrder("K5", '1', "WAYTOOLONGSYMBOL", '2', "190", "10", null));
        assertAccount(broker1.nextApp(WAIT_MS), MsgType.EXECUTION_REPORT, "K5", "ACC1");
        // A status request naming no order, without Account(1): the session's default.
        broker1.send(FixRequests.statusRequest("NOPE"));
        assertAccount(broker1.nextApp(WAIT_MS), MsgType.EXECUTION_REPORT, "NOPE", "ACC1");
    }

    private static void assertAccount(
        final Message report, final String msgType, final String clOrdId, final String account) throws Exception
    {
        final String shown = report.toString().replace('\u0001', '|');
        assertEquals(msgType, report.getHeader().getString(MsgType.FIELD), shown);
        assertEquals(clOrdId, report.getString(ClOrdID.FIELD), shown);
        assertTrue(report.isSetField(Account.FIELD), () -> "Account(1) set: " + shown);
        assertEquals(account, report.getString(Account.FIELD), shown);
    }

    @Test
    void rejectsBadRequestsClearlyAndKeepsServingTheSession() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        broker1.send(newOrder("D1", '1', "AAPL", '2', "190", "10", null));
        awaitNewOrder();

        broker1.send(newOrder("D1", '1', "AAPL", '2', "190", "10", null));
        assertGatewayReject(broker1, "D1", OrdRejReason.DUPLICATE_ORDER, "Duplicate ClOrdID");
        broker1.send(newOrder("D1", '2', "AAPL", '2', "190", "10", null));
        assertGatewayReject(broker1, "D1", '2', OrdRejReason.DUPLICATE_ORDER, "Duplicate ClOrdID");
        for (final BadOrder bad : BAD_ORDERS)
        {
            broker1.send(newOrder(bad.clOrdId, bad.side, bad.symbol, bad.ordType, bad.price, bad.qty, bad.account));
            assertGatewayReject(broker1, bad.clOrdId, bad.side, bad.ordRejReason, bad.textPart);
        }
        broker1.send(FixRequests.cancel("D11", "NOPE"));
        final Message cancelReject = broker1.nextApp(WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REJECT, cancelReject.getHeader().getString(MsgType.FIELD));
        assertEquals(CxlRejReason.UNKNOWN_ORDER, cancelReject.getInt(CxlRejReason.FIELD));

        final NewOrderSingle missingSide = newOrder("D12", '1', "AAPL", '2', "190", "10", null);
        missingSide.removeField(quickfix.field.Side.FIELD);
        broker1.send(missingSide);
        final Message sessionReject = broker1.nextAdmin(MsgType.REJECT, WAIT_MS);
        assertEquals(quickfix.field.SessionRejectReason.REQUIRED_TAG_MISSING,
            sessionReject.getInt(quickfix.field.SessionRejectReason.FIELD));

        final NewOrderSingle badEnum = newOrder("D13", '1', "AAPL", '2', "190", "10", null);
        badEnum.setChar(quickfix.field.Side.FIELD, 'Z');
        broker1.send(badEnum);
        assertEquals(quickfix.field.SessionRejectReason.VALUE_IS_INCORRECT,
            broker1.nextAdmin(MsgType.REJECT, WAIT_MS).getInt(quickfix.field.SessionRejectReason.FIELD));

        broker1.send(FixCounterparty.unsupportedApplicationMessage());
        final Message businessReject = broker1.nextApp(WAIT_MS);
        assertEquals(MsgType.BUSINESS_MESSAGE_REJECT, businessReject.getHeader().getString(MsgType.FIELD));

        try (java.net.Socket garbage = new java.net.Socket("127.0.0.1", stack.brokerPort))
        {
            garbage.getOutputStream().write("8=FIX.4.4\u00019=5\u000135=D\u0001garbage\u000110=000\u0001\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            garbage.getOutputStream().flush();
        }

        broker1.send(newOrder("D14", '2', "MSFT", '1', null, "10", null));
        final NewOrderDecoder market = awaitNewOrder();
        assertEquals(OrdType.MARKET, market.ordType());
        assertEquals(Side.SELL, market.side());
        assertTrue(broker1.isLoggedOn(), "the session survived every bad request");
    }

    @Test
    void anOrderStatusRequestAsksTheCoreAndItsAnswerReachesTheBrokerAsExecTypeIWithoutChangingTheOrder()
        throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        final long gatewayClOrdId = acknowledgedOrder(broker1, "S1", 7001);
        final quickfix.SessionID session = new quickfix.SessionID("FIX.4.4", "PEREGRINE", "BROKER1");

        broker1.send(statusRequest("S1", null));
        OrderStatusRequestDecoder request = awaitStatusRequest();
        assertEquals(CLIENT_ID, request.clientId());
        assertEquals(gatewayClOrdId, request.origClOrdId(), "the order's current gateway clOrdId");
        assertEquals(7001, request.orderId());
        assertEquals("ACC1", PackedAscii.unpack(PackedAscii.read(request.buffer(),
            request.offset() + OrderStatusRequestDecoder.accountEncodingOffset())));
        publishReport(CLIENT_ID, gatewayClOrdId, 0, 7001, ExecType.ORDER_STATUS, OrdStatus.PARTIALLY_FILLED,
            RejectReason.NONE, 0, 30, 70, "");
        Message status = broker1.nextApp(WAIT_MS);
        assertEquals("S1", status.getString(ClOrdID.FIELD));
        assertEquals("7001", status.getString(OrderID.FIELD));
        assertEquals(quickfix.field.ExecType.ORDER_STATUS, status.getChar(quickfix.field.ExecType.FIELD));
        assertEquals(quickfix.field.OrdStatus.PARTIALLY_FILLED, status.getChar(quickfix.field.OrdStatus.FIELD));
        assertEquals(30, status.getInt(quickfix.field.CumQty.FIELD));
        assertEquals(70, status.getInt(quickfix.field.LeavesQty.FIELD));
        assertEquals(100, status.getInt(quickfix.field.OrderQty.FIELD));
        assertEquals(0, new BigDecimal("190.25").compareTo(status.getDecimal(quickfix.field.AvgPx.FIELD)));
        assertFalse(status.isSetField(Text.FIELD));
        final OrderRoutes.Order order = gateway.brokerApplication().routes().find(session, "S1").order();
        assertEquals(quickfix.field.OrdStatus.NEW, order.lastOrdStatus(), "a status report records nothing");

        // An order the core no longer holds: the gateway's last reported status, saying where the quantities are.
        broker1.send(statusRequest("S1", "7001"));
        awaitStatusRequest();
        publishReport(CLIENT_ID, gatewayClOrdId, 0, 7001, ExecType.ORDER_STATUS, OrdStatus.REJECTED,
            RejectReason.UNKNOWN_ORDER, 0, 0, 0, "UNKNOWN_ORDER");
        status = broker1.nextApp(WAIT_MS);
        assertEquals(quickfix.field.ExecType.ORDER_STATUS, status.getChar(quickfix.field.ExecType.FIELD));
        assertEquals(quickfix.field.OrdStatus.NEW, status.getChar(quickfix.field.OrdStatus.FIELD));
        assertEquals(BrokerReports.gatewayStatusText(BrokerReports.STATUS_NOT_HELD), status.getString(Text.FIELD));

        // Unknown ClOrdID, or an OrderID or Account that is not the order's: answered here, nothing reaches the core.
        for (final quickfix.fix44.OrderStatusRequest unknown : List.of(statusRequest("NOPE", null),
            statusRequest("S1", "9999"), withAccount(statusRequest("S1", null), "ACC3")))
        {
            broker1.send(unknown);
            status = broker1.nextApp(WAIT_MS);
            assertEquals(unknown.getString(ClOrdID.FIELD), status.getString(ClOrdID.FIELD));
            assertEquals(quickfix.field.ExecType.ORDER_STATUS, status.getChar(quickfix.field.ExecType.FIELD));
            assertEquals(quickfix.field.OrdStatus.REJECTED, status.getChar(quickfix.field.OrdStatus.FIELD));
            assertEquals(OrdRejReason.UNKNOWN_ORDER, status.getInt(OrdRejReason.FIELD));
            assertTrue(status.getString(Text.FIELD).startsWith("Unknown order: "), status.getString(Text.FIELD));
        }
        assertTrue(core.nothingOf(OrderStatusRequestDecoder.TEMPLATE_ID, 200));

        // A done order the core still holds: its final state, and the order stays as it was (done, not retired).
        publishReport(CLIENT_ID, gatewayClOrdId, 0, 7001, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, 100,
            100, 0, "");
        broker1.nextApp(WAIT_MS);
        Await.until("S1 marked done", order::isDone, WAIT_MS);
        broker1.send(statusRequest("S1", null));
        request = awaitStatusRequest();
        assertEquals(gatewayClOrdId, request.origClOrdId());
        publishReport(CLIENT_ID, gatewayClOrdId, 0, 7001, ExecType.ORDER_STATUS, OrdStatus.FILLED, RejectReason.NONE,
            0, 100, 0, "");
        status = broker1.nextApp(WAIT_MS);
        assertEquals(quickfix.field.OrdStatus.FILLED, status.getChar(quickfix.field.OrdStatus.FIELD));
        assertEquals(100, status.getInt(quickfix.field.CumQty.FIELD));
        assertEquals(0, status.getInt(quickfix.field.LeavesQty.FIELD));
        assertFalse(order.isRetired());
        assertEquals(quickfix.field.OrdStatus.FILLED, order.lastOrdStatus());
        assertNull(broker1.appMessages.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void theCoresStatusAnswerReachesTheBrokerWhenTheOrderIsRetiredBetweenTheRequestAndTheAnswer() throws Exception
    {
        // A done order is retired once its final report is out.
        final FixCounterparty broker1 = broker1On(context().brokerDoneOrdersRetained(0));
        final long gatewayClOrdId = acknowledgedOrder(broker1, "RB1", 7101);
        final quickfix.SessionID session = new quickfix.SessionID("FIX.4.4", "PEREGRINE", "BROKER1");

        broker1.send(statusRequest("RB1", null));
        assertEquals(gatewayClOrdId, awaitStatusRequest().origClOrdId());
        // The order fills before the core's answer to the status request goes out: its final report retires it.
        publishReport(CLIENT_ID, gatewayClOrdId, 0, 7101, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, 100,
            100, 0, "");
        publishReport(CLIENT_ID, gatewayClOrdId, 0, 7101, ExecType.ORDER_STATUS, OrdStatus.FILLED, RejectReason.NONE,
            0, 100, 0, "");
        assertEquals(quickfix.field.ExecType.TRADE, broker1.nextApp(WAIT_MS).getChar(quickfix.field.ExecType.FIELD));
        final Message status = broker1.nextApp(WAIT_MS);
        assertEquals("RB1", status.getString(ClOrdID.FIELD));
        assertEquals(quickfix.field.ExecType.ORDER_STATUS, status.getChar(quickfix.field.ExecType.FIELD));
        assertEquals(quickfix.field.OrdStatus.FILLED, status.getChar(quickfix.field.OrdStatus.FIELD));
        assertEquals(100, status.getInt(quickfix.field.CumQty.FIELD), "the core's state");
        assertEquals(0, status.getInt(quickfix.field.LeavesQty.FIELD));
        assertTrue(gateway.brokerApplication().routes().find(session, "RB1").order().isRetired());
        assertNull(gateway.brokerApplication().routes().route(gatewayClOrdId), "its routes are dropped");
        // The report agent ends the request once QuickFIX/J's send returned: the broker may read the answer first.
        Await.until("the request is over", () -> 0 == gateway.brokerApplication().routes().statusRequestsAsked(),
            WAIT_MS);
        assertEquals(0, gateway.counters().brokerReportsUnroutable().get());
    }

    @Test
    void aStatusRequestTheCoreCannotBeAskedIsAnsweredByTheGatewayAndNotWaitedFor() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        acknowledgedOrder(broker1, "U1", 7301);
        core.close();
        awaitNoCoreOnIngress();

        broker1.send(statusRequest("U1", null));
        final Message status = broker1.nextApp(WAIT_MS);
        assertEquals("U1", status.getString(ClOrdID.FIELD));
        assertEquals(quickfix.field.ExecType.ORDER_STATUS, status.getChar(quickfix.field.ExecType.FIELD));
        assertEquals(quickfix.field.OrdStatus.NEW, status.getChar(quickfix.field.OrdStatus.FIELD), "last reported");
        assertEquals("7301", status.getString(OrderID.FIELD));
        assertEquals(BrokerReports.gatewayStatusText("Core unavailable: request not sent"), status.getString(Text.FIELD));
        assertEquals(0, gateway.brokerApplication().routes().statusRequestsAsked(), "a request not sent is over");
    }

    @Test
    void aThrottledStatusRequestIsAnsweredAtOnceByTheGatewayAndNeverNamesAnotherOrder() throws Exception
    {
        final FixCounterparty broker1 = broker1On(context().limits(context().limits().withBrokerMaxOrdersPerSecond(1)));
        acknowledgedOrder(broker1, "T1", 7201);

        // Back to back at 1 request/s: the first may take the bucket's token, the three after it are throttled.
        broker1.send(statusRequest("NOPE0", null));
        broker1.send(statusRequest("T1", null));
        broker1.send(statusRequest("NOPE", null));
        broker1.send(withAccount(statusRequest("T1", null), "ACC3"));
        final Message first = broker1.nextApp(WAIT_MS);
        assertEquals("NOPE0", first.getString(ClOrdID.FIELD));
        assertEquals(quickfix.field.OrdStatus.REJECTED, first.getChar(quickfix.field.OrdStatus.FIELD));
        final String throttled = "Throttled: more than 1 orders/s on this session";

        final Message known = broker1.nextApp(WAIT_MS);
        assertEquals("T1", known.getString(ClOrdID.FIELD));
        assertEquals(quickfix.field.ExecType.ORDER_STATUS, known.getChar(quickfix.field.ExecType.FIELD));
        assertEquals(quickfix.field.OrdStatus.NEW, known.getChar(quickfix.field.OrdStatus.FIELD), "last reported");
        assertEquals("7201", known.getString(OrderID.FIELD));
        assertEquals(BrokerReports.gatewayStatusText(throttled), known.getString(Text.FIELD));

        for (final String why : List.of("ClOrdID NOPE is not known", "Account ACC3 is not the account of ClOrdID T1"))
        {
            final Message unknown = broker1.nextApp(WAIT_MS);
            assertEquals(quickfix.field.ExecType.ORDER_STATUS, unknown.getChar(quickfix.field.ExecType.FIELD));
            assertEquals(quickfix.field.OrdStatus.REJECTED, unknown.getChar(quickfix.field.OrdStatus.FIELD), why);
            assertEquals(OrdRejReason.UNKNOWN_ORDER, unknown.getInt(OrdRejReason.FIELD));
            assertTrue(unknown.getString(Text.FIELD).startsWith(throttled) &&
                unknown.getString(Text.FIELD).contains(why), unknown.getString(Text.FIELD));
        }
        assertTrue(core.nothingOf(OrderStatusRequestDecoder.TEMPLATE_ID, 200), "nothing asked of the core");
        assertTrue(gateway.brokerApplication().throttled() >= 3);
    }

    @Test
    void answersPossDupCopiesOfRequestsItAlreadyTookWithTheirStateAndServesNewOnes() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        broker1.send(newOrder("PD1", '1', "AAPL", '2', "190", "10", null));
        awaitNewOrder();

        broker1.markPossDup(true);
        broker1.send(newOrder("PD1", '1', "AAPL", '2', "190", "10", null));
        broker1.send(newOrder("PD2", '1', "AAPL", '2', "190", "10", null));
        assertEquals(Prices.parse("190"), awaitNewOrder().price(), "an unseen PossDup request is served");
        assertTrue(core.nothingOf(NewOrderDecoder.TEMPLATE_ID, 300), "the copy of PD1 never reaches the core");
        final Message status = broker1.nextApp(WAIT_MS);
        assertEquals("PD1", status.getString(quickfix.field.ClOrdID.FIELD));
        assertEquals(quickfix.field.ExecType.ORDER_STATUS, status.getChar(quickfix.field.ExecType.FIELD),
            "answered with the order's current state, not rejected as a duplicate");
        assertEquals(quickfix.field.OrdStatus.PENDING_NEW, status.getChar(quickfix.field.OrdStatus.FIELD));
        assertNull(broker1.appMessages.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void offersAJournaledOrderTheCoreNeverReceivedOnceAtStartAndAnswersItsPossDupCopiesWithItsState() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        broker1.send(newOrder("J1", '1', "AAPL", '2', "190", "10", null));
        final long clOrdId = awaitNewOrder().clOrdId();
        stack.stopGateway();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        // The state a crash between journaling J1 and offering it leaves: its route and terms, no offer record.
        forgetOffer(clOrdId);

        gateway = stack.startGateway(context());
        final NewOrderDecoder offered = awaitNewOrder();
        assertEquals(clOrdId, offered.clOrdId(), "the journaled order is offered at start, with its own clOrdId");
        assertEquals(Prices.parse("190"), offered.price());
        assertEquals(10, offered.quantity());
        assertEquals(Side.BUY, offered.side());
        assertTrue(broker1.awaitLogon(WAIT_MS));
        broker1.markPossDup(true);
        broker1.send(newOrder("J1", '1', "AAPL", '2', "190", "10", null));
        broker1.send(newOrder("J1", '1', "AAPL", '2', "190", "10", null));
        for (int i = 0; i < 2; i++)
        {
            final Message status = broker1.nextApp(WAIT_MS);
            assertEquals("J1", status.getString(ClOrdID.FIELD));
            assertEquals(quickfix.field.ExecType.ORDER_STATUS, status.getChar(quickfix.field.ExecType.FIELD));
        }
        assertTrue(core.nothingOf(NewOrderDecoder.TEMPLATE_ID, 300), "offered exactly once");
        publishReport(CLIENT_ID, clOrdId, 0, 9001, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, 0, 0, 10, "");
        final Message ack = broker1.nextApp(WAIT_MS);
        assertEquals("J1", ack.getString(ClOrdID.FIELD));
        assertEquals(quickfix.field.ExecType.NEW, ack.getChar(quickfix.field.ExecType.FIELD));
    }

    @Test
    void aPossDupCopyOfAJournaledRequestTheCoreNeverReceivedIsOfferedOnceAndADuplicateRefusalOfItIsNotPassedOn()
        throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        final long clOrdId = acknowledgedOrder(broker1, "K1", 9101, 20);
        broker1.send(FixRequests.cancel("K2", "K1"));
        final long cancelClOrdId = awaitCancel().clOrdId();
        stack.stopGateway();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        core.close();
        awaitNoCoreOnIngress();
        forgetOffer(cancelClOrdId);

        // No core at the restart: nothing can be offered then; the broker's PossDup resend is what offers it.
        gateway = stack.startGateway(context());
        core = stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        assertTrue(broker1.awaitLogon(WAIT_MS));
        broker1.markPossDup(true);
        broker1.send(FixRequests.cancel("K2", "K1"));
        final CancelOrderDecoder cancel = awaitCancel();
        assertEquals(cancelClOrdId, cancel.clOrdId(), "offered with the clOrdId journaled for it");
        assertEquals(clOrdId, cancel.origClOrdId());
        broker1.send(FixRequests.cancel("K2", "K1"));
        final Message status = broker1.nextApp(WAIT_MS);
        assertEquals(quickfix.field.ExecType.ORDER_STATUS, status.getChar(quickfix.field.ExecType.FIELD),
            "the second copy is answered with the state");
        assertTrue(core.nothingOf(CancelOrderDecoder.TEMPLATE_ID, 300), "offered exactly once");

        // Had the core received the first copy after all, its duplicate refusal is not the broker's business.
        publishCancelReject(cancelClOrdId, clOrdId, 9101, CancelRejectResponseTo.CANCEL,
            RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        publishReport(CLIENT_ID, cancelClOrdId, clOrdId, 9101, ExecType.CANCELED, OrdStatus.CANCELED,
            RejectReason.NONE, 0, 0, 0, "");
        final Message canceled = broker1.nextApp(WAIT_MS);
        assertEquals(MsgType.EXECUTION_REPORT, canceled.getHeader().getString(MsgType.FIELD));
        assertEquals("K2", canceled.getString(ClOrdID.FIELD));
        assertEquals(quickfix.field.ExecType.CANCELED, canceled.getChar(quickfix.field.ExecType.FIELD));
    }

    /**
     * A cancel the gateway could not offer (no core) was answered "not sent" and journaled as refused; the broker's
     * PossDupFlag=Y resend of it is answered with that refusal again, once (an OrderCancelReject, never a status that
     * would read as the cancel having been taken), and it is never offered, though the core is back.
     */
    @Test
    void aPossDupCopyOfACancelTheBrokerWasToldWasNotSentIsRefusedAgainOnceAndNeverOffered() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        acknowledgedOrder(broker1, "NS1", 9201, 10);
        core.close();
        awaitNoCoreOnIngress();

        broker1.send(FixRequests.cancel("NS2", "NS1"));
        final Message notSent = broker1.nextApp(WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REJECT, notSent.getHeader().getString(MsgType.FIELD));
        assertEquals("NS2", notSent.getString(ClOrdID.FIELD));

        core = stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        broker1.send(newOrder("NS3", '1', "AAPL", '2', "190", "10", null));
        awaitNewOrder(); // the core is back on the ingress stream: an offer of the copy would reach it
        broker1.markPossDup(true);
        broker1.send(FixRequests.cancel("NS2", "NS1"));
        broker1.markPossDup(false);

        final Message refusedAgain = broker1.nextApp(WAIT_MS);
        assertEquals(MsgType.ORDER_CANCEL_REJECT, refusedAgain.getHeader().getString(MsgType.FIELD));
        assertEquals("NS2", refusedAgain.getString(ClOrdID.FIELD));
        assertEquals("NS1", refusedAgain.getString(OrigClOrdID.FIELD));
        assertEquals(quickfix.field.OrdStatus.NEW, refusedAgain.getChar(quickfix.field.OrdStatus.FIELD),
            "the order is as it was");
        assertEquals("PossDup copy of a request refused: not sent", refusedAgain.getString(Text.FIELD));
        assertNull(broker1.appMessages.poll(300, TimeUnit.MILLISECONDS), "answered once");
        assertTrue(core.nothingOf(CancelOrderDecoder.TEMPLATE_ID, 300), "never offered");
    }

    /**
     * The broker places a limit order to buy {@code quantity} AAPL; the test core acknowledges it (NEW) and the broker
     * gets the acknowledgement.
     *
     * @return the order's gateway clOrdId.
     */
    private long acknowledgedOrder(
        final FixCounterparty broker, final String brokerClOrdId, final long orderId, final long quantity)
        throws Exception
    {
        broker.send(newOrder(brokerClOrdId, '1', "AAPL", '2', "190", Long.toString(quantity), null));
        final long clOrdId = awaitNewOrder().clOrdId();
        publishReport(CLIENT_ID, clOrdId, 0, orderId, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, 0, 0, quantity,
            "");
        assertEquals(quickfix.field.ExecType.NEW, broker.nextApp(WAIT_MS).getChar(quickfix.field.ExecType.FIELD));
        return clOrdId;
    }

    /** Waits until nothing subscribes to the ingress stream (the closed probe is gone from the driver). */
    private void awaitNoCoreOnIngress() throws InterruptedException
    {
        try (io.aeron.Aeron aeron = io.aeron.Aeron.connect(
                new io.aeron.Aeron.Context().aeronDirectoryName(stack.aeronDir));
            io.aeron.ExclusivePublication probe = aeron.addExclusivePublication("aeron:ipc", 1001))
        {
            Await.until("the closed core leaving the ingress stream", () -> !probe.isConnected(), WAIT_MS);
        }
    }

    /** Drops the offer record of a gateway clOrdId from the ClOrdID journal. */
    private void forgetOffer(final long clOrdId) throws Exception
    {
        final Path journal = dataDir.resolve("gateway").resolve("broker").resolve("clordids.log");
        final List<String> records = new ArrayList<>();
        io.peregrine.gateway.store.RecordLog.open(journal, "ClOrdID journal", null,
            (buffer, offset, length) -> records.add(buffer.getStringWithoutLengthUtf8(offset, length))).close();
        assertTrue(records.remove("O\t" + clOrdId), "offer record of " + clOrdId + " in " + records);
        java.nio.file.Files.delete(journal);
        try (io.peregrine.gateway.store.RecordLog rewritten =
            io.peregrine.gateway.store.RecordLog.open(journal, "ClOrdID journal", null, (buffer, offset, length) -> { }))
        {
            records.forEach(rewritten::append);
        }
    }

    @Test
    void refusesWrongPasswordsAndUnknownCompIds() throws Exception
    {
        final FixCounterparty wrong =
            stack.broker("BROKER2", (settings) -> { }).credentials("broker2", "guess").start();
        final FixCounterparty stranger = stack.broker("NOBODY", (settings) -> { }).start();
        // Both initiators connect on their first session-timer tick (up to 1 s) and a starved machine can stall them
        // for seconds more: wait as long as for any other answer.
        assertTrue(Await.holdsWithin(() -> gateway.counters().brokerLogonRefusals().get() >= 1, WAIT_MS));
        assertFalse(wrong.isLoggedOn());
        assertFalse(stranger.awaitLogon(1_000));
        wrong.close();

        final FixCounterparty right =
            stack.broker("BROKER2", (settings) -> { }).credentials("broker2", "s3cret").start();
        assertTrue(right.awaitLogon(WAIT_MS));
        right.send(newOrder("P1", '1', "AAPL", '2', "190", "1", null));
        assertEquals("ACC2", PackedAscii.unpack(PackedAscii.read(awaitNewOrder().buffer(),
            8 + NewOrderDecoder.accountEncodingOffset())));
    }

    @Test
    void deliversReportsProducedWhileTheBrokerWasDisconnectedOnceAfterItLogsOnAgain() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        final long clOrdId = acknowledgedOrder(broker1, "G1", 9001);

        broker1.session().logout("test disconnect");
        assertTrue(broker1.awaitLogout(WAIT_MS));
        final Session gatewaySide = Session.lookupSession(new quickfix.SessionID("FIX.4.4", "PEREGRINE", "BROKER1"));
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (gatewaySide.isLoggedOn() && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
        publishReport(CLIENT_ID, clOrdId, 0, 9001, ExecType.PARTIAL_FILL, OrdStatus.PARTIALLY_FILLED,
            RejectReason.NONE, 40, 40, 60, "");
        publishReport(CLIENT_ID, clOrdId, 0, 9001, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, 60, 100, 0,
            "");
        while (gateway.counters().brokerReportsDelivered().get() < 3 && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
        assertEquals(3, gateway.counters().brokerReportsDelivered().get(),
            "both reports handed to the logged-out session");
        assertNull(broker1.appMessages.poll(100, TimeUnit.MILLISECONDS));

        broker1.session().logon();
        assertTrue(broker1.awaitLogon(WAIT_MS));
        final Message partial = broker1.nextApp(WAIT_MS);
        final Message fill = broker1.nextApp(WAIT_MS);
        assertEquals("G1", partial.getString(ClOrdID.FIELD));
        assertEquals('1', partial.getChar(quickfix.field.OrdStatus.FIELD));
        assertEquals('2', fill.getChar(quickfix.field.OrdStatus.FIELD));
        assertTrue(partial.getHeader().getBoolean(PossDupFlag.FIELD), "delivered by resend");
        assertNull(broker1.appMessages.poll(500, TimeUnit.MILLISECONDS), "nothing is delivered twice");
        final Set<String> execIdsSeen = new HashSet<>(List.of(partial.getString(ExecID.FIELD),
            fill.getString(ExecID.FIELD)));
        assertEquals(2, execIdsSeen.size());
    }

    @Test
    void gatewayRestartKeepsSequenceNumbersAndRoutesReportsOfEarlierOrders() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        final long clOrdId = acknowledgedOrder(broker1, "S1", 7001);
        final int brokerNextOut = broker1.session().getExpectedSenderNum();
        final int brokerNextIn = broker1.session().getExpectedTargetNum();

        stack.stopGateway();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        gateway = stack.startGateway(context());
        assertTrue(broker1.awaitLogon(WAIT_MS), "the broker reconnects to the restarted gateway");
        final Session gatewaySide = Session.lookupSession(new quickfix.SessionID("FIX.4.4", "PEREGRINE", "BROKER1"));
        assertTrue(gatewaySide.getExpectedTargetNum() > brokerNextOut - 1, "gateway kept the inbound sequence");
        assertTrue(broker1.session().getExpectedTargetNum() >= brokerNextIn, "no sequence reset on logon");

        publishReport(CLIENT_ID, clOrdId, 0, 7001, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, 100, 100, 0,
            "");
        final Message fill = broker1.nextApp(WAIT_MS);
        assertEquals("S1", fill.getString(ClOrdID.FIELD), "the ClOrdID mapping survived the restart");
        assertEquals("7001", fill.getString(OrderID.FIELD));

        broker1.send(newOrder("S1", '1', "AAPL", '2', "190", "100", null));
        assertGatewayReject(broker1, "S1", OrdRejReason.DUPLICATE_ORDER, "Duplicate");
        broker1.send(newOrder("S2", '1', "AAPL", '2', "190", "100", null));
        assertTrue(awaitNewOrder().clOrdId() > clOrdId, "ids allocated after the restart never collide");
    }

    @Test
    void aRetiredOrderStaysADuplicateAndALateCancelOrPossDupOfItIsAnsweredBeforeAndAfterARestart() throws Exception
    {
        // Done orders beyond the last are retired.
        final FixCounterparty broker1 = broker1On(context().brokerDoneOrdersRetained(1));
        final long first = acknowledgedOrder(broker1, "RT1", 9001);
        publishReport(CLIENT_ID, first, 0, 9001, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, 100, 100, 0, "");
        assertEquals('2', broker1.nextApp(WAIT_MS).getChar(quickfix.field.OrdStatus.FIELD));
        final long second = acknowledgedOrder(broker1, "RT2", 9002);
        publishReport(CLIENT_ID, second, 0, 9002, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, 100, 100, 0,
            "");
        broker1.nextApp(WAIT_MS);
        final quickfix.SessionID session = new quickfix.SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
        Await.until("RT1 retired once RT2 is done",
            () -> gateway.brokerApplication().routes().find(session, "RT1").order().isRetired(), WAIT_MS);
        assertNull(gateway.brokerApplication().routes().route(first), "RT1's route is dropped");

        for (int run = 0; run < 2; run++)
        {
            broker1.send(FixRequests.cancel("RT3-" + run, "RT1"));
            final Message reject = broker1.nextApp(WAIT_MS);
            assertEquals(MsgType.ORDER_CANCEL_REJECT, reject.getHeader().getString(MsgType.FIELD));
            assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, reject.getInt(CxlRejReason.FIELD), "run " + run);
            assertEquals("RT1", reject.getString(OrigClOrdID.FIELD));
            assertEquals("9001", reject.getString(OrderID.FIELD), "the retired order's core order id");
            assertEquals('2', reject.getChar(quickfix.field.OrdStatus.FIELD), "its final OrdStatus");

            broker1.send(newOrder("RT1", '1', "AAPL", '2', "190", "100", null));
            assertGatewayReject(broker1, "RT1", OrdRejReason.DUPLICATE_ORDER, "Duplicate");

            broker1.markPossDup(true);
            broker1.send(newOrder("RT1", '1', "AAPL", '2', "190", "100", null));
            final Message status = broker1.nextApp(WAIT_MS);
            broker1.markPossDup(false);
            assertEquals(quickfix.field.ExecType.ORDER_STATUS, status.getChar(quickfix.field.ExecType.FIELD));
            assertEquals('2', status.getChar(quickfix.field.OrdStatus.FIELD));
            assertTrue(core.nothingOf(CancelOrderDecoder.TEMPLATE_ID, 200), "nothing of it reaches the core");

            // Its status: the last the gateway reported, answered by the gateway (the core no longer holds it).
            broker1.send(statusRequest("RT1", null));
            final Message retiredStatus = broker1.nextApp(WAIT_MS);
            assertEquals(quickfix.field.ExecType.ORDER_STATUS, retiredStatus.getChar(quickfix.field.ExecType.FIELD));
            assertEquals('2', retiredStatus.getChar(quickfix.field.OrdStatus.FIELD));
            assertEquals("9001", retiredStatus.getString(OrderID.FIELD));
            assertEquals(BrokerReports.gatewayStatusText(BrokerReports.STATUS_NOT_HELD), retiredStatus.getString(Text.FIELD));
            assertTrue(core.nothingOf(OrderStatusRequestDecoder.TEMPLATE_ID, 200), "not asked of the core");

            stack.stopGateway();
            assertTrue(broker1.awaitLogout(WAIT_MS));
            gateway = stack.startGateway(context().brokerDoneOrdersRetained(1));
            assertTrue(broker1.awaitLogon(WAIT_MS));
        }
        assertTrue(gateway.brokerApplication().routes().find(session, "RT1").order().isRetired());
        broker1.send(newOrder("RT4", '1', "AAPL", '2', "190", "100", null));
        assertTrue(awaitNewOrder().clOrdId() > second, "ids continue after the retired ones");
    }

    @Test
    void neverNamesAnOrderIdFromAnEarlierCoreRun() throws Exception
    {
        final FixCounterparty broker1 = stack.broker("BROKER1");
        final long clOrdId = acknowledgedOrder(broker1, "O1", 6001);
        broker1.send(FixRequests.cancel("O2", "O1"));
        assertEquals(6001, awaitCancel().orderId(), "same core run: the order id is used");

        core.close();
        core = stack.own(new SbeProbe(stack.aeronDir, 1002, 1001));
        // A report from the new core (no order id yet) proves the gateway has seen the new core run.
        publishReport(CLIENT_ID, clOrdId, 0, 0, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, 0, 0, 100, "");
        broker1.nextApp(WAIT_MS);
        broker1.send(FixRequests.cancel("O3", "O1"));
        final CancelOrderDecoder cancel = awaitCancel();
        assertEquals(0, cancel.orderId(), "a restarted core's order ids start again: 6001 may be another order");
        assertEquals(clOrdId, cancel.origClOrdId());
    }

    @Test
    void cancelsWorkingOrdersWhenACancelOnDisconnectSessionLogsOut() throws Exception
    {
        final FixCounterparty broker3 = stack.broker("BROKER3");
        final long working = acknowledgedOrder(broker3, "C1", 8001);
        broker3.send(newOrder("C2", '1', "AAPL", '2', "190", "100", null));
        final long filled = awaitNewOrder().clOrdId();
        publishReport(CLIENT_ID, filled, 0, 8002, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, 100, 100, 0, "");
        broker3.nextApp(WAIT_MS);

        broker3.session().logout("going home");
        final CancelOrderDecoder cancel = awaitCancel();
        assertEquals(working, cancel.origClOrdId());
        assertEquals(8001, cancel.orderId());
        assertTrue(core.nothingOf(CancelOrderDecoder.TEMPLATE_ID, 300), "only working orders are cancelled");
    }

    /**
     * Restarts the gateway on this context.
     *
     * @return BROKER1, logged on to it.
     */
    private FixCounterparty broker1On(final GatewayContext context) throws Exception
    {
        stack.stopGateway();
        gateway = stack.startGateway(context);
        return stack.broker("BROKER1");
    }

    /**
     * The broker sends a buy limit order of 100 AAPL at 190; the core takes it and acknowledges it New under this
     * order id; the broker gets the New.
     *
     * @return the gateway's clOrdId of the order.
     */
    private long acknowledgedOrder(final FixCounterparty broker, final String clOrdId, final long orderId)
        throws Exception
    {
        broker.send(newOrder(clOrdId, '1', "AAPL", '2', "190", "100", null));
        final long gatewayClOrdId = awaitNewOrder().clOrdId();
        publishReport(CLIENT_ID, gatewayClOrdId, 0, orderId, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, 0, 0, 100,
            "");
        final Message ack = broker.nextApp(WAIT_MS);
        assertEquals(clOrdId, ack.getString(ClOrdID.FIELD));
        assertEquals(quickfix.field.ExecType.NEW, ack.getChar(quickfix.field.ExecType.FIELD));
        return gatewayClOrdId;
    }

    private void assertGatewayReject(
        final FixCounterparty broker, final String clOrdId, final int ordRejReason, final String textPart)
        throws Exception
    {
        assertGatewayReject(broker, clOrdId, '1', ordRejReason, textPart);
    }

    /** As above, and the reject echoes the Side(54) the broker sent, whatever it is. */
    private void assertGatewayReject(
        final FixCounterparty broker, final String clOrdId, final char side, final int ordRejReason,
        final String textPart) throws Exception
    {
        final Message report = broker.nextApp(WAIT_MS);
        assertEquals(side, report.getChar(quickfix.field.Side.FIELD), "Side(54) echoed");
        assertEquals(MsgType.EXECUTION_REPORT, report.getHeader().getString(MsgType.FIELD));
        assertEquals(clOrdId, report.getString(ClOrdID.FIELD));
        assertEquals('8', report.getChar(quickfix.field.ExecType.FIELD));
        assertEquals(ordRejReason, report.getInt(OrdRejReason.FIELD), report.getString(Text.FIELD));
        assertTrue(report.getString(Text.FIELD).contains(textPart), report.getString(Text.FIELD));
    }

    private static NewOrderSingle newOrder(
        final String clOrdId, final char side, final String symbol, final char ordType, final String price,
        final String qty, final String account)
    {
        final NewOrderSingle order = new NewOrderSingle(new ClOrdID(clOrdId), new quickfix.field.Side(side),
            new TransactTime(LocalDateTime.now()), new quickfix.field.OrdType(ordType));
        order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        order.set(new quickfix.field.Symbol(symbol));
        order.setDecimal(quickfix.field.OrderQty.FIELD, new BigDecimal(qty));
        if (null != price)
        {
            order.setDecimal(quickfix.field.Price.FIELD, new BigDecimal(price));
        }
        if (null != account)
        {
            order.set(new quickfix.field.Account(account));
        }
        return order;
    }

    /** Waits until the gateway marked BROKER1's order done (just after it sent the final report). */
    private void awaitDone(final String clOrdId)
    {
        final quickfix.SessionID broker1 = new quickfix.SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
        Await.until("order " + clOrdId + " marked done",
            () -> gateway.brokerApplication().routes().find(broker1, clOrdId).order().isDone(), WAIT_MS);
    }

    private NewOrderDecoder awaitNewOrder()
    {
        final NewOrderDecoder order = new NewOrderDecoder().wrapAndApplyHeader(
            core.await(NewOrderDecoder.TEMPLATE_ID, WAIT_MS), 0, new MessageHeaderDecoder());
        // Like the real core, the fake's reports carry the account and symbol of the order they are about (the
        // gateway ignores reports that contradict the order).
        orderAccountAndSymbol.put(order.clOrdId(), new long[]{
            PackedAscii.read(order.buffer(), order.offset() + NewOrderDecoder.accountEncodingOffset()),
            PackedAscii.read(order.buffer(), order.offset() + NewOrderDecoder.symbolEncodingOffset()) });
        return order;
    }

    private OrderStatusRequestDecoder awaitStatusRequest()
    {
        return new OrderStatusRequestDecoder().wrapAndApplyHeader(
            core.await(OrderStatusRequestDecoder.TEMPLATE_ID, WAIT_MS), 0, new MessageHeaderDecoder());
    }

    private static quickfix.fix44.OrderStatusRequest statusRequest(final String clOrdId, final String orderId)
    {
        final quickfix.fix44.OrderStatusRequest request = FixRequests.statusRequest(clOrdId);
        if (null != orderId)
        {
            request.set(new OrderID(orderId));
        }
        return request;
    }

    private static quickfix.fix44.OrderStatusRequest withAccount(
        final quickfix.fix44.OrderStatusRequest request, final String account)
    {
        request.set(new quickfix.field.Account(account));
        return request;
    }

    private CancelOrderDecoder awaitCancel()
    {
        return new CancelOrderDecoder().wrapAndApplyHeader(core.await(CancelOrderDecoder.TEMPLATE_ID, WAIT_MS), 0,
            new MessageHeaderDecoder());
    }

    private ReplaceOrderDecoder awaitReplace()
    {
        return new ReplaceOrderDecoder().wrapAndApplyHeader(core.await(ReplaceOrderDecoder.TEMPLATE_ID, WAIT_MS), 0,
            new MessageHeaderDecoder());
    }

    private void publishReport(
        final int clientId, final long clOrdId, final long origClOrdId, final long orderId, final ExecType execType,
        final OrdStatus ordStatus, final RejectReason reason, final long lastQty, final long cumQty,
        final long leavesQty, final String text)
    {
        final ExecutionReportEncoder encoder = new ExecutionReportEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId).clOrdId(clOrdId).origClOrdId(origClOrdId).orderId(orderId)
            .execId(execIds.incrementAndGet()).side(Side.BUY).ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY)
            .execType(execType).ordStatus(ordStatus).rejectReason(reason).price(Prices.parse("190.25"))
            .quantity(cumQty + leavesQty).lastQty(lastQty).lastPx(lastQty > 0 ? Prices.parse("190.25") : 0)
            .cumQty(cumQty).leavesQty(leavesQty).avgPx(cumQty > 0 ? Prices.parse("190.25") : 0).venueId(1)
            .transactTime(System.currentTimeMillis() * 1_000_000L).sendingTime(0);
        final long[] accountAndSymbol = orderAccountAndSymbol.getOrDefault(clOrdId, new long[2]);
        buffer.putLong(8 + ExecutionReportEncoder.accountEncodingOffset(), accountAndSymbol[0],
            ExecutionReportEncoder.BYTE_ORDER);
        buffer.putLong(8 + ExecutionReportEncoder.symbolEncodingOffset(), accountAndSymbol[1],
            ExecutionReportEncoder.BYTE_ORDER);
        encoder.text(text);
        core.publish(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private void publishCancelReject(
        final long clOrdId, final long origClOrdId, final long orderId, final CancelRejectResponseTo responseTo,
        final RejectReason reason)
    {
        final CancelRejectEncoder encoder = new CancelRejectEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(CLIENT_ID).clOrdId(clOrdId).origClOrdId(origClOrdId).orderId(orderId)
            .ordStatus(OrdStatus.PARTIALLY_FILLED).responseTo(responseTo).rejectReason(reason)
            .transactTime(System.currentTimeMillis() * 1_000_000L).sendingTime(0);
        buffer.putLong(8 + CancelRejectEncoder.accountEncodingOffset(), PackedAscii.BLANK,
            CancelRejectEncoder.BYTE_ORDER);
        encoder.text("");
        core.publish(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }
}
