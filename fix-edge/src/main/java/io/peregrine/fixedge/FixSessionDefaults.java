package io.peregrine.fixedge;

import quickfix.SessionID;
import quickfix.SessionSettings;

/**
 * The QuickFIX/J settings every Peregrine FIX 4.4 session shares, whichever side it is on (the gateway's broker
 * acceptor and venue initiators, the simulated venue's acceptor, the load tools' broker sessions): always on
 * ({@code StartTime = EndTime = 00:00:00}, {@code NonStopSession}), validated against {@code FIX44.xml}, messages
 * persisted for resends, sequence numbers kept across logons and disconnects (a reset is an operator's decision,
 * see {@code run.sh reset-session}), Nagle off. Each side adds its connection type, addresses, store and
 * validation choices. Start-up only; allocates.
 */
public final class FixSessionDefaults
{
    /** BeginString(8) of every session. */
    public static final String BEGIN_STRING = "FIX.4.4";

    private FixSessionDefaults()
    {
    }

    /**
     * Writes the shared settings into the default section.
     *
     * @param settings the settings being built.
     * @return the same settings.
     */
    public static SessionSettings applyTo(final SessionSettings settings)
    {
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setBool("NonStopSession", true);
        settings.setBool("UseDataDictionary", true);
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setBool("PersistMessages", true);
        settings.setBool("ResetOnLogon", false);
        settings.setBool("ResetOnLogout", false);
        settings.setBool("ResetOnDisconnect", false);
        settings.setBool("SocketTcpNoDelay", true);
        return settings;
    }

    /**
     * Adds a session section named by its id: BeginString, SenderCompID and TargetCompID as the id has them.
     *
     * @param settings  the settings being built.
     * @param sessionId the session.
     * @return the same session id, for the caller's further per-session settings.
     */
    public static SessionID addSession(final SessionSettings settings, final SessionID sessionId)
    {
        settings.setString(sessionId, "BeginString", sessionId.getBeginString());
        settings.setString(sessionId, "SenderCompID", sessionId.getSenderCompID());
        settings.setString(sessionId, "TargetCompID", sessionId.getTargetCompID());
        return sessionId;
    }
}
