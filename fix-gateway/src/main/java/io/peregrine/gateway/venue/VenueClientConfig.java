package io.peregrine.gateway.venue;

import java.util.Objects;

/**
 * One venue the gateway connects out to: its core venue id and the FIX initiator session that reaches it.
 * Immutable; safe to share between threads.
 *
 * @param venueId        the venue id the core routes with ({@code VenueNewOrder.venueId}).
 * @param host           the venue's FIX acceptor host.
 * @param port           the venue's FIX acceptor port.
 * @param senderCompId   our CompID on this session.
 * @param targetCompId   the venue's CompID.
 * @param resetOnLogon   whether both sides restart sequence numbers at 1 on every logon.
 * @param tls            whether the session runs over TLS (the venue's certificate must be in the truststore).
 * @param verifyHostname whether, over TLS, the venue's certificate must also name {@code host}.
 */
public record VenueClientConfig(
    int venueId,
    String host,
    int port,
    String senderCompId,
    String targetCompId,
    boolean resetOnLogon,
    boolean tls,
    boolean verifyHostname)
{
    /**
     * Checks that the host and CompIDs are given.
     */
    public VenueClientConfig
    {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(senderCompId, "senderCompId");
        Objects.requireNonNull(targetCompId, "targetCompId");
    }

    /**
     * A venue session without TLS (hostname verification stays on should TLS be turned on later): see the record's
     * components.
     */
    public VenueClientConfig(
        final int venueId,
        final String host,
        final int port,
        final String senderCompId,
        final String targetCompId,
        final boolean resetOnLogon)
    {
        this(venueId, host, port, senderCompId, targetCompId, resetOnLogon, false, true);
    }

    public String toString()
    {
        return "Venue{" + venueId + ' ' + senderCompId + "->" + targetCompId + '@' + host + ':' + port +
            " resetOnLogon=" + resetOnLogon + " tls=" + tls + (tls ? " verifyHostname=" + verifyHostname : "") + '}';
    }
}
