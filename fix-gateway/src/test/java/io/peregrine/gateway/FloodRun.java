package io.peregrine.gateway;

import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.HdrHistogram.Histogram;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.OrdStatus;
import quickfix.field.Text;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One broker session (the flooder) sends IOC orders as fast as it can while another (the quiet one) places resting
 * orders at a fixed rate; records the quiet session's NewOrderSingle -> first ExecutionReport latency (from each
 * order's scheduled send time, so a stalled sender is not hidden) and counts what each session got back.
 * Used by {@code OverloadIsolationSystemTest} (which asserts the counts) and {@code OverloadProbe} (which prints
 * the latencies for perf-reports).
 */
final class FloodRun
{
    /** What a run produced. */
    static final class Result
    {
        final Histogram quietLatencyNs = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final AtomicLong quietRejected = new AtomicLong();
        final AtomicLong quietCapacityRejected = new AtomicLong();
        final AtomicLong quietAnswered = new AtomicLong();
        final AtomicLong floodSent = new AtomicLong();
        final AtomicLong floodFinal = new AtomicLong();
        /** Flood ClOrdIDs that got a final report: a second final for one order is counted, not hidden. */
        final java.util.Set<String> floodFinalIds = ConcurrentHashMap.newKeySet();
        final AtomicLong floodDuplicateFinals = new AtomicLong();
        /** Refused THROTTLED by the gateway's session rate limit. */
        final AtomicLong floodThrottled = new AtomicLong();
        /** Refused THROTTLED because the flooder's account had its limit waiting for the venue session. */
        final AtomicLong floodVenueQueueFull = new AtomicLong();
        final AtomicLong floodCapacityRejected = new AtomicLong();
        volatile long floodNanos;
        volatile boolean flooding;

        String summary()
        {
            return String.format("quiet: %d answered, %d rejected (%d for capacity), ack latency p50 %.2f ms, " +
                "p99 %.2f ms, max %.2f ms | flood: %d sent in %.1f s, %d final reports (%d duplicate), %d THROTTLED " +
                "(session rate), %d THROTTLED (venue queue full), %d capacity",
                quietAnswered.get(), quietRejected.get(), quietCapacityRejected.get(),
                quietLatencyNs.getValueAtPercentile(50) / 1e6, quietLatencyNs.getValueAtPercentile(99) / 1e6,
                quietLatencyNs.getMaxValue() / 1e6, floodSent.get(), floodNanos / 1e9, floodFinal.get(),
                floodDuplicateFinals.get(), floodThrottled.get(), floodVenueQueueFull.get(),
                floodCapacityRejected.get());
        }
    }

    /** Most flood orders without a final report before the flooder waits. */
    static final int MAX_IN_FLIGHT = 5_000;

    private FloodRun()
    {
    }

    /**
     * @param quiet        the quiet session.
     * @param flooder      the flooding session, or null for an idle baseline.
     * @param quietOrders  orders the quiet session places, at {@code quietRate} per second.
     * @param quietRate    orders per second of the quiet session.
     * @param prefix       ClOrdID prefix of this run (unique per run).
     * @param timeoutMs    how long to wait for the last answers.
     * @return the counts and the quiet session's latencies.
     */
    static Result run(final FixCounterparty quiet, final FixCounterparty flooder, final int quietOrders,
        final int quietRate, final String prefix, final long timeoutMs) throws Exception
    {
        return run(quiet, flooder, 0, quietOrders, quietRate, prefix, timeoutMs);
    }

    /**
     * @param floodRate orders per second of the flooder, 0 for as fast as it can send.
     */
    static Result run(final FixCounterparty quiet, final FixCounterparty flooder, final int floodRate,
        final int quietOrders, final int quietRate, final String prefix, final long timeoutMs) throws Exception
    {
        final Result result = new Result();
        final Map<String, Long> scheduled = new ConcurrentHashMap<>();
        quiet.onApp((message, sessionId) -> onQuietReport(message, scheduled, result));
        if (null != flooder)
        {
            flooder.onApp((message, sessionId) -> onFloodReport(message, result));
        }
        final Thread floodThread = null == flooder ? null : new Thread(() -> flood(flooder, floodRate, prefix, result),
            "flooder");
        result.flooding = null != flooder;
        if (null != floodThread)
        {
            floodThread.setDaemon(true);
            floodThread.start();
        }

        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / quietRate;
        final long start = System.nanoTime();
        for (int i = 0; i < quietOrders; i++)
        {
            final long due = start + i * intervalNs;
            while (System.nanoTime() < due)
            {
                Thread.sleep(1);
            }
            final String clOrdId = prefix + "Q" + i;
            scheduled.put(clOrdId, due);
            quiet.send(FixRequests.newOrder(clOrdId, '1', "AAPL", "185.00", 1));
        }
        stopFlood(floodThread, result);

        // The caller judges what is missing from the result: a timeout here is not a failure.
        Await.holdsWithin(() -> result.quietAnswered.get() >= quietOrders &&
            (null == flooder || result.floodFinal.get() >= result.floodSent.get()), timeoutMs);
        quiet.onApp((message, sessionId) -> { });
        if (null != flooder)
        {
            flooder.onApp((message, sessionId) -> { });
        }
        return result;
    }

