package io.peregrine.bench.engine;

/**
 * When each order of a fixed-rate run is due. Order {@code i} (from 0) is due at
 * {@code start + i * 1e9 / rate} nanoseconds, computed from the start each time so rounding never accumulates.
 * <p>
 * Latency is measured from this scheduled time, not from when the order was actually sent: a sender that falls
 * behind (back-pressure, a pause) then shows the wait in the results instead of hiding it (coordinated omission).
 * Allocation free; used by one thread.
 */
public final class RateSchedule
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long startNanos;
    private final long rate;

    /**
     * @param startNanos {@link System#nanoTime()} at which order 0 is due.
     * @param rate       orders per second, at least 1.
     */
    public RateSchedule(final long startNanos, final long rate)
    {
        if (rate < 1 || rate > NANOS_PER_SECOND)
        {
            throw new IllegalArgumentException("rate must be 1 to 1e9 per second, got " + rate);
        }
        this.startNanos = startNanos;
        this.rate = rate;
    }

    /**
     * @param index order number from 0.
     * @return when that order is due, in {@link System#nanoTime()} terms.
     */
    public long dueNanos(final long index)
    {
        final long whole = index / rate;
        final long part = index % rate;
        return startNanos + whole * NANOS_PER_SECOND + (part * NANOS_PER_SECOND) / rate;
    }

    /** @return when order 0 is due. */
    public long startNanos()
    {
        return startNanos;
    }
}
