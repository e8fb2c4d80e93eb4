package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UnconnectedVenueRoutesTest
{
    private static final List<VenueClientConfig> VENUE_1 =
        List.of(new VenueClientConfig(1, "127.0.0.1", 9890, "PEREGRINE", "SIMVENUE", false));

    @Test
    void refusesARouteToAVenueTheGatewayDoesNotConnectToNamingTheKeyTheVenueAndTheFix()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> UnconnectedVenueRoutes.refuse(1, Map.of("MSFT", 1, "IBM", 2, "AAPL", 2), VENUE_1));
        assertEquals("peregrine.venue.routes routes AAPL, IBM to venue 2, which this gateway does not connect to " +
            "(peregrine.gateway.venues lists 1), so every order for it would be rejected: add 2 to " +
            "peregrine.gateway.venues with its peregrine.gateway.venue.2.port and " +
            "peregrine.gateway.venue.2.target.comp.id (README \"A second venue\"), or route the symbol to a listed " +
            "venue", refused.getMessage());
    }

    @Test
    void refusesADefaultVenueTheGatewayDoesNotConnectTo()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> UnconnectedVenueRoutes.refuse(2, Map.of(), VENUE_1));
        assertEquals("peregrine.venue.default is 2, which this gateway does not connect to (peregrine.gateway.venues " +
            "lists 1), so every order for a symbol without a route of its own (peregrine.venue.routes) would be " +
            "rejected: set peregrine.venue.default to a listed venue, or add 2 to peregrine.gateway.venues",
            refused.getMessage());
    }

    @Test
    void acceptsRoutesToConnectedVenues()
    {
        final List<VenueClientConfig> two = List.of(VENUE_1.get(0),
            new VenueClientConfig(2, "127.0.0.1", 9891, "PEREGRINE", "SIMVENUE2", false));
        UnconnectedVenueRoutes.refuse(1, Map.of("AAPL", 2, "MSFT", 1), two);
    }
}
