package io.peregrine.bench.load;

import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.engine.FixedRateSender;
import io.peregrine.bench.engine.OrderPort;
import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.PathReport;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How a core-only fixed-rate run ({@link LoadRun}, and {@link RawEchoRun}, its baseline) sends and measures, in one
 * place, so that the two differ by what their orders go through and by nothing else: the warm-up orders at the
 * offered rate (tracked, not recorded), then the measured ones, then the HdrHistogram interval log
 * {@code <name>-<start time>.hlog} under {@code --out}, tagged {@code round-trip} and {@code round-trip-from-send}
 * for both tools, so perf-reports puts the two side by side.
 * <p>
 * One per run, on the calling thread, which is the sending thread. Allocates at start-up, the tracker's histograms
 * once a second of schedule and the log at the end; the send/receive loop does not.
 */
final class FixedRateMeasurement
{
    /** Tags of the tracker's histograms in the log, the same for both tools. */
    static final PathReport.Tags HLOG_TAGS = new PathReport.Tags(null, "round-trip", null, "round-trip-from-send");

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * What the sending measured.
     *
     * @param warmUpMissing   warm-up orders still without a final report when the wait for them ran out.
     * @param measuredMissing measured orders still without a final report when the wait for them ran out.
     * @param seconds         measured sending time, draining included.
     * @param hlog            the histogram log written.
     * @param alsoLogged      the histograms logged beside the tracker's, by tag.
     */
    record Outcome(
        long warmUpMissing, long measuredMissing, double seconds, Path hlog, Map<String, Histogram> alsoLogged)
    {
    }

    private final String tool;
    private final String name;
    private final String unit;
    private final LoadRunOptions options;
    private final String startedAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now());

    /**
     * @param tool    the tool, first word of the title and of the log's comment, e.g. {@code LoadRun}.
     * @param name    short name of its log file and of its fresh Aeron directory, e.g. {@code loadrun}.
     * @param unit    what it sends, in the progress lines, e.g. {@code orders}.
     * @param options the command line.
     */
    FixedRateMeasurement(final String tool, final String name, final String unit, final LoadRunOptions options)
    {
        this.tool = tool;
        this.name = name;
        this.unit = unit;
        this.options = options;
    }

    /** @return the media driver directory of the run: {@code --aeron-dir}, else a fresh one. */
    String aeronDir()
    {
        return null != options.aeronDir() ? options.aeronDir() : AeronDirs.fresh(name);
    }

    /**
     * Prints the title line (tool and start time) and the configuration, machine and JDK lines.
     *
     * @param note after the start time, e.g. {@code " (baseline of LoadRun: no core)"}, or empty.
     * @param out  where to print.
     */
    void printHeader(final String note, final PrintStream out)
    {
        out.println("Peregrine " + tool + " " + startedAt + note);
        out.println("  config  : " + options);
        out.println("  machine : " + MachineInfo.describe());
        out.println("  jdk     : " + MachineInfo.jdk());
    }

    /**
     * @param path               name of the path in the results, e.g. {@code IPC}.
     * @param firstReportIsFinal true when the counterparty answers each order once (an echo).
     * @return the tracker of every order of the run, warm-up first.
     */
    OrderTracker newTracker(final String path, final boolean firstReportIsFinal)
    {
        return new OrderTracker(path, (int)options.totalOrders(), (int)options.warmup(), firstReportIsFinal);
    }

    /**
     * Sends the warm-up orders, then the measured ones, through {@code port} at the offered rate, each time waiting
     * up to 10 s for the last final reports, and writes the log.
     *
     * @param tracker     from {@link #newTracker}, the one {@code port} reports to.
     * @param port        where the orders go.
     * @param afterWarmUp runs between the two phases (e.g. resets latency the counterparty measured itself).
     * @param alsoLogged  reads histograms of the measured phase to log beside the tracker's, by tag, once it ended.
     * @param out         where progress is printed.
     * @return what was measured.
     * @throws IllegalStateException if the log cannot be written.
     */
    Outcome run(
        final OrderTracker tracker,
        final OrderPort port,
        final Runnable afterWarmUp,
        final Supplier<Map<String, Histogram>> alsoLogged,
        final PrintStream out)
    {
        final int warmup = (int)options.warmup();
        final int total = (int)options.totalOrders();
        final FixedRateSender sender = new FixedRateSender(port, tracker, options.idle().newStrategy());
        long warmUpMissing = 0;
        if (warmup > 0)
        {
            out.printf(Locale.ROOT, "warm-up: %,d %s...%n", warmup, unit);
            warmUpMissing = sender.run(0, warmup, options.rate(), DRAIN_NANOS);
        }
        afterWarmUp.run();

        final Path hlog = options.outDir().resolve(name + "-" + startedAt.replace(':', '-') + ".hlog");
        try
        {
            Files.createDirectories(options.outDir());
            out.printf(Locale.ROOT, "measuring: %,d %s at %,d/s...%n", options.count(), unit, options.rate());
            final long startMillis = System.currentTimeMillis();
            final long startNanos = System.nanoTime();
            final long measuredMissing = sender.run(warmup, total, options.rate(), DRAIN_NANOS);
            final double seconds = (System.nanoTime() - startNanos) / 1e9;
            final Map<String, Histogram> logged = alsoLogged.get();
            PathReport.writeLog(hlog, "Peregrine " + tool + " " + options + " on " + MachineInfo.describe() + ", " +
                MachineInfo.jdk() + "; values in nanoseconds", tracker, startMillis, System.currentTimeMillis(),
                HLOG_TAGS, logged);
            return new Outcome(warmUpMissing, measuredMissing, seconds, hlog, logged);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot write the histogram log under " + options.outDir(), ex);
        }
    }
}
