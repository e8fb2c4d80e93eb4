package io.peregrine.sim.fix;

import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.sim.VenueInstrument;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.Account;
import quickfix.field.AvgPx;
import quickfix.field.BusinessRejectReason;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.RefTagID;
import quickfix.field.SessionRejectReason;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.peregrine.sim.fix.FixOrders.assertDecimal;
import static io.peregrine.sim.fix.FixOrders.cancel;
import static io.peregrine.sim.fix.FixOrders.chr;
import static io.peregrine.sim.fix.FixOrders.limit;
import static io.peregrine.sim.fix.FixOrders.msgType;
import static io.peregrine.sim.fix.FixOrders.order;
import static io.peregrine.sim.fix.FixOrders.replace;
import static io.peregrine.sim.fix.FixOrders.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The venue and two QuickFIX/J participants on loopback (ephemeral port, temporary stores, no market maker unless
 * a test starts one): order entry, fills on both sides, cancel, replace, IOC/FOK/market remainders, rejects.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VenueFixSystemTest
{
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path tempDir;

    private SimVenue venue;
    private FixCounterparty p1;
    private FixCounterparty p2;

    static SimVenueContext testContext(final Path dir)
    {
        return new SimVenueContext()
            .port(0)
            .storeDir(dir.resolve("venue-store"))
            .fixLog("none")
            .marketMakerEnabled(false)
            .selfTradePrevention(false)
            .instrument(VenueInstrument.of("LOTS", "10.00", "0.05", 100));
    }

    @BeforeEach
    void start() throws Exception
    {
        startVenueAndParticipants(testContext(tempDir).matchingThread(matchingThread()));
    }

    /**
     * @return where requests are matched ({@code peregrine.sim.matching.thread}): every test here runs with
     *         {@code session} (the default) and, in {@link VenueFixOnEngineThreadSystemTest}, with {@code engine}.
     */
    String matchingThread()
    {
        return Sim.MATCHING_THREAD.defaultValue();
    }

    private void startVenueAndParticipants(final SimVenueContext context) throws Exception
    {
        venue = SimVenue.start(context);
        p1 = FixCounterparty.participant(venue.port(), "PARTICIPANT1", "SIMVENUE", tempDir.resolve("p1-store")).start();
        p2 = FixCounterparty.participant(venue.port(), "PARTICIPANT2", "SIMVENUE", tempDir.resolve("p2-store")).start();
        p1.awaitLoggedOn();
        p2.awaitLoggedOn();
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(p1, p2);
        if (null != venue)
        {
            assertEquals(0, venue.processingFailures(), "venue processing failures");
            venue.close();
        }
    }

    static void assertReport(
        final Message report,
        final char execType,
        final char ordStatus,
        final String clOrdId,
        final long cumQty,
        final long leavesQty,
        final String avgPx) throws FieldNotFound
    {
        assertEquals(MsgType.EXECUTION_REPORT, msgType(report), () -> "not an ExecutionReport: " + report);
        assertEquals(execType, chr(report, ExecType.FIELD), () -> "ExecType in " + report);
        assertEquals(ordStatus, chr(report, OrdStatus.FIELD), () -> "OrdStatus in " + report);
        assertEquals(clOrdId, str(report, ClOrdID.FIELD));
        assertDecimal(Long.toString(cumQty), report, CumQty.FIELD);
        assertDecimal(Long.toString(leavesQty), report, LeavesQty.FIELD);
        assertDecimal(avgPx, report, AvgPx.FIELD);
        assertTrue(report.isSetField(ExecID.FIELD) && report.isSetField(OrderID.FIELD) && report.isSetField(TransactTime.FIELD));
    }

    static void assertTrade(final Message report, final long lastQty, final String lastPx) throws FieldNotFound
    {
        assertEquals(ExecType.TRADE, chr(report, ExecType.FIELD));
        assertDecimal(Long.toString(lastQty), report, LastQty.FIELD);
        assertDecimal(lastPx, report, LastPx.FIELD);
    }

    /**
     * Checks a fill: an ExecutionReport of a trade with the order's totals after it and the trade itself.
     */
    static void assertFill(
        final Message report,
        final char ordStatus,
        final String clOrdId,
        final long cumQty,
        final long leavesQty,
        final String avgPx,
        final long lastQty,
        final String lastPx) throws FieldNotFound
    {
        assertReport(report, ExecType.TRADE, ordStatus, clOrdId, cumQty, leavesQty, avgPx);
        assertTrade(report, lastQty, lastPx);
    }

    /**
     * Sends a limit order and checks its New acknowledgement (nothing filled, all of it open).
     *
     * @return the acknowledgement.
     */
    static Message sendLimitAcked(
        final FixCounterparty client,
        final String clOrdId,
        final String symbol,
        final char side,
        final long quantity,
        final String price) throws Exception
    {
        client.sendNow(limit(clOrdId, symbol, side, quantity, price));
        final Message ack = client.next();
        assertReport(ack, ExecType.NEW, OrdStatus.NEW, clOrdId, 0, quantity, "0");
        return ack;
    }

    @Test
    void acknowledgesNewLimitOrderWithItsFields() throws Exception
    {
        p1.sendNow(limit("A1", "AAPL", Side.BUY, 100, "189.50"));

        final Message ack = p1.next();
        assertReport(ack, ExecType.NEW, OrdStatus.NEW, "A1", 0, 100, "0");
        assertEquals("AAPL", str(ack, Symbol.FIELD));
        assertEquals(Side.BUY, chr(ack, Side.FIELD));
        assertDecimal("100", ack, OrderQty.FIELD);
        assertDecimal("189.50", ack, Price.FIELD);
        assertEquals("PARTICIPANT1", str(ack, Account.FIELD));
        assertFalse(ack.isSetField(LastQty.FIELD));
        assertNull(p2.poll(QUIET), "the other participant hears nothing");
    }

    @Test
    void crossingOrdersFromTwoSessionsFillBothSides() throws Exception
    {
        final Message sellAck = sendLimitAcked(p1, "S1", "AAPL", Side.SELL, 100, "190.00");

        sendLimitAcked(p2, "B1", "AAPL", Side.BUY, 100, "190.05");
        final Message buyFill = p2.next();
        assertFill(buyFill, OrdStatus.FILLED, "B1", 100, 0, "190.00", 100, "190.00");

        final Message sellFill = p1.next();
        assertFill(sellFill, OrdStatus.FILLED, "S1", 100, 0, "190.00", 100, "190.00");
        assertEquals(str(sellAck, OrderID.FIELD), str(sellFill, OrderID.FIELD));
        assertNotEquals(str(buyFill, ExecID.FIELD), str(sellFill, ExecID.FIELD));
    }

    @Test
    void partialFillsAccumulateQuantityAndAveragePrice() throws Exception
    {
        sendLimitAcked(p1, "S1", "AAPL", Side.SELL, 30, "190.00");
        sendLimitAcked(p1, "S2", "AAPL", Side.SELL, 100, "190.01");

        sendLimitAcked(p2, "B1", "AAPL", Side.BUY, 100, "190.01");
        final Message first = p2.next();
        assertFill(first, OrdStatus.PARTIALLY_FILLED, "B1", 30, 70, "190.00", 30, "190.00");
        final Message second = p2.next();
        assertFill(second, OrdStatus.FILLED, "B1", 100, 0, "190.007", 70, "190.01");

        assertReport(p1.next(), ExecType.TRADE, OrdStatus.FILLED, "S1", 30, 0, "190.00");
        final Message restingPartial = p1.next();
        assertFill(restingPartial, OrdStatus.PARTIALLY_FILLED, "S2", 70, 30, "190.01", 70, "190.01");
    }

    @Test
    void cancelsRestingOrderAndRefusesSecondCancel() throws Exception
    {
        sendLimitAcked(p1, "A1", "MSFT", Side.BUY, 10, "419.00");

        p1.sendNow(cancel("C1", "A1", "MSFT", Side.BUY));
        final Message cancelled = p1.next();
        assertReport(cancelled, ExecType.CANCELED, OrdStatus.CANCELED, "C1", 0, 0, "0");
        assertEquals("A1", str(cancelled, OrigClOrdID.FIELD));

        p1.sendNow(cancel("C2", "C1", "MSFT", Side.BUY));
        final Message tooLate = p1.next();
        assertEquals(MsgType.ORDER_CANCEL_REJECT, msgType(tooLate));
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, tooLate.getInt(CxlRejReason.FIELD));
        assertEquals(OrdStatus.CANCELED, chr(tooLate, OrdStatus.FIELD));
        assertTrue(str(tooLate, Text.FIELD).contains("cancelled"), () -> tooLate.toString());
    }

    @Test
    void unknownOrderCancelGetsOrderCancelReject() throws Exception
    {
        p1.sendNow(cancel("C1", "NOSUCH", "AAPL", Side.BUY));

        final Message reject = p1.next();
        assertEquals(MsgType.ORDER_CANCEL_REJECT, msgType(reject));
        assertEquals(CxlRejReason.UNKNOWN_ORDER, reject.getInt(CxlRejReason.FIELD));
        assertEquals(CxlRejResponseTo.ORDER_CANCEL_REQUEST, chr(reject, CxlRejResponseTo.FIELD));
        assertEquals("C1", str(reject, ClOrdID.FIELD));
        assertEquals("NOSUCH", str(reject, OrigClOrdID.FIELD));
        assertTrue(str(reject, Text.FIELD).contains("unknown order"));
    }

    @Test
    void cannotCancelAnotherSessionsOrder() throws Exception
    {
        sendLimitAcked(p1, "A1", "AAPL", Side.BUY, 10, "189.00");

        p2.sendNow(cancel("C1", "A1", "AAPL", Side.BUY));

        assertEquals(CxlRejReason.UNKNOWN_ORDER, p2.next().getInt(CxlRejReason.FIELD));
        assertNull(p1.poll(QUIET), "the order's owner hears nothing");
    }

    @Test
    void replacesPriceAndQuantityThenCancelsByNewClOrdId() throws Exception
    {
        sendLimitAcked(p1, "A1", "AAPL", Side.BUY, 100, "189.00");

        p1.sendNow(replace("R1", "A1", "AAPL", Side.BUY, 150, "189.50"));
        final Message replaced = p1.next();
        assertReport(replaced, ExecType.REPLACED, OrdStatus.NEW, "R1", 0, 150, "0");
        assertEquals("A1", str(replaced, OrigClOrdID.FIELD));
        assertDecimal("150", replaced, OrderQty.FIELD);
        assertDecimal("189.50", replaced, Price.FIELD);

        p1.sendNow(cancel("C1", "R1", "AAPL", Side.BUY));
        final Message cancelled = p1.next();
        assertReport(cancelled, ExecType.CANCELED, OrdStatus.CANCELED, "C1", 0, 0, "0");
        assertEquals("R1", str(cancelled, OrigClOrdID.FIELD));
    }

    @Test
    void replaceToMarketablePriceTradesAndRejectsQuantityBelowFilled() throws Exception
    {
        sendLimitAcked(p1, "S1", "AAPL", Side.SELL, 50, "190.00");
        sendLimitAcked(p2, "B1", "AAPL", Side.BUY, 100, "189.00");

        p2.sendNow(replace("R1", "B1", "AAPL", Side.BUY, 100, "190.00"));
        assertReport(p2.next(), ExecType.REPLACED, OrdStatus.NEW, "R1", 0, 100, "0");
        final Message fill = p2.next();
        assertReport(fill, ExecType.TRADE, OrdStatus.PARTIALLY_FILLED, "R1", 50, 50, "190.00");
        assertReport(p1.next(), ExecType.TRADE, OrdStatus.FILLED, "S1", 50, 0, "190.00");

        p2.sendNow(replace("R2", "R1", "AAPL", Side.BUY, 40, "190.00"));
        final Message reject = p2.next();
        assertEquals(MsgType.ORDER_CANCEL_REJECT, msgType(reject));
        assertEquals(CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST, chr(reject, CxlRejResponseTo.FIELD));
        assertEquals(OrdStatus.PARTIALLY_FILLED, chr(reject, OrdStatus.FIELD));
        assertTrue(str(reject, Text.FIELD).contains("filled quantity"), () -> reject.toString());
    }

    @Test
    void immediateOrCancelRemainderExpires() throws Exception
    {
        sendLimitAcked(p1, "S1", "AAPL", Side.SELL, 40, "190.00");

        p2.sendNow(order("B1", "AAPL", Side.BUY, OrdType.LIMIT, TimeInForce.IMMEDIATE_OR_CANCEL, 100, "190.00"));
        p2.next();
        assertReport(p2.next(), ExecType.TRADE, OrdStatus.PARTIALLY_FILLED, "B1", 40, 60, "190.00");
        final Message expired = p2.next();
        assertReport(expired, ExecType.EXPIRED, OrdStatus.EXPIRED, "B1", 40, 0, "190.00");
        assertTrue(str(expired, Text.FIELD).contains("immediate-or-cancel"));
    }

    @Test
    void fillOrKillThatCannotFillExpiresWithoutTrading() throws Exception
    {
        sendLimitAcked(p1, "S1", "AAPL", Side.SELL, 40, "190.00");

        p2.sendNow(order("B1", "AAPL", Side.BUY, OrdType.LIMIT, TimeInForce.FILL_OR_KILL, 100, "190.00"));
        p2.next();
        final Message expired = p2.next();
        assertReport(expired, ExecType.EXPIRED, OrdStatus.EXPIRED, "B1", 0, 0, "0");
        assertTrue(str(expired, Text.FIELD).contains("fill-or-kill"));
        assertNull(p1.poll(QUIET), "the resting order did not trade");
    }

    @Test
    void marketOrderRemainderExpires() throws Exception
    {
        sendLimitAcked(p1, "S1", "MSFT", Side.SELL, 5, "420.00");

        p2.sendNow(order("B1", "MSFT", Side.BUY, OrdType.MARKET, TimeInForce.DAY, 8, null));
        p2.next();
        assertTrade(p2.next(), 5, "420.00");
        final Message expired = p2.next();
        assertReport(expired, ExecType.EXPIRED, OrdStatus.EXPIRED, "B1", 5, 0, "420.00");
        assertTrue(str(expired, Text.FIELD).contains("market order"));
    }

    @Test
    void rejectsInvalidBusinessInputWithText() throws Exception
    {
        assertRejected(limit("X1", "NOPE", Side.BUY, 10, "1.00"), OrdRejReason.UNKNOWN_SYMBOL, "unknown symbol NOPE");
        assertRejected(limit("X2", "AAPL", Side.BUY, 10, "190.001"), OrdRejReason.OTHER, "tick size 0.01");
        assertRejected(limit("X3", "AAPL", Side.BUY, 0, "190.00"), OrdRejReason.INCORRECT_QUANTITY, "must be positive");
        assertRejected(limit("X4", "LOTS", Side.BUY, 150, "10.00"), OrdRejReason.INCORRECT_QUANTITY, "lot size 100");
        assertRejected(limit("X5", "AAPL", Side.BUY, 10, "-1.00"), OrdRejReason.OTHER, "must be positive");
        assertRejected(order("X6", "AAPL", Side.BUY, OrdType.STOP, TimeInForce.DAY, 10, "190.00"),
            OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC, "OrdType(40)");
        assertRejected(order("X7", "AAPL", Side.BUY, OrdType.LIMIT, TimeInForce.AT_THE_OPENING, 10, "190.00"),
            OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC, "TimeInForce(59)");
        assertRejected(order("X8", "AAPL", Side.BUY, OrdType.LIMIT, TimeInForce.DAY, 10, null),
            OrdRejReason.OTHER, "Missing Price(44)");
        assertRejected(limit("X9", "AAPL", Side.SELL_SHORT, 10, "190.00"),
            OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC, "Side(54)");

        sendLimitAcked(p1, "OK1", "AAPL", Side.BUY, 10, "189.00");
        assertRejected(limit("OK1", "AAPL", Side.BUY, 10, "189.00"), OrdRejReason.DUPLICATE_ORDER, "duplicate ClOrdID");

        p1.sendNow(cancel("C1", "OK1", "AAPL", Side.BUY));
        assertReport(p1.next(), ExecType.CANCELED, OrdStatus.CANCELED, "C1", 0, 0, "0");
    }

    private void assertRejected(final Message order, final int ordRejReason, final String text) throws Exception
    {
        p1.sendNow(order);
        final Message report = p1.next();
        assertEquals(MsgType.EXECUTION_REPORT, msgType(report), () -> report.toString());
        assertEquals(ExecType.REJECTED, chr(report, ExecType.FIELD));
        assertEquals(OrdStatus.REJECTED, chr(report, OrdStatus.FIELD));
        assertEquals(str(order, ClOrdID.FIELD), str(report, ClOrdID.FIELD));
        assertEquals(ordRejReason, report.getInt(OrdRejReason.FIELD), () -> report.toString());
        assertTrue(str(report, Text.FIELD).contains(text), () -> "Text(58) " + report);
        assertDecimal("0", report, LeavesQty.FIELD);
        assertDecimal("0", report, CumQty.FIELD);
    }

    @Test
    void unsupportedMessageTypeGetsBusinessMessageReject() throws Exception
    {
        final Message massStatus = new quickfix.fix44.OrderMassStatusRequest();
        massStatus.setString(quickfix.field.MassStatusReqID.FIELD, "M1");
        massStatus.setInt(quickfix.field.MassStatusReqType.FIELD, 7);
        p1.sendNow(massStatus);

        final Message reject = p1.next();
        assertEquals(MsgType.BUSINESS_MESSAGE_REJECT, msgType(reject));
        assertEquals(BusinessRejectReason.UNSUPPORTED_MESSAGE_TYPE, reject.getInt(BusinessRejectReason.FIELD));
        assertTrue(reject.isSetField(Text.FIELD));
    }

    @Test
    void answersOrderStatusRequestsForOpenFilledCanceledAndUnknownOrders() throws Exception
    {
        sendLimitAcked(p1, "A1", "AAPL", Side.BUY, 100, "190.00");
        sendLimitAcked(p2, "S1", "AAPL", Side.SELL, 30, "190.00");
        p1.next(); // A1 partially filled
        p2.next(); // S1 filled
        sendLimitAcked(p1, "B1", "MSFT", Side.BUY, 10, "419.00");
        p1.sendNow(cancel("C1", "B1", "MSFT", Side.BUY));
        p1.next();

        final Message open = status(p1, "A1", "AAPL", Side.BUY, "Q1");
        assertEquals(ExecType.ORDER_STATUS, chr(open, ExecType.FIELD));
        assertEquals(OrdStatus.PARTIALLY_FILLED, chr(open, OrdStatus.FIELD));
        assertEquals("A1", str(open, ClOrdID.FIELD));
        assertEquals("Q1", str(open, quickfix.field.OrdStatusReqID.FIELD));
        assertDecimal("30", open, CumQty.FIELD);
        assertDecimal("70", open, LeavesQty.FIELD);
        assertFalse(open.isSetField(LastQty.FIELD), "a status report books nothing");

        final Message filled = status(p2, "S1", "AAPL", Side.SELL, null);
        assertEquals(ExecType.ORDER_STATUS, chr(filled, ExecType.FIELD));
        assertEquals(OrdStatus.FILLED, chr(filled, OrdStatus.FIELD));
        assertDecimal("30", filled, CumQty.FIELD);
        assertDecimal("0", filled, LeavesQty.FIELD);

        final Message canceled = status(p1, "C1", "MSFT", Side.BUY, null);
        assertEquals(OrdStatus.CANCELED, chr(canceled, OrdStatus.FIELD));
        assertEquals("C1", str(canceled, ClOrdID.FIELD), "the order is found by its latest ClOrdID too");
        assertEquals(OrdStatus.CANCELED, chr(status(p1, "B1", "MSFT", Side.BUY, null), OrdStatus.FIELD));

        final Message unknown = status(p1, "NOSUCH", "AAPL", Side.BUY, "Q2");
        assertEquals(ExecType.ORDER_STATUS, chr(unknown, ExecType.FIELD));
        assertEquals(OrdStatus.REJECTED, chr(unknown, OrdStatus.FIELD));
        assertEquals(quickfix.field.OrdRejReason.UNKNOWN_ORDER, unknown.getInt(quickfix.field.OrdRejReason.FIELD));
        assertEquals("NOSUCH", str(unknown, ClOrdID.FIELD));
        assertEquals("Q2", str(unknown, quickfix.field.OrdStatusReqID.FIELD));

        final Message otherSession = status(p2, "A1", "AAPL", Side.BUY, null);
        assertEquals(OrdStatus.REJECTED, chr(otherSession, OrdStatus.FIELD), "another session's order is unknown");

        // A query changes nothing: the ClOrdID asked about stays free for a new order, and A1 still trades.
        p1.sendNow(limit("NOSUCH", "AAPL", Side.BUY, 1, "189.00"));
        assertEquals(OrdStatus.NEW, chr(p1.next(), OrdStatus.FIELD));
        assertEquals(6, venue.statusRequests());
    }

    private static Message status(
        final FixCounterparty client, final String clOrdId, final String symbol, final char side, final String reqId)
        throws Exception
    {
        final Message request = new quickfix.fix44.OrderStatusRequest();
        request.setString(ClOrdID.FIELD, clOrdId);
        request.setString(Symbol.FIELD, symbol);
        request.setChar(Side.FIELD, side);
        if (null != reqId)
        {
            request.setString(quickfix.field.OrdStatusReqID.FIELD, reqId);
        }
        client.sendNow(request);
        final Message report = client.next();
        assertEquals(MsgType.EXECUTION_REPORT, msgType(report));
        return report;
    }

    @Test
    void malformedMessagesGetSessionRejectAndSessionStaysUp() throws Exception
    {
        final Message missingSide = limit("M1", "AAPL", Side.BUY, 10, "189.00");
        missingSide.removeField(Side.FIELD);
        final Message missingTag = sessionRejectOf(missingSide);
        assertEquals(Side.FIELD, missingTag.getInt(RefTagID.FIELD));
        assertEquals(SessionRejectReason.REQUIRED_TAG_MISSING, missingTag.getInt(SessionRejectReason.FIELD));

        final Message badSide = limit("M2", "AAPL", Side.BUY, 10, "189.00");
        badSide.setChar(Side.FIELD, 'Z');
        final Message badValue = sessionRejectOf(badSide);
        assertEquals(Side.FIELD, badValue.getInt(RefTagID.FIELD));
        assertEquals(SessionRejectReason.VALUE_IS_INCORRECT, badValue.getInt(SessionRejectReason.FIELD));

        final Message badPrice = limit("M3", "AAPL", Side.BUY, 10, "189.00");
        badPrice.setString(Price.FIELD, "abc");
        assertEquals(SessionRejectReason.INCORRECT_DATA_FORMAT_FOR_VALUE,
            sessionRejectOf(badPrice).getInt(SessionRejectReason.FIELD));

        assertTrue(p1.session().isLoggedOn());
        assertNull(p1.poll(QUIET), "no business report for a malformed message");
        sendLimitAcked(p1, "OK1", "AAPL", Side.BUY, 10, "189.00");
    }

    /** Sends a malformed message from the first participant. @return the session-level Reject it gets. */
    private Message sessionRejectOf(final Message malformed) throws Exception
    {
        p1.sendNow(malformed);
        return p1.nextSessionReject();
    }

    @Test
    void sessionsSendingConcurrentlyGetConsistentReports() throws Exception
    {
        final int orders = 200;
        final Thread seller = new Thread(() -> sendAll(p1, "S", Side.SELL, orders));
        final Thread buyer = new Thread(() -> sendAll(p2, "B", Side.BUY, orders));
        seller.start();
        buyer.start();
        seller.join();
        buyer.join();

        assertAllFilled(p1, "S", orders);
        assertAllFilled(p2, "B", orders);
    }

    private static void sendAll(final FixCounterparty client, final String prefix, final char side, final int orders)
    {
        try
        {
            for (int i = 0; i < orders; i++)
            {
                client.sendNow(limit(prefix + i, "AAPL", side, 10, "190.00"));
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void assertAllFilled(final FixCounterparty client, final String prefix, final int orders) throws Exception
    {
        final java.util.Map<String, Long> cumQtyByClOrdId = new java.util.HashMap<>();
        long filled = 0;
        while (filled < 10L * orders)
        {
            final Message report = client.next();
            final char execType = chr(report, ExecType.FIELD);
            final String clOrdId = str(report, ClOrdID.FIELD);
            assertTrue(clOrdId.startsWith(prefix));
            if (execType == ExecType.NEW)
            {
                assertTrue(null == cumQtyByClOrdId.put(clOrdId, 0L), "one New per order");
            }
            else
            {
                assertEquals(ExecType.TRADE, execType, () -> report.toString());
                final long lastQty = report.getDecimal(LastQty.FIELD).longValueExact();
                final long cumQty = cumQtyByClOrdId.merge(clOrdId, lastQty, Long::sum);
                assertEquals(cumQty, report.getDecimal(CumQty.FIELD).longValueExact());
                assertEquals(10 - cumQty, report.getDecimal(LeavesQty.FIELD).longValueExact());
                filled += lastQty;
            }
        }
        assertEquals(orders, cumQtyByClOrdId.size());
        cumQtyByClOrdId.values().forEach((cumQty) -> assertEquals(10L, cumQty));
    }

    @Test
    void refusesLogonFromUnconfiguredCompId() throws Exception
    {
        try (FixCounterparty stranger = FixCounterparty.participant(venue.port(), "STRANGER", "SIMVENUE", tempDir.resolve("x-store")).start())
        {
            // A fixed sleep would pass by itself on a slow machine; a second Logon proves the first was refused.
            stranger.awaitSecondLogonAttempt();
            assertFalse(stranger.session().isLoggedOn());
        }
        assertTrue(p1.session().isLoggedOn(), "configured sessions unaffected");
    }

    @Test
    void forgetsClosedOrdersBeyondRetention() throws Exception
    {
        p1.close();
        p2.close();
        venue.close();
        startVenueAndParticipants(testContext(tempDir).matchingThread(matchingThread()).orderRetention(1));

        sendLimitAcked(p1, "A1", "AAPL", Side.BUY, 10, "189.00");
        p1.sendNow(cancel("C1", "A1", "AAPL", Side.BUY));
        p1.next();
        p1.sendNow(cancel("C2", "A1", "AAPL", Side.BUY));
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, p1.next().getInt(CxlRejReason.FIELD), "still remembered");

        sendLimitAcked(p1, "A2", "AAPL", Side.BUY, 10, "189.00");
        p1.sendNow(cancel("C3", "A2", "AAPL", Side.BUY));
        p1.next();

        p1.sendNow(cancel("C4", "A1", "AAPL", Side.BUY));
        assertEquals(CxlRejReason.UNKNOWN_ORDER, p1.next().getInt(CxlRejReason.FIELD), "forgotten");
        sendLimitAcked(p1, "A1", "AAPL", Side.BUY, 10, "189.00");
    }

    @Test
    void ownOrdersTradeWithEachOtherWhenSelfTradePreventionIsOff() throws Exception
    {
        sendLimitAcked(p1, "S1", "AAPL", Side.SELL, 10, "190.00");
        sendLimitAcked(p1, "B1", "AAPL", Side.BUY, 10, "190.00");

        final Set<String> filled = new HashSet<>();
        for (int i = 0; i < 2; i++)
        {
            final Message fill = p1.next();
            assertEquals(OrdStatus.FILLED, chr(fill, OrdStatus.FIELD));
            filled.add(str(fill, ClOrdID.FIELD));
        }
        assertEquals(Set.of("S1", "B1"), filled);
    }

    @Test
    void selfTradePreventionCancelsIncomingOrderOfSameAccount() throws Exception
    {
        p1.close();
        p2.close();
        venue.close();
        startVenueAndParticipants(testContext(tempDir).matchingThread(matchingThread()).selfTradePrevention(true));

        sendLimitAcked(p1, "S1", "AAPL", Side.SELL, 10, "190.00");
        sendLimitAcked(p1, "B1", "AAPL", Side.BUY, 10, "190.00");
        final Message cancelled = p1.next();
        assertReport(cancelled, ExecType.CANCELED, OrdStatus.CANCELED, "B1", 0, 0, "0");
        assertTrue(str(cancelled, Text.FIELD).contains("self-trade prevention"));

        sendLimitAcked(p2, "B2", "AAPL", Side.BUY, 10, "190.00");
        assertReport(p2.next(), ExecType.TRADE, OrdStatus.FILLED, "B2", 10, 0, "190.00");
        assertReport(p1.next(), ExecType.TRADE, OrdStatus.FILLED, "S1", 10, 0, "190.00");
    }

    /** @return the venue under test (for subclasses that check how it was configured). */
    SimVenue venue()
    {
        return venue;
    }
}
