package io.peregrine.fixedge.mapping;

import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;

/**
 * The one mapping between the FIX 4.4 order enums (Side(54), OrdType(40), TimeInForce(59), ExecType(150),
 * OrdStatus(39)) and the SBE enums of the core's schema, used by the gateway's broker and venue sides and by the
 * simulated venue.
 * <p>
 * FIX to SBE answers null for a FIX value Peregrine does not support (the caller rejects it with a reason); SBE to
 * FIX answers {@link #NONE} for {@code NULL_VAL} (the caller leaves the tag out). An absent TimeInForce(59) means
 * {@link #DEFAULT_TIME_IN_FORCE} in both directions, as FIX defines it. {@code FixOrderEnumsTest} checks that
 * every SBE value maps and round-trips, so a value added to the schema without a mapping fails the build. Each
 * pair is one row of a {@link FixCharTable}, read both ways; an SBE value named as FIX 4.4 (and QuickFIX/J) names
 * it needs no row of its own.
 * <p>
 * Stateless; any thread; allocates nothing.
 */
public final class FixOrderEnums
{
    /** Answer of the SBE to FIX methods for {@code NULL_VAL}: no FIX value, leave the tag out. */
    public static final char NONE = 0;
    /** TimeInForce when FIX TimeInForce(59) is absent: Day, as FIX 4.4 defines it. */
    public static final TimeInForce DEFAULT_TIME_IN_FORCE = TimeInForce.DAY;

    // Rows only where the names differ: every other value pairs with the QuickFIX/J constant of its name.
    private static final FixCharTable<Side> SIDES = new FixCharTable<>(Side.class)
        .bothByName(quickfix.field.Side.class);

    private static final FixCharTable<OrdType> ORD_TYPES = new FixCharTable<>(OrdType.class)
        .bothByName(quickfix.field.OrdType.class);

    private static final FixCharTable<TimeInForce> TIMES_IN_FORCE = new FixCharTable<>(TimeInForce.class)
        .both(TimeInForce.GTC, quickfix.field.TimeInForce.GOOD_TILL_CANCEL)
        .both(TimeInForce.IOC, quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL)
        .both(TimeInForce.FOK, quickfix.field.TimeInForce.FILL_OR_KILL)
        .bothByName(quickfix.field.TimeInForce.class);

    // FIX 4.4 has one ExecType for a fill, Trade (F), read by execType(char, boolean); FIX 4.2 partial fill (1) and
    // fill (2), still sent by some venues, are read; Done for day (3) ends the order as expired. Restated (D) is
    // written only: the core's correction of its own reports; a venue's restatement is not forwarded, as before.
    private static final FixCharTable<ExecType> EXEC_TYPES = new FixCharTable<>(ExecType.class)
        .toFix(ExecType.PARTIAL_FILL, quickfix.field.ExecType.TRADE)
        .toFix(ExecType.FILL, quickfix.field.ExecType.TRADE)
        .toFix(ExecType.RESTATED, quickfix.field.ExecType.RESTATED)
        .bothByName(quickfix.field.ExecType.class)
        .fromFix('1', ExecType.PARTIAL_FILL)
        .fromFix('2', ExecType.FILL)
        .fromFix(quickfix.field.ExecType.DONE_FOR_DAY, ExecType.EXPIRED);

    private static final FixCharTable<OrdStatus> ORD_STATUSES = new FixCharTable<>(OrdStatus.class)
        .bothByName(quickfix.field.OrdStatus.class);

    /** Every FIX 4.4 OrdStatus(39) in words, indexed by its value: its QuickFIX/J name in lower case. */
    private static final String[] ORD_STATUS_NAMES = namesOfCharValues(quickfix.field.OrdStatus.class);

    private FixOrderEnums()
    {
    }

    /**
     * @param fixSide FIX Side(54).
     * @return the SBE side, or null for anything but buy (1) and sell (2).
     */
    public static Side side(final char fixSide)
    {
        return SIDES.sbe(fixSide);
    }

