package io.peregrine.bench.load;

import io.peregrine.config.IdleStrategies;
import org.agrona.concurrent.IdleStrategy;

/**
 * The idle strategies a run can use, by the names of the {@code peregrine.idle.strategy} property. Instances come
 * from {@link IdleStrategies} (the factory of every Peregrine agent), so the load client, the venue and the echo
 * agent idle exactly like the core does.
 */
public enum IdleMode
{
    /** Never gives the CPU up: lowest latency, needs a free core per busy thread. */
    BUSY_SPIN("busy-spin"),
    /**
     * Spins, yields, then parks with growing pauses up to {@code peregrine.idle.backoff.max.park.ns} (default
     * 100 us): the default on shared machines.
     */
    BACKOFF("backoff"),
    /** Sleeps 1 ms whenever idle: cheapest on CPU, adds up to a millisecond per hop. */
    SLEEPING("sleeping"),
    /** Yields whenever idle. */
    YIELDING("yielding");

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
        return IdleStrategies.newIdleStrategy("--idle", cliName, IdleStrategies.processBackoffMaxParkNs());
    }

    /**
     * For the configuration lines of reports: the name and the strategy {@link #newStrategy()} builds with this
     * process's properties, with every setting it was built with, e.g. {@code backoff (WakeableIdleStrategy{maxSpins=10,
     * maxYields=5, minParkPeriodNs=1000, maxParkPeriodNs=100000})}: for {@code backoff} its class (woken on hand-off
     * or Agrona's plain one, {@code peregrine.idle.wake}), spins, yields, first park
     * ({@code peregrine.idle.backoff.min.park.ns}) and longest park ({@code peregrine.idle.backoff.max.park.ns}).
     *
     * @return the description; allocates (a strategy and the text).
     */
    public String describe()
    {
        return cliName + " (" + newStrategy() + ")";
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
        throw new IllegalArgumentException(
            "--idle must be busy-spin, backoff, sleeping or yielding, got '" + name + "'");
    }
}
