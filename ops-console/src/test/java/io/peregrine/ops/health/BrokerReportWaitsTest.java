package io.peregrine.ops.health;

import org.junit.jupiter.api.Test;
import quickfix.SessionID;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code broker-reports} part of {@code /health}: UP while no broker session's reports wait or none has waited
 * longer than the threshold, DEGRADED (still ready) naming the CompID of each session waiting longer.
 */
class BrokerReportWaitsTest
{
    private static final long NOW_MS = 1_800_000_000_000L;
    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final SessionID BROKER2 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER2");

    @Test
    void degradedNamingTheSessionOnceItsReportsWaitLongerThanTheThreshold()
    {
        assertEquals("UP", BrokerReportWaits.check(Map.of(), NOW_MS, 10_000).status());

        final HealthCheck.Part brief = BrokerReportWaits.check(Map.of(BROKER1, NOW_MS - 3_000), NOW_MS, 10_000);
        assertEquals("UP", brief.status(), "a wait under the threshold (a reset logon's hold, a store retried)");
        assertTrue(brief.detail().contains("BROKER1 (for 3 s)"), brief.detail());

        final Map<SessionID, Long> waiting = new LinkedHashMap<>();
        waiting.put(BROKER1, NOW_MS - 42_000);
        waiting.put(BROKER2, NOW_MS - 2_000);
        final HealthCheck.Part waited = BrokerReportWaits.check(waiting, NOW_MS, 10_000);
        assertEquals("DEGRADED", waited.status());
        assertEquals(BrokerReportWaits.PART, waited.name());
        assertTrue(waited.up(), "still ready: the other sessions are served");
        assertTrue(waited.detail().startsWith("reports of broker session BROKER1 (for 42 s) wait: its FIX store"),
            waited.detail());
        assertTrue(waited.detail().endsWith("waiting for less than 10 s: BROKER2 (for 2 s)"), waited.detail());

        final HealthCheck.Result result = new HealthCheck.Result(true, List.of(waited));
        assertEquals("DEGRADED", result.status());
        assertTrue(result.ready());
        assertTrue(result.toJson().contains("\"name\":\"broker-reports\",\"status\":\"DEGRADED\",\"reason\":"),
            result.toJson());
        assertFalse(result.toJson().contains("BROKER2 (for 2 s) wait:"), "a short wait is not the reason");
    }
}
