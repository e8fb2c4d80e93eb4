package io.peregrine.gateway.venue;

import java.util.Objects;

/**
 * One venue the gateway connects out to: its core venue id and the FIX initiator session that reaches it.
 * Immutable; safe to share between threads.
 */
public final class VenueClientConfig
{
    private final int venueId;
    private final String host;
    private final int port;
    private final String senderCompId;
    private final String targetCompId;
    private final boolean resetOnLogon;
    private final boolean tls;
    private final boolean verifyHostname;

    /**
     * A venue session without TLS: see {@link #VenueClientConfig(int, String, int, String, String, boolean, boolean,
     * boolean)}.
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

    /**
     * @param venueId        the venue id the core routes with ({@code VenueNewOrder.venueId}).
     * @param host           the venue's FIX acceptor host.
     * @param port           the venue's FIX acceptor port.
     * @param senderCompId   our CompID on this session.
     * @param targetCompId   the venue's CompID.
     * @param resetOnLogon   whether both sides restart sequence numbers at 1 on every logon.
     * @param tls            whether the session runs over TLS (the venue's certificate must be in the truststore).
     * @param verifyHostname whether, over TLS, the venue's certificate must also name {@code host}.
     */
    public VenueClientConfig(
        final int venueId,
        final String host,
        final int port,
        final String senderCompId,
        final String targetCompId,
        final boolean resetOnLogon,
        final boolean tls,
        final boolean verifyHostname)
    {
        this.tls = tls;
        this.verifyHostname = verifyHostname;
        this.venueId = venueId;
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.senderCompId = Objects.requireNonNull(senderCompId, "senderCompId");
        this.targetCompId = Objects.requireNonNull(targetCompId, "targetCompId");
        this.resetOnLogon = resetOnLogon;
    }

    public int venueId()
    {
        return venueId;
    }

    public String host()
    {
        return host;
    }

    public int port()
    {
        return port;
    }

    public String senderCompId()
    {
        return senderCompId;
    }

    public String targetCompId()
    {
        return targetCompId;
    }

    public boolean resetOnLogon()
    {
        return resetOnLogon;
    }

    public boolean tls()
    {
        return tls;
    }

    public boolean verifyHostname()
    {
        return verifyHostname;
    }

    public String toString()
    {
        return "Venue{" + venueId + ' ' + senderCompId + "->" + targetCompId + '@' + host + ':' + port +
            " resetOnLogon=" + resetOnLogon + " tls=" + tls + (tls ? " verifyHostname=" + verifyHostname : "") + '}';
    }
}
