package io.peregrine.ops;

import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import io.peregrine.ops.metrics.CounterCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsEndpointSystemTest
{
    @TempDir
    Path dir;
    private OpsTestStack stack;

    @BeforeEach
    void start()
    {
        stack = new OpsTestStack(dir, true);
    }

    @AfterEach
    void stop()
    {
        stack.close();
    }

    private PrometheusText scrape()
    {
        final HttpResponse<String> response = stack.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
            response.headers().toString());
        return PrometheusText.parse(response.body());
    }

    @Test
    void metricsParseStrictlyAndMoveWhenOrdersFlow() throws Exception
    {
        // The session gauges are sampled every 100 ms and the market maker quotes after logon: wait for both to show.
        Await.until("venue logged on and quotes resting, as /metrics shows them", () ->
        {
            final PrometheusText metrics = scrape();
            return metrics.value("peregrine_venue_logged_on", "venue", "1") == 1.0 &&
                metrics.value("peregrine_sim_resting_orders", "symbol", "AAPL") > 0;
        }, 20_000);
        final PrometheusText before = scrape();
        for (final String name : new String[]{"peregrine_core_heartbeat_total", "peregrine_core_orders_accepted_total",
            "peregrine_broker_orders_in_total", "peregrine_venue_requests_out_total", "peregrine_sim_trades_total",
            "peregrine_sim_resting_orders", "peregrine_venue_logged_on", "peregrine_kill_switch_global",
            "peregrine_core_latency_seconds", "peregrine_core_latency_seconds_count", "peregrine_ready",
            "peregrine_core_path_latency_seconds", "peregrine_core_path_latency_max_seconds",
            "peregrine_core_journal_position", "peregrine_core_journal_available", "peregrine_venue_status_requests_total",
            "peregrine_venue_lost_orders_total",
            "peregrine_rejects_total", "jvm_memory_used_bytes"})
        {
            assertTrue(before.names().contains(name), name + " missing from " + before.names());
        }
        assertEquals("summary", before.types.get("peregrine_core_latency_seconds"));
        assertEquals("summary", before.types.get("peregrine_core_path_latency_seconds"));
        assertEquals(1.0, before.value("peregrine_core_journal_available"));
        assertEquals(1.0, before.value("peregrine_venue_logged_on", "venue", "1"));
        assertTrue(before.value("peregrine_sim_resting_orders", "symbol", "AAPL") > 0,
            "the market maker's quotes rest in the AAPL book");

        try (FixCounterparty broker = stack.broker())
        {
            for (int i = 0; i < 20; i++)
            {
                // marketable IOC buys at the reference: fill against the market maker
                broker.sendNow(FixRequests.newOrder("M" + i, '1', i % 2 == 0 ? "AAPL" : "MSFT", i % 2 == 0 ? "191.00" : "422.00", 10, quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
            }
            broker.sendNow(FixRequests.newOrder("BAD", '1', "AAPL", "500.00", 10, quickfix.field.TimeInForce.DAY, "ACC1"));
            for (int i = 0; i < 20; i++)
            {
                final String id = "M" + i;
                broker.findReport(id, (report) -> FixCounterparty.execType(report, quickfix.field.ExecType.TRADE) ||
                    FixCounterparty.execType(report, quickfix.field.ExecType.CANCELED), 20_000);
            }
            broker.findReport("BAD", (report) -> FixCounterparty.execType(report, quickfix.field.ExecType.REJECTED), 20_000);
        }
        // the gateway samples its QuickFIX/J counts every 100 ms; the latency window closes every 10 s
        Await.until("broker orders counted", () -> scrape().value("peregrine_broker_orders_in_total") >= 21,
            5_000);
        Await.until("a latency window with the orders",
            () -> scrape().value("peregrine_core_latency_seconds", "stage", "ingress", "quantile", "0.99") > 0 &&
                scrape().value("peregrine_core_path_latency_seconds", "path", "fix", "quantile", "0.99") > 0, 25_000);

        final PrometheusText after = scrape();
        assertTrue(after.value("peregrine_core_heartbeat_total") > before.value("peregrine_core_heartbeat_total"));
        assertTrue(after.value("peregrine_core_orders_accepted_total") >=
            before.value("peregrine_core_orders_accepted_total") + 20);
        assertTrue(after.value("peregrine_core_fills_total") > before.value("peregrine_core_fills_total"));
        assertTrue(after.value("peregrine_venue_requests_out_total", "venue", "1") >=
            before.value("peregrine_venue_requests_out_total", "venue", "1") + 20);
        assertTrue(after.value("peregrine_venue_reports_in_total", "venue", "1") >
            before.value("peregrine_venue_reports_in_total", "venue", "1"));
        assertTrue(after.value("peregrine_sim_trades_total") > before.value("peregrine_sim_trades_total"));
        assertEquals(1.0, after.value("peregrine_rejects_total", "reason", "PRICE_OUTSIDE_COLLAR"));
        assertTrue(after.value("peregrine_core_latency_seconds_count", "stage", "ingress") >=
            before.value("peregrine_core_latency_seconds_count", "stage", "ingress") + 21);
        final double p50 = after.value("peregrine_core_latency_seconds", "stage", "ingress", "quantile", "0.5");
        final double p99 = after.value("peregrine_core_latency_seconds", "stage", "ingress", "quantile", "0.99");
        assertTrue(p50 > 0 && p50 <= p99, "p50 " + p50 + " p99 " + p99);
        // the broker's orders came through the FIX gateway: the FIX path has them, the IPC path none of them
        assertTrue(after.value("peregrine_core_path_latency_seconds_count", "path", "fix") >=
            before.value("peregrine_core_path_latency_seconds_count", "path", "fix") + 21);
        assertEquals(before.value("peregrine_core_path_latency_seconds_count", "path", "ipc"),
            after.value("peregrine_core_path_latency_seconds_count", "path", "ipc"));
        final double fixP99 = after.value("peregrine_core_path_latency_seconds", "path", "fix", "quantile", "0.99");
        assertTrue(fixP99 > 0 && fixP99 <= after.value("peregrine_core_path_latency_max_seconds", "path", "fix"),
            "fix p99 " + fixP99);
        // every order and venue report was journaled first: the core journal's position moved with them
        assertTrue(after.value("peregrine_core_journal_position") >=
            before.value("peregrine_core_journal_position") + 21, "journal position");
        assertEquals(1.0, after.value("peregrine_ready"));
    }

    @Test
    void everyPeregrineCounterInTheDriverIsExposed()
    {
        final PrometheusText metrics = scrape();
        final java.util.Set<Integer> allocated = new java.util.HashSet<>();
        for (final io.peregrine.ops.metrics.CounterReading reading :
            new io.peregrine.ops.metrics.CounterScan(java.util.List.of(stack.venueAeron.countersReader())).read())
        {
            allocated.add(reading.entry().typeId());
            assertTrue(metrics.names().contains(reading.entry().exposedName()),
                reading.entry().exposedName() + " not exposed");
        }
        for (final CounterCatalog.Entry entry : CounterCatalog.entries().values())
        {
            // the AutoFillVenue (7100, 1368) is the in-process test venue of hft-core: a FIX stack does not run it
            assertTrue(allocated.contains(entry.typeId()) || entry.typeId() == 7100 ||
                entry.typeId() == AutoFillVenue.OFFER_RETRIES_COUNTER.typeId(),
                entry.exposedName() + " (" + entry.typeId() + ") is not allocated by the stack");
        }
    }
}
