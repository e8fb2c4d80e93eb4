package io.peregrine.bench.pipeline;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunnerParkingIdleStrategyTest
{
    @Test
    @Timeout(30)
    void runnerStopsCallingTheAgentOnceParkedAndResumesAfterRelease() throws Exception
    {
        final AtomicLong dutyCycles = new AtomicLong();
        final Agent agent = new Agent()
        {
            public int doWork()
            {
                dutyCycles.incrementAndGet();
                return 0;
            }

            public String roleName()
            {
                return "counting";
            }
        };
        final RunnerParkingIdleStrategy parking = new RunnerParkingIdleStrategy();
        final AgentRunner runner = new AgentRunner(parking, Throwable::printStackTrace, null, agent);
        AgentRunner.startOnThread(runner);
        try
        {
            parking.awaitParked(TimeUnit.SECONDS.toNanos(10));
            final long parkedAt = dutyCycles.get();
            Thread.sleep(100);
            assertEquals(parkedAt, dutyCycles.get(), "a parked runner must not call doWork");

            parking.release();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dutyCycles.get() == parkedAt && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertTrue(dutyCycles.get() > parkedAt, "a released runner calls doWork again");
        }
        finally
        {
            runner.close();
        }
    }
}
