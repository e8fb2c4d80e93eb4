package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest
{
    private final CircuitBreaker breaker = new CircuitBreaker(3, 1_000);

    @Test
    void opensOnlyAfterTheThresholdOfConsecutiveFailures()
    {
        assertFalse(breaker.onFailure(0, false));
        assertFalse(breaker.onFailure(0, false));
        breaker.onSuccess();
        assertFalse(breaker.onFailure(0, false));
        assertFalse(breaker.onFailure(0, false));
        assertTrue(breaker.onFailure(10, false));
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void halfOpensAfterTheCoolDownAndLetsExactlyOneProbeThrough()
    {
        openAt(100);
        assertFalse(breaker.onTimer(1_099));
        assertTrue(breaker.onTimer(1_100));
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire(), "one probe at a time");
        assertTrue(breaker.onSuccess());
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void failedProbeReopensForAnotherCoolDown()
    {
        openAt(0);
        breaker.onTimer(1_000);
        assertTrue(breaker.tryAcquire());
        assertTrue(breaker.onFailure(1_500, false));
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.onTimer(2_000));
        assertTrue(breaker.onTimer(2_500));
    }

    @Test
    void resetClosesAndForgetsFailures()
    {
        openAt(0);
        breaker.reset();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals(0, breaker.consecutiveFailures());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void halfOpenAfterUnansweredRequestsAsksForAProbeOfItsOwnAndAfterRejectsWaitsForAnOrder()
    {
        breaker.onFailure(0, false);
        breaker.onFailure(0, false);
        breaker.onFailure(0, true);
        assertFalse(breaker.wantsAskingProbe(), "open: no probe yet");
        breaker.onTimer(1_000);
        assertTrue(breaker.wantsAskingProbe(), "opened by an unanswered request");
        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.wantsAskingProbe(), "one probe at a time");
        assertTrue(breaker.probing());

        assertTrue(breaker.onFailure(1_500, false), "a rejected probe re-opens");
        breaker.onTimer(2_500);
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertFalse(breaker.wantsAskingProbe(), "opened by a reject: only an order can show it is accepted again");
    }

    @Test
    void aProbeAnsweredWithNeitherSuccessNorFailureGivesItsTurnUp()
    {
        openAt(0);
        breaker.onTimer(1_000);
        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire());
        breaker.releaseProbe();
        assertFalse(breaker.probing());
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire(), "the next order is the probe");
    }

    private void openAt(final long now)
    {
        breaker.onFailure(now, false);
        breaker.onFailure(now, false);
        breaker.onFailure(now, false);
    }

    @Test
    void countsTheProbesThatFailedSinceItOpenedSoTheOpeningIsReportedOnce()
    {
        openAt(0);
        assertEquals(0, breaker.failedProbes(), "an opening");
        breaker.onTimer(1_000);
        breaker.tryAcquire();
        assertTrue(breaker.onFailure(1_500, true));
        assertEquals(1, breaker.failedProbes(), "re-opened by a failed probe");
        breaker.onTimer(2_500);
        breaker.tryAcquire();
        assertTrue(breaker.onSuccess());
        openAt(3_000);
        assertEquals(0, breaker.failedProbes(), "closed in between: a new opening");
    }
}
