package io.peregrine.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one bounded wait of the benchmarks' and load runs' set-up: streams connecting, FIX sessions logging on. A run
 * that cannot start stops with one message naming what did not happen, instead of hanging or measuring nothing.
 * <p>
 * Yields for the first millisecond (an Aeron image usually appears within microseconds), then sleeps 1 ms between
 * checks (a FIX logon takes tens of milliseconds) so a long wait does not take a core from the run. Set-up only, on
 * the calling thread; the condition is usually a capturing lambda (allocates).
 */
public final class SetUpWait
{
    private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private SetUpWait()
    {
    }

    /**
     * Waits until the condition holds.
     *
     * @param condition checked on the calling thread.
     * @param timeout   longest wait.
     * @param unit      of the timeout.
     * @param what      what is awaited, as a subject: {@code "venue streams"} gives
     *                  "venue streams did not connect within 10000 ms" with {@code verb} "connect".
     * @param verb      what {@code what} should have done: {@code "connect"}, {@code "log on"}.
     * @throws IllegalStateException if the condition does not hold in time, or the thread is interrupted.
     */
    public static void until(
        final BooleanSupplier condition, final long timeout, final TimeUnit unit, final String what, final String verb)
    {
        final long start = System.nanoTime();
        final long deadline = start + unit.toNanos(timeout);
        while (!condition.getAsBoolean())
        {
            final long now = System.nanoTime();
            if (now - deadline > 0)
            {
                throw new IllegalStateException(what + " did not " + verb + " within " + unit.toMillis(timeout) +
                    " ms");
            }
            if (now - start < SPIN_NANOS)
            {
                Thread.yield();
            }
            else
            {
                sleepOneMilli();
            }
        }
    }

    private static void sleepOneMilli()
    {
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", ex);
        }
    }
}
