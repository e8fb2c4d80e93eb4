package io.peregrine.reports;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * A {@code ./scripts/run.sh bench-suite --quick} output folder for the tests, written into a folder of the test's
 * own: the kept JMH JSON, step-load CSVs and machine.json of the real quick run in
 * {@code perf-reports/results/2026-12-06-bench-suite-quick/}, plus the histogram logs of that run's paths (file names
 * and tags as LoadRun, RawEchoRun and FixLoopLatency write them) written here from known recorded values, so the
 * tests can check the exact figures the report must print. Raw logs of runs are not kept in the repository.
 *
 * <p>Every interval of a log holds the same {@link Shape}: 30% of the values at {@code fast}, 58% at {@code typical},
 * 11.5% at {@code slow} and 0.5% at {@code slowest}, so p50 is {@code typical}, p90 and p99 are {@code slow}, p99.9,
 * p99.99 and the maximum are {@code slowest}. Each value is the highest of its HdrHistogram bucket (3 significant
 * digits), so the percentiles read back are exactly these numbers (checked when the log is written).
 */
final class SuiteRun
{
    /** Nanoseconds; recorded per interval in 0.3 / 0.58 / 0.115 / 0.005 parts of the interval's rate. */
    record Shape(long fast, long typical, long slow, long slowest)
    {
        /** Shifted powers of two: distinct, each the top of its bucket; for logs whose exact figures no test reads. */
        static Shape powersOfTwo(final int fastExponent)
        {
            return new Shape((1L << fastExponent) - 1, (1L << fastExponent + 1) - 1, (1L << fastExponent + 3) - 1,
                (1L << fastExponent + 5) - 1);
        }
    }

    static final String LOADRUN = "loadrun-2026-12-06T02-26-46.622479385Z.hlog";
    static final String RAWECHO = "rawecho-2026-12-06T02-26-53.937169565Z.hlog";
    private static final String FIXLOOP = "fixloop-2026-12-06T02-27-00.991222046Z-";
    static final String FIX_ECHO = FIXLOOP + "echo-1000.hlog";
    static final String FIX_LOOP = FIXLOOP + "loop-1000.hlog";

    /** LoadRun at 10,000/s for 5 intervals: round trips, and the core's totals (one interval each). */
    static final Shape LOADRUN_ROUND_TRIP = new Shape(9_215, 20_479, 81_919, 1_048_575);
    static final Shape LOADRUN_FROM_SEND = new Shape(8_191, 16_383, 65_535, 524_287);
    static final Shape CORE_INGRESS = new Shape(1_023, 1_499, 8_191, 65_535);
    static final Shape CORE_VENUE_IN = new Shape(255, 511, 4_095, 32_767);
    /** RawEchoRun at the same rate and length. */
    static final Shape RAWECHO_ROUND_TRIP = new Shape(4_095, 10_239, 40_959, 262_143);
    static final Shape RAWECHO_FROM_SEND = new Shape(2_047, 6_143, 20_479, 131_071);
    /** FixLoopLatency's bare QuickFIX/J echo and full loop at 1,000/s for 4 intervals; the echo has no fills. */
    static final Shape ECHO_REPORT = new Shape(131_071, 255_999, 1_023_999, 4_194_303);
    static final Shape ECHO_FROM_SEND = new Shape(98_303, 204_799, 819_199, 2_097_151);
    static final Shape LOOP_FIRST_REPORT = new Shape(262_143, 767_999, 3_071_999, 16_777_215);
    static final Shape LOOP_FINAL_REPORT = new Shape(327_679, 819_199, 3_276_799, 16_777_215);
    static final Shape LOOP_FROM_SEND = new Shape(196_607, 511_999, 2_047_999, 8_388_607);

    private static final String[] FIX_TAGS = { "first-report", "final-report", "fill", "final-from-send" };
    private static final long START_MS = 1_796_524_008_000L;

    private SuiteRun()
    {
    }