    /**
     * @param side an SBE side.
     * @return its FIX Side(54), or {@link #NONE} for {@code NULL_VAL}.
     */
    public static char fixSide(final Side side)
    {
        return SIDES.fix(side);
    }

    /**
     * @param fixOrdType FIX OrdType(40).
     * @return the SBE order type, or null for anything but market (1) and limit (2).
     */
    public static OrdType ordType(final char fixOrdType)
    {
        return ORD_TYPES.sbe(fixOrdType);
    }

    /**
     * @param ordType an SBE order type.
     * @return its FIX OrdType(40), or {@link #NONE} for {@code NULL_VAL}.
     */
    public static char fixOrdType(final OrdType ordType)
    {
        return ORD_TYPES.fix(ordType);
    }

    /**
     * @param fixTimeInForce FIX TimeInForce(59) as sent.
     * @return the SBE time in force, or null for anything but day (0), GTC (1), IOC (3) and FOK (4).
     */
    public static TimeInForce timeInForce(final char fixTimeInForce)
    {
        return TIMES_IN_FORCE.sbe(fixTimeInForce);
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
        return TIMES_IN_FORCE.fix(timeInForce);
    }

    /**
     * FIX 4.4 has one ExecType for a fill, Trade (F); SBE says whether it completed the order.
     *
     * @param execType an SBE exec type.
     * @return its FIX ExecType(150), or {@link #NONE} for {@code NULL_VAL}.
     */
    public static char fixExecType(final ExecType execType)
    {
        return EXEC_TYPES.fix(execType);
    }

    /**
     * A venue's ExecType(150) as the core knows it. FIX 4.2 partial fill (1) and fill (2), still sent by some
     * venues, are taken; Done for day (3) ends the order as expired.
     *
     * @param fixExecType FIX ExecType(150).
     * @param filled      for Trade (F): whether the order is now filled (OrdStatus(39) 2, or LeavesQty(151) 0).
     * @return the SBE exec type, or null for pending and status types and Restated (D) (not forwarded to the core)
     *         and unknown ones.
     */
    public static ExecType execType(final char fixExecType, final boolean filled)
    {
        if (fixExecType == quickfix.field.ExecType.TRADE)
        {
            return filled ? ExecType.FILL : ExecType.PARTIAL_FILL;
        }
        return EXEC_TYPES.sbe(fixExecType);
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
        return ORD_STATUSES.fix(ordStatus);
    }

    /**
     * @param fixOrdStatus FIX OrdStatus(39).
     * @return the SBE order status, or null for a status the core does not have (e.g. Replaced (5) of FIX 4.2,
     *         Done for day (3), Stopped (7)).
     */
    public static OrdStatus ordStatus(final char fixOrdStatus)
    {
        return ORD_STATUSES.sbe(fixOrdStatus);
    }

    /**
     * @param fixOrdStatus FIX OrdStatus(39).
     * @return the status in words as FIX 4.4 names it ("filled", "canceled", "done for day"), for the Text(58) of a
     *         message; "unknown" for a value FIX 4.4 does not define.
     */
    public static String ordStatusName(final char fixOrdStatus)
    {
        final String name = fixOrdStatus < ORD_STATUS_NAMES.length ? ORD_STATUS_NAMES[fixOrdStatus] : null;
        return null == name ? "unknown" : name;
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

    private static String[] namesOfCharValues(final Class<?> fixField)
    {
        final String[] names = new String[128];
        for (final Field constant : fixField.getFields())
        {
            if (Modifier.isStatic(constant.getModifiers()) && constant.getType() == char.class)
            {
                try
                {
                    names[constant.getChar(null)] = constant.getName().toLowerCase(Locale.ROOT).replace('_', ' ');
                }
                catch (final IllegalAccessException ex)
                {
                    throw new IllegalStateException(fixField.getName() + '.' + constant.getName(), ex);
                }
            }
        }
        return names;
    }
}
