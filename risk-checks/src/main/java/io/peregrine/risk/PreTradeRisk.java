package io.peregrine.risk;

import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

import java.nio.file.Path;

/**
 * STAND-IN for the risk branch with the API of the brief and a few simple checks so the core can be exercised.
 * Replaced by branch risk.
 */
public final class PreTradeRisk implements AutoCloseable
{
    private volatile RiskLimits limits;
    private boolean killedGlobal;
    private final LongHashSet killedAccounts = new LongHashSet();
    private final Long2LongHashMap openOrders = new Long2LongHashMap(0);
    private final Long2LongHashMap dailyNotional = new Long2LongHashMap(0);

    private PreTradeRisk(final RiskLimits limits)
    {
        this.limits = limits;
    }

    public static PreTradeRisk inMemory(final RiskLimits limits)
    {
        return new PreTradeRisk(limits);
    }

    public static PreTradeRisk persistent(final RiskLimits limits, final Path stateDir)
    {
        return new PreTradeRisk(limits);
    }

    public RejectReason evaluateNewOrder(
        final long account, final long symbol, final long clOrdId, final Side side, final OrdType ordType,
        final long price, final long quantity, final long nowNanos)
    {
        final RiskLimits l = limits;
        if (killedGlobal)
        {
            return RejectReason.KILL_SWITCH_GLOBAL;
        }
        final RiskLimits.Account acc = l.accounts.get(account);
        if (null == acc)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        if (killedAccounts.contains(account))
        {
            return RejectReason.KILL_SWITCH_ACCOUNT;
        }
        final RiskLimits.Instrument ins = l.instruments.get(symbol);
        if (null == ins)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (!ins.tradable)
        {
            return RejectReason.INSTRUMENT_NOT_TRADABLE;
        }
        if (ins.restricted)
        {
            return RejectReason.RESTRICTED_INSTRUMENT;
        }
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity > ins.maxOrderQty)
        {
            return RejectReason.QUANTITY_ABOVE_MAX;
        }
        if (quantity % ins.lotSize != 0)
        {
            return RejectReason.LOT_SIZE_VIOLATION;
        }
        final long effectivePrice = ordType == OrdType.MARKET ? ins.referencePrice : price;
        if (ordType == OrdType.LIMIT)
        {
            if (price <= 0)
            {
                return RejectReason.INVALID_PRICE;
            }
            if (price % ins.tickSize != 0)
            {
                return RejectReason.TICK_SIZE_VIOLATION;
            }
            final long band = ins.referencePrice / 10_000 * ins.collarBps;
            if (price > ins.referencePrice + band || price < ins.referencePrice - band)
            {
                return RejectReason.PRICE_OUTSIDE_COLLAR;
            }
        }
        final long notional = effectivePrice / 1_000_000 * quantity;
        if (notional > acc.maxOrderNotional)
        {
            return RejectReason.MAX_NOTIONAL_EXCEEDED;
        }
        if (quantity > acc.maxPosition)
        {
            return RejectReason.POSITION_LIMIT_EXCEEDED;
        }
        if (dailyNotional.get(account) + notional > acc.dailyNotional)
        {
            return RejectReason.CREDIT_LIMIT_EXCEEDED;
        }
        if (openOrders.get(account) >= acc.maxOpenOrders)
        {
            return RejectReason.OPEN_ORDER_LIMIT_EXCEEDED;
        }
        openOrders.put(account, openOrders.get(account) + 1);
        dailyNotional.put(account, dailyNotional.get(account) + notional);
        return RejectReason.NONE;
    }

    public RejectReason evaluateReplace(
        final long account, final long symbol, final long newClOrdId, final Side side, final OrdType ordType,
        final long oldPrice, final long oldLeavesQty, final long newPrice, final long newLeavesQty, final long nowNanos)
    {
        final RiskLimits.Instrument ins = limits.instruments.get(symbol);
        if (null == ins)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (newLeavesQty <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (ordType == OrdType.LIMIT && (newPrice <= 0 || newPrice % ins.tickSize != 0))
        {
            return RejectReason.TICK_SIZE_VIOLATION;
        }
        return RejectReason.NONE;
    }

    public void onReplaceReverted(
        final long account, final long symbol, final Side side, final long newPrice, final long newLeavesQty,
        final long oldPrice, final long oldLeavesQty)
    {
    }

    public void onFill(
        final long account, final long symbol, final Side side, final long orderPrice, final long fillQty,
        final long fillPrice)
    {
    }

    public void onOrderClosed(
        final long account, final long symbol, final Side side, final long orderPrice, final long leavesQty)
    {
        final long open = openOrders.get(account);
        if (open > 0)
        {
            openOrders.put(account, open - 1);
        }
    }

    public void killGlobal()
    {
        killedGlobal = true;
    }

    public void resumeGlobal()
    {
        killedGlobal = false;
    }

    public boolean killAccount(final long account)
    {
        if (!isKnownAccount(account))
        {
            return false;
        }
        killedAccounts.add(account);
        return true;
    }

    public boolean resumeAccount(final long account)
    {
        if (!isKnownAccount(account))
        {
            return false;
        }
        killedAccounts.remove(account);
        return true;
    }

    public RejectReason applyLimitUpdate(
        final long account, final long symbol, final LimitType[] types, final long[] values, final int count)
    {
        final RiskLimits next = limits.copy();
        for (int i = 0; i < count; i++)
        {
            final LimitType type = types[i];
            final long value = values[i];
            final RiskLimits.Account acc = next.accounts.get(account);
            final RiskLimits.Instrument ins = next.instruments.get(symbol);
            switch (type)
            {
                case MAX_ORDER_QTY:
                    if (null == ins) return RejectReason.UNKNOWN_INSTRUMENT;
                    ins.maxOrderQty = value;
                    break;
                case REFERENCE_PRICE:
                    if (null == ins) return RejectReason.UNKNOWN_INSTRUMENT;
                    ins.referencePrice = value;
                    break;
                case COLLAR_BPS:
                    if (null == ins) return RejectReason.UNKNOWN_INSTRUMENT;
                    ins.collarBps = value;
                    break;
                case TRADABLE:
                    if (null == ins) return RejectReason.UNKNOWN_INSTRUMENT;
                    ins.tradable = value != 0;
                    break;
                case RESTRICTED:
                    if (null == ins) return RejectReason.UNKNOWN_INSTRUMENT;
                    ins.restricted = value != 0;
                    break;
                case MAX_ORDER_NOTIONAL:
                    if (null == acc) return RejectReason.UNKNOWN_ACCOUNT;
                    acc.maxOrderNotional = value;
                    break;
                case MAX_POSITION:
                    if (null == acc) return RejectReason.UNKNOWN_ACCOUNT;
                    acc.maxPosition = value;
                    break;
                case DAILY_NOTIONAL:
                    if (null == acc) return RejectReason.UNKNOWN_ACCOUNT;
                    acc.dailyNotional = value;
                    break;
                case MAX_OPEN_ORDERS:
                    if (null == acc) return RejectReason.UNKNOWN_ACCOUNT;
                    acc.maxOpenOrders = value;
                    break;
                case MAX_ORDERS_PER_SECOND:
                    if (null == acc) return RejectReason.UNKNOWN_ACCOUNT;
                    acc.maxOrdersPerSecond = value;
                    break;
                default:
                    return RejectReason.INVALID_LIMIT;
            }
        }
        limits = next;
        return RejectReason.NONE;
    }

    public void swapLimits(final RiskLimits next)
    {
        limits = next;
    }

    public RiskLimits limits()
    {
        return limits;
    }

    public long position(final long account, final long symbol)
    {
        return 0;
    }

    public long openBuyQty(final long account, final long symbol)
    {
        return 0;
    }

    public long openSellQty(final long account, final long symbol)
    {
        return 0;
    }

    public int openOrders(final long account)
    {
        return (int)openOrders.get(account);
    }

    public long dailyNotionalUsed(final long account)
    {
        return dailyNotional.get(account);
    }

    public boolean isKnownAccount(final long account)
    {
        return limits.accounts.containsKey(account);
    }

    public boolean isKnownInstrument(final long symbol)
    {
        return limits.instruments.containsKey(symbol);
    }

    public long referencePrice(final long symbol)
    {
        final RiskLimits.Instrument ins = limits.instruments.get(symbol);
        return null == ins ? 0 : ins.referencePrice;
    }

    public void close()
    {
    }
}
