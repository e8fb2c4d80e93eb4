package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;

/**
 * Immutable limits of one instrument: reference price, tick and lot size, price collar, maximum order quantity and
 * the tradable and restricted flags. Part of a {@link RiskLimits} snapshot.
 * <p>
 * The collar bounds are computed once here, so the hot path only compares: an order price {@code p} is inside the
 * collar when {@code collarLow() <= p <= collarHigh()}, with
 * {@code collarLow = ref - ref * bps / 10_000} and {@code collarHigh = ref + ref * bps / 10_000} (integer division,
 * so the band is never wider than configured). Thread-safe (immutable); constructed on edges (allocates).
 * <p>
 * {@code symbol}, {@code collarLow} and {@code collarHigh} follow from the other components: build one with
 * {@link #InstrumentLimits(String, long, long, long, int, long, boolean, boolean)}, which derives them; the canonical
 * constructor refuses values that do not match.
 *
 * @param name           symbol, 1 to 8 printable ASCII characters.
 * @param symbol         the symbol packed as on the wire ({@link PackedAscii}).
 * @param referencePrice reference price, fixed point, {@code 0 < p <= MAX_PRICE}: the centre of the collar and the
 *                       basis of MARKET order checks.
 * @param tickSize       tick size, fixed point, {@code 0 < t <= MAX_PRICE}: limit prices must be a multiple of it.
 * @param lotSize        lot size, {@code 1..MAX_QUANTITY}: quantities must be a multiple of it.
 * @param collarBps      collar half-width in basis points of the reference price, {@code 0..MAX_COLLAR_BPS}.
 * @param maxOrderQty    largest quantity of one order in this instrument, {@code 1..MAX_QUANTITY} (the account's limit
 *                       also applies; the lower wins).
 * @param tradable       whether orders may be sent at all (false refuses every order with
 *                       {@code INSTRUMENT_NOT_TRADABLE}).
 * @param restricted     whether the instrument is on the global restricted list (true refuses every order with
 *                       {@code RESTRICTED_INSTRUMENT}).
 * @param collarLow      lowest price inside the collar, fixed point.
 * @param collarHigh     highest price inside the collar, fixed point; also the worst-case price of a MARKET order.
 */
public record InstrumentLimits(
    String name,
    long symbol,
    long referencePrice,
    long tickSize,
    long lotSize,
    int collarBps,
    long maxOrderQty,
    boolean tradable,
    boolean restricted,
    long collarLow,
    long collarHigh)
{
    /** Largest accepted price (reference price, tick size): 100,000,000.00, so {@code price * bps} fits a long. */
    public static final long MAX_PRICE = 100_000_000L * Prices.SCALE;

    /** Largest accepted quantity limit (max order quantity, lot size, position). */
    public static final long MAX_QUANTITY = 1_000_000_000_000L;

    /** Largest collar in basis points: 10,000 = +-100%. */
    public static final int MAX_COLLAR_BPS = 10_000;

    /** Default tick size: 0.01. */
    public static final long DEFAULT_TICK_SIZE = Prices.SCALE / 100;

    /** Default lot size: 1. */
    public static final long DEFAULT_LOT_SIZE = 1;

    /** Default collar: 1,000 bps = +-10%. */
    public static final int DEFAULT_COLLAR_BPS = 1_000;

    /** Default max order quantity of an instrument: 1,000,000. */
    public static final long DEFAULT_MAX_ORDER_QTY = 1_000_000;

    private static final long BPS_PER_UNIT = 10_000;

    /**
     * Checks every value and that the derived ones follow from the others.
     *
     * @throws RiskConfigException naming the key {@code instrument.<name>.<field>} of the first invalid value.
     * @throws IllegalArgumentException when {@code symbol}, {@code collarLow} or {@code collarHigh} do not follow
     *                                  from the other components.
     */
    public InstrumentLimits
    {
        final String prefix = LimitsProperties.INSTRUMENT_PREFIX + checkedName(name) + ".";
        requireRange(prefix + LimitsProperties.REFERENCE_PRICE, referencePrice, 1, MAX_PRICE, true);
        requireRange(prefix + LimitsProperties.TICK_SIZE, tickSize, 1, MAX_PRICE, true);
        requireRange(prefix + LimitsProperties.LOT_SIZE, lotSize, 1, MAX_QUANTITY, false);
        requireRange(prefix + LimitsProperties.COLLAR_BPS, collarBps, 0, MAX_COLLAR_BPS, false);
        requireRange(prefix + LimitsProperties.MAX_ORDER_QTY, maxOrderQty, 1, MAX_QUANTITY, false);
        if (symbol != PackedAscii.pack(name) || collarLow != referencePrice - collarWidth(referencePrice, collarBps) ||
            collarHigh != referencePrice + collarWidth(referencePrice, collarBps))
        {
            throw new IllegalArgumentException("symbol and collar bounds must follow from the name, reference " +
                "price and collar of " + name + ": build it without them");
        }
    }

    /**
     * Limits with the symbol and collar bounds derived from the other values.
     *
     * @param name           symbol, 1 to 8 printable ASCII characters.
     * @param referencePrice fixed point, {@code 0 < p <= MAX_PRICE}.
     * @param tickSize       fixed point, {@code 0 < t <= MAX_PRICE}.
     * @param lotSize        {@code 1..MAX_QUANTITY}.
     * @param collarBps      {@code 0..MAX_COLLAR_BPS}.
     * @param maxOrderQty    {@code 1..MAX_QUANTITY}.
     * @param tradable       false to refuse every order with {@code INSTRUMENT_NOT_TRADABLE}.
     * @param restricted     true to refuse every order with {@code RESTRICTED_INSTRUMENT} (restricted list).
     * @throws RiskConfigException naming the key {@code instrument.<name>.<field>} of the first invalid value.
     */
    public InstrumentLimits(
        final String name,
        final long referencePrice,
        final long tickSize,
        final long lotSize,
        final int collarBps,
        final long maxOrderQty,
        final boolean tradable,
        final boolean restricted)
    {
        this(name, PackedAscii.pack(checkedName(name)), referencePrice, tickSize, lotSize, collarBps, maxOrderQty,
            tradable, restricted, referencePrice - collarWidth(referencePrice, collarBps),
            referencePrice + collarWidth(referencePrice, collarBps));
    }

    private static String checkedName(final String name)
    {
        if (!PackedAscii.isPackable(name))
        {
            throw new RiskConfigException("instrument." + name, name, "symbol must be 1 to 8 printable ASCII characters");
        }
        return name;
    }

    private static long collarWidth(final long referencePrice, final int collarBps)
    {
        return referencePrice * collarBps / BPS_PER_UNIT;
    }

    static void requireRange(final String key, final long value, final long min, final long max, final boolean price)
    {
        if (value < min || value > max)
        {
            final String shown = price ? Prices.format(value) : Long.toString(value);
            final String range = price ?
                Prices.format(min) + " .. " + Prices.format(max) : min + " .. " + max;
            throw new RiskConfigException(key, shown, "out of range, must be " + range);
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "InstrumentLimits{" + name +
            " ref=" + Prices.format(referencePrice) +
            " tick=" + Prices.format(tickSize) +
            " lot=" + lotSize +
            " collarBps=" + collarBps +
            " maxOrderQty=" + maxOrderQty +
            " tradable=" + tradable +
            " restricted=" + restricted + "}";
    }
}
