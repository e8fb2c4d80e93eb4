package io.peregrine.bench.suite;

import io.peregrine.bench.JvmFlags;
import io.peregrine.bench.cli.CommonOptions;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./scripts/run.sh bench-suite [--quick] [--out DIR]}: every measurement of Peregrine beside its baseline, in
 * one go on one machine, then the report.
 * <ol>
 *     <li>{@code machine.json}: CPU, cores, load, JDK, flags, idle strategy, threading mode, git commit;</li>
 *     <li>the JMH suite, one group per JSON file ({@link SuitePlan}): codecs, risk, core pipeline beside the
 *     harness, IPC round trip beside raw Aeron echo and relay, order books beside exchange-core when present;</li>
 *     <li>the fixed-rate runs, each in a child JVM: core only ({@code LoadRun}) beside the raw Aeron echo at the same
 *     rate ({@code RawEchoRun}), the FIX loop beside the bare QuickFIX/J echo with step loads
 *     ({@code FixLoopLatency}); their {@code .hlog} and step-load CSV files;</li>
 *     <li>{@code report.html} and {@code summary.md} by perf-reports, in the same folder.</li>
 * </ol>
 * A step that fails is recorded in {@code machine.json}, the others still run, and the exit status is 1. Runs on
 * the main thread; child processes are waited for with a time limit.
 */
@Command(
    name = "bench-suite",
    sortOptions = false,
    description = {
        "Runs the JMH suite and the fixed-rate runs, each beside its baseline, and writes the JMH JSON, the .hlog "
            + "files, step-load CSVs, machine.json and the report (report.html, summary.md) to one folder.",
        "Compare two runs with: ./scripts/run.sh report --compare BASELINE_DIR CANDIDATE_DIR" },
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {
        "0:every step ran and the report was written",
        "1:a step failed (see machine.json and the step's .txt log)",
        "2:bad arguments, or --out already holds results" })
public final class BenchSuite implements Callable<Integer>
{
    /** Parent of the default output folder, one sub-folder per run named for its start time. */
    public static final String DEFAULT_OUT_PARENT = "target/bench-suite";
    /** Where {@code run.sh} builds the perf-reports jar. */
    public static final String DEFAULT_REPORT_JAR = "perf-reports/target/perf-reports.jar";

    private static final long QUICK_STEP_TIMEOUT_MINUTES = 4;
    private static final long FULL_STEP_TIMEOUT_MINUTES = 30;

    @Mixin
    private CommonOptions common = new CommonOptions();

    @Option(names = "--quick",
        description = "Short first look, under 5 minutes on 2 cores: 1 x 1 s JMH warm-up, 3 x 1 s measured, "
            + "short fixed-rate runs and steps.")
    private boolean quick;

    @Option(names = "--out", paramLabel = "<dir>",
        description = "Output folder; must be new or empty (default: " + DEFAULT_OUT_PARENT + "/<UTC start time>).")
    private Path out;

    @Option(names = "--report-jar", paramLabel = "<file>", defaultValue = DEFAULT_REPORT_JAR,
        description = "The perf-reports jar that writes the report (default: ${DEFAULT-VALUE}).")
    private Path reportJar;

    @Option(names = "--repeat", paramLabel = "<n>", defaultValue = "1",
        description = "Run the whole suite n times, into run-1/ ... run-n/ under --out, each with its report "
            + "(default: ${DEFAULT-VALUE}). A folder of repeats is what --compare takes as a baseline whose "
            + "run-to-run noise it measures.")
    private int repeat;

