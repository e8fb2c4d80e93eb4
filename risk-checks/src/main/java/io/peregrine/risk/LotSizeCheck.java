package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * Quantity is a whole number of lots. Stateless, allocation free, any thread.
 */
final class LotSizeCheck
{
    private LotSizeCheck()
    {
    }

    static RejectReason check(final long quantity, final InstrumentLimits instrument)
    {
        return quantity % instrument.lotSize() == 0 ? RejectReason.NONE : RejectReason.LOT_SIZE_VIOLATION;
    }
}
