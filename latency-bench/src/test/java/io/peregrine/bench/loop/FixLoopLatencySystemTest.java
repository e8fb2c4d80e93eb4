package io.peregrine.bench.loop;

import io.peregrine.bench.load.IdleMode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixLoopLatencySystemTest
{
    /** How every file of a run starts: the tool, then its start time with ':' as '-'. */
    private static final String STAMPED = "^fixloop-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d(\\.\\d+)?Z-";

    @TempDir
    Path out;

    @ParameterizedTest(name = "load client {0}")
    @EnumSource(LoadClient.Where.class)
    @Timeout(180)
    void measuresTheEchoBaselineTheFullLoopAndAStepWithEveryOrderAnswered(final LoadClient.Where where)
        throws Exception
    {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();

        final boolean complete = FixLoopLatency.run(new long[]{ 200 }, 1, 0, new long[]{ 300 }, new long[]{ 400 }, 1,
            IdleMode.BACKOFF, 0, where,
            out, new PrintStream(printed, true, StandardCharsets.UTF_8));

        final String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(complete, report);
        assertTrue(report.contains("200/s echo"), report);
        assertTrue(report.contains("200/s -> New"), report);
        assertTrue(report.contains("200/s -> Fill"), report);
        assertTrue(report.contains("ratio"), report);
        // in this JVM the client is a CPU group of the process; in its own, its JVM's CPU follows the stack's
        final String client = where == LoadClient.Where.SAME_JVM ? "load client( \\(\\d+\\))? \\d+\\.\\d" :
            "load client JVM \\d+\\.\\d us/order, -?\\d+\\.\\d without its JIT \\(its own process, not in the total\\)";
        assertTrue(report.matches("(?s).*200/s echo\\s+cpu: \\d+\\.\\d us/order: .*" + client + ".*"),
            "CPU per order of the echo, with the load client's share\n" + report);
        assertTrue(report.matches("(?s).*200/s loop\\s+cpu: \\d+\\.\\d us/order: .*" + client + ".*"),
            "CPU per order of the full loop, with the load client's share\n" + report);
        assertTrue(report.contains("client  : " + where.cliName()), report);
        assertTrue(report.matches("(?s).*\\n\\s+300\\s.*"), "the full loop step line is printed\n" + report);
        assertTrue(report.matches("(?s).*\\n\\s+400\\s.*"), "the gateway-only step line is printed\n" + report);
        try (Stream<Path> logs = Files.list(out))
        {
            // (a) echo and (b) loop at 200/s, one step of (c) and one of (d), named as perf-reports reads them
            assertEquals(List.of("echo-200.hlog", "loop-200.hlog", "step-gateway-400.hlog", "step-loop-300.hlog"),
                logs.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".hlog"))
                    .map(name -> name.replaceFirst(STAMPED, "")).sorted().toList(), report);
        }
        try (Stream<Path> logs = Files.list(out))
        {
            final Path echo = logs.filter(p -> p.getFileName().toString().endsWith("-echo-200.hlog")).findFirst()
                .orElseThrow();
            final String header = Files.readString(echo);
            assertTrue(header.contains("#FixLoopLatency (a) echo at 200/s, "), header);
            assertTrue(header.contains(", idle backoff"), header);
        }
        for (final String steps : new String[]{ "loop", "gateway" })
        {
            try (Stream<Path> files = Files.list(out))
            {
                final Path csv = files.filter(p -> p.toString().endsWith("-steps-" + steps + ".csv")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + steps + " step CSV"));
                final List<String> lines = Files.readAllLines(csv);
                assertEquals(FixLoopLatency.STEPS_CSV_HEADER, lines.get(0));
                assertEquals(2, lines.size(), "one step: " + lines);
                assertTrue(lines.get(1).startsWith(steps.equals("loop") ? "300," : "400,"), lines.get(1));
            }
        }
    }
}
