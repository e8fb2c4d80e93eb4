package io.peregrine.gateway;

import io.peregrine.client.PeregrineClient;
import io.peregrine.gateway.broker.OrderRoutes;
import io.peregrine.gateway.broker.ReportPosition;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.TempDirs;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.ExecType;
import quickfix.field.OrderID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.peregrine.testsupport.FixRequests.cancel;
import static io.peregrine.testsupport.FixRequests.newOrder;
import static io.peregrine.testsupport.FixRequests.statusRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's data directory and the core journal it reads belong together (fix-gateway README, "Data directory
 * and core journal"): a new gateway directory beside a continuing core journal must not reuse the clOrdIds the core
 * knows, nor strand the earlier gateway's working orders silently; an older copy of the directory must not start.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayDataDirectorySystemTest
{
    private static final long WAIT_MS = 15_000;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("datadir", WAIT_MS, "sleeping", UnaryOperator.identity());
    private GatewayContext gatewayContext;
    private Path gatewayDir;

    @BeforeEach
    void setUp() throws Exception
    {
        // The core on its journal, read by the gateway: run.sh stack and run.sh gateway.
        gatewayContext = stack.startOnCoreJournal(UnaryOperator.identity(), UnaryOperator.identity());
        gatewayDir = gatewayContext.dataDir();
    }

    @Test
    void aNewGatewayDirectoryContinuesAfterTheCoresClOrdIdsSoAStatusRequestFindsItsOwnOrder() throws Exception
    {
        final FixCounterparty before = stack.broker("BROKER1");
        final String oldOrderId = acknowledged(before, "A1", "189.00", 10).getString(OrderID.FIELD);
        before.send(cancel("A2", "A1"));
        before.nextReport("A2", ExecType.CANCELED, WAIT_MS);
        before.close();

        // All of data/ rolled but the core journal: the gateway's directory and the venue's store start empty.
        rollGatewayAndVenue();

        final FixCounterparty after = stack.broker("BROKER1");
        final String newOrderId = acknowledged(after, "B1", "188.00", 7).getString(OrderID.FIELD);
        assertNotEquals(oldOrderId, newOrderId);
        after.send(statusRequest("B1"));
        final Message status = after.nextReport("B1", ExecType.ORDER_STATUS, WAIT_MS);
        assertEquals(newOrderId, status.getString(OrderID.FIELD),
            "the status of B1, not of the earlier gateway's order with the same clOrdId: " + status);
        assertEquals(7, status.getInt(quickfix.field.OrderQty.FIELD));
        assertEquals(0, stack.gateway().counters().brokerReportsUnroutable().get(),
            "the earlier gateway's reports are not read again");
    }

    @Test
    void aNewGatewayDirectoryBesideWorkingOrdersOfAnEarlierGatewayRefusesToStartNamingThem() throws Exception
    {
        final String orderId = workingOrderOfAClosedBroker("W1");
        final String message = stack.gatewayRefusedAfterLosing(gatewayContext, gatewayDir);
        assertTrue(message.contains("holds 1 working orders an earlier gateway placed"), message);
        assertTrue(message.contains("orderId " + orderId + " ACC1 BUY 10 AAPL @ 189.00"), message);
        assertTrue(message.contains("peregrine.gateway.accept.orphaned.orders=true"), message);
        stack.awaitWorkingOrders(1);

        // Taken over on purpose: the gateway starts, and a new order gets an id of its own.
        stack.startGateway(gatewayContext.acceptOrphanedOrders(true));
        stack.awaitVenueLoggedOn();
        // The new venue order journal cannot name W1 at the venue: W1 is closed in the core, saying so.
        stack.awaitWorkingOrders(0);
        assertEquals(1, stack.gateway().venueAdapter().unsentAnswered());
        final FixCounterparty after = stack.broker("BROKER1");
        final String newOrderId = acknowledged(after, "W2", "188.00", 5).getString(OrderID.FIELD);
        assertNotEquals(orderId, newOrderId);
    }

    @Test
    void aNewVenueOrderJournalBesideWorkingOrdersRefusesToStartAndWithTheFlagClosesThemSayingSo() throws Exception
    {
        final FixCounterparty broker = stack.broker("BROKER1");
        final String orderId = acknowledged(broker, "V1", "189.00", 10).getString(OrderID.FIELD);
        // The venue side's directory lost (the broker side's kept): its venue ClOrdIDs are gone.
        final String message = stack.gatewayRefusedAfterLosing(gatewayContext, gatewayDir.resolve("venue"));
        assertTrue(message.contains("venue order journal is new"), message);
        assertTrue(message.contains("orderId " + orderId + " venue 1 side(54)=1 10 AAPL @ 189.00"), message);
        stack.awaitWorkingOrders(1);

        stack.startGateway(gatewayContext.acceptOrphanedOrders(true));
        assertTrue(broker.awaitLogon(WAIT_MS));
        final Message closed = broker.nextReport("V1", ExecType.REJECTED, WAIT_MS);
        assertTrue(closed.getString(quickfix.field.Text.FIELD).contains("check the order at the venue"),
            closed.toString());
        stack.awaitWorkingOrders(0);
    }

    @Test
    void anOlderCopyOfTheGatewayDirectoryIsRefused() throws Exception
    {
        workingOrderOfAClosedBroker("C1");
        stack.stopGateway();
        final Path copy = TempDirs.create("fixgw-datadir-copy-");
        try
        {
            copyTree(gatewayDir, copy);
            stack.startGateway(gatewayContext);
            workingOrderOfAClosedBroker("C2");
            stack.stopGateway();

            TempDirs.delete(gatewayDir);
            copyTree(copy, gatewayDir);
            final IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> stack.startGateway(gatewayContext));
            assertTrue(refused.getMessage().contains("is older than the core journal"), refused.getMessage());
        }
        finally
        {
            TempDirs.delete(copy);
        }
    }

    @Test
    void aGatewayDirectoryKeptBesideANewCoreJournalIsRefusedAndOffersNothingToTheNewCore() throws Exception
    {
        workingOrderOfAClosedBroker("K1");
        assertTrue(Files.isRegularFile(gatewayContext.pairedCoreJournalFile()), "paired at the first start");

        // The core's directory rolled, the gateway's kept: its working order K1 is not in the new journal. Without a
        // saved report position (as a gateway killed before it delivered its first report leaves it), nothing else
        // tells the two journals apart: K1 would be offered to the new core as never received.
        stack.stopGateway();
        stack.stopCore();
        Files.delete(gatewayContext.reportPositionFile());
        final Path newJournal = stack.dataDir.resolve("core-rolled");
        stack.startCore((context) -> context.journalDir(newJournal));
        gatewayContext.coreJournalDir(newJournal);
        final IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> stack.startGateway(gatewayContext));
        assertTrue(refused.getMessage().contains("was used beside another core journal"), refused.getMessage());
        assertTrue(refused.getMessage().contains("move both directories aside"), refused.getMessage());
        assertEquals(0, stack.core().counters().workingOrders().get(), "nothing offered to the new core");
    }

    @Test
    void aGatewayDirectoryWithoutClOrdIdsOrAReportPositionIsPairedAgainWithANewCoreJournal() throws Exception
    {
        stack.stopGateway();
        stack.stopCore();
        // What the pairing file names is then all the directory holds of the earlier core journal.
        Files.delete(gatewayDir.resolve("broker").resolve("clordids.log"));
        Files.deleteIfExists(gatewayContext.reportPositionFile());
        final Path newJournal = stack.dataDir.resolve("core-rolled");
        stack.startCore((context) -> context.journalDir(newJournal));
        stack.startGateway(gatewayContext.coreJournalDir(newJournal));
        stack.awaitCoreSeesVenue();
        final FixCounterparty broker = stack.broker("BROKER1");
        acknowledged(broker, "P1", "189.00", 10);
        assertTrue(Files.readString(gatewayContext.pairedCoreJournalFile()).contains(newJournal.toString()));
    }

    @Test
    void aRestartedGatewayRefusingACancelGivesTheWorkingOrdersLastReportedStatusNotPendingNew() throws Exception
    {
        workingOrderOfAClosedBroker("S1");
        // The ClOrdID journal records an OrdStatus only for done orders: S1's New comes from the core journal.
        stack.stopGateway();
        stack.startGateway(gatewayContext);
        stack.awaitVenueLoggedOn();

        final FixCounterparty after = stack.broker("BROKER1");
        final String tooLong = "S".repeat(200);
        after.send(cancel(tooLong, "S1"));
        final Message refused = after.nextFor(tooLong, WAIT_MS);
        assertEquals(quickfix.field.MsgType.ORDER_CANCEL_REJECT, refused.getHeader().getString(
            quickfix.field.MsgType.FIELD), refused.toString());
        assertEquals(quickfix.field.OrdStatus.NEW, refused.getChar(quickfix.field.OrdStatus.FIELD),
            "the status the broker was last told, not PendingNew: " + refused);
    }

    @Test
    void aRequestTheCoreNeverReceivedIsOfferedAtStartOnlyOnceTheVenueIsLoggedOnNotRejectedAsVenueUnavailable()
        throws Exception
    {
        // A request journaled by the gateway and never offered (it died in between), the venue down at the restart.
        stack.stopGateway();
        stack.stopSimVenue();
        final Path clOrdIds = gatewayDir.resolve("broker").resolve("clordids.log");
        final SessionID broker1 = new SessionID("FIX.4.4", GatewayStack.GATEWAY_COMP_ID, "BROKER1");
        try (OrderRoutes routes =
            new OrderRoutes(clOrdIds, List.of(broker1)))
        {
            routes.newOrder(broker1, "U1", "ACC1", "AAPL", '1', new OrderRoutes.Terms(
                OrdType.LIMIT, TimeInForce.DAY, Prices.parse("189.00"), 10));
        }
        // The venue comes back a second into the gateway's start, while the start waits to offer U1.
        final Thread venueBack = venueBackAfter(1_000);
        stack.startGateway(gatewayContext.brokerStartVenueWaitMs(20_000));
        venueBack.join();
        stack.awaitWorkingOrders(1);
        try (FixCounterparty broker = stack.broker("BROKER1"))
        {
            final Message ack = broker.findReport("U1", (m) -> FixCounterparty.execType(m, ExecType.NEW), WAIT_MS);
            assertEquals("ACC1", ack.getString(quickfix.field.Account.FIELD));
        }
    }

    @Test
    void theBrokerAcceptorStartsOnceTheVenueIsLoggedOnSoAReconnectingBrokersOrdersAreNotRejected() throws Exception
    {
        stack.stopGateway();
        stack.stopSimVenue();
        final Thread venueBack = venueBackAfter(3_000);
        stack.startGateway(gatewayContext.brokerStartVenueWaitMs(10_000));
        assertTrue(stack.gateway().isVenueLoggedOn(GatewayStack.VENUE_ID),
            "the venue logged on before brokers could connect");
        venueBack.join();
        try (FixCounterparty broker = stack.broker("BROKER1"))
        {
            acknowledged(broker, "R1", "189.00", 10);
        }
    }

    @Test
    void aCoreJournalThatLostEntriesTheGatewayDeliveredIsNamedAsSuchNotAsAnotherJournal() throws Exception
    {
        workingOrderOfAClosedBroker("T1");
        stack.stopGateway();
        // What a power loss leaves: the journal ends before entries whose reports the gateway delivered.
        try (ReportPosition position =
            new ReportPosition(gatewayContext.reportPositionFile()))
        {
            position.save(position.load() + 1_000);
        }
        final String message =
            assertThrows(IllegalStateException.class, () -> stack.startGateway(gatewayContext)).getMessage();
        assertTrue(message.contains("the journal lost entries the gateway had already delivered reports from") &&
            message.contains("Restore the core journal from a backup"), message);
    }

    @Test
    void aRequestOfAnotherPublicationUsingTheGatewaysClientIdIsNotTakenForOneOfTheGateways() throws Exception
    {
        workingOrderOfAClosedBroker("G1");
        try (PeregrineClient impostor = PeregrineClient.connect(
            new PeregrineClient.Context()
                .aeronDirectoryName(stack.aeronDir)
                .clientId(gatewayContext.clientId())))
        {
            Await.until("impostor connected", impostor::isConnected, WAIT_MS);
            Await.until("impostor's order offered", () -> impostor.newOrder(1012,
                PackedAscii.pack("ACC1"), PackedAscii.pack("AAPL"),
                Side.BUY, OrdType.LIMIT, TimeInForce.DAY,
                Prices.parse("189.00"), 10), WAIT_MS);
            Await.until("impostor refused",
                () -> 1 == stack.core().authorisation().notAuthorised().get(), WAIT_MS);
        }
        // The core journal holds clOrdId 1012 under the gateway's id, refused: the gateway's journal, at 1, is not older.
        stack.stopGateway();
        stack.startGateway(gatewayContext);
        stack.awaitVenueLoggedOn();
        try (FixCounterparty broker = stack.broker("BROKER1"))
        {
            acknowledged(broker, "G2", "189.00", 10);
        }
    }

    private void rollGatewayAndVenue() throws Exception
    {
        stack.stopGateway();
        stack.stopSimVenue();
        TempDirs.delete(gatewayDir);
        TempDirs.delete(stack.venueStore());
        stack.startSimVenue();
        stack.startGateway(gatewayContext);
        stack.awaitVenueLoggedOn();
    }

    /** Starts the matching-sim again after {@code delayMs}, on another thread (started). */
    private Thread venueBackAfter(final long delayMs)
    {
        final Thread venueBack = new Thread(() ->
        {
            try
            {
                Thread.sleep(delayMs);
                stack.startSimVenue();
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        venueBack.start();
        return venueBack;
    }

    /**
     * Places a buy of 10 AAPL at 189.00 (rests at the venue) as BROKER1, which then logs out.
     *
     * @return the order's OrderID.
     */
    private String workingOrderOfAClosedBroker(final String clOrdId) throws Exception
    {
        try (FixCounterparty broker = stack.broker("BROKER1"))
        {
            return acknowledged(broker, clOrdId, "189.00", 10).getString(OrderID.FIELD);
        }
    }

    private static Message acknowledged(
        final FixCounterparty broker, final String clOrdId, final String price, final long qty) throws Exception
    {
        broker.send(newOrder(clOrdId, '1', "AAPL", price, qty));
        return broker.nextReport(clOrdId, ExecType.NEW, WAIT_MS);
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            files.forEach((source) ->
            {
                try
                {
                    Files.copy(source, to.resolve(from.relativize(source).toString()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                catch (final java.nio.file.DirectoryNotEmptyException exists)
                {
                    // the target directory itself
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }
}
