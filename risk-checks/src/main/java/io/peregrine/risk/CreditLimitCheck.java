package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * Daily notional (credit) per account: {@code executed + open + this order <= dailyNotional}, where executed is
 * the notional filled today and open the notional reserved by working orders (released by cancels). Saturating.
 * Stateless, allocation free, any thread.
 */
final class CreditLimitCheck
{
    private CreditLimitCheck()
    {
    }

    static RejectReason check(
        final long executedNotional, final long openNotional, final long orderNotional, final AccountLimits account)
    {
        final long used = Notional.add(Notional.add(executedNotional, openNotional), orderNotional);
        return used <= account.dailyNotional() ? RejectReason.NONE : RejectReason.CREDIT_LIMIT_EXCEEDED;
    }
}
