package io.peregrine.ops;

import io.aeron.Aeron;
import io.peregrine.gateway.FixGateway;
import io.peregrine.sim.VenueEngineCounters;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.stack.WholeStack;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The whole stack as {@code run.sh stack} builds it ({@link WholeStack}: core, matching-sim venue with its market
 * maker and Aeron counters, FIX gateway, on free ports under the test's directory) plus the ops console (port 0). The
 * console watches the core and the gateway (the venue's counters still reach it through the driver), not the venue
 * object, so the venue can be stopped and started again as if it were another process.
 */
final class OpsTestStack implements AutoCloseable
{
    final WholeStack stack;
    final Path dir;
    final String aeronDir;
    final int brokerPort;
    final FixGateway gateway;
    final Aeron venueAeron;
    final OpsConsole ops;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OpsTestStack(final Path dir, final boolean marketMaker)
    {
        this.dir = dir;
        stack = WholeStack.start(new WholeStack.Options()
            .dataDir(dir)
            .marketMaker(marketMaker)
            .aaplOnly(false)
            .core((core) -> core.journalDir(dir.resolve("journal")))
            .venueWithAeron((aeron) -> (venue) -> venue.counterFactory(
                new VenueEngineCounters.Factory(aeron::addCounter, aeron.countersReader()))));
        aeronDir = stack.aeronDir;
        brokerPort = stack.brokerPort;
        gateway = stack.gateway;
        venueAeron = stack.aeron;
        try
        {
            ops = OpsConsole.launch(new OpsContext(new Properties())
                .port(0)
                .dataDir(dir.resolve("ops"))
                .heartbeatStallMs(2_000), OpsTargets.none().withCore(stack.core).withGateway(gateway));
        }
        catch (final RuntimeException ex)
        {
            stack.close();
            throw ex;
        }
    }

    /** A logged-on broker session BROKER1 (account ACC1), closed with the stack. */
    FixCounterparty broker()
    {
        return stack.broker("BROKER1");
    }

    void startVenue()
    {
        stack.startVenue();
    }

    void stopVenue()
    {
        stack.stopVenue();
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


    public void close()
    {
        CloseHelper.quietCloseAll(ops, stack);
    }
}
