package io.peregrine.reports;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * One latency distribution ready to print, plot and compare: which path it measured, what (its tag), how many
 * samples, the headline percentiles and the curve of (percentile, value) points in microseconds, and the recorded
 * histograms themselves for the noise estimate of a comparison.
 *
 * @param path          the path measured, named for a reader, e.g. {@code "FIX path (full loop)"}.
 * @param name          what was measured on it, e.g. the tag {@code "first-report"} or a JMH benchmark name.
 * @param source        file it came from.
 * @param count         samples in the distribution.
 * @param percentiles   headline values in microseconds, in the order of {@link #HEADLINE_PERCENTILES}; the last is
 *                      the maximum.
 * @param curve         points of the percentile plot, ascending percentile.
 * @param total         every interval summed; values in the unit of {@code nanosPerValue}.
 * @param intervals     the intervals one by one (one per second for {@code LoadRun}); empty or one when the source
 *                      wrote a single interval.
 * @param nanosPerValue nanoseconds per recorded unit of {@code total} and {@code intervals}.
 */
record LatencySeries(
    String path,
    String name,
    String source,
    long count,
    double[] percentiles,
    List<Point> curve,
    Histogram total,
    List<Histogram> intervals,
    double nanosPerValue)
{
    /** Percentiles reported in every table; 100.0 is the maximum. */
    static final double[] HEADLINE_PERCENTILES = { 50.0, 90.0, 99.0, 99.9, 99.99, 100.0 };

    /** Column titles for {@link #HEADLINE_PERCENTILES}. */
    static final String[] HEADLINE_LABELS = { "p50", "p90", "p99", "p99.9", "p99.99", "max" };

    /** @return the legend of this series: path and what was measured on it. */
    String label()
    {
        return path.equals(name) ? name : path + " \u00b7 " + name;
    }

    /**
     * @param percentile 0 to 100.
     * @return the value at that percentile of the whole distribution, in microseconds.
     */
    double micros(final double percentile)
    {
        return total.getValueAtPercentile(percentile) * nanosPerValue / 1000.0;
    }

    /**
     * @param percentile 0 to 100.
     * @param micros     latency at that percentile.
     */
    record Point(double percentile, double micros)
    {
    }
}
