package io.peregrine.ops.health;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * Watches the core's heartbeat counter (its duty cycles): {@link #sample(long)} runs on the ops console's sampling
 * thread a few times a second and remembers when the value last moved; {@link #stalledMillis(long)} says for how
 * long it has not. Any thread may read.
 */
public final class HeartbeatWatch
{
    private final AtomicCounter heartbeat;
    private long lastValue = Long.MIN_VALUE;
    private volatile long lastChangeNanos;

    /**
     * @param heartbeat the core's heartbeat counter.
     * @param nowNanos  the current {@link System#nanoTime()}.
     */
    public HeartbeatWatch(final AtomicCounter heartbeat, final long nowNanos)
    {
        this.heartbeat = heartbeat;
        this.lastChangeNanos = nowNanos;
    }

    /**
     * Reads the counter. Sampling thread only.
     *
     * @param nowNanos the current {@link System#nanoTime()}.
     */
    public void sample(final long nowNanos)
    {
        if (heartbeat.isClosed())
        {
            return;
        }
        final long value = heartbeat.get();
        if (value != lastValue)
        {
            lastValue = value;
            lastChangeNanos = nowNanos;
        }
    }

    /**
     * @param nowNanos the current {@link System#nanoTime()}.
     * @return milliseconds since the heartbeat last moved.
     */
    public long stalledMillis(final long nowNanos)
    {
        return (nowNanos - lastChangeNanos) / 1_000_000L;
    }
}
