package io.peregrine.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * The outputs of a real, short {@code ./scripts/run.sh bench-suite --quick} run, kept as measured results in
 * {@code perf-reports/results/2026-12-06-bench-suite-quick/} (JMH JSON of the codec, risk, pipeline and book groups,
 * the core-only, raw-echo and FIX-loop histogram logs, the step-load CSVs and machine.json; the IPC JSON is left out
 * for size), and a way to run the tool and capture what it prints. Tests run with the module folder as working
 * directory (surefire's default), so the results are read where they are kept: they stay readable by the tool.
 */
final class RealRun
{
    private RealRun()
    {
    }

    /** @return the folder of the real run's files. */
    static Path dir()
    {
        final Path dir = Paths.get("results", "2026-12-06-bench-suite-quick");
        if (!Files.isRegularFile(dir.resolve("machine.json")))
        {
            throw new IllegalStateException("the real run's files are not at " + dir.toAbsolutePath()
                + ": run the tests from the perf-reports module folder (what Maven does)");
        }
        return dir;
    }

    /**
     * @param suffix end of the file name, e.g. {@code -echo-1000.hlog}.
     * @return the one file of the real run whose name ends so.
     */
    static Path file(final String suffix) throws IOException
    {
        try (Stream<Path> files = Files.list(dir()))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no real-run file ending " + suffix));
        }
    }

    /**
     * @param prefix start of the file name, e.g. {@code loadrun-}.
     * @return the one file of the real run whose name starts so.
     */
    static Path fileStarting(final String prefix) throws IOException
    {
        try (Stream<Path> files = Files.list(dir()))
        {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no real-run file starting " + prefix));
        }
    }

    /**
     * @param into a folder.
     * @return it, holding a copy of every file of the real run.
     */
    static Path copy(final Path into) throws IOException
    {
        Files.createDirectories(into);
        try (Stream<Path> files = Files.list(dir()))
        {
            for (final Path file : files.toList())
            {
                Files.copy(file, into.resolve(file.getFileName()));
            }
        }
        return into;
    }

    /** What one run of the tool returned and printed. */
    record Outcome(int status, String out, String err)
    {
    }

    static Outcome runTool(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = PerfReport.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
