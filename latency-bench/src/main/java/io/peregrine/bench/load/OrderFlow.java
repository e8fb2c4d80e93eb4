package io.peregrine.bench.load;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;

/**
 * What the {@code i}-th order of a load run looks like, as a pure function of {@code i} so the expected outcome
 * of every order is known in advance.
 * <p>
 * Orders alternate AAPL/MSFT, buy/sell and ACC1/ACC2 (the cycle of 8 covers every combination), priced a few ticks
 * around the demo reference price, 100 to 500 shares. One order in {@link #BAD_ORDER_EVERY} is deliberately bad,
 * alternating between a price 50% above the reference (outside the 10% collar) and a quantity above the 100,000
 * maximum, so the run shows rejects by reason.
 * <p>
 * Fills of the good orders net out per account and symbol over each cycle, so long runs stay inside position
 * limits. Stateless and allocation free.
 */
public final class OrderFlow
{
    /**
     * One order in this many is a deliberately bad one. Prime, so the bad orders fall evenly on every
     * account/symbol/side/quantity combination (a cycle of 40) and the good ones still net to a flat position.
     */
    public static final int BAD_ORDER_EVERY = 97;

    /** Packed {@code AAPL}. */
    public static final long AAPL = PackedAscii.pack("AAPL");
    /** Packed {@code MSFT}. */
    public static final long MSFT = PackedAscii.pack("MSFT");
    /** Packed {@code ACC1}. */
    public static final long ACC1 = PackedAscii.pack("ACC1");
    /** Packed {@code ACC2}. */
    public static final long ACC2 = PackedAscii.pack("ACC2");

    /** Demo reference price of AAPL. */
    public static final long AAPL_REFERENCE = 190 * Prices.SCALE;
    /** Demo reference price of MSFT. */
    public static final long MSFT_REFERENCE = 420 * Prices.SCALE;
    /** Demo tick size. */
    public static final long TICK = Prices.SCALE / 100;
    /** Quantity of the deliberately oversized orders: above the demo maximum of 100,000. */
    public static final long OVERSIZED_QUANTITY = 200_000;

    private OrderFlow()
    {
    }

    /**
     * @param i order number from 0.
     * @return the account of order {@code i}.
     */
    public static long account(final long i)
    {
        return ((i >> 2) & 1) == 0 ? ACC1 : ACC2;
    }

    /**
     * @param i order number from 0.
     * @return the symbol of order {@code i}.
     */
    public static long symbol(final long i)
    {
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
     * @return the limit price of order {@code i}: within 5 ticks of the reference, or 50% above it for a
     *         collar breach.
     */
    public static long price(final long i)
    {
        final long reference = symbol(i) == AAPL ? AAPL_REFERENCE : MSFT_REFERENCE;
        if (expectedReject(i) == RejectReason.PRICE_OUTSIDE_COLLAR)
        {
            return reference + reference / 2;
        }
        return reference + ((i % 11) - 5) * TICK;
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
        return 100 * (1 + (i % 5));
    }

    /**
     * @param i order number from 0.
     * @return the reject order {@code i} was built to get, or {@link RejectReason#NONE} for a good order.
     */
    public static RejectReason expectedReject(final long i)
    {
        if (i % BAD_ORDER_EVERY != BAD_ORDER_EVERY - 1)
        {
            return RejectReason.NONE;
        }
        return ((i / BAD_ORDER_EVERY) & 1) == 0 ? RejectReason.PRICE_OUTSIDE_COLLAR : RejectReason.QUANTITY_ABOVE_MAX;
    }

    /**
     * @param from  first order number.
     * @param to    one past the last order number.
     * @param reason reject to count.
     * @return how many orders in {@code [from, to)} were built to get that reject.
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
}
