package io.peregrine.risk;

/**
 * Saturating arithmetic for notionals and exposures, so no limit check can be fooled by a wrap-around.
 * <p>
 * A notional is {@code price * quantity} in the price scale ({@link io.peregrine.protocol.Prices#SCALE}): 100 shares
 * at 190.00 is {@code 19_000_000_000}, i.e. 19,000.00. Results that do not fit a {@code long} saturate to
 * {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE}, which is always beyond any configurable limit. Stateless,
 * thread-safe, allocates nothing.
 */
public final class Notional
{
    private Notional()
    {
    }

    /**
     * @param price    fixed-point price, non-negative.
     * @param quantity whole units, non-negative.
     * @return {@code price * quantity}, or {@link Long#MAX_VALUE} if it does not fit.
     */
    public static long of(final long price, final long quantity)
    {
        final long low = price * quantity;
        if (Math.multiplyHigh(price, quantity) != 0 || low < 0)
        {
            return Long.MAX_VALUE;
        }
        return low;
    }

    /**
     * @param a addend.
     * @param b addend.
     * @return {@code a + b}, clamped to the {@code long} range instead of wrapping.
     */
    public static long add(final long a, final long b)
    {
        final long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0)
        {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /**
     * @param a minuend.
     * @param b subtrahend.
     * @return {@code a - b}, clamped to the {@code long} range instead of wrapping.
     */
    public static long subtract(final long a, final long b)
    {
        final long difference = a - b;
        if (((a ^ b) & (a ^ difference)) < 0)
        {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return difference;
    }
}
