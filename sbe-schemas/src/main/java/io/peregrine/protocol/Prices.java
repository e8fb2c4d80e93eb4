package io.peregrine.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The fixed-point price convention of the schema: an {@code int64} mantissa with {@link #DECIMALS} implied
 * decimal places, so 190.00 is {@code 190_000_000}.
 * <p>
 * Conversions to and from text and decimals are for edges (FIX, config, reports) and allocate; the hot path
 * works on the raw {@code long}. Thread-safe (stateless).
 */
public final class Prices
{
    /** Implied decimal places of every {@code Price} field. */
    public static final int DECIMALS = 6;

    /** One whole currency unit in fixed point. */
    public static final long SCALE = 1_000_000L;

    private Prices()
    {
    }

    /**
     * Exact conversion of a decimal to fixed point.
     *
     * @param price with at most {@link #DECIMALS} decimal places.
     * @return the fixed-point mantissa.
     * @throws ArithmeticException if the price has more decimals than the scale or does not fit a long.
     */
    public static long fromDecimal(final BigDecimal price)
    {
        return price.setScale(DECIMALS, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    /**
     * Parses a decimal string such as {@code "190.01"}.
     *
     * @param text decimal text.
     * @return fixed-point mantissa.
     * @throws NumberFormatException if not a number; ArithmeticException if too precise or too large.
     */
    public static long parse(final String text)
    {
        return fromDecimal(new BigDecimal(text.trim()));
    }

    /**
     * Nearest fixed-point value of a double (for FIX fields QuickFIX/J hands over as doubles).
     *
     * @param price decimal value.
     * @return rounded fixed-point mantissa.
     */
    public static long fromDouble(final double price)
    {
        return Math.round(price * SCALE);
    }

    /**
     * @param fixedPoint mantissa.
     * @return the price as a double, for edges and reports.
     */
    public static double toDouble(final long fixedPoint)
    {
        return (double)fixedPoint / SCALE;
    }

    /**
     * @param fixedPoint mantissa.
     * @return the exact decimal value.
     */
    public static BigDecimal toDecimal(final long fixedPoint)
    {
        return BigDecimal.valueOf(fixedPoint, DECIMALS);
    }

    /**
     * @param fixedPoint mantissa.
     * @return plain text without trailing zeros beyond two decimals, e.g. {@code "190.00"}, {@code "0.125"}.
     */
    public static String format(final long fixedPoint)
    {
        return trimZeros(toDecimal(fixedPoint)).toPlainString();
    }

    /**
     * @param price a price (or an average price) as a decimal.
     * @return the same value without trailing zeros beyond two decimals, e.g. 190.00, 0.125 (the form FIX prices
     *         are sent in).
     */
    public static BigDecimal trimZeros(final BigDecimal price)
    {
        final BigDecimal trimmed = price.stripTrailingZeros();
        return trimmed.scale() < 2 ? trimmed.setScale(2, RoundingMode.UNNECESSARY) : trimmed;
    }
}
