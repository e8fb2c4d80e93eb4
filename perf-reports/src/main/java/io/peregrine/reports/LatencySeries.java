package io.peregrine.reports;

import java.util.List;

/**
 * One latency distribution ready to print and plot: a name, how many samples, the headline percentiles and the
 * curve of (percentile, value) points. Values are in microseconds whatever the source unit was.
 *
 * @param name        what was measured, e.g. {@code "round-trip"} or a JMH benchmark name.
 * @param source      file it came from.
 * @param count       samples in the distribution (0 if the source does not say).
 * @param percentiles headline values in microseconds, in the order of {@link #HEADLINE_PERCENTILES}; the last is
 *                    the maximum.
 * @param curve       points of the percentile plot, ascending percentile.
 */
record LatencySeries(String name, String source, long count, double[] percentiles, List<Point> curve)
{
    /** Percentiles reported in every table; 100.0 is the maximum. */
    static final double[] HEADLINE_PERCENTILES = { 50.0, 90.0, 99.0, 99.9, 99.99, 100.0 };

    /** Column titles for {@link #HEADLINE_PERCENTILES}. */
    static final String[] HEADLINE_LABELS = { "p50", "p90", "p99", "p99.9", "p99.99", "max" };

    /**
     * @param percentile 0 to 100.
     * @param micros     latency at that percentile.
     */
    record Point(double percentile, double micros)
    {
    }
}
