package io.peregrine.reports;

import java.util.List;
import java.util.Locale;

/**
 * Draws latency-by-percentile curves as a self-contained SVG (no scripts, no external resources), in the usual
 * HdrHistogram layout: the x axis spreads the tail out on a log scale of {@code 1 / (1 - percentile)} so 90%,
 * 99%, 99.9%... are evenly spaced; the y axis is linear latency in microseconds.
 */
final class SvgPercentilePlot
{
    private static final int WIDTH = 860;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 220;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;
    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf" };

    private SvgPercentilePlot()
    {
    }

    /**
     * @param title  shown above the curves.
     * @param series curves to draw; empty curves are skipped.
     * @return an {@code <svg>} element.
     */
    static String render(final String title, final List<LatencySeries> series)
    {
        int decades = 2;
        double maxMicros = 0;
        for (final LatencySeries s : series)
        {
            for (final LatencySeries.Point p : s.curve())
            {
                maxMicros = Math.max(maxMicros, p.micros());
                if (p.percentile() < 100.0)
                {
                    decades = Math.max(decades, (int)Math.ceil(tailPosition(p.percentile()) - 1e-9));
                }
            }
        }
        decades = Math.min(decades, 7);
        final double yMax = niceCeiling(maxMicros);
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = HEIGHT - TOP - BOTTOM;

        final StringBuilder svg = new StringBuilder(8192);
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<title>%s</title>%n", Html.escape(title)));
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>%n",
            LEFT, TOP, plotWidth, plotHeight));

        for (int d = 0; d <= decades; d++)
        {
            final double x = LEFT + plotWidth * (double)d / decades;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP, x, TOP + plotHeight));
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x, TOP + plotHeight + 16, decadeLabel(d)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            LEFT + plotWidth / 2, HEIGHT - 10));

        for (int t = 0; t <= 5; t++)
        {
            final double value = yMax * t / 5;
            final double y = TOP + plotHeight - plotHeight * (double)t / 5;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotWidth, y));
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, Format.micros(value)));
        }
        svg.append(String.format(Locale.ROOT,
            "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">latency (us)</text>%n",
            TOP + plotHeight / 2, TOP + plotHeight / 2));

        int colour = 0;
        int legendY = TOP + 10;
        for (final LatencySeries s : series)
        {
            if (s.curve().isEmpty())
            {
                continue;
            }
            final String stroke = COLOURS[colour++ % COLOURS.length];
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(stroke).append("\" points=\"");
            for (final LatencySeries.Point p : s.curve())
            {
                final double position = Math.min(tailPosition(p.percentile()), decades);
                final double x = LEFT + plotWidth * position / decades;
                final double y = TOP + plotHeight - (yMax == 0 ? 0 : plotHeight * p.micros() / yMax);
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("\"/>\n");
            svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                WIDTH - RIGHT + 12, legendY - 10, stroke, WIDTH - RIGHT + 30, legendY, Html.escape(shorten(s.name()))));
            legendY += 18;
        }
        svg.append("</svg>\n");
        return svg.toString();
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
        final StringBuilder label = new StringBuilder("9");
        if (decade > 1)
        {
            label.append("9.");
            for (int i = 2; i < decade; i++)
            {
                label.append('9');
            }
        }
        else
        {
            label.append('0');
        }
        return label.append('%').toString();
    }

    private static double niceCeiling(final double value)
    {
        if (value <= 0)
        {
            return 1;
        }
        final double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (final double step : new double[]{ 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String shorten(final String name)
    {
        return name.length() <= 32 ? name : name.substring(0, 31) + "\u2026";
    }
}
