package io.peregrine.config;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A backoff idle strategy (spin, then yield, then park with a doubling period up to a maximum, like Agrona's
 * {@link BackoffIdleStrategy}) whose park another thread can cut short with {@link #wake()}.
 * <p>
 * Why: a QuickFIX/J thread that hands a request to a parked agent (an Aeron offer, a ring-buffer write) would
 * otherwise wait out the rest of the agent's park, up to the maximum park on every hand-off at low rates. With
 * {@code wake()} after the hand-off the agent is unparked at once, and the park can stay long (little idle CPU).
 * <p>
 * Threads: {@link #idle(int)}, {@link #idle()} and {@link #reset()} on the agent thread only; {@link #wake()} from
 * any thread. {@code wake()} costs a volatile write and read while the agent runs, plus {@code LockSupport.unpark}
 * (a futex wake) only when the agent is parked. Allocates nothing.
 */
public final class WakeableIdleStrategy implements IdleStrategy
{
    /** Name of this strategy in {@code peregrine.idle.strategy} style configuration. */
    public static final String ALIAS = "backoff-wake";
    /**
     * System property: {@code true} (default) makes every {@code backoff} agent strategy of the core and the
     * gateway a {@code WakeableIdleStrategy}; {@code false} keeps Agrona's plain backoff (the hand-offs then wait
     * out the park), for comparison.
     */
    public static final String WAKE_PROP_NAME = "peregrine.idle.wake";
    /** Default of {@link #WAKE_PROP_NAME}. */
    public static final boolean WAKE_DEFAULT = true;

    private static final Runnable NO_WAKE = () -> { };
    private static final VarHandle WAKE_REQUESTED;

    static
    {
        try
        {
            WAKE_REQUESTED = MethodHandles.lookup().findVarHandle(
                WakeableIdleStrategy.class, "wakeRequested", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static final int NOT_IDLE = 0;
    private static final int SPINNING = 1;
    private static final int YIELDING = 2;
    private static final int PARKING = 3;

    private final long maxSpins;
    private final long maxYields;
    private final long minParkPeriodNs;
    private final long maxParkPeriodNs;
    private final Runnable waker = this::wake;
    private int state = NOT_IDLE;
    private long spins;
    private long yields;
    private long parkPeriodNs;
    private volatile Thread parkedThread;
    @SuppressWarnings("unused") // through WAKE_REQUESTED
    private volatile boolean wakeRequested;

    /**
     * Agrona's default spins, yields and first park (1 us), parking at most {@code maxParkPeriodNs}.
     *
     * @param maxParkPeriodNs longest park, nanoseconds.
     */
    public WakeableIdleStrategy(final long maxParkPeriodNs)
    {
        this(BackoffIdleStrategy.DEFAULT_MAX_SPINS, BackoffIdleStrategy.DEFAULT_MAX_YIELDS,
            BackoffIdleStrategy.DEFAULT_MIN_PARK_PERIOD_NS, maxParkPeriodNs);
    }

    /**
     * @param maxSpins        spins before yielding.
     * @param maxYields       yields before parking.
     * @param minParkPeriodNs first park, nanoseconds.
     * @param maxParkPeriodNs longest park, nanoseconds.
     */
    public WakeableIdleStrategy(
        final long maxSpins, final long maxYields, final long minParkPeriodNs, final long maxParkPeriodNs)
    {
        if (minParkPeriodNs < 1 || maxParkPeriodNs < minParkPeriodNs)
        {
            throw new IllegalArgumentException(
                "park periods must be 1 <= min <= max, got min " + minParkPeriodNs + ", max " + maxParkPeriodNs);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkPeriodNs = minParkPeriodNs;
        this.maxParkPeriodNs = maxParkPeriodNs;
        this.parkPeriodNs = minParkPeriodNs;
    }

    /**
     * @return whether {@code backoff} agents wake on hand-off: the {@link #WAKE_PROP_NAME} system property.
     */
    public static boolean wakeEnabled()
    {
        final String value = System.getProperty(WAKE_PROP_NAME);
        if (null == value)
        {
            return WAKE_DEFAULT;
        }
        if ("true".equalsIgnoreCase(value.trim()) || "false".equalsIgnoreCase(value.trim()))
        {
            return Boolean.parseBoolean(value.trim());
        }
        throw new IllegalArgumentException(WAKE_PROP_NAME + " must be true or false, got '" + value + "'");
    }

    /**
     * The backoff strategy of an agent, with Agrona's default spins and yields: wakeable when {@link #wakeEnabled()},
     * else Agrona's.
     *
     * @param minParkPeriodNs first park, nanoseconds.
     * @param maxParkPeriodNs longest park, nanoseconds.
     * @return a new strategy for one agent thread.
     */
    public static IdleStrategy backoff(final long minParkPeriodNs, final long maxParkPeriodNs)
    {
        return wakeEnabled() ?
            new WakeableIdleStrategy(BackoffIdleStrategy.DEFAULT_MAX_SPINS, BackoffIdleStrategy.DEFAULT_MAX_YIELDS,
                minParkPeriodNs, maxParkPeriodNs) :
            new BackoffIdleStrategy(BackoffIdleStrategy.DEFAULT_MAX_SPINS, BackoffIdleStrategy.DEFAULT_MAX_YIELDS,
                minParkPeriodNs, maxParkPeriodNs);
    }

    /**
     * @param idleStrategy the strategy an agent runs with.
     * @return what wakes that agent: {@link #wake()} of a wakeable strategy, else a no-op (busy-spin and yielding
     *         agents need no wake; a plain backoff cannot be woken). Allocates nothing.
     */
    public static Runnable wakerOf(final IdleStrategy idleStrategy)
    {
        return idleStrategy instanceof WakeableIdleStrategy ? ((WakeableIdleStrategy)idleStrategy).waker : NO_WAKE;
    }

    /**
     * Cuts the agent's current or next park short. Any thread; call after the hand-off is visible (after the
     * offer or the ring-buffer commit).
     */
    public void wake()
    {
        WAKE_REQUESTED.setVolatile(this, true);
        final Thread parked = parkedThread;
        if (null != parked)
        {
            LockSupport.unpark(parked);
        }
    }

    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    public void idle()
    {
        switch (state)
        {
            case NOT_IDLE:
                state = SPINNING;
                spins++;
                break;

            case SPINNING:
                Thread.onSpinWait();
                if (++spins > maxSpins)
                {
                    state = YIELDING;
                    yields = 0;
                }
                break;

            case YIELDING:
                if (++yields > maxYields)
                {
                    state = PARKING;
                    parkPeriodNs = minParkPeriodNs;
                }
                else
                {
                    Thread.yield();
                }
                break;

            case PARKING:
            default:
                park();
                break;
        }
    }

    private void park()
    {
        // Dekker with wake(): this thread publishes itself, then reads the request; the waker writes the request,
        // then reads the thread. Both are volatile, so at least one of them sees the other: never a missed wake.
        parkedThread = Thread.currentThread();
        if (!(boolean)WAKE_REQUESTED.getVolatile(this))
        {
            LockSupport.parkNanos(parkPeriodNs);
        }
        parkedThread = null;
        // getAndSet: reading the waker's write orders its hand-off before the agent's next poll.
        if ((boolean)WAKE_REQUESTED.getAndSet(this, false))
        {
            parkPeriodNs = minParkPeriodNs;
        }
        else
        {
            parkPeriodNs = Math.min(parkPeriodNs << 1, maxParkPeriodNs);
        }
    }

    public void reset()
    {
        spins = 0;
        yields = 0;
        parkPeriodNs = minParkPeriodNs;
        state = NOT_IDLE;
        // A wake requested while the agent worked stays set: its first park then returns at once and clears it
        // (one extra poll), rather than risk clearing a request whose hand-off this thread has not seen yet.
    }

    public String alias()
    {
        return ALIAS;
    }

    public String toString()
    {
        return "WakeableIdleStrategy{maxSpins=" + maxSpins + ", maxYields=" + maxYields + ", minParkPeriodNs=" +
            minParkPeriodNs + ", maxParkPeriodNs=" + maxParkPeriodNs + '}';
    }

}
