package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;

import java.util.Arrays;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Immutable limits of one trading account. Part of a {@link RiskLimits} snapshot.
 * <p>
 * Notionals are fixed point in the price scale ({@link Notional}). {@code maxPosition} applies to each instrument
 * the account trades, on both sides (long and short). Thread-safe (immutable); constructed on edges (allocates);
 * {@link #isRestricted(long)} allocates nothing.
 */
public final class AccountLimits
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

    private final String name;
    private final long account;
    private final long maxOrderQty;
    private final long maxOrderNotional;
    private final long maxPosition;
    private final long dailyNotional;
    private final int maxOpenOrders;
    private final long maxOrdersPerSecond;
    private final SortedSet<String> restrictedSymbolNames;
    private final long[] restrictedSymbols;

    /**
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
        final java.util.Collection<String> restrictedSymbols)
    {
        if (!PackedAscii.isPackable(name))
        {
            throw new RiskConfigException("account." + name, name, "account must be 1 to 8 printable ASCII characters");
        }
        final String prefix = LimitsProperties.ACCOUNT_PREFIX + name + ".";
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

        final TreeSet<String> names = new TreeSet<>();
        for (final String symbol : restrictedSymbols)
        {
            if (!PackedAscii.isPackable(symbol))
            {
                throw new RiskConfigException(prefix + LimitsProperties.RESTRICTED_SYMBOLS, String.valueOf(restrictedSymbols),
                    "'" + symbol + "' is not a symbol (1 to 8 printable ASCII characters)");
            }
            names.add(symbol);
        }

        this.name = name;
        this.account = PackedAscii.pack(name);
        this.maxOrderQty = maxOrderQty;
        this.maxOrderNotional = maxOrderNotional;
        this.maxPosition = maxPosition;
        this.dailyNotional = dailyNotional;
        this.maxOpenOrders = maxOpenOrders;
        this.maxOrdersPerSecond = maxOrdersPerSecond;
        this.restrictedSymbolNames = Collections.unmodifiableSortedSet(names);
        this.restrictedSymbols = new long[names.size()];
        int i = 0;
        for (final String symbol : names)
        {
            this.restrictedSymbols[i++] = PackedAscii.pack(symbol);
        }
        Arrays.sort(this.restrictedSymbols);
    }

    /**
     * @return the account as configured.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the account packed as on the wire ({@link PackedAscii}).
     */
    public long account()
    {
        return account;
    }

    /**
     * @return largest quantity of one order (the instrument's limit also applies; the lower wins).
     */
    public long maxOrderQty()
    {
        return maxOrderQty;
    }

    /**
     * @return largest notional of one order, fixed point.
     */
    public long maxOrderNotional()
    {
        return maxOrderNotional;
    }

    /**
     * @return largest worst-case position per instrument, long or short.
     */
    public long maxPosition()
    {
        return maxPosition;
    }

    /**
     * @return daily notional (credit) limit: executed plus open notional, fixed point.
     */
    public long dailyNotional()
    {
        return dailyNotional;
    }

    /**
     * @return largest number of orders open at once.
     */
    public int maxOpenOrders()
    {
        return maxOpenOrders;
    }

    /**
     * @return sustained order rate, which is also the burst size.
     */
    public long maxOrdersPerSecond()
    {
        return maxOrdersPerSecond;
    }

    /**
     * @return the account's restricted symbols, sorted.
     */
    public SortedSet<String> restrictedSymbolNames()
    {
        return restrictedSymbolNames;
    }

    /**
     * Allocation free: a binary search over a small sorted array.
     *
     * @param symbol packed symbol.
     * @return whether this account may not trade the symbol.
     */
    public boolean isRestricted(final long symbol)
    {
        return restrictedSymbols.length != 0 && Arrays.binarySearch(restrictedSymbols, symbol) >= 0;
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
            " restrictedSymbols=" + restrictedSymbolNames + "}";
    }
}
