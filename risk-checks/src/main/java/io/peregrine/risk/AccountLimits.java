package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;

import java.util.Collection;
import java.util.Objects;
import java.util.SortedSet;

/**
 * Immutable limits of one trading account. Part of a {@link RiskLimits} snapshot.
 * <p>
 * Notionals are fixed point in the price scale ({@link Notional}). {@code maxPosition} applies to each instrument
 * the account trades, on both sides (long and short). Thread-safe (immutable); constructed on edges (allocates);
 * {@link #isRestricted(long)} allocates nothing. {@code account} follows from {@code name}: build one with
 * {@link #AccountLimits(String, long, long, long, long, int, long, Collection)}, which packs it; the canonical
 * constructor refuses one that does not match.
 *
 * @param name               account, 1 to 8 printable ASCII characters.
 * @param account            the account packed as on the wire ({@link PackedAscii}).
 * @param maxOrderQty        largest quantity of one order, {@code 1..InstrumentLimits.MAX_QUANTITY} (the
 *                           instrument's limit also applies; the lower wins).
 * @param maxOrderNotional   largest notional of one order, fixed point, {@code 1..MAX_NOTIONAL}.
 * @param maxPosition        largest worst-case position per instrument, long or short,
 *                           {@code 0..InstrumentLimits.MAX_QUANTITY}.
 * @param dailyNotional      daily notional (credit) limit: executed plus open notional, fixed point,
 *                           {@code 0..MAX_NOTIONAL}.
 * @param maxOpenOrders      largest number of orders open at once, {@code 0..Integer.MAX_VALUE}.
 * @param maxOrdersPerSecond sustained order rate, which is also the burst size, {@code 1..MAX_ORDERS_PER_SECOND}.
 * @param restrictedSymbols  symbols this account may not trade.
 */
