package io.peregrine.fixedge.mapping;

import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;

/**
 * The one mapping between the FIX 4.4 order enums (Side(54), OrdType(40), TimeInForce(59), ExecType(150),
 * OrdStatus(39)) and the SBE enums of the core's schema, used by the gateway's broker and venue sides and by the
 * simulated venue.
 * <p>
 * FIX to SBE answers null for a FIX value Peregrine does not support (the caller rejects it with a reason); SBE to
 * FIX answers {@link #NONE} for {@code NULL_VAL} (the caller leaves the tag out). An absent TimeInForce(59) means
 * {@link #DEFAULT_TIME_IN_FORCE} in both directions, as FIX defines it. {@code FixOrderEnumsTest} checks that
 * every SBE value maps and round-trips, so a value added to the schema without a mapping fails the build.
 * <p>
 * Stateless; any thread; allocates nothing.
 */
public final class FixOrderEnums
{
    /** Answer of the SBE to FIX methods for {@code NULL_VAL}: no FIX value, leave the tag out. */
    public static final char NONE = 0;
    /** TimeInForce when FIX TimeInForce(59) is absent: Day, as FIX 4.4 defines it. */
    public static final TimeInForce DEFAULT_TIME_IN_FORCE = TimeInForce.DAY;

    private FixOrderEnums()
    {
    }

    /**
     * @param fixSide FIX Side(54).
     * @return the SBE side, or null for anything but buy (1) and sell (2).
     */
    public static Side side(final char fixSide)
    {
        switch (fixSide)
        {
            case quickfix.field.Side.BUY:
                return Side.BUY;
            case quickfix.field.Side.SELL:
                return Side.SELL;
            default:
                return null;
        }
    }

    /**
     * @param side an SBE side.
     * @return its FIX Side(54), or {@link #NONE} for {@code NULL_VAL}.
     */
    public static char fixSide(final Side side)
    {
        switch (side)
        {
            case BUY:
                return quickfix.field.Side.BUY;
            case SELL:
                return quickfix.field.Side.SELL;
            default:
                return NONE;
        }
    }

    /**
     * @param fixOrdType FIX OrdType(40).
     * @return the SBE order type, or null for anything but market (1) and limit (2).
     */
    public static OrdType ordType(final char fixOrdType)
    {
        switch (fixOrdType)
        {
            case quickfix.field.OrdType.MARKET:
                return OrdType.MARKET;
            case quickfix.field.OrdType.LIMIT:
                return OrdType.LIMIT;
            default:
                return null;
        }
    }

    /**
     * @param ordType an SBE order type.
     * @return its FIX OrdType(40), or {@link #NONE} for {@code NULL_VAL}.
     */
    public static char fixOrdType(final OrdType ordType)
    {
        switch (ordType)
        {
            case MARKET:
                return quickfix.field.OrdType.MARKET;
            case LIMIT:
                return quickfix.field.OrdType.LIMIT;
            default:
                return NONE;
        }
    }

    /**
     * @param fixTimeInForce FIX TimeInForce(59) as sent.
     * @return the SBE time in force, or null for anything but day (0), GTC (1), IOC (3) and FOK (4).
     */
    public static TimeInForce timeInForce(final char fixTimeInForce)
    {
        switch (fixTimeInForce)
        {
            case quickfix.field.TimeInForce.DAY:
                return TimeInForce.DAY;
            case quickfix.field.TimeInForce.GOOD_TILL_CANCEL:
                return TimeInForce.GTC;
            case quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL:
                return TimeInForce.IOC;
            case quickfix.field.TimeInForce.FILL_OR_KILL:
                return TimeInForce.FOK;
            default:
                return null;
        }
    }

