package io.peregrine.fixedge.mapping;

import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import quickfix.Message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Every value of every order enum of the schema maps to FIX and back to itself: a value added to the schema without
 * a mapping fails here.
 */
class FixOrderEnumsTest
{
    @ParameterizedTest
    @EnumSource(value = Side.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void everySideMapsAndRoundTrips(final Side side)
    {
        final char fix = FixOrderEnums.fixSide(side);
        assertNotEquals(FixOrderEnums.NONE, fix, side.name());
        assertEquals(side, FixOrderEnums.side(fix));
    }

    @ParameterizedTest
    @EnumSource(value = OrdType.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void everyOrdTypeMapsAndRoundTrips(final OrdType ordType)
    {
        final char fix = FixOrderEnums.fixOrdType(ordType);
        assertNotEquals(FixOrderEnums.NONE, fix, ordType.name());
        assertEquals(ordType, FixOrderEnums.ordType(fix));
    }

    @ParameterizedTest
    @EnumSource(value = TimeInForce.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void everyTimeInForceMapsAndRoundTrips(final TimeInForce timeInForce)
    {
        final char fix = FixOrderEnums.fixTimeInForce(timeInForce);
        assertNotEquals(FixOrderEnums.NONE, fix, timeInForce.name());
        assertEquals(timeInForce, FixOrderEnums.timeInForce(fix));
    }

    @ParameterizedTest
    @EnumSource(value = ExecType.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void everyExecTypeMapsAndRoundTrips(final ExecType execType)
    {
        final char fix = FixOrderEnums.fixExecType(execType);
        assertNotEquals(FixOrderEnums.NONE, fix, execType.name());
        assertEquals(execType, FixOrderEnums.execType(fix, execType == ExecType.FILL));
    }

    @ParameterizedTest
    @EnumSource(value = OrdStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void everyOrdStatusMapsAndRoundTrips(final OrdStatus ordStatus)
    {
        final char fix = FixOrderEnums.fixOrdStatus(ordStatus);
        assertNotEquals(FixOrderEnums.NONE, fix, ordStatus.name());
        assertEquals(ordStatus, FixOrderEnums.ordStatus(fix));
    }

    @Test
    void nullValuesHaveNoFixValueSoTheTagIsLeftOut()
    {
        assertEquals(FixOrderEnums.NONE, FixOrderEnums.fixSide(Side.NULL_VAL));
        assertEquals(FixOrderEnums.NONE, FixOrderEnums.fixOrdType(OrdType.NULL_VAL));
        assertEquals(FixOrderEnums.NONE, FixOrderEnums.fixTimeInForce(TimeInForce.NULL_VAL));
        assertEquals(FixOrderEnums.NONE, FixOrderEnums.fixExecType(ExecType.NULL_VAL));
        assertEquals(FixOrderEnums.NONE, FixOrderEnums.fixOrdStatus(OrdStatus.NULL_VAL));
    }

    @Test
    void unsupportedFixValuesAreNullForTheCallerToReject()
    {
        assertNull(FixOrderEnums.side(quickfix.field.Side.SELL_SHORT));
        assertNull(FixOrderEnums.ordType(quickfix.field.OrdType.STOP));
        assertNull(FixOrderEnums.timeInForce(quickfix.field.TimeInForce.AT_THE_OPENING));
        assertNull(FixOrderEnums.execType(quickfix.field.ExecType.PENDING_NEW, false));
        assertNull(FixOrderEnums.ordStatus(quickfix.field.OrdStatus.DONE_FOR_DAY));
    }

    @Test
    void absentTimeInForceIsDayAndAnUnsupportedOneIsNull()
    {
        final Message message = new Message();
        assertEquals(TimeInForce.DAY, FixOrderEnums.timeInForce(message));
        message.setChar(quickfix.field.TimeInForce.FIELD, quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL);
        assertEquals(TimeInForce.IOC, FixOrderEnums.timeInForce(message));
        message.setChar(quickfix.field.TimeInForce.FIELD, quickfix.field.TimeInForce.GOOD_TILL_DATE);
        assertNull(FixOrderEnums.timeInForce(message));
    }

    @Test
    void venueFixExecTypesOfOlderVersionsAndDoneForDayAreTaken()
    {
        assertEquals(ExecType.PARTIAL_FILL, FixOrderEnums.execType('1', true));
        assertEquals(ExecType.FILL, FixOrderEnums.execType('2', false));
        assertEquals(ExecType.PARTIAL_FILL, FixOrderEnums.execType(quickfix.field.ExecType.TRADE, false));
        assertEquals(ExecType.EXPIRED, FixOrderEnums.execType(quickfix.field.ExecType.DONE_FOR_DAY, false));
    }
}
