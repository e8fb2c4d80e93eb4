package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsTargets;
import io.peregrine.ops.admin.AdminToken;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's split set-up on one machine: {@code run.sh venue} in one terminal and {@code run.sh gateway} in
 * another each start an ops console; on their defaults they must not take the same port (the second one used to be
 * refused: both were on 9900). The gateway's (and the stack's) stays on the public 9900, the standalone venue's is on
 * 9901, and {@code peregrine.ops.port} set explicitly still wins for both. Both share {@code data/ops}: one admin
 * token, which each accepts, and one audit log.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SplitSetUpConsolesSystemTest
{
    @TempDir
    Path dir;

    @BeforeEach
    void defaults()
    {
        System.clearProperty(Ops.PORT.name());
        System.setProperty(Ops.DATA_DIR.name(), dir.resolve("data/ops").toString());
    }

    @AfterEach
    void clearProperties()
    {
        System.clearProperty(Ops.PORT.name());
        System.clearProperty(Ops.DATA_DIR.name());
    }

    @Test
    void theGatewayKeepsThePublicPortAndTheVenueHasItsOwnUnlessTheKeyIsSet()
    {
        assertEquals(9900, Launch.opsContext(GatewayMain.OPS_PORT_DEFAULT).port());
        assertEquals(9901, Launch.opsContext(VenueMain.OPS_PORT_DEFAULT).port());
        assertNotEquals(GatewayMain.OPS_PORT_DEFAULT, VenueMain.OPS_PORT_DEFAULT);

        System.setProperty(Ops.PORT.name(), "9955");
        assertEquals(9955, Launch.opsContext(GatewayMain.OPS_PORT_DEFAULT).port());
        assertEquals(9955, Launch.opsContext(VenueMain.OPS_PORT_DEFAULT).port());
    }

    @Test
    void theVenuesConsoleReadsItsKeysFromTheVenuesConfigFileUnderTheSystemProperties() throws Exception
    {
        System.clearProperty(Ops.DATA_DIR.name());
        final Path file = dir.resolve("venue.properties");
        Files.writeString(file, String.join("\n",
            Sim.HOST.name() + "=127.0.0.1",
            Sim.PORT.name() + "=0",
            Sim.STORE_DIR.name() + "=" + dir.resolve("venue"),
            Sim.MAKER_ENABLED.name() + "=false",
            Ops.PORT.name() + "=0",
            Ops.DATA_DIR.name() + "=" + dir.resolve("ops-from-file"), ""));
        final SimVenueContext context = SimVenueContext.load(file).idleStrategyName("backoff");
        try (SimVenue venue = SimVenue.start(context);
            OpsConsole venueConsole = VenueMain.opsConsole(venue))
        {
            // 0 (a free port) and the data directory as the file says: before, 9901 and ./data/ops.
            assertNotEquals(VenueMain.OPS_PORT_DEFAULT, venueConsole.port());
            assertEquals(dir.resolve("ops-from-file").resolve(AdminToken.FILE_NAME), venueConsole.tokenFile());
        }
        System.setProperty(Ops.PORT.name(), "9955");
        assertEquals(9955, Launch.opsContext(VenueMain.OPS_PORT_DEFAULT, context.properties()).port(),
            "a -D wins over the file, as with run.sh gateway");
    }

    @Test
    void theVenuesAndTheGatewaysConsolesBothComeUpOnTheirDefaultsOnOneMachine() throws Exception
    {
        // The defaults are fixed ports: on a machine where something (a user's stack) holds them this cannot run.
        Assumptions.assumeTrue(free(GatewayMain.OPS_PORT_DEFAULT) && free(VenueMain.OPS_PORT_DEFAULT),
            "ports 9900 and 9901 are free on this machine");
        try (SimVenue venue = SimVenue.start(new SimVenueContext().host("127.0.0.1").port(0)
                .storeDir(dir.resolve("venue")).idleStrategyName("backoff").marketMakerEnabled(false));
            OpsConsole venueConsole = VenueMain.opsConsole(venue);
            OpsConsole gatewayConsole = GatewayMain.opsConsole(OpsTargets.none()))
        {
            assertEquals(VenueMain.OPS_PORT_DEFAULT, venueConsole.port());
            assertEquals(GatewayMain.OPS_PORT_DEFAULT, gatewayConsole.port());

            final HttpResponse<String> venueHealth = health(VenueMain.OPS_PORT_DEFAULT);
            assertEquals(200, venueHealth.statusCode(), venueHealth.body());
            assertTrue(venueHealth.body().contains("\"name\":\"venue-sim\",\"status\":\"UP\""), venueHealth.body());
            final HttpResponse<String> gatewayHealth = health(GatewayMain.OPS_PORT_DEFAULT);
            assertTrue(gatewayHealth.body().contains("\"status\""), () -> gatewayHealth.statusCode() + " " +
                gatewayHealth.body());

            // Both use data/ops: one token, the one on disk, accepted by each (401 would mean refused), and one
            // audit log with a whole line from each.
            final Path ops = dir.resolve("data/ops");
            assertEquals(ops.resolve(AdminToken.FILE_NAME), venueConsole.tokenFile());
            assertEquals(venueConsole.tokenFile(), gatewayConsole.tokenFile());
            assertEquals(venueConsole.auditFile(), gatewayConsole.auditFile());
            final String token = Files.readString(ops.resolve(AdminToken.FILE_NAME)).trim();
            for (final OpsConsole console : new OpsConsole[]{venueConsole, gatewayConsole})
            {
                final HttpResponse<String> logon = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(console.url() + "/admin/venue/logon")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"venue\":1}")).build(), HttpResponse.BodyHandlers.ofString());
                // Neither runs a FIX gateway: authorised, then refused as nothing here can do it.
                assertEquals(503, logon.statusCode(), console.url() + " " + logon.body());
            }
            final List<String> audit = Files.readAllLines(venueConsole.auditFile());
            assertEquals(2, audit.size(), audit::toString);
            for (final String line : audit)
            {
                assertTrue(line.startsWith("{\"time\":") && line.endsWith("\"status\":503}"), line);
            }
        }
    }

    private static boolean free(final int port)
    {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1")))
        {
            return socket.getLocalPort() == port;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static HttpResponse<String> health(final int port) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
