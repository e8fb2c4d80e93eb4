package io.peregrine.bench.load;

import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.BenchmarkLimits;
import io.peregrine.bench.RunningVenue;
import io.peregrine.client.PeregrineClient;
import io.peregrine.core.CoreCounters;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.RejectReason;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end load generator: an embedded media driver, the Peregrine core ({@link Peregrine#launch}), an
 * {@link AutoFillVenue} that fills every order, and one load client offering new orders at a fixed rate, all in
 * this JVM over Aeron IPC.
 * <p>
 * Prints the configuration, the achieved throughput, round-trip latency percentiles measured from each order's
 * scheduled send time to its final report (coordinated-omission aware), the core's own processing latency, report
 * counts, rejects by reason (against the deliberately bad orders of {@link OrderFlow}) and back-pressure counters;
 * writes the HdrHistogram interval log to {@code --out}. Exit status 1 if any order got no final report.
 * <pre>
 * java $(flags) -cp latency-bench/target/benchmarks.jar io.peregrine.bench.load.LoadRun --rate 50000 --duration 30
 * </pre>
 */
public final class LoadRun
{
    /** Client id of the load client. */
    public static final int CLIENT_ID = 4242;

    private static final String VENUE_OUT_BACK_PRESSURED = "venueOutBackPressured";
    private static final String OFFER_RETRIES = "offerRetries";
    private static final String EGRESS_DROPPED = "egressDropped";
    private static final int VENUE_ORDER_CAPACITY = 1 << 16;
    private static final long CONNECT_TIMEOUT_SECONDS = 10;
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final double[] PERCENTILES = { 50.0, 90.0, 99.0, 99.9, 99.99 };

    private LoadRun()
    {
    }

    /**
     * @param args see {@link LoadRunOptions#USAGE}.
     */
    public static void main(final String[] args)
    {
        final LoadRunOptions options;
        try
        {
            options = LoadRunOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("LoadRun: " + ex.getMessage());
            System.err.println(LoadRunOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help())
        {
            System.out.println(LoadRunOptions.USAGE);
            return;
        }

        final LoadResult result = run(options, System.out);
        System.exit(result.ordersMissing() == 0 ? 0 : 1);
    }

    /**
     * Runs the whole load on the calling thread and prints the results. Allocates at start-up and once a second
     * (histogram log); the send/receive loop does not.
     *
     * @param options what to run.
     * @param out     where the results are printed.
     * @return the measured results.
     */
    public static LoadResult run(final LoadRunOptions options, final PrintStream out)
    {
        final String aeronDir = null != options.aeronDir() ? options.aeronDir() : AeronDirs.fresh("loadrun");
        final LoadResult result = new LoadResult();
        final String startedAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now());

        printConfig(options, aeronDir, startedAt, out);

        final PeregrineContext context = new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .embeddedDriver(true)
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true)
            .riskLimits(BenchmarkLimits.unthrottledDemo())
            .idleStrategy(options.idle().newStrategy());

        try (Peregrine peregrine = Peregrine.launch(context);
            RunningVenue venue = RunningVenue.start(
                aeronDir, AutoFillVenue.Mode.FILL, VENUE_ORDER_CAPACITY, options.idle().newStrategy());
            PeregrineClient client = PeregrineClient.connect(new PeregrineClient.Context()
                .aeronDirectoryName(aeronDir)
                .clientId(CLIENT_ID)))
        {
            venue.awaitConnected(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            awaitConnected(client);
            final int warmup = (int)options.warmup();
            final int total = (int)options.totalOrders();
            final LoadGenerator generator =
                new LoadGenerator(client, CLIENT_ID, total, options.idle().newStrategy());

            long missing = 0;
            if (warmup > 0)
            {
                out.printf(Locale.ROOT, "warm-up: %,d orders...%n", warmup);
                missing += generator.runPhase(0, warmup, options.rate(), DRAIN_NANOS, null, null);
            }
            peregrine.latency().reset();

            Files.createDirectories(options.outDir());
            final Path hlog = options.outDir().resolve("loadrun-" + startedAt.replace(':', '-') + ".hlog");
            final HistogramLogWriter log = new HistogramLogWriter(hlog.toFile());
            try
            {
                log.outputComment("Peregrine LoadRun " + options + " on " + MachineInfo.describe() + ", " +
                    MachineInfo.jdk() + "; values in nanoseconds");
                log.outputLogFormatVersion();
                log.outputStartTime(System.currentTimeMillis());
                log.outputLegend();
                out.printf(Locale.ROOT, "measuring: %,d orders at %,d/s...%n", options.count(), options.rate());
                missing += generator.runPhase(warmup, total, options.rate(), DRAIN_NANOS, result, log);

                result.coreIngress = peregrine.latency().ingress();
                result.coreVenueIn = peregrine.latency().venueIn();
                final long endMillis = System.currentTimeMillis();
                writeWhole(log, result.coreIngress, "core-ingress", endMillis);
                writeWhole(log, result.coreVenueIn, "core-venue-in", endMillis);
            }
            finally
            {
                log.close();
            }
            result.ordersMissing = missing;
            result.coreCounters = counters(peregrine.counters());

            printResults(options, result, warmup, total, hlog, out);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot write the histogram log under " + options.outDir(), ex);
        }
        return result;
    }

    private static void printConfig(
        final LoadRunOptions options, final String aeronDir, final String startedAt, final PrintStream out)
    {
        out.println("Peregrine LoadRun " + startedAt);
        out.println("  config  : " + options);
        out.println("  machine : " + MachineInfo.describe());
        out.println("  jdk     : " + MachineInfo.jdk());
        out.println("  driver  : embedded, aeron dir " + aeronDir + "; core, venue and load client share the "
            + options.idle().describe() + " idle strategy");
        out.println("  flow    : AAPL/MSFT buy/sell around the reference on ACC1/ACC2; 1 order in "
            + OrderFlow.BAD_ORDER_EVERY + " deliberately bad (collar / max qty); venue fills every good order");
    }

    private static void printResults(
        final LoadRunOptions options,
        final LoadResult result,
        final int warmup,
        final int total,
        final Path hlog,
        final PrintStream out)
    {
        out.println("results");
        out.printf(Locale.ROOT, "  orders      : sent %,d, completed %,d, missing final report %,d%n",
            result.ordersSent(), result.ordersCompleted(), result.ordersMissing());
        out.printf(Locale.ROOT, "  throughput  : offered %,d/s, achieved send rate %,.0f/s, completed %,.0f/s"
            + " (first scheduled send to last final report)%n",
            options.rate(), result.achievedSendRate(), result.achievedThroughput());
        out.printf(Locale.ROOT, "  sender lag  : max %s us behind schedule%n", micros(result.maxSendLagNanos()));
        printLatency("round trip  ", "scheduled send -> final report (coordinated-omission aware)",
            result.roundTrip(), out);
        printLatency("from send   ", "actual send -> final report (hides sender lag, for comparison)",
            result.roundTripFromSend(), out);
        printLatency("core ingress", "core thread: ingress message handled (decode, risk, state, sends)",
            result.coreIngress(), out);
        printLatency("core venue  ", "core thread: venue message handled (state, risk, report)",
            result.coreVenueIn(), out);
        out.printf(Locale.ROOT, "  reports     : acks %,d, fills %,d, partial fills %,d, canceled/expired %,d,"
            + " unexpected %,d%n", result.acks(), result.fills(), result.partialFills(), result.cancelsOrExpiries(),
            result.unexpectedReports());
        out.printf(Locale.ROOT, "  rejects     : %,d in all%n", result.totalRejects());
        for (final Map.Entry<RejectReason, Long> reject : result.rejectsByReason().entrySet())
        {
            final long expected = OrderFlow.expectedRejects(warmup, total, reject.getKey());
            out.printf(Locale.ROOT, "      %-28s %,10d (injected %,d)%n", reject.getKey(), reject.getValue(), expected);
        }
        for (final RejectReason injected : new RejectReason[]{
            RejectReason.PRICE_OUTSIDE_COLLAR, RejectReason.QUANTITY_ABOVE_MAX })
        {
            if (result.rejects(injected) == 0)
            {
                out.printf(Locale.ROOT, "      %-28s %,10d (injected %,d)%n", injected, 0,
                    OrderFlow.expectedRejects(warmup, total, injected));
            }
        }
        out.printf(Locale.ROOT, "  back-press. : client offers refused %,d; core: venue-out orders rejected %,d,"
            + " offer retries %,d, egress reports dropped %,d%n",
            result.clientBackPressured(),
            result.coreCounters().getOrDefault(VENUE_OUT_BACK_PRESSURED, 0L),
            result.coreCounters().getOrDefault(OFFER_RETRIES, 0L),
            result.coreCounters().getOrDefault(EGRESS_DROPPED, 0L));
        out.print("  core counts (whole run, warm-up included): ");
        final StringBuilder counts = new StringBuilder();
        result.coreCounters().forEach((name, value) ->
            counts.append(counts.length() == 0 ? "" : ", ").append(name).append(' ').append(value));
        out.println(counts);
        out.println("  histogram log: " + hlog.toAbsolutePath()
            + " (java -jar perf-reports/target/perf-reports.jar " + hlog + ")");
        if (result.ordersMissing() > 0)
        {
            out.printf(Locale.ROOT, "FAILED: %,d orders got no final report%n", result.ordersMissing());
        }
    }

    private static void printLatency(
        final String label, final String what, final Histogram histogram, final PrintStream out)
    {
        if (histogram == null || histogram.getTotalCount() == 0)
        {
            out.printf(Locale.ROOT, "  %s: no samples (%s)%n", label, what);
            return;
        }
        final StringBuilder line = new StringBuilder();
        for (final double p : PERCENTILES)
        {
            line.append(String.format(Locale.ROOT, "p%s %s  ", trim(p), micros(histogram.getValueAtPercentile(p))));
        }
        line.append("max ").append(micros(histogram.getMaxValue()));
        out.printf(Locale.ROOT, "  %s: us %s (n=%,d; %s)%n", label, line, histogram.getTotalCount(), what);
    }

    private static String trim(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }

    private static String micros(final long nanos)
    {
        final double micros = nanos / 1000.0;
        return micros < 10 ? String.format(Locale.ROOT, "%.2f", micros) :
            micros < 1000 ? String.format(Locale.ROOT, "%.1f", micros) : String.format(Locale.ROOT, "%,.0f", micros);
    }

    private static void writeWhole(
        final HistogramLogWriter log, final Histogram histogram, final String tag, final long endMillis)
    {
        if (histogram == null)
        {
            return;
        }
        histogram.setTag(tag);
        histogram.setStartTimeStamp(endMillis);
        histogram.setEndTimeStamp(endMillis);
        log.outputIntervalHistogram(histogram);
    }

    private static Map<String, Long> counters(final CoreCounters counters)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        values.put("ordersAccepted", counters.ordersAccepted().get());
        values.put("ordersRejected", counters.ordersRejected().get());
        values.put("riskRejects", counters.riskRejects().get());
        values.put("fills", counters.fills().get());
        values.put(VENUE_OUT_BACK_PRESSURED, counters.venueOutBackPressured().get());
        values.put(OFFER_RETRIES, counters.offerRetries().get());
        values.put(EGRESS_DROPPED, counters.egressDropped().get());
        values.put("errors", counters.errors().get());
        return values;
    }

    private static void awaitConnected(final PeregrineClient client)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_TIMEOUT_SECONDS);
        while (!client.isConnected())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("client streams did not connect within " + CONNECT_TIMEOUT_SECONDS
                    + " s");
            }
            Thread.yield();
        }
    }

}
