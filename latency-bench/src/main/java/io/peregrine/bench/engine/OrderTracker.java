package io.peregrine.bench.engine;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Follows every order of one path (FIX or IPC) from its scheduled send time to its final report, and keeps that
 * path's latency histograms and report counts.
 * <p>
 * Threads: the sending thread calls {@link #onScheduled}, {@link #onSent} and {@link #onOfferRefused}; the thread
 * that receives reports (the QuickFIX/J thread of the broker session, or the IPC load thread itself) calls
 * {@link #onReport}. Per-order times and states are atomics so the two threads see each other's writes; the
 * histograms and counts are written by the receiving thread only and read after {@link #outstanding()} reached
 * zero or the run's threads were joined. Orders below {@code measureFrom} are warm-up: tracked, not recorded.
 * Latencies are from the <em>scheduled</em> send time (coordinated-omission aware); {@code finalFromSend} is from
 * the actual send, to show what a naive measurement would hide. Each latency is also recorded in the one-second
 * slice of the measured phase its order was scheduled in, so the histogram log has intervals whose spread tells
 * the run's noise. Allocation: none per order on the IPC path (reject reasons are enum names), four small
 * histograms per second of schedule; the FIX path hands in the reason text it parsed.
 */
public final class OrderTracker
{
    /** Longest latency the histograms hold; longer values are recorded as this. */
    public static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Index of each slice histogram: scheduled send -> first report. */
    public static final int SLICE_FIRST_REPORT = 0;
    /** Index of each slice histogram: scheduled send -> final report. */
    public static final int SLICE_FINAL_REPORT = 1;
    /** Index of each slice histogram: scheduled send -> fill. */
    public static final int SLICE_FILL = 2;
    /** Index of each slice histogram: actual send -> final report. */
    public static final int SLICE_FINAL_FROM_SEND = 3;

    private static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int PENDING = 0;
    private static final int SENT = 1;
    private static final int ACKED = 2;
    private static final int DONE = 3;

    private final String path;
    private final int measureFrom;
    private final int capacity;
    private final boolean firstReportIsFinal;
    private final AtomicLongArray scheduledNanos;
    private final AtomicLongArray sentNanos;
    private final AtomicIntegerArray state;
    private final AtomicLong outstanding = new AtomicLong();

    private final Histogram firstReport = newHistogram();
    private final Histogram finalReport = newHistogram();
    private final Histogram fillReport = newHistogram();
    private final Histogram finalFromSend = newHistogram();
    private final List<Histogram[]> slices = new ArrayList<>();
    private final Map<String, Long> rejectsByReason = new TreeMap<>();
    private long acks;
    private long fills;
    private long partialFills;
    private long expired;
    private long canceled;
    private long unexpected;
    private long completed;
    private volatile long lastCompletedNanos;

    private long sent;
    private long offerRefused;
    private long maxSendLagNanos;
    private long maxOutstanding;
    private long firstScheduledNanos;
    private long lastSentNanos;

    /**
     * @param path               name printed in results, e.g. {@code "FIX"}.
     * @param capacity           warm-up plus measured orders.
     * @param measureFrom        first measured order number (the warm-up count).
     * @param firstReportIsFinal true when the counterparty answers each order once (an echo): its first report,
     *                           whatever it says, ends the order.
     */
    public OrderTracker(final String path, final int capacity, final int measureFrom, final boolean firstReportIsFinal)
    {
        if (capacity < 0 || measureFrom < 0 || measureFrom > capacity)
        {
            throw new IllegalArgumentException("capacity " + capacity + ", measureFrom " + measureFrom);
        }
        this.path = path;
        this.capacity = capacity;
        this.measureFrom = measureFrom;
        this.firstReportIsFinal = firstReportIsFinal;
        this.scheduledNanos = new AtomicLongArray(capacity);
        this.sentNanos = new AtomicLongArray(capacity);
        this.state = new AtomicIntegerArray(capacity);
    }

    /** @return a histogram of nanoseconds, 3 significant digits, up to {@link #HIGHEST_TRACKABLE_NANOS}. */
    public static Histogram newHistogram()
    {
        return new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    }

    /**
     * Sending thread: order {@code index} is due at {@code nanos} ({@link System#nanoTime()} terms).
     *
     * @param index order number.
     * @param nanos due time.
     */
    public void onScheduled(final int index, final long nanos)
    {
        scheduledNanos.set(index, nanos);
        if (index == measureFrom)
        {
            firstScheduledNanos = nanos;
        }
    }

    /**
     * Sending thread: call just before the order leaves (a report may come back before the send call returns).
     *
     * @param index    order number.
     * @param nowNanos send time.
     */
    public void onSent(final int index, final long nowNanos)
    {
        sentNanos.set(index, nowNanos);
        state.set(index, SENT);
        final long inFlight = outstanding.incrementAndGet();
        if (index >= measureFrom)
        {
            sent++;
            lastSentNanos = nowNanos;
            maxSendLagNanos = Math.max(maxSendLagNanos, nowNanos - scheduledNanos.get(index));
            maxOutstanding = Math.max(maxOutstanding, inFlight);
        }
    }

    /**
     * Sending thread: call when an order could not be sent after {@link #onSent} was called for it, to undo it.
     *
     * @param index order number.
     */
    public void onSendFailed(final int index)
    {
        state.set(index, PENDING);
        outstanding.decrementAndGet();
        if (index >= measureFrom)
        {
            sent--;
        }
    }

    /**
     * Sending thread: an offer was refused (back-pressure); it will be retried.
     */
    public void onOfferRefused()
    {
        offerRefused++;
    }

    /**
     * Receiving thread: a report for order {@code index}.
     *
     * @param index        order number; out of range counts as unexpected.
     * @param kind         what the report says.
     * @param rejectReason reason of a REJECTED report (e.g. {@code PRICE_OUTSIDE_COLLAR}), else ignored.
     * @param nowNanos     receive time.
     */
    public void onReport(final int index, final ReportKind kind, final String rejectReason, final long nowNanos)
    {
        if (index < 0 || index >= capacity)
        {
            unexpected++;
            return;
        }
        final int current = state.get(index);
        if (current != SENT && current != ACKED)
        {
            unexpected++;
            return;
        }
        final boolean measuring = index >= measureFrom;
        final long fromScheduled = nowNanos - scheduledNanos.get(index);
        final Histogram[] slice = measuring ? slice(index) : null;
        if (current == SENT && measuring)
        {
            record(firstReport, fromScheduled);
            record(slice[SLICE_FIRST_REPORT], fromScheduled);
        }
        final boolean isFinal = firstReportIsFinal || kind.isFinal();
        if (measuring)
        {
            count(kind, rejectReason);
        }
        if (!isFinal)
        {
            state.set(index, ACKED);
            return;
        }
        state.set(index, DONE);
        if (measuring)
        {
            record(finalReport, fromScheduled);
            record(slice[SLICE_FINAL_REPORT], fromScheduled);
            record(finalFromSend, nowNanos - sentNanos.get(index));
            record(slice[SLICE_FINAL_FROM_SEND], nowNanos - sentNanos.get(index));
            if (kind == ReportKind.FILL)
            {
                record(fillReport, fromScheduled);
                record(slice[SLICE_FILL], fromScheduled);
            }
            completed++;
            lastCompletedNanos = nowNanos;
        }
        outstanding.decrementAndGet();
    }

    private void count(final ReportKind kind, final String rejectReason)
    {
        switch (kind)
        {
            case NEW:
                acks++;
                break;
            case PARTIAL_FILL:
                partialFills++;
                break;
            case FILL:
                fills++;
                break;
            case EXPIRED:
                expired++;
                break;
            case CANCELED:
                canceled++;
                break;
            case REJECTED:
                rejectsByReason.merge(null == rejectReason ? "UNKNOWN" : rejectReason, 1L, Long::sum);
                break;
            default:
                break;
        }
    }

    /** The slice of the second, counted from the first measured order's due time, when order index was due. */
    private Histogram[] slice(final int index)
    {
        final long offset = scheduledNanos.get(index) - scheduledNanos.get(measureFrom);
        final int second = (int)Math.max(0, offset / SLICE_NANOS);
        while (slices.size() <= second)
        {
            // once per second of schedule, on the receiving thread; auto-resizing histograms stay small
            final Histogram[] added = new Histogram[4];
            for (int i = 0; i < added.length; i++)
            {
                added[i] = new Histogram(3);
                added[i].setAutoResize(true);
            }
            slices.add(added);
        }
        return slices.get(second);
    }

    /**
     * @return one entry per second of the measured phase's schedule, each holding the histograms of the orders due
     * in that second, indexed by {@link #SLICE_FIRST_REPORT}... (read after the run, like the totals).
     */
    public List<Histogram[]> slices()
    {
        return slices;
    }

    private static void record(final Histogram histogram, final long nanos)
    {
        histogram.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS));
    }

    /** @return orders sent and not yet finished (any thread). */
    public long outstanding()
    {
        return outstanding.get();
    }

    /**
     * @param from first order number.
     * @param to   one past the last.
     * @return orders of {@code [from, to)} without a final report.
     */
    public long missing(final int from, final int to)
    {
        long missing = 0;
        for (int i = from; i < to; i++)
        {
            if (state.get(i) != DONE)
            {
                missing++;
            }
        }
        return missing;
    }

    public String path()
    {
        return path;
    }

    public int measureFrom()
    {
        return measureFrom;
    }

    public int capacity()
    {
        return capacity;
    }

    /** @return scheduled send -> first report of each measured order (ack or reject). */
    public Histogram firstReport()
    {
        return firstReport;
    }

    /** @return scheduled send -> final report (fill, expiry, cancel, reject). */
    public Histogram finalReport()
    {
        return finalReport;
    }

    /** @return scheduled send -> final report, for orders whose final report is a FILL. */
    public Histogram fillReport()
    {
        return fillReport;
    }

    /** @return actual send -> final report (not coordinated-omission aware; for comparison). */
    public Histogram finalFromSend()
    {
        return finalFromSend;
    }

    /** @return rejects by reason name (core {@code RejectReason} names, or the gateway's text). */
    public Map<String, Long> rejectsByReason()
    {
        return rejectsByReason;
    }

    /**
     * @param reason reason name.
     * @return rejects with that reason.
     */
    public long rejects(final String reason)
    {
        return rejectsByReason.getOrDefault(reason, 0L);
    }

    /** @return all rejects. */
    public long totalRejects()
    {
        long total = 0;
        for (final long value : rejectsByReason.values())
        {
            total += value;
        }
        return total;
    }

    public long acks()
    {
        return acks;
    }

    public long fills()
    {
        return fills;
    }

    public long partialFills()
    {
        return partialFills;
    }

    public long expired()
    {
        return expired;
    }

    public long canceled()
    {
        return canceled;
    }

    public long unexpected()
    {
        return unexpected;
    }

    /** @return measured orders with a final report. */
    public long completed()
    {
        return completed;
    }

    /** @return measured orders sent. */
    public long sent()
    {
        return sent;
    }

    public long offerRefused()
    {
        return offerRefused;
    }

    /** @return how far behind its schedule the sender was at worst, nanoseconds. */
    public long maxSendLagNanos()
    {
        return maxSendLagNanos;
    }

    /** @return most orders in flight (sent, not finished) seen at a send: a queue that grows shows here. */
    public long maxOutstanding()
    {
        return maxOutstanding;
    }

    /** @return achieved send rate of the measured orders, per second (first scheduled to last sent). */
    public double sendRate()
    {
        final long nanos = lastSentNanos - firstScheduledNanos;
        return sent <= 1 || nanos <= 0 ? 0 : (sent - 1) * 1e9 / nanos;
    }

    /** @return finished measured orders per second (first scheduled to last final report). */
    public double completionRate()
    {
        final long nanos = lastCompletedNanos - firstScheduledNanos;
        return completed <= 1 || nanos <= 0 ? 0 : completed * 1e9 / nanos;
    }
}
