package io.peregrine.gateway.edge;

import org.junit.jupiter.api.Test;
import quickfix.SessionID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionRateLimitTest
{
    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final SessionID BROKER2 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER2");

    @Test
    void allowsOneSecondOfOrdersAtOnceThenRefillsAtTheRate()
    {
        final SessionRateLimit limit = new SessionRateLimit(100);
        long now = 1_000_000_000L;
        int allowed = 0;
        for (int i = 0; i < 150; i++)
        {
            allowed += limit.tryAcquire(BROKER1, now) ? 1 : 0;
        }
        assertEquals(100, allowed);
        assertFalse(limit.tryAcquire(BROKER1, now));
        now += 10_000_000L;   // 10 ms: one order's worth
        assertTrue(limit.tryAcquire(BROKER1, now));
        assertFalse(limit.tryAcquire(BROKER1, now));
        now += 60_000_000_000L; // a minute idle refills one second's worth, not more
        allowed = 0;
        for (int i = 0; i < 150; i++)
        {
            allowed += limit.tryAcquire(BROKER1, now) ? 1 : 0;
        }
        assertEquals(100, allowed);
        assertEquals(50 + 1 + 1 + 50, limit.throttled(), "every refusal is counted");
    }

    @Test
    void sessionsHaveTheirOwnBuckets()
    {
        final SessionRateLimit limit = new SessionRateLimit(2);
        assertTrue(limit.tryAcquire(BROKER1, 0));
        assertTrue(limit.tryAcquire(BROKER1, 0));
        assertFalse(limit.tryAcquire(BROKER1, 0));
        assertTrue(limit.tryAcquire(BROKER2, 0), "BROKER1's flood does not use BROKER2's orders");
    }

    @Test
    void zeroMeansNoLimitAndNegativeIsRefused()
    {
        final SessionRateLimit limit = new SessionRateLimit(0);
        for (int i = 0; i < 10_000; i++)
        {
            assertTrue(limit.tryAcquire(BROKER1, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new SessionRateLimit(-1));
    }
}
