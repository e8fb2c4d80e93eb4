package io.peregrine.bench.load;

import io.peregrine.client.PeregrineClient;
import io.peregrine.client.ReportListener;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.TimeInForce;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * Offers new orders at a fixed rate through a {@link PeregrineClient} and matches every report to its order.
 * <p>
 * Latency is taken from the order's <em>scheduled</em> send time ({@link RateSchedule}) to its final report
 * (filled, rejected, canceled or expired), so a sender that falls behind shows up in the numbers. Client order
 * ids are {@code index + 1}, which makes matching a report to its order an array lookup. Runs on one thread (the
 * caller's), which also polls the reports; allocation free while sending, except the once-a-second interval
 * write to the histogram log.
 */
final class LoadGenerator implements ReportListener
{
    private static final int POLL_LIMIT = 64;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte PENDING = 0;
    private static final byte SENT = 1;
    private static final byte DONE = 2;

    private final PeregrineClient client;
    private final int clientId;
    private final IdleStrategy idle;
    private final long[] scheduledNanos;
    private final long[] sentNanos;
    private final byte[] state;
    private final Histogram intervalRoundTrip = LoadResult.newHistogram();
    private final Histogram intervalFromSend = LoadResult.newHistogram();

    private LoadResult result;
    private boolean measuring;
    private long outstanding;
    private HistogramLogWriter log;
    private long logStartMillis;

    /**
     * @param client      connected client; used only from the calling thread.
     * @param clientId    id the client stamps on its orders; reports for other clients are ignored.
     * @param totalOrders warm-up plus measured orders: sizes the per-order arrays.
     * @param idle        what the load thread does when there is nothing to send or read.
     */
    LoadGenerator(final PeregrineClient client, final int clientId, final long totalOrders, final IdleStrategy idle)
    {
        if (totalOrders > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("too many orders for one run: " + totalOrders);
        }
        this.client = client;
        this.clientId = clientId;
        this.idle = idle;
        this.scheduledNanos = new long[(int)totalOrders];
        this.sentNanos = new long[(int)totalOrders];
        this.state = new byte[(int)totalOrders];
    }

    /**
     * Sends orders {@code [from, to)} at {@code rate} per second and waits for their final reports.
     *
     * @param from           first order index.
     * @param to             one past the last order index.
     * @param rate           orders per second.
     * @param drainNanos     longest wait for final reports after the last send.
     * @param result         where counts and latencies go, or null for a warm-up (nothing recorded).
     * @param log            where interval histograms go once a second, or null.
     * @return orders of this phase without a final report when the wait ran out, including any never sent
     *         because the client's offers were refused for longer than {@code drainNanos}.
     */
    long runPhase(
        final int from,
        final int to,
        final long rate,
        final long drainNanos,
        final LoadResult result,
        final HistogramLogWriter log)
    {
        this.result = result;
        this.measuring = result != null;
        this.log = log;
        final RateSchedule schedule = new RateSchedule(System.nanoTime(), rate);
        for (int i = from; i < to; i++)
        {
            scheduledNanos[i] = schedule.dueNanos(i - from);
        }
        if (measuring)
        {
            result.firstScheduledNanos = schedule.startNanos();
            logStartMillis = System.currentTimeMillis();
        }
        long nextLogNanos = schedule.startNanos() + LOG_INTERVAL_NANOS;

        int next = from;
        int end = to;
        long drainDeadline = Long.MAX_VALUE;
        long refusedSinceNanos = 0;
        while (true)
        {
            int work = 0;
            final long now = System.nanoTime();
            if (next < end && now - scheduledNanos[next] >= 0)
            {
                if (offer(next, now))
                {
                    next++;
                    work++;
                    refusedSinceNanos = 0;
                }
                else
                {
                    if (measuring)
                    {
                        result.clientBackPressured++;
                    }
                    if (0 == refusedSinceNanos)
                    {
                        refusedSinceNanos = now;
                    }
                    else if (now - refusedSinceNanos > drainNanos)
                    {
                        end = next; // the core has not taken an order for too long: stop, the rest count as missing
                    }
                }
                if (next == end)
                {
                    drainDeadline = now + drainNanos;
                }
            }

            work += client.poll(this, POLL_LIMIT);

            if (next == end && (outstanding == 0 || now - drainDeadline >= 0))
            {
                break;
            }
            if (measuring && log != null && now - nextLogNanos >= 0)
            {
                writeInterval();
                nextLogNanos += LOG_INTERVAL_NANOS;
            }
            idle.idle(work);
        }

        if (measuring && log != null)
        {
            writeInterval();
        }
        long missing = 0;
        for (int i = from; i < to; i++)
        {
            if (state[i] != DONE)
            {
                missing++;
            }
        }
        outstanding = 0;
        return missing;
    }

    private boolean offer(final int index, final long now)
    {
        final long i = index;
        final boolean sent = client.newOrder(
            i + 1,
            OrderFlow.account(i),
            OrderFlow.symbol(i),
            OrderFlow.side(i),
            OrdType.LIMIT,
            TimeInForce.DAY,
            OrderFlow.price(i),
            OrderFlow.quantity(i));
        if (sent)
        {
            sentNanos[index] = now;
            state[index] = SENT;
            outstanding++;
            if (measuring)
            {
                if (result.ordersSent == 0)
                {
                    result.firstSentNanos = now;
                }
                result.ordersSent++;
                result.lastSentNanos = now;
                result.maxSendLagNanos = Math.max(result.maxSendLagNanos, now - scheduledNanos[index]);
            }
        }
        return sent;
    }

    @Override
    public void onExecutionReport(final ExecutionReportDecoder report)
    {
        if (report.clientId() != clientId)
        {
            return;
        }
        final long index = report.clOrdId() - 1;
        if (index < 0 || index >= state.length || state[(int)index] != SENT)
        {
            if (measuring)
            {
                result.unexpectedReports++;
            }
            return;
        }
        final int i = (int)index;
        final ExecType execType = report.execType();
        final boolean isFinal;
        switch (execType)
        {
            case NEW:
                isFinal = false;
                if (measuring)
                {
                    result.acks++;
                }
                break;
            case PARTIAL_FILL:
                isFinal = false;
                if (measuring)
                {
                    result.partialFills++;
                }
                break;
            case FILL:
                isFinal = true;
                if (measuring)
                {
                    result.fills++;
                }
                break;
            case REJECTED:
                isFinal = true;
                if (measuring)
                {
                    result.rejectsByReason[report.rejectReasonRaw() & 0xFF]++;
                }
                break;
            case CANCELED:
            case EXPIRED:
                isFinal = true;
                if (measuring)
                {
                    result.cancelsOrExpiries++;
                }
                break;
            default:
                isFinal = false;
        }

        if (isFinal)
        {
            state[i] = DONE;
            outstanding--;
            if (measuring)
            {
                final long now = System.nanoTime();
                record(intervalRoundTrip, result.roundTrip, now - scheduledNanos[i]);
                record(intervalFromSend, result.roundTripFromSend, now - sentNanos[i]);
                result.ordersCompleted++;
                result.lastCompletedNanos = now;
            }
        }
    }

    private static void record(final Histogram interval, final Histogram total, final long nanos)
    {
        final long value = Math.min(Math.max(nanos, 0), total.getHighestTrackableValue());
        interval.recordValue(value);
        total.recordValue(value);
    }

    private void writeInterval()
    {
        final long nowMillis = System.currentTimeMillis();
        writeInterval(intervalRoundTrip, "round-trip", nowMillis);
        writeInterval(intervalFromSend, "round-trip-from-send", nowMillis);
        logStartMillis = nowMillis;
    }

    private void writeInterval(final Histogram interval, final String tag, final long nowMillis)
    {
        interval.setTag(tag);
        interval.setStartTimeStamp(logStartMillis);
        interval.setEndTimeStamp(nowMillis);
        log.outputIntervalHistogram(interval);
        interval.reset();
    }
}
