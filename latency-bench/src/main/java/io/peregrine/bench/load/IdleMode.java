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
     * @return the name, and for {@code backoff} its longest park ({@code peregrine.idle.backoff.max.park.ns}), for
     * the configuration lines of reports.
     */
    public String describe()
    {
        return this == BACKOFF ?
            cliName + " (max park " + IdleStrategies.processBackoffMaxParkNs() + " ns)" : cliName;
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
