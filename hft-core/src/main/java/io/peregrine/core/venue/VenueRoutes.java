package io.peregrine.core.venue;

import io.peregrine.protocol.PackedAscii;
import org.agrona.collections.Long2LongHashMap;

import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which venue an instrument's orders go to: a default venue plus per-symbol overrides, fixed at start-up.
 * Lookups are allocation free; used on the core thread.
 */
public final class VenueRoutes
{
    private static final long NO_ROUTE = -1;

    private final Long2LongHashMap venueBySymbol;
    private final int defaultVenueId;
    private final int[] venueIds;

    /**
     * @param defaultVenueId venue of every symbol without its own route.
     * @param routes         symbol to venue id overrides.
     */
    public VenueRoutes(final int defaultVenueId, final Map<String, Integer> routes)
    {
        this.defaultVenueId = defaultVenueId;
        this.venueBySymbol = new Long2LongHashMap(Math.max(8, routes.size() * 2), 0.65f, NO_ROUTE);
        for (final Map.Entry<String, Integer> route : routes.entrySet())
        {
            venueBySymbol.put(PackedAscii.pack(route.getKey()), route.getValue());
        }
        venueIds = IntStream.concat(IntStream.of(defaultVenueId), routes.values().stream().mapToInt(Integer::intValue))
            .distinct().sorted().toArray();
    }

    /**
     * @return every venue an order can be routed to: the default venue and each route's, ascending (a copy).
     */
    public int[] venueIds()
    {
        return venueIds.clone();
    }

    /**
     * @param symbol packed symbol.
     * @return its venue id.
     */
    public int venueFor(final long symbol)
    {
        final long venueId = venueBySymbol.get(symbol);
        return NO_ROUTE == venueId ? defaultVenueId : (int)venueId;
    }

    /**
     * @return venue of symbols without their own route.
     */
    public int defaultVenueId()
    {
        return defaultVenueId;
    }
}
