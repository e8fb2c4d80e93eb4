package io.peregrine.bench.loop;

import io.peregrine.bench.engine.OrderTracker;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.DataFormatException;

/**
 * What {@link FixLoopLatency} prints for one phase of a load client ({@link PhaseSpec}): the measured orders'
 * latencies and counts, taken from the client's {@link OrderTracker}, and the CPU per measured order. Immutable once
 * made; the histograms are read only. A load client in a child JVM sends the client's part as one line
 * ({@link #encode()}); the CPU of the measuring process is added on this side ({@link #decode}).
 *
 * @param firstReport     scheduled send -> first report of each measured order.
 * @param finalReport     scheduled send -> final report.
 * @param fillReport      scheduled send -> fill.
 * @param missing         orders of the phase, warm-up included, without a final report.
 * @param fills           measured orders filled.
 * @param partialFills    measured partial fills.
 * @param expired         measured orders expired.
 * @param rejects         measured orders rejected.
 * @param sendRate        achieved send rate, orders/s.
 * @param completionRate  finished orders per second.
 * @param maxOutstanding  most orders in flight at a send.
 * @param cpu             CPU per measured order of this process (the stack, and the load client when it runs here).
 * @param clientJvmMicros CPU per measured order of the load client's own JVM, or NaN when it runs in this one.
 * @param clientJvmJitMicros the part of {@code clientJvmMicros} its JIT compiler threads used (after a short warm-up
 *                        they are a large and noisy share of a client's CPU; without them the client's own work per
 *                        order can be compared between builds), or NaN when the client runs in this JVM.
 */
record PhaseResult(
    Histogram firstReport,
    Histogram finalReport,
    Histogram fillReport,
    long missing,
    long fills,
    long partialFills,
    long expired,
    long rejects,
    double sendRate,
    double completionRate,
    long maxOutstanding,
    CpuTimes.PerOrder cpu,
    double clientJvmMicros,
    double clientJvmJitMicros)
{
    private static final String SEPARATOR = " ";
    private static final int FIELDS = 13;

    /**
     * @param tracker         the phase's tracker, after the phase drained.
     * @param cpu             CPU per measured order of this process.
     * @param clientJvmMicros the load client JVM's CPU per order, NaN when it is this process.
     * @return the phase's result.
     */
    static PhaseResult of(final OrderTracker tracker, final CpuTimes.PerOrder cpu, final double clientJvmMicros)
    {
        return new PhaseResult(tracker.firstReport(), tracker.finalReport(), tracker.fillReport(),
            tracker.missing(0, tracker.capacity()), tracker.fills(), tracker.partialFills(), tracker.expired(),
            tracker.totalRejects(), tracker.sendRate(), tracker.completionRate(), tracker.maxOutstanding(), cpu,
            clientJvmMicros, Double.NaN);
    }

    /** @return true when every order of the phase got its final report. */
    boolean complete()
    {
        return missing == 0;
    }

    /**
     * @return the client's part as one line of space-separated fields (histograms compressed, Base64), with
     * {@link #cpu}'s process total and its JIT share as the client JVM's CPU per order: this is called in the
     * client's JVM.
     */
    String encode()
    {
        return String.join(SEPARATOR, histogram(firstReport), histogram(finalReport), histogram(fillReport),
            Long.toString(missing), Long.toString(fills), Long.toString(partialFills), Long.toString(expired),
            Long.toString(rejects), Double.toString(sendRate), Double.toString(completionRate),
            Long.toString(maxOutstanding), Double.toString(cpu.processMicros()), Double.toString(cpu.of(CpuTimes.JIT)));
    }

    /**
     * @param line what {@link #encode()} wrote in the client's JVM.
     * @param cpu  CPU per measured order of this process over the same window.
     * @return the result, with the client JVM's CPU per order from the line.
     * @throws IllegalArgumentException if the line is not a result.
     */
    static PhaseResult decode(final String line, final CpuTimes.PerOrder cpu)
    {
        final String[] fields = line.trim().split(SEPARATOR);
        if (fields.length != FIELDS)
        {
            throw new IllegalArgumentException("a phase result has " + FIELDS + " fields, got " + fields.length);
        }
        return new PhaseResult(histogram(fields[0]), histogram(fields[1]), histogram(fields[2]),
            Long.parseLong(fields[3]), Long.parseLong(fields[4]), Long.parseLong(fields[5]),
            Long.parseLong(fields[6]), Long.parseLong(fields[7]), Double.parseDouble(fields[8]),
            Double.parseDouble(fields[9]), Long.parseLong(fields[10]), cpu, Double.parseDouble(fields[11]),
            Double.parseDouble(fields[12]));
    }

    /**
     * @return e.g. {@code 212.4 us/order: load client 60.1, ...}, and when the client has its own JVM
     * {@code ; load client JVM 95.0 us/order, 60.0 without its JIT (its own process, not in the total)}.
     */
    String describeCpu()
    {
        return Double.isNaN(clientJvmMicros) ? cpu.describe() : cpu.describe() + String.format(Locale.ROOT,
            "; load client JVM %.1f us/order, %.1f without its JIT (its own process, not in the total)",
            clientJvmMicros, clientJvmMicros - clientJvmJitMicros);
    }

    private static String histogram(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        final byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static Histogram histogram(final String base64)
    {
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalArgumentException("not a compressed histogram", ex);
        }
    }
}
