package io.peregrine.bench.engine;

import io.peregrine.sbe.RejectReason;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a path's results and writes its HdrHistogram log. Edge code: allocates, runs on the caller's thread after
 * the run's threads were joined.
 */
public final class PathReport
{
    private static final double[] PERCENTILES = { 50.0, 90.0, 99.0, 99.9 };
    private static final RejectReason[] INJECTED = {
        RejectReason.PRICE_OUTSIDE_COLLAR, RejectReason.QUANTITY_ABOVE_MAX, RejectReason.UNKNOWN_INSTRUMENT };

    private PathReport()
    {
    }

    /**
     * @param title     heading of the path.
     * @param tracker   its results.
     * @param rate      offered rate.
     * @param missing   measured orders without a final report.
     * @param injectBad whether the path's flow included the deliberately bad orders.
     * @param out       where to print.
     */
    public static void printPath(
        final String title,
        final OrderTracker tracker,
        final long rate,
        final long missing,
        final boolean injectBad,
        final PrintStream out)
    {
        out.println(title);
        out.printf(Locale.ROOT, "  orders      : sent %,d, completed %,d, missing final report %,d%n",
            tracker.sent(), tracker.completed(), missing);
        out.printf(Locale.ROOT, "  throughput  : offered %,d/s, achieved send rate %,.0f/s, completed %,.0f/s;"
            + " sender max lag %s us, max in flight %,d, offers refused %,d%n", rate, tracker.sendRate(),
            tracker.completionRate(), micros(tracker.maxSendLagNanos()), tracker.maxOutstanding(),
            tracker.offerRefused());
        printLatency("-> first report", tracker.firstReport(), "NewOrder scheduled send -> ack or reject", out);
        printLatency("-> final report", tracker.finalReport(), "-> fill, expiry or reject", out);
        printLatency("-> fill        ", tracker.fillReport(), "orders that filled completely", out);
        printLatency("final from send", tracker.finalFromSend(), "actual send -> final: hides sender lag", out);
        out.printf(Locale.ROOT, "  reports     : acks %,d, fills %,d, partial fills %,d, expired %,d, canceled %,d,"
            + " unexpected %,d%n", tracker.acks(), tracker.fills(), tracker.partialFills(), tracker.expired(),
            tracker.canceled(), tracker.unexpected());
        out.printf(Locale.ROOT, "  rejects     : %,d in all%n", tracker.totalRejects());
        final int from = tracker.measureFrom();
        final int to = tracker.capacity();
        for (final Map.Entry<String, Long> reject : tracker.rejectsByReason().entrySet())
        {
            final String injected = injectBad ? injected(reject.getKey(), from, to) : "";
            out.printf(Locale.ROOT, "      %-28s %,10d%s%n", reject.getKey(), reject.getValue(), injected);
        }
        if (injectBad)
        {
            for (final RejectReason reason : INJECTED)
            {
                if (tracker.rejects(reason.name()) == 0)
                {
                    out.printf(Locale.ROOT, "      %-28s %,10d%s%n", reason.name(), 0,
                        injected(reason.name(), from, to));
                }
            }
        }
    }

    private static String injected(final String reason, final int from, final int to)
    {
        for (final RejectReason injected : INJECTED)
        {
            if (injected.name().equals(reason))
            {
                return String.format(Locale.ROOT, " (injected %,d)", OrderFlow.expectedRejects(from, to, injected));
            }
        }
        return " (not injected)";
    }

    /**
     * @param label     short name.
     * @param histogram nanoseconds.
     * @param what      what it measures.
     * @param out       where to print.
     */
    public static void printLatency(
        final String label, final Histogram histogram, final String what, final PrintStream out)
    {
        if (histogram.getTotalCount() == 0)
        {
            out.printf(Locale.ROOT, "  %s: no samples (%s)%n", label, what);
            return;
        }
        final StringBuilder line = new StringBuilder();
        for (final double p : PERCENTILES)
        {
            line.append(String.format(Locale.ROOT, "p%s %s  ", p == Math.rint(p) ? Long.toString((long)p) :
                Double.toString(p), micros(histogram.getValueAtPercentile(p))));
        }
        line.append("max ").append(micros(histogram.getMaxValue()));
        out.printf(Locale.ROOT, "  %s: us %s (n=%,d; %s)%n", label, line, histogram.getTotalCount(), what);
    }

