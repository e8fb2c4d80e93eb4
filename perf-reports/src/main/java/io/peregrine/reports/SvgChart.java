package io.peregrine.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG line chart (no scripts, no external resources): labelled axes with their units, a linear x
 * axis, a linear or logarithmic y axis, one polyline per series and a legend that names each series. Built by
 * {@link PercentilePlot} and {@link LoadCurvePlot}; edge code, allocates freely.
 */
final class SvgChart
{
    private static final int WIDTH = 980;
    private static final int LEFT = 75;
    private static final int RIGHT = 400;
    private static final int TOP = 34;
    private static final int BOTTOM = 50;
    private static final int LEGEND_LINE = 17;
    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22" };

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<double[]> xTicks = new ArrayList<>();
    private final List<String> xTickLabels = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private double xMin;
    private double xMax;

    /**
     * @param title  shown above the plot.
     * @param xLabel x axis title with its unit.
     * @param yLabel y axis title with its unit (the scale is added).
     * @param logY   logarithmic y axis.
     */
    SvgChart(final String title, final String xLabel, final String yLabel, final boolean logY)
    {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    /** Sets the x range. */
    SvgChart xRange(final double min, final double max)
    {
        xMin = min;
        xMax = max > min ? max : min + 1;
        return this;
    }

    /** Adds an x tick with its label. */
    SvgChart xTick(final double x, final String label)
    {
        xTicks.add(new double[]{ x });
        xTickLabels.add(label);
        return this;
    }

    /**
     * @param label   legend text.
     * @param points  (x, y) pairs.
     * @param dashed  draw dashed (e.g. a baseline or a second percentile).
     * @param markers draw a dot at each point.
     * @param colour  index into the palette, so related lines share a colour.
     */
    SvgChart line(final String label, final List<double[]> points, final boolean dashed, final boolean markers,
        final int colour)
    {
        if (!points.isEmpty())
        {
            lines.add(new Line(label, points, dashed, markers, COLOURS[Math.floorMod(colour, COLOURS.length)]));
        }
        return this;
    }

    /** @return the {@code <svg>} element. */
    String render()
    {
        final int height = Math.max(400, TOP + BOTTOM + 20 + LEGEND_LINE * lines.size());
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = height - TOP - BOTTOM;

        double yMinData = Double.POSITIVE_INFINITY;
        double yMaxData = 0;
        for (final Line line : lines)
        {
            for (final double[] p : line.points)
            {
                if (p[1] > 0)
                {
                    yMinData = Math.min(yMinData, p[1]);
                }
                yMaxData = Math.max(yMaxData, p[1]);
            }
        }
        final double yMin;
        final double yMax;
        if (logY)
        {
            yMin = yMinData == Double.POSITIVE_INFINITY ? 0.1 : Math.pow(10, Math.floor(Math.log10(yMinData)));
            yMax = Math.max(yMin * 10, Math.pow(10, Math.ceil(Math.log10(Math.max(yMaxData, yMin)))));
        }
        else
        {
            yMin = 0;
            yMax = niceCeiling(yMaxData);
        }

        final StringBuilder svg = new StringBuilder(8192);
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"11\" role=\"img\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<title>%s</title>%n", Html.escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s"
            + "</text>%n", LEFT, Html.escape(title)));
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>%n",
            LEFT, TOP, plotWidth, plotHeight));

        for (int i = 0; i < xTicks.size(); i++)
        {
            final double x = LEFT + plotWidth * (xTicks.get(i)[0] - xMin) / (xMax - xMin);
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e4e4e4\"/>%n",
                x, TOP, x, TOP + plotHeight));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x, TOP + plotHeight + 16, Html.escape(xTickLabels.get(i))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            LEFT + plotWidth / 2, height - 12, Html.escape(xLabel)));

        for (final double tick : yTicks(yMin, yMax))
        {
            final double y = TOP + plotHeight - plotHeight * yFraction(tick, yMin, yMax);
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>%n",
                LEFT, y, LEFT + plotWidth, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                LEFT - 6, y + 4, Format.micros(tick)));
        }
        final String yTitle = yLabel + (logY ? ", log scale" : "");
        svg.append(String.format(Locale.ROOT,
            "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">%s</text>%n",
            TOP + plotHeight / 2, TOP + plotHeight / 2, Html.escape(yTitle)));

        int legendY = TOP + 10;
        for (final Line line : lines)
        {
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(line.colour).append('"')
                .append(line.dashed ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"");
            final StringBuilder dots = new StringBuilder();
            for (final double[] p : line.points)
            {
                final double x = LEFT + plotWidth * (Math.min(Math.max(p[0], xMin), xMax) - xMin) / (xMax - xMin);
                final double y = TOP + plotHeight - plotHeight * yFraction(p[1], yMin, yMax);
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                if (line.markers)
                {
                    dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                        x, y, line.colour));
                }
            }
            svg.append("\"/>\n").append(dots).append(dots.length() > 0 ? "\n" : "");
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"%s/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                WIDTH - RIGHT + 10, legendY - 4, WIDTH - RIGHT + 30, legendY - 4, line.colour,
                line.dashed ? " stroke-dasharray=\"4 3\"" : "", WIDTH - RIGHT + 36, legendY,
                Html.escape(shorten(line.label))));
            legendY += LEGEND_LINE;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private double yFraction(final double value, final double min, final double max)
    {
        if (logY)
        {
            final double v = Math.max(value, min);
            return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }
        return max == 0 ? 0 : value / max;
    }

    private List<Double> yTicks(final double min, final double max)
    {
        final List<Double> ticks = new ArrayList<>();
        if (logY)
        {
            final int decades = (int)Math.round(Math.log10(max / min));
            for (double decade = min; decade <= max * 1.0001; decade *= 10)
            {
                ticks.add(decade);
                if (decades <= 3 && decade * 10 <= max * 1.0001)
                {
                    ticks.add(decade * 2);
                    ticks.add(decade * 5);
                }
            }
        }
        else
        {
            for (int t = 0; t <= 5; t++)
            {
                ticks.add(max * t / 5);
            }
        }
        return ticks;
    }

    /**
     * @param value an axis end or a rough tick step.
     * @return the smallest round number (1, 2, 2.5 or 5 times a power of ten) at or above it; 1 for 0 or less.
     */
    static double niceCeiling(final double value)
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
        return name.length() <= 64 ? name : name.substring(0, 63) + "\u2026";
    }

    private record Line(String label, List<double[]> points, boolean dashed, boolean markers, String colour)
    {
    }
}