    private static void flood(final FixCounterparty flooder, final int rate, final String prefix, final Result result)
    {
        final long start = System.nanoTime();
        final long intervalNs = 0 == rate ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
        try
        {
            for (long i = 0; result.flooding; i++)
            {
                final long due = start + i * intervalNs;
                // Park, never spin: the flooder shares the machine with what it measures. A real client also stops
                // when too many of its orders are unanswered (and its own memory would otherwise hold the backlog).
                while (System.nanoTime() < due || result.floodSent.get() - result.floodFinal.get() >= MAX_IN_FLIGHT)
                {
                    if (!result.flooding)
                    {
                        return;
                    }
                    LockSupport.parkNanos(Math.max(50_000, due - System.nanoTime()));
                }
                flooder.send(FixRequests.newOrder(prefix + "F" + i, '1', "AAPL", "189.00", 1,
                    quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL));
                result.floodSent.incrementAndGet();
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
        finally
        {
            result.floodNanos = System.nanoTime() - start;
        }
    }

    private static void stopFlood(final Thread floodThread, final Result result) throws InterruptedException
    {
        result.flooding = false;
        if (null != floodThread)
        {
            floodThread.join(30_000);
        }
    }

    private static void onQuietReport(final Message message, final Map<String, Long> scheduled, final Result result)
    {
        try
        {
            if (!FixCounterparty.isExecutionReport(message))
            {
                return;
            }
            final Long due = scheduled.remove(message.getString(ClOrdID.FIELD));
            if (null == due)
            {
                return;
            }
            result.quietLatencyNs.recordValue(Math.max(0, System.nanoTime() - due));
            result.quietAnswered.incrementAndGet();
            if (message.getChar(ExecType.FIELD) == ExecType.REJECTED)
            {
                result.quietRejected.incrementAndGet();
                if (message.isSetField(Text.FIELD) && message.getString(Text.FIELD).toLowerCase().contains("capacity"))
                {
                    result.quietCapacityRejected.incrementAndGet();
                }
            }
        }
        catch (final FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void onFloodReport(final Message message, final Result result)
    {
        try
        {
            if (!FixCounterparty.isExecutionReport(message))
            {
                return;
            }
            final char status = message.getChar(OrdStatus.FIELD);
            if (status == OrdStatus.REJECTED || status == OrdStatus.CANCELED || status == OrdStatus.EXPIRED ||
                status == OrdStatus.FILLED)
            {
                if (result.floodFinalIds.add(message.getString(ClOrdID.FIELD)))
                {
                    result.floodFinal.incrementAndGet();
                }
                else
                {
                    result.floodDuplicateFinals.incrementAndGet();
                }
            }
            if (status == OrdStatus.REJECTED && message.isSetField(Text.FIELD))
            {
                final String text = message.getString(Text.FIELD);
                // The venue queue's refusal reaches the broker through the core with the venue client's text
                // ("Throttled: too many requests of this account waiting for the venue session: retry later"); the
                // session rate limit's own reject says "Throttled: more than N orders/s ...". No other THROTTLED can
                // occur here (the flood's IOC orders never fill the account's share of the table).
                if (text.contains("waiting for the venue session"))
                {
                    result.floodVenueQueueFull.incrementAndGet();
                }
                else if (text.startsWith("Throttled"))
                {
                    result.floodThrottled.incrementAndGet();
                }
                else if (text.toLowerCase().contains("capacity"))
                {
                    result.floodCapacityRejected.incrementAndGet();
                }
            }
        }
        catch (final FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
