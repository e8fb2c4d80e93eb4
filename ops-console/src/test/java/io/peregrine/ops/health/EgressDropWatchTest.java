package io.peregrine.ops.health;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code egress} part of {@code /health}: DEGRADED (still ready) with the client id while the core drops live
 * egress reports (counter 7014), UP again once none was dropped for {@link EgressDropWatch#WINDOW_MILLIS}.
 */
class EgressDropWatchTest
{
    private static final long T0 = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void upWhileNothingIsDroppedDegradedWithTheClientIdWhileReportsAreDroppedThenUpAgain()
    {
        final EgressDropWatch watch = new EgressDropWatch(1002, false);
        assertEquals("UP", watch.check(0, EgressDropWatch.NO_CLIENT, T0).status());

        final HealthCheck.Part dropping = watch.check(353, 42, T0 + SECOND);
        assertEquals("DEGRADED", dropping.status());
        assertTrue(dropping.up(), "still ready");
        assertTrue(dropping.detail().contains("353 since the last check"), dropping.detail());
        assertTrue(dropping.detail().contains("client id 42"), dropping.detail());
        assertTrue(dropping.detail().contains("lost them"), "without a journal: " + dropping.detail());

        final HealthCheck.Part stillRecent = watch.check(353, 42, T0 + 30 * SECOND);
        assertEquals("DEGRADED", stillRecent.status(), "within the window of the last drop");
        assertTrue(stillRecent.detail().contains("29 s ago"), stillRecent.detail());

        final HealthCheck.Part quiet = watch.check(353, 42, T0 + 62 * SECOND);
        assertEquals("UP", quiet.status());
        assertTrue(quiet.detail().contains("353 since the core started"), quiet.detail());
    }

    @Test
    void dropsMadeBeforeTheFirstCheckAndWithAJournalSayJournalReadersMissNothing()
    {
        final HealthCheck.Part part = new EgressDropWatch(1002, true).check(5, EgressDropWatch.NO_CLIENT, T0);

        assertEquals("DEGRADED", part.status());
        assertTrue(part.detail().contains("client id not known"), part.detail());
        assertTrue(part.detail().contains("journal readers"), part.detail());
    }

    @Test
    void aDegradedPartMakesTheAnswerDegradedButReadyAndADownPartMakesItDown()
    {
        final HealthCheck.Part degraded = HealthCheck.Part.degraded("egress", "dropping");
        final HealthCheck.Result result = new HealthCheck.Result(true, List.of(
            new HealthCheck.Part("core", true, "heartbeat advancing"), degraded));

        assertTrue(result.ready());
        assertEquals("DEGRADED", result.status());
        assertTrue(result.toJson().startsWith("{\"status\":\"DEGRADED\",\"live\":true,\"ready\":true"),
            result.toJson());
        assertTrue(result.toJson().contains("{\"name\":\"egress\",\"status\":\"DEGRADED\",\"reason\":\"dropping\"}"),
            result.toJson());

        final HealthCheck.Result down = new HealthCheck.Result(true, List.of(
            new HealthCheck.Part("core", false, "stalled"), degraded));
        assertFalse(down.ready());
        assertEquals("DOWN", down.status());
    }
}
