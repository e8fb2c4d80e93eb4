package io.peregrine.config;

import io.aeron.driver.Configuration;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.function.Supplier;

/**
 * The one idle-strategy factory of every Peregrine agent (core, embedded driver, gateway agents, simulated exchange,
 * load threads), and the process-wide backoff park key.
 * <p>
 * Names: {@code busy-spin} (also {@code busyspin}, {@code spin}), {@code backoff}, {@code sleeping}
 * ({@code sleep-ms}, 1 ms), {@code yielding} ({@code yield}); any other name goes to Aeron's
 * {@link Configuration#agentIdleStrategy(String, org.agrona.concurrent.status.StatusIndicator)}, which knows
 * {@code noop}, {@code sleep-ns} and fully qualified {@link IdleStrategy} class names. {@code backoff} is Agrona's
 * {@link BackoffIdleStrategy} with its default spins, yields and first park, and a longest park from
 * {@link #BACKOFF_MAX_PARK_NS_PROP_NAME} (or a component's own override key).
 * <p>
 * Edge code (configuration time); each call returns a new instance: an idle strategy belongs to one thread.
 */
public final class IdleStrategies
{
    /** The name every {@code *.idle.strategy} key defaults to: safe on laptops, CI and 2-core machines. */
    public static final String DEFAULT_NAME = "backoff";

    /**
     * Longest park, in nanoseconds, of every {@code backoff} idle strategy in the process: core agent, embedded
     * driver, offer retries, gateway agents, simulated exchange, load threads. Each component may have its own
     * override key that falls back to this one. An idle agent sleeps up to this long before it sees new work, so every
     * hand-off on an order's path can cost up to this much at low rates; shorter parks cost CPU while idle.
     */
    public static final String BACKOFF_MAX_PARK_NS_PROP_NAME = "peregrine.idle.backoff.max.park.ns";
    /**
     * Default of {@link #BACKOFF_MAX_PARK_NS_PROP_NAME}: 100 us, measured on a 2-vCPU machine
     * (perf-reports/results/2026-11-21-fix-loop.md, "Backoff max park"); Agrona's own default is 1 ms.
     */
    public static final long BACKOFF_MAX_PARK_NS_DEFAULT = 100_000;
    /** Shortest accepted max park: Agrona's first (shortest) park, 1 us. */
    public static final long BACKOFF_MAX_PARK_NS_MIN = BackoffIdleStrategy.DEFAULT_MIN_PARK_PERIOD_NS;
    /** Longest accepted max park: 1 s; longer would look like a hung agent. */
    public static final long BACKOFF_MAX_PARK_NS_MAX = 1_000_000_000;

    private IdleStrategies()
    {
    }

    /**
     * A new idle strategy.
     *
     * @param key              the key the name came from, for the error message.
     * @param name             see the class comment.
     * @param backoffMaxParkNs longest park of {@code backoff}; ignored by the other strategies.
     * @return a new instance, for one thread.
     * @throws IllegalArgumentException naming the key for an unknown name or a max park out of range.
     */
    public static IdleStrategy newIdleStrategy(final String key, final String name, final long backoffMaxParkNs)
    {
        if (null == name || name.isBlank())
        {
            throw unknown(key, name, null);
        }
        switch (name.trim().toLowerCase())
        {
            case "busy-spin":
            case "busyspin":
            case BusySpinIdleStrategy.ALIAS:
                return new BusySpinIdleStrategy();
            case BackoffIdleStrategy.ALIAS:
                checkMaxParkNs(BACKOFF_MAX_PARK_NS_PROP_NAME, backoffMaxParkNs);
                // Wakeable unless peregrine.idle.wake=false: a hand-off from another thread need not wait out the park.
                return WakeableIdleStrategy.backoff(backoffMaxParkNs);
            case "sleeping":
            case SleepingMillisIdleStrategy.ALIAS:
                return new SleepingMillisIdleStrategy(1);
            case "yielding":
            case YieldingIdleStrategy.ALIAS:
                return new YieldingIdleStrategy();
            case "controllable":
                // Aeron's controllable strategy needs a status counter no Peregrine key can name.
                throw unknown(key, name, null);
            default:
                try
                {
                    return Configuration.agentIdleStrategy(name.trim(), null);
                }
                catch (final Exception | LinkageError ex) // Aeron rethrows ClassNotFoundException unchecked
                {
                    throw unknown(key, name, ex);
                }
        }
    }

