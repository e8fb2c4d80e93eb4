package io.peregrine.bench.load;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The idle strategies a run can use, by the names of the {@code peregrine.idle.strategy} property.
 */
public enum IdleMode
{
    /** Never gives the CPU up: lowest latency, needs a free core per busy thread. */
    BUSY_SPIN("busy-spin"),
    /** Spins, yields, then parks with growing pauses (1 us to 1 ms): the default on shared machines. */
    BACKOFF("backoff"),
    /** Parks 100 us whenever idle: cheap on CPU, adds latency. */
    SLEEPING("sleeping"),
    /** Yields whenever idle. */
    YIELDING("yielding");

    private static final long SLEEP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final String cliName;

    IdleMode(final String cliName)
    {
        this.cliName = cliName;
    }

    /** @return the name used on the command line and in {@code peregrine.idle.strategy}. */
    public String cliName()
    {
        return cliName;
    }

    /** @return a new strategy instance (strategies hold per-thread state: one per thread). */
    public IdleStrategy newStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case SLEEPING:
                return new SleepingIdleStrategy(SLEEP_NANOS);
            case YIELDING:
                return new YieldingIdleStrategy();
            case BACKOFF:
            default:
                return new BackoffIdleStrategy(
                    100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * @param name one of {@code busy-spin}, {@code backoff}, {@code sleeping}, {@code yielding}.
     * @return the mode.
     * @throws IllegalArgumentException listing the valid names.
     */
    public static IdleMode fromCliName(final String name)
    {
        for (final IdleMode mode : values())
        {
            if (mode.cliName.equals(name))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException("--idle must be busy-spin, backoff, sleeping or yielding, got '" + name + "'");
    }
}
