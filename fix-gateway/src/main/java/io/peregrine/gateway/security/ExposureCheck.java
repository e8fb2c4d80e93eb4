package io.peregrine.gateway.security;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.venue.VenueClientConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a configuration exposes beyond this machine, as the WARN lines the gateway logs at start: a broker acceptor
 * bound to a non-loopback address without TLS (FIX, logon passwords included, in clear text on the network),
 * broker sessions anyone reaching that address can log on as (no password hash), and venue sessions to a
 * non-loopback host without TLS. Edge code; pure apart from resolving host names.
 */
public final class ExposureCheck
{
    private ExposureCheck()
    {
    }

    /**
     * @param ctx gateway configuration.
     * @return one message per exposure, empty when everything stays on loopback or is protected.
     */
    public static List<String> warnings(final GatewayContext ctx)
    {
        final List<String> warnings = new ArrayList<>();
        if (ctx.brokerEnabled() && !isLoopback(ctx.brokerHost()))
        {
            final String where = ctx.brokerHost() + ':' + ctx.brokerPort();
            if (!ctx.brokerTls())
            {
                warnings.add("broker acceptor binds " + where + ", which is not loopback, without TLS: FIX traffic " +
                    "including logon passwords crosses the network in clear text; set " +
                    Gateway.BROKER_TLS.name() + "=true");
            }
            for (final BrokerSessionConfig broker : ctx.brokerSessions())
            {
                if (!broker.requiresAuthentication())
                {
                    warnings.add("broker session " + broker.compId() + " has no " +
                        Gateway.BROKER_SESSION_PREFIX + broker.compId() + Gateway.PASSWORD_HASH_SUFFIX +
                        ": anyone who reaches " + where + " can log on as " + broker.compId());
                }
            }
        }
        for (final VenueClientConfig venue : ctx.venues())
        {
            if (!venue.tls() && !isLoopback(venue.host()))
            {
                warnings.add("venue " + venue.venueId() + " at " + venue.host() + ':' + venue.port() + " is not on " +
                    "loopback and its session is not TLS: orders cross the network in clear text; set " +
                    Gateway.VENUE_PREFIX + venue.venueId() + ".tls=true");
            }
        }
        return warnings;
    }

    /**
     * @param host a host name or address.
     * @return whether it resolves to a loopback address (0.0.0.0, every interface, is not loopback).
     */
    public static boolean isLoopback(final String host)
    {
        try
        {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            return false;
        }
    }
}
