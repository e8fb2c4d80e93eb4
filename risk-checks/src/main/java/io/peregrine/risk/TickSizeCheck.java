package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * A limit price is above zero ({@code INVALID_PRICE}) and a whole number of ticks ({@code TICK_SIZE_VIOLATION}).
 * Not applied to MARKET orders, whose price field is ignored. Stateless, allocation free, any thread.
 */
final class TickSizeCheck
{
    private TickSizeCheck()
    {
    }

    static RejectReason check(final long price, final InstrumentLimits instrument)
    {
        if (price <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        return price % instrument.tickSize() == 0 ? RejectReason.NONE : RejectReason.TICK_SIZE_VIOLATION;
    }
}
