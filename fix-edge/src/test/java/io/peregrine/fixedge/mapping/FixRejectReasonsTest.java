package io.peregrine.fixedge.mapping;

import io.peregrine.sbe.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import quickfix.field.CxlRejReason;
import quickfix.field.OrdRejReason;

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

    @Test
    void mapsReasonsToTheClosestFixCodes()
    {
        assertEquals(OrdRejReason.UNKNOWN_SYMBOL, FixRejectReasons.ordRejReason(RejectReason.UNKNOWN_INSTRUMENT));
        assertEquals(OrdRejReason.DUPLICATE_ORDER, FixRejectReasons.ordRejReason(RejectReason.DUPLICATE_CLIENT_ORDER_ID));
        assertEquals(OrdRejReason.EXCHANGE_CLOSED, FixRejectReasons.ordRejReason(RejectReason.VENUE_PAUSED));
        assertEquals(OrdRejReason.BROKER_EXCHANGE_OPTION, FixRejectReasons.ordRejReason(RejectReason.KILL_SWITCH_SYMBOL));
        assertEquals(OrdRejReason.OTHER, FixRejectReasons.ordRejReason(RejectReason.NULL_VAL));
        assertEquals(CxlRejReason.DUPLICATE_CLORDID_RECEIVED,
            FixRejectReasons.cxlRejReason(RejectReason.DUPLICATE_CLIENT_ORDER_ID));
        assertEquals(CxlRejReason.OTHER, FixRejectReasons.cxlRejReason(RejectReason.KILL_SWITCH_GLOBAL));
        assertEquals(RejectReason.VENUE_REJECT, FixRejectReasons.fromCxlRejReason(CxlRejReason.BROKER_EXCHANGE_OPTION));
    }

    @Test
    void textsSayTheReasonAndTheDetailWhenItAddsSomething()
    {
        assertEquals("Price outside collar", FixRejectReasons.describe(RejectReason.PRICE_OUTSIDE_COLLAR));
        assertEquals("Price outside collar",
            FixRejectReasons.withDetail(RejectReason.PRICE_OUTSIDE_COLLAR, "PRICE_OUTSIDE_COLLAR"));
        assertEquals("Venue reject: price band", FixRejectReasons.withDetail(RejectReason.VENUE_REJECT, "price band"));
        assertEquals("Rejected: odd", FixRejectReasons.withDetail(RejectReason.NULL_VAL, "odd"));
        assertTrue(FixRejectReasons.describe(RejectReason.VENUE_LOST_ORDER).contains("lost the order"));
    }
}
