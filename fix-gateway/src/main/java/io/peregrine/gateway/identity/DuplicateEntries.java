package io.peregrine.gateway.identity;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.venue.VenueClientConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a broker session or a venue listed twice: {@code peregrine.gateway.broker.sessions=BROKER1:ACC1,BROKER1:ACC2}
 * would keep the last entry's account only (orders of ACC1 refused, silently), {@code peregrine.gateway.venues=1,1}
 * would start two initiators for one FIX session, and so would two venue ids whose sessions have the same sender and
 * target CompIDs (e.g. both left at the defaults): one of the venues would silently never be connected. Called by {@link io.peregrine.gateway.GatewayContext#conclude()};
 * caller's thread; allocates.
 */
public final class DuplicateEntries
{
    private DuplicateEntries()
    {
    }

    /**
     * @param brokers the broker sessions, as listed.
     * @param venues  the venues, as listed.
     * @throws IllegalArgumentException naming the key, the entry given twice and the fix.
     */
    public static void refuse(final List<BrokerSessionConfig> brokers, final List<VenueClientConfig> venues)
    {
        final Map<String, BrokerSessionConfig> byCompId = new LinkedHashMap<>();
        for (final BrokerSessionConfig broker : brokers)
        {
            final BrokerSessionConfig first = byCompId.putIfAbsent(broker.compId(), broker);
            if (null != first)
            {
                throw new IllegalArgumentException(Gateway.BROKER_SESSIONS.name() + " lists broker session " +
                    broker.compId() + " twice (" + broker.compId() + ':' + first.defaultAccount() + " and " +
                    broker.compId() + ':' + broker.defaultAccount() + "): list each session once; its other " +
                    "accounts go into " + Gateway.BROKER_SESSION_PREFIX + broker.compId() + ".accounts");
            }
        }
        final Map<Integer, VenueClientConfig> byId = new LinkedHashMap<>();
        final Map<String, VenueClientConfig> bySession = new LinkedHashMap<>();
        for (final VenueClientConfig venue : venues)
        {
            if (null != byId.putIfAbsent(venue.venueId(), venue))
            {
                throw new IllegalArgumentException(Gateway.VENUES.name() + " lists venue " + venue.venueId() +
                    " twice: list each venue id once");
            }
            // QuickFIX/J keys a session by its CompIDs: a second venue with the same pair would never be connected.
            final VenueClientConfig first =
                bySession.putIfAbsent(venue.senderCompId() + "->" + venue.targetCompId(), venue);
            if (null != first)
            {
                throw new IllegalArgumentException("venues " + first.venueId() + " and " + venue.venueId() +
                    " have the same FIX session " + venue.senderCompId() + "->" + venue.targetCompId() +
                    " (sender and target CompID), so only one of them would be connected: give venue " +
                    venue.venueId() + " its own " + Gateway.VENUE_PREFIX + venue.venueId() + ".target.comp.id " +
                    "(the CompID that venue answers as) or " + Gateway.VENUE_PREFIX + venue.venueId() +
                    ".sender.comp.id");
            }
        }
    }
}
