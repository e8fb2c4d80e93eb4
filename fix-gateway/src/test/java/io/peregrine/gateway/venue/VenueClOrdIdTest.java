package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VenueClOrdIdTest
{
    @Test
    void formatsAndParsesRunOrderAndRequestIds()
    {
        final long run = 1_795_300_000_000L;
        final String prefix = Long.toString(run, 36);
        assertEquals(prefix + ".42", VenueClOrdId.format(run, 42, 0));
        assertEquals(prefix + ".42-7", VenueClOrdId.format(run, 42, 7));
        assertEquals(run, VenueClOrdId.runId(prefix + ".42-7"));
        assertEquals(42, VenueClOrdId.orderId(prefix + ".42"));
        assertEquals(0, VenueClOrdId.requestId(prefix + ".42"));
        assertEquals(42, VenueClOrdId.orderId(prefix + ".42-7"));
        assertEquals(7, VenueClOrdId.requestId(prefix + ".42-7"));
        assertEquals(Long.MAX_VALUE / 10, VenueClOrdId.orderId("z." + Long.MAX_VALUE / 10));
    }

    @Test
    void rejectsForeignClOrdIds()
    {
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId(null));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId(""));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId("42"), "no run");
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.runId("42"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.runId(".42"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.runId("a_b.42"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId("abc.x"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId("abc.-5"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.requestId("abc.5-"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.requestId("abc.5-x"));
        assertEquals(VenueClOrdId.INVALID, VenueClOrdId.orderId("abc.12345678901234567890"));
    }
}
