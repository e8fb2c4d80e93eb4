package io.peregrine.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report of a real short bench-suite run (files in perf-reports/results/2026-12-06-bench-suite-quick/). */
@Timeout(60)
class RealRunReportTest
{
    @TempDir
    Path dir;

    @Test
    void putsTheMachineAndTheRatioTableFirst() throws Exception
    {
        final String markdown = report("log").markdown;

        final int machine = markdown.indexOf("## Machine and settings");
        final int ratios = markdown.indexOf("## Peregrine vs baseline (same run)");
        final int latencies = markdown.indexOf("## Latency percentiles");
        assertTrue(machine > 0 && ratios > machine && latencies > ratios, markdown);
        for (final String key : new String[]{ "| cpu |", "| cores |", "| load average at start |", "| jdk |",
            "| jvm flags", "| idle strategy |", "| driver threading mode |", "| git commit |" })
        {
            assertTrue(markdown.contains(key), key + " in\n" + markdown);
        }
        assertTrue(markdown.contains("| core pipeline, one order's life vs the benchmark harness alone | avgt score "
            + "as ns/op |"), markdown);
        assertTrue(markdown.contains("| core only at a fixed rate vs raw Aeron IPC echo at the same rate | p50 |"),
            markdown);
    }

    @Test
    void ratioOfTheFixLoopToTheBareEchoIsTheirMediansDivided() throws Exception
    {
        final long loop = total(RealRun.file("Z-loop-1000.hlog"), "first-report").getValueAtPercentile(50);
        final long echo = total(RealRun.file("Z-echo-1000.hlog"), "final-report").getValueAtPercentile(50);

        final String markdown = report("log").markdown;

        final Matcher row = Pattern.compile("\\| FIX round trip at 1000/s: full loop to New vs bare QuickFIX/J echo "
            + "\\| p50 \\| ([0-9.,]+) \\| ([0-9.,]+) \\| us \\| ([0-9.]+)x \\|").matcher(markdown);
        assertTrue(row.find(), markdown);
        assertEquals(Format.score(loop / 1000.0), row.group(1));
        assertEquals(Format.score(echo / 1000.0), row.group(2));
        assertEquals(Format.ratio((double)loop / echo), row.group(3) + "x");
    }

    @Test
    void tablesCarryTheNumbersOfTheRealFiles() throws Exception
    {
        final String markdown = report("log").markdown;

        final Histogram roundTrip = total(RealRun.fileStarting("loadrun-"), "round-trip");
        assertTrue(markdown.contains("| core only (IPC -> core -> auto-fill venue) | round-trip | "
            + RealRun.fileStarting("loadrun-").getFileName() + " | " + roundTrip.getTotalCount() + " | "
            + Format.micros(roundTrip.getValueAtPercentile(50) / 1000.0) + " |"), markdown);

        final JsonNode codec = new ObjectMapper().readTree(RealRun.file("jmh-codec.json").toFile());
        assertEquals(4, codec.size());
        for (final JsonNode benchmark : codec)
        {
            final String name = benchmark.get("benchmark").asText().replace("io.peregrine.bench.codec.", "");
            final String score = Format.score(benchmark.get("primaryMetric").get("score").asDouble());
            assertTrue(markdown.contains("| " + name + " |  | avgt | " + score + " |"), name + " " + score);
        }
        assertTrue(markdown.contains("## Step load: full FIX loop, step load"), markdown);
    }

    @Test
    void everyFigureIsNumberedAndNamesItsUnitScaleAndSourceFiles() throws Exception
    {
        final String html = report("log").html;

        final Matcher captions = Pattern.compile("<figcaption>(.*?)</figcaption>").matcher(html);
        int figures = 0;
        while (captions.find())
        {
            figures++;
            final String caption = captions.group(1);
            assertTrue(caption.startsWith("Figure " + figures + ". "), caption);
            assertTrue(caption.contains("microseconds (log scale)"), caption);
            assertTrue(caption.matches(".*Source: .*\\.(hlog|json|csv).*"), caption);
        }
        assertTrue(figures >= 5, "FIX loop, core vs raw echo, steps (2 series), step curves, JMH: " + figures);
        assertEquals(figures, count(html, "<svg "));
        assertTrue(html.contains("latency (us), log scale"), "the latency axis says its unit and scale");
        assertFalse(html.contains("<script"), "no scripts: the report must read offline");
    }

    @Test
    void legendsNameThePathOfEveryCurve() throws Exception
    {
        final String html = report("log").html;

        assertTrue(html.contains(">full FIX loop at 1000/s \u00b7 first-report</text>"), html);
        assertTrue(html.contains(">bare QuickFIX/J echo at 1000/s \u00b7 final-report</text>"), html);
        assertTrue(html.contains(">raw Aeron IPC echo \u00b7 round-trip</text>"), html);
        assertTrue(html.contains(">full FIX loop, step load \u00b7 p99</text>"), html);
        assertTrue(html.contains("throughput (orders completed per second)"), html);
    }

    @Test
    void theLatencyAxisCanBeLinear() throws Exception
    {
        final String html = report("linear").html;

        assertFalse(html.contains("(us), log scale"), "no log latency axis");
        assertTrue(html.contains("latency (us)</text>"), "the linear axis still names its unit");
        assertTrue(html.contains("microseconds (linear scale)"));
    }

    private record Written(String markdown, String html)
    {
    }

    private Written report(final String axis) throws Exception
    {
        final Path out = dir.resolve("out-" + axis);
        final RealRun.Outcome outcome = RealRun.runTool("--out", out.toString(), "--latency-axis", axis,
            RealRun.dir().toString());
        assertEquals(0, outcome.status(), outcome.err());
        return new Written(Files.readString(out.resolve("summary.md")), Files.readString(out.resolve("report.html")));
    }

    private static Histogram total(final Path hlog, final String tag) throws Exception
    {
        final Histogram total = new Histogram(3);
        total.setAutoResize(true);
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null)
        {
            if (tag.equals(((Histogram)interval).getTag()))
            {
                total.add((Histogram)interval);
            }
        }
        reader.close();
        return total;
    }

    private static int count(final String text, final String what)
    {
        int count = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1))
        {
            count++;
        }
        return count;
    }
}
