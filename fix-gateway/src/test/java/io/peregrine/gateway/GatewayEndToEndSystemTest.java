package io.peregrine.gateway;

import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.broker.BrokerReports;
import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrigClOrdID;
import quickfix.field.Text;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.peregrine.testsupport.FixRequests.cancel;
import static io.peregrine.testsupport.FixRequests.newOrder;
import static io.peregrine.testsupport.FixRequests.replace;
import static io.peregrine.testsupport.FixRequests.statusRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brokers -> gateway acceptor -> core (risk, order state) -> gateway venue initiator -> matching-sim and back,
 * all real pieces in one JVM on loopback.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayEndToEndSystemTest
{
    private static final long WAIT_MS = 15_000;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("e2e", WAIT_MS, "sleeping", UnaryOperator.identity());
    private Peregrine core;
    private FixGateway gateway;
    private GatewayContext gatewayContext;
    private FixCounterparty broker1;
    private FixCounterparty broker2;

    @BeforeEach
    void setUp() throws Exception
    {
        core = stack.core();
        stack.startSimVenue();
        gatewayContext = stack.gatewayContext();
        gateway = stack.startGateway(gatewayContext);
        broker1 = stack.broker("BROKER1");
        broker2 = stack.broker("BROKER2");
        stack.awaitCoreSeesVenue();
    }

    @Test
    void twoBrokersTradeWithEachOtherThroughCoreAndVenue() throws Exception
    {
        Message report = acknowledged(broker1, "B1", '1', "190.00", 100);
        assertEquals(OrdStatus.NEW, report.getChar(OrdStatus.FIELD));

        broker2.send(newOrder("S1", '2', "AAPL", "190.00", 40));
        report = broker2.nextReport("S1", ExecType.TRADE, WAIT_MS);
        assertEquals(OrdStatus.FILLED, report.getChar(OrdStatus.FIELD));
        report = broker1.nextReport("B1", ExecType.TRADE, WAIT_MS);
        assertEquals(OrdStatus.PARTIALLY_FILLED, report.getChar(OrdStatus.FIELD));
        assertEquals(40, report.getInt(LastQty.FIELD));
        assertEquals(60, report.getInt(LeavesQty.FIELD));

        broker1.send(replace("B2", "B1", "190.05", 80));
        report = broker1.nextReport("B2", ExecType.REPLACED, WAIT_MS);
        assertEquals("B1", report.getString(OrigClOrdID.FIELD));
        assertEquals(40, report.getInt(LeavesQty.FIELD));

        broker2.send(newOrder("S2", '2', "AAPL", "190.05", 40));
        broker2.nextReport("S2", ExecType.TRADE, WAIT_MS);
        report = broker1.nextReport("B2", ExecType.TRADE, WAIT_MS);
        assertEquals(OrdStatus.FILLED, report.getChar(OrdStatus.FIELD));
        assertEquals(80, report.getInt(CumQty.FIELD));

        acknowledged(broker1, "B3", '1', "189.00", 10);
        broker1.send(cancel("B4", "B3"));
        report = broker1.nextReport("B4", ExecType.CANCELED, WAIT_MS);
        assertEquals("B3", report.getString(OrigClOrdID.FIELD));
    }

    @Test
    void anOrderStatusRequestIsAnsweredWithTheCoresStateOfAWorkingAndAFilledOrder() throws Exception
    {
        acknowledged(broker1, "Q1", '1', "190.00", 100);
        broker2.send(newOrder("QS1", '2', "AAPL", "190.00", 40));
        broker1.nextReport("Q1", ExecType.TRADE, WAIT_MS);

        broker1.send(statusRequest("Q1"));
        Message status = broker1.nextReport("Q1", ExecType.ORDER_STATUS, WAIT_MS);
        assertStatus(status, OrdStatus.PARTIALLY_FILLED, 40, 60);
        assertEquals(100, status.getInt(quickfix.field.OrderQty.FIELD));
        assertEquals(0, new BigDecimal("190").compareTo(status.getDecimal(quickfix.field.Price.FIELD)));
        assertTrue(!status.isSetField(LastQty.FIELD), "a status is no execution");

        broker2.send(newOrder("QS2", '2', "AAPL", "190.00", 60));
        broker1.nextReport("Q1", ExecType.TRADE, WAIT_MS);
        broker1.send(statusRequest("Q1"));
        status = broker1.nextReport("Q1", ExecType.ORDER_STATUS, WAIT_MS);
        assertStatus(status, OrdStatus.FILLED, 100, 0);

        broker1.send(statusRequest("NOPE"));
        status = broker1.nextReport("NOPE", ExecType.ORDER_STATUS, WAIT_MS);
        assertEquals(OrdStatus.REJECTED, status.getChar(OrdStatus.FIELD));
        assertEquals(OrdRejReason.UNKNOWN_ORDER, status.getInt(OrdRejReason.FIELD));
        assertTrue(status.getString(Text.FIELD).startsWith("Unknown order"), status.getString(Text.FIELD));
        assertEquals(0, gateway.counters().brokerReportsUnroutable().get());
    }

    @Test
    void everyRequestTheCoreCannotJournalIsAnsweredWhetherTheGatewayReadsTheLiveStreamOrTheCoreJournal()
        throws Exception
    {
        final Path journal = stack.coreJournalDir();
        restartCoreAndGatewayOnJournal();
        acknowledged(broker1, "F1", '1', "189.00", 10);
        for (final Path gatewayReads : new Path[] {null, journal})
        {
            // A full disk: no file system has this much free space (both floors), so the core journals and acts on
            // no input, cancels included.
            restartCoreAndGateway((context) -> context.journalDir(journal).journalMinFreeBytes(Long.MAX_VALUE)
                .journalHardMinFreeBytes(Long.MAX_VALUE), gatewayReads);
            final String mode = null == gatewayReads ? "live stream" : "core journal";
            broker1.send(statusRequest("F1"));
            final Message status = broker1.nextReport("F1", ExecType.ORDER_STATUS, WAIT_MS);
            // Its OrdStatus is the gateway's last known one. The ClOrdID journal records the status of done orders
            // only: after a restart a gateway reading the core journal takes it from the last report it delivered
            // (New), one reading the live stream knows none (PendingNew).
            assertEquals(null == gatewayReads ? OrdStatus.PENDING_NEW : OrdStatus.NEW, status.getChar(OrdStatus.FIELD),
                mode);
            assertEquals(BrokerReports.gatewayStatusText(BrokerReports.statusRefused(
                io.peregrine.sbe.RejectReason.JOURNAL_UNAVAILABLE, "JOURNAL_UNAVAILABLE")),
                status.getString(Text.FIELD), mode);
            // A new order is refused to its broker the same way (from the live stream: never journaled).
            final String newOrder = null == gatewayReads ? "F2-LIVE" : "F2-JOURNAL";
            broker1.send(newOrder(newOrder, '1', "AAPL", "189.00", 10));
            final Message refused = broker1.nextReport(newOrder, ExecType.REJECTED, WAIT_MS);
            assertEquals("Journal unavailable", refused.getString(Text.FIELD), mode);
            // A cancel is refused with an OrderCancelReject, the answer a cancel is owed, the order unchanged.
            final String cancel = null == gatewayReads ? "F3-LIVE" : "F3-JOURNAL";
            broker1.send(cancel(cancel, "F1"));
            final Message cancelRefused = broker1.nextFor(cancel, WAIT_MS);
            assertEquals(MsgType.ORDER_CANCEL_REJECT, cancelRefused.getHeader().getString(MsgType.FIELD), mode);
            assertEquals("F1", cancelRefused.getString(OrigClOrdID.FIELD));
            assertEquals(quickfix.field.CxlRejReason.OTHER, cancelRefused.getInt(quickfix.field.CxlRejReason.FIELD));
            assertEquals("Journal unavailable", cancelRefused.getString(Text.FIELD), mode);
            assertEquals(0, gateway.counters().brokerReportsUnroutable().get(), mode);
        }
    }

    private static void assertStatus(
        final Message status, final char ordStatus, final long cumQty, final long leavesQty) throws Exception
    {
        assertEquals(ordStatus, status.getChar(OrdStatus.FIELD));
        assertEquals(cumQty, status.getInt(CumQty.FIELD));
        assertEquals(leavesQty, status.getInt(LeavesQty.FIELD));
        assertEquals(0, new BigDecimal("190").compareTo(status.getDecimal(quickfix.field.AvgPx.FIELD)));
    }

    @Test
    void riskAndVenueRejectsReachTheBrokerWithReasons() throws Exception
    {
        broker1.send(newOrder("R1", '1', "AAPL", "250.00", 10));
        Message report = broker1.nextReport("R1", ExecType.REJECTED, WAIT_MS);
        assertEquals("Price outside collar", report.getString(Text.FIELD));
        assertEquals(OrdRejReason.OTHER, report.getInt(OrdRejReason.FIELD));

        // MSFT passes the core's risk checks but the venue does not list it: the venue's Text(58) reaches the broker
        // (venue client -> core -> broker side), after the reason.
        broker1.send(newOrder("R2", '1', "MSFT", "420.00", 10));
        report = broker1.nextReport("R2", ExecType.REJECTED, WAIT_MS);
        assertTrue(report.isSetField(OrdRejReason.FIELD));
        assertEquals("Venue reject: unknown symbol MSFT", report.getString(Text.FIELD));
        assertEquals(OrdRejReason.OTHER, report.getInt(OrdRejReason.FIELD));

        acknowledged(broker1, "R3", '1', "190.00", 10);
    }

    @Test
    void venueOutageRejectsOrdersWithAReasonAndTradingResumesAfterReconnect() throws Exception
    {
        acknowledged(broker1, "V1", '1', "189.00", 10);

        stack.stopSimVenue();
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        Message report = null;
        for (int i = 2; null == report && System.currentTimeMillis() < deadline; i++)
        {
            // The core learns of the outage from the gateway's DISCONNECTED status; until then the gateway refuses.
            broker1.send(newOrder("V" + i, '1', "AAPL", "189.00", 10));
            final Message answer = broker1.nextReport("V" + i, WAIT_MS);
            if (answer.getChar(ExecType.FIELD) == ExecType.REJECTED)
            {
                report = answer;
            }
        }
        assertTrue(null != report, "orders are rejected while the venue is down");
        assertTrue(report.getString(Text.FIELD).startsWith("Venue unavailable"), report.getString(Text.FIELD));

        stack.startSimVenue();
        final long reconnectDeadline = System.currentTimeMillis() + WAIT_MS;
        String resumed = null;
        for (int i = 100; null == resumed && System.currentTimeMillis() < reconnectDeadline; i++)
        {
            broker1.send(newOrder("W" + i, '1', "AAPL", "189.00", 10));
            if (broker1.nextReport("W" + i, WAIT_MS).getChar(ExecType.FIELD) == ExecType.NEW)
            {
                resumed = "W" + i;
            }
            else
            {
                Thread.sleep(200);
            }
        }
        assertTrue(null != resumed, "orders reach the venue again after it reconnects");
        broker1.send(cancel("WC", resumed));
        broker1.nextReport("WC", ExecType.CANCELED, WAIT_MS);
    }

    @Test
    void ordersPlacedBeforeAGatewayRestartCanBeCancelledAfterIt() throws Exception
    {
        acknowledged(broker1, "K1", '1', "189.00", 10);
        broker1.send(replace("K2", "K1", "189.50", 20));
        broker1.nextReport("K2", ExecType.REPLACED, WAIT_MS);

        stack.stopGateway();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        gateway = stack.startGateway(gatewayContext);
        assertTrue(broker1.awaitLogon(WAIT_MS));
        stack.awaitVenueLoggedOn();
        // Until the core has seen the venue session come back, a cancel may be refused; retry with new ids.
        final Message answer = cancelUntilAccepted("K3-", "K2", 2 * WAIT_MS);
        assertEquals(ExecType.CANCELED, answer.getChar(ExecType.FIELD));
        assertEquals("K2", answer.getString(OrigClOrdID.FIELD));
    }

    @Test
    void theWholeStackRestartedOnTheSameDataDirectoriesTradesAgain() throws Exception
    {
        acknowledged(broker1, "L1", '1', "189.00", 10);

        stack.stopGateway();
        stack.stopSimVenue();
        stack.stopCore();
        assertTrue(broker1.awaitLogout(WAIT_MS));

        core = stack.startCore(UnaryOperator.identity());
        stack.startSimVenue();
        gateway = stack.startGateway(gatewayContext);
        assertTrue(broker1.awaitLogon(WAIT_MS));
        stack.awaitCoreSeesVenue();

        // The new core numbers its orders from 1 again: they must reach the venue, not be taken for old ones.
        acknowledged(broker1, "L2", '1', "189.00", 10);
        broker1.send(newOrder("L3", '2', "AAPL", "189.00", 10));
        broker1.nextReport("L3", ExecType.TRADE, WAIT_MS);
        assertEquals(0, gateway.counters().venueDuplicateOrders().get());
    }

    @Test
    void aJournaledCoreRestartedWithTheGatewayKnowsItsOrdersAndBrokersGetEveryFill() throws Exception
    {
        // The core on a journal, as run.sh gateway and run.sh stack run it (SIGKILL of the core: CoreKillRecoveryTest).
        restartCoreAndGatewayOnJournal();
        final Message ack1 = acknowledged(broker1, "J1", '1', "189.00", 10);
        final Message ack2 = acknowledged(broker1, "J2", '2', "191.00", 10);

        restartCoreAndGatewayOnJournal();
        assertTrue(core.recovery().inputs() > 0, "the core recovered from its journal");

        // The resting order is known: its cancel is accepted, not refused "unknown order".
        final Message canceled = cancelUntilAccepted("J3-", "J1", WAIT_MS);
        assertEquals(ExecType.CANCELED, canceled.getChar(ExecType.FIELD));
        assertEquals(ack1.getString(quickfix.field.OrderID.FIELD), canceled.getString(quickfix.field.OrderID.FIELD));

        // BROKER2 trades against the other resting order: BROKER1 hears of the fill, under new ids.
        broker2.send(newOrder("M1", '1', "AAPL", "191.00", 10));
        broker2.nextReport("M1", ExecType.TRADE, WAIT_MS);
        final Message fill = broker1.nextReport("J2", ExecType.TRADE, WAIT_MS);
        assertEquals(ack2.getString(quickfix.field.OrderID.FIELD), fill.getString(quickfix.field.OrderID.FIELD));
        final List<String> earlier = List.of(ack1.getString(quickfix.field.ExecID.FIELD),
            ack2.getString(quickfix.field.ExecID.FIELD));
        assertTrue(!earlier.contains(fill.getString(quickfix.field.ExecID.FIELD)), "exec ids are never reused");
        assertTrue(!earlier.contains(canceled.getString(quickfix.field.ExecID.FIELD)), "exec ids are never reused");
        assertEquals(0, gateway.counters().venueOrphanReports().get());
    }

    @Test
    void aGatewayRestartedBehindTheCoreJournalDeliversEveryReportAfterItsSavedPositionToTheBroker() throws Exception
    {
        restartCoreAndGatewayOnJournal();
        final Message ack = acknowledged(broker1, "B1", '1', "189.00", 10);

        // What a gateway killed before delivering the core's last reports finds at its start: reports in the core
        // journal after its saved position (here all of them: the position is gone). It reads them at once, before
        // any broker has logged on again; each must reach its session (stored, resent on the broker's logon).
        stack.stopGateway();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        java.nio.file.Files.delete(stack.dataDir.resolve("gateway").resolve("broker").resolve("core-report-position"));
        gateway = stack.startGateway(gatewayContext);
        assertTrue(broker1.awaitLogon(WAIT_MS));

        final Message again = broker1.nextReport("B1", ExecType.NEW, WAIT_MS);
        assertEquals(ack.getString(quickfix.field.ExecID.FIELD), again.getString(quickfix.field.ExecID.FIELD),
            "the same report, delivered again (at least once; the broker de-duplicates on ExecID)");
        assertEquals(0, gateway.counters().brokerReportsUnroutable().get(),
            "no report handed to a session not yet created");
    }

    @Test
    void aVenueRestartedWithoutItsBookCancelsItsRestingOrdersToTheirOwnersWithTheReason() throws Exception
    {
        acknowledged(broker1, "R1", '1', "189.00", 100);
        acknowledged(broker2, "R2", '2', "191.00", 50);
        stack.awaitWorkingOrders(2);

        // The venue process goes away and comes back on the same FIX store, without its book.
        stack.stopSimVenue();
        stack.startSimVenue();

        for (final Object[] owner : new Object[][] {{broker1, "R1"}, {broker2, "R2"}})
        {
            final Message canceled = ((FixCounterparty)owner[0]).nextReport((String)owner[1], ExecType.CANCELED, WAIT_MS);
            assertEquals(OrdStatus.CANCELED, canceled.getChar(OrdStatus.FIELD));
            assertTrue(canceled.getString(Text.FIELD).contains("the venue lost the order"),
                canceled.getString(Text.FIELD));
        }
        stack.awaitWorkingOrders(0);
        assertEquals(0, core.risk().openOrders(io.peregrine.protocol.PackedAscii.pack("ACC1")), "no risk leak");
        assertEquals(0, core.risk().openBuyQty(io.peregrine.protocol.PackedAscii.pack("ACC1"),
            io.peregrine.protocol.PackedAscii.pack("AAPL")));

        acknowledged(broker1, "R3", '1', "189.00", 10);
    }

    /**
     * @return the New that answers the broker's limit order of AAPL.
     */
    private static Message acknowledged(
        final FixCounterparty broker, final String clOrdId, final char side, final String price, final long qty)
        throws Exception
    {
        broker.send(newOrder(clOrdId, side, "AAPL", price, qty));
        return broker.nextReport(clOrdId, ExecType.NEW, WAIT_MS);
    }

    /**
     * Sends cancels of the order with new ClOrdIDs (prefix + 0, 1, ...) every 200 ms until one is answered with an
     * ExecutionReport. A refusal naming UNKNOWN_ORDER fails the test: the order must be known.
     *
     * @return the report that answered the accepted cancel.
     */
    private Message cancelUntilAccepted(final String prefix, final String origClOrdId, final long timeoutMs)
        throws Exception
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        for (int i = 0; System.currentTimeMillis() < deadline; i++)
        {
            broker1.send(cancel(prefix + i, origClOrdId));
            final Message answer = broker1.nextFor(prefix + i, WAIT_MS);
            if (MsgType.EXECUTION_REPORT.equals(answer.getHeader().getString(MsgType.FIELD)))
            {
                assertEquals(origClOrdId, answer.getString(OrigClOrdID.FIELD));
                return answer;
            }
            assertTrue(!answer.isSetField(Text.FIELD) || !answer.getString(Text.FIELD).contains("UNKNOWN_ORDER"),
                answer.toString());
            Thread.sleep(200);
        }
        throw new AssertionError("the cancel of " + origClOrdId + " from before the restart is not accepted");
    }

    /**
     * Restarts the core on its journal ({@code dataDir/core}) and the gateway reading it; the brokers log on again.
     */
    private void restartCoreAndGatewayOnJournal() throws Exception
    {
        final Path journal = stack.coreJournalDir();
        restartCoreAndGateway((context) -> context.journalDir(journal), journal);
    }

    /**
     * Restarts the core with these settings and the gateway reading its reports from the core journal, or from the
     * live stream when {@code coreJournal} is null; the brokers log on again.
     */
    private void restartCoreAndGateway(final UnaryOperator<PeregrineContext> coreSettings, final Path coreJournal)
        throws Exception
    {
        stack.stopGateway();
        stack.stopCore();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        core = stack.startCore(coreSettings);
        gateway = stack.startGateway(gatewayContext.coreJournalDir(coreJournal));
        assertTrue(broker1.awaitLogon(WAIT_MS));
        assertTrue(broker2.awaitLogon(WAIT_MS));
        stack.awaitVenueLoggedOn();
    }
}
