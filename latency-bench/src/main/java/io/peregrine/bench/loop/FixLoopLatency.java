package io.peregrine.bench.loop;

import io.peregrine.bench.engine.PathReport;
import io.peregrine.bench.engine.FixedRateSender;
import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.cli.CommandLines;
import io.peregrine.bench.cli.RunArguments;
import io.peregrine.bench.cli.RateList;
import io.peregrine.bench.load.IdleMode;
import io.peregrine.bench.load.MachineInfo;
import io.peregrine.gateway.GatewayContext;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import quickfix.ConfigError;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What Peregrine adds to a FIX round trip, measured in one run at fixed offered rates (HdrHistogram, latency from
 * each order's scheduled send time, so coordinated-omission aware):
 * <ol>
 *     <li><b>(a) baseline</b>: a bare QuickFIX/J initiator and acceptor on loopback with the gateway's broker
 *     session settings ({@link FixEchoAcceptor}): NewOrderSingle -> ExecutionReport(New).</li>
 *     <li><b>(b) full loop</b>: the same initiator as broker {@code BROKER1} -> gateway -> core (risk) -> gateway
 *     venue session -> matching-sim (market maker) -> back: NewOrderSingle -> the venue's ack as a New
 *     ExecutionReport, and -> Fill (every order is small and marketable).</li>
 *     <li><b>(c) step load</b> on the full loop, one broker session: rising offered rates; for each, the achieved
 *     send and completion rates, latency and the most orders in flight, to find the highest rate the gateway
 *     sustains without growing queues: both rates within 95% of the offered rate and never more than 0.1 s worth
 *     of orders in flight. It stops once under 80% of a step's orders complete per second.</li>
 *     <li><b>(d) step load on the broker side alone</b>: broker session -> gateway -> core -> the core's Aeron
 *     {@code AutoFillVenue} (ack and fill), no venue FIX session, to tell the gateway's own limit from the cost of
 *     the venue's FIX hop.</li>
 * </ol>
 * It prints the ratio (b) p50 / (a) p50 per rate (target &lt;= 2.2x), the step table and the machine, JDK, idle
 * strategy, load average and date; one HdrHistogram log per case goes to {@code --out}. For (a) and (b) it also
 * prints the CPU the process used per measured order, per thread group ({@link CpuTimes}; the load client's threads
 * are one group), which depends much less than latency on what else runs on the machine. Ports are always ephemeral
 * and data lives in a temp folder deleted at the end, so it runs beside a user's stack or tests.
 * <pre>
 * java $(flags) -cp latency-bench/target/benchmarks.jar io.peregrine.bench.loop.FixLoopLatency \
 *      [--rates 1000,2000,5000] [--seconds 6] [--warmup 3] [--step-rates 2000,5000,10000,15000,20000]
 *      [--gateway-step-rates 5000,10000,20000,30000] [--step-seconds 5] [--idle backoff] [--out target/peregrine-run]
 * </pre>
 * Results and how to read them: {@code perf-reports/results/2026-11-21-fix-loop.md}.
 */
public final class FixLoopLatency
{
    /** Usage text (picocli's, from {@link Arguments}). */
    public static final String USAGE = CommandLines.usage(new Arguments());

    /** First line of the step-load CSV: what perf-reports expects ({@code StepLoadCurve.HEADER}). */
    public static final String STEPS_CSV_HEADER =
        "offered_per_s,sent_per_s,completed_per_s,max_in_flight,p50_us,p90_us,p99_us,max_us,sustained";

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long START_TIMEOUT_MILLIS = 15_000;
    /** A step is sustained when both rates reach this share of the offered rate... */
    private static final double SUSTAINED_SHARE = 0.95;
    /** ...and at most this much time's worth of orders is ever in flight (a growing queue exceeds it). */
    private static final double MAX_BACKLOG_SECONDS = 0.1;
    /** The step load stops once fewer orders than this share of the offered rate complete per second. */
    private static final double GIVE_UP_SHARE = 0.8;
    /** The load client's QuickFIX/J threads are started in this group, so their CPU is told from the stack's. */
    private static final ThreadGroup CLIENT_THREADS = new ThreadGroup("peregrine-load-client");

    private FixLoopLatency()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        final Arguments a = new Arguments();
        try
        {
            if (CommandLines.parse(a, args))
            {
                System.out.println(USAGE);
                return;
            }
            a.check();
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("FixLoopLatency: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(CommandLines.EXIT_BAD_ARGUMENTS);
            return;
        }
        final boolean complete = run(a.rates.rates(), a.seconds, a.warmup, a.stepRates.rates(),
            a.gatewayStepRates.rates(), a.stepSeconds, a.run.idle, a.agentMaxParkMicros, Paths.get(a.run.out),
            System.out);
        System.exit(complete ? 0 : 1);
    }

    /**
     * Runs (a), (b) and (c) and prints the results.
     *
     * @return true when every order of (a) and (b) got its final report.
     */
    @SuppressWarnings("try") // the echo acceptor is held open for the run; the body reaches it over FIX
    static boolean run(
        final long[] rates,
        final long seconds,
        final long warmup,
        final long[] stepRates,
        final long[] gatewayStepRates,
        final long stepSeconds,
        final IdleMode idle,
        final long agentMaxParkMicros,
        final Path out,
        final PrintStream print)
    {
        final Supplier<IdleStrategy> agentIdle = agentMaxParkMicros <= 0 ? null :
            () -> new BackoffIdleStrategy(10, 20, 1_000, TimeUnit.MICROSECONDS.toNanos(agentMaxParkMicros));
        final String startedAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        final String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        final Path dataDir = tempDir();
        print.println("Peregrine FIX loop latency " + startedAt);
        print.println("  machine : " + MachineInfo.describe() + "; load average at start " +
            MachineInfo.loadAverage());
        print.println("  jdk     : " + MachineInfo.jdk());
        print.println("  idle    : " + (null == agentIdle ? idle.describe() + " (core, driver, gateway agents, venue " +
            "engine)" : "backoff parking at most " + agentMaxParkMicros + " us (core agent, gateway agents); " +
            idle.cliName() + " (driver, venue engine)") + "; the load thread parks until each order is due");
        print.printf(Locale.ROOT, "  runs    : rates %s, %d s warm-up + %d s measured each; step rates %s, %d s each%n",
            java.util.Arrays.toString(rates), warmup, seconds, java.util.Arrays.toString(stepRates), stepSeconds);
        print.println("  session : FIX 4.4, FileStore, data dictionary validation, TCP no-delay, no message log; " +
            "orders LIMIT IOC, small, 2 ticks through the market maker's quotes");

        final List<OrderTracker> echo = new ArrayList<>();
        final List<OrderTracker> loop = new ArrayList<>();
        boolean complete = true;
        try
        {
            Files.createDirectories(out);
            final String stamp = startedAt.replace(':', '-');

            print.println("(a) bare QuickFIX/J echo: NewOrderSingle -> ExecutionReport(New)");
            final int echoPort = LoopPorts.freeEphemeralPort();
            try (FixEchoAcceptor acceptor = new FixEchoAcceptor(echoPort, FullLoopRun.BROKER_COMP_ID,
                dataDir.resolve("echo")).start();
                FixBrokerSession broker = inClientThreads(() -> new FixBrokerSession("127.0.0.1", echoPort,
                    FullLoopRun.BROKER_COMP_ID, GatewayContext.BROKER_COMP_ID_DEFAULT, FullLoopRun.FIX_ACCOUNT,
                    dataDir.resolve("echo-client"), runId, new OrderTracker("none", 0, 0, true))
                    .start(START_TIMEOUT_MILLIS)))
            {
                for (final long rate : rates)
                {
                    final CpuTimes.PerOrder[] cpu = new CpuTimes.PerOrder[1];
                    final OrderTracker tracker = phase(broker, "A" + runId + "R" + rate, rate, warmup, seconds, true,
                        idle, cpu);
                    complete &= tracker.missing(0, tracker.capacity()) == 0;
                    echo.add(tracker);
                    PathReport.printLatency(String.format(Locale.ROOT, "%,7d/s echo  ", rate), tracker.finalReport(),
                        "send " + rateText(tracker) + ", load " + MachineInfo.loadAverage(), print);
                    printCpu(String.format(Locale.ROOT, "%,7d/s echo  ", rate), cpu[0], print);
                    PathReport.writeLog(out.resolve("fixloop-" + stamp + "-echo-" + rate + ".hlog"),
                        "FixLoopLatency (a) echo at " + rate + "/s, " + MachineInfo.describe() + ", idle " +
                        idle.cliName(), tracker, System.currentTimeMillis(), System.currentTimeMillis());
                }
            }

            print.println("(b) full loop: broker -> gateway -> core -> venue -> broker");
            final String aeronDir = AeronDirs.fresh("fixloop");
            try (LoopStack stack = LoopStack.start(aeronDir, dataDir.resolve("loop"), idle.cliName(), agentIdle,
                LoopPorts.freeEphemeralPort(), 0, true, START_TIMEOUT_MILLIS, null);
                FixBrokerSession broker = inClientThreads(() -> new FixBrokerSession("127.0.0.1",
                    stack.brokerPort(), FullLoopRun.BROKER_COMP_ID, GatewayContext.BROKER_COMP_ID_DEFAULT,
                    FullLoopRun.FIX_ACCOUNT, dataDir.resolve("loop-client"), runId,
                    new OrderTracker("none", 0, 0, false)).start(START_TIMEOUT_MILLIS)))
            {
                for (final long rate : rates)
                {
                    final CpuTimes.PerOrder[] cpu = new CpuTimes.PerOrder[1];
                    final OrderTracker tracker = phase(broker, "B" + runId + "R" + rate, rate, warmup, seconds, false,
                        idle, cpu);
                    complete &= tracker.missing(0, tracker.capacity()) == 0;
                    loop.add(tracker);
                    PathReport.printLatency(String.format(Locale.ROOT, "%,7d/s -> New", rate), tracker.firstReport(),
                        "send " + rateText(tracker) + ", load " + MachineInfo.loadAverage(), print);
                    PathReport.printLatency(String.format(Locale.ROOT, "%,7d/s -> Fill", rate), tracker.fillReport(),
                        "fills " + tracker.fills() + ", partial " + tracker.partialFills() + ", expired " +
                        tracker.expired() + ", rejected " + tracker.totalRejects(), print);
                    printCpu(String.format(Locale.ROOT, "%,7d/s loop  ", rate), cpu[0], print);
                    PathReport.writeLog(out.resolve("fixloop-" + stamp + "-loop-" + rate + ".hlog"),
                        "FixLoopLatency (b) full loop at " + rate + "/s, " + MachineInfo.describe() + ", idle " +
                        idle.cliName(), tracker, System.currentTimeMillis(), System.currentTimeMillis());
                }

                if (stepRates.length > 0)
                {
                    print.println("(c) step load, one broker session on the full loop");
                    stepLoad(broker, "C" + runId, stepRates, stepSeconds, idle, print,
                        out.resolve("fixloop-" + stamp + "-steps-loop.csv"), out, "fixloop-" + stamp + "-step-loop-",
                        "FixLoopLatency (c) step load on the full loop, " + MachineInfo.describe() + ", idle " +
                        idle.cliName());
                }
            }

            if (gatewayStepRates.length > 0)
            {
                print.println("(d) step load, one broker session -> gateway -> core -> auto-fill venue (no venue FIX)");
                try (LoopStack stack = LoopStack.startWithAutoFillVenue(AeronDirs.fresh("fixloop-gw"),
                    dataDir.resolve("gateway-only"), idle.cliName(), LoopPorts.freeEphemeralPort(),
                    START_TIMEOUT_MILLIS);
                    FixBrokerSession broker = new FixBrokerSession("127.0.0.1", stack.brokerPort(),
                        FullLoopRun.BROKER_COMP_ID, GatewayContext.BROKER_COMP_ID_DEFAULT, FullLoopRun.FIX_ACCOUNT,
                        dataDir.resolve("gateway-only-client"), runId, new OrderTracker("none", 0, 0, false))
                        .start(START_TIMEOUT_MILLIS))
                {
                    // one second at the first rate warms the broker side up
                    phase(broker, "W" + runId, gatewayStepRates[0], 0, 1, false, idle, new CpuTimes.PerOrder[1]);
                    stepLoad(broker, "D" + runId, gatewayStepRates, stepSeconds, idle, print,
                        out.resolve("fixloop-" + stamp + "-steps-gateway.csv"), out,
                        "fixloop-" + stamp + "-step-gateway-",
                        "FixLoopLatency (d) step load on broker -> gateway -> core (auto-fill), " +
                        MachineInfo.describe() + ", idle " + idle.cliName());
                }
            }

            print.println("summary: full loop (b) p50 to New / echo (a) p50, target <= 2.2x");
            for (int i = 0; i < rates.length; i++)
            {
                final long a = echo.get(i).finalReport().getValueAtPercentile(50);
                final long b = loop.get(i).firstReport().getValueAtPercentile(50);
                print.printf(Locale.ROOT, "  %,7d/s: echo p50 %s us, loop p50 %s us, ratio %.2fx; p99 %s vs %s us%n",
                    rates[i], PathReport.micros(a), PathReport.micros(b), a == 0 ? 0.0 : (double)b / a,
                    PathReport.micros(echo.get(i).finalReport().getValueAtPercentile(99)),
                    PathReport.micros(loop.get(i).firstReport().getValueAtPercentile(99)));
            }
            print.println("  load average at end " + MachineInfo.loadAverage());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final ConfigError ex)
        {
            throw new IllegalStateException("QuickFIX/J refused the settings", ex);
        }
        finally
        {
            IoUtil.delete(dataDir.toFile(), true);
        }
        return complete;
    }

    /**
     * Runs one step per rate and prints a line per step; writes the steps as CSV (the columns perf-reports plots as
     * throughput against latency) and each step's distributions as an HdrHistogram log beside it.
     */
    private static void stepLoad(
        final FixBrokerSession broker,
        final String phasePrefix,
        final long[] rates,
        final long stepSeconds,
        final IdleMode idle,
        final PrintStream print,
        final Path csv,
        final Path out,
        final String hlogPrefix,
        final String comment) throws IOException
    {
        print.println(
            "    offered/s    sent/s    done/s  max in flight   p50 us    p99 us    max us  load   sustained");
        final StringBuilder rows = new StringBuilder(STEPS_CSV_HEADER).append('\n');
        for (final long rate : rates)
        {
            final long startMillis = System.currentTimeMillis();
            final OrderTracker tracker = phase(broker, phasePrefix + "R" + rate, rate, 0, stepSeconds, false, idle,
                new CpuTimes.PerOrder[1]);
            final boolean sustained = tracker.missing(0, tracker.capacity()) == 0 &&
                tracker.sendRate() >= SUSTAINED_SHARE * rate &&
                tracker.completionRate() >= SUSTAINED_SHARE * rate &&
                tracker.maxOutstanding() <= Math.max(10, rate * MAX_BACKLOG_SECONDS);
            final Histogram latency = tracker.finalReport();
            print.println(String.format(Locale.ROOT,
                "    %,9d %9.0f %9.0f %,14d %8s %9s %9s  %-5s  %s", rate, tracker.sendRate(),
                tracker.completionRate(), tracker.maxOutstanding(),
                PathReport.micros(latency.getValueAtPercentile(50)),
                PathReport.micros(latency.getValueAtPercentile(99)), PathReport.micros(latency.getMaxValue()),
                MachineInfo.loadAverage().split(" ")[0], sustained ? "yes" : "NO"));
            rows.append(String.format(Locale.ROOT, "%d,%.1f,%.1f,%d,%.3f,%.3f,%.3f,%.3f,%s%n", rate,
                tracker.sendRate(), tracker.completionRate(), tracker.maxOutstanding(),
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, sustained));
            PathReport.writeLog(out.resolve(hlogPrefix + rate + ".hlog"), comment + ", step " + rate + "/s", tracker,
                startMillis, System.currentTimeMillis());
            if (tracker.completionRate() < GIVE_UP_SHARE * rate)
            {
                // far past capacity: higher steps would only queue up and take long to drain
                break;
            }
        }
        Files.writeString(csv, rows);
    }

    /**
     * Sends the warm-up orders and waits for their reports, then the measured ones; {@code cpu[0]} gets the CPU per
     * measured order, taken from the first measured send to the last measured report (the warm-up's JIT compiling
     * and backlog stay out of it).
     */
    private static OrderTracker phase(
        final FixBrokerSession broker,
        final String phaseId,
        final long rate,
        final long warmupSeconds,
        final long seconds,
        final boolean echo,
        final IdleMode idle,
        final CpuTimes.PerOrder[] cpu)
    {
        final int warmupOrders = (int)(rate * warmupSeconds);
        final OrderTracker tracker = new OrderTracker(phaseId, warmupOrders + (int)(rate * seconds), warmupOrders,
            echo);
        broker.phase(phaseId, tracker, true);
        final FixedRateSender sender = new FixedRateSender(broker, tracker, idle.newStrategy());
        if (warmupOrders > 0)
        {
            sender.run(0, warmupOrders, rate, DRAIN_NANOS);
        }
        final CpuTimes before = CpuTimes.now();
        sender.run(warmupOrders, tracker.capacity(), rate, DRAIN_NANOS);
        cpu[0] = CpuTimes.perOrder(before, CpuTimes.now(), tracker.capacity() - warmupOrders, CLIENT_THREADS,
            Thread.currentThread());
        return tracker;
    }

    private static void printCpu(final String label, final CpuTimes.PerOrder cpu, final PrintStream print)
    {
        print.println("    " + label + " cpu: " + cpu.describe());
    }

    /**
     * Creates and starts a load client on a thread of {@link #CLIENT_THREADS}, so that the threads QuickFIX/J starts
     * for it are in that group (a new thread joins its creator's group).
     */
    private static FixBrokerSession inClientThreads(final Callable<FixBrokerSession> start) throws ConfigError
    {
        final Object[] result = new Object[1];
        final Thread starter = new Thread(CLIENT_THREADS, () ->
        {
            try
            {
                result[0] = start.call();
            }
            catch (final Exception | Error ex)
            {
                result[0] = ex;
            }
        }, "peregrine-load-client-start");
        starter.start();
        try
        {
            starter.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the load client", ex);
        }
        if (result[0] instanceof FixBrokerSession session)
        {
            return session;
        }
        if (result[0] instanceof ConfigError ex)
        {
            throw ex;
        }
        if (result[0] instanceof RuntimeException ex)
        {
            throw ex;
        }
        if (result[0] instanceof Error ex)
        {
            throw ex;
        }
        throw new IllegalStateException("the load client did not start", (Throwable)result[0]);
    }

    private static String rateText(final OrderTracker tracker)
    {
        return String.format(Locale.ROOT, "%,.0f/s, done %,.0f/s, max in flight %,d", tracker.sendRate(),
            tracker.completionRate(), tracker.maxOutstanding());
    }


    private static Path tempDir()
    {
        try
        {
            return Files.createTempDirectory(Paths.get(System.getProperty("java.io.tmpdir")), "peregrine-fixloop-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The command line as picocli fills it. */
    @Command(
        name = "FixLoopLatency",
        sortOptions = false,
        description = {
            "What Peregrine adds to a FIX round trip, in one run at fixed offered rates: (a) a bare QuickFIX/J echo, "
                + "(b) the full loop broker -> gateway -> core -> venue -> broker, (c) a step load on the full loop, "
                + "(d) a step load on broker -> gateway -> core with the core's auto-fill venue.",
            "Writes one HdrHistogram log per case and per step, and one CSV per step load, to --out." },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:every order of (a) and (b) got its final report",
            "1:some did not",
            "2:bad arguments" })
    static final class Arguments
    {
        @Mixin
        RunArguments run = new RunArguments();

        @Option(names = "--rates", paramLabel = "r1,r2", defaultValue = "1000,2000,5000",
            converter = RateList.Converter.class,
            description = "Fixed offered rates of (a) echo and (b) full loop, orders/s (default: ${DEFAULT-VALUE}).")
        RateList rates;

        @Option(names = "--seconds", paramLabel = "<s>", defaultValue = "6",
            converter = CommandLines.WholeNumber.class,
            description = "Measured seconds per rate (default: ${DEFAULT-VALUE}).")
        long seconds;

        @Option(names = "--warmup", paramLabel = "<s>", defaultValue = "3",
            converter = CommandLines.WholeNumber.class,
            description = "Warm-up seconds per rate, not recorded (default: ${DEFAULT-VALUE}).")
        long warmup;

        @Option(names = "--step-rates", paramLabel = "r1,r2,...", defaultValue = "2000,5000,10000,15000,20000",
            converter = RateList.Converter.class,
            description = "Offered rates of (c) the step load on the full loop (default: ${DEFAULT-VALUE}; empty to "
                + "skip); stops once under 80%% of a step's orders complete per second.")
        RateList stepRates;

        @Option(names = "--gateway-step-rates", paramLabel = "r1,r2,...", defaultValue = "5000,10000,20000,30000",
            converter = RateList.Converter.class,
            description = "Offered rates of (d) the step load on broker session -> gateway -> core with the core's "
                + "Aeron auto-fill venue instead of the FIX venue (default: ${DEFAULT-VALUE}; empty to skip).")
        RateList gatewayStepRates;

        @Option(names = "--step-seconds", paramLabel = "<s>", defaultValue = "5",
            converter = CommandLines.WholeNumber.class,
            description = "Seconds per step (default: ${DEFAULT-VALUE}).")
        long stepSeconds;

        @Option(names = "--agent-max-park-us", paramLabel = "<n>", defaultValue = "0",
            converter = CommandLines.WholeNumber.class,
            description = "Experiment: the core agent and the gateway agents use a backoff that parks at most this "
                + "long; the driver and the venue engine keep --idle (default: ${DEFAULT-VALUE} = off). To set every "
                + "agent's backoff (driver, venue engine and load threads too) use "
                + "-Dperegrine.idle.backoff.max.park.ns=<ns>.")
        long agentMaxParkMicros;

        void check()
        {
            if (seconds < 1 || stepSeconds < 1)
            {
                throw new IllegalArgumentException("--seconds and --step-seconds must be at least 1");
            }
            if (warmup < 0)
            {
                throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
            }
            if (rates.rates().length == 0)
            {
                throw new IllegalArgumentException("--rates must name at least one rate");
            }
            for (final RateList list : new RateList[]{ rates, stepRates, gatewayStepRates })
            {
                for (final long rate : list.rates())
                {
                    if (rate > LoopOptions.MAX_RATE)
                    {
                        throw new IllegalArgumentException("rates must be 1 to " + LoopOptions.MAX_RATE + ", got "
                            + rate);
                    }
                }
            }
        }
    }
}
