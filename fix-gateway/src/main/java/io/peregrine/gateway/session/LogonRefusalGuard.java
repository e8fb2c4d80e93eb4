package io.peregrine.gateway.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.MsgType;
import quickfix.field.ResetSeqNumFlag;
import quickfix.field.Text;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops an initiator session from looping on logon/logout every reconnect interval when the two sides' sequence
 * stores disagree. On a Logout that refuses a logon for its MsgSeqNum (sent by the counterparty or by this side):
 * logs ONE error naming the session, both numbers and the fix ({@link SequenceRefusal#describe}), marks the session
 * DOWN in {@link SessionHealth} with that reason, and disables the QuickFIX/J session (no reconnect) for a backoff
 * that doubles from {@link #FIRST_RETRY_MS} up to {@link #MAX_RETRY_MS} before it tries again. A retry refused by
 * the same side expecting the same number logs at DEBUG only: the number received grows by itself with each attempt
 * (every refused logon uses up sequence numbers of the side logging on), so it does not make a new condition. A
 * successful logon clears it all.
 * <p>
 * Also honours {@code reset-session}: while the session's reset marker exists, its outgoing Logon carries
 * ResetSeqNumFlag=Y (QuickFIX/J then restarts both numbers at 1), and the accepted logon removes the marker.
 * <p>
 * Called on QuickFIX/J threads; the retry runs on one daemon timer thread. Edge code: allocates.
 */
public final class LogonRefusalGuard implements AutoCloseable
{
    /** First wait before a refused session tries to log on again. */
    public static final long FIRST_RETRY_MS = 5_000;
    /** Longest wait between two logon attempts of a refused session. */
    public static final long MAX_RETRY_MS = 300_000;

    private static final Logger LOG = LoggerFactory.getLogger(LogonRefusalGuard.class);

    private final SessionHealth health;
    private final Path storeDir;
    private final Map<SessionID, Refused> refusedBySession = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r ->
    {
        final Thread thread = new Thread(r, "fix-logon-backoff");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param health   where the DOWN state and its reason go.
     * @param storeDir the connector's FileStorePath (reset markers live there).
     */
    public LogonRefusalGuard(final SessionHealth health, final Path storeDir)
    {
        this.health = health;
        this.storeDir = storeDir;
    }

    /**
     * @param sessionId a session.
     * @return how many logons of the session were refused for sequence numbers since it was last up.
     */
    public int refusals(final SessionID sessionId)
    {
        final Refused refused = refusedBySession.get(sessionId);
        return null == refused ? 0 : refused.count;
    }

    /** From {@code toAdmin}: an outgoing admin message (Logon gets the reset flag; Logout may be our refusal). */
    public void onOutgoingAdmin(final Message message, final SessionID sessionId)
    {
        final String msgType = msgType(message);
        if (MsgType.LOGON.equals(msgType) && SessionReset.isRequested(storeDir, sessionId))
        {
            LOG.warn("FIX session {}: logging on with ResetSeqNumFlag=Y (requested by reset-session)",
                name(sessionId));
            message.setBoolean(ResetSeqNumFlag.FIELD, true);
        }
        else if (MsgType.LOGOUT.equals(msgType))
        {
            onLogoutText(sessionId, text(message), false);
        }
    }

    /** From {@code fromAdmin}: an incoming admin message (a Logout may refuse our logon). */
    public void onIncomingAdmin(final Message message, final SessionID sessionId)
    {
        if (MsgType.LOGOUT.equals(msgType(message)))
        {
            onLogoutText(sessionId, text(message), true);
        }
    }

    /** From {@code onLogon}. */
    public void onLogon(final SessionID sessionId)
    {
        if (SessionReset.isRequested(storeDir, sessionId))
        {
            SessionReset.clear(storeDir, sessionId);
            LOG.info("FIX session {}: sequence numbers reset on both sides, reset-session marker removed",
                name(sessionId));
        }
        final Refused refused = refusedBySession.remove(sessionId);
        if (null != refused)
        {
            LOG.info("FIX session {} logged on after {} refused logons", name(sessionId), refused.count);
        }
        health.up(sessionId);
    }

    /** From {@code onLogout}: a DOWN state stays DOWN. */
    public void onLogout(final SessionID sessionId)
    {
        health.disconnected(sessionId, "logged out; reconnecting");
    }

    private void onLogoutText(final SessionID sessionId, final String text, final boolean byCounterparty)
    {
        final SequenceRefusal refusal = SequenceRefusal.parse(text, byCounterparty);
        if (null == refusal)
        {
            return;
        }
        final Refused previous = refusedBySession.get(sessionId);
        final int count = null == previous ? 1 : previous.count + 1;
        final long delayMs = null == previous ? FIRST_RETRY_MS : Math.min(MAX_RETRY_MS, previous.delayMs * 2);
        refusedBySession.put(sessionId, new Refused(refusal, count, delayMs));
        final String reason = refusal.describe(name(sessionId));
        if (null == previous || !sameCondition(previous.refusal, refusal))
        {
            LOG.error(reason);
        }
        else
        {
            LOG.debug("FIX session {} refused again ({} times; expecting {} but received {}), next try in {} ms",
                name(sessionId), count, refusal.expected(), refusal.received(), delayMs);
        }
        health.down(sessionId, reason);

        final Session session = Session.lookupSession(sessionId);
        if (null != session && session.isEnabled())
        {
            // Disabling stops the initiator's reconnect loop; the timer enables it again after the backoff.
            session.logout(reason.length() > 200 ? reason.substring(0, 200) : reason);
            timer.schedule(() -> retry(sessionId), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Whether a refusal repeats the last one: the same side refusing, expecting the same number. What it received is
     * left out: the refused side's number grows with each logon it tries (a venue restarted on a clean store sends 1,
     * then 4, 7, ...), while the store that is behind, and so the fix, stay the same.
     */
    private static boolean sameCondition(final SequenceRefusal previous, final SequenceRefusal refusal)
    {
        return previous.byVenue() == refusal.byVenue() && previous.expected() == refusal.expected();
    }

    private void retry(final SessionID sessionId)
    {
        final Session session = Session.lookupSession(sessionId);
        if (null != session && refusedBySession.containsKey(sessionId))
        {
            LOG.info("FIX session {}: trying to log on again after a sequence number refusal", name(sessionId));
            session.logon();
        }
    }

    private static String name(final SessionID sessionId)
    {
        return sessionId.getSenderCompID() + "-" + sessionId.getTargetCompID();
    }

    private static String msgType(final Message message)
    {
        try
        {
            return message.getHeader().getString(MsgType.FIELD);
        }
        catch (final FieldNotFound ex)
        {
            return "";
        }
    }

    private static String text(final Message message)
    {
        try
        {
            return message.isSetField(Text.FIELD) ? message.getString(Text.FIELD) : null;
        }
        catch (final FieldNotFound ex)
        {
            return null;
        }
    }

    public void close()
    {
        timer.shutdownNow();
    }

    private record Refused(SequenceRefusal refusal, int count, long delayMs)
    {
    }
}
