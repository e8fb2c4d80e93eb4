package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * A limit price within the collar around the reference price:
 * {@code InstrumentLimits.collarLow() <= price <= InstrumentLimits.collarHigh()}, both ends inclusive. MARKET orders
 * pass by construction: they are evaluated at the collar's worst-case end. After this check a price is at most
 * {@code InstrumentLimits.MAX_PRICE * 2}. Stateless, allocation free, any thread.
 */
final class PriceCollarCheck
{
    private PriceCollarCheck()
    {
    }

    static RejectReason check(final long price, final InstrumentLimits instrument)
    {
        if (price < instrument.collarLow() || price > instrument.collarHigh())
        {
            return RejectReason.PRICE_OUTSIDE_COLLAR;
        }
        return RejectReason.NONE;
    }
}
