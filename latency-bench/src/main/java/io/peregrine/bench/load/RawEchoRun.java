package io.peregrine.bench.load;

import io.peregrine.bench.SetUpWait;
import io.peregrine.bench.engine.OrderPort;
import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.ReportKind;
import io.peregrine.config.IdleStrategies;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.peregrine.bench.cli.CommandLines;
import io.peregrine.bench.ipc.EchoAgent;
import io.peregrine.core.PeregrineContext;
import org.HdrHistogram.Histogram;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of {@link LoadRun}: the same embedded media driver (same threading mode and idle strategy), the same
 * command line and fixed offered rate, but the load client's messages go through an {@link EchoAgent} on its own
 * thread and straight back, with no core, risk or venue in between. Same streams (1001 out, 1002 back), same
 * 64-byte messages as a NewOrder is about, latency from each message's scheduled send time to its echo
 * (coordinated-omission aware). Writes {@code rawecho-<time>.hlog} (tags {@code round-trip} and
 * {@code round-trip-from-send}, one interval per second of the schedule, nanoseconds) so perf-reports puts it beside
 * LoadRun's.
 * <p>
 * The load is LoadRun's own engine ({@link FixedRateMeasurement}: warm-up, measured phase and log, through
 * {@link OrderTracker}, the echo ending each message), with this class as its {@link OrderPort}: the baseline differs
 * from LoadRun by the core alone, not by how it sends or measures. The load loop runs on the calling thread and allocates nothing while sending except the tracker's
 * histograms once a second.
 */
public final class RawEchoRun implements OrderPort, FragmentHandler
{
    /** Usage text. */
    public static final String USAGE = LoadRunOptions.usage("RawEchoRun",
        "Baseline of LoadRun: embedded media driver, an echo agent on its own thread and one load client offering "
            + "64-byte messages at a fixed rate over Aeron IPC, no core in between.",
        "Latency is measured from each message's scheduled send time (coordinated-omission aware) to its echo.");

    private static final int MESSAGE_LENGTH = 64;
    private static final int POLL_LIMIT = 32;
    private static final long CONNECT_TIMEOUT_SECONDS = 10;

    private final ExclusivePublication requests;
    private final Subscription replies;
    private final OrderTracker tracker;
    private final UnsafeBuffer message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MESSAGE_LENGTH, 64));

    private RawEchoRun(final ExclusivePublication requests, final Subscription replies, final OrderTracker tracker)
    {
        this.requests = requests;
        this.replies = replies;
        this.tracker = tracker;
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
        final FixedRateMeasurement measurement =
            new FixedRateMeasurement("RawEchoRun", "rawecho", "messages", options);
        final String aeronDir = measurement.aeronDir();
        final PeregrineContext defaults = new PeregrineContext();
        measurement.printHeader(" (baseline of LoadRun: no core)", out);
        out.println("  driver  : embedded " + defaults.driverThreadingMode() + ", aeron dir " + aeronDir
            + "; driver, echo agent and load client share the " + options.idle().describe() + " idle strategy");

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(defaults.driverThreadingMode())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        IdleStrategies.applyTo(
            driverContext, "--idle", options.idle().cliName(), IdleStrategies.processBackoffMaxParkNs());
        try (MediaDriver driver = MediaDriver.launch(driverContext);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)))
        {
            final String channel = defaults.channel();
            final EchoAgent echo = new EchoAgent(aeron.addSubscription(channel, defaults.ingressStreamId()),
                aeron.addExclusivePublication(channel, defaults.egressStreamId()));
            try (AgentRunner echoRunner = new AgentRunner(options.idle().newStrategy(), Throwable::printStackTrace,
                null, echo))
            {
                AgentRunner.startOnThread(echoRunner);
                final OrderTracker tracker = measurement.newTracker("raw echo", true);
                final RawEchoRun load = new RawEchoRun(
                    aeron.addExclusivePublication(channel, defaults.ingressStreamId()),
                    aeron.addSubscription(channel, defaults.egressStreamId()), tracker);
                load.awaitConnected();
                final FixedRateMeasurement.Outcome outcome = measurement.run(tracker, load, () -> { }, Map::of, out);
                final long missing = outcome.measuredMissing();
                out.println("results");
                out.printf(Locale.ROOT, "  messages    : sent %,d, echoed %,d, missing %,d; offers refused %,d,"
                    + " max send lag %.1f us%n", options.count(), tracker.completed(), missing, tracker.offerRefused(),
                    tracker.maxSendLagNanos() / 1000.0);
                out.printf(Locale.ROOT, "  throughput  : offered %,d/s, echoed %,.0f/s%n", options.rate(),
                    tracker.completed() / outcome.seconds());
                print("round trip  ", tracker.finalReport(), out);
                print("from send   ", tracker.finalFromSend(), out);
                out.println("  histogram log: " + outcome.hlog().toAbsolutePath());
                if (missing > 0)
                {
                    out.printf(Locale.ROOT, "FAILED: %,d messages got no echo%n", missing);
                }
                return missing;
            }
        }
    }

    private void awaitConnected()
    {
        SetUpWait.until(() -> requests.isConnected() && replies.isConnected(), CONNECT_TIMEOUT_SECONDS,
            TimeUnit.SECONDS, "echo streams", "connect");
    }

    /** {@inheritDoc} Message {@code index} carries its number in its first 8 bytes; the echo brings it back. */
    public boolean send(final int index)
    {
        message.putLong(0, index);
        final long result = requests.offer(message, 0, MESSAGE_LENGTH);
        if (result > 0)
        {
            return true;
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            return false;
        }
        throw new IllegalStateException("echo stream lost: offer returned " + result);
    }

    /** {@inheritDoc} */
    public int poll()
    {
        return replies.poll(this, POLL_LIMIT);
    }

    /** {@inheritDoc} */
    public boolean pollsOnThisThread()
    {
        return true;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        tracker.onReport((int)buffer.getLong(offset), ReportKind.NEW, null, System.nanoTime());
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
