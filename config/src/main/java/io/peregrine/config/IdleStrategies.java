package io.peregrine.config;

import io.aeron.driver.Configuration;
import io.aeron.driver.MediaDriver;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The one idle-strategy factory of every Peregrine agent (core, embedded driver, gateway agents, simulated exchange,
 * load threads), and the process-wide backoff park key.
 * <p>
 * Names: {@code busy-spin} (also {@code busyspin}, {@code spin}), {@code backoff}, {@code sleeping}
 * ({@code sleep-ms}, 1 ms), {@code yielding} ({@code yield}); any other name goes to Aeron's
 * {@link Configuration#agentIdleStrategy(String, org.agrona.concurrent.status.StatusIndicator)}, which knows
 * {@code noop}, {@code sleep-ns} and fully qualified {@link IdleStrategy} class names. {@code backoff} is Agrona's
 * {@link BackoffIdleStrategy} with its default spins and yields, a first park from
 * {@link #BACKOFF_MIN_PARK_NS_PROP_NAME} and a longest park from {@link #BACKOFF_MAX_PARK_NS_PROP_NAME} (or a
 * component's own override key).
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
    /** The values a backoff max-park key accepts, in words (its messages). */
    public static final String MAX_PARK_NS_ALLOWED =
        "from " + BACKOFF_MAX_PARK_NS_MIN + " ns (1 us) to " + BACKOFF_MAX_PARK_NS_MAX + " ns (1 s)";
    /**
     * First (shortest) park, in nanoseconds, of every {@code backoff} idle strategy in the process: after its spins
     * and yields an idle agent parks this long, then twice as long each time, up to the max park. It restarts from
     * here after every piece of work and every wake. An agent that other threads wake on hand-off
     * ({@code peregrine.idle.wake}) needs no short parks for that work; an Aeron client in another process (a
     * {@code PeregrineClient}, the ops console) cannot wake it and may wait up to this long more. Must not exceed the
     * max park of any {@code backoff} strategy the process builds; unset, the shorter of the default and the max park.
     */
    public static final String BACKOFF_MIN_PARK_NS_PROP_NAME = "peregrine.idle.backoff.min.park.ns";
    /** Default of {@link #BACKOFF_MIN_PARK_NS_PROP_NAME}: Agrona's own first park, 1 us. */
    public static final long BACKOFF_MIN_PARK_NS_DEFAULT = BackoffIdleStrategy.DEFAULT_MIN_PARK_PERIOD_NS;
    /**
     * What {@link #backoffMinParkNs(PropertyReader)} returns when the key is unset: the factory then parks first for
     * the shorter of {@link #BACKOFF_MIN_PARK_NS_DEFAULT} and the max park.
     */
    public static final long BACKOFF_MIN_PARK_NS_UNSET = 0;

    private IdleStrategies()
    {
    }

    /**
     * A new idle strategy whose {@code backoff} first park is the process-wide {@link #BACKOFF_MIN_PARK_NS_PROP_NAME}
     * system property.
     *
     * @param key              the key the name came from, for the error message.
     * @param name             see the class comment.
     * @param backoffMaxParkNs longest park of {@code backoff}; ignored by the other strategies.
     * @return a new instance, for one thread.
     * @throws IllegalArgumentException naming the key for an unknown name, or a park out of range.
     */
    public static IdleStrategy newIdleStrategy(final String key, final String name, final long backoffMaxParkNs)
    {
        return newIdleStrategy(key, name, processBackoffMinParkNs(), backoffMaxParkNs);
    }

    /**
     * A new idle strategy.
     *
     * @param key              the key the name came from, for the error message.
     * @param name             see the class comment.
     * @param backoffMinParkNs first park of {@code backoff}, from {@link #backoffMinParkNs(PropertyReader)}
     *                         ({@link #BACKOFF_MIN_PARK_NS_UNSET} for the default); ignored by the other strategies.
     * @param backoffMaxParkNs longest park of {@code backoff}; ignored by the other strategies.
     * @return a new instance, for one thread.
     * @throws IllegalArgumentException naming the key for an unknown name, or a park out of range.
     */
    public static IdleStrategy newIdleStrategy(
        final String key, final String name, final long backoffMinParkNs, final long backoffMaxParkNs)
    {
        if (null == name || name.isBlank())
        {
            throw unknown(key, name, null);
        }
        switch (name.trim().toLowerCase(Locale.ROOT))
        {
            case "busy-spin":
            case "busyspin":
            case BusySpinIdleStrategy.ALIAS:
                return new BusySpinIdleStrategy();
            case BackoffIdleStrategy.ALIAS:
                checkMaxParkNs(BACKOFF_MAX_PARK_NS_PROP_NAME, backoffMaxParkNs);
                // Wakeable unless peregrine.idle.wake=false: a hand-off from another thread need not wait out the park.
                return WakeableIdleStrategy.backoff(
                    firstParkNs(key, backoffMinParkNs, backoffMaxParkNs), backoffMaxParkNs);
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
     * Gives every agent an embedded media driver may run (shared, shared-network, conductor, sender, receiver) an
     * idle strategy of its own of one name, so that whichever threading mode the context asks for, each thread the
     * driver starts idles the same way. Each is a new instance from {@link #newIdleStrategy(String, String, long)}.
     *
     * @param driver           the driver's context, changed in place.
     * @param key              the key the name came from, for the error message.
     * @param name             see the class comment.
     * @param backoffMaxParkNs longest park of {@code backoff}; ignored by the other strategies.
     * @return {@code driver}, for chaining.
     * @throws IllegalArgumentException naming the key for an unknown name, or a park out of range.
     */
    public static MediaDriver.Context applyTo(
        final MediaDriver.Context driver, final String key, final String name, final long backoffMaxParkNs)
    {
        return driver
            .sharedIdleStrategy(newIdleStrategy(key, name, backoffMaxParkNs))
            .sharedNetworkIdleStrategy(newIdleStrategy(key, name, backoffMaxParkNs))
            .conductorIdleStrategy(newIdleStrategy(key, name, backoffMaxParkNs))
            .senderIdleStrategy(newIdleStrategy(key, name, backoffMaxParkNs))
            .receiverIdleStrategy(newIdleStrategy(key, name, backoffMaxParkNs));
    }

    /**
     * @param key              the key the name came from, for the error message.
     * @param name             see the class comment; checked now.
     * @param backoffMaxParkNs longest park of {@code backoff}; checked now.
     * @return a supplier of new instances (one per agent), whose first park is the process-wide one.
     * @throws IllegalArgumentException naming the key for an unknown name, or a park out of range.
     */
    public static Supplier<IdleStrategy> supplier(final String key, final String name, final long backoffMaxParkNs)
    {
        return supplier(key, name, processBackoffMinParkNs(), backoffMaxParkNs);
    }

    /**
     * @param key              the key the name came from, for the error message.
     * @param name             see the class comment; checked now.
     * @param backoffMinParkNs first park of {@code backoff} (see {@link #newIdleStrategy(String, String, long, long)});
     *                         checked now.
     * @param backoffMaxParkNs longest park of {@code backoff}; checked now.
     * @return a supplier of new instances (one per agent).
     * @throws IllegalArgumentException naming the key for an unknown name, or a park out of range.
     */
    public static Supplier<IdleStrategy> supplier(
        final String key, final String name, final long backoffMinParkNs, final long backoffMaxParkNs)
    {
        newIdleStrategy(key, name, backoffMinParkNs, backoffMaxParkNs);
        return () -> newIdleStrategy(key, name, backoffMinParkNs, backoffMaxParkNs);
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
        return checkMaxParkNs(key, parkNs(reader, key, BACKOFF_MAX_PARK_NS_DEFAULT));
    }

    /**
     * @return the {@link #BACKOFF_MIN_PARK_NS_PROP_NAME} system property, or {@link #BACKOFF_MIN_PARK_NS_UNSET}.
     * @throws IllegalArgumentException if it is not a whole number of nanoseconds in range.
     */
    public static long processBackoffMinParkNs()
    {
        return backoffMinParkNs(PropertyReader.system());
    }

    /**
     * Reads the backoff first park. Whether it fits under a max park is checked when a strategy is built, against
     * that strategy's max park.
     *
     * @param reader a component's properties.
     * @return nanoseconds in {@link #BACKOFF_MAX_PARK_NS_MIN}..{@link #BACKOFF_MAX_PARK_NS_MAX}, or
     *         {@link #BACKOFF_MIN_PARK_NS_UNSET} when the key is unset.
     * @throws IllegalArgumentException naming the key if it holds a bad value.
     */
    public static long backoffMinParkNs(final PropertyReader reader)
    {
        final String value = reader.raw(BACKOFF_MIN_PARK_NS_PROP_NAME);
        return null == value || value.isEmpty() ? BACKOFF_MIN_PARK_NS_UNSET :
            checkMaxParkNs(BACKOFF_MIN_PARK_NS_PROP_NAME, parkNs(reader, BACKOFF_MIN_PARK_NS_PROP_NAME, 0));
    }

    private static long parkNs(final PropertyReader reader, final String key, final long unsetNs)
    {
        final String value = reader.raw(key);
        if (null == value || value.isEmpty())
        {
            return unsetNs;
        }
        try
        {
            return PropertyReader.parseLong(key, value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(key + " must be a whole number of nanoseconds from " +
                BACKOFF_MAX_PARK_NS_MIN + " to " + BACKOFF_MAX_PARK_NS_MAX + ", got '" + value + "'", ex);
        }
    }

    private static long firstParkNs(final String key, final long minParkNs, final long maxParkNs)
    {
        if (BACKOFF_MIN_PARK_NS_UNSET == minParkNs)
        {
            return Math.min(BACKOFF_MIN_PARK_NS_DEFAULT, maxParkNs);
        }
        checkMaxParkNs(BACKOFF_MIN_PARK_NS_PROP_NAME, minParkNs);
        if (minParkNs > maxParkNs)
        {
            throw new IllegalArgumentException(BACKOFF_MIN_PARK_NS_PROP_NAME + " (" + minParkNs + " ns) must not " +
                "exceed the longest park (" + maxParkNs + " ns) of the backoff strategy of " + key + ": lower it, or " +
                "raise " + BACKOFF_MAX_PARK_NS_PROP_NAME + " (or the component's own max-park key)");
        }
        return minParkNs;
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
            throw new IllegalArgumentException(key + " must be " + MAX_PARK_NS_ALLOWED + ", got " + parkNs);
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