public record AccountLimits(
    String name,
    long account,
    long maxOrderQty,
    long maxOrderNotional,
    long maxPosition,
    long dailyNotional,
    int maxOpenOrders,
    long maxOrdersPerSecond,
    RestrictedSymbols restrictedSymbols)
{
    /** Largest accepted notional limit: 9,000,000,000,000.00 (fits a long in the price scale). */
    public static final long MAX_NOTIONAL = 9_000_000_000_000L * Prices.SCALE;

    /** Largest accepted order-rate limit, orders per second. */
    public static final long MAX_ORDERS_PER_SECOND = 1_000_000_000L;

    /** Default max order quantity of an account: 100,000 (the public demo default). */
    public static final long DEFAULT_MAX_ORDER_QTY = 100_000;

    /** Default max order notional: 10,000,000.00. */
    public static final long DEFAULT_MAX_ORDER_NOTIONAL = 10_000_000L * Prices.SCALE;

    /** Default max position per instrument (long or short): 1,000,000. */
    public static final long DEFAULT_MAX_POSITION = 1_000_000;

    /** Default daily notional (credit): 1,000,000,000.00. */
    public static final long DEFAULT_DAILY_NOTIONAL = 1_000_000_000L * Prices.SCALE;

    /** Default max open orders: 10,000. */
    public static final int DEFAULT_MAX_OPEN_ORDERS = 10_000;

    /** Default max orders per second: 1,000. */
    public static final long DEFAULT_MAX_ORDERS_PER_SECOND = 1_000;

    /**
     * Checks every value and that {@code account} is {@code name} packed.
     *
     * @throws RiskConfigException naming the key {@code account.<name>.<field>} of the first invalid value.
     * @throws IllegalArgumentException when {@code account} is not {@code name} packed.
     */
    public AccountLimits
    {
        final String prefix = LimitsProperties.ACCOUNT_PREFIX + checkedName(name) + ".";
        InstrumentLimits.requireRange(
            prefix + LimitsProperties.MAX_ORDER_QTY, maxOrderQty, 1, InstrumentLimits.MAX_QUANTITY, false);
        InstrumentLimits.requireRange(
            prefix + LimitsProperties.MAX_ORDER_NOTIONAL, maxOrderNotional, 1, MAX_NOTIONAL, true);
        InstrumentLimits.requireRange(
            prefix + LimitsProperties.MAX_POSITION, maxPosition, 0, InstrumentLimits.MAX_QUANTITY, false);
        InstrumentLimits.requireRange(
            prefix + LimitsProperties.DAILY_NOTIONAL, dailyNotional, 0, MAX_NOTIONAL, true);
        InstrumentLimits.requireRange(
            prefix + LimitsProperties.MAX_OPEN_ORDERS, maxOpenOrders, 0, Integer.MAX_VALUE, false);
        InstrumentLimits.requireRange(
            prefix + LimitsProperties.MAX_ORDERS_PER_SECOND, maxOrdersPerSecond, 1, MAX_ORDERS_PER_SECOND, false);
        Objects.requireNonNull(restrictedSymbols, "restrictedSymbols");
        if (account != PackedAscii.pack(name))
        {
            throw new IllegalArgumentException(
                "account must be the name " + name + " packed: build it without the packed account");
        }
    }

    /**
     * Limits with the account packed from its name.
     *
     * @param name               account, 1 to 8 printable ASCII characters.
     * @param maxOrderQty        {@code 1..InstrumentLimits.MAX_QUANTITY}.
     * @param maxOrderNotional   fixed point, {@code 1..MAX_NOTIONAL}.
     * @param maxPosition        {@code 0..InstrumentLimits.MAX_QUANTITY}, per instrument, long or short.
     * @param dailyNotional      fixed point, {@code 0..MAX_NOTIONAL}: executed plus open notional of the day.
     * @param maxOpenOrders      {@code 0..Integer.MAX_VALUE}.
     * @param maxOrdersPerSecond {@code 1..MAX_ORDERS_PER_SECOND}.
     * @param restrictedSymbols  symbols this account may not trade.
     * @throws RiskConfigException naming the key {@code account.<name>.<field>} of the first invalid value.
     */
    public AccountLimits(
        final String name,
        final long maxOrderQty,
        final long maxOrderNotional,
        final long maxPosition,
        final long dailyNotional,
        final int maxOpenOrders,
        final long maxOrdersPerSecond,
        final Collection<String> restrictedSymbols)
    {
        this(name, PackedAscii.pack(checkedName(name)), maxOrderQty, maxOrderNotional, maxPosition, dailyNotional,
            maxOpenOrders, maxOrdersPerSecond, new RestrictedSymbols(
            LimitsProperties.ACCOUNT_PREFIX + name + "." + LimitsProperties.RESTRICTED_SYMBOLS, restrictedSymbols));
    }

    private static String checkedName(final String name)
    {
        if (!PackedAscii.isPackable(name))
        {
            throw new RiskConfigException("account." + name, name, "account must be 1 to 8 printable ASCII characters");
        }
        return name;
    }

    /**
     * @return the account's restricted symbols, sorted.
     */
    public SortedSet<String> restrictedSymbolNames()
    {
        return restrictedSymbols.names();
    }

    /**
     * Allocation free: a binary search over a small sorted array.
     *
     * @param symbol packed symbol.
     * @return whether this account may not trade the symbol.
     */
    public boolean isRestricted(final long symbol)
    {
        return restrictedSymbols.contains(symbol);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "AccountLimits{" + name +
            " maxOrderQty=" + maxOrderQty +
            " maxOrderNotional=" + Prices.format(maxOrderNotional) +
            " maxPosition=" + maxPosition +
            " dailyNotional=" + Prices.format(dailyNotional) +
            " maxOpenOrders=" + maxOpenOrders +
            " maxOrdersPerSecond=" + maxOrdersPerSecond +
            " restrictedSymbols=" + restrictedSymbols + "}";
    }
}
