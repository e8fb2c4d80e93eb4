package io.peregrine.bench.pipeline;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An idle strategy that parks the agent runner thread using it at its first idle and keeps it parked until
 * {@link #release()}, so another thread can drive the agent's duty cycle by calling {@code doWork()} itself.
 * <p>
 * The core offers no transport-free or invoker mode yet (see {@code latency-bench/README.md}); this keeps the
 * core's agent and its wiring exactly as {@code Peregrine.launch} builds them while a benchmark thread owns the
 * duty cycle. The single-writer rule holds: the runner thread does nothing between {@link #awaitParked} and
 * {@link #release()}, and the volatile hand-over orders the two threads' accesses. After release it behaves as a
 * default {@link BackoffIdleStrategy}.
 */
final class RunnerParkingIdleStrategy implements IdleStrategy
{
    private final BackoffIdleStrategy afterRelease = new BackoffIdleStrategy();
    private volatile Thread parkedThread;
    private volatile boolean released;

    @Override
    public void idle(final int workCount)
    {
        if (released)
        {
            afterRelease.idle(workCount);
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        if (released)
        {
            afterRelease.idle();
            return;
        }
        parkedThread = Thread.currentThread();
        while (!released)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            if (Thread.currentThread().isInterrupted())
            {
                return;
            }
        }
    }

    @Override
    public void reset()
    {
        afterRelease.reset();
    }

    /**
     * Waits until the runner thread is parked: from then on the caller may drive the agent.
     *
     * @param timeoutNanos longest wait.
     * @throws IllegalStateException if the runner did not park in time.
     */
    void awaitParked(final long timeoutNanos)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (null == parkedThread)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("agent runner did not reach its idle strategy");
            }
            Thread.yield();
        }
        // parkedThread is written inside idle(), after the runner's last doWork() returned: from here on the
        // runner only loops on `released`, and that volatile write/read orders its agent state before ours.
    }

    /**
     * Lets the runner thread run the agent again (call once the other thread has stopped driving it).
     */
    void release()
    {
        released = true;
        final Thread runner = parkedThread;
        if (null != runner)
        {
            LockSupport.unpark(runner);
        }
    }
}
