package io.peregrine.reports;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class PerfReportTest
{
    private static final String SAMPLE_JMH_JSON = "[\n"
        + "  {\n"
        + "    \"jmhVersion\" : \"1.37\",\n"
        + "    \"benchmark\" : \"io.peregrine.bench.codec.SbeCodecBenchmark.decodeNewOrder\",\n"
        + "    \"mode\" : \"avgt\",\n"
        + "    \"params\" : { \"idle\" : \"backoff\" },\n"
        + "    \"primaryMetric\" : { \"score\" : 12.5, \"scoreError\" : 0.25, \"scoreUnit\" : \"ns/op\",\n"
        + "      \"scoreConfidence\" : [ 12.25, 12.75 ], \"rawData\" : [ [ 12.4, 12.6 ] ] },\n"
        + "    \"secondaryMetrics\" : { \"gc.alloc.rate.norm\" : { \"score\" : 1.0E-4, \"scoreError\" : \"NaN\","
        + " \"scoreUnit\" : \"B/op\" } }\n"
        + "  },\n"
        + "  {\n"
        + "    \"benchmark\" : \"io.peregrine.bench.ipc.IpcRoundTripBenchmark.rawEcho\",\n"
        + "    \"mode\" : \"sample\",\n"
        + "    \"primaryMetric\" : { \"score\" : 5.1, \"scoreError\" : \"NaN\", \"scoreUnit\" : \"us/op\",\n"
        + "      \"scorePercentiles\" : { \"0.0\" : 0.5, \"50.0\" : 4.2, \"90.0\" : 6.0, \"95.0\" : 8.0,"
        + " \"99.0\" : 12.0, \"99.9\" : 40.0, \"99.99\" : 95.0, \"100.0\" : 120.0 } },\n"
        + "    \"secondaryMetrics\" : { }\n"
        + "  }\n"
        + "]\n";

    @TempDir
    Path dir;

    @Test
    void reportsPercentilesOfEveryTaggedHistogramSummedOverIntervals() throws Exception
    {
        final Path hlog = dir.resolve("run.hlog");
        writeLog(hlog);

        final int status = runTool("--out", dir.resolve("out").toString(), hlog.toString());

        assertEquals(0, status);
        final String markdown = Files.readString(dir.resolve("out/summary.md"));
        assertTrue(markdown.contains("| round-trip | run.hlog | 10000 | 1.00 | 1.00 | 1.50 | 1.80 | 2.00 | 2.05 |"),
            markdown);
        final String html = Files.readString(dir.resolve("out/report.html"));
        assertTrue(html.contains("<svg"), "plot is inline SVG");
        assertTrue(html.contains("<polyline"), "the curve is drawn");
        assertTrue(html.contains("<td class=\"n\">1.50</td>"), html);
        assertFalse(html.contains("<script"), "no scripts: the report must read offline");
    }

    @Test
    void reportsJmhScoresAllocationAndSampleTimePercentiles() throws Exception
    {
        final Path json = dir.resolve("jmh.json");
        Files.writeString(json, SAMPLE_JMH_JSON);

        final int status = runTool("--out", dir.resolve("out").toString(), json.toString());

        assertEquals(0, status);
        final String markdown = Files.readString(dir.resolve("out/summary.md"));
        assertTrue(markdown.contains(
            "| SbeCodecBenchmark.decodeNewOrder | idle=backoff | avgt | 12.500 | 0.250 | ns/op | 0.000 |"), markdown);
        assertTrue(markdown.contains(
            "| IpcRoundTripBenchmark.rawEcho | jmh.json |  | 4.20 | 6.00 | 12.0 | 40.0 | 95.0 | 120 |"), markdown);
        assertTrue(Files.readString(dir.resolve("out/report.html")).contains("<polyline"));
    }

    @Test
    void acceptsADirectoryOfInputs() throws Exception
    {
        writeLog(dir.resolve("a.hlog"));
        Files.writeString(dir.resolve("b.json"), SAMPLE_JMH_JSON);

        assertEquals(0, runTool("--out", dir.resolve("out").toString(), dir.toString()));

        final String markdown = Files.readString(dir.resolve("out/summary.md"));
        assertTrue(markdown.contains("round-trip"));
        assertTrue(markdown.contains("SbeCodecBenchmark.decodeNewOrder"));
    }

    @Test
    void refusesMissingInputsAndUnknownOptions()
    {
        assertEquals(2, runTool());
        assertEquals(2, runTool("--bogus", "x.hlog"));
        assertEquals(1, runTool("--out", dir.resolve("out").toString(), dir.resolve("missing.hlog").toString()));
    }

    @Test
    void refusesJsonThatIsNotAJmhResult() throws Exception
    {
        final Path json = dir.resolve("bad.json");
        Files.writeString(json, "{\"not\": \"jmh\"}");

        assertEquals(1, runTool("--out", dir.resolve("out").toString(), json.toString()));
    }

    private static void writeLog(final Path hlog) throws Exception
    {
        final Histogram first = new Histogram(3);
        first.setTag("round-trip");
        first.recordValueWithCount(1000, 9000);
        final Histogram second = new Histogram(3);
        second.setTag("round-trip");
        second.recordValueWithCount(1500, 900);
        second.recordValueWithCount(1800, 90);
        second.recordValueWithCount(2000, 9);
        second.recordValue(2047);

        final HistogramLogWriter writer = new HistogramLogWriter(hlog.toFile());
        writer.outputLogFormatVersion();
        writer.outputStartTime(1_000L);
        writer.outputLegend();
        first.setStartTimeStamp(1_000L);
        first.setEndTimeStamp(2_000L);
        writer.outputIntervalHistogram(first);
        second.setStartTimeStamp(2_000L);
        second.setEndTimeStamp(3_000L);
        writer.outputIntervalHistogram(second);
        writer.close();
    }

    private static int runTool(final String... args)
    {
        final ByteArrayOutputStream sink = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return PerfReport.run(args, stream, stream);
    }
}
