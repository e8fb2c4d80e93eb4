package io.peregrine.fixedge.mapping;

import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import quickfix.Message;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Every value of every order enum of the schema maps to FIX and back to itself: a value added to the schema without
 * a mapping fails here.
 */
class FixOrderEnumsTest
{
    static Stream<Arguments> everyValueOfTheOneToOneEnums()
    {
        return Stream.of(
            mapped(Side.values(), FixOrderEnums::fixSide, FixOrderEnums::side),
            mapped(OrdType.values(), FixOrderEnums::fixOrdType, FixOrderEnums::ordType),
            mapped(TimeInForce.values(), FixOrderEnums::fixTimeInForce, FixOrderEnums::timeInForce),
            mapped(OrdStatus.values(), FixOrderEnums::fixOrdStatus, FixOrderEnums::ordStatus))
            .flatMap((values) -> values);
    }

    /** Each value but {@code NULL_VAL}, its FIX value, and that read back. */
    private static <E extends Enum<E>> Stream<Arguments> mapped(
        final E[] values, final Function<E, Character> toFix, final Function<Character, E> fromFix)
    {
        return Arrays.stream(values)
            .filter((value) -> !"NULL_VAL".equals(value.name()))
            .map((value) ->
            {
                final char fix = toFix.apply(value);
                return Arguments.of(value, fix, fromFix.apply(fix));
            });
    }

    @ParameterizedTest(name = "{0}: ''{1}''")
    @MethodSource("everyValueOfTheOneToOneEnums")
    void everySideOrdTypeTimeInForceAndOrdStatusMapsAndRoundTrips(
        final Enum<?> value, final char fix, final Enum<?> readBack)
    {
        assertNotEquals(FixOrderEnums.NONE, fix, value.name());
        assertEquals(value, readBack);
    }

    /** FIX 4.4's value of each SBE value, written out: most tables pair values by their QuickFIX/J names. */
    @ParameterizedTest(name = "{0}.{1} is ''{2}''")
    @CsvSource({
        "Side, BUY, 1", "Side, SELL, 2",
        "OrdType, MARKET, 1", "OrdType, LIMIT, 2",
        "TimeInForce, DAY, 0", "TimeInForce, GTC, 1", "TimeInForce, IOC, 3", "TimeInForce, FOK, 4",
        "ExecType, NEW, 0", "ExecType, PARTIAL_FILL, F", "ExecType, FILL, F", "ExecType, CANCELED, 4",
        "ExecType, REPLACED, 5", "ExecType, REJECTED, 8", "ExecType, EXPIRED, C", "ExecType, ORDER_STATUS, I",
        "ExecType, RESTATED, D",
        "OrdStatus, NEW, 0", "OrdStatus, PARTIALLY_FILLED, 1", "OrdStatus, FILLED, 2", "OrdStatus, CANCELED, 4",
        "OrdStatus, REJECTED, 8", "OrdStatus, EXPIRED, C", "OrdStatus, PENDING_NEW, A",
        "OrdStatus, PENDING_CANCEL, 6", "OrdStatus, PENDING_REPLACE, E"})
    void everySbeValueIsWrittenAsItsFix44Value(final String type, final String name, final char expected)
    {
        final char fix = switch (type)
        {
            case "Side" -> FixOrderEnums.fixSide(Side.valueOf(name));
            case "OrdType" -> FixOrderEnums.fixOrdType(OrdType.valueOf(name));
            case "TimeInForce" -> FixOrderEnums.fixTimeInForce(TimeInForce.valueOf(name));
            case "ExecType" -> FixOrderEnums.fixExecType(ExecType.valueOf(name));
            case "OrdStatus" -> FixOrderEnums.fixOrdStatus(OrdStatus.valueOf(name));
            default -> throw new IllegalArgumentException(type);
        };
        assertEquals(expected, fix);
    }

    @ParameterizedTest
    @EnumSource(value = ExecType.class, mode = EnumSource.Mode.EXCLUDE, names = { "NULL_VAL", "RESTATED" })
    void everyExecTypeMapsAndRoundTrips(final ExecType execType)
    {
        final char fix = FixOrderEnums.fixExecType(execType);
        assertNotEquals(FixOrderEnums.NONE, fix, execType.name());
        assertEquals(execType, FixOrderEnums.execType(fix, execType == ExecType.FILL));
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
        // Restated is the core's correction of its own reports (written to brokers); a venue's is not forwarded.
        assertNull(FixOrderEnums.execType(quickfix.field.ExecType.RESTATED, false));
        assertNull(FixOrderEnums.ordStatus(quickfix.field.OrdStatus.DONE_FOR_DAY));
    }

    @ParameterizedTest(name = "OrdStatus ''{0}'' is \"{1}\"")
    @CsvSource({"2, filled", "3, done for day", "4, canceled", "8, rejected", "C, expired", "6, pending cancel",
        "Z, unknown"})
    void ordStatusIsNamedInWordsAsFix44NamesIt(final char fixOrdStatus, final String expected)
    {
        assertEquals(expected, FixOrderEnums.ordStatusName(fixOrdStatus));
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
