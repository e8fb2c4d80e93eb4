package io.peregrine.reports;

import java.util.Locale;

/** How numbers read in the reports: fixed locale, precision that suits the magnitude. */
final class Format
{
    private Format()
    {
    }

    /**
     * @param micros a latency in microseconds.
     * @return e.g. {@code 0.215}, {@code 4.61}, {@code 37.9}, {@code 1250}; {@code n/a} for NaN.
     */
    static String micros(final double micros)
    {
        if (Double.isNaN(micros))
        {
            return "n/a";
        }
        if (micros < 1)
        {
            return String.format(Locale.ROOT, "%.3f", micros);
        }
        if (micros < 10)
        {
            return String.format(Locale.ROOT, "%.2f", micros);
        }
        if (micros < 100)
        {
            return String.format(Locale.ROOT, "%.1f", micros);
        }
        return String.format(Locale.ROOT, "%.0f", micros);
    }

    /**
     * @param value a JMH score or error.
     * @return three significant decimals for small values, thousands grouped for large ones.
     */
    static String score(final double value)
    {
        if (Double.isNaN(value))
        {
            return "n/a";
        }
        if (Math.abs(value) >= 1000)
        {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * @param ratio a ratio of two costs.
     * @return e.g. {@code 2.31x}; {@code n/a} for NaN.
     */
    static String ratio(final double ratio)
    {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /**
     * @param perSecond a rate.
     * @return thousands grouped, no decimals.
     */
    static String rate(final double perSecond)
    {
        return Double.isNaN(perSecond) ? "n/a" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /**
     * @param percent a signed change in percent.
     * @return e.g. {@code +12.3%}, {@code -0.8%}; {@code n/a} for NaN.
     */
    static String percent(final double percent)
    {
        return Double.isNaN(percent) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", percent);
    }
}
