package io.peregrine.risk;

/**
 * The store of {@link PreTradeRisk#inMemory(RiskLimits)}: keeps nothing, so state lives only in
 * {@link PreTradeRisk}'s arrays and is gone on restart. Allocation free.
 */
final class TransientRiskStore implements RiskStore
{
    private long tradingDay = PreTradeRisk.NO_TRADING_DAY;

    public RiskLimits loadLimits()
    {
        return null;
    }

    public void saveLimits(final RiskLimits limits)
    {
    }

    public void forEachPosition(final PositionVisitor visitor)
    {
    }

    public long bindPosition(final int pairIndex, final int accountSlot, final long account, final long symbol)
    {
        return 0;
    }

    public long bindAccount(final int accountSlot, final long account)
    {
        return 0;
    }

    public void position(final int pairIndex, final long value)
    {
    }

    public void executedNotional(final int accountSlot, final long value)
    {
    }

    public void flush()
    {
    }

    public long tradingDay()
    {
        return tradingDay;
    }

    public void tradingDay(final long day)
    {
        tradingDay = day;
    }

    public boolean isAccountKilled(final long account)
    {
        return false;
    }

    public void accountKilled(final long account, final boolean killed)
    {
    }

    public boolean isGlobalKilled()
    {
        return false;
    }

    public void globalKilled(final boolean killed)
    {
    }

    public void close()
    {
    }
}
