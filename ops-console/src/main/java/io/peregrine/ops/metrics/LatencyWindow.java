package io.peregrine.ops.metrics;

import io.peregrine.core.LatencyStats;
import org.HdrHistogram.Histogram;

import java.util.function.Consumer;

/**
 * Latency of one core stage over tumbling windows: every {@link #sample()} (the ops console's sampling thread, once
 * a second) adds what the core recorded since the previous sample to the current window; every
 * {@code windowSamples} samples the window is published and a new one starts. Readers get the last complete window's
 * percentiles and the running totals.
 * <p>
 * Histograms are allocated once: sampling does not allocate, so watching the core does not make garbage that could
 * pause its thread. {@link #sample()} runs on one thread; the read methods are synchronized with it.
 */
public final class LatencyWindow
{
    private static final int DIGITS = 3;

    /** Label of a window per core stage (ingress, venue-in). */
    public static final String STAGE = "stage";
    /** Label of a window per ingress path (FIX gateway, IPC clients). */
    public static final String PATH = "path";

    private final String labelName;
    private final String stage;
    private final Consumer<Histogram> source;
    private final int windowSamples;
    private Histogram previous = newHistogram();
    private Histogram now = newHistogram();
    private final Histogram current = newHistogram();
    private final Histogram published = newHistogram();
    private int samples;
    private long totalCount;
    private double totalSumSeconds;

    /**
     * @param stage         name of the stage (a label value, e.g. {@code ingress}).
     * @param source        copies the stage's totals into the histogram it is given (e.g. {@code stats::ingressInto}).
     * @param windowSamples samples per window.
     */
    public LatencyWindow(final String stage, final Consumer<Histogram> source, final int windowSamples)
    {
        this(STAGE, stage, source, windowSamples);
    }

    /**
     * @param labelName     {@link #STAGE} or {@link #PATH}: the label the window's name is the value of.
     * @param name          the label value, e.g. {@code ingress} or {@code fix}.
     * @param source        copies the totals into the histogram it is given.
     * @param windowSamples samples per window.
     */
    public LatencyWindow(
        final String labelName, final String name, final Consumer<Histogram> source, final int windowSamples)
    {
        this.labelName = labelName;
        this.stage = name;
        this.source = source;
        this.windowSamples = windowSamples;
    }

    /**
     * @param stats the core's latency.
     * @return windows for the ingress and venue-in stages and for the FIX and IPC ingress paths, 10 one-second
     *         samples each.
     */
    public static LatencyWindow[] of(final LatencyStats stats)
    {
        return new LatencyWindow[]{
            new LatencyWindow("ingress", stats::ingressInto, 10),
            new LatencyWindow("venue_in", stats::venueInInto, 10),
            new LatencyWindow(PATH, "fix", stats::fixPathInto, 10),
            new LatencyWindow(PATH, "ipc", stats::ipcPathInto, 10)};
    }

    private static Histogram newHistogram()
    {
        return new Histogram(LatencyStats.HIGHEST_TRACKABLE_NANOS, DIGITS);
    }

    /**
     * @return the stage (or path) name: the label value.
     */
    public String stage()
    {
        return stage;
    }

    /**
     * @return {@link #STAGE} or {@link #PATH}: the label name.
     */
    public String labelName()
    {
        return labelName;
    }

    /**
     * Takes what was recorded since the last sample. Sampling thread only.
     */
    public synchronized void sample()
    {
        source.accept(now);
        if (now.getTotalCount() >= previous.getTotalCount())
        {
            current.add(now);
            try
            {
                current.subtract(previous);
            }
            catch (final IllegalArgumentException | ArrayIndexOutOfBoundsException ex)
            {
                // The core's totals were reset between samples (e.g. after a warm-up): keep only what is new.
                current.reset();
                current.add(now);
            }
        }
        else
        {
            current.add(now);
        }
        totalCount = now.getTotalCount();
        totalSumSeconds = totalCount * now.getMean() / 1e9;
        final Histogram swap = previous;
        previous = now;
        now = swap;
        if (++samples >= windowSamples)
        {
            samples = 0;
            current.copyInto(published);
            current.reset();
        }
    }

    /**
     * @param percentile 0-100.
     * @return that percentile of the last complete window, in seconds (0 when it was empty).
     */
    public synchronized double percentileSeconds(final double percentile)
    {
        return published.getTotalCount() == 0 ? 0 : published.getValueAtPercentile(percentile) / 1e9;
    }

    /**
     * @return the largest value of the last complete window, in seconds.
     */
    public synchronized double maxSeconds()
    {
        return published.getTotalCount() == 0 ? 0 : published.getMaxValue() / 1e9;
    }

    /**
     * @return values in the last complete window.
     */
    public synchronized long windowCount()
    {
        return published.getTotalCount();
    }

    /**
     * @return values recorded since the core started (or its totals were last reset).
     */
    public synchronized long totalCount()
    {
        return totalCount;
    }

    /**
     * @return the sum of those values in seconds (from the mean: approximate within the histogram's precision).
     */
    public synchronized double totalSumSeconds()
    {
        return totalSumSeconds;
    }
}
