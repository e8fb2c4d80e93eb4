package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * Known and tradable instrument. Stateless, allocation free, any thread.
 */
final class TradableCheck
{
    private TradableCheck()
    {
    }

    /**
     * @param instrument limits of the order's instrument in the current snapshot, null if unknown.
     * @return {@code UNKNOWN_INSTRUMENT}, {@code INSTRUMENT_NOT_TRADABLE} or {@code NONE}.
     */
    static RejectReason check(final InstrumentLimits instrument)
    {
        if (null == instrument)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        return instrument.tradable() ? RejectReason.NONE : RejectReason.INSTRUMENT_NOT_TRADABLE;
    }
}
