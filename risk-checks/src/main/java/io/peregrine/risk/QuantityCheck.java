package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * Quantity above zero and at most the lower of the account's and the instrument's max order quantity. Runs before
 * any arithmetic on the quantity, so later checks see {@code 0 < qty <= InstrumentLimits.MAX_QUANTITY}. Stateless,
 * allocation free, any thread.
 */
final class QuantityCheck
{
    private QuantityCheck()
    {
    }

    static RejectReason check(final long quantity, final InstrumentLimits instrument, final AccountLimits account)
    {
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity > Math.min(instrument.maxOrderQty(), account.maxOrderQty()))
        {
            return RejectReason.QUANTITY_ABOVE_MAX;
        }
        return RejectReason.NONE;
    }
}