    /**
     * @param nanos a duration.
     * @return it in microseconds, 2 decimals below 10, 1 below 1000, none above.
     */
    public static String micros(final long nanos)
    {
        final double micros = nanos / 1000.0;
        return micros < 10 ? String.format(Locale.ROOT, "%.2f", micros) :
            micros < 1000 ? String.format(Locale.ROOT, "%.1f", micros) : String.format(Locale.ROOT, "%,.0f", micros);
    }

    /**
     * The tags a log gives each of a tracker's histograms; a null tag leaves that histogram out.
     *
     * @param firstReport   scheduled send -> first report.
     * @param finalReport   scheduled send -> final report.
     * @param fill          scheduled send -> fill.
     * @param finalFromSend actual send -> final report.
     */
    public record Tags(String firstReport, String finalReport, String fill, String finalFromSend)
    {
    }

    /** The full loop's tags: {@code first-report}, {@code final-report}, {@code fill}, {@code final-from-send}. */
    public static final Tags LOOP_TAGS = new Tags("first-report", "final-report", "fill", "final-from-send");

    /**
     * Writes the path's histograms with {@link #LOOP_TAGS}.
     *
     * @see #writeLog(Path, String, OrderTracker, long, long, Tags, Map)
     */
    public static void writeLog(
        final Path file, final String comment, final OrderTracker tracker, final long startMillis,
        final long endMillis) throws FileNotFoundException
    {
        writeLog(file, comment, tracker, startMillis, endMillis, LOOP_TAGS, Map.of());
    }

    /**
     * Writes the path's histograms (nanoseconds) for perf-reports: one interval per second of the measured phase's
     * schedule (orders grouped by when they were due), so their spread tells the run's noise; one whole-phase
     * interval each when nothing was measured. Then one whole-run interval per extra histogram.
     *
     * @param file        the {@code .hlog} to write.
     * @param comment     first line (what, where).
     * @param tracker     the path's results.
     * @param startMillis wall clock at the start of the measured phase.
     * @param endMillis   wall clock at its end.
     * @param tags        the tag of each of the tracker's histograms.
     * @param wholeRun    more histograms by tag (e.g. the core's own latency), written once each.
     * @throws FileNotFoundException if the file cannot be created.
     */
    public static void writeLog(
        final Path file, final String comment, final OrderTracker tracker, final long startMillis,
        final long endMillis, final Tags tags, final Map<String, Histogram> wholeRun) throws FileNotFoundException
    {
        final HistogramLogWriter log = new HistogramLogWriter(file.toFile());
        try
        {
            log.outputComment(comment);
            log.outputLogFormatVersion();
            log.outputStartTime(startMillis);
            log.outputLegend();
            if (tracker.slices().isEmpty())
            {
                write(log, tracker.firstReport(), tags.firstReport(), startMillis, endMillis);
                write(log, tracker.finalReport(), tags.finalReport(), startMillis, endMillis);
                write(log, tracker.fillReport(), tags.fill(), startMillis, endMillis);
                write(log, tracker.finalFromSend(), tags.finalFromSend(), startMillis, endMillis);
            }
            long sliceStart = startMillis;
            for (final Histogram[] slice : tracker.slices())
            {
                final long sliceEnd = sliceStart + 1000;
                write(log, slice[OrderTracker.SLICE_FIRST_REPORT], tags.firstReport(), sliceStart, sliceEnd);
                write(log, slice[OrderTracker.SLICE_FINAL_REPORT], tags.finalReport(), sliceStart, sliceEnd);
                write(log, slice[OrderTracker.SLICE_FILL], tags.fill(), sliceStart, sliceEnd);
                write(log, slice[OrderTracker.SLICE_FINAL_FROM_SEND], tags.finalFromSend(), sliceStart, sliceEnd);
                sliceStart = sliceEnd;
            }
            for (final Map.Entry<String, Histogram> whole : wholeRun.entrySet())
            {
                write(log, whole.getValue(), whole.getKey(), endMillis, endMillis);
            }
        }
        finally
        {
            log.close();
        }
    }

    private static void write(
        final HistogramLogWriter log, final Histogram histogram, final String tag, final long startMillis,
        final long endMillis)
    {
        if (null == tag || null == histogram)
        {
            return;
        }
        final Histogram copy = histogram.copy();
        copy.setTag(tag);
        copy.setStartTimeStamp(startMillis);
        copy.setEndTimeStamp(endMillis);
        log.outputIntervalHistogram(copy);
    }
}
