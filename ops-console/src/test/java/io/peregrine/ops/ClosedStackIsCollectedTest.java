package io.peregrine.ops;

import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application that embeds the stack may open and close it, and consoles, for as long as it runs: a closed console,
 * and a closed stack, must not stay reachable. Prometheus' JVM metrics keep every registry they are registered with,
 * so a console that registered them on its own registry stayed reachable for the life of the process, with its
 * stack (about 60 MB each: the ops-console test fork once ran out of heap that way).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClosedStackIsCollectedTest
{
    private static final int GC_ATTEMPTS = 50;

    @TempDir
    Path dir;

    @Test
    void aClosedConsoleAndTheStackItWatchedAreNotHeldByTheJvmMetrics() throws Exception
    {
        assertCollected(openScrapeAndClose());
    }

    @Test
    void aClosedWholeStackWithALoggedOnBrokerIsGarbage() throws Exception
    {
        assertCollected(startUseAndCloseWholeStack());
    }

    /** Collects until every object is gone (bounded), then names the first one that is still reachable. */
    private static void assertCollected(final Map<String, WeakReference<?>> closed) throws InterruptedException
    {
        for (int i = 0; i < GC_ATTEMPTS && closed.values().stream().anyMatch((ref) -> null != ref.get()); i++)
        {
            System.gc();
            Thread.sleep(20);
        }
        closed.forEach((what, ref) -> assertNull(ref.get(), "the closed " + what + " is still reachable"));
    }

    /** Kept apart so that no local of the test method holds the stack. */
    private Map<String, WeakReference<?>> startUseAndCloseWholeStack()
    {
        try (OpsTestStack stack = new OpsTestStack(dir.resolve("stack"), true))
        {
            stack.broker();
            assertEquals(200, stack.get("/metrics").statusCode());
            return Map.of(
                "core", new WeakReference<>(stack.stack.core),
                "gateway", new WeakReference<>(stack.gateway),
                "console", new WeakReference<>(stack.ops));
        }
    }

    /** Kept apart so that no local of the test method holds the console or the venue. */
    private Map<String, WeakReference<?>> openScrapeAndClose() throws Exception
    {
        final SimVenue venue = SimVenue.start(new SimVenueContext().host("127.0.0.1").port(0)
            .storeDir(dir.resolve("venue")).idleStrategyName("backoff"));
        try (OpsConsole ops = OpsConsole.launch(new OpsContext(new Properties()).port(0).dataDir(dir.resolve("ops")),
            OpsTargets.none().withVenue(venue)))
        {
            final String metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ops.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are still served");
            assertTrue(metrics.contains("peregrine_sim_orders_accepted_total"), "and the console's own");
            return Map.of("console", new WeakReference<>(ops), "venue it watched", new WeakReference<>(venue));
        }
        finally
        {
            venue.close();
        }
    }
}
