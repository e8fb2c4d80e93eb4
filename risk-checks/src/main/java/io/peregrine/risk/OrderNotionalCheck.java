package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * Notional of one order ({@code price * quantity}, saturating, see {@link Notional}) at most the account's
 * {@code maxOrderNotional}. Stateless, allocation free, any thread.
 */
final class OrderNotionalCheck
{
    private OrderNotionalCheck()
    {
    }

    static RejectReason check(final long notional, final AccountLimits account)
    {
        return notional <= account.maxOrderNotional() ? RejectReason.NONE : RejectReason.MAX_NOTIONAL_EXCEEDED;
    }
}
