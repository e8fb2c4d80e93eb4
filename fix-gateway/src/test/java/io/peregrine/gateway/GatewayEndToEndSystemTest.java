package io.peregrine.gateway;

import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.protocol.Prices;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.sim.VenueInstrument;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.HandlInst;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrigClOrdID;
import quickfix.field.Text;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
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

    private Path dataDir;
    private Peregrine core;
    private SimVenue venue;
    private FixGateway gateway;
    private FixCounterparty broker1;
    private FixCounterparty broker2;
    private SimVenueContext venueContext;
    private GatewayContext gatewayContext;
    private String aeronDir;

    @BeforeEach
    void setUp() throws Exception
    {
        dataDir = TestMediaDriver.tempDir("fixgw-e2e-");
        aeronDir = Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("aeron-fixgw-e2e-" + UUID.randomUUID()).toAbsolutePath().toString();
        core = launchCore();

        final int venuePort = TestMediaDriver.freePort();
        venueContext = new SimVenueContext()
            .port(venuePort)
            .storeDir(dataDir.resolve("venue-store"))
            .idleStrategyName("sleeping")
            .marketMakerEnabled(false)
            .clearInstruments()
            .instrument(new VenueInstrument("AAPL", Prices.parse("190.00"), Prices.parse("0.01"), 1));
        venue = SimVenue.start(venueContext);

        final int brokerPort = TestMediaDriver.freePort();
        gatewayContext = new GatewayContext()
            .aeronDirectoryName(aeronDir)
            .dataDir(dataDir.resolve("gateway"))
            .brokerPort(brokerPort)
            .venues(List.of(new VenueClientConfig(1, "127.0.0.1", venuePort, "PEREGRINE", "SIMVENUE", false)))
            .fixMessageLog(false)
            .idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1));
        gateway = FixGateway.launch(gatewayContext);

        broker1 = FixCounterparty.broker(brokerPort, "BROKER1", "PEREGRINE").start();
        broker2 = FixCounterparty.broker(brokerPort, "BROKER2", "PEREGRINE").start();
        assertTrue(broker1.awaitLogon(WAIT_MS));
        assertTrue(broker2.awaitLogon(WAIT_MS));
        awaitFreshCoreSeesVenue();
    }

    /**
     * The venue's logon is not enough: the gateway tells the core over stream 2002, and an order that overtakes that
     * status is refused VENUE_UNAVAILABLE. A fresh core's first venue-in message is that status.
     */
    private void awaitFreshCoreSeesVenue() throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while ((!venue.isLoggedOn("PEREGRINE") || 0 == core.counters().venueMessages().get()) &&
            System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
        assertTrue(venue.isLoggedOn("PEREGRINE"), "the gateway's venue session logs on");
        assertTrue(core.counters().venueMessages().get() > 0, "the core hears the venue session is up");
    }

    private Peregrine launchCore()
    {
        return Peregrine.launch(new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .idleStrategyName("sleeping")
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true));
    }

    @AfterEach
    void tearDown()
    {
        for (final AutoCloseable closeable : new AutoCloseable[]{broker1, broker2, gateway, venue, core})
        {
            try
            {
                if (null != closeable)
                {
                    closeable.close();
                }
            }
            catch (final Exception ex)
            {
                ex.printStackTrace();
            }
        }
        TestMediaDriver.deleteRecursively(dataDir);
    }

    @Test
    void twoBrokersTradeWithEachOtherThroughCoreAndVenue() throws Exception
    {
        broker1.send(newOrder("B1", '1', "AAPL", "190.00", 100));
        Message report = awaitReport(broker1, "B1", ExecType.NEW);
        assertEquals(OrdStatus.NEW, report.getChar(OrdStatus.FIELD));

        broker2.send(newOrder("S1", '2', "AAPL", "190.00", 40));
        report = awaitReport(broker2, "S1", ExecType.TRADE);
        assertEquals(OrdStatus.FILLED, report.getChar(OrdStatus.FIELD));
        report = awaitReport(broker1, "B1", ExecType.TRADE);
        assertEquals(OrdStatus.PARTIALLY_FILLED, report.getChar(OrdStatus.FIELD));
        assertEquals(40, report.getInt(LastQty.FIELD));
        assertEquals(60, report.getInt(LeavesQty.FIELD));

        broker1.send(replace("B2", "B1", "190.05", 80));
        report = awaitReport(broker1, "B2", ExecType.REPLACED);
        assertEquals("B1", report.getString(OrigClOrdID.FIELD));
        assertEquals(40, report.getInt(LeavesQty.FIELD));

        broker2.send(newOrder("S2", '2', "AAPL", "190.05", 40));
        awaitReport(broker2, "S2", ExecType.TRADE);
        report = awaitReport(broker1, "B2", ExecType.TRADE);
        assertEquals(OrdStatus.FILLED, report.getChar(OrdStatus.FIELD));
        assertEquals(80, report.getInt(CumQty.FIELD));

        broker1.send(newOrder("B3", '1', "AAPL", "189.00", 10));
        awaitReport(broker1, "B3", ExecType.NEW);
        broker1.send(cancel("B4", "B3"));
        report = awaitReport(broker1, "B4", ExecType.CANCELED);
        assertEquals("B3", report.getString(OrigClOrdID.FIELD));
    }

    @Test
    void riskAndVenueRejectsReachTheBrokerWithReasons() throws Exception
    {
        broker1.send(newOrder("R1", '1', "AAPL", "250.00", 10));
        Message report = awaitReport(broker1, "R1", ExecType.REJECTED);
        assertEquals("Price outside collar", report.getString(Text.FIELD));
        assertEquals(OrdRejReason.OTHER, report.getInt(OrdRejReason.FIELD));

        // MSFT passes the core's risk checks but the venue does not list it.
        broker1.send(newOrder("R2", '1', "MSFT", "420.00", 10));
        report = awaitReport(broker1, "R2", ExecType.REJECTED);
        assertTrue(report.isSetField(OrdRejReason.FIELD));
        assertTrue(report.getString(Text.FIELD).startsWith("Venue reject"), report.getString(Text.FIELD));
        assertEquals(OrdRejReason.OTHER, report.getInt(OrdRejReason.FIELD));

        broker1.send(newOrder("R3", '1', "AAPL", "190.00", 10));
        awaitReport(broker1, "R3", ExecType.NEW);
    }

    @Test
    void venueOutageRejectsOrdersWithAReasonAndTradingResumesAfterReconnect() throws Exception
    {
        broker1.send(newOrder("V1", '1', "AAPL", "189.00", 10));
        awaitReport(broker1, "V1", ExecType.NEW);

        venue.close();
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        Message report = null;
        for (int i = 2; null == report && System.currentTimeMillis() < deadline; i++)
        {
            // The core learns of the outage from the gateway's DISCONNECTED status; until then the gateway refuses.
            broker1.send(newOrder("V" + i, '1', "AAPL", "189.00", 10));
            final Message answer = awaitAnyReport(broker1, "V" + i);
            if (answer.getChar(ExecType.FIELD) == ExecType.REJECTED)
            {
                report = answer;
            }
        }
        assertTrue(null != report, "orders are rejected while the venue is down");
        assertTrue(report.getString(Text.FIELD).startsWith("Venue unavailable"), report.getString(Text.FIELD));

        venue = SimVenue.start(venueContext);
        final long reconnectDeadline = System.currentTimeMillis() + WAIT_MS;
        String resumed = null;
        for (int i = 100; null == resumed && System.currentTimeMillis() < reconnectDeadline; i++)
        {
            broker1.send(newOrder("W" + i, '1', "AAPL", "189.00", 10));
            if (awaitAnyReport(broker1, "W" + i).getChar(ExecType.FIELD) == ExecType.NEW)
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
        awaitReport(broker1, "WC", ExecType.CANCELED);
    }

    @Test
    void ordersPlacedBeforeAGatewayRestartCanBeCancelledAfterIt() throws Exception
    {
        broker1.send(newOrder("K1", '1', "AAPL", "189.00", 10));
        awaitReport(broker1, "K1", ExecType.NEW);
        broker1.send(replace("K2", "K1", "189.50", 20));
        awaitReport(broker1, "K2", ExecType.REPLACED);

        gateway.close();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        gateway = FixGateway.launch(gatewayContext);
        assertTrue(broker1.awaitLogon(WAIT_MS));
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!venue.isLoggedOn("PEREGRINE") && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }

        // Until the core has seen the venue session come back, a cancel may be refused; retry with new ids.
        Message answer = null;
        for (int i = 0; null == answer && System.currentTimeMillis() < deadline + WAIT_MS; i++)
        {
            broker1.send(cancel("K3-" + i, "K2"));
            final Message report = awaitAnyMessage(broker1, "K3-" + i);
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
        awaitReport(broker1, "L1", ExecType.NEW);

        gateway.close();
        venue.close();
        core.close();
        assertTrue(broker1.awaitLogout(WAIT_MS));

        core = launchCore();
        venue = SimVenue.start(venueContext);
        gateway = FixGateway.launch(gatewayContext);
        assertTrue(broker1.awaitLogon(WAIT_MS));
        awaitFreshCoreSeesVenue();

        // The new core numbers its orders from 1 again: they must reach the venue, not be taken for old ones.
        broker1.send(newOrder("L2", '1', "AAPL", "189.00", 10));
        awaitReport(broker1, "L2", ExecType.NEW);
        broker1.send(newOrder("L3", '2', "AAPL", "189.00", 10));
        awaitReport(broker1, "L3", ExecType.TRADE);
        assertEquals(0, gateway.venueAdapter().duplicateOrders());
    }

    @Test
    void aJournaledCoreRestartedWithTheGatewayKnowsItsOrdersAndBrokersGetEveryFill() throws Exception
    {
        // The core on a journal, as run.sh gateway and run.sh stack run it (SIGKILL of the core: CoreKillRecoveryTest).
        final Path journal = dataDir.resolve("core");
        restartCoreAndGateway(journal);
        broker1.send(newOrder("J1", '1', "AAPL", "189.00", 10));
        final Message ack1 = awaitReport(broker1, "J1", ExecType.NEW);
        broker1.send(newOrder("J2", '2', "AAPL", "191.00", 10));
        final Message ack2 = awaitReport(broker1, "J2", ExecType.NEW);

        restartCoreAndGateway(journal);
        assertTrue(core.recovery().inputs() > 0, "the core recovered from its journal");

        // The resting order is known: its cancel is accepted, not refused "unknown order".
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        Message canceled = null;
        for (int i = 0; null == canceled && System.currentTimeMillis() < deadline; i++)
        {
            broker1.send(cancel("J3-" + i, "J1"));
            final Message answer = awaitAnyMessage(broker1, "J3-" + i);
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
        awaitReport(broker2, "M1", ExecType.TRADE);
        final Message fill = awaitReport(broker1, "J2", ExecType.TRADE);
        assertEquals(ack2.getString(quickfix.field.OrderID.FIELD), fill.getString(quickfix.field.OrderID.FIELD));
        final List<String> earlier = List.of(ack1.getString(quickfix.field.ExecID.FIELD),
            ack2.getString(quickfix.field.ExecID.FIELD));
        assertTrue(!earlier.contains(fill.getString(quickfix.field.ExecID.FIELD)), "exec ids are never reused");
        assertTrue(!earlier.contains(canceled.getString(quickfix.field.ExecID.FIELD)), "exec ids are never reused");
        assertEquals(0, gateway.venueAdapter().orphanReports());
    }

    @Test
    void aVenueRestartedWithoutItsBookCancelsItsRestingOrdersToTheirOwnersWithTheReason() throws Exception
    {
        broker1.send(newOrder("R1", '1', "AAPL", "189.00", 100));
        awaitReport(broker1, "R1", ExecType.NEW);
        broker2.send(newOrder("R2", '2', "AAPL", "191.00", 50));
        awaitReport(broker2, "R2", ExecType.NEW);
        awaitWorkingOrders(2);

        // The venue process goes away and comes back on the same FIX store, without its book.
        venue.close();
        venue = SimVenue.start(venueContext);

        for (final Object[] owner : new Object[][] {{broker1, "R1"}, {broker2, "R2"}})
        {
            final Message canceled = awaitReport((FixCounterparty)owner[0], (String)owner[1], ExecType.CANCELED);
            assertEquals(OrdStatus.CANCELED, canceled.getChar(OrdStatus.FIELD));
            assertTrue(canceled.getString(Text.FIELD).contains("the venue lost the order"),
                canceled.getString(Text.FIELD));
        }
        awaitWorkingOrders(0);
        assertEquals(0, core.risk().openOrders(io.peregrine.protocol.PackedAscii.pack("ACC1")), "no risk leak");
        assertEquals(0, core.risk().openBuyQty(io.peregrine.protocol.PackedAscii.pack("ACC1"),
            io.peregrine.protocol.PackedAscii.pack("AAPL")));

        broker1.send(newOrder("R3", '1', "AAPL", "189.00", 10));
        awaitReport(broker1, "R3", ExecType.NEW);
    }

    private void awaitWorkingOrders(final long expected) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (core.counters().workingOrders().get() != expected)
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("working orders " + core.counters().workingOrders().get() + ", expected " +
                    expected);
            }
            Thread.sleep(10);
        }
    }

    private void restartCoreAndGateway(final Path journal) throws Exception
    {
        gateway.close();
        core.close();
        assertTrue(broker1.awaitLogout(WAIT_MS));
        core = Peregrine.launch(new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .idleStrategyName("sleeping")
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true)
            .journalDir(journal));
        gateway = FixGateway.launch(gatewayContext.coreJournalDir(journal));
        assertTrue(broker1.awaitLogon(WAIT_MS));
        assertTrue(broker2.awaitLogon(WAIT_MS));
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!venue.isLoggedOn("PEREGRINE") && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
        assertTrue(venue.isLoggedOn("PEREGRINE"));
    }

    private static Message awaitAnyMessage(final FixCounterparty broker, final String clOrdId)
        throws InterruptedException, FieldNotFound
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline)
        {
            final Message message = broker.appMessages.poll(100, TimeUnit.MILLISECONDS);
            if (null != message && message.isSetField(ClOrdID.FIELD) &&
                clOrdId.equals(message.getString(ClOrdID.FIELD)))
            {
                return message;
            }
        }
        throw new AssertionError("no answer for " + clOrdId);
    }

    private static Message awaitAnyReport(final FixCounterparty broker, final String clOrdId)
        throws InterruptedException, FieldNotFound
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline)
        {
            final Message message = broker.appMessages.poll(100, TimeUnit.MILLISECONDS);
            if (null != message && MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD)) &&
                clOrdId.equals(message.getString(ClOrdID.FIELD)))
            {
                return message;
            }
        }
        throw new AssertionError("no report for " + clOrdId);
    }

    private static Message awaitReport(final FixCounterparty broker, final String clOrdId, final char execType)
        throws InterruptedException, FieldNotFound
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline)
        {
            final Message message = broker.appMessages.poll(100, TimeUnit.MILLISECONDS);
            if (null != message && MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD)) &&
                clOrdId.equals(message.getString(ClOrdID.FIELD)) && message.getChar(ExecType.FIELD) == execType)
            {
                return message;
            }
        }
        throw new AssertionError("no ExecType " + execType + " for " + clOrdId);
    }

    private static NewOrderSingle newOrder(
        final String clOrdId, final char side, final String symbol, final String price, final long qty)
    {
        final NewOrderSingle order = new NewOrderSingle(new ClOrdID(clOrdId), new quickfix.field.Side(side),
            new TransactTime(LocalDateTime.now()), new quickfix.field.OrdType(quickfix.field.OrdType.LIMIT));
        order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        order.set(new quickfix.field.Symbol(symbol));
        order.set(new quickfix.field.OrderQty(qty));
        order.setDecimal(quickfix.field.Price.FIELD, new BigDecimal(price));
        return order;
    }

    private static OrderCancelRequest cancel(final String clOrdId, final String origClOrdId)
    {
        final OrderCancelRequest cancel = new OrderCancelRequest(new OrigClOrdID(origClOrdId), new ClOrdID(clOrdId),
            new quickfix.field.Side('1'), new TransactTime(LocalDateTime.now()));
        cancel.set(new quickfix.field.Symbol("AAPL"));
        return cancel;
    }

    private static OrderCancelReplaceRequest replace(
        final String clOrdId, final String origClOrdId, final String price, final long qty)
    {
        final OrderCancelReplaceRequest replace = new OrderCancelReplaceRequest(new OrigClOrdID(origClOrdId),
            new ClOrdID(clOrdId), new quickfix.field.Side('1'), new TransactTime(LocalDateTime.now()),
            new quickfix.field.OrdType(quickfix.field.OrdType.LIMIT));
        replace.set(new quickfix.field.Symbol("AAPL"));
        replace.setDecimal(quickfix.field.Price.FIELD, new BigDecimal(price));
        replace.set(new quickfix.field.OrderQty(qty));
        return replace;
    }
}
