package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VenueClOrdIdTest
{
    @Test
    void formatsAndParsesOrderAndRequestIds()
    {
        assertEquals("42", VenueClOrdId.format(42, 0));
        assertEquals("42-7", VenueClOrdId.format(42, 7));
        assertEquals(42, VenueClOrdId.orderId("42"));
        assertEquals(0, VenueClOrdId.requestId("42"));
        assertEquals(42, VenueClOrdId.orderId("42-7"));
        assertEquals(7, VenueClOrdId.requestId("42-7"));
        assertEquals(Long.MAX_VALUE / 10, VenueClOrdId.orderId(Long.toString(Long.MAX_VALUE / 10)));
    }

    @Test
    void rejectsForeignClOrdIds()
    {
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId(null));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId(""));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId("ABC"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId("-5"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.requestId("5-"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.requestId("5-x"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId("12345678901234567890"));
    }
}
