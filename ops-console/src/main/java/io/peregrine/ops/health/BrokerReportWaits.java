package io.peregrine.ops.health;

import quickfix.SessionID;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code broker-reports} part of {@code /health}: DEGRADED while a broker session's core reports have waited
 * longer than a threshold (the gateway's {@code WaitingBrokerSessions}: the session's FIX store could not take one, or
 * its reset logon holds them), naming each such session by its CompID and how long it has waited. Waiting reports are
 * not lost (they are read again from the core journal and delivered in order once the store takes them), but that
 * broker gets none of its fills meanwhile. A shorter wait is UP with the session named: a reset logon holds reports for
 * milliseconds, a store is retried every second.
 * <p>
 * Stateless; any thread; allocates (edge).
 */
public final class BrokerReportWaits
{
    /**
     * How long a session's reports may wait before the part is DEGRADED: the longest a reset logon may hold them
     * (fix-gateway {@code ResetLogonHold.LIMIT_NS}), so that only a store that keeps failing makes it DEGRADED.
     */
    public static final long DEGRADED_AFTER_MS = 10_000;

    /** The part's name in {@code /health}. */
    public static final String PART = "broker-reports";

    private BrokerReportWaits()
    {
    }

    /**
     * @param sinceMs         each waiting broker session and the epoch milliseconds since which its reports wait.
     * @param nowMs           epoch milliseconds now.
     * @param degradedAfterMs how long a wait keeps the part UP.
     * @return the part.
     */
    public static HealthCheck.Part check(final Map<SessionID, Long> sinceMs, final long nowMs, final long degradedAfterMs)
    {
        if (sinceMs.isEmpty())
        {
            return new HealthCheck.Part(PART, true, "no broker session's reports wait");
        }
        final List<String> overdue = new ArrayList<>();
        final List<String> waiting = new ArrayList<>();
        for (final Map.Entry<SessionID, Long> entry : sinceMs.entrySet())
        {
            final long waitedMs = Math.max(0, nowMs - entry.getValue());
            final String session = entry.getKey().getTargetCompID() + " (for " + waitedMs / 1000 + " s)";
            (waitedMs > degradedAfterMs ? overdue : waiting).add(session);
        }
        if (overdue.isEmpty())
        {
            return new HealthCheck.Part(PART, true, "reports of broker session " + String.join(", ", waiting) +
                " wait, under " + degradedAfterMs / 1000 + " s: retried every second");
        }
        final boolean one = 1 == overdue.size();
        return HealthCheck.Part.degraded(PART, "reports of broker session" + (one ? " " : "s ") +
            String.join(", ", overdue) + " wait: " + (one ? "its" : "their") + " FIX store cannot take them (a full " +
            "disk, a permission: see the gateway's ERROR naming the session) or a reset logon holds them; none is " +
            "lost: they are delivered in order once the store takes them" +
            (waiting.isEmpty() ? "" : "; waiting for less than " + degradedAfterMs / 1000 + " s: " +
            String.join(", ", waiting)));
    }
}
