package io.peregrine.risk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderRateThrottleTest
{
    private static boolean take(final OrderRateThrottle throttle, final long rate, final long now)
    {
        if (throttle.canAcquire(0, rate, now))
        {
            throttle.acquire(0, rate, now);
            return true;
        }
        return false;
    }

    @Test
    void sustainsExactlyTheConfiguredRateOverTime()
    {
        final OrderRateThrottle throttle = new OrderRateThrottle(1);
        final long rate = 1_000;
        int accepted = 0;
        // offer 10,000 orders per second for 5 seconds: burst of 1,000 plus 1,000 per second
        for (long now = 0; now < 5_000_000_000L; now += 100_000)
        {
            if (take(throttle, rate, now))
            {
                accepted++;
            }
        }
        assertEquals(1_000 + 5_000 - 1, accepted, 1);
    }

    @Test
    void loweredRateClampsTheBucket()
    {
        final OrderRateThrottle throttle = new OrderRateThrottle(1);
        assertTrue(take(throttle, 1_000, 0));
        assertTrue(take(throttle, 2, 0));
        assertTrue(take(throttle, 2, 0));
        assertFalse(take(throttle, 2, 0));
    }

    @Test
    void largestRateDoesNotOverflow()
    {
        final OrderRateThrottle throttle = new OrderRateThrottle(1);
        final long rate = AccountLimits.MAX_ORDERS_PER_SECOND;
        assertTrue(take(throttle, rate, 0));
        assertTrue(take(throttle, rate, 999_999_999L));
        assertTrue(take(throttle, rate, Long.MAX_VALUE));
        assertTrue(take(throttle, rate, Long.MIN_VALUE));
    }

    @Test
    void aClockSteppedBackRefillsFromTheEarlierTimeInsteadOfRefusingUntilTheClockCatchesUp()
    {
        final OrderRateThrottle throttle = new OrderRateThrottle(1);
        final long rate = 2;
        final long noon = 43_200_000_000_000L;
        assertTrue(take(throttle, rate, noon));
        assertTrue(take(throttle, rate, noon));
        assertFalse(take(throttle, rate, noon), "the bucket is empty");

        final long twoHoursBefore = noon - 7_200_000_000_000L;
        assertFalse(take(throttle, rate, twoHoursBefore), "a step back refills nothing");
        assertTrue(take(throttle, rate, twoHoursBefore + 500_000_000L), "half a second later: one token, not 2 h");
        assertFalse(take(throttle, rate, twoHoursBefore + 500_000_000L));
        assertTrue(take(throttle, rate, twoHoursBefore + 1_000_000_000L));
    }

    @Test
    void aShortStepBackAfterARefillAlsoRefillsWithinOneSecond()
    {
        final OrderRateThrottle throttle = new OrderRateThrottle(1);
        final long rate = 1;
        final long noon = 43_200_000_000_000L;
        assertTrue(take(throttle, rate, noon - 2_000_000_000L));
        final long later = noon + 10_000_000_000L;
        assertTrue(take(throttle, rate, later), "refilled");
        assertFalse(take(throttle, rate, noon), "stepped back 10 s, the bucket still empty: refused");
        assertTrue(take(throttle, rate, noon + 1_000_000_000L), "one second after the step: refilled");
    }
}
