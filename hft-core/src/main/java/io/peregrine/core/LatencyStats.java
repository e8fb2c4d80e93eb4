package io.peregrine.core;

import io.peregrine.config.PeregrineKeys.Gateway;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Per-message processing latency of the core, in nanoseconds: from taking a message off the ingress or venue-in
 * stream to having offered every message it caused (the reports, the venue request). Ingress is also kept per path:
 * the FIX path (messages of the FIX gateway's client id) and the IPC path (every other client: embedded apps,
 * {@code PeregrineClient}s, the ops console).
 * <p>
 * The core thread, the only writer, records into HdrHistogram {@link SingleWriterRecorder}s (wait free, allocation
 * free). Not {@code Recorder}: its atomic histograms are cleared one ordered store per bucket at every sample, and in
 * the first minute of a busy process, before the JIT gets to that loop, the reporting thread spent up to 5 % of a
 * core there; a plain histogram is cleared with one array fill. A reporting thread
 * calls {@link #sample()} periodically (Peregrine does it every second) to move the interval histograms into the
 * accumulated totals; readers take copies with {@link #ingress()} / {@link #venueIn()}. Values above
 * {@link #HIGHEST_TRACKABLE_NANOS} are recorded as that value.
 */
public final class LatencyStats
{
    /** Largest recordable value: 10 seconds. */
    public static final long HIGHEST_TRACKABLE_NANOS = 10_000_000_000L;

    private static final int SIGNIFICANT_DIGITS = 3;

    private final int gatewayClientId;
    private final Stage ingress = new Stage();
    private final Stage venueIn = new Stage();
    private final Stage fixPath = new Stage();
    private final Stage ipcPath = new Stage();
    private final Stage[] stages = {ingress, venueIn, fixPath, ipcPath};

    /**
     * One measured stage: the core thread records into {@code recorder}; {@link #sample()} moves its interval into
     * {@code total}, which readers copy (under the owner's lock).
     */
    private static final class Stage
    {
        private final SingleWriterRecorder recorder =
            new SingleWriterRecorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        private final Histogram total = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        private Histogram interval;

        private void sample()
        {
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
        }
    }

    /**
     * Latency with the default gateway client id ({@code Gateway.CLIENT_ID.defaultValue()}).
     */
    public LatencyStats()
    {
        this(Gateway.CLIENT_ID.defaultValue());
    }

    /**
     * @param gatewayClientId the FIX gateway's client id: its messages are the FIX path.
     */
    public LatencyStats(final int gatewayClientId)
    {
        this.gatewayClientId = gatewayClientId;
    }

    /**
     * Records the handling time of an ingress message of no known client (counted in the ingress stage only).
     * Core thread; allocation free.
     *
     * @param nanos elapsed nanoseconds.
     */
    public void recordIngress(final long nanos)
    {
        ingress.recorder.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS));
    }

    /**
     * Records the handling time of an ingress message in the ingress stage and in its path. Core thread;
     * allocation free.
     *
     * @param clientId the message's client id (0 when it had none readable: ingress stage only).
     * @param nanos    elapsed nanoseconds.
     */
    public void recordIngress(final int clientId, final long nanos)
    {
        final long value = Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS);
        ingress.recorder.recordValue(value);
        if (0 != clientId)
        {
            (clientId == gatewayClientId ? fixPath : ipcPath).recorder.recordValue(value);
        }
    }

    /**
     * Records the handling time of a venue-in message. Core thread; allocation free.
     *
     * @param nanos elapsed nanoseconds.
     */
    public void recordVenueIn(final long nanos)
    {
        venueIn.recorder.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS));
    }

    /**
     * Moves what was recorded since the last sample into the totals. Any thread except the core's; allocates on
     * first use only.
     */
    public synchronized void sample()
    {
        for (final Stage stage : stages)
        {
            stage.sample();
        }
    }

    /**
     * @return a copy of every ingress latency recorded so far (samples first). Allocates.
     */
    public synchronized Histogram ingress()
    {
        return copyOf(ingress);
    }

    /**
     * @return a copy of every venue-in latency recorded so far (samples first). Allocates.
     */
    public synchronized Histogram venueIn()
    {
        return copyOf(venueIn);
    }

    /**
     * Copies every ingress latency recorded so far (samples first) into a histogram the caller keeps, so a periodic
     * reader (the ops console) does not allocate. Any thread except the core's.
     *
     * @param target overwritten; should cover {@link #HIGHEST_TRACKABLE_NANOS} at 3 significant digits.
     */
    public synchronized void ingressInto(final Histogram target)
    {
        copyInto(ingress, target);
    }

    /**
     * Copies every venue-in latency recorded so far (samples first) into a histogram the caller keeps. Any thread
     * except the core's.
     *
     * @param target overwritten.
     */
    public synchronized void venueInInto(final Histogram target)
    {
        copyInto(venueIn, target);
    }

    /**
     * Copies every ingress latency of the FIX path (the gateway's client id) recorded so far into a histogram the
     * caller keeps. Any thread except the core's.
     *
     * @param target overwritten.
     */
    public synchronized void fixPathInto(final Histogram target)
    {
        copyInto(fixPath, target);
    }

    /**
     * Copies every ingress latency of the IPC path (any client but the gateway) recorded so far into a histogram
     * the caller keeps. Any thread except the core's.
     *
     * @param target overwritten.
     */
    public synchronized void ipcPathInto(final Histogram target)
    {
        copyInto(ipcPath, target);
    }

    /**
     * Clears the totals, e.g. after a warm-up.
     */
    public synchronized void reset()
    {
        sample();
        for (final Stage stage : stages)
        {
            stage.total.reset();
        }
    }

    private Histogram copyOf(final Stage stage)
    {
        sample();
        return stage.total.copy();
    }

    private void copyInto(final Stage stage, final Histogram target)
    {
        sample();
        stage.total.copyInto(target);
    }
}
