package io.peregrine.gateway.venue;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Gateway;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Refuses a core whose routes send orders to a venue the gateway in the same process does not connect to
 * ({@code peregrine.venue.routes=AAPL=2} or {@code peregrine.venue.default=2} with {@code peregrine.gateway.venues=1}):
 * started, it would reject every such order VENUE_UNAVAILABLE while its health says UP. Only a process that holds
 * both the core and the gateway ({@code run.sh gateway}, {@code run.sh stack}) knows both lists. Launching thread;
 * allocates.
 */
public final class UnconnectedVenueRoutes
{
    private UnconnectedVenueRoutes()
    {
    }

    /**
     * @param defaultVenueId the core's venue for symbols without a route of their own.
     * @param routes         the core's per-symbol routes, symbol to venue id.
     * @param venues         the venues the gateway connects to.
     * @throws IllegalArgumentException naming the key, the symbols and venue, and the fix.
     */
    public static void refuse(
        final int defaultVenueId, final Map<String, Integer> routes, final List<VenueClientConfig> venues)
    {
        final TreeSet<Integer> connected = venues.stream().map(VenueClientConfig::venueId)
            .collect(Collectors.toCollection(TreeSet::new));
        final String listed = connected.stream().map(String::valueOf).collect(Collectors.joining(", "));
        // Sorted, so the refusal names the same symbols and venue whatever the map's order.
        final Map<Integer, TreeSet<String>> unconnected = new TreeMap<>();
        routes.forEach((symbol, venueId) ->
        {
            if (!connected.contains(venueId))
            {
                unconnected.computeIfAbsent(venueId, id -> new TreeSet<>()).add(symbol);
            }
        });
        if (!unconnected.isEmpty())
        {
            final Map.Entry<Integer, TreeSet<String>> first = unconnected.entrySet().iterator().next();
            final int venueId = first.getKey();
            throw new IllegalArgumentException(Core.VENUE_ROUTES.name() + " routes " + String.join(", ",
                first.getValue()) + " to venue " + venueId + ", which this gateway does not connect to (" +
                Gateway.VENUES.name() + " lists " + listed + "), so every order for it would be rejected: add " +
                venueId + " to " + Gateway.VENUES.name() + " with its " + Gateway.VENUE_PREFIX + venueId +
                ".port and " + Gateway.VENUE_PREFIX + venueId + ".target.comp.id (README \"A second venue\"), or route the symbol " +
                "to a listed venue");
        }
        if (!connected.contains(defaultVenueId))
        {
            throw new IllegalArgumentException(Core.DEFAULT_VENUE_ID.name() + " is " + defaultVenueId + ", which " +
                "this gateway does not connect to (" + Gateway.VENUES.name() + " lists " + listed + "), so every " +
                "order for a symbol without a route of its own (" + Core.VENUE_ROUTES.name() + ") would be " +
                "rejected: set " + Core.DEFAULT_VENUE_ID.name() + " to a listed venue, or add " + defaultVenueId +
                " to " + Gateway.VENUES.name());
        }
    }
}
