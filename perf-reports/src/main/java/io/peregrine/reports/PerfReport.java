package io.peregrine.reports;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Command-line tool, two modes:
 * <ul>
 *     <li><b>report</b>: turns HdrHistogram interval logs ({@code .hlog}, e.g. from {@code LoadRun}), JMH JSON results
 *     ({@code -rf json -rff x.json}), step-load CSVs and a {@code machine.json} into {@code report.html} (tables +
 *     inline SVG figures, no scripts, readable offline) and {@code summary.md} (the same tables in markdown);</li>
 *     <li><b>{@code --compare BASELINE_DIR CANDIDATE_DIR}</b>: every metric of both runs side by side with the change
 *     in percent and a mark where the candidate is worse beyond the baseline's noise ({@link RunComparison});
 *     prints the table, writes {@code comparison.md}, and exits 3 when something regressed, for CI.</li>
 * </ul>
 * Options are parsed by picocli. Runs on the caller's thread; allocates freely (it is an edge tool).
 */
@Command(
    name = "perf-reports",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Report: HdrHistogram logs (.hlog), JMH JSON, step-load CSVs and machine.json -> <out>/report.html "
            + "(tables + SVG figures) and <out>/summary.md.",
        "Compare: --compare BASELINE_DIR CANDIDATE_DIR -> every metric side by side, change in percent, "
            + "REGRESSION where worse beyond the baseline's noise; writes <out>/comparison.md." },
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {
        "0:success; with --compare: no regression beyond noise",
        "1:an input cannot be read or is not what its name says",
        "2:bad usage",
        "3:--compare found at least one regression beyond noise" })
public final class PerfReport implements Callable<Integer>
{
    /** Output folder when {@code --out} is not given. */
    public static final String DEFAULT_OUT = "target/perf-report";
    /** Exit status of {@code --compare} when a metric regressed beyond noise. */
    public static final int EXIT_REGRESSION = 3;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = DEFAULT_OUT,
        description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path outDir;

    @Option(names = "--title", paramLabel = "<text>", defaultValue = "Peregrine performance report",
        description = "Heading of the report (default: ${DEFAULT-VALUE}).")
    private String title;

    @Option(names = "--hlog-unit", paramLabel = "ns|us", defaultValue = "ns",
        description = "Unit of the values recorded in .hlog files (default: ${DEFAULT-VALUE}; Peregrine records ns).")
    private String hlogUnit;

    @Option(names = "--latency-axis", paramLabel = "log|linear", defaultValue = "log",
        description = "Scale of the latency axis of every figure (default: ${DEFAULT-VALUE}).")
    private String latencyAxis;

    @Option(names = "--compare", arity = "2", paramLabel = "DIR",
        description = "Compare BASELINE_DIR with CANDIDATE_DIR instead of writing a report. A folder holds one run, "
            + "or repeated runs as sub-folders (their spread counts as noise).")
    private List<Path> compare;

    @Option(names = "--min-change", paramLabel = "<percent>", defaultValue = "5",
        description = "With --compare: smallest change that can count as a regression, even when the baseline's "
            + "noise is smaller (default: ${DEFAULT-VALUE}).")
    private double minChangePercent;

    @Parameters(paramLabel = "INPUT", arity = "0..*",
        description = "Report inputs: .hlog, JMH .json, *steps*.csv and machine.json files, or folders "
            + "(every such file directly inside).")
    private List<Path> inputs = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    private PrintWriter out;

    private PerfReport()
    {
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        final int status = run(args, System.out, System.err);
        if (status != 0)
        {
            System.exit(status);
        }
    }

    /**
     * Runs the tool without exiting the JVM.
     *
     * @param args command-line arguments.
     * @param out  where results and help go.
     * @param err  where errors and usage on bad arguments go.
     * @return process exit status: 0 on success, 1 on bad input, 2 on bad usage, 3 on a regression.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final PerfReport tool = new PerfReport();
        final PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        final PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        tool.out = outWriter;
        final CommandLine commandLine = new CommandLine(tool)
            .setOut(outWriter)
            .setErr(errWriter)
            .setExecutionExceptionHandler((ex, cmd, parseResult) ->
            {
                cmd.getErr().println("perf-reports: " + ex.getMessage());
                return 1;
            });
        final int status = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return status;
    }

    @Override
    public Integer call() throws IOException
    {
        final double nanosPerValue = switch (hlogUnit)
        {
            case "ns" -> 1.0;
            case "us" -> 1000.0;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                "--hlog-unit is ns or us, got '" + hlogUnit + "'");
        };
        if (!latencyAxis.equals("log") && !latencyAxis.equals("linear"))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--latency-axis is log or linear, got '" + latencyAxis + "'");
        }
        if (minChangePercent < 0 || Double.isNaN(minChangePercent))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--min-change is a percentage of 0 or more, got " + minChangePercent);
        }
        if (null != compare)
        {
            if (!inputs.isEmpty())
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--compare takes its two folders only, no other inputs");
            }
            return compare(compare.get(0), compare.get(1), nanosPerValue);
        }
        if (inputs.isEmpty())
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "no input files");
        }

        final RunData run = RunData.read(inputs, nanosPerValue);
        final ReportDocument document = new ReportDocument(title, Instant.now(), run, latencyAxis.equals("log"));
        Files.createDirectories(outDir);
        final Path html = outDir.resolve("report.html");
        final Path markdown = outDir.resolve("summary.md");
        Files.writeString(html, document.html());
        Files.writeString(markdown, document.markdown());
        out.println("perf-reports: " + run.histograms().size() + " histogram(s), " + run.jmh().size()
            + " JMH result(s), " + run.steps().size() + " step load(s) -> " + html + ", " + markdown);
        return 0;
    }

    private int compare(final Path baselineDir, final Path candidateDir, final double nanosPerValue)
        throws IOException
    {
        final List<RunData> baseline = RunData.readRuns(baselineDir, nanosPerValue);
        final List<RunData> candidate = RunData.readRuns(candidateDir, nanosPerValue);
        final RunComparison comparison = RunComparison.compare(baseline, candidate, minChangePercent);
        final String markdown = comparison.markdown(
            baselineDir + (baseline.size() > 1 ? " (" + baseline.size() + " runs)" : ""),
            candidateDir + (candidate.size() > 1 ? " (" + candidate.size() + " runs)" : ""));
        Files.createDirectories(outDir);
        final Path file = outDir.resolve("comparison.md");
        Files.writeString(file, markdown);
        out.print(markdown);
        out.println();
        out.println("perf-reports: " + comparison.regressions() + " regression(s) beyond noise -> " + file);
        return comparison.regressions() > 0 ? EXIT_REGRESSION : 0;
    }
}
