package io.peregrine.fixedge.mapping;

import io.peregrine.sbe.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import quickfix.field.CxlRejReason;
import quickfix.field.OrdRejReason;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixRejectReasonsTest
{
    @ParameterizedTest
    @EnumSource(value = RejectReason.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void everyRejectReasonHasAnExplicitRow(final RejectReason reason)
    {
        assertTrue(FixRejectReasons.isMapped(reason), reason + " has no row in FixRejectReasons");
        assertFalse(FixRejectReasons.describe(reason).isBlank());
    }

    @ParameterizedTest
    @EnumSource(value = RejectReason.class, mode = EnumSource.Mode.EXCLUDE, names = {"NULL_VAL", "NONE"})
    void everyReasonIsReadBackFromItsText(final RejectReason reason)
    {
        assertEquals(reason, FixRejectReasons.reasonOf(FixRejectReasons.describe(reason)));
        assertEquals(reason, FixRejectReasons.reasonOf(FixRejectReasons.withDetail(reason, "some detail")));
    }

    @Test
    void otherTextsAndThePlainRejectedAreNoReason()
    {
        assertNull(FixRejectReasons.reasonOf("Rejected"));
        assertNull(FixRejectReasons.reasonOf("Invalid OrderQty(38): must be whole"));
        assertNull(FixRejectReasons.reasonOf("Unknown instrumentation"));
        assertNull(FixRejectReasons.reasonOf(""));
    }

    @ParameterizedTest
    @EnumSource(value = RejectReason.class, names = {"TOO_LATE_TO_CANCEL", "UNKNOWN_ORDER", "REQUEST_PENDING"})
    void cancelRejectReasonsTheVenueSendsRoundTrip(final RejectReason reason)
    {
        assertEquals(reason, FixRejectReasons.fromCxlRejReason(FixRejectReasons.cxlRejReason(reason)));
    }

    @Test
    void quantityAboveMaxIsOneCodeForGatewayAndVenue()
    {
        // The gateway and the simulator used to disagree (exceeds limit vs incorrect quantity).
        assertEquals(OrdRejReason.ORDER_EXCEEDS_LIMIT, FixRejectReasons.ordRejReason(RejectReason.QUANTITY_ABOVE_MAX));
        assertEquals(OrdRejReason.ORDER_EXCEEDS_LIMIT,
            FixRejectReasons.ordRejReason(RejectReason.ORDER_CAPACITY_EXHAUSTED));
        assertEquals(OrdRejReason.INCORRECT_QUANTITY, FixRejectReasons.ordRejReason(RejectReason.LOT_SIZE_VIOLATION));
    }

    /** A reason, the OrdRejReason(103) of an order it rejects, the CxlRejReason(102) of a request it refuses. */
    static Stream<Arguments> closestFixCodes()
    {
        return Stream.of(
            Arguments.of(RejectReason.UNKNOWN_INSTRUMENT, OrdRejReason.UNKNOWN_SYMBOL, CxlRejReason.OTHER),
            Arguments.of(RejectReason.DUPLICATE_CLIENT_ORDER_ID, OrdRejReason.DUPLICATE_ORDER,
                CxlRejReason.DUPLICATE_CLORDID_RECEIVED),
            Arguments.of(RejectReason.VENUE_PAUSED, OrdRejReason.EXCHANGE_CLOSED, CxlRejReason.OTHER),
            Arguments.of(RejectReason.KILL_SWITCH_SYMBOL, OrdRejReason.BROKER_EXCHANGE_OPTION, CxlRejReason.OTHER),
            Arguments.of(RejectReason.KILL_SWITCH_GLOBAL, OrdRejReason.BROKER_EXCHANGE_OPTION, CxlRejReason.OTHER),
            Arguments.of(RejectReason.NULL_VAL, OrdRejReason.OTHER, CxlRejReason.OTHER));
    }

    @ParameterizedTest(name = "{0}: OrdRejReason {1}, CxlRejReason {2}")
    @MethodSource("closestFixCodes")
    void mapsReasonsToTheClosestFixCodes(final RejectReason reason, final int ordRejReason, final int cxlRejReason)
    {
        assertEquals(ordRejReason, FixRejectReasons.ordRejReason(reason));
        assertEquals(cxlRejReason, FixRejectReasons.cxlRejReason(reason));
    }

    @Test
    void anyOtherCancelRejectCodeOfAVenueIsAPlainVenueReject()
    {
        assertEquals(RejectReason.VENUE_REJECT, FixRejectReasons.fromCxlRejReason(CxlRejReason.BROKER_EXCHANGE_OPTION));
    }

    @Test
    void textsSayTheReasonAndTheDetailWhenItAddsSomething()
    {
        assertEquals("Price outside collar", FixRejectReasons.describe(RejectReason.PRICE_OUTSIDE_COLLAR));
        assertEquals("Price outside collar",
            FixRejectReasons.withDetail(RejectReason.PRICE_OUTSIDE_COLLAR, "PRICE_OUTSIDE_COLLAR"));
        assertEquals("Venue reject: price band", FixRejectReasons.withDetail(RejectReason.VENUE_REJECT, "price band"));
        // A venue's text passes through the core: SOH or another control character must not reach a FIX field.
        assertEquals("Venue reject: price?band?", FixRejectReasons.withDetail(RejectReason.VENUE_REJECT,
            "price\u0001band\n"));
        assertEquals("Rejected: odd", FixRejectReasons.withDetail(RejectReason.NULL_VAL, "odd"));
        assertTrue(FixRejectReasons.describe(RejectReason.VENUE_LOST_ORDER).contains("lost the order"));
    }

    @Test
    void aDetailThatIsTheReasonsOwnTextIsSaidOnce()
    {
        // The gateway's venue client reports a lost order with the reason's text: the broker reads it once.
        final String lost = FixRejectReasons.describe(RejectReason.VENUE_LOST_ORDER);
        assertEquals(lost, FixRejectReasons.withDetail(RejectReason.VENUE_LOST_ORDER, lost));
        assertEquals(lost + ": venue said unknown order",
            FixRejectReasons.withDetail(RejectReason.VENUE_LOST_ORDER, "venue said unknown order"));
    }
}
