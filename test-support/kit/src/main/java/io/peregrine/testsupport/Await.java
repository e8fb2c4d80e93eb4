package io.peregrine.testsupport;

import java.util.function.BooleanSupplier;

/**
 * Bounded waits for a condition (tests wait for a state, never for a time). Polls every 10 ms on the calling thread.
 */
public final class Await
{
    private Await()
    {
    }

    /**
     * Waits until the condition holds.
     *
     * @param what      what is awaited, for the failure message.
     * @param condition polled on the calling thread.
     * @param timeoutMs longest wait.
     * @throws AssertionError if it does not hold in time.
     */
    public static void until(final String what, final BooleanSupplier condition, final long timeoutMs)
    {
        if (!holdsWithin(condition, timeoutMs))
        {
            throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
        }
    }

    /**
     * @param condition polled on the calling thread.
     * @param timeoutMs longest wait.
     * @return whether the condition held within the time (checked once more at the deadline).
     */
    public static boolean holdsWithin(final BooleanSupplier condition, final long timeoutMs)
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return condition.getAsBoolean();
            }
            pause(10);
        }
        return true;
    }

    /**
     * Sleeps the calling thread between two polls of a bounded wait (a poll loop that cannot be a condition, e.g.
     * one that collects what it polls).
     *
     * @param millis how long.
     * @throws IllegalStateException if the thread is interrupted (its interrupt flag is set again).
     */
    public static void pause(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", ex);
        }
    }
}
