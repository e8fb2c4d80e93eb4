package io.peregrine.gateway.session;

import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.SessionID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stale-store logon loop of issue #8 (the venue expects 3034, the gateway sends far less): one clear reason, a
 * DOWN session and no reconnect every second, then fixed by reset-session.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StaleSessionStoreSystemTest
{
    private static final long WAIT_MS = 15_000;
    private static final SessionID GATEWAY_SESSION = new SessionID("FIX.4.4", "PEREGRINE", "SIMVENUE");

    @AutoClose
    private final GatewayStack stack = GatewayStack.withTestCore("stale", WAIT_MS);
    private FixCounterparty venue;
    private FixGateway gateway;

    private GatewayContext context()
    {
        return stack.gatewayContext().brokerEnabled(false).venueReconnectSeconds(1);
    }

    @Test
    void aVenueRefusingOurSequenceNumberMakesOneClearDownStateAndResetSessionFixesIt() throws Exception
    {
        venue = stack.startFixVenue();
        gateway = stack.startGateway(context());
        assertTrue(venue.awaitLogon(10_000));
        awaitVenueSession(SessionHealth.State.UP);
        stack.stopGateway();
        assertTrue(venue.awaitLogout(10_000));

        // The venue's store ran ahead while the gateway's stayed behind (a restored or older data directory).
        venue.session().setNextTargetMsgSeqNum(3034);
        gateway = stack.startGateway(context());

        awaitVenueSession(SessionHealth.State.DOWN);
        final SessionHealth.Status down = gateway.sessionHealth().status(GATEWAY_SESSION);
        assertTrue(down.reason().contains("PEREGRINE-SIMVENUE"), down.reason());
        assertTrue(down.reason().contains("expects MsgSeqNum 3034 but we sent"), down.reason());
        assertTrue(down.reason().contains("reset-session PEREGRINE-SIMVENUE"), down.reason());

        // Without the guard QuickFIX/J reconnects every second (ReconnectInterval=1): 3 more refusals in 3.5 s.
        Thread.sleep(3_500);
        assertEquals(1, gateway.logonRefusalGuard().refusals(GATEWAY_SESSION));
        assertEquals(SessionHealth.State.DOWN, gateway.sessionHealth().status(GATEWAY_SESSION).state());
        assertFalse(venue.isLoggedOn());

        // reset-session refuses to touch the store of a running gateway.
        final IllegalStateException running = assertThrows(IllegalStateException.class,
            () -> SessionReset.reset(stack.dataDir.resolve("gateway"), "PEREGRINE-SIMVENUE"));
        assertTrue(running.getMessage().contains("stop it first"), running.getMessage());

        stack.stopGateway();
        final Path store = venueStore();
        final List<Path> deleted = SessionReset.reset(stack.dataDir.resolve("gateway"), "PEREGRINE-SIMVENUE");
        assertFalse(deleted.isEmpty());
        assertFalse(Files.exists(store.resolve("FIX.4.4-PEREGRINE-SIMVENUE.senderseqnums")));
        assertTrue(SessionReset.isRequested(store, GATEWAY_SESSION));

        gateway = stack.startGateway(context());
        awaitVenueSession(SessionHealth.State.UP);
        assertTrue(venue.awaitLogon(10_000));
        assertFalse(SessionReset.isRequested(store, GATEWAY_SESSION));
        assertEquals(2, venue.session().getExpectedTargetNum());
    }

    @Test
    void aDamagedStoreFileStopsTheStartNamingTheStoreAndTheFix() throws Exception
    {
        refusedStartAfterDamage("targetseqnums", "garbage\n");
    }

    @Test
    void anEmptiedSequenceNumberFileStopsTheStartInsteadOfLoggingOnAtOne() throws Exception
    {
        // QuickFIX/J alone would log on at MsgSeqNum 1, without a reset.
        final String refused = refusedStartAfterDamage("senderseqnums", "");
        assertTrue(refused.contains(venueStore().resolve("FIX.4.4-PEREGRINE-SIMVENUE.senderseqnums").toAbsolutePath() +
            " is empty or missing while the store holds messages up to MsgSeqNum"), refused);
    }

    /**
     * Runs the gateway twice against the venue (so that its store holds at least two messages: each run's Logon),
     * stops it, overwrites one of the venue session's store files and starts it again.
     *
     * @return why the start was refused, checked to name the store and the fix.
     */
    private String refusedStartAfterDamage(final String storeFile, final String content) throws Exception
    {
        venue = stack.startFixVenue();
        for (int run = 0; run < 2; run++)
        {
            gateway = stack.startGateway(context());
            assertTrue(venue.awaitLogon(10_000));
            stack.stopGateway();
            assertTrue(venue.awaitLogout(10_000));
        }
        Files.writeString(venueStore().resolve("FIX.4.4-PEREGRINE-SIMVENUE." + storeFile), content);

        final IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> stack.startGateway(context()));
        assertTrue(refused.getMessage().startsWith("a FIX session store in " + venueStore().toAbsolutePath()) &&
            refused.getMessage().contains("reset-session <SENDER>-<TARGET>"), refused.getMessage());
        return refused.getMessage();
    }

    private Path venueStore()
    {
        return stack.dataDir.resolve("gateway").resolve("venue").resolve("store");
    }

    @Test
    void resetSessionNamesTheKnownSessionsWhenGivenAnUnknownOne()
    {
        final Path store = venueStore();
        final IllegalStateException unknown = assertThrows(IllegalStateException.class, () ->
        {
            Files.createDirectories(store);
            Files.writeString(store.resolve("FIX.4.4-PEREGRINE-SIMVENUE.senderseqnums"), "0000000001");
            SessionReset.reset(stack.dataDir.resolve("gateway"), "PEREGRINE-NOSUCH");
        });
        assertTrue(unknown.getMessage().contains("known: [PEREGRINE-SIMVENUE]"), unknown.getMessage());
    }

    @Test
    void parsesTheQuickFixJRefusalText()
    {
        final SequenceRefusal refusal =
            SequenceRefusal.parse("MsgSeqNum too low, expecting 3034 but received 511", true);
        assertEquals(new SequenceRefusal(3034, 511, true), refusal);
        assertEquals(null, SequenceRefusal.parse("Invalid username or password", true));
    }

    private void awaitVenueSession(final SessionHealth.State state)
    {
        Await.until("the venue session " + state,
            () -> gateway.sessionHealth().status(GATEWAY_SESSION).state() == state, WAIT_MS);
    }
}
