package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;

/**
 * Restricted list: an instrument restricted for everyone ({@code instrument.<S>.restricted=true}) or for one account
 * ({@code account.<A>.restrictedSymbols}). Stateless, allocation free, any thread.
 */
final class RestrictedListCheck
{
    private RestrictedListCheck()
    {
    }

    static RejectReason check(final InstrumentLimits instrument, final AccountLimits account)
    {
        if (instrument.restricted() || account.isRestricted(instrument.symbol()))
        {
            return RejectReason.RESTRICTED_INSTRUMENT;
        }
        return RejectReason.NONE;
    }
}
