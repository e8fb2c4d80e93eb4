package io.peregrine.bench.load;

import io.peregrine.bench.engine.OrderTracker;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * What a core-only load run measured, for printing and for tests: the load client's path (the shared
 * {@link OrderTracker}), the core thread's own latency and counters. Read after the run.
 *
 * @param path          the load client's orders: latencies from the scheduled send time, report counts, rejects.
 * @param ordersMissing orders (warm-up included) without a final report when the wait ran out.
 * @param coreIngress   core thread: ingress message handled, nanoseconds (measured phase).
 * @param coreVenueIn   core thread: venue message handled, nanoseconds (measured phase).
 * @param coreCounters  the core's counters over the whole run, by name.
 */
public record LoadResult(
    OrderTracker path, long ordersMissing, Histogram coreIngress, Histogram coreVenueIn, Map<String, Long> coreCounters)
{
}
