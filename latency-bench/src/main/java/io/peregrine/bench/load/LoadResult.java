package io.peregrine.bench.load;

import io.peregrine.sbe.RejectReason;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a load run measured, for printing and for tests. Filled by {@link LoadGenerator} on the load thread and
 * read after the run.
 */
public final class LoadResult
{
    final Histogram roundTrip = newHistogram();
    final Histogram roundTripFromSend = newHistogram();
    final long[] rejectsByReason = new long[256];
    long ordersSent;
    long ordersCompleted;
    long ordersMissing;
    long acks;
    long fills;
    long partialFills;
    long cancelsOrExpiries;
    long unexpectedReports;
    long clientBackPressured;
    long firstScheduledNanos;
    long lastSentNanos;
    long firstSentNanos;
    long lastCompletedNanos;
    long maxSendLagNanos;
    Histogram coreIngress;
    Histogram coreVenueIn;
    Map<String, Long> coreCounters = Map.of();

    static Histogram newHistogram()
    {
        final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        return histogram;
    }

    /** @return latency from each measured order's scheduled send time to its final report, nanoseconds. */
    public Histogram roundTrip()
    {
        return roundTrip;
    }

    /** @return latency from each measured order's actual send to its final report (hides sender lag), ns. */
    public Histogram roundTripFromSend()
    {
        return roundTripFromSend;
    }

    /** @return the core's own ingress-message handling latency during the measured phase, ns (null if absent). */
    public Histogram coreIngress()
    {
        return coreIngress;
    }

    /** @return the core's own venue-message handling latency during the measured phase, ns (null if absent). */
    public Histogram coreVenueIn()
    {
        return coreVenueIn;
    }

    /** @return measured orders offered successfully. */
    public long ordersSent()
    {
        return ordersSent;
    }

    /** @return measured orders that got a final report (filled, rejected, canceled or expired). */
    public long ordersCompleted()
    {
        return ordersCompleted;
    }

    /** @return orders (warm-up included) that got no final report before the wait ran out. */
    public long ordersMissing()
    {
        return ordersMissing;
    }

    /** @return NEW acknowledgements of measured orders. */
    public long acks()
    {
        return acks;
    }

    /** @return FILL reports of measured orders. */
    public long fills()
    {
        return fills;
    }

    /** @return PARTIAL_FILL reports of measured orders. */
    public long partialFills()
    {
        return partialFills;
    }

    /** @return CANCELED or EXPIRED final reports of measured orders. */
    public long cancelsOrExpiries()
    {
        return cancelsOrExpiries;
    }

    /** @return reports for this client that matched no order in flight (duplicates, unknown ids). */
    public long unexpectedReports()
    {
        return unexpectedReports;
    }

    /** @return times the client's offer of a new order was refused (back-pressure) and retried. */
    public long clientBackPressured()
    {
        return clientBackPressured;
    }

    /** @return largest delay between an order's scheduled time and its actual send, ns. */
    public long maxSendLagNanos()
    {
        return maxSendLagNanos;
    }

    /**
     * @param reason a reject reason.
     * @return measured orders rejected with it.
     */
    public long rejects(final RejectReason reason)
    {
        return rejectsByReason[reason.value() & 0xFF];
    }

    /** @return measured orders rejected, by reason, only reasons seen. */
    public Map<RejectReason, Long> rejectsByReason()
    {
        final Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        for (final RejectReason reason : RejectReason.values())
        {
            if (reason != RejectReason.NULL_VAL && rejects(reason) > 0)
            {
                byReason.put(reason, rejects(reason));
            }
        }
        return byReason;
    }

    /** @return total measured rejects. */
    public long totalRejects()
    {
        long total = 0;
        for (final long count : rejectsByReason)
        {
            total += count;
        }
        return total;
    }

    /** @return measured orders completed per second, from the first scheduled send to the last final report. */
    public double achievedThroughput()
    {
        final long elapsed = lastCompletedNanos - firstScheduledNanos;
        return elapsed <= 0 ? 0 : ordersCompleted * 1e9 / elapsed;
    }

    /** @return measured orders sent per second, first to last send. */
    public double achievedSendRate()
    {
        final long elapsed = lastSentNanos - firstSentNanos;
        return elapsed <= 0 ? 0 : (ordersSent - 1) * 1e9 / elapsed;
    }

    /** @return the core's counters at the end of the run, by name. */
    public Map<String, Long> coreCounters()
    {
        return coreCounters;
    }
}
