package io.peregrine.bench.engine;

import io.peregrine.sbe.ExecType;

/**
 * What an execution report means for the order it names, in the terms both paths (SBE and FIX) share: the IPC path
 * reads it from the SBE {@link ExecType}, the FIX path from ExecType(150) through the gateway's own mapping
 * ({@code FixOrderEnums}) to the same SBE value.
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

    /**
     * @param execType an SBE exec type, or null (a FIX ExecType the gateway's mapping does not forward).
     * @return its kind; {@link #OTHER} for replaced, null and anything else. Allocates nothing.
     */
    public static ReportKind of(final ExecType execType)
    {
        if (null == execType)
        {
            return OTHER;
        }
        switch (execType)
        {
            case NEW:
                return NEW;
            case PARTIAL_FILL:
                return PARTIAL_FILL;
            case FILL:
                return FILL;
            case EXPIRED:
                return EXPIRED;
            case CANCELED:
                return CANCELED;
            case REJECTED:
                return REJECTED;
            default:
                return OTHER;
        }
    }
}