    /**
     * @param key              the key the name came from, for the error message.
     * @param name             see the class comment; checked now.
     * @param backoffMaxParkNs longest park of {@code backoff}; checked now.
     * @return a supplier of new instances (one per agent).
     * @throws IllegalArgumentException naming the key for an unknown name or a max park out of range.
     */
    public static Supplier<IdleStrategy> supplier(final String key, final String name, final long backoffMaxParkNs)
    {
        newIdleStrategy(key, name, backoffMaxParkNs);
        return () -> newIdleStrategy(key, name, backoffMaxParkNs);
    }

    /**
     * @return the {@link #BACKOFF_MAX_PARK_NS_PROP_NAME} system property, or its default.
     * @throws IllegalArgumentException if it is not a whole number of nanoseconds in range.
     */
    public static long processBackoffMaxParkNs()
    {
        return backoffMaxParkNs(PropertyReader.system(), null);
    }

    /**
     * Reads a component's backoff max park: its own key when set, else the process-wide one, else the default.
     *
     * @param reader     the component's properties.
     * @param ownKeyName the component's override key, or null for none.
     * @return nanoseconds in {@link #BACKOFF_MAX_PARK_NS_MIN}..{@link #BACKOFF_MAX_PARK_NS_MAX}.
     * @throws IllegalArgumentException naming the key that holds a bad value.
     */
    public static long backoffMaxParkNs(final PropertyReader reader, final String ownKeyName)
    {
        final String key = null != ownKeyName && reader.isSet(ownKeyName) ? ownKeyName : BACKOFF_MAX_PARK_NS_PROP_NAME;
        final String value = reader.raw(key);
        if (null == value || value.isEmpty())
        {
            return BACKOFF_MAX_PARK_NS_DEFAULT;
        }
        final long parkNs;
        try
        {
            parkNs = PropertyReader.parseLong(key, value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(key + " must be a whole number of nanoseconds from " +
                BACKOFF_MAX_PARK_NS_MIN + " to " + BACKOFF_MAX_PARK_NS_MAX + ", got '" + value + "'", ex);
        }
        return checkMaxParkNs(key, parkNs);
    }

    /**
     * @param key    the key, for the error message.
     * @param parkNs a backoff max park.
     * @return {@code parkNs}.
     * @throws IllegalArgumentException if it is outside {@link #BACKOFF_MAX_PARK_NS_MIN}..{@link #BACKOFF_MAX_PARK_NS_MAX}.
     */
    public static long checkMaxParkNs(final String key, final long parkNs)
    {
        if (parkNs < BACKOFF_MAX_PARK_NS_MIN || parkNs > BACKOFF_MAX_PARK_NS_MAX)
        {
            throw new IllegalArgumentException(key + " must be from " + BACKOFF_MAX_PARK_NS_MIN +
                " ns (1 us) to " + BACKOFF_MAX_PARK_NS_MAX + " ns (1 s), got " + parkNs);
        }
        return parkNs;
    }

    private static IllegalArgumentException unknown(final String key, final String name, final Throwable cause)
    {
        return new IllegalArgumentException(key + " must be busy-spin, backoff, sleeping, yielding, an Aeron " +
            "idle-strategy name (noop, spin, yield, sleep-ns, sleep-ms) or an IdleStrategy class name, got '" +
            name + "'", cause);
    }
}
