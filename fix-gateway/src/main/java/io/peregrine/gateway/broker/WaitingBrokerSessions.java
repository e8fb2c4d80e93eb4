package io.peregrine.gateway.broker;

import quickfix.SessionID;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker sessions whose core reports wait ({@link BrokerReportProgress}: their FIX store could not take one, or
 * their reset logon holds them) and since when, for the threads that report on them: the gateway's counter sampling
 * (gauge {@code GatewayCounters.BROKER_SESSIONS_WAITING}) and the ops console's {@code /health}. Before, a waiting
 * session showed only in the log.
 * <p>
 * Written on the broker report agent's thread when a session starts or stops waiting (rare; allocates then), read from
 * any thread. Times are wall-clock epoch milliseconds: a session found waiting when the gateway starts waits since
 * that start, as far as this process knows.
 */
public final class WaitingBrokerSessions
{
    private final Map<SessionID, Long> sinceMs = new ConcurrentHashMap<>();

    void started(final SessionID session, final long nowMs)
    {
        sinceMs.putIfAbsent(session, nowMs);
    }

    void ended(final SessionID session)
    {
        sinceMs.remove(session);
    }

    /**
     * @return how many sessions' reports wait now.
     */
    public int count()
    {
        return sinceMs.size();
    }

    /**
     * @return each waiting session and the epoch milliseconds since which its reports wait, longest waiting first (a
     *         copy).
     */
    public Map<SessionID, Long> sinceMs()
    {
        final Map<SessionID, Long> copy = new LinkedHashMap<>();
        sinceMs.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
            .forEach((entry) -> copy.put(entry.getKey(), entry.getValue()));
        return copy;
    }
}
