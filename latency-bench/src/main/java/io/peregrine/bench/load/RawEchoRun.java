package io.peregrine.bench.load;

import io.peregrine.bench.SetUpWait;
import io.peregrine.bench.engine.RateSchedule;
import io.peregrine.config.IdleStrategies;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.cli.CommandLines;
import io.peregrine.bench.ipc.EchoAgent;
import io.peregrine.core.PeregrineContext;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of {@link LoadRun}: the same embedded media driver (same threading mode and idle strategy), the same
 * command line and fixed offered rate, but the load client's messages go through an {@link EchoAgent} on its own
 * thread and straight back, with no core, risk or venue in between. Same streams (1001 out, 1002 back), same
 * 64-byte messages as a NewOrder is about, latency from each message's scheduled send time to its echo
 * (coordinated-omission aware). Writes {@code rawecho-<time>.hlog} (tags {@code round-trip} and
 * {@code round-trip-from-send}, one interval per second, nanoseconds) so perf-reports puts it beside LoadRun's.
 * <p>
 * The load loop runs on the calling thread and allocates nothing while sending, except the once-a-second interval
 * written to the log.
 */
public final class RawEchoRun implements FragmentHandler
{
    /** Usage text. */
    public static final String USAGE = LoadRunOptions.usage("RawEchoRun",
        "Baseline of LoadRun: embedded media driver, an echo agent on its own thread and one load client offering "
            + "64-byte messages at a fixed rate over Aeron IPC, no core in between.",
        "Latency is measured from each message's scheduled send time (coordinated-omission aware) to its echo.");

    private static final int MESSAGE_LENGTH = 64;
    private static final int POLL_LIMIT = 32;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long CONNECT_TIMEOUT_SECONDS = 10;