    /**
     * @param message a FIX order message.
     * @return the SBE time in force of its TimeInForce(59), {@link #DEFAULT_TIME_IN_FORCE} when absent, null when
     *         unsupported.
     */
    public static TimeInForce timeInForce(final quickfix.FieldMap message)
    {
        if (!message.isSetField(quickfix.field.TimeInForce.FIELD))
        {
            return DEFAULT_TIME_IN_FORCE;
        }
        try
        {
            return timeInForce(message.getChar(quickfix.field.TimeInForce.FIELD));
        }
        catch (final quickfix.FieldNotFound | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * @param timeInForce an SBE time in force.
     * @return its FIX TimeInForce(59), or {@link #NONE} for {@code NULL_VAL} (leave the tag out: Day).
     */
    public static char fixTimeInForce(final TimeInForce timeInForce)
    {
        switch (timeInForce)
        {
            case DAY:
                return quickfix.field.TimeInForce.DAY;
            case GTC:
                return quickfix.field.TimeInForce.GOOD_TILL_CANCEL;
            case IOC:
                return quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL;
            case FOK:
                return quickfix.field.TimeInForce.FILL_OR_KILL;
            default:
                return NONE;
        }
    }

    /**
     * FIX 4.4 has one ExecType for a fill, Trade (F); SBE says whether it completed the order.
     *
     * @param execType an SBE exec type.
     * @return its FIX ExecType(150), or {@link #NONE} for {@code NULL_VAL}.
     */
    public static char fixExecType(final ExecType execType)
    {
        switch (execType)
        {
            case NEW:
                return quickfix.field.ExecType.NEW;
            case PARTIAL_FILL:
            case FILL:
                return quickfix.field.ExecType.TRADE;
            case CANCELED:
                return quickfix.field.ExecType.CANCELED;
            case REPLACED:
                return quickfix.field.ExecType.REPLACED;
            case REJECTED:
                return quickfix.field.ExecType.REJECTED;
            case EXPIRED:
                return quickfix.field.ExecType.EXPIRED;
            default:
                return NONE;
        }
    }

    /**
     * A venue's ExecType(150) as the core knows it. FIX 4.2 partial fill (1) and fill (2), still sent by some
     * venues, are taken; Done for day (3) ends the order as expired.
     *
     * @param fixExecType FIX ExecType(150).
     * @param filled      for Trade (F): whether the order is now filled (OrdStatus(39) 2, or LeavesQty(151) 0).
     * @return the SBE exec type, or null for pending and status types (not forwarded to the core) and unknown ones.
     */
    public static ExecType execType(final char fixExecType, final boolean filled)
    {
        switch (fixExecType)
        {
            case quickfix.field.ExecType.NEW:
                return ExecType.NEW;
            case '1': // FIX 4.2 partial fill
                return ExecType.PARTIAL_FILL;
            case '2': // FIX 4.2 fill
                return ExecType.FILL;
            case quickfix.field.ExecType.TRADE:
                return filled ? ExecType.FILL : ExecType.PARTIAL_FILL;
            case quickfix.field.ExecType.CANCELED:
                return ExecType.CANCELED;
            case quickfix.field.ExecType.REPLACED:
                return ExecType.REPLACED;
            case quickfix.field.ExecType.REJECTED:
                return ExecType.REJECTED;
            case quickfix.field.ExecType.EXPIRED:
            case quickfix.field.ExecType.DONE_FOR_DAY:
                return ExecType.EXPIRED;
            default:
                return null;
        }
    }

    /**
     * @param fixExecType FIX ExecType(150).
     * @return true for pending new, pending cancel and pending replace: acknowledgements the core does not need.
     */
    public static boolean isPending(final char fixExecType)
    {
        return fixExecType == quickfix.field.ExecType.PENDING_NEW ||
            fixExecType == quickfix.field.ExecType.PENDING_CANCEL ||
            fixExecType == quickfix.field.ExecType.PENDING_REPLACE;
    }

    /**
     * @param ordStatus an SBE order status.
     * @return its FIX OrdStatus(39), or {@link #NONE} for {@code NULL_VAL}.
     */
    public static char fixOrdStatus(final OrdStatus ordStatus)
    {
        switch (ordStatus)
        {
            case NEW:
                return quickfix.field.OrdStatus.NEW;
            case PARTIALLY_FILLED:
                return quickfix.field.OrdStatus.PARTIALLY_FILLED;
            case FILLED:
                return quickfix.field.OrdStatus.FILLED;
            case CANCELED:
                return quickfix.field.OrdStatus.CANCELED;
            case REJECTED:
                return quickfix.field.OrdStatus.REJECTED;
            case EXPIRED:
                return quickfix.field.OrdStatus.EXPIRED;
            case PENDING_NEW:
                return quickfix.field.OrdStatus.PENDING_NEW;
            case PENDING_CANCEL:
                return quickfix.field.OrdStatus.PENDING_CANCEL;
            case PENDING_REPLACE:
                return quickfix.field.OrdStatus.PENDING_REPLACE;
            default:
                return NONE;
        }
    }

    /**
     * @param fixOrdStatus FIX OrdStatus(39).
     * @return the SBE order status, or null for a status the core does not have (e.g. Replaced (5) of FIX 4.2,
     *         Done for day (3), Stopped (7)).
     */
    public static OrdStatus ordStatus(final char fixOrdStatus)
    {
        switch (fixOrdStatus)
        {
            case quickfix.field.OrdStatus.NEW:
                return OrdStatus.NEW;
            case quickfix.field.OrdStatus.PARTIALLY_FILLED:
                return OrdStatus.PARTIALLY_FILLED;
            case quickfix.field.OrdStatus.FILLED:
                return OrdStatus.FILLED;
            case quickfix.field.OrdStatus.CANCELED:
                return OrdStatus.CANCELED;
            case quickfix.field.OrdStatus.REJECTED:
                return OrdStatus.REJECTED;
            case quickfix.field.OrdStatus.EXPIRED:
                return OrdStatus.EXPIRED;
            case quickfix.field.OrdStatus.PENDING_NEW:
                return OrdStatus.PENDING_NEW;
            case quickfix.field.OrdStatus.PENDING_CANCEL:
                return OrdStatus.PENDING_CANCEL;
            case quickfix.field.OrdStatus.PENDING_REPLACE:
                return OrdStatus.PENDING_REPLACE;
            default:
                return null;
        }
    }

    /**
     * @param ordStatus an SBE order status.
     * @return true for a status after which no more reports come (filled, canceled, rejected, expired).
     */
    public static boolean isTerminal(final OrdStatus ordStatus)
    {
        return ordStatus == OrdStatus.FILLED || ordStatus == OrdStatus.CANCELED ||
            ordStatus == OrdStatus.REJECTED || ordStatus == OrdStatus.EXPIRED;
    }
}
