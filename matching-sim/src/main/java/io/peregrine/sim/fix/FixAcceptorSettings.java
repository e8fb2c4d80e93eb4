package io.peregrine.sim.fix;

import io.peregrine.fixedge.FixSessionDefaults;
import io.peregrine.sim.SimVenueContext;
import quickfix.SessionID;
import quickfix.SessionSettings;

/**
 * The QuickFIX/J acceptor settings of the venue, built from a {@link SimVenueContext}: FIX 4.4, one static session
 * per participant CompID, sessions always on ({@code NonStopSession}), data dictionary validation on (malformed
 * messages get a session-level Reject), file stores that keep sequence numbers and sent messages across restarts
 * so resend requests are honoured, and no sequence reset on logon, logout or disconnect.
 */
public final class FixAcceptorSettings
{
    /** The FIX version the venue speaks. */
    public static final String BEGIN_STRING = FixSessionDefaults.BEGIN_STRING;

    private FixAcceptorSettings()
    {
    }

    /**
     * @param context of the venue.
     * @param port    to bind (the context's, or the free port picked for it).
     * @return QuickFIX/J settings with a [default] section and one [session] per participant.
     */
    public static SessionSettings build(final SimVenueContext context, final int port)
    {
        final SessionSettings settings = FixSessionDefaults.applyTo(new SessionSettings());
        settings.setString("ConnectionType", "acceptor");
        settings.setString("BeginString", BEGIN_STRING);
        settings.setString("SenderCompID", context.compId());
        settings.setString("SocketAcceptAddress", context.host());
        settings.setLong("SocketAcceptPort", port);
        settings.setString("ValidateIncomingMessage", "Y");
        settings.setString("RejectInvalidMessage", "Y");
        settings.setString("RefreshOnLogon", "N");
        settings.setString("FileStorePath", context.storeDir().toString());
        settings.setString("FileLogPath", context.logDir().toString());
        for (final String participant : context.sessionAccounts().keySet())
        {
            final SessionID sessionID = sessionId(context.compId(), participant);
            settings.setString(sessionID, "TargetCompID", participant);
        }
        return settings;
    }

    /**
     * @param venueCompId       the venue's CompID.
     * @param participantCompId the participant's CompID.
     * @return the venue-side SessionID (sender = venue).
     */
    public static SessionID sessionId(final String venueCompId, final String participantCompId)
    {
        return new SessionID(BEGIN_STRING, venueCompId, participantCompId);
    }
}
