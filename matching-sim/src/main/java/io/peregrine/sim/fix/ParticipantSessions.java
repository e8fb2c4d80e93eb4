package io.peregrine.sim.fix;

import quickfix.SessionID;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured participant sessions and the account ids the matching engine sees. Each distinct account name
 * gets its own id (1, 2, ...), so sessions that share an account are one account for self-trade prevention and
 * the market maker's account never equals a participant's. Built at start; read on the engine thread afterwards.
 */
public final class ParticipantSessions
{
    private final Map<String, Long> accountIds = new HashMap<>();
    private final Map<SessionID, ParticipantSession> sessions = new LinkedHashMap<>();

    /**
     * @param venueCompId     the venue's CompID.
     * @param sessionAccounts participant CompID to account name.
     * @param retention       closed orders (and refused request ClOrdIDs) each session remembers.
     */
    public ParticipantSessions(final String venueCompId, final Map<String, String> sessionAccounts, final int retention)
    {
        for (final Map.Entry<String, String> entry : sessionAccounts.entrySet())
        {
            final SessionID sessionID = FixAcceptorSettings.sessionId(venueCompId, entry.getKey());
            final String account = entry.getValue();
            sessions.put(sessionID, new ParticipantSession(sessionID, account, accountId(account), retention));
        }
    }

    /**
     * The engine's id of an account name, assigning the next one on first use. Start-up thread only.
     *
     * @param account name.
     * @return its id, positive.
     */
    public long accountId(final String account)
    {
        return accountIds.computeIfAbsent(account, (name) -> (long)accountIds.size() + 1);
    }

    ParticipantSession get(final SessionID sessionID)
    {
        return sessions.get(sessionID);
    }
}