    private final ExclusivePublication requests;
    private final Subscription replies;
    private final IdleStrategy idle;
    private final UnsafeBuffer message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MESSAGE_LENGTH, 64));
    private final long[] scheduledNanos;
    private final long[] sentNanos;
    private final Histogram roundTrip = newHistogram("round-trip");
    private final Histogram fromSend = newHistogram("round-trip-from-send");
    private final Histogram intervalRoundTrip = newHistogram("round-trip");
    private final Histogram intervalFromSend = newHistogram("round-trip-from-send");
    private boolean measuring;
    private long received;
    private long refused;
    private long maxLagNanos;

    private RawEchoRun(
        final ExclusivePublication requests, final Subscription replies, final IdleStrategy idle, final int total)
    {
        this.requests = requests;
        this.replies = replies;
        this.idle = idle;
        this.scheduledNanos = new long[total];
        this.sentNanos = new long[total];
    }

    /**
     * @param args the options of {@link LoadRunOptions}.
     */
    public static void main(final String[] args)
    {
        CommandLines.runAndExit("RawEchoRun", USAGE, LoadRunOptions::parse, args,
            options -> run(options, System.out) == 0);
    }

    /**
     * Runs warm-up then the measured messages and prints the results.
     *
     * @param options what to run (the same as a LoadRun).
     * @param out     where to print.
     * @return measured messages that got no echo.
     */
    @SuppressWarnings("try") // the embedded driver is held open for the run; the body talks to it by directory
    public static long run(final LoadRunOptions options, final PrintStream out)
    {
        final String aeronDir = null != options.aeronDir() ? options.aeronDir() : AeronDirs.fresh("rawecho");
        final String startedAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        final PeregrineContext defaults = new PeregrineContext();
        final String idleName = options.idle().cliName();
        final long parkNs = IdleStrategies.processBackoffMaxParkNs();
        out.println("Peregrine RawEchoRun " + startedAt + " (baseline of LoadRun: no core)");
        out.println("  config  : " + options);
        out.println("  machine : " + MachineInfo.describe());
        out.println("  jdk     : " + MachineInfo.jdk());
        out.println("  driver  : embedded " + defaults.driverThreadingMode() + ", aeron dir " + aeronDir
            + "; driver, echo agent and load client share the " + options.idle().describe() + " idle strategy");

        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(defaults.driverThreadingMode())
                .sharedIdleStrategy(IdleStrategies.newIdleStrategy("--idle", idleName, parkNs))
                .sharedNetworkIdleStrategy(IdleStrategies.newIdleStrategy("--idle", idleName, parkNs))
                .conductorIdleStrategy(IdleStrategies.newIdleStrategy("--idle", idleName, parkNs))
                .senderIdleStrategy(IdleStrategies.newIdleStrategy("--idle", idleName, parkNs))
                .receiverIdleStrategy(IdleStrategies.newIdleStrategy("--idle", idleName, parkNs))
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)))
        {
            final String channel = defaults.channel();
            final EchoAgent echo = new EchoAgent(aeron.addSubscription(channel, defaults.ingressStreamId()),
                aeron.addExclusivePublication(channel, defaults.egressStreamId()));
            try (AgentRunner echoRunner = new AgentRunner(options.idle().newStrategy(), Throwable::printStackTrace,
                null, echo))
            {
                AgentRunner.startOnThread(echoRunner);
                final RawEchoRun load = new RawEchoRun(
                    aeron.addExclusivePublication(channel, defaults.ingressStreamId()),
                    aeron.addSubscription(channel, defaults.egressStreamId()),
                    options.idle().newStrategy(), (int)options.totalOrders());
                load.awaitConnected();
                final int warmup = (int)options.warmup();
                final int total = (int)options.totalOrders();
                long missing = 0;
                if (warmup > 0)
                {
                    out.printf(Locale.ROOT, "warm-up: %,d messages...%n", warmup);
                    load.runPhase(0, warmup, options.rate(), null);
                }
                Files.createDirectories(options.outDir());
                final Path hlog = options.outDir().resolve("rawecho-" + startedAt.replace(':', '-') + ".hlog");
                final HistogramLogWriter log = new HistogramLogWriter(hlog.toFile());
                try
                {
                    log.outputComment("Peregrine RawEchoRun " + options + " on " + MachineInfo.describe() + ", "
                        + MachineInfo.jdk() + "; values in nanoseconds");
                    log.outputLogFormatVersion();
                    log.outputStartTime(System.currentTimeMillis());
                    log.outputLegend();
                    out.printf(Locale.ROOT, "measuring: %,d messages at %,d/s...%n", options.count(), options.rate());
                    final long startNanos = System.nanoTime();
                    missing = load.runPhase(warmup, total, options.rate(), log);
                    final double seconds = (System.nanoTime() - startNanos) / 1e9;
                    out.println("results");
                    out.printf(Locale.ROOT, "  messages    : sent %,d, echoed %,d, missing %,d; offers refused %,d,"
                        + " max send lag %.1f us%n", options.count(), load.received, missing, load.refused,
                        load.maxLagNanos / 1000.0);
                    out.printf(Locale.ROOT, "  throughput  : offered %,d/s, echoed %,.0f/s%n", options.rate(),
                        load.received / seconds);
                    print("round trip  ", load.roundTrip, out);
                    print("from send   ", load.fromSend, out);
                    out.println("  histogram log: " + hlog.toAbsolutePath());
                }
                finally
                {
                    log.close();
                }
                if (missing > 0)
                {
                    out.printf(Locale.ROOT, "FAILED: %,d messages got no echo%n", missing);
                }
                return missing;
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException("cannot write the histogram log under " + options.outDir(), ex);
        }
    }

    private void awaitConnected()
    {
        SetUpWait.until(() -> requests.isConnected() && replies.isConnected(), CONNECT_TIMEOUT_SECONDS,
            TimeUnit.SECONDS, "echo streams", "connect");
    }

    private long runPhase(final int from, final int to, final long rate, final HistogramLogWriter log)
        throws FileNotFoundException
    {
        measuring = log != null;
        final RateSchedule schedule = new RateSchedule(System.nanoTime(), rate);
        for (int i = from; i < to; i++)
        {
            scheduledNanos[i] = schedule.dueNanos(i - from);
            sentNanos[i] = 0;
        }
        long nextLogNanos = schedule.startNanos() + LOG_INTERVAL_NANOS;
        long logStartMillis = System.currentTimeMillis();
        final long receivedBefore = received;
        int next = from;
        long drainDeadline = Long.MAX_VALUE;
        while (true)
        {
            int work = 0;
            final long now = System.nanoTime();
            if (next < to && now - scheduledNanos[next] >= 0)
            {
                message.putLong(0, next);
                final long result = requests.offer(message, 0, MESSAGE_LENGTH);
                if (result > 0)
                {
                    sentNanos[next] = now;
                    if (measuring)
                    {
                        maxLagNanos = Math.max(maxLagNanos, now - scheduledNanos[next]);
                    }
                    next++;
                    work++;
                    if (next == to)
                    {
                        drainDeadline = now + DRAIN_NANOS;
                    }
                }
                else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
                {
                    refused += measuring ? 1 : 0;
                }
                else
                {
                    throw new IllegalStateException("echo stream lost: offer returned " + result);
                }
            }
            work += replies.poll(this, POLL_LIMIT);
            if (next == to && (received - receivedBefore == to - from || now - drainDeadline >= 0))
            {
                break;
            }
            if (measuring && now - nextLogNanos >= 0)
            {
                final long nowMillis = System.currentTimeMillis();
                writeInterval(log, logStartMillis, nowMillis);
                logStartMillis = nowMillis;
                nextLogNanos += LOG_INTERVAL_NANOS;
            }
            idle.idle(work);
        }
        if (measuring)
        {
            writeInterval(log, logStartMillis, System.currentTimeMillis());
        }
        return (to - from) - (received - receivedBefore);
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long now = System.nanoTime();
        final int index = (int)buffer.getLong(offset);
        received++;
        if (measuring)
        {
            final long latency = now - scheduledNanos[index];
            final long naive = now - sentNanos[index];
            roundTrip.recordValue(latency);
            intervalRoundTrip.recordValue(latency);
            fromSend.recordValue(naive);
            intervalFromSend.recordValue(naive);
        }
    }

    private void writeInterval(final HistogramLogWriter log, final long startMillis, final long endMillis)
    {
        intervalRoundTrip.setTag("round-trip");
        intervalFromSend.setTag("round-trip-from-send");
        for (final Histogram interval : new Histogram[]{ intervalRoundTrip, intervalFromSend })
        {
            // reset() also clears the tag, so it is set again above before every write
            interval.setStartTimeStamp(startMillis);
            interval.setEndTimeStamp(endMillis);
            log.outputIntervalHistogram(interval);
            interval.reset();
        }
    }

    private static Histogram newHistogram(final String tag)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        histogram.setTag(tag);
        return histogram;
    }

    private static void print(final String label, final Histogram histogram, final PrintStream out)
    {
        out.printf(Locale.ROOT, "  %s: us p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  p99.99 %.2f  max %.2f (n=%,d)%n",
            label, histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(90) / 1000.0,
            histogram.getValueAtPercentile(99) / 1000.0, histogram.getValueAtPercentile(99.9) / 1000.0,
            histogram.getValueAtPercentile(99.99) / 1000.0, histogram.getMaxValue() / 1000.0,
            histogram.getTotalCount());
    }
}
