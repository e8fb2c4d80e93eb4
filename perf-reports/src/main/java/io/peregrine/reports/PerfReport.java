package io.peregrine.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Command-line tool: turns HdrHistogram interval logs ({@code .hlog}, e.g. from {@code LoadRun}) and JMH JSON
 * results ({@code -rf json -rff x.json}) into {@code report.html} (tables + inline SVG percentile plots, no
 * scripts, readable offline) and {@code summary.md} (the same tables in markdown).
 * <pre>
 * java -cp perf-reports.jar io.peregrine.reports.PerfReport [--out dir] [--title text] [--hlog-unit ns|us]
 *      (file.hlog | file.json | dir)...
 * </pre>
 * A directory argument contributes every {@code .hlog} and {@code .json} file directly inside it. Runs on the
 * caller's thread; allocates freely (it is an edge tool).
 */
public final class PerfReport
{
    /** Output folder when {@code --out} is not given. */
    public static final String DEFAULT_OUT = "target/perf-report";

    private PerfReport()
    {
    }

    /**
     * @param args see the class comment; {@code --help} prints usage.
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
     * @param out  where progress goes.
     * @param err  where usage errors go.
     * @return process exit status: 0 on success, 1 on bad input, 2 on bad usage.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        Path outDir = Paths.get(DEFAULT_OUT);
        String title = "Peregrine performance report";
        double nanosPerValue = 1.0;
        final List<Path> inputs = new ArrayList<>();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--help":
                    case "-h":
                        usage(out);
                        return 0;
                    case "--out":
                        outDir = Paths.get(value(args, ++i, "--out"));
                        break;
                    case "--title":
                        title = value(args, ++i, "--title");
                        break;
                    case "--hlog-unit":
                        final String unit = value(args, ++i, "--hlog-unit");
                        if (!unit.equals("ns") && !unit.equals("us"))
                        {
                            throw new IllegalArgumentException("--hlog-unit is ns or us, got " + unit);
                        }
                        nanosPerValue = unit.equals("ns") ? 1.0 : 1000.0;
                        break;
                    default:
                        if (args[i].startsWith("--"))
                        {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        inputs.add(Paths.get(args[i]));
                }
            }
            if (inputs.isEmpty())
            {
                throw new IllegalArgumentException("no input files");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("PerfReport: " + ex.getMessage());
            usage(err);
            return 2;
        }

        try
        {
            final List<LatencySeries> histograms = new ArrayList<>();
            final List<JmhResult> jmh = new ArrayList<>();
            for (final Path input : expand(inputs))
            {
                final String name = input.getFileName().toString();
                if (name.endsWith(".hlog"))
                {
                    histograms.addAll(HistogramLogSummary.read(input, nanosPerValue));
                }
                else if (name.endsWith(".json"))
                {
                    jmh.addAll(JmhResult.read(input));
                }
                else
                {
                    throw new IllegalArgumentException(input + ": expected a .hlog or .json file");
                }
            }

            final ReportDocument document = new ReportDocument(title, Instant.now(), histograms, jmh);
            Files.createDirectories(outDir);
            final Path html = outDir.resolve("report.html");
            final Path markdown = outDir.resolve("summary.md");
            Files.writeString(html, document.html());
            Files.writeString(markdown, document.markdown());
            out.println("PerfReport: " + histograms.size() + " histogram(s), " + jmh.size() + " JMH result(s) -> "
                + html + ", " + markdown);
            return 0;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            err.println("PerfReport: " + ex.getMessage());
            return 1;
        }
    }

    private static List<Path> expand(final List<Path> inputs) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        for (final Path input : inputs)
        {
            if (Files.isDirectory(input))
            {
                try (Stream<Path> children = Files.list(input))
                {
                    children
                        .filter(p -> p.toString().endsWith(".hlog") || p.toString().endsWith(".json"))
                        .sorted()
                        .forEach(files::add);
                }
            }
            else if (Files.isRegularFile(input))
            {
                files.add(input);
            }
            else
            {
                throw new IOException(input + ": no such file or directory");
            }
        }
        return files;
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static void usage(final PrintStream out)
    {
        out.println("usage: PerfReport [--out dir] [--title text] [--hlog-unit ns|us] (file.hlog|file.json|dir)...");
        out.println("  writes <out>/report.html (tables + SVG percentile plots) and <out>/summary.md");
        out.println("  --out        output folder (default " + DEFAULT_OUT + ")");
        out.println("  --hlog-unit  unit of the values recorded in .hlog files (default ns)");
    }
}