    /** @return the kept files of the real quick run (JMH JSON, step-load CSVs, machine.json). */
    static Path keptDir()
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
     * @param into a folder (created if missing).
     * @return it, holding the kept files of the real run and the histogram logs written from the known shapes.
     */
    static Path write(final Path into) throws IOException
    {
        Files.createDirectories(into);
        try (Stream<Path> files = Files.list(keptDir()))
        {
            for (final Path file : files.toList())
            {
                // a local regeneration may have left logs there (git ignores them): the tests use their own
                if (!file.getFileName().toString().endsWith(".hlog"))
                {
                    Files.copy(file, into.resolve(file.getFileName()));
                }
            }
        }
        try (Log log = new Log(into.resolve(LOADRUN)))
        {
            log.intervals(5, 10_000, "round-trip", LOADRUN_ROUND_TRIP, "round-trip-from-send", LOADRUN_FROM_SEND);
            log.intervals(1, 50_000, "core-ingress", CORE_INGRESS, "core-venue-in", CORE_VENUE_IN);
        }
        try (Log log = new Log(into.resolve(RAWECHO)))
        {
            log.intervals(5, 10_000, "round-trip", RAWECHO_ROUND_TRIP, "round-trip-from-send", RAWECHO_FROM_SEND);
        }
        try (Log log = new Log(into.resolve(FIX_ECHO)))
        {
            log.intervals(4, 1_000, FIX_TAGS[0], ECHO_REPORT, FIX_TAGS[1], ECHO_REPORT, FIX_TAGS[2], null,
                FIX_TAGS[3], ECHO_FROM_SEND);
        }
        try (Log log = new Log(into.resolve(FIX_LOOP)))
        {
            log.intervals(4, 1_000, FIX_TAGS[0], LOOP_FIRST_REPORT, FIX_TAGS[1], LOOP_FINAL_REPORT, FIX_TAGS[2],
                LOOP_FINAL_REPORT, FIX_TAGS[3], LOOP_FROM_SEND);
        }
        step(into, "loop", 1_000, 18);
        step(into, "loop", 2_000, 19);
        step(into, "loop", 4_000, 22);
        step(into, "gateway", 2_000, 17);
        step(into, "gateway", 4_000, 17);
        step(into, "gateway", 8_000, 18);
        return into;
    }

    /** A step of FixLoopLatency's step load: 2 one-second intervals at the step's rate, every tag alike. */
    private static void step(final Path into, final String path, final int rate, final int fastExponent)
        throws IOException
    {
        final Shape shape = Shape.powersOfTwo(fastExponent);
        try (Log log = new Log(into.resolve(FIXLOOP + "step-" + path + "-" + rate + ".hlog")))
        {
            log.intervals(2, rate, FIX_TAGS[0], shape, FIX_TAGS[1], shape, FIX_TAGS[2], shape, FIX_TAGS[3], shape);
        }
    }

    /**
     * @param dir    a folder written by {@link #write}.
     * @param suffix end of the file name, e.g. {@code -echo-1000.hlog}.
     * @return the one file in it whose name ends so.
     */
    static Path file(final Path dir, final String suffix) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no file ending " + suffix + " in " + dir));
        }
    }

    /** One histogram log being written, one-second intervals from the run's start. */
    private static final class Log implements AutoCloseable
    {
        private final HistogramLogWriter writer;
        private long intervalStartMs = START_MS;

        Log(final Path file) throws IOException
        {
            writer = new HistogramLogWriter(file.toFile());
            writer.outputComment("written by perf-reports' tests from known values (SuiteRun)");
            writer.outputLogFormatVersion();
            writer.outputStartTime(START_MS);
            writer.setBaseTime(START_MS);
            writer.outputLegend();
        }

        /**
         * @param count       how many one-second intervals.
         * @param perInterval values recorded per interval and tag (a multiple of 1,000).
         * @param tagsShapes  tag, shape, tag, shape...; a null shape is an empty interval (a tag with no values).
         */
        void intervals(final int count, final int perInterval, final Object... tagsShapes)
        {
            for (int i = 0; i < count; i++)
            {
                for (int t = 0; t < tagsShapes.length; t += 2)
                {
                    final Histogram interval = new Histogram(3);
                    interval.setAutoResize(true);
                    final Shape shape = (Shape)tagsShapes[t + 1];
                    if (null != shape)
                    {
                        record(interval, shape.fast(), perInterval * 300L / 1000);
                        record(interval, shape.typical(), perInterval * 580L / 1000);
                        record(interval, shape.slow(), perInterval * 115L / 1000);
                        record(interval, shape.slowest(), perInterval * 5L / 1000);
                    }
                    interval.setTag((String)tagsShapes[t]);
                    interval.setStartTimeStamp(intervalStartMs);
                    interval.setEndTimeStamp(intervalStartMs + 1_000);
                    writer.outputIntervalHistogram(interval);
                }
                intervalStartMs += 1_000;
            }
        }

        private static void record(final Histogram histogram, final long value, final long times)
        {
            if (histogram.highestEquivalentValue(value) != value)
            {
                throw new IllegalStateException(value + " is not the top of its bucket: it would read back as "
                    + histogram.highestEquivalentValue(value));
            }
            histogram.recordValueWithCount(value, times);
        }

        @Override
        public void close()
        {
            writer.close();
        }
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
