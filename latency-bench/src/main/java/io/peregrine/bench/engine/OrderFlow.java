package io.peregrine.bench.engine;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;

/**
 * What order {@code i} of a full-loop run is, the same for the FIX and the IPC path. Every order is a LIMIT IOC,
 * so each one ends with a final report whatever the book looks like: a fill, an expiry (after a partial fill or
 * none) or a reject.
 * <ul>
 *     <li>Most orders are small and marketable: 2 ticks through the reference price, into the market maker's
 *     quotes (1 to 5 ticks from the reference), so they fill at once.</li>
 *     <li>One in {@value #LARGE_EVERY} is 400 shares, 1 tick through: more than the maker's best level holds
 *     (100 to 150), so it partially fills and its remainder expires.</li>
 *     <li>One in {@value #PASSIVE_EVERY} is 10 ticks away from the reference on its own side: nothing to trade
 *     with, it expires.</li>
 *     <li>One in {@value #BAD_EVERY} is deliberately bad, in turn: 50% above the reference (outside the 10% collar),
 *     200,000 shares (above the 100,000 maximum), or an unknown symbol.</li>
 * </ul>
 * Symbols alternate AAPL/MSFT and sides buy, buy, sell, sell, so the good flow nets to a flat position.
 * Pure functions; allocation free.
 */
public final class OrderFlow
{
    /** One order in this many is deliberately bad (prime, so bad orders fall on every symbol and side). */
    public static final int BAD_EVERY = 97;
    /** One order in this many is large enough to only partially fill. */
    public static final int LARGE_EVERY = 41;
    /** One order in this many is priced away from the market and expires unfilled. */
    public static final int PASSIVE_EVERY = 13;

    /** Packed {@code AAPL}. */
    public static final long AAPL = PackedAscii.pack("AAPL");
    /** Packed {@code MSFT}. */
    public static final long MSFT = PackedAscii.pack("MSFT");
    /** Packed {@code ZZZZ}: not in the demo universe. */
    public static final long UNKNOWN_SYMBOL = PackedAscii.pack("ZZZZ");
    /** Demo reference price of AAPL. */
    public static final long AAPL_REFERENCE = 190 * Prices.SCALE;
    /** Demo reference price of MSFT. */
    public static final long MSFT_REFERENCE = 420 * Prices.SCALE;
    /** Demo tick size. */
    public static final long TICK = Prices.SCALE / 100;
    /** Quantity of the oversized bad orders. */
    public static final long OVERSIZED_QUANTITY = 200_000;
    /** Quantity of the large orders that partially fill. */
    public static final long LARGE_QUANTITY = 400;

    private OrderFlow()
    {
    }

    /**
     * @param i order number from 0.
     * @return the reject the core must give order {@code i}, or {@link RejectReason#NONE} for a good order.
     */
    public static RejectReason expectedReject(final long i)
    {
        if (i % BAD_EVERY != BAD_EVERY - 1)
        {
            return RejectReason.NONE;
        }
        switch ((int)((i / BAD_EVERY) % 3))
        {
            case 0:
                return RejectReason.PRICE_OUTSIDE_COLLAR;
            case 1:
                return RejectReason.QUANTITY_ABOVE_MAX;
            default:
                return RejectReason.UNKNOWN_INSTRUMENT;
        }
    }

    /**
     * @param from first order number.
     * @param to   one past the last order number.
     * @param reason a reject reason.
     * @return how many orders of {@code [from, to)} are bad with that reason.
     */
    public static long expectedRejects(final long from, final long to, final RejectReason reason)
    {
        long count = 0;
        for (long i = from; i < to; i++)
        {
            if (expectedReject(i) == reason)
            {
                count++;
            }
        }
        return count;
    }

    /**
     * @param i order number from 0.
     * @return the packed symbol of order {@code i}.
     */
    public static long symbol(final long i)
    {
        if (expectedReject(i) == RejectReason.UNKNOWN_INSTRUMENT)
        {
            return UNKNOWN_SYMBOL;
        }
        return (i & 1) == 0 ? AAPL : MSFT;
    }

    /**
     * @param i order number from 0.
     * @return the side of order {@code i}.
     */
    public static Side side(final long i)
    {
        return ((i >> 1) & 1) == 0 ? Side.BUY : Side.SELL;
    }

    /**
     * @param i order number from 0.
     * @return the limit price of order {@code i}, fixed point.
     */
    public static long price(final long i)
    {
        final long reference = (i & 1) == 0 ? AAPL_REFERENCE : MSFT_REFERENCE;
        final RejectReason bad = expectedReject(i);
        if (bad == RejectReason.PRICE_OUTSIDE_COLLAR)
        {
            return reference + reference / 2;
        }
        final long direction = side(i) == Side.BUY ? 1 : -1;
        if (bad != RejectReason.NONE)
        {
            return reference + direction * 2 * TICK;
        }
        if (isLarge(i))
        {
            return reference + direction * TICK;
        }
        if (isPassive(i))
        {
            return reference - direction * 10 * TICK;
        }
        return reference + direction * 2 * TICK;
    }

    /**
     * @param i order number from 0.
     * @return the quantity of order {@code i}.
     */
    public static long quantity(final long i)
    {
        if (expectedReject(i) == RejectReason.QUANTITY_ABOVE_MAX)
        {
            return OVERSIZED_QUANTITY;
        }
        if (isLarge(i))
        {
            return LARGE_QUANTITY;
        }
        return 1 + (i * 7) % 20;
    }

    /**
     * @param i order number from 0.
     * @return true for a good order sized to only partially fill against the maker's best level.
     */
    public static boolean isLarge(final long i)
    {
        return expectedReject(i) == RejectReason.NONE && i % LARGE_EVERY == LARGE_EVERY - 1;
    }

    /**
     * @param i order number from 0.
     * @return true for a good order priced away from the market (expires without a fill).
     */
    public static boolean isPassive(final long i)
    {
        return expectedReject(i) == RejectReason.NONE && !isLarge(i) && i % PASSIVE_EVERY == PASSIVE_EVERY - 1;
    }

    /**
     * Maps a benchmark's order number to an order number of this flow that is a plain marketable order (good, small,
     * 2 ticks through): a multiple of {@value #BAD_EVERY} x {@value #LARGE_EVERY} x {@value #PASSIVE_EVERY}, which
     * is never bad, large or passive. Keeps the parity of {@code i}, so symbols still alternate.
     *
     * @param i benchmark order number from 0.
     * @return the order number whose symbol, side, price and quantity to send.
     */
    public static long plainMarketable(final long i)
    {
        return i * ((long)BAD_EVERY * LARGE_EVERY * PASSIVE_EVERY);
    }
}
