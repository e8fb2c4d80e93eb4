package io.peregrine.gateway;

import java.util.function.UnaryOperator;
import io.peregrine.testsupport.FixCounterparty;
import static io.peregrine.testsupport.FixRequests.newOrder;
import static io.peregrine.testsupport.FixRequests.cancel;
import static io.peregrine.testsupport.FixRequests.replace;
import io.peregrine.core.Peregrine;
import org.junit.jupiter.api.AfterEach;
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

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    private GatewayStack stack;
    private Peregrine core;
    private FixGateway gateway;
    private GatewayContext gatewayContext;
    private FixCounterparty broker1;
    private FixCounterparty broker2;

    @BeforeEach
    void setUp() throws Exception
    {
        stack = GatewayStack.withCore("e2e", WAIT_MS, "sleeping", UnaryOperator.identity());
        core = stack.core();
        stack.startSimVenue();
        gatewayContext = stack.gatewayContext();
        gateway = stack.startGateway(gatewayContext);
        broker1 = stack.broker("BROKER1");
        broker2 = stack.broker("BROKER2");
        stack.awaitCoreSeesVenue();
    }

    @AfterEach
    void tearDown()
    {
        stack.close();
    }

    @Test
    void twoBrokersTradeWithEachOtherThroughCoreAndVenue() throws Exception
    {
        broker1.send(newOrder("B1", '1', "AAPL", "190.00", 100));
        Message report = broker1.nextReport("B1", ExecType.NEW, WAIT_MS);
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

        broker1.send(newOrder("B3", '1', "AAPL", "189.00", 10));
        broker1.nextReport("B3", ExecType.NEW, WAIT_MS);
        broker1.send(cancel("B4", "B3"));
        report = broker1.nextReport("B4", ExecType.CANCELED, WAIT_MS);
        assertEquals("B3", report.getString(OrigClOrdID.FIELD));
    }

    @Test
    void riskAndVenueRejectsReachTheBrokerWithReasons() throws Exception
    {
        broker1.send(newOrder("R1", '1', "AAPL", "250.00", 10));
        Message report = broker1.nextReport("R1", ExecType.REJECTED, WAIT_MS);
        assertEquals("Price outside collar", report.getString(Text.FIELD));
        assertEquals(OrdRejReason.OTHER, report.getInt(OrdRejReason.FIELD));

        // MSFT passes the core's risk checks but the venue does not list it.
        broker1.send(newOrder("R2", '1', "MSFT", "420.00", 10));
        report = broker1.nextReport("R2", ExecType.REJECTED, WAIT_MS);
        assertTrue(report.isSetField(OrdRejReason.FIELD));
        assertTrue(report.getString(Text.FIELD).startsWith("Venue reject"), report.getString(Text.FIELD));
        assertEquals(OrdRejReason.OTHER, report.getInt(OrdRejReason.FIELD));

        broker1.send(newOrder("R3", '1', "AAPL", "190.00", 10));
        broker1.nextReport("R3", ExecType.NEW, WAIT_MS);
    }

    @Test
    void venueOutageRejectsOrdersWithAReasonAndTradingResumesAfterReconnect() throws Exception
    {
        broker1.send(newOrder("V1", '1', "AAPL", "189.00", 10));
        broker1.nextReport("V1", ExecType.NEW, WAIT_MS);

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
        broker1.send(newOrder("K1", '1', "AAPL", "189.00", 10));
        broker1.nextReport("K1", ExecType.NEW, WAIT_MS);
        broker1.send(replace("K2", "K1", "189.50", 20));
        broker1.nextReport("K2", ExecType.REPLACED, WAIT_MS);

        stack.stopGateway();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        gateway = stack.startGateway(gatewayContext);
        assertTrue(broker1.awaitLogon(WAIT_MS));
        stack.awaitVenueLoggedOn();
        final long deadline = System.currentTimeMillis() + WAIT_MS;

        // Until the core has seen the venue session come back, a cancel may be refused; retry with new ids.
        Message answer = null;
        for (int i = 0; null == answer && System.currentTimeMillis() < deadline + WAIT_MS; i++)
        {
            broker1.send(cancel("K3-" + i, "K2"));
            final Message report = broker1.nextFor("K3-" + i, WAIT_MS);
            if (MsgType.EXECUTION_REPORT.equals(report.getHeader().getString(MsgType.FIELD)))
            {
                answer = report;
            }
            else
            {
                Thread.sleep(200);
            }
        }
        assertTrue(null != answer, "the cancel of an order from before the restart is accepted");
        assertEquals(ExecType.CANCELED, answer.getChar(ExecType.FIELD));
        assertEquals("K2", answer.getString(OrigClOrdID.FIELD));
    }

    @Test
    void theWholeStackRestartedOnTheSameDataDirectoriesTradesAgain() throws Exception
    {
        broker1.send(newOrder("L1", '1', "AAPL", "189.00", 10));
        broker1.nextReport("L1", ExecType.NEW, WAIT_MS);

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
        broker1.send(newOrder("L2", '1', "AAPL", "189.00", 10));
        broker1.nextReport("L2", ExecType.NEW, WAIT_MS);
        broker1.send(newOrder("L3", '2', "AAPL", "189.00", 10));
        broker1.nextReport("L3", ExecType.TRADE, WAIT_MS);
        assertEquals(0, gateway.venueAdapter().duplicateOrders());
    }

    @Test
    void aJournaledCoreRestartedWithTheGatewayKnowsItsOrdersAndBrokersGetEveryFill() throws Exception
    {
        // The core on a journal, as run.sh gateway and run.sh stack run it (SIGKILL of the core: CoreKillRecoveryTest).
        final Path journal = stack.dataDir.resolve("core");
        restartCoreAndGateway(journal);
        broker1.send(newOrder("J1", '1', "AAPL", "189.00", 10));
        final Message ack1 = broker1.nextReport("J1", ExecType.NEW, WAIT_MS);
        broker1.send(newOrder("J2", '2', "AAPL", "191.00", 10));
        final Message ack2 = broker1.nextReport("J2", ExecType.NEW, WAIT_MS);

        restartCoreAndGateway(journal);
        assertTrue(core.recovery().inputs() > 0, "the core recovered from its journal");

        // The resting order is known: its cancel is accepted, not refused "unknown order".
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        Message canceled = null;
        for (int i = 0; null == canceled && System.currentTimeMillis() < deadline; i++)
        {
            broker1.send(cancel("J3-" + i, "J1"));
            final Message answer = broker1.nextFor("J3-" + i, WAIT_MS);
            if (MsgType.EXECUTION_REPORT.equals(answer.getHeader().getString(MsgType.FIELD)))
            {
                canceled = answer;
            }
            else
            {
                assertTrue(!answer.isSetField(Text.FIELD) || !answer.getString(Text.FIELD).contains("UNKNOWN_ORDER"),
                    answer.toString());
                Thread.sleep(200);
            }
        }
        assertTrue(null != canceled, "the cancel of the order from before the restart is accepted");
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
        assertEquals(0, gateway.venueAdapter().orphanReports());
    }

    @Test
    void aGatewayRestartedBehindTheCoreJournalDeliversEveryReportAfterItsSavedPositionToTheBroker() throws Exception
    {
        final Path journal = stack.dataDir.resolve("core");
        restartCoreAndGateway(journal);
        broker1.send(newOrder("B1", '1', "AAPL", "189.00", 10));
        final Message ack = broker1.nextReport("B1", ExecType.NEW, WAIT_MS);

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
        assertEquals(0, gateway.brokerReportAgent().unroutable(), "no report handed to a session not yet created");
    }

    @Test
    void aVenueRestartedWithoutItsBookCancelsItsRestingOrdersToTheirOwnersWithTheReason() throws Exception
    {
        broker1.send(newOrder("R1", '1', "AAPL", "189.00", 100));
        broker1.nextReport("R1", ExecType.NEW, WAIT_MS);
        broker2.send(newOrder("R2", '2', "AAPL", "191.00", 50));
        broker2.nextReport("R2", ExecType.NEW, WAIT_MS);
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

        broker1.send(newOrder("R3", '1', "AAPL", "189.00", 10));
        broker1.nextReport("R3", ExecType.NEW, WAIT_MS);
    }


    private void restartCoreAndGateway(final Path journal) throws Exception
    {
        stack.stopGateway();
        stack.stopCore();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        core = stack.startCore((context) -> context.journalDir(journal));
        gateway = stack.startGateway(gatewayContext.coreJournalDir(journal));
        assertTrue(broker1.awaitLogon(WAIT_MS));
        assertTrue(broker2.awaitLogon(WAIT_MS));
        stack.awaitVenueLoggedOn();
    }
}
