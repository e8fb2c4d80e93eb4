package io.peregrine.bench.loop;

import io.peregrine.bench.engine.PathReport;
import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.DirectoryTree;
import io.peregrine.bench.cli.CommandLines;
import io.peregrine.bench.cli.RunArguments;
import io.peregrine.bench.cli.RateList;
import io.peregrine.bench.cli.ToolOptions;
import io.peregrine.bench.load.IdleMode;
import io.peregrine.bench.load.MachineInfo;
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
 * prints the CPU the process used per measured order, per thread group ({@link CpuTimes}), which depends much less
 * than latency on what else runs on the machine.
 * <p>
 * The broker side ({@link LoadClient}) runs by default in a JVM of its own ({@code --load-client child-jvm}), for the
 * echo and the loop alike: a broker is another process, and in this one its sending thread and its QuickFIX/J threads
 * (about 0.4 of a core at 5,000/s) would share the stack's cores, JIT, GC and safepoints, and be measured as part of
 * the loop. The CPU lines are then the stack's alone, followed by the client JVM's. {@code same-jvm} keeps the
 * client here (one CPU group, "load client"), as before. Ports are always ephemeral and data lives in a temp folder
 * deleted at the end, so it runs beside a user's stack or tests.
 * <pre>
 * java $(flags) -cp latency-bench/target/benchmarks.jar io.peregrine.bench.loop.FixLoopLatency \
 *      [--rates 1000,2000,5000] [--seconds 6] [--warmup 3] [--step-rates 2000,5000,10000,15000,20000]
 *      [--gateway-step-rates 5000,10000,20000,30000] [--step-seconds 5] [--idle backoff] [--out target/peregrine-run]
 *      [--load-client child-jvm|same-jvm]
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

    private static final long START_TIMEOUT_MILLIS = 15_000;
    /** A step is sustained when both rates reach this share of the offered rate... */
    private static final double SUSTAINED_SHARE = 0.95;
    /** ...and at most this much time's worth of orders is ever in flight (a growing queue exceeds it). */
    private static final double MAX_BACKLOG_SECONDS = 0.1;
    /** The step load stops once fewer orders than this share of the offered rate complete per second. */
    private static final double GIVE_UP_SHARE = 0.8;

    private FixLoopLatency()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        CommandLines.runAndExit("FixLoopLatency", USAGE, Arguments::parse, args,
            a -> run(a.rates.rates(), a.seconds, a.warmup, a.stepRates.rates(), a.gatewayStepRates.rates(),
                a.stepSeconds, a.run.idle, a.agentMaxParkMicros, a.loadClient, Paths.get(a.run.out), System.out));
    }

    /**
     * Runs (a), (b), (c) and (d) and prints the results.
     *
     * @param loadClient where the broker side runs: in this JVM or a child one (for (a) to (d) alike).
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
        final LoadClient.Where loadClient,
        final Path out,
        final PrintStream print)
    {
        final Supplier<IdleStrategy> agentIdle = agentMaxParkMicros <= 0 ? null :
            () -> new BackoffIdleStrategy(10, 20, 1_000, TimeUnit.MICROSECONDS.toNanos(agentMaxParkMicros));
        final String startedAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        final String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        final Path dataDir = DirectoryTree.createTemp("peregrine-fixloop-");
        print.println("Peregrine FIX loop latency " + startedAt);
        print.println("  machine : " + MachineInfo.describe() + "; load average at start " +
            MachineInfo.loadAverage());
        print.println("  jdk     : " + MachineInfo.jdk());
        print.println("  idle    : --idle " + idle.describe() + (null == agentIdle ? "" : "; core and gateway agents " +
            "backoff parking at most " + agentMaxParkMicros + " us") + "; the load thread parks until each order is " +
            "due; (b) prints what each thread group of the stack really runs with");
        print.printf(Locale.ROOT, "  runs    : rates %s, %d s warm-up + %d s measured each; step rates %s, %d s each%n",
            java.util.Arrays.toString(rates), warmup, seconds, java.util.Arrays.toString(stepRates), stepSeconds);
        print.println("  session : FIX 4.4, FileStore, data dictionary validation, TCP no-delay, no message log; " +
            "orders LIMIT IOC, small, 2 ticks through the market maker's quotes");
        print.println("  client  : " + loadClient.cliName() + (loadClient == LoadClient.Where.CHILD_JVM ?
            " (the broker side runs in a JVM of its own; cpu lines: this process = the stack alone)" :
            " (the broker side runs in this JVM; its threads are the 'load client' cpu group)"));

        final List<PhaseResult> echo = new ArrayList<>();
        final List<PhaseResult> loop = new ArrayList<>();
        try
        {
            Files.createDirectories(out);
            final Outputs outputs = new Outputs(out, startedAt.replace(':', '-'), idle);

            print.println("(a) bare QuickFIX/J echo: NewOrderSingle -> ExecutionReport(New)");
            try (FixEchoAcceptor acceptor = new FixEchoAcceptor(0, FullLoopRun.BROKER_COMP_ID,
                dataDir.resolve("echo")).start();
                LoadClient broker = LoadClient.start(loadClient, acceptor.port(), dataDir.resolve("echo-client"), runId,
                    idle, START_TIMEOUT_MILLIS))
            {
                echo.addAll(measure(broker, outputs, "A" + runId, rates, warmup, seconds, true, "echo", "(a) echo",
                    print));
            }

            print.println("(b) full loop: broker -> gateway -> core -> venue -> broker");
            final String aeronDir = AeronDirs.fresh("fixloop");
            try (LoopStack stack = LoopStack.start(aeronDir, dataDir.resolve("loop"), idle.cliName(), agentIdle,
                0, 0, true, START_TIMEOUT_MILLIS, null);
                LoadClient broker = LoadClient.start(loadClient, stack.brokerPort(), dataDir.resolve("loop-client"),
                    runId, idle, START_TIMEOUT_MILLIS))
            {
                print.println("  idle    : " + String.join(FullLoopRun.IDLE_LINE_BREAK, stack.idleLines()));
                loop.addAll(measure(broker, outputs, "B" + runId, rates, warmup, seconds, false, "loop",
                    "(b) full loop", print));

                if (stepRates.length > 0)
                {
                    print.println("(c) step load, one broker session on the full loop");
                    stepLoad(broker, "C" + runId, stepRates, stepSeconds, print, outputs, "loop",
                        "(c) step load on the full loop");
                }
            }

            if (gatewayStepRates.length > 0)
            {
                print.println("(d) step load, one broker session -> gateway -> core -> auto-fill venue (no venue FIX)");
                try (LoopStack stack = LoopStack.startWithAutoFillVenue(AeronDirs.fresh("fixloop-gw"),
                    dataDir.resolve("gateway-only"), idle.cliName(), 0, START_TIMEOUT_MILLIS);
                    LoadClient broker = LoadClient.start(loadClient, stack.brokerPort(),
                        dataDir.resolve("gateway-only-client"), runId, idle, START_TIMEOUT_MILLIS))
                {
                    // one second at the first rate warms the broker side up
                    broker.run(new PhaseSpec("W" + runId, gatewayStepRates[0], 0, 1, false, null, ""));
                    stepLoad(broker, "D" + runId, gatewayStepRates, stepSeconds, print, outputs, "gateway",
                        "(d) step load on broker -> gateway -> core (auto-fill)");
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
        return echo.stream().allMatch(PhaseResult::complete) && loop.stream().allMatch(PhaseResult::complete);
    }

    /**
     * Runs (a) or (b) at each rate: warm-up, then the measured seconds, logged to the case's HdrHistogram log for that
     * rate; prints each rate's latency (the echo's reply, or the loop's New and Fill) and CPU lines.
     *
     * @param echo     true for (a): the counterparty answers each order once.
     * @param caseName names the logs ({@code fixloop-<start>-<caseName>-<rate>.hlog}) and the CPU lines.
     * @param what     the case in the logs' comments.
     * @return each rate's result, in the order of {@code rates}.
     */
    private static List<PhaseResult> measure(
        final LoadClient broker,
        final Outputs outputs,
        final String phasePrefix,
        final long[] rates,
        final long warmup,
        final long seconds,
        final boolean echo,
        final String caseName,
        final String what,
        final PrintStream print)
    {
        final List<PhaseResult> results = new ArrayList<>();
        for (final long rate : rates)
        {
            final PhaseResult result = broker.run(new PhaseSpec(phasePrefix + "R" + rate, rate, warmup, seconds, echo,
                outputs.file(caseName + "-" + rate + ".hlog"), outputs.comment(what + " at " + rate + "/s")));
            results.add(result);
            final String send = "send " + rateText(result) + ", load " + MachineInfo.loadAverage();
            if (echo)
            {
                PathReport.printLatency(rateLabel(rate, "echo  "), result.finalReport(), send, print);
            }
            else
            {
                PathReport.printLatency(rateLabel(rate, "-> New"), result.firstReport(), send, print);
                PathReport.printLatency(rateLabel(rate, "-> Fill"), result.fillReport(), "fills " + result.fills() +
                    ", partial " + result.partialFills() + ", expired " + result.expired() + ", rejected " +
                    result.rejects(), print);
            }
            print.println("    " + rateLabel(rate, caseName + "  ") + " cpu: " + result.describeCpu());
        }
        return results;
    }

    /** @return {@code <rate>/s <what>}, the rate right-aligned: the start of a line of (a) or (b). */
    private static String rateLabel(final long rate, final String what)
    {
        return String.format(Locale.ROOT, "%,7d/s %s", rate, what);
    }

    /**
     * Runs one step per rate and prints a line per step; writes the steps as CSV (the columns perf-reports plots as
     * throughput against latency, {@code fixloop-<start>-steps-<caseName>.csv}) and each step's distributions as an
     * HdrHistogram log beside it ({@code fixloop-<start>-step-<caseName>-<rate>.hlog}).
     *
     * @param what the step load in the logs' comments.
     */
    private static void stepLoad(
        final LoadClient broker,
        final String phasePrefix,
        final long[] rates,
        final long stepSeconds,
        final PrintStream print,
        final Outputs outputs,
        final String caseName,
        final String what) throws IOException
    {
        final String comment = outputs.comment(what);
        print.println(
            "    offered/s    sent/s    done/s  max in flight   p50 us    p99 us    max us  load   sustained");
        final StringBuilder rows = new StringBuilder(STEPS_CSV_HEADER).append('\n');
        for (final long rate : rates)
        {
            final PhaseResult step = broker.run(new PhaseSpec(phasePrefix + "R" + rate, rate, 0, stepSeconds, false,
                outputs.file("step-" + caseName + "-" + rate + ".hlog"), comment + ", step " + rate + "/s"));
            final boolean sustained = step.complete() &&
                step.sendRate() >= SUSTAINED_SHARE * rate &&
                step.completionRate() >= SUSTAINED_SHARE * rate &&
                step.maxOutstanding() <= Math.max(10, rate * MAX_BACKLOG_SECONDS);
            final Histogram latency = step.finalReport();
            print.println(String.format(Locale.ROOT,
                "    %,9d %9.0f %9.0f %,14d %8s %9s %9s  %-5s  %s", rate, step.sendRate(),
                step.completionRate(), step.maxOutstanding(),
                PathReport.micros(latency.getValueAtPercentile(50)),
                PathReport.micros(latency.getValueAtPercentile(99)), PathReport.micros(latency.getMaxValue()),
                MachineInfo.loadAverage().split(" ")[0], sustained ? "yes" : "NO"));
            rows.append(String.format(Locale.ROOT, "%d,%.1f,%.1f,%d,%.3f,%.3f,%.3f,%.3f,%s%n", rate,
                step.sendRate(), step.completionRate(), step.maxOutstanding(),
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, sustained));
            if (step.completionRate() < GIVE_UP_SHARE * rate)
            {
                // far past capacity: higher steps would only queue up and take long to drain
                break;
            }
        }
        Files.writeString(outputs.file("steps-" + caseName + ".csv"), rows);
    }

    private static String rateText(final PhaseResult result)
    {
        return String.format(Locale.ROOT, "%,.0f/s, done %,.0f/s, max in flight %,d", result.sendRate(),
            result.completionRate(), result.maxOutstanding());
    }

    /**
     * Where one run's files go and how they are labelled.
     *
     * @param out   the {@code --out} folder.
     * @param stamp the run's start time as a file name part.
     * @param idle  the run's idle strategy, named in every log comment.
     */
    private record Outputs(Path out, String stamp, IdleMode idle)
    {
        /** @return {@code fixloop-<stamp>-<name>} in the out folder. */
        Path file(final String name)
        {
            return out.resolve("fixloop-" + stamp + "-" + name);
        }

        /** @return a log's comment: {@code FixLoopLatency <what>}, the machine and the idle strategy. */
        String comment(final String what)
        {
            return "FixLoopLatency " + what + ", " + MachineInfo.describe() + ", idle " + idle.cliName();
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
    static final class Arguments implements ToolOptions
    {
        @Mixin
        RunArguments run = new RunArguments();

        @Option(names = "--rates", paramLabel = "r1,r2", defaultValue = "1000,2000,5000",
            converter = RateList.Converter.class,
            description = "Fixed offered rates of (a) echo and (b) full loop, orders/s (default: ${DEFAULT-VALUE}).")
        RateList rates;

        @Option(names = "--seconds", paramLabel = "<s>", defaultValue = "6",
            description = "Measured seconds per rate (default: ${DEFAULT-VALUE}).")
        long seconds;

        @Option(names = "--warmup", paramLabel = "<s>", defaultValue = "3",
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
            description = "Seconds per step (default: ${DEFAULT-VALUE}).")
        long stepSeconds;

        @Option(names = "--agent-max-park-us", paramLabel = "<n>", defaultValue = "0",
            description = "Experiment: the core agent and the gateway agents use a backoff that parks at most this "
                + "long; the driver and the venue engine keep --idle (default: ${DEFAULT-VALUE} = off). To set every "
                + "agent's backoff (driver, venue engine and load threads too) use "
                + "-Dperegrine.idle.backoff.max.park.ns=<ns>.")
        long agentMaxParkMicros;

        @Option(names = "--load-client", paramLabel = "<where>", defaultValue = "child-jvm",
            converter = LoadClient.Where.Name.class, completionCandidates = LoadClient.Where.Name.class,
            description = "Where the broker side (the load client that sends orders and times reports) runs, for the "
                + "echo and the loop alike: child-jvm (a JVM of its own, with this JVM's options) or same-jvm (in "
                + "this process, sharing its cores, JIT, GC and safepoints with the stack) (default: "
                + "${DEFAULT-VALUE}).")
        LoadClient.Where loadClient;

        /**
         * @param args the command line.
         * @return the arguments, checked unless only the usage was asked for.
         * @throws IllegalArgumentException naming the bad argument.
         */
        static Arguments parse(final String... args)
        {
            final Arguments arguments = new Arguments();
            if (!CommandLines.parse(arguments, args))
            {
                arguments.check();
            }
            return arguments;
        }

        @Override
        public boolean help()
        {
            return run.help;
        }

        private void check()
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
