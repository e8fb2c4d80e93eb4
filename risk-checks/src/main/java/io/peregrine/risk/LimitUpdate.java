package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.RejectReason;

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

    private long accountMaxOrderQty;
    private long maxOrderNotional;
    private long maxPosition;
    private long dailyNotional;
    private int maxOpenOrders;
    private long maxOrdersPerSecond;
    private TreeSet<String> restrictedSymbols;

    private long referencePrice;
    private int collarBps;
    private long instrumentMaxOrderQty;
    private boolean tradable;
    private boolean restricted;

    private LimitUpdate(final RiskLimits base, final AccountLimits account, final InstrumentLimits instrument)
    {
        this.base = base;
        this.account = account;
        this.instrument = instrument;
        if (null != account)
        {
            accountMaxOrderQty = account.maxOrderQty();
            maxOrderNotional = account.maxOrderNotional();
            maxPosition = account.maxPosition();
            dailyNotional = account.dailyNotional();
            maxOpenOrders = account.maxOpenOrders();
            maxOrdersPerSecond = account.maxOrdersPerSecond();
            restrictedSymbols = new TreeSet<>(account.restrictedSymbolNames());
        }
        if (null != instrument)
        {
            referencePrice = instrument.referencePrice();
            collarBps = instrument.collarBps();
            instrumentMaxOrderQty = instrument.maxOrderQty();
            tradable = instrument.tradable();
            restricted = instrument.restricted();
        }
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
                if (null != account)
                {
                    accountMaxOrderQty = value;
                    return inRange(value, 1, InstrumentLimits.MAX_QUANTITY);
                }
                instrumentMaxOrderQty = value;
                return null != instrument && inRange(value, 1, InstrumentLimits.MAX_QUANTITY);

            case MAX_ORDER_NOTIONAL:
                maxOrderNotional = value;
                return null != account && inRange(value, 1, AccountLimits.MAX_NOTIONAL);

            case MAX_POSITION:
                maxPosition = value;
                return null != account && inRange(value, 0, InstrumentLimits.MAX_QUANTITY);

            case DAILY_NOTIONAL:
                dailyNotional = value;
                return null != account && inRange(value, 0, AccountLimits.MAX_NOTIONAL);

            case MAX_OPEN_ORDERS:
                maxOpenOrders = (int)value;
                return null != account && inRange(value, 0, Integer.MAX_VALUE);

            case MAX_ORDERS_PER_SECOND:
                maxOrdersPerSecond = value;
                return null != account && inRange(value, 1, AccountLimits.MAX_ORDERS_PER_SECOND);

            case RESTRICTED:
                if (null == instrument || !inRange(value, 0, 1))
                {
                    return false;
                }
                if (null != account)
                {
                    if (value == 1)
                    {
                        restrictedSymbols.add(instrument.name());
                    }
                    else
                    {
                        restrictedSymbols.remove(instrument.name());
                    }
                }
                else
                {
                    restricted = value == 1;
                }
                return true;

            case TRADABLE:
                tradable = value == 1;
                return null != instrument && inRange(value, 0, 1);

            case REFERENCE_PRICE:
                referencePrice = value;
                return null != instrument && inRange(value, 1, InstrumentLimits.MAX_PRICE);

            case COLLAR_BPS:
                collarBps = (int)value;
                return null != instrument && inRange(value, 0, InstrumentLimits.MAX_COLLAR_BPS);

            default:
                return false;
        }
    }

    private RiskLimits build()
    {
        RiskLimits next = base;
        if (null != account)
        {
            next = next.withAccount(account.with(accountMaxOrderQty, maxOrderNotional, maxPosition, dailyNotional,
                maxOpenOrders, maxOrdersPerSecond, restrictedSymbols));
        }
        if (null != instrument)
        {
            next = next.withInstrument(new InstrumentLimits(instrument.name(), referencePrice, instrument.tickSize(),
                instrument.lotSize(), collarBps, instrumentMaxOrderQty, tradable, restricted));
        }
        return next;
    }

    private static boolean inRange(final long value, final long min, final long max)
    {
        return value >= min && value <= max;
    }
}
