package io.peregrine.ops;

import io.aeron.Aeron;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.ops.launch.AeronVenueCounters;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * The whole stack as {@code run.sh stack} builds it, on loopback with free ports and temporary directories: the
 * core (embedded driver), the matching-sim venue with Aeron counters, the FIX gateway and the ops console (port 0).
 * The venue can be stopped and started again on the same port and store, as if it were another process: so the
 * console watches the core and the gateway (the venue's counters still reach it through the driver), not the
 * venue object.
 */
final class OpsTestStack implements AutoCloseable
{
    final Path dir;
    final String aeronDir;
    final int brokerPort;
    final int venuePort;
    final boolean marketMaker;
    final Peregrine core;
    final Aeron venueAeron;
    final FixGateway gateway;
    final OpsConsole ops;
    SimVenue venue;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OpsTestStack(final Path dir, final boolean marketMaker)
    {
        this.dir = dir;
        this.marketMaker = marketMaker;
        this.aeronDir = Path.of(Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty(
            "java.io.tmpdir")).resolve("peregrine-ops-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
            .toString();
        this.brokerPort = freePort();
        this.venuePort = freePort();
        Peregrine core = null;
        Aeron venueAeron = null;
        FixGateway gateway = null;
        try
        {
            core = Peregrine.launch(new PeregrineContext()
                .aeronDirectoryName(aeronDir)
                .embeddedDriver(true)
                .deleteAeronDirOnStart(true)
                .deleteAeronDirOnShutdown(true)
                .idleStrategyName("backoff"));
            venueAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            this.venueAeron = venueAeron;
            startVenue();
            gateway = FixGateway.launch(new GatewayContext()
                .aeronDirectoryName(aeronDir)
                .dataDir(dir.resolve("gateway"))
                .brokerHost("127.0.0.1")
                .brokerPort(brokerPort)
                .fixMessageLog(false)
                .idleStrategyName("backoff")
                .venues(List.of(new VenueClientConfig(1, "127.0.0.1", venuePort, "PEREGRINE", "SIMVENUE", false))));
            this.core = core;
            this.gateway = gateway;
            this.ops = OpsConsole.launch(new OpsContext(new Properties())
                .port(0)
                .dataDir(dir.resolve("ops"))
                .heartbeatStallMs(2_000), OpsTargets.none().withCore(core).withGateway(gateway));
            await("venue session logon", () -> this.gateway.isVenueLoggedOn(1), 20_000);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(gateway, venue, venueAeron, core);
            IoUtil.delete(Path.of(aeronDir).toFile(), true);
            throw ex;
        }
    }

    void startVenue()
    {
        venue = SimVenue.start(new SimVenueContext()
            .host("127.0.0.1")
            .port(venuePort)
            .storeDir(dir.resolve("venue"))
            .idleStrategyName("backoff")
            .marketMakerEnabled(marketMaker)
            .counterFactory(new AeronVenueCounters(venueAeron)));
    }

    void stopVenue()
    {
        venue.close();
    }

    String token()
    {
        try
        {
            return Files.readString(ops.tokenFile()).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    HttpResponse<String> get(final String path)
    {
        return send(HttpRequest.newBuilder(URI.create(ops.url() + path)).GET().build());
    }

    HttpResponse<String> post(final String path, final String body, final String token)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ops.url() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
        if (null != token)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpResponse<String> send(final HttpRequest request)
    {
        try
        {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static void await(final String what, final BooleanSupplier condition, final long timeoutMs)
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public void close()
    {
        CloseHelper.quietCloseAll(ops, gateway, venue, venueAeron, core);
        IoUtil.delete(Path.of(aeronDir).toFile(), true);
    }
}
