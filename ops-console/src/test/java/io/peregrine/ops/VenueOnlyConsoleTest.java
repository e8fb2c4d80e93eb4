package io.peregrine.ops;

import io.peregrine.core.OwnerOnlyFiles;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run.sh venue}'s console: a venue alone, its counters in-process.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VenueOnlyConsoleTest
{
    @TempDir
    Path dir;

    private static HttpResponse<String> get(final OpsConsole ops, final String path) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ops.url() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheVenuesCountersAndHealthWithoutADriver() throws Exception
    {
        final SimVenue venue = SimVenue.start(new SimVenueContext().host("127.0.0.1").port(0)
            .storeDir(dir.resolve("venue")).idleStrategyName("backoff"));
        // An ops data directory an earlier release left open to others (umask 022) is made owner-only.
        Files.createDirectories(dir.resolve("ops"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (OpsConsole ops = OpsConsole.launch(new OpsContext(new Properties()).port(0).dataDir(dir.resolve("ops")),
            OpsTargets.none().withVenue(venue)))
        {
            assertFalse(OwnerOnlyFiles.isOpenToOthers(dir.resolve("ops")), "data/ops is 0700");
            final HttpResponse<String> health = get(ops, "/health");
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"name\":\"venue-sim\",\"status\":\"UP\""), health.body());
            assertTrue(health.body().contains("no Aeron client in this process"), health.body());
            final PrometheusText metrics = PrometheusText.parse(get(ops, "/metrics").body());
            assertTrue(metrics.value("peregrine_sim_resting_orders", "symbol", "MSFT") > 0, "market maker quotes");
            assertTrue(metrics.value("peregrine_sim_orders_accepted_total") > 0);

            final HttpResponse<String> noCore = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(ops.url() + "/admin/kill-switch")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Files.readString(ops.tokenFile()).trim())
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"global\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(503, noCore.statusCode());
            assertTrue(noCore.body().contains("no core runs in this process"), noCore.body());

            venue.close();
            final HttpResponse<String> down = get(ops, "/health");
            assertEquals(503, down.statusCode());
            assertTrue(down.body().contains("simulated venue SIMVENUE is not running"), down.body());
        }
        finally
        {
            venue.close();
        }
    }
}
