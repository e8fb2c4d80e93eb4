package io.peregrine.reports;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * Estimates of run-to-run noise, all as the half-width of a 99.9% confidence interval relative to the value, in
 * percent, so they compare with JMH's own score error (which is the same kind of interval).
 */
final class Noise
{
    /** Two-sided 99.9% Student t quantiles for 1 to 30 degrees of freedom (index = degrees of freedom). */
    private static final double[] T_999 = { Double.NaN,
        636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587,
        4.437, 4.318, 4.221, 4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850,
        3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646 };
    /** Two-sided 99.9% normal quantile. */
    private static final double Z_999 = 3.291;

    private Noise()
    {
    }

    /**
     * @param degreesOfFreedom at least 1.
     * @return the two-sided 99.9% Student t quantile.
     */
    static double t999(final int degreesOfFreedom)
    {
        if (degreesOfFreedom < T_999.length)
        {
            return T_999[degreesOfFreedom];
        }
        return degreesOfFreedom <= 60 ? 3.460 : degreesOfFreedom <= 120 ? 3.373 : Z_999;
    }

    /**
     * @param samples repeated measurements of one thing (iterations, intervals, runs).
     * @return the 99.9% confidence half-width of their mean relative to the mean, in percent; NaN for fewer than
     * 2 samples or a zero mean.
     */
    static double ofRepeats(final List<Double> samples)
    {
        final int n = samples.size();
        if (n < 2)
        {
            return Double.NaN;
        }
        double mean = 0;
        for (final double s : samples)
        {
            mean += s;
        }
        mean /= n;
        if (mean == 0 || Double.isNaN(mean))
        {
            return Double.NaN;
        }
        double squares = 0;
        for (final double s : samples)
        {
            squares += (s - mean) * (s - mean);
        }
        final double stdev = Math.sqrt(squares / (n - 1));
        return 100.0 * t999(n - 1) * stdev / Math.sqrt(n) / Math.abs(mean);
    }

    /**
     * Run-to-run noise seen directly: with a handful of repeated runs a Student interval at 99.9% is uselessly wide
     * (t = 636 for two runs), so repeats count by their observed range instead.
     *
     * @param samples one value per repeated run.
     * @return (largest - smallest) / mean in percent; NaN for fewer than 2 samples or a zero mean.
     */
    static double ofSpread(final List<Double> samples)
    {
        if (samples.size() < 2)
        {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (final double s : samples)
        {
            min = Math.min(min, s);
            max = Math.max(max, s);
            sum += s;
        }
        final double mean = sum / samples.size();
        return mean == 0 ? Double.NaN : 100.0 * (max - min) / Math.abs(mean);
    }

    /**
     * The uncertainty of a percentile read from one distribution: the rank of the p-th percentile of n samples is
     * known to within {@code z * sqrt(n p (1 - p))} ranks (binomial order statistics); the values at those ranks
     * bound the percentile.
     *
     * @param histogram  the distribution.
     * @param percentile 0 to 100.
     * @return the larger distance from the value to either bound, relative to the value, in percent; NaN if empty.
     */
    static double ofPercentile(final Histogram histogram, final double percentile)
    {
        final long n = histogram.getTotalCount();
        final double value = histogram.getValueAtPercentile(percentile);
        if (n == 0 || value <= 0)
        {
            return Double.NaN;
        }
        final double p = percentile / 100.0;
        final double rankSpread = Z_999 * Math.sqrt(n * p * (1 - p)) + 1;
        final double low = Math.max(0, 100.0 * (p * n - rankSpread) / n);
        final double high = Math.min(100.0, 100.0 * (p * n + rankSpread) / n);
        final double spread = Math.max(value - histogram.getValueAtPercentile(low),
            histogram.getValueAtPercentile(high) - value);
        return 100.0 * spread / value;
    }

    /**
     * @param estimates noise estimates in percent, some possibly NaN.
     * @return the largest known one, NaN if none is known.
     */
    static double largest(final double... estimates)
    {
        double largest = Double.NaN;
        for (final double e : estimates)
        {
            if (!Double.isNaN(e) && (Double.isNaN(largest) || e > largest))
            {
                largest = e;
            }
        }
        return largest;
    }
}
