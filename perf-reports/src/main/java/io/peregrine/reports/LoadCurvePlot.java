package io.peregrine.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * Throughput against latency for step loads: x is the achieved completion rate (orders/s), y the latency at that
 * load (p50 solid, p99 dashed, one colour per path), so the knee where latency takes off is visible.
 */
final class LoadCurvePlot
{
    private LoadCurvePlot()
    {
    }

    /**
     * @param title  shown above the curves.
     * @param curves step loads to draw.
     * @param logY   logarithmic latency axis.
     * @return an {@code <svg>} element.
     */
    static String render(final String title, final List<StepLoadCurve> curves, final boolean logY)
    {
        double maxRate = 0;
        for (final StepLoadCurve curve : curves)
        {
            for (final StepLoadCurve.Step step : curve.steps())
            {
                maxRate = Math.max(maxRate, Math.max(step.offeredPerSecond(), step.completedPerSecond()));
            }
        }
        final double tickStep = SvgChart.niceCeiling(maxRate / 5);
        final double xMax = Math.max(tickStep, Math.ceil(maxRate / tickStep) * tickStep);
        final SvgChart chart = new SvgChart(title, "throughput (orders completed per second)",
            "latency from scheduled send (us)", logY).xRange(0, xMax);
        for (double x = 0; x <= xMax * 1.0001; x += tickStep)
        {
            chart.xTick(x, String.format(java.util.Locale.ROOT, "%,.0f", x));
        }
        int colour = 0;
        for (final StepLoadCurve curve : curves)
        {
            final List<double[]> p50 = new ArrayList<>();
            final List<double[]> p99 = new ArrayList<>();
            for (final StepLoadCurve.Step step : curve.steps())
            {
                p50.add(new double[]{ step.completedPerSecond(), step.p50Micros() });
                p99.add(new double[]{ step.completedPerSecond(), step.p99Micros() });
            }
            chart.line(curve.path() + " \u00b7 p50", p50, false, true, colour);
            chart.line(curve.path() + " \u00b7 p99", p99, true, true, colour);
            colour++;
        }
        return chart.render();
    }
}
