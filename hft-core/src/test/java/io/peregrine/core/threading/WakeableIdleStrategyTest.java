package io.peregrine.core.threading;

import io.peregrine.config.WakeableIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The park of a {@link WakeableIdleStrategy} is cut short by {@link WakeableIdleStrategy#wake()}, and no wake is
 * lost. Every park here is one hour long, so only a wake can end it: a lost wake hangs the test until its timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WakeableIdleStrategyTest
{
    private static final long ONE_HOUR_NS = TimeUnit.HOURS.toNanos(1);

    @Test
    void wakeEndsAParkThatWouldLastAnHour() throws Exception
    {
        final WakeableIdleStrategy idle = new WakeableIdleStrategy(0, 0, ONE_HOUR_NS, ONE_HOUR_NS);
        final Thread agent = new Thread(() ->
        {
            for (int i = 0; i < 4; i++)
            {
                idle.idle(0); // not idle -> spinning -> yielding -> parking: the fourth call parks
            }
        });
        agent.start();
        while (Thread.State.TIMED_WAITING != agent.getState())
        {
            Thread.yield();
        }
        idle.wake();
        agent.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!agent.isAlive(), "the parked agent was woken");
    }

    @Test
    void noHandOffWaitsOutThePark() throws Exception
    {
        final int handOffs = 20_000;
        final WakeableIdleStrategy idle = new WakeableIdleStrategy(0, 0, ONE_HOUR_NS, ONE_HOUR_NS);
        final AtomicLong offered = new AtomicLong();
        final long[] taken = new long[1];
        final Thread agent = new Thread(() ->
        {
            while (taken[0] < handOffs)
            {
                final long available = offered.get();
                final int work = (int)(available - taken[0]);
                taken[0] = available;
                idle.idle(work);
            }
        });
        agent.start();
        for (int i = 0; i < handOffs; i++)
        {
            offered.incrementAndGet();
            idle.wake();
            if ((i & 7) == 0)
            {
                // let the agent reach its park now and then, so wakes race both parking and working
                while (Thread.State.RUNNABLE == agent.getState() && offered.get() != taken[0])
                {
                    Thread.onSpinWait();
                }
            }
        }
        agent.join(TimeUnit.SECONDS.toMillis(50));
        assertEquals(handOffs, taken[0], "every hand-off was taken without waiting out an hour-long park");
    }

    @Test
    void wakerOfAPlainStrategyDoesNothingAndIsSafe()
    {
        WakeableIdleStrategy.wakerOf(new org.agrona.concurrent.BackoffIdleStrategy()).run();
        final WakeableIdleStrategy idle = new WakeableIdleStrategy(1_000);
        WakeableIdleStrategy.wakerOf(idle).run();
        idle.idle(0);
    }

    @Test
    void refusesParkPeriodsOutOfOrder()
    {
        assertThrows(IllegalArgumentException.class, () -> new WakeableIdleStrategy(0, 0, 2_000, 1_000));
    }
}
