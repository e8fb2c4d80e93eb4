package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * Open orders per account: a new order is accepted while {@code openOrders + 1 <= maxOpenOrders}. Stateless,
 * allocation free, any thread.
 */
final class OpenOrderLimitCheck
{
    private OpenOrderLimitCheck()
    {
    }

    static RejectReason check(final int openOrders, final AccountLimits account)
    {
        return openOrders < account.maxOpenOrders() ? RejectReason.NONE : RejectReason.OPEN_ORDER_LIMIT_EXCEEDED;
    }
}