    @Option(names = "--dry-run", description = "Print what would run, run nothing.")
    private boolean dryRun;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private PrintStream console = System.out;
    private Instant suiteStart = Instant.now();

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool without exiting the JVM.
     *
     * @param args command line.
     * @param out  progress and results.
     * @param err  errors.
     * @return exit status (see {@code --help}).
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final BenchSuite suite = new BenchSuite();
        suite.console = out;
        return new CommandLine(suite)
            .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
            .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
            .setExecutionExceptionHandler((ex, cmd, parseResult) ->
            {
                cmd.getErr().println("bench-suite: " + ex.getMessage());
                return 1;
            })
            .execute(args);
    }

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final Instant startedAt = Instant.now();
        suiteStart = startedAt;
        final SuitePlan plan = SuitePlan.of(quick, common.idle);
        final Path dir = null != out ? out :
            Paths.get(DEFAULT_OUT_PARENT, DateTimeFormatter.ISO_INSTANT.format(startedAt.truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS)).replace(':', '-'));
        if (repeat < 1 || repeat > 100)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be 1 to 100, got " + repeat);
        }
        plan.describe().forEach(console::println);
        console.println("output: " + dir.toAbsolutePath());
        if (dryRun)
        {
            return 0;
        }
        if (Files.isDirectory(dir))
        {
            try (Stream<Path> entries = Files.list(dir))
            {
                if (entries.findAny().isPresent())
                {
                    throw new CommandLine.ParameterException(spec.commandLine(), dir + " already holds files of "
                        + "an earlier run: give a new or empty --out (or delete that folder)");
                }
            }
        }
        Files.createDirectories(dir);
        boolean failed = false;
        if (repeat == 1)
        {
            failed = !runOnce(plan, dir, startedAt);
        }
        else
        {
            for (int i = 1; i <= repeat; i++)
            {
                console.println("bench-suite: repeat " + i + " of " + repeat);
                failed |= !runOnce(plan, dir.resolve("run-" + i), Instant.now());
            }
        }
        console.printf(Locale.ROOT, "bench-suite: %s in %s -> %s%n", failed ? "FAILED steps (see machine.json)" :
            "done", elapsed(startedAt), repeat == 1 ? dir.resolve("report.html").toAbsolutePath() :
            dir.toAbsolutePath() + "/run-*/report.html");
        console.println("compare with an earlier run: ./scripts/run.sh report --compare <earlier dir> " + dir);
        return failed ? 1 : 0;
    }

    /** @return true when every step of one pass over the plan succeeded. */
    private boolean runOnce(final SuitePlan plan, final Path dir, final Instant startedAt)
        throws IOException, InterruptedException
    {
        Files.createDirectories(dir);
        final MachineDescription machine = new MachineDescription(plan, startedAt);
        machine.write(dir);
        boolean failed = false;
        for (final SuitePlan.JmhGroup group : plan.jmhGroups())
        {
            failed |= !runJmh(plan, group, dir, machine);
            machine.write(dir);
        }
        final long timeout = quick ? QUICK_STEP_TIMEOUT_MINUTES : FULL_STEP_TIMEOUT_MINUTES;
        for (final SuitePlan.FixedRateRun run : plan.fixedRateRuns())
        {
            failed |= !runChild(run, dir, timeout, machine);
            machine.write(dir);
        }
        machine.finish(Instant.now());
        machine.write(dir);
        failed |= !report(dir, machine, startedAt);
        machine.write(dir);
        return !failed;
    }

    private boolean runJmh(
        final SuitePlan plan, final SuitePlan.JmhGroup group, final Path dir, final MachineDescription machine)
    {
        final Instant start = Instant.now();
        final Path json = dir.resolve("jmh-" + group.name() + ".json");
        final Path log = dir.resolve("jmh-" + group.name() + ".txt");
        console.println("[" + elapsed(suiteStart) + "] JMH " + group.name() + ": " + group.what() + " ...");
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .resultFormat(ResultFormatType.JSON)
            .result(json.toString())
            .output(log.toString())
            .addProfiler("gc")
            .shouldFailOnError(true);
        group.includes().forEach(options::include);
        if (plan.quick())
        {
            options.forks(1)
                .warmupIterations(SuitePlan.QUICK_WARMUP_ITERATIONS)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(SuitePlan.QUICK_MEASUREMENT_ITERATIONS)
                .measurementTime(TimeValue.seconds(1));
        }
        try
        {
            final int results = new Runner(options.build()).run().size();
            final String outcome = "ok, " + results + " result(s) in " + elapsed(start) + " -> " + json.getFileName();
            machine.step("jmh-" + group.name(), outcome);
            console.println("  " + outcome);
            return true;
        }
        catch (final NoBenchmarksException ex)
        {
            machine.step("jmh-" + group.name(), "no benchmark in this build matches " + group.includes());
            console.println("  none in this build");
            return true;
        }
        catch (final RunnerException | RuntimeException ex)
        {
            machine.step("jmh-" + group.name(), "FAILED: " + ex.getMessage() + " (see " + log.getFileName() + ")");
            console.println("  FAILED: " + ex.getMessage() + " (see " + log + ")");
            return false;
        }
    }

    private boolean runChild(
        final SuitePlan.FixedRateRun run, final Path dir, final long timeoutMinutes, final MachineDescription machine)
        throws IOException, InterruptedException
    {
        final Instant start = Instant.now();
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.ALL);
        command.addAll(passedOnProperties());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(run.mainClass());
        command.addAll(run.arguments());
        command.add("--out");
        command.add(dir.toString());
        console.println("[" + elapsed(suiteStart) + "] " + run.name() + ": " + run.what() + " ...");
        final String outcome = runLogged(command, dir.resolve(run.name() + ".txt"), timeoutMinutes);
        machine.step(run.name(), outcome + " in " + elapsed(start));
        console.println("  " + run.name() + ": " + outcome);
        return outcome.startsWith("ok");
    }

    private boolean report(final Path dir, final MachineDescription machine, final Instant suiteStart)
        throws IOException, InterruptedException
    {
        if (!Files.isRegularFile(reportJar))
        {
            final String outcome = "FAILED: no " + reportJar + " (build it: mvn -B -q -DskipTests package)";
            machine.step("report", outcome);
            console.println(outcome);
            return false;
        }
        final List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", reportJar.toString(), "--out", dir.toString(),
            "--title", "Peregrine bench suite (" + (quick ? "quick" : "full") + "), " + suiteStart, dir.toString());
        final String outcome = runLogged(command, dir.resolve("report.txt"), 5);
        machine.step("report", outcome);
        return outcome.startsWith("ok");
    }

    /** Runs a child process, copying its output line by line to the console and to a log file. */
    private String runLogged(final List<String> command, final Path logFile, final long timeoutMinutes)
        throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final Thread copier = new Thread(() ->
        {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    log.write(line);
                    log.write(System.lineSeparator());
                    console.println("    " + line);
                }
            }
            catch (final IOException ex)
            {
                console.println("    (output copy stopped: " + ex.getMessage() + ")");
            }
        }, "bench-suite-output");
        copier.setDaemon(true);
        copier.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES))
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            copier.join(TimeUnit.SECONDS.toMillis(5));
            return "FAILED: still running after " + timeoutMinutes + " min, killed";
        }
        copier.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue() == 0 ? "ok" : "FAILED (exit " + process.exitValue() + ", see " +
            logFile.getFileName() + ")";
    }

    /** The settings a user gave this JVM with -D (e.g. the backoff max park) also apply to the child runs. */
    private static List<String> passedOnProperties()
    {
        final List<String> properties = new ArrayList<>();
        for (final String argument : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("-Dperegrine.") || argument.startsWith("-Daeron."))
            {
                properties.add(argument);
            }
        }
        return properties;
    }

    private static String elapsed(final Instant since)
    {
        final Duration elapsed = Duration.between(since, Instant.now());
        return String.format(Locale.ROOT, "%d:%02d", elapsed.toMinutes(), elapsed.toSecondsPart());
    }
}
