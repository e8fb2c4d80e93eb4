package io.peregrine.sim.fix;

import io.peregrine.config.WakeableIdleStrategy;
import io.peregrine.sim.VenueInstrument;
import org.agrona.concurrent.AgentRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Work queued for the engine thread wakes it, so the engine's park never delays a request. */
class EngineWakeOnOfferTest
{
    private static final long ONE_HOUR_NS = TimeUnit.HOURS.toNanos(1);

    private static SimulatedExchangeAgent newAgent(final int queueCapacity)
    {
        return new SimulatedExchangeAgent(
            queueCapacity,
            new ParticipantSessions("SIMVENUE", Map.of("P1", "ACC1"), 10),
            Map.of("AAPL", VenueInstrument.of("AAPL", "190.00", "0.01", 1)),
            false,
            1_000,
            (message, sessionID) -> { },
            "test",
            null);
    }

    @Test
    void wakesOncePerQueuedCommandAndNotForARefusedOne()
    {
        final SimulatedExchangeAgent agent = newAgent(2);
        final AtomicInteger wakes = new AtomicInteger();
        agent.wakeOnOffer(wakes::incrementAndGet);

        assertTrue(agent.offer((Runnable)() -> { }));
        assertTrue(agent.offer((Runnable)() -> { }));
        assertFalse(agent.offer((Runnable)() -> { }), "the queue holds two");

        assertEquals(2, wakes.get());
    }

    @Test
    @Timeout(30)
    void anEngineParkedForAnHourRunsEveryQueuedTaskAtOnce() throws Exception
    {
        final SimulatedExchangeAgent agent = newAgent(1024);
        // no spins, no yields, every park an hour: only a wake can end one
        final WakeableIdleStrategy idle = new WakeableIdleStrategy(0, 0, ONE_HOUR_NS, ONE_HOUR_NS);
        agent.wakeOnOffer(WakeableIdleStrategy.wakerOf(idle));
        final AgentRunner runner = new AgentRunner(idle, Throwable::printStackTrace, null, agent);
        AgentRunner.startOnThread(runner);
        try
        {
            for (int i = 0; i < 200; i++)
            {
                final CountDownLatch ran = new CountDownLatch(1);
                assertTrue(agent.offer((Runnable)ran::countDown));
                ran.await(); // a lost wake leaves the engine parked for an hour: the test times out
            }
        }
        finally
        {
            // close() waits for the duty cycle to end: wake the hour-long park when the first wait times out
            runner.close(100, (thread) -> idle.wake());
        }
    }
}
