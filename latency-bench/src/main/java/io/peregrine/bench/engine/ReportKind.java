package io.peregrine.bench.engine;

/**
 * What an execution report means for the order it names, in the terms both paths (SBE and FIX) share.
 */
public enum ReportKind
{
    /** Acknowledged by the venue (ExecType New): not final. */
    NEW(false),
    /** Part of the order traded: not final. */
    PARTIAL_FILL(false),
    /** The whole order traded: final. */
    FILL(true),
    /** The remainder of an IOC expired: final. */
    EXPIRED(true),
    /** Canceled: final. */
    CANCELED(true),
    /** Rejected by the gateway, the core or the venue: final. */
    REJECTED(true),
    /** Anything else (replaced, status): not final. */
    OTHER(false);

    private final boolean isFinal;

    ReportKind(final boolean isFinal)
    {
        this.isFinal = isFinal;
    }

    /** @return true when the order is done after this report. */
    public boolean isFinal()
    {
        return isFinal;
    }
}
