package io.peregrine.ops.metrics;

import io.peregrine.ops.OpsStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Turns Peregrine's Aeron counters, the core's latency windows and the ops console's own counts into Prometheus
 * metric snapshots (registered in the console's registry next to the JVM metrics).
 * <p>
 * Called on the HTTP threads, once per scrape; reads counters without locking (they are single-writer longs) and
 * allocates the snapshots (edge).
 */
public final class PeregrineMetrics implements MultiCollector
{
    /** Latency percentiles exposed per stage and per path. */
    public static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    private final CounterScan scan;
    private final LatencyWindow[] latency;
    private final OpsStats stats;
    private final BooleanSupplier ready;

    /**
     * @param scan    where the counters are.
     * @param latency the core's latency windows (empty without a core).
     * @param stats   the console's own counts.
     * @param ready   whether /health would answer 200 now.
     */
    public PeregrineMetrics(
        final CounterScan scan, final LatencyWindow[] latency, final OpsStats stats, final BooleanSupplier ready)
    {
        this.scan = scan;
        this.latency = latency.clone();
        this.stats = stats;
        this.ready = ready;
    }

    public MetricSnapshots collect()
    {
        final List<MetricSnapshot> snapshots = new ArrayList<>();
        final Map<CounterCatalog.Entry, List<CounterReading>> byEntry = new LinkedHashMap<>();
        for (final CounterReading reading : scan.read())
        {
            byEntry.computeIfAbsent(reading.entry(), (entry) -> new ArrayList<>()).add(reading);
        }
        for (final Map.Entry<CounterCatalog.Entry, List<CounterReading>> family : byEntry.entrySet())
        {
            snapshots.add(snapshot(family.getKey(), family.getValue()));
        }

        addLatency(snapshots, LatencyWindow.STAGE, "peregrine_core_latency",
            "core handling time per message by stage; quantiles over the last complete 10 s window",
            "largest core handling time in the last complete 10 s window, by stage");
        addLatency(snapshots, LatencyWindow.PATH, "peregrine_core_path_latency",
            "core handling time of ingress messages by path (fix: the FIX gateway's client id, ipc: other " +
                "clients); quantiles over the last complete 10 s window",
            "largest core handling time of an ingress message in the last complete 10 s window, by path");

        snapshots.add(counter("peregrine_ops_admin_unauthorized", "admin requests refused 401 (missing or wrong token)",
            stats.unauthorized()));
        snapshots.add(counter("peregrine_ops_bad_requests", "ops requests refused with another 4xx",
            stats.badRequests()));
        snapshots.add(CounterSnapshot.builder()
            .name("peregrine_ops_admin_actions")
            .help("admin actions by result")
            .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("result", "applied")).value(stats.adminApplied()).build())
            .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("result", "rejected")).value(stats.adminRejected()).build())
            .build());
        snapshots.add(GaugeSnapshot.builder()
            .name("peregrine_ready")
            .help("1 when /health answers 200 (every part UP), else 0")
            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(ready.getAsBoolean() ? 1 : 0).build())
            .build());
        return new MetricSnapshots(snapshots);
    }

    private void addLatency(
        final List<MetricSnapshot> snapshots, final String labelName, final String name, final String help,
        final String maxHelp)
    {
        final SummarySnapshot.Builder summary = SummarySnapshot.builder().name(name + "_seconds").help(help);
        final GaugeSnapshot.Builder max = GaugeSnapshot.builder().name(name + "_max_seconds").help(maxHelp);
        boolean any = false;
        for (final LatencyWindow window : latency)
        {
            if (!labelName.equals(window.labelName()))
            {
                continue;
            }
            any = true;
            final Quantiles.Builder quantiles = Quantiles.builder();
            for (final double q : QUANTILES)
            {
                quantiles.quantile(new Quantile(q, window.percentileSeconds(q * 100)));
            }
            summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                .labels(Labels.of(labelName, window.stage()))
                .quantiles(quantiles.build())
                .count(window.totalCount())
                .sum(window.totalSumSeconds())
                .build());
            max.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of(labelName, window.stage()))
                .value(window.maxSeconds())
                .build());
        }
        if (any)
        {
            snapshots.add(summary.build());
            snapshots.add(max.build());
        }
    }

    private static MetricSnapshot snapshot(final CounterCatalog.Entry entry, final List<CounterReading> readings)
    {
        // Several counters of one series (e.g. two processes' gateways in one driver) add up.
        final Map<String, Long> bySeries = new LinkedHashMap<>();
        final Map<String, Labels> labels = new LinkedHashMap<>();
        for (final CounterReading reading : readings)
        {
            bySeries.merge(reading.seriesId(), reading.value(), Long::sum);
            labels.putIfAbsent(reading.seriesId(), reading.labels());
        }
        if (entry.gauge())
        {
            final GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(entry.name()).help(entry.help());
            bySeries.forEach((series, value) -> gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(labels.get(series)).value(value).build()));
            return gauge.build();
        }
        final CounterSnapshot.Builder counter = CounterSnapshot.builder().name(entry.name()).help(entry.help());
        bySeries.forEach((series, value) -> counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
            .labels(labels.get(series)).value(value).build()));
        return counter.build();
    }

    private static CounterSnapshot counter(final String name, final String help, final long value)
    {
        return CounterSnapshot.builder().name(name).help(help)
            .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build())
            .build();
    }
}
