package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.RejectReason;

import java.util.EnumMap;
import java.util.TreeSet;

/**
 * Applies the entries of an SBE {@code LimitUpdate} to a snapshot, all or nothing. Which entity an entry applies to:
 * <ul>
 *     <li>{@code MAX_ORDER_NOTIONAL}, {@code MAX_POSITION}, {@code DAILY_NOTIONAL}, {@code MAX_OPEN_ORDERS},
 *     {@code MAX_ORDERS_PER_SECOND}: the account (required).</li>
 *     <li>{@code TRADABLE}, {@code REFERENCE_PRICE}, {@code COLLAR_BPS}: the instrument (required).</li>
 *     <li>{@code MAX_ORDER_QTY}: the account if one is given, else the instrument.</li>
 *     <li>{@code RESTRICTED} (0 or 1): with an account and a symbol, adds or removes the symbol from the account's
 *     restricted symbols; with a symbol only, the instrument's global restricted flag.</li>
 * </ul>
 * A named account or symbol that is not in the snapshot gives {@code UNKNOWN_ACCOUNT} / {@code UNKNOWN_INSTRUMENT};
 * any other problem (missing target, value out of the range the config file accepts, unknown type, bad count)
 * gives {@code INVALID_LIMIT}. Admin path: allocates.
 */
final class LimitUpdate
{
    private final RiskLimits base;
    private final AccountLimits account;
    private final InstrumentLimits instrument;
    /** The new values, by what they change: the account's limits or the instrument's (unset ones are kept). */
    private final EnumMap<LimitType, Long> accountValues = new EnumMap<>(LimitType.class);
    private final EnumMap<LimitType, Long> instrumentValues = new EnumMap<>(LimitType.class);
    private final TreeSet<String> restrictedSymbols;

    private LimitUpdate(final RiskLimits base, final AccountLimits account, final InstrumentLimits instrument)
    {
        this.base = base;
        this.account = account;
        this.instrument = instrument;
        this.restrictedSymbols = null == account ? null : new TreeSet<>(account.restrictedSymbolNames());
    }

    /**
     * @param result receives the new snapshot at index 0 when the update is valid.
     * @return {@code NONE} and the new snapshot in {@code result[0]}, or the reason nothing was applied.
     */
    static RejectReason apply(
        final RiskLimits base,
        final long accountId,
        final long symbol,
        final LimitType[] types,
        final long[] values,
        final int count,
        final RiskLimits[] result)
    {
        if (null == types || null == values || count <= 0 || count > types.length || count > values.length)
        {
            return RejectReason.INVALID_LIMIT;
        }
        AccountLimits account = null;
        if (accountId != PackedAscii.BLANK)
        {
            account = base.account(accountId);
            if (null == account)
            {
                return RejectReason.UNKNOWN_ACCOUNT;
            }
        }
        InstrumentLimits instrument = null;
        if (symbol != PackedAscii.BLANK)
        {
            instrument = base.instrument(symbol);
            if (null == instrument)
            {
                return RejectReason.UNKNOWN_INSTRUMENT;
            }
        }

        final LimitUpdate update = new LimitUpdate(base, account, instrument);
        for (int i = 0; i < count; i++)
        {
            if (!update.set(types[i], values[i]))
            {
                return RejectReason.INVALID_LIMIT;
            }
        }
        try
        {
            result[0] = update.build();
        }
        catch (final RiskConfigException ex)
        {
            return RejectReason.INVALID_LIMIT;
        }
        return RejectReason.NONE;
    }

    private boolean set(final LimitType type, final long value)
    {
        if (null == type)
        {
            return false;
        }
        switch (type)
        {
            case MAX_ORDER_QTY:
                return null != account ?
                    setAccount(type, value, 1, InstrumentLimits.MAX_QUANTITY) :
                    setInstrument(type, value, 1, InstrumentLimits.MAX_QUANTITY);
            case MAX_ORDER_NOTIONAL:
                return setAccount(type, value, 1, AccountLimits.MAX_NOTIONAL);
            case MAX_POSITION:
                return setAccount(type, value, 0, InstrumentLimits.MAX_QUANTITY);
            case DAILY_NOTIONAL:
                return setAccount(type, value, 0, AccountLimits.MAX_NOTIONAL);
            case MAX_OPEN_ORDERS:
                return setAccount(type, value, 0, Integer.MAX_VALUE);
            case MAX_ORDERS_PER_SECOND:
                return setAccount(type, value, 1, AccountLimits.MAX_ORDERS_PER_SECOND);
            case RESTRICTED:
                if (null == account)
                {
                    return setInstrument(type, value, 0, 1); // the instrument's global restricted flag
                }
                if (null == instrument || !inRange(value, 0, 1))
                {
                    return false;
                }
                if (value == 1)
                {
                    restrictedSymbols.add(instrument.name());
                }
                else
                {
                    restrictedSymbols.remove(instrument.name());
                }
                return true;
            case TRADABLE:
                return setInstrument(type, value, 0, 1);
            case REFERENCE_PRICE:
                return setInstrument(type, value, 1, InstrumentLimits.MAX_PRICE);
            case COLLAR_BPS:
                return setInstrument(type, value, 0, InstrumentLimits.MAX_COLLAR_BPS);
            default:
                return false;
        }
    }

    private boolean setAccount(final LimitType type, final long value, final long min, final long max)
    {
        accountValues.put(type, value);
        return null != account && inRange(value, min, max);
    }

    private boolean setInstrument(final LimitType type, final long value, final long min, final long max)
    {
        instrumentValues.put(type, value);
        return null != instrument && inRange(value, min, max);
    }

    private RiskLimits build()
    {
        RiskLimits next = base;
        if (null != account)
        {
            next = next.withAccount(new AccountLimits(account.name(),
                accountValues.getOrDefault(LimitType.MAX_ORDER_QTY, account.maxOrderQty()),
                accountValues.getOrDefault(LimitType.MAX_ORDER_NOTIONAL, account.maxOrderNotional()),
                accountValues.getOrDefault(LimitType.MAX_POSITION, account.maxPosition()),
                accountValues.getOrDefault(LimitType.DAILY_NOTIONAL, account.dailyNotional()),
                (int)(long)accountValues.getOrDefault(LimitType.MAX_OPEN_ORDERS, (long)account.maxOpenOrders()),
                accountValues.getOrDefault(LimitType.MAX_ORDERS_PER_SECOND, account.maxOrdersPerSecond()),
                restrictedSymbols));
        }
        if (null != instrument)
        {
            next = next.withInstrument(new InstrumentLimits(instrument.name(),
                instrumentValues.getOrDefault(LimitType.REFERENCE_PRICE, instrument.referencePrice()),
                instrument.tickSize(),
                instrument.lotSize(),
                (int)(long)instrumentValues.getOrDefault(LimitType.COLLAR_BPS, (long)instrument.collarBps()),
                instrumentValues.getOrDefault(LimitType.MAX_ORDER_QTY, instrument.maxOrderQty()),
                1 == instrumentValues.getOrDefault(LimitType.TRADABLE, instrument.tradable() ? 1L : 0L),
                1 == instrumentValues.getOrDefault(LimitType.RESTRICTED, instrument.restricted() ? 1L : 0L)));
        }
        return next;
    }

    private static boolean inRange(final long value, final long min, final long max)
    {
        return value >= min && value <= max;
    }
}
