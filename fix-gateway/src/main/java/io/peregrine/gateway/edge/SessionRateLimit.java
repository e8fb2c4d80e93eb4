package io.peregrine.gateway.edge;

import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.InProcessCounters;
import org.agrona.concurrent.status.AtomicCounter;
import quickfix.SessionID;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per broker session order rate limit: a token bucket per session holding at most one second of orders, refilled
 * continuously at {@code ordersPerSecond}. An order that finds the bucket empty is to be rejected THROTTLED at
 * once, so a flooding session is answered fast and cheaply instead of filling shared queues.
 * <p>
 * Threads: each session's bucket is used by that session's QuickFIX/J thread (synchronized on the bucket, so any
 * thread is safe). Allocates one bucket per session, at first use.
 */
public final class SessionRateLimit
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Aeron counter of the orders refused by the limit. */
    public static final CounterDescriptor THROTTLED_COUNTER = CounterDescriptor.counter(1327, CounterKey.NONE,
        "gateway broker: orders rejected THROTTLED",
        "peregrine_broker_orders_throttled",
        "broker orders and replaces rejected THROTTLED by the session rate limit");

    private final int ordersPerSecond;
    private final AtomicCounter throttled;
    private final Map<SessionID, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket
    {
        private double tokens;
        private long lastNanos;

        Bucket(final double tokens, final long nowNanos)
        {
            this.tokens = tokens;
            this.lastNanos = nowNanos;
        }
    }

    /**
     * @param ordersPerSecond orders per second per session; 0 means no limit.
     */
    public SessionRateLimit(final int ordersPerSecond)
    {
        this(ordersPerSecond, inMemoryCounter());
    }

    /**
     * @param ordersPerSecond orders per second per session; 0 means no limit.
     * @param throttled       counts the orders refused (an Aeron counter described by {@link #THROTTLED_COUNTER}).
     */
    public SessionRateLimit(final int ordersPerSecond, final AtomicCounter throttled)
    {
        this.throttled = throttled;
        if (ordersPerSecond < 0)
        {
            throw new IllegalArgumentException("orders per second must be 0 (no limit) or more: " + ordersPerSecond);
        }
        this.ordersPerSecond = ordersPerSecond;
    }

    /**
     * @return orders per second per session, 0 for no limit.
     */
    public int ordersPerSecond()
    {
        return ordersPerSecond;
    }

    /**
     * Takes one token from the session's bucket.
     *
     * @param sessionId the session.
     * @param nowNanos  a monotonic clock (System.nanoTime()).
     * @return true if the order may go on, false if it is throttled.
     */
    public boolean tryAcquire(final SessionID sessionId, final long nowNanos)
    {
        if (0 == ordersPerSecond)
        {
            return true;
        }
        final Bucket bucket = buckets.computeIfAbsent(sessionId, (id) -> new Bucket(ordersPerSecond, nowNanos));
        synchronized (bucket)
        {
            final long elapsed = Math.max(0, nowNanos - bucket.lastNanos);
            bucket.lastNanos = nowNanos;
            bucket.tokens = Math.min(ordersPerSecond,
                bucket.tokens + (double)Math.min(elapsed, NANOS_PER_SECOND) * ordersPerSecond / NANOS_PER_SECOND);
            if (bucket.tokens >= 1.0)
            {
                bucket.tokens -= 1.0;
                return true;
            }
        }
        throttled.increment();
        return false;
    }

    /**
     * @return orders refused so far, all sessions.
     */
    public long throttled()
    {
        return throttled.get();
    }

    private static AtomicCounter inMemoryCounter()
    {
        return InProcessCounters.manager(1).newCounter(THROTTLED_COUNTER.label(), THROTTLED_COUNTER.typeId());
    }
}
