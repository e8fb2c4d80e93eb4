package io.peregrine.bench.load;

import io.peregrine.bench.SetUpWait;
import io.peregrine.bench.cli.CommandLines;
import io.peregrine.bench.BenchCoreContext;
import io.peregrine.bench.RunningVenue;
import io.peregrine.bench.engine.IpcOrderPort;
import io.peregrine.bench.engine.OrderFlow;
import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.PathReport;
import io.peregrine.client.PeregrineClient;
import io.peregrine.core.CoreCounters;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.PackedAscii;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
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
 * the load engine (schedule, order flow, sender, tracker, report) is the one the full loop uses, and the warm-up,
 * measured phase and HdrHistogram interval log under {@code --out} are {@link FixedRateMeasurement}'s, as for
 * {@link RawEchoRun}. Exit status 1 if any order got no final report.
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
    /** Account of every order. */
    private static final String ACCOUNT = "ACC1";
    private static final String CORE_INGRESS = "core-ingress";
    private static final String CORE_VENUE_IN = "core-venue-in";

    private LoadRun()
    {
    }

    /**
     * @param args see {@link LoadRunOptions#USAGE}.
     */
    public static void main(final String[] args)
    {
        CommandLines.runAndExit("LoadRun", LoadRunOptions.USAGE, LoadRunOptions::parse, args,
            options -> run(options, System.out).ordersMissing() == 0);
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
        final FixedRateMeasurement measurement = new FixedRateMeasurement("LoadRun", "loadrun", "orders", options);
        final String aeronDir = measurement.aeronDir();
        measurement.printHeader("", out);
        out.println("  driver  : embedded, aeron dir " + aeronDir + "; core, venue and load client share the "
            + options.idle().describe() + " idle strategy");
        out.println("  flow    : " + ACCOUNT + " LIMIT IOC orders of the shared OrderFlow (AAPL/MSFT, marketable, "
            + "large, passive); 1 order in " + OrderFlow.BAD_EVERY + " deliberately bad (collar / max qty / unknown "
            + "symbol); the auto-fill venue fills every good order");

        final PeregrineContext context = BenchCoreContext.create(aeronDir).idleStrategy(options.idle().newStrategy());

        try (Peregrine peregrine = Peregrine.launch(context);
            RunningVenue venue = RunningVenue.start(
                aeronDir, AutoFillVenue.Mode.FILL, VENUE_ORDER_CAPACITY, options.idle().newStrategy());
            PeregrineClient client = PeregrineClient.connect(new PeregrineClient.Context()
                .aeronDirectoryName(aeronDir)
                .clientId(CLIENT_ID)))
        {
            venue.awaitConnected(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            awaitConnected(client);
            final OrderTracker tracker = measurement.newTracker("IPC", false);
            final FixedRateMeasurement.Outcome outcome = measurement.run(
                tracker, new IpcOrderPort(client, PackedAscii.pack(ACCOUNT), tracker),
                () -> peregrine.latency().reset(), () -> coreLatency(peregrine), out);

            final LoadResult result = new LoadResult(tracker, outcome.warmUpMissing() + outcome.measuredMissing(),
                outcome.alsoLogged().get(CORE_INGRESS), outcome.alsoLogged().get(CORE_VENUE_IN),
                counters(peregrine.counters()));
            printResults(options, result, outcome.hlog(), out);
            return result;
        }
    }

    private static void printResults(
        final LoadRunOptions options, final LoadResult result, final Path hlog, final PrintStream out)
    {
        PathReport.printPath("results", result.path(), options.rate(), result.ordersMissing(), true, out);
        PathReport.printLatency("core ingress  ", result.coreIngress(),
            "core thread: ingress message handled (decode, risk, state, sends)", out);
        PathReport.printLatency("core venue    ", result.coreVenueIn(),
            "core thread: venue message handled (state, risk, report)", out);
        out.printf(Locale.ROOT, "  back-press. : client offers refused %,d; core: venue-out orders rejected %,d,"
            + " offer retries %,d, egress reports dropped %,d%n",
            result.path().offerRefused(),
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

    /** @return the core thread's own latency since the warm-up ended, by the tag perf-reports knows it by. */
    private static Map<String, Histogram> coreLatency(final Peregrine peregrine)
    {
        final Map<String, Histogram> core = new LinkedHashMap<>();
        core.put(CORE_INGRESS, peregrine.latency().ingress());
        core.put(CORE_VENUE_IN, peregrine.latency().venueIn());
        return core;
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
        SetUpWait.until(client::isConnected, CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS, "client streams", "connect");
    }

}
