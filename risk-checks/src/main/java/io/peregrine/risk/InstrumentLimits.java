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
 */
public final class InstrumentLimits
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

    private final String name;
    private final long symbol;
    private final long referencePrice;
    private final long tickSize;
    private final long lotSize;
    private final int collarBps;
    private final long maxOrderQty;
    private final boolean tradable;
    private final boolean restricted;
    private final long collarLow;
    private final long collarHigh;

    /**
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
        if (!PackedAscii.isPackable(name))
        {
            throw new RiskConfigException("instrument." + name, name, "symbol must be 1 to 8 printable ASCII characters");
        }
        final String prefix = LimitsProperties.INSTRUMENT_PREFIX + name + ".";
        requireRange(prefix + LimitsProperties.REFERENCE_PRICE, referencePrice, 1, MAX_PRICE, true);
        requireRange(prefix + LimitsProperties.TICK_SIZE, tickSize, 1, MAX_PRICE, true);
        requireRange(prefix + LimitsProperties.LOT_SIZE, lotSize, 1, MAX_QUANTITY, false);
        requireRange(prefix + LimitsProperties.COLLAR_BPS, collarBps, 0, MAX_COLLAR_BPS, false);
        requireRange(prefix + LimitsProperties.MAX_ORDER_QTY, maxOrderQty, 1, MAX_QUANTITY, false);

        this.name = name;
        this.symbol = PackedAscii.pack(name);
        this.referencePrice = referencePrice;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.collarBps = collarBps;
        this.maxOrderQty = maxOrderQty;
        this.tradable = tradable;
        this.restricted = restricted;

        final long width = referencePrice * collarBps / BPS_PER_UNIT;
        this.collarLow = referencePrice - width;
        this.collarHigh = referencePrice + width;
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
     * @return the symbol as configured.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the symbol packed as on the wire ({@link PackedAscii}).
     */
    public long symbol()
    {
        return symbol;
    }

    /**
     * @return reference price, fixed point: the centre of the collar and the basis of MARKET order checks.
     */
    public long referencePrice()
    {
        return referencePrice;
    }

    /**
     * @return tick size, fixed point: limit prices must be a multiple of it.
     */
    public long tickSize()
    {
        return tickSize;
    }

    /**
     * @return lot size: quantities must be a multiple of it.
     */
    public long lotSize()
    {
        return lotSize;
    }

    /**
     * @return collar half-width in basis points of the reference price.
     */
    public int collarBps()
    {
        return collarBps;
    }

    /**
     * @return largest quantity of one order in this instrument (the account's limit also applies; the lower wins).
     */
    public long maxOrderQty()
    {
        return maxOrderQty;
    }

    /**
     * @return whether orders may be sent at all.
     */
    public boolean tradable()
    {
        return tradable;
    }

    /**
     * @return whether the instrument is on the global restricted list.
     */
    public boolean restricted()
    {
        return restricted;
    }

    /**
     * @return lowest price inside the collar, fixed point.
     */
    public long collarLow()
    {
        return collarLow;
    }

    /**
     * @return highest price inside the collar, fixed point; also the worst-case price of a MARKET order.
     */
    public long collarHigh()
    {
        return collarHigh;
    }

    InstrumentLimits withReferencePrice(final long value)
    {
        return new InstrumentLimits(name, value, tickSize, lotSize, collarBps, maxOrderQty, tradable, restricted);
    }

    InstrumentLimits withCollarBps(final int value)
    {
        return new InstrumentLimits(name, referencePrice, tickSize, lotSize, value, maxOrderQty, tradable, restricted);
    }

    InstrumentLimits withMaxOrderQty(final long value)
    {
        return new InstrumentLimits(name, referencePrice, tickSize, lotSize, collarBps, value, tradable, restricted);
    }

    InstrumentLimits withTradable(final boolean value)
    {
        return new InstrumentLimits(name, referencePrice, tickSize, lotSize, collarBps, maxOrderQty, value, restricted);
    }

    InstrumentLimits withRestricted(final boolean value)
    {
        return new InstrumentLimits(name, referencePrice, tickSize, lotSize, collarBps, maxOrderQty, tradable, value);
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
