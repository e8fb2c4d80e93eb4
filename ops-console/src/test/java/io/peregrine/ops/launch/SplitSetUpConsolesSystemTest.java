package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.ops.OpsConsole;
import io.peregrine.ops.OpsTargets;
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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's split set-up on one machine: {@code run.sh venue} in one terminal and {@code run.sh gateway} in
 * another each start an ops console; on their defaults they must not take the same port (the second one used to be
 * refused: both were on 9900). The gateway's (and the stack's) stays on the public 9900, the standalone venue's is on
 * 9901, and {@code peregrine.ops.port} set explicitly still wins for both.
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
