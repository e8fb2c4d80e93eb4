package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * Worst-case position per account and instrument, as if every open order and this one filled:
 * buy: {@code position + openBuy + qty <= maxPosition}; sell: {@code position - openSell - qty >= -maxPosition}.
 * Sums saturate ({@link Notional#add}), so an extreme position cannot wrap around. Stateless, allocation free,
 * any thread.
 */
final class PositionLimitCheck
{
    private PositionLimitCheck()
    {
    }

    static RejectReason check(
        final boolean buy,
        final long position,
        final long openBuy,
        final long openSell,
        final long quantity,
        final AccountLimits account)
    {
        final long max = account.maxPosition();
        if (buy)
        {
            final long worst = Notional.add(Notional.add(position, openBuy), quantity);
            return worst <= max ? RejectReason.NONE : RejectReason.POSITION_LIMIT_EXCEEDED;
        }
        final long worst = Notional.subtract(Notional.subtract(position, openSell), quantity);
        return worst >= -max ? RejectReason.NONE : RejectReason.POSITION_LIMIT_EXCEEDED;
    }
}
