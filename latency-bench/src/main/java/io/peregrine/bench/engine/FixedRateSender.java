package io.peregrine.bench.engine;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends orders {@code [from, to)} through an {@link OrderPort} at a fixed rate, then waits for their final reports.
 * <p>
 * Order {@code i} is due at {@code start + (i - from) / rate}; when the sender falls behind it sends every due order
 * at once (a burst) rather than drifting its schedule, and the latency is still taken from the due time, so the
 * wait shows in the results (coordinated omission). Runs on the calling thread; allocates nothing itself.
 * <p>
 * Waiting is schedule aware so the harness does not add its own lateness: a generic backoff strategy parks up to
 * 1 ms and would send late, and late sends count as latency. Unless the idle strategy is busy-spin, the thread parks
 * until {@value #PARK_SLACK_NANOS} ns before the next order is due, then yields until it is; a port that reads its
 * reports on this thread ({@link OrderPort#poll()}) is polled at least every {@value #POLLING_PARK_NANOS} ns of
 * parking.
 */
public final class FixedRateSender
{
    /** Linux wakes a parked thread about 50-60 us late: park this much short of the due time. */
    static final long PARK_SLACK_NANOS = 80_000;
    /** Longest park while this thread must also read reports. */
    static final long POLLING_PARK_NANOS = 50_000;
    /** Longest park while only waiting for reports that arrive on another thread. */
    private static final long DRAIN_PARK_NANOS = 1_000_000;

    private final OrderPort port;
    private final OrderTracker tracker;
    private final IdleStrategy idle;
    private final boolean busySpin;

    /**
     * @param port    where orders go.
     * @param tracker the path's tracker.
     * @param idle    what the thread does when nothing is due and nothing arrived.
     */
    public FixedRateSender(final OrderPort port, final OrderTracker tracker, final IdleStrategy idle)
    {
        this.port = port;
        this.tracker = tracker;
        this.idle = idle;
        this.busySpin = idle instanceof BusySpinIdleStrategy;
    }

    /**
     * @param from           first order number.
     * @param to             one past the last order number.
     * @param rate           orders per second, at least 1.
     * @param drainNanos     longest wait for final reports after the last send.
     * @return orders of {@code [from, to)} still without a final report at the end.
     */
    public long run(final int from, final int to, final long rate, final long drainNanos)
    {
        final RateSchedule schedule = new RateSchedule(System.nanoTime(), rate);
        final long start = schedule.startNanos();
        for (int i = from; i < to; i++)
        {
            tracker.onScheduled(i, schedule.dueNanos(i - from));
        }

        int next = from;
        long drainDeadline = from == to ? start + drainNanos : Long.MAX_VALUE;
        long due = from < to ? schedule.dueNanos(0) : Long.MAX_VALUE;
        while (true)
        {
            int work = 0;
            long now = System.nanoTime();
            while (next < to && now - due >= 0)
            {
                tracker.onSent(next, now);
                if (!port.send(next))
                {
                    tracker.onSendFailed(next);
                    tracker.onOfferRefused();
                    break;
                }
                next++;
                work++;
                if (next == to)
                {
                    drainDeadline = now + drainNanos;
                }
                else
                {
                    due = schedule.dueNanos(next - from);
                }
                now = System.nanoTime();
            }
            work += port.poll();
            if (next == to && (tracker.outstanding() == 0 || now - drainDeadline >= 0))
            {
                break;
            }
            if (busySpin || work > 0)
            {
                idle.idle(work);
            }
            else
            {
                await(next < to ? due - System.nanoTime() : Long.MAX_VALUE);
            }
        }
        return tracker.missing(from, to);
    }

    private void await(final long untilDueNanos)
    {
        final long wait = untilDueNanos - PARK_SLACK_NANOS;
        if (wait <= 0)
        {
            Thread.yield();
            return;
        }
        // a port polled on this thread may have reports waiting at any time: do not park long
        final long cap = port.pollsOnThisThread() ? POLLING_PARK_NANOS : DRAIN_PARK_NANOS;
        LockSupport.parkNanos(Math.min(wait, cap));
    }
}
