package io.peregrine.gateway.session;

import quickfix.SessionID;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each FIX session of the gateway is UP, DISCONNECTED (transient: QuickFIX/J reconnects) or DOWN (it
 * cannot log on until someone acts, for example stale sequence stores), and why. One small class so that a health
 * endpoint can read it. Written by QuickFIX/J threads, read from any thread; allocates one small object per change.
 */
public final class SessionHealth
{
    /** Session states. */
    public enum State
    {
        /** Never logged on yet. */
        CONNECTING,
        /** Logged on. */
        UP,
        /** Logged out or disconnected; reconnecting on its own. */
        DISCONNECTED,
        /** Cannot log on until an operator acts; {@link Status#reason()} says what to do. */
        DOWN
    }

    /**
     * @param state    the state.
     * @param reason   why (empty when UP).
     * @param sinceMs  epoch millis of the change.
     */
    public record Status(State state, String reason, long sinceMs)
    {
    }

    private final Map<SessionID, Status> statusBySession = new ConcurrentHashMap<>();

    /**
     * @param sessionId a session.
     * @return its status, CONNECTING if nothing happened yet.
     */
    public Status status(final SessionID sessionId)
    {
        return statusBySession.getOrDefault(sessionId, new Status(State.CONNECTING, "", 0));
    }

    /** @return a snapshot of every known session's status. */
    public Map<SessionID, Status> snapshot()
    {
        return Map.copyOf(statusBySession);
    }

    /** The session logged on. */
    public void up(final SessionID sessionId)
    {
        statusBySession.put(sessionId, new Status(State.UP, "", System.currentTimeMillis()));
    }

    /** The session logged out; keeps a DOWN state (the logout that follows a refusal does not clear it). */
    public void disconnected(final SessionID sessionId, final String reason)
    {
        statusBySession.compute(sessionId, (id, old) -> null != old && old.state() == State.DOWN ? old :
            new Status(State.DISCONNECTED, reason, System.currentTimeMillis()));
    }

    /** The session cannot log on until an operator acts. */
    public void down(final SessionID sessionId, final String reason)
    {
        statusBySession.put(sessionId, new Status(State.DOWN, reason, System.currentTimeMillis()));
    }
}
