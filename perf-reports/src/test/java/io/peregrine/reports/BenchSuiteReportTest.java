package io.peregrine.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * The report of a bench-suite run: the kept JMH JSON, step-load CSVs and machine.json of a real quick run, and
 * histogram logs written from known values ({@link SuiteRun}), whose percentiles the report must print exactly.
 */
@Timeout(60)
class BenchSuiteReportTest
{
    @TempDir
    Path dir;
    private Path run;

    @BeforeEach
    void writeRun() throws Exception
    {
        run = SuiteRun.write(dir.resolve("run"));
    }

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
        final String markdown = report("log").markdown;

        // full loop first-report p50 767,999 ns and p99 3,071,999 ns; bare echo final-report 255,999 and 1,023,999
        assertTrue(markdown.contains("| FIX round trip at 1000/s: full loop to New vs bare QuickFIX/J echo | p50 | "
            + "767.999 | 255.999 | us | 3.00x | " + SuiteRun.FIX_LOOP + ", " + SuiteRun.FIX_ECHO + " |"), markdown);
        assertTrue(markdown.contains("| FIX round trip at 1000/s: full loop to New vs bare QuickFIX/J echo | p99 | "
            + "3,072 | 1,024 | us | 3.00x |"), markdown);
        // core-only round-trip p50 20,479 ns and p99 81,919 ns; raw echo 10,239 and 40,959
        assertTrue(markdown.contains("| core only at a fixed rate vs raw Aeron IPC echo at the same rate | p50 | "
            + "20.479 | 10.239 | us | 2.00x | " + SuiteRun.LOADRUN + ", " + SuiteRun.RAWECHO + " |"), markdown);
        assertTrue(markdown.contains("| core only at a fixed rate vs raw Aeron IPC echo at the same rate | p99 | "
            + "81.919 | 40.959 | us | 2.00x |"), markdown);
    }

    @Test
    void tablesCarryTheNumbersOfTheFiles() throws Exception
    {
        final String markdown = report("log").markdown;

        // 5 intervals of 10,000: p50 20,479 ns, p90 and p99 81,919 ns, p99.9 to max 1,048,575 ns
        assertTrue(markdown.contains("| core only (IPC -> core -> auto-fill venue) | round-trip | " + SuiteRun.LOADRUN
            + " | 50000 | 20.5 | 81.9 | 81.9 | 1049 | 1049 | 1049 |"), markdown);
        assertTrue(markdown.contains("| core only (IPC -> core -> auto-fill venue) | core-ingress | " + SuiteRun.LOADRUN
            + " | 50000 | 1.50 | 8.19 | 8.19 | 65.5 | 65.5 | 65.5 |"), markdown);
        assertTrue(markdown.contains("| full FIX loop at 1000/s | final-report | " + SuiteRun.FIX_LOOP
            + " | 4000 | 819 | 3277 | 3277 | 16777 | 16777 | 16777 |"), markdown);
        assertTrue(markdown.contains("| bare QuickFIX/J echo at 1000/s | fill | " + SuiteRun.FIX_ECHO
            + " | 0 | n/a | n/a | n/a | n/a | n/a | n/a |"), "a tag with no values: " + markdown);

        final JsonNode codec = new ObjectMapper().readTree(SuiteRun.file(run, "jmh-codec.json").toFile());
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
        final SuiteRun.Outcome outcome = SuiteRun.runTool("--out", out.toString(), "--latency-axis", axis,
            run.toString());
        assertEquals(0, outcome.status(), outcome.err());
        return new Written(Files.readString(out.resolve("summary.md")), Files.readString(out.resolve("report.html")));
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
