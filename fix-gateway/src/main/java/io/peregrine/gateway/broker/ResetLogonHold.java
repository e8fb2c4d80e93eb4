package io.peregrine.gateway.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.SessionID;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Holds the deliveries to a broker session from other threads while its Logon with ResetSeqNumFlag=Y is handled.
 * <p>
 * QuickFIX/J 3.0.0 calls {@code fromAdmin} for such a logon (where {@link ResetLogonResend#beforeReset} copies out
 * what the broker has not received) and only later empties the store, with nothing locking the gap; and it calls
 * {@code onLogon} (where the copies are sent again) once the session is logged on, when the report agent may already
 * be sending newer reports. A report the agent stored in the gap would be wiped by the reset, never sent nor kept; a
 * report sent before the copies would reach the broker before older ones (CumQty going backwards). So from
 * {@link #hold} (before the copy) until {@link #release} (the resend done, or the logon failed or logged out), a
 * {@link BrokerDelivery} from any thread but the holder's is refused as {@link BrokerDelivery.Outcome#HELD}, and the
 * caller delivers it later: the report agent's per-session wait re-reads it from the core journal, in order; reading
 * the live stream, the agent reads it again on its next duty cycle. The hold and a delivery serialize on the session's
 * gate, so a delivery in flight when the hold begins is in the store before the copy is taken.
 * <p>
 * A hold whose logon neither completed nor ended (QuickFIX/J calls neither {@code onLogon} nor {@code onLogout} when
 * its store fails while it resets) lapses after {@link #LIMIT_NS}, with a WARN: the broker's reports are then
 * delivered again, as before the hold existed.
 * <p>
 * One registry per JVM, keyed by session id, as QuickFIX/J's own session registry is. Thread-safe: held by a session's
 * QuickFIX/J thread, read by the report agent's and QuickFIX/J's threads. Allocates one gate per session, once.
 */
final class ResetLogonHold
{
    /** How long a hold may last: a reset logon's handling, its resend included, takes far less. */
    static final long LIMIT_NS = TimeUnit.SECONDS.toNanos(10);

    private static final Logger LOG = LoggerFactory.getLogger(ResetLogonHold.class);
    private static final Map<SessionID, Gate> GATES = new ConcurrentHashMap<>();

    private ResetLogonHold()
    {
    }

    /**
     * Holds the session's deliveries from every other thread, once a delivery in flight has finished.
     *
     * @param sessionId the broker session whose reset logon the calling thread handles.
     */
    static void hold(final SessionID sessionId)
    {
        final Gate gate = gate(sessionId);
        synchronized (gate)
        {
            gate.holder = Thread.currentThread();
            gate.sinceNs = System.nanoTime();
        }
    }

    /**
     * Ends the session's hold, if any.
     *
     * @param sessionId the broker session.
     */
    static void release(final SessionID sessionId)
    {
        final Gate gate = GATES.get(sessionId);
        if (null != gate)
        {
            synchronized (gate)
            {
                gate.holder = null;
            }
        }
    }

    /**
     * @param sessionId the broker session.
     * @return its gate: a delivery synchronizes on it and asks {@link Gate#admits()} inside.
     */
    static Gate gate(final SessionID sessionId)
    {
        return GATES.computeIfAbsent(sessionId, Gate::new);
    }

    /** A session's gate: whose thread holds its deliveries, since when. Guarded by its own monitor. */
    static final class Gate
    {
        private final SessionID sessionId;
        private Thread holder;
        private long sinceNs;

        private Gate(final SessionID sessionId)
        {
            this.sessionId = sessionId;
        }

        /**
         * Called holding this gate's monitor.
         *
         * @return whether the calling thread may deliver to the session now.
         */
        boolean admits()
        {
            if (null == holder || Thread.currentThread() == holder)
            {
                return true;
            }
            if (System.nanoTime() - sinceNs < LIMIT_NS)
            {
                return false;
            }
            LOG.warn("broker session {}: its ResetSeqNumFlag=Y logon neither completed nor ended within {} s: its " +
                "reports are delivered again", sessionId, TimeUnit.NANOSECONDS.toSeconds(LIMIT_NS));
            holder = null;
            return true;
        }
    }
}
