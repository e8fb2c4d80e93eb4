package io.peregrine.gateway.session;

import quickfix.Session;
import quickfix.SessionID;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A FIX logon refused because the two machines' clocks differ: QuickFIX/J checks every message's SendingTime(52)
 * against its own clock and, beyond {@code MaxLatency} (its default, {@value #MAX_LATENCY_SECONDS} s; Peregrine does
 * not change it), answers a Logon with a Logout "SendingTime accuracy problem" before the application sees it. The
 * counterparty reconnects every few seconds and is refused the same way each time, so the log line naming the session
 * and the fix is written at most once per {@link #LOG_INTERVAL_MS} per session, saying how many refusals it stands for.
 * <p>
 * Any thread (QuickFIX/J's); the interval is measured on the monotonic clock, which a wall clock step does not move.
 * Edge code: allocates.
 */
public final class ClockSkewRefusal
{
    /** QuickFIX/J's SendingTime tolerance, which Peregrine leaves at QuickFIX/J's default. */
    public static final long MAX_LATENCY_SECONDS = Session.DEFAULT_MAX_LATENCY;
    /** At most one log line per session in this interval. */
    public static final long LOG_INTERVAL_MS = 60_000;

    private static final long LOG_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(LOG_INTERVAL_MS);

    private final ConcurrentHashMap<SessionID, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong refusals = new AtomicLong();

    /**
     * @param logoutText the Text(58) of a Logout, sent or received (may be null).
     * @return whether it refuses a logon for its SendingTime (QuickFIX/J's wordings, with or without "field").
     */
    public static boolean isClockSkew(final String logoutText)
    {
        return null != logoutText && logoutText.contains("SendingTime accuracy problem");
    }

    /**
     * @return what the refusal means and what fixes it, for logs and {@code /health}.
     */
    public static String fix()
    {
        return "the clocks of this machine and the counterparty differ by more than the receiver's SendingTime(52) " +
            "tolerance (QuickFIX/J's MaxLatency, " + MAX_LATENCY_SECONDS + " s unless that side set it): synchronise " +
            "both clocks (NTP)";
    }

    /**
     * Counts one refusal of a session and says whether to log it now.
     *
     * @param sessionId the refused session.
     * @param nowNanos  {@link System#nanoTime()}.
     * @return -1 to log nothing; else how many refusals of the session went unlogged since its last line (0 on the
     *         first).
     */
    public long admit(final SessionID sessionId, final long nowNanos)
    {
        refusals.incrementAndGet();
        final Window window = windows.computeIfAbsent(sessionId, (id) -> new Window());
        synchronized (window)
        {
            if (window.logged && nowNanos - window.lastLogNanos < LOG_INTERVAL_NS)
            {
                window.suppressed++;
                return -1;
            }
            final long suppressed = window.suppressed;
            window.logged = true;
            window.lastLogNanos = nowNanos;
            window.suppressed = 0;
            return suppressed;
        }
    }

    /**
     * @return logons refused for the clock so far, in every session.
     */
    public long refusals()
    {
        return refusals.get();
    }

    /**
     * @param sessionId a session that logged on: its next refusal is news again.
     */
    public void onLogon(final SessionID sessionId)
    {
        windows.remove(sessionId);
    }

    /**
     * @param sessionId a session.
     * @return whether its last refusal was for clock skew and was not logged (its other lines can be skipped too).
     */
    public boolean lastSuppressed(final SessionID sessionId)
    {
        final Window window = windows.get(sessionId);
        if (null == window)
        {
            return false;
        }
        synchronized (window)
        {
            return window.suppressed > 0;
        }
    }

    private static final class Window
    {
        boolean logged;
        long lastLogNanos;
        long suppressed;
    }
}
