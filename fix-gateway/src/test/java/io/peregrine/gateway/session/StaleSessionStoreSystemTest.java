package io.peregrine.gateway.session;

import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.SessionID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
    private static final SessionID GATEWAY_SESSION = new SessionID("FIX.4.4", "PEREGRINE", "SIMVENUE");

    private MediaDriverFixture driver;
    private Path dataDir;
    private int venuePort;
    private FixCounterparty venue;
    private FixGateway gateway;

    @BeforeEach
    void setUp()
    {
        driver = MediaDriverFixture.launch();
        dataDir = TempDirs.create("fixgw-stale-");
        venuePort = FreePorts.freePort();
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(gateway, venue, driver);
        TempDirs.delete(dataDir);
    }

    private GatewayContext context()
    {
        return new GatewayContext()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .dataDir(dataDir.resolve("gateway"))
            .brokerEnabled(false)
            .venues(List.of(new VenueClientConfig(1, "127.0.0.1", venuePort, "PEREGRINE", "SIMVENUE", false)))
            .venueReconnectSeconds(1)
            .fixMessageLog(false)
            .idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1));
    }

    @Test
    void aVenueRefusingOurSequenceNumberMakesOneClearDownStateAndResetSessionFixesIt() throws Exception
    {
        venue = FixCounterparty.venue(venuePort, "SIMVENUE", "PEREGRINE", dataDir.resolve("venue-store")).start();
        gateway = FixGateway.launch(context());
        assertTrue(venue.awaitLogon(10_000));
        await(() -> gateway.sessionHealth().status(GATEWAY_SESSION).state() == SessionHealth.State.UP);
        gateway.close();
        gateway = null;
        assertTrue(venue.awaitLogout(10_000));

        // The venue's store ran ahead while the gateway's stayed behind (a restored or older data directory).
        venue.session().setNextTargetMsgSeqNum(3034);
        gateway = FixGateway.launch(context());

        await(() -> gateway.sessionHealth().status(GATEWAY_SESSION).state() == SessionHealth.State.DOWN);
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
            () -> SessionReset.reset(dataDir.resolve("gateway"), "PEREGRINE-SIMVENUE"));
        assertTrue(running.getMessage().contains("stop it first"), running.getMessage());

        gateway.close();
        gateway = null;
        final Path store = dataDir.resolve("gateway").resolve("venue").resolve("store");
        final List<Path> deleted = SessionReset.reset(dataDir.resolve("gateway"), "PEREGRINE-SIMVENUE");
        assertFalse(deleted.isEmpty());
        assertFalse(Files.exists(store.resolve("FIX.4.4-PEREGRINE-SIMVENUE.senderseqnums")));
        assertTrue(SessionReset.isRequested(store, GATEWAY_SESSION));

        gateway = FixGateway.launch(context());
        await(() -> gateway.sessionHealth().status(GATEWAY_SESSION).state() == SessionHealth.State.UP);
        assertTrue(venue.awaitLogon(10_000));
        assertFalse(SessionReset.isRequested(store, GATEWAY_SESSION));
        assertEquals(2, venue.session().getExpectedTargetNum());
    }

    @Test
    void resetSessionNamesTheKnownSessionsWhenGivenAnUnknownOne()
    {
        final Path store = dataDir.resolve("gateway").resolve("venue").resolve("store");
        final IllegalStateException unknown = assertThrows(IllegalStateException.class, () ->
        {
            Files.createDirectories(store);
            Files.writeString(store.resolve("FIX.4.4-PEREGRINE-SIMVENUE.senderseqnums"), "0000000001");
            SessionReset.reset(dataDir.resolve("gateway"), "PEREGRINE-NOSUCH");
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

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(10);
        }
    }
}
