package io.peregrine.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * Latency by percentile in the usual HdrHistogram layout: the x axis spreads the tail out on a log scale of
 * {@code 1 / (1 - percentile)} so 90%, 99%, 99.9%... are evenly spaced; the y axis is latency in microseconds,
 * logarithmic or linear.
 */
final class PercentilePlot
{
    private static final int MAX_DECADES = 7;

    private PercentilePlot()
    {
    }

    /**
     * @param title  shown above the curves.
     * @param series curves to draw, each named in the legend by its label (path and what); empty ones are skipped.
     * @param logY   logarithmic latency axis.
     * @return an {@code <svg>} element.
     */
    static String render(final String title, final List<LatencySeries> series, final boolean logY)
    {
        int decades = 2;
        for (final LatencySeries s : series)
        {
            for (final LatencySeries.Point p : s.curve())
            {
                if (p.percentile() < 100.0)
                {
                    decades = Math.max(decades, (int)Math.ceil(tailPosition(p.percentile()) - 1e-9));
                }
            }
        }
        decades = Math.min(decades, MAX_DECADES);

        final SvgChart chart = new SvgChart(title, "percentile (log scale of 1 / (1 - percentile))",
            "latency (us)", logY).xRange(0, decades);
        for (int d = 0; d <= decades; d++)
        {
            chart.xTick(d, decadeLabel(d));
        }
        int colour = 0;
        for (final LatencySeries s : series)
        {
            final List<double[]> points = new ArrayList<>();
            for (final LatencySeries.Point p : s.curve())
            {
                points.add(new double[]{ Math.min(tailPosition(p.percentile()), decades), p.micros() });
            }
            chart.line(s.label(), points, false, false, colour++);
        }
        return chart.render();
    }

    /**
     * @param percentile 0 to 100.
     * @return decades of tail: 0 for 0%, 1 for 90%, 2 for 99%, 3 for 99.9%; infinite for 100%.
     */
    static double tailPosition(final double percentile)
    {
        final double remaining = 1.0 - percentile / 100.0;
        return remaining <= 0 ? Double.POSITIVE_INFINITY : Math.log10(1.0 / remaining);
    }

    private static String decadeLabel(final int decade)
    {
        if (decade == 0)
        {
            return "0%";
        }
        if (decade == 1)
        {
            return "90%";
        }
        return decade == 2 ? "99%" : "99." + "9".repeat(decade - 2) + "%";
    }
}
