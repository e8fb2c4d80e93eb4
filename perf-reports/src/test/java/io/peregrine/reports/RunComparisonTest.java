package io.peregrine.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison on a bench-suite run's files ({@link SuiteRun}): the baseline is the run, the candidate the same
 * files with every value of one source made 30% or 2% worse (or better).
 */
@Timeout(60)
class RunComparisonTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIX_LOOP_P50 = "fixloop-loop-1000 first-report p50";
    private static final String CORE_INGRESS_P50 = "loadrun core-ingress p50";

    @TempDir
    Path dir;

    @Test
    void flagsAThirtyPercentRegressionAndExitsThreeForCi() throws Exception
    {
        final Path baseline = SuiteRun.write(dir.resolve("baseline"));
        final Path candidate = SuiteRun.write(dir.resolve("candidate"));
        scaleHlog(candidate, "Z-loop-1000.hlog", 1.30);
        scaleHlog(candidate, "loadrun-", 1.30);

        final RunComparison comparison = compare(baseline, candidate);
        assertTrue(row(comparison, FIX_LOOP_P50).baseline().noisePercent() < 20,
            "precondition: the FIX loop p50 is known to within 20%");
        assertTrue(row(comparison, CORE_INGRESS_P50).baseline().noisePercent() < 20,
            "precondition: the core ingress p50 is known to within 20%");

        assertEquals(RunComparison.Verdict.REGRESSION, row(comparison, FIX_LOOP_P50).verdict());
        assertEquals(30.0, row(comparison, FIX_LOOP_P50).changePercent(), 0.2);
        assertEquals(RunComparison.Verdict.REGRESSION, row(comparison, CORE_INGRESS_P50).verdict());
        assertEquals(RunComparison.Verdict.WITHIN_NOISE,
            row(comparison, "SbeCodecBenchmark.decodeNewOrder avgt").verdict(), "untouched metrics stay put");

        final SuiteRun.Outcome outcome = SuiteRun.runTool("--out", dir.resolve("out").toString(), "--compare",
            baseline.toString(), candidate.toString());
        assertEquals(PerfReport.EXIT_REGRESSION, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("**REGRESSION**"), outcome.out());
        assertTrue(outcome.out().contains("+30.0%"), outcome.out());
        assertTrue(Files.readString(dir.resolve("out/comparison.md")).contains("| " + FIX_LOOP_P50 + " |"));
    }

    @Test
    void aTwoPercentChangeIsWithinNoiseAndExitsZero() throws Exception
    {
        final Path baseline = SuiteRun.write(dir.resolve("baseline"));
        final Path candidate = SuiteRun.write(dir.resolve("candidate"));
        for (final String json : new String[]{ "jmh-codec.json", "jmh-pipeline.json", "jmh-book.json" })
        {
            scaleJmh(candidate.resolve(json), 1.02);
        }
        scaleHlog(candidate, "Z-loop-1000.hlog", 1.02);
        scaleHlog(candidate, "loadrun-", 1.02);

        final RunComparison comparison = compare(baseline, candidate);

        assertEquals(0, comparison.regressions(), comparison.markdown("b", "c"));
        assertEquals(RunComparison.Verdict.WITHIN_NOISE, row(comparison, FIX_LOOP_P50).verdict());
        assertEquals(2.0, row(comparison, FIX_LOOP_P50).changePercent(), 0.2);
        assertEquals(2.0, row(comparison, "SbeCodecBenchmark.decodeNewOrder avgt").changePercent(), 0.01);
        assertEquals(RunComparison.Verdict.WITHIN_NOISE, row(comparison, CORE_INGRESS_P50).verdict());
        final SuiteRun.Outcome outcome = SuiteRun.runTool("--out", dir.resolve("out").toString(), "--compare",
            baseline.toString(), candidate.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("0 regression(s) beyond noise"), outcome.out());
    }

    @Test
    void aThirtyPercentGainIsMarkedImprovedNotRegressed() throws Exception
    {
        final Path baseline = SuiteRun.write(dir.resolve("baseline"));
        final Path candidate = SuiteRun.write(dir.resolve("candidate"));
        scaleHlog(candidate, "Z-loop-1000.hlog", 0.70);

        final RunComparison comparison = compare(baseline, candidate);

        assertEquals(RunComparison.Verdict.IMPROVED, row(comparison, FIX_LOOP_P50).verdict());
        assertEquals(0, comparison.regressions());
    }

    @Test
    void theSameRunComparedWithItselfHasNoChange() throws Exception
    {
        final Path run = SuiteRun.write(dir.resolve("run"));
        final RunComparison comparison = compare(run, run);

        assertTrue(comparison.rows().size() > 20, "JMH scores and histogram percentiles of the run");
        for (final RunComparison.Row row : comparison.rows())
        {
            assertEquals(RunComparison.Verdict.WITHIN_NOISE, row.verdict(), row.toString());
        }
    }

    @Test
    void aJmhScoreThirtyPercentSlowerIsARegressionAndTwoPercentIsNot()
    {
        // a JMH score known to +-3% (its 99.9% error)
        final List<RunData> baseline = List.of(run(jmh("Codec.decode", "avgt", 100, 3)));

        final RunComparison slower = RunComparison.compare(baseline, List.of(run(jmh("Codec.decode", "avgt", 130, 3))),
            RunComparison.DEFAULT_MIN_CHANGE_PERCENT);
        final RunComparison wobble = RunComparison.compare(baseline, List.of(run(jmh("Codec.decode", "avgt", 102, 3))),
            RunComparison.DEFAULT_MIN_CHANGE_PERCENT);

        assertEquals(RunComparison.Verdict.REGRESSION, slower.rows().get(0).verdict());
        assertEquals(RunComparison.Verdict.WITHIN_NOISE, wobble.rows().get(0).verdict());
        assertEquals(5.0, wobble.rows().get(0).thresholdPercent(), 1e-9, "the floor, above the 3% error");
    }

    @Test
    void aChangeInsideALargeBaselineErrorIsNotARegression()
    {
        final RunComparison comparison = RunComparison.compare(List.of(run(jmh("Codec.decode", "avgt", 100, 40))),
            List.of(run(jmh("Codec.decode", "avgt", 130, 3))), RunComparison.DEFAULT_MIN_CHANGE_PERCENT);

        assertEquals(RunComparison.Verdict.WITHIN_NOISE, comparison.rows().get(0).verdict());
        assertEquals(40.0, comparison.rows().get(0).thresholdPercent(), 1e-9);
    }

    @Test
    void throughputIsWorseWhenItFalls()
    {
        final RunComparison comparison = RunComparison.compare(
            List.of(run(jmh("Book.mixedThroughput", "thrpt", 1_000_000, 10_000))),
            List.of(run(jmh("Book.mixedThroughput", "thrpt", 700_000, 10_000))), 5);

        assertEquals(RunComparison.Verdict.REGRESSION, comparison.rows().get(0).verdict());
    }

    @Test
    void repeatedBaselineRunsWidenTheNoiseByTheirSpread() throws Exception
    {
        // three repeats at 100, 120, 80 ns with tiny JMH errors: their spread, not the errors, is the noise
        final List<RunData> repeats = List.of(run(jmh("X.y", "avgt", 100, 0.1)), run(jmh("X.y", "avgt", 120, 0.1)),
            run(jmh("X.y", "avgt", 80, 0.1)));
        final RunComparison comparison = RunComparison.compare(repeats, List.of(run(jmh("X.y", "avgt", 130, 0.1))), 5);
        final RunComparison beyond = RunComparison.compare(repeats, List.of(run(jmh("X.y", "avgt", 145, 0.1))), 5);

        final RunComparison.Row row = comparison.rows().get(0);
        assertEquals(100, row.baseline().value(), 1e-9);
        assertEquals(40.0, row.baseline().noisePercent(), 1e-9, "range of the repeats over their mean");
        assertEquals("3 repeats", row.baseline().noiseSource());
        assertEquals(RunComparison.Verdict.REGRESSION, beyond.rows().get(0).verdict(), "45% slower is beyond it");
        assertEquals(RunComparison.Verdict.WITHIN_NOISE, row.verdict());
    }

    @Test
    void repeatedRunsAreReadFromSubFolders() throws Exception
    {
        SuiteRun.write(dir.resolve("base/run-a"));
        SuiteRun.write(dir.resolve("base/run-b"));

        final List<RunData> runs = RunData.readRuns(dir.resolve("base"), 1.0);

        assertEquals(2, runs.size());
        assertEquals("run-a", runs.get(0).name());
    }

    @Test
    void metricsOnlyOneSideHasAreListedNotFailed() throws Exception
    {
        final RunComparison comparison = RunComparison.compare(
            List.of(run(jmh("A.gone", "avgt", 10, 0.1))), List.of(run(jmh("B.added", "avgt", 10, 0.1))), 5);

        assertEquals(RunComparison.Verdict.MISSING, comparison.rows().get(0).verdict());
        assertEquals(RunComparison.Verdict.NEW, comparison.rows().get(1).verdict());
        assertEquals(0, comparison.regressions());
    }

    private static RunComparison compare(final Path baseline, final Path candidate) throws IOException
    {
        return RunComparison.compare(RunData.readRuns(baseline, 1.0), RunData.readRuns(candidate, 1.0),
            RunComparison.DEFAULT_MIN_CHANGE_PERCENT);
    }

    private static RunComparison.Row row(final RunComparison comparison, final String key)
    {
        return comparison.rows().stream()
            .filter(r -> null != r.baseline() && r.baseline().key().equals(key))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no metric " + key + " in\n" + comparison.markdown("b", "c")));
    }

    private static RunData run(final JmhResult result)
    {
        return new RunData("r", List.of(), List.of(result), List.of(), null);
    }

    private static JmhResult jmh(final String benchmark, final String mode, final double score, final double error)
    {
        return new JmhResult(benchmark, "", mode, score, error, "thrpt".equals(mode) ? "ops/s" : "ns/op", Double.NaN,
            List.of(), "synthetic.json", null);
    }

    /** Multiplies every score, error, percentile and raw sample of a JMH JSON file by {@code factor}. */
    static void scaleJmh(final Path json, final double factor) throws IOException
    {
        final JsonNode root = JSON.readTree(json.toFile());
        for (final JsonNode entry : root)
        {
            final ObjectNode primary = (ObjectNode)entry.get("primaryMetric");
            primary.put("score", primary.get("score").asDouble() * factor);
            if (primary.get("scoreError").isNumber())
            {
                primary.put("scoreError", primary.get("scoreError").asDouble() * factor);
            }
            scaleNumbers(primary.get("scoreConfidence"), factor);
            final Iterator<Map.Entry<String, JsonNode>> percentiles = primary.get("scorePercentiles").properties().iterator();
            while (percentiles.hasNext())
            {
                final Map.Entry<String, JsonNode> p = percentiles.next();
                p.setValue(DoubleNode.valueOf(p.getValue().asDouble() * factor));
            }
            for (final JsonNode fork : primary.path("rawData"))
            {
                scaleNumbers(fork, factor);
            }
            for (final JsonNode fork : primary.path("rawDataHistogram"))
            {
                for (final JsonNode iteration : fork)
                {
                    for (final JsonNode bucket : iteration)
                    {
                        ((ArrayNode)bucket).set(0, DoubleNode.valueOf(bucket.get(0).asDouble() * factor));
                    }
                }
            }
        }
        JSON.writeValue(json.toFile(), root);
    }

    private static void scaleNumbers(final JsonNode array, final double factor)
    {
        for (int i = 0; i < array.size(); i++)
        {
            ((ArrayNode)array).set(i, DoubleNode.valueOf(array.get(i).asDouble() * factor));
        }
    }

    /** Rewrites the histogram log whose name contains {@code part} with every recorded value times factor. */
    static void scaleHlog(final Path dir, final String part, final double factor) throws IOException
    {
        final Path hlog;
        try (var files = Files.list(dir))
        {
            hlog = files.filter(p -> p.getFileName().toString().contains(part)).findFirst().orElseThrow();
        }
        final Path scaled = dir.resolve("scaled.tmp");
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        final HistogramLogWriter writer = new HistogramLogWriter(scaled.toFile());
        writer.outputLogFormatVersion();
        writer.outputLegend();
        EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null)
        {
            final Histogram original = (Histogram)interval;
            final Histogram copy = new Histogram(3);
            copy.setAutoResize(true);
            for (final HistogramIterationValue v : original.recordedValues())
            {
                copy.recordValueWithCount(Math.round(v.getValueIteratedTo() * factor), v.getCountAtValueIteratedTo());
            }
            copy.setTag(original.getTag());
            copy.setStartTimeStamp(original.getStartTimeStamp());
            copy.setEndTimeStamp(original.getEndTimeStamp());
            writer.outputIntervalHistogram(copy);
        }
        reader.close();
        writer.close();
        Files.move(scaled, hlog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
