package io.peregrine.core;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Per-message processing latency of the core, in nanoseconds: from taking a message off the ingress or venue-in
 * stream to having offered every message it caused (the reports, the venue request).
 * <p>
 * The core thread records into HdrHistogram {@link Recorder}s (wait free, allocation free). A reporting thread
 * calls {@link #sample()} periodically (Peregrine does it every second) to move the interval histograms into the
 * accumulated totals; readers take copies with {@link #ingress()} / {@link #venueIn()}. Values above
 * {@link #HIGHEST_TRACKABLE_NANOS} are recorded as that value.
 */
public final class LatencyStats
{
    /** Largest recordable value: 10 seconds. */
    public static final long HIGHEST_TRACKABLE_NANOS = 10_000_000_000L;

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder ingressRecorder = new Recorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final Recorder venueInRecorder = new Recorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final Histogram ingressTotal = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final Histogram venueInTotal = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private Histogram ingressInterval;
    private Histogram venueInInterval;

    /**
     * Records the handling time of an ingress message. Core thread; allocation free.
     *
     * @param nanos elapsed nanoseconds.
     */
    public void recordIngress(final long nanos)
    {
        ingressRecorder.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS));
    }

    /**
     * Records the handling time of a venue-in message. Core thread; allocation free.
     *
     * @param nanos elapsed nanoseconds.
     */
    public void recordVenueIn(final long nanos)
    {
        venueInRecorder.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS));
    }

    /**
     * Moves what was recorded since the last sample into the totals. Any thread except the core's; allocates on
     * first use only.
     */
    public synchronized void sample()
    {
        ingressInterval = ingressRecorder.getIntervalHistogram(ingressInterval);
        ingressTotal.add(ingressInterval);
        venueInInterval = venueInRecorder.getIntervalHistogram(venueInInterval);
        venueInTotal.add(venueInInterval);
    }

    /**
     * @return a copy of every ingress latency recorded so far (samples first). Allocates.
     */
    public synchronized Histogram ingress()
    {
        sample();
        return ingressTotal.copy();
    }

    /**
     * @return a copy of every venue-in latency recorded so far (samples first). Allocates.
     */
    public synchronized Histogram venueIn()
    {
        sample();
        return venueInTotal.copy();
    }

    /**
     * Copies every ingress latency recorded so far (samples first) into a histogram the caller keeps, so a periodic
     * reader (the ops console) does not allocate. Any thread except the core's.
     *
     * @param target overwritten; should cover {@link #HIGHEST_TRACKABLE_NANOS} at 3 significant digits.
     */
    public synchronized void ingressInto(final Histogram target)
    {
        sample();
        ingressTotal.copyInto(target);
    }

    /**
     * Copies every venue-in latency recorded so far (samples first) into a histogram the caller keeps. Any thread
     * except the core's.
     *
     * @param target overwritten.
     */
    public synchronized void venueInInto(final Histogram target)
    {
        sample();
        venueInTotal.copyInto(target);
    }

    /**
     * Clears the totals, e.g. after a warm-up.
     */
    public synchronized void reset()
    {
        sample();
        ingressTotal.reset();
        venueInTotal.reset();
    }
}
