package io.peregrine.gateway.fix;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.fixedge.FixSessionDefaults;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.security.TlsMaterial;
import io.peregrine.gateway.venue.VenueClientConfig;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.nio.file.Path;

/**
 * Builds the QuickFIX/J {@link SessionSettings} of the gateway's two connectors from a {@link GatewayContext}:
 * FIX 4.4, always-on sessions (StartTime=EndTime, NonStopSession), data dictionary validation, persistent
 * FileStores (sequence numbers and sent messages survive restarts, no reset on logon/logout/disconnect) and,
 * optionally, FIX message logs under the data directory, and TLS ({@link TlsMaterial}) on the acceptor and on each
 * venue session configured for it. Edge code: allocates, any thread.
 */
public final class FixSessionSettings
{
    /** BeginString of every session. */
    public static final String BEGIN_STRING = FixSessionDefaults.BEGIN_STRING;

    private FixSessionSettings()
    {
    }

    /**
     * @param ctx gateway configuration.
     * @return the acceptor settings without TLS: one session per configured broker.
     */
    public static SessionSettings broker(final GatewayContext ctx)
    {
        return broker(ctx, null);
    }

    /**
     * @param ctx gateway configuration.
     * @param tls the checked TLS stores, or null; used when {@link GatewayContext#brokerTls()} is on.
     * @return the acceptor settings: one session per configured broker.
     */
    public static SessionSettings broker(final GatewayContext ctx, final TlsMaterial tls)
    {
        final SessionSettings settings = common(ctx, ctx.dataDir().resolve("broker"), "acceptor");
        settings.setString("SocketAcceptAddress", ctx.brokerHost());
        settings.setLong("SocketAcceptPort", ctx.brokerPort());
        settings.setLong("HeartBtInt", ctx.brokerHeartbeatSeconds());
        // QuickFIX/J would log the raw Logon (Password(554) included) of an unknown CompID; the session id suffices.
        settings.setBool("LogMessageWhenSessionNotFound", false);
        if (ctx.brokerTls())
        {
            if (null == tls)
            {
                throw new IllegalArgumentException(Gateway.BROKER_TLS.name() + " is on but no TLS keystore " +
                    "was loaded");
            }
            tls.applyAcceptor(settings, ctx.brokerTlsNeedClientAuth());
        }
        for (final BrokerSessionConfig broker : ctx.brokerSessions())
        {
            FixSessionDefaults.addSession(settings, brokerSessionId(ctx, broker));
        }
        return settings;
    }

    /**
     * @param ctx gateway configuration.
     * @param tls the checked TLS stores, or null; used by venues configured with {@code tls=true}.
     * @return the initiator settings: one session per configured venue.
     */
    public static SessionSettings venues(final GatewayContext ctx, final TlsMaterial tls)
    {
        final SessionSettings settings = common(ctx, ctx.dataDir().resolve("venue"), "initiator");
        settings.setLong("HeartBtInt", ctx.venueHeartbeatSeconds());
        settings.setLong("ReconnectInterval", ctx.venueReconnectSeconds());
        for (final VenueClientConfig venue : ctx.venues())
        {
            final SessionID sessionId = FixSessionDefaults.addSession(settings, venueSessionId(venue));
            settings.setString(sessionId, "SocketConnectHost", venue.host());
            settings.setLong(sessionId, "SocketConnectPort", venue.port());
            settings.setBool(sessionId, "ResetOnLogon", venue.resetOnLogon());
            if (venue.tls())
            {
                if (null == tls)
                {
                    throw new IllegalArgumentException(Gateway.VENUE_PREFIX + venue.venueId() + ".tls is on " +
                        "but no TLS keystore was loaded");
                }
                tls.applyInitiator(settings, sessionId, venue);
            }
        }
        return settings;
    }

    /**
     * @param ctx    gateway configuration.
     * @param broker a broker session.
     * @return its QuickFIX/J session id (gateway as sender).
     */
    public static SessionID brokerSessionId(final GatewayContext ctx, final BrokerSessionConfig broker)
    {
        return new SessionID(BEGIN_STRING, ctx.brokerCompId(), broker.compId());
    }

    /**
     * @param venue a venue.
     * @return its QuickFIX/J session id.
     */
    public static SessionID venueSessionId(final VenueClientConfig venue)
    {
        return new SessionID(BEGIN_STRING, venue.senderCompId(), venue.targetCompId());
    }

    /**
     * The settings both sides share: Peregrine's session defaults (fix-edge), the gateway's stricter validation, the
     * side's store and logs under {@code dir}.
     */
    private static SessionSettings common(final GatewayContext ctx, final Path dir, final String connectionType)
    {
        final SessionSettings settings = FixSessionDefaults.applyTo(new SessionSettings());
        settings.setString("ConnectionType", connectionType);
        settings.setBool("ValidateUserDefinedFields", false);
        settings.setBool("AllowUnknownMsgFields", false);
        settings.setBool("RejectInvalidMessage", true);
        settings.setString("FileStorePath", dir.resolve("store").toString());
        settings.setBool("FileStoreSync", ctx.fixStoreSync());
        if (ctx.fixMessageLog())
        {
            settings.setString("FileLogPath", dir.resolve("log").toString());
            settings.setBool("FileLogHeartbeats", false);
        }
        return settings;
    }
}
