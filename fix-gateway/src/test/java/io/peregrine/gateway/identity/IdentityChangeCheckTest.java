package io.peregrine.gateway.identity;

import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.broker.OrderRoutes;
import io.peregrine.gateway.fix.FixSessionSettings;
import io.peregrine.gateway.venue.VenueOrderJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.SessionID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A configuration change between two starts that would strand the data directory's working orders (a changed broker
 * CompID, client id or venue session CompID, a removed broker session or venue) is refused naming the key, both values,
 * the orders and the fix; with no order working it is accepted and recorded. No media driver: the check runs before
 * the gateway connects to Aeron, so a refused {@link FixGateway#launch} needs none.
 */
class IdentityChangeCheckTest
{
    @TempDir
    Path dataDir;

    @Test
    void aChangedBrokerCompIdWithAWorkingOrderIsRefusedByTheLaunchNamingKeyValuesOrderAndFix()
    {
        IdentityChangeCheck.checkAndRecord(context());
        placeBrokerOrder(context(), "BROKER1", "B1-IBM-1", false);

        final GatewayContext changed = context("peregrine.gateway.broker.comp.id", "PEREGRINEX");
        assertRefused(() -> FixGateway.launch(changed),
            "peregrine.gateway.broker.comp.id changed from PEREGRINE to PEREGRINEX",
            "start with peregrine.gateway.broker.comp.id=PEREGRINE, cancel those orders");
        assertRefused(() -> FixGateway.checkBeforeStart(changed),
            "peregrine.gateway.broker.comp.id changed from PEREGRINE to PEREGRINEX");
    }

    @Test
    void aChangedBrokerCompIdIsRefusedForADataDirectoryOfAnEarlierReleaseWithoutARecord()
    {
        placeBrokerOrder(context(), "BROKER1", "B1-IBM-1", false);

        assertRefused(() -> IdentityChangeCheck.check(context("peregrine.gateway.broker.comp.id", "PEREGRINEX")),
            "peregrine.gateway.broker.comp.id changed from PEREGRINE to PEREGRINEX");
    }

    @Test
    void aChangedBrokerCompIdWithNoWorkingOrderIsAcceptedAndRecorded()
    {
        IdentityChangeCheck.checkAndRecord(context());
        placeBrokerOrder(context(), "BROKER1", "B1-IBM-1", true);

        IdentityChangeCheck.checkAndRecord(context("peregrine.gateway.broker.comp.id", "PEREGRINEX"));

        assertEquals("PEREGRINEX", GatewayIdentity.read(dataDir).brokerCompId());
    }

    @Test
    void aRemovedBrokerSessionWithAWorkingOrderIsRefused()
    {
        placeBrokerOrder(context(), "BROKER2", "B2-MSFT-1", false);

        assertRefused(() -> IdentityChangeCheck.check(context("peregrine.gateway.broker.sessions", "BROKER1:ACC1")),
            "broker session BROKER2 is no longer in peregrine.gateway.broker.sessions",
            "BROKER2 ClOrdID B2-MSFT-1",
            "start with BROKER2:ACC2 back in peregrine.gateway.broker.sessions");
        assertDoesNotThrow(() ->
            IdentityChangeCheck.check(context("peregrine.gateway.broker.sessions", "BROKER2:ACC2")));
    }

    @Test
    void aChangedClientIdWithAWorkingOrderIsRefusedAndWithNoneAccepted()
    {
        IdentityChangeCheck.checkAndRecord(context());
        final Path journal = placeBrokerOrder(context(), "BROKER1", "B1-IBM-1", false);

        assertRefused(() -> FixGateway.launch(context("peregrine.gateway.client.id", "9881")),
            "peregrine.gateway.client.id changed from 9880 to 9881",
            "B1-IBM-1",
            "start with peregrine.gateway.client.id=9880");
        assertEquals(9880, GatewayIdentity.read(dataDir).clientId());

        finishBrokerOrders(journal);
        IdentityChangeCheck.checkAndRecord(context("peregrine.gateway.client.id", "9881"));
        assertEquals(9881, GatewayIdentity.read(dataDir).clientId());
    }

    @Test
    void aChangedVenueSenderCompIdWithAnOrderAtTheVenueIsRefused()
    {
        IdentityChangeCheck.checkAndRecord(context());
        sendVenueOrder(1, 7, false);

        assertRefused(() -> IdentityChangeCheck.check(
            context("peregrine.gateway.venue.1.sender.comp.id", "PEREGRINE2")),
            "peregrine.gateway.venue.1.sender.comp.id changed from PEREGRINE to PEREGRINE2",
            "order 7 at venue 1 (IBM)",
            "VENUE_LOST_ORDER",
            "start with peregrine.gateway.venue.1.sender.comp.id=PEREGRINE");
    }

    @Test
    void aChangedVenueSenderCompIdWithNoOrderAtTheVenueIsAccepted()
    {
        IdentityChangeCheck.checkAndRecord(context());
        sendVenueOrder(1, 7, true);

        IdentityChangeCheck.checkAndRecord(context("peregrine.gateway.venue.1.sender.comp.id", "PEREGRINE2"));

        assertEquals("PEREGRINE2->SIMVENUE", GatewayIdentity.read(dataDir).venueSessions().get(1));
    }

    @Test
    void aRemovedVenueWithAnOrderAtItIsRefused()
    {
        sendVenueOrder(1, 7, false);

        assertRefused(() -> IdentityChangeCheck.check(context("peregrine.gateway.venues", "2")),
            "venue 1 is no longer in peregrine.gateway.venues (now '2')",
            "order 7 at venue 1",
            "start with venue 1 back in peregrine.gateway.venues");
    }

    /**
     * A data directory of an earlier release (no record) compared nothing but the journals: a changed client id went
     * through on its first start. Now the core's record of each working order (its ExecutionReport) tells the id; a
     * NewOrder alone does not, nor does anything without the core journal (one WARN, the check starts from this run).
     */
    @Test
    void aChangedClientIdIsRefusedOnTheFirstStartWithoutARecordFromTheCoreJournal()
    {
        final long clOrdId = placeWorkingIbmOrder();
        final Path core = dataDir.resolve("core");
        // Another client numbers its own ClOrdIDs: the same one for another symbol is not the gateway's order.
        journalNewOrder(core, 7, clOrdId, "ACC1", "MSFT");
        journalNewOrder(core, 9880, clOrdId, "ACC1", "IBM");
        assertDoesNotThrow(() -> IdentityChangeCheck.check(context("peregrine.gateway.client.id", "9881")
            .coreJournalDir(core)), "a NewOrder alone is not the core's record of the order: a WARN");
        journalNewReport(core, 9880, clOrdId, "ACC1", "IBM", 1);

        assertRefused(() -> IdentityChangeCheck.check(context("peregrine.gateway.client.id", "9881")
            .coreJournalDir(core)),
            "peregrine.gateway.client.id changed from 9880 to 9881",
            "BROKER1 ClOrdID B1-IBM-1",
            "start with peregrine.gateway.client.id=9880");
        assertDoesNotThrow(() -> IdentityChangeCheck.check(context().coreJournalDir(core)));
        assertDoesNotThrow(() -> IdentityChangeCheck.check(context("peregrine.gateway.client.id", "9881")),
            "without the core journal: a WARN, the check starting from this run");
    }

    /** The gateway's own NewOrder was pruned by retention; another client's with the same ClOrdID stays. */
    @Test
    void anotherClientsNewOrderWithTheSameClOrdIdIsNoClientIdChange()
    {
        final long clOrdId = placeWorkingIbmOrder();
        final Path core = dataDir.resolve("core");
        journalNewOrder(core, 7, clOrdId, "ACC1", "IBM");
        assertDoesNotThrow(() -> IdentityChangeCheck.check(context().coreJournalDir(core)),
            "client id unchanged (9880): must start");
    }

    /** The core holds an order of that ClOrdID working under two other client ids: which is the gateway's? A WARN. */
    @Test
    void twoClientIdsHoldingSuchAnOrderIsNoRefusal()
    {
        final long clOrdId = placeWorkingIbmOrder();
        final Path core = dataDir.resolve("core");
        journalNewReport(core, 7, clOrdId, "ACC1", "IBM", 1);
        journalNewReport(core, 9880, clOrdId, "ACC1", "IBM", 2);
        assertDoesNotThrow(() -> IdentityChangeCheck.check(context("peregrine.gateway.client.id", "9881")
            .coreJournalDir(core)));
    }

    /** Likewise a venue's CompIDs: the FIX store of the session the orders went out on is in venue/store. */
    @Test
    void aChangedVenueCompIdIsRefusedOnTheFirstStartWithoutARecordFromTheVenueStore() throws Exception
    {
        sendVenueOrder(1, 7, false);
        assertDoesNotThrow(() -> IdentityChangeCheck.check(
            context("peregrine.gateway.venue.1.target.comp.id", "SIMVENUE2")), "no store: a WARN");
        createStore(new SessionID("FIX.4.4", "PEREGRINE", "SIMVENUE"));

        assertRefused(() -> IdentityChangeCheck.check(context("peregrine.gateway.venue.1.target.comp.id", "SIMVENUE2")),
            "venue 1's session PEREGRINE->SIMVENUE2 (peregrine.gateway.venue.1.sender.comp.id and .target.comp.id) " +
                "has no FIX store in",
            "which holds the store of FIX.4.4-PEREGRINE-SIMVENUE",
            "order 7 at venue 1 (IBM)",
            "VENUE_LOST_ORDER");
        assertDoesNotThrow(() -> IdentityChangeCheck.check(context()));
    }

    /** venue 1's store was deleted by reset-session (marker left); a removed venue's old store remains. */
    @Test
    void aResetStoreAndTheStoreOfARemovedSessionIsNoCompIdChange() throws Exception
    {
        sendVenueOrder(1, 7, false);
        createStore(new SessionID("FIX.4.4", "PEREGRINE", "OLDVENUE"));
        Files.writeString(dataDir.resolve("venue").resolve("store")
            .resolve("FIX.4.4-PEREGRINE-SIMVENUE" + io.peregrine.gateway.session.SessionReset.MARKER_SUFFIX), "");
        assertDoesNotThrow(() -> IdentityChangeCheck.check(context()), "configuration unchanged: must start");
    }

    /** Two stores of other sessions and none of the configured one: which did the orders go out on? A WARN. */
    @Test
    void twoStoresOfOtherSessionsIsNoRefusal() throws Exception
    {
        sendVenueOrder(1, 7, false);
        createStore(new SessionID("FIX.4.4", "PEREGRINE", "OLDVENUE"));
        createStore(new SessionID("FIX.4.4", "PEREGRINE", "SIMVENUE"));
        assertDoesNotThrow(() -> IdentityChangeCheck.check(
            context("peregrine.gateway.venue.1.target.comp.id", "SIMVENUE2")));
    }

    /** A session's default account was recorded and never compared: now refused as the other keys. */
    @Test
    void aChangedDefaultAccountWithAWorkingOrderIsRefusedAndWithNoneAccepted()
    {
        IdentityChangeCheck.checkAndRecord(context());
        final Path journal = placeBrokerOrder(context(), "BROKER1", "B1-IBM-1", false);

        assertRefused(() -> IdentityChangeCheck.check(
            context("peregrine.gateway.broker.sessions", "BROKER1:ACC9,BROKER2:ACC2")),
            "the default account of broker session BROKER1 in peregrine.gateway.broker.sessions changed from ACC1 " +
                "to ACC9",
            "BROKER1 ClOrdID B1-IBM-1",
            "start with BROKER1:ACC1 in peregrine.gateway.broker.sessions");

        finishBrokerOrders(journal);
        IdentityChangeCheck.checkAndRecord(context("peregrine.gateway.broker.sessions", "BROKER1:ACC9,BROKER2:ACC2"));
        assertEquals("ACC9", GatewayIdentity.read(dataDir).brokerSessions().get("BROKER1"));
    }

    private static void journalNewOrder(
        final Path core, final int clientId, final long clOrdId, final String account, final String symbol)
    {
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[256]);
        final io.peregrine.sbe.NewOrderEncoder order = new io.peregrine.sbe.NewOrderEncoder().wrapAndApplyHeader(
            buffer, 0, new io.peregrine.sbe.MessageHeaderEncoder()).clientId(clientId).clOrdId(clOrdId)
            .account(account).symbol(symbol).side(io.peregrine.sbe.Side.BUY).ordType(io.peregrine.sbe.OrdType.LIMIT)
            .timeInForce(io.peregrine.sbe.TimeInForce.DAY).price(1).quantity(10);
        try (io.peregrine.core.journal.CoreJournal journal = io.peregrine.core.journal.CoreJournal.open(core, 0))
        {
            assertTrue(journal.append(io.peregrine.core.journal.JournalEntry.INGRESS, 0, 0, buffer, 0,
                io.peregrine.sbe.MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength()));
        }
    }

    /** @return the gateway ClOrdID of a working BROKER1 order for IBM, placed in the ClOrdID journal. */
    private long placeWorkingIbmOrder()
    {
        return WorkingOrders.broker(placeBrokerOrder(context(), "BROKER1", "B1-IBM-1", false)).get(0).clOrdId();
    }

    /** The core's ExecutionReport accepting a NewOrder: its own record of the order, working. */
    private static void journalNewReport(
        final Path core, final int clientId, final long clOrdId, final String account, final String symbol,
        final long orderId)
    {
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[512]);
        final io.peregrine.sbe.ExecutionReportEncoder report = new io.peregrine.sbe.ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.peregrine.sbe.MessageHeaderEncoder()).clientId(clientId)
            .clOrdId(clOrdId).orderId(orderId).execId(orderId).account(account).symbol(symbol)
            .side(io.peregrine.sbe.Side.BUY).ordType(io.peregrine.sbe.OrdType.LIMIT)
            .timeInForce(io.peregrine.sbe.TimeInForce.DAY).execType(io.peregrine.sbe.ExecType.NEW)
            .ordStatus(io.peregrine.sbe.OrdStatus.NEW).rejectReason(io.peregrine.sbe.RejectReason.NONE).price(1)
            .quantity(10).leavesQty(10).venueId(1);
        try (io.peregrine.core.journal.CoreJournal journal = io.peregrine.core.journal.CoreJournal.open(core, 0))
        {
            assertTrue(journal.append(io.peregrine.core.journal.JournalEntry.REPORT, 0, 0, buffer, 0,
                io.peregrine.sbe.MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength()));
        }
    }

    /** A venue session's QuickFIX/J file store, as its first start leaves it. */
    private void createStore(final SessionID session) throws Exception
    {
        final Path store = dataDir.resolve("venue").resolve("store");
        createDirectories(store);
        final quickfix.SessionSettings settings = new quickfix.SessionSettings();
        settings.setString(session, "FileStorePath", store.toString());
        final quickfix.MessageStore files = new quickfix.FileStoreFactory(settings).create(session);
        files.incrNextSenderMsgSeqNum();
        ((java.io.Closeable)files).close();
    }

    @Test
    void theCheckBeforeStartCreatesNoRecord()
    {
        FixGateway.checkBeforeStart(context());

        assertFalse(Files.exists(dataDir.resolve(GatewayIdentity.FILE_NAME)));
    }

    @Test
    void aRecordKeepsCompIdsThatNeedEscaping()
    {
        final GatewayIdentity identity = new GatewayIdentity(5, "A=B C", java.util.Map.of("X:Y", "ACC 1"),
            java.util.Map.of(3, "S:1->T=2"));
        identity.write(dataDir);

        assertEquals(identity, GatewayIdentity.read(dataDir));
    }

    /**
     * The start is refused (what the launchers report as a refusal, exit status 1) with a message holding each part.
     */
    private static void assertRefused(final org.junit.jupiter.api.function.Executable start, final String... parts)
    {
        final IllegalStateException refusal = assertThrows(IllegalStateException.class, start);
        for (final String part : parts)
        {
            assertTrue(refusal.getMessage().contains(part), () -> "'" + part + "' not in: " + refusal.getMessage());
        }
    }

    private GatewayContext context(final String... keysAndValues)
    {
        final Properties properties = new Properties();
        properties.setProperty("peregrine.gateway.data.dir", dataDir.toString());
        for (int i = 0; i < keysAndValues.length; i += 2)
        {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new GatewayContext(properties).aeronDirectoryName(dataDir.resolve("no-aeron").toString()).conclude();
    }

    /**
     * Journals a NewOrderSingle of {@code broker} as the gateway does, and its end when {@code done}.
     *
     * @return the ClOrdID journal.
     */
    private Path placeBrokerOrder(
        final GatewayContext ctx, final String broker, final String clOrdId, final boolean done)
    {
        final Path journal = dataDir.resolve("broker").resolve("clordids.log");
        createDirectories(journal.getParent());
        final List<SessionID> sessions = ctx.brokerSessions().stream()
            .map((config) -> FixSessionSettings.brokerSessionId(ctx, config)).toList();
        try (OrderRoutes routes = new OrderRoutes(journal, sessions))
        {
            final BrokerSessionConfig config = ctx.brokerSessions().stream()
                .filter((session) -> session.compId().equals(broker)).findFirst().orElseThrow();
            final OrderRoutes.Route route = routes.newOrder(FixSessionSettings.brokerSessionId(ctx, config), clOrdId,
                config.defaultAccount(), clOrdId.contains("IBM") ? "IBM" : "MSFT", '1');
            if (done)
            {
                routes.onDone(route.order());
            }
        }
        return journal;
    }

    private void finishBrokerOrders(final Path journal)
    {
        final GatewayContext ctx = context();
        final List<SessionID> sessions = ctx.brokerSessions().stream()
            .map((config) -> FixSessionSettings.brokerSessionId(ctx, config)).toList();
        try (OrderRoutes routes = new OrderRoutes(journal, sessions))
        {
            sessions.forEach((session) -> routes.workingOrders(session).forEach(routes::onDone));
        }
    }

    private static void createDirectories(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private void sendVenueOrder(final int venueId, final long orderId, final boolean done)
    {
        createDirectories(dataDir.resolve("venue"));
        try (VenueOrderJournal journal = new VenueOrderJournal(dataDir.resolve("venue").resolve("orders.log")))
        {
            journal.startRun(11, 1234);
            journal.onSent(venueId, orderId, '1', "IBM");
            if (done)
            {
                journal.onDone(orderId);
            }
        }
    }
}
