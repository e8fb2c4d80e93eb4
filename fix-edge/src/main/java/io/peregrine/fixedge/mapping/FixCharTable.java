package io.peregrine.fixedge.mapping;

import java.util.Arrays;

/**
 * The rows of one FIX char-valued enum field (Side(54), OrdType(40), ...) beside an SBE enum: each pair written
 * once, looked up both ways. SBE to FIX by the SBE value's ordinal ({@link FixOrderEnums#NONE} where a value has no
 * row, as {@code NULL_VAL}); FIX to SBE by the char (FIX 4.4 enum chars are ASCII), null where a char has no row.
 * A pair may go one way only (several SBE values onto one FIX value, or an older FIX value read but never written).
 * <p>
 * Filled in a static initialiser, where a second row for the same value fails class initialisation; immutable
 * after. Lookups: any thread, no allocation.
 *
 * @param <E> the SBE enum.
 */
final class FixCharTable<E extends Enum<E>>
{
    private static final int ASCII = 128;
    private static final String NULL_VAL = "NULL_VAL";

    private final E[] values;
    private final char[] fixByOrdinal;
    private final byte[] ordinalByFix = new byte[ASCII];

    FixCharTable(final Class<E> type)
    {
        values = type.getEnumConstants();
        if (values.length > Byte.MAX_VALUE)
        {
            throw new IllegalArgumentException(type + " has more values than a FIX char field");
        }
        fixByOrdinal = new char[values.length];
        Arrays.fill(ordinalByFix, (byte)-1);
    }

    /**
     * @param sbe an SBE value.
     * @param fix its FIX value, both ways.
     * @return this table.
     */
    FixCharTable<E> both(final E sbe, final char fix)
    {
        return toFix(sbe, fix).fromFix(fix, sbe);
    }

    /**
     * Pairs, both ways, every SBE value that has no FIX value yet with the constant of the same name in a QuickFIX/J
     * field class (its constants are FIX 4.4's names for the field's values); {@code NULL_VAL} stays without one.
     *
     * @param fixField the QuickFIX/J field class, e.g. {@code quickfix.field.OrdStatus}.
     * @return this table.
     * @throws IllegalStateException when the field has no value of that name: the SBE value needs a row of its own.
     */
    FixCharTable<E> bothByName(final Class<?> fixField)
    {
        for (final E sbe : values)
        {
            if (!NULL_VAL.equals(sbe.name()) && fix(sbe) == FixOrderEnums.NONE)
            {
                both(sbe, fixValue(fixField, sbe.name()));
            }
        }
        return this;
    }

    private static char fixValue(final Class<?> fixField, final String name)
    {
        try
        {
            return fixField.getField(name).getChar(null);
        }
        catch (final NoSuchFieldException | IllegalAccessException | IllegalArgumentException ex)
        {
            throw new IllegalStateException(fixField.getName() + " has no char value named " + name, ex);
        }
    }

    /**
     * @param sbe an SBE value.
     * @param fix what it is written as (the FIX value may read back as another SBE value).
     * @return this table.
     */
    FixCharTable<E> toFix(final E sbe, final char fix)
    {
        if (fixByOrdinal[sbe.ordinal()] != FixOrderEnums.NONE)
        {
            throw new IllegalStateException("two FIX values for " + sbe);
        }
        fixByOrdinal[sbe.ordinal()] = fix;
        return this;
    }

    /**
     * @param fix a FIX value as received.
     * @param sbe what it is read as.
     * @return this table.
     */
    FixCharTable<E> fromFix(final char fix, final E sbe)
    {
        if (fix >= ASCII || ordinalByFix[fix] >= 0)
        {
            throw new IllegalStateException("FIX value '" + fix + "' not ASCII or mapped twice, to " + sbe);
        }
        ordinalByFix[fix] = (byte)sbe.ordinal();
        return this;
    }

    /**
     * @param sbe an SBE value (not null).
     * @return its FIX value, or {@link FixOrderEnums#NONE} without a row.
     */
    char fix(final E sbe)
    {
        return fixByOrdinal[sbe.ordinal()];
    }

    /**
     * @param fix a FIX value.
     * @return its SBE value, or null without a row.
     */
    E sbe(final char fix)
    {
        final int ordinal = fix < ASCII ? ordinalByFix[fix] : -1;
        return ordinal < 0 ? null : values[ordinal];
    }
}
