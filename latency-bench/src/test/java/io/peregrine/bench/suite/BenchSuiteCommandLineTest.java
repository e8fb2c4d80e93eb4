package io.peregrine.bench.suite;

import io.peregrine.bench.cli.HelpTexts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peregrine.bench.load.IdleMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class BenchSuiteCommandLineTest
{
    @TempDir
    Path dir;

    @Test
    void helpListsEveryOptionAndExitsZero()
    {
        final Outcome outcome = run("--help");

        assertEquals(0, outcome.status);
        for (final String option : new String[]{ "--quick", "--out", "--idle", "--report-jar", "--dry-run", "--repeat",
            "--help", "Exit status", "--compare" })
        {
            assertTrue(outcome.out.contains(option), option + " in\n" + outcome.out);
        }
    }

    @Test
    void badOptionsAreRefusedWithExitTwo()
    {
        assertBadUsage("Unknown option: '--fast'", "--fast");
        assertBadUsage("--idle must be busy-spin, backoff, sleeping or yielding", "--idle", "lazy");
        assertBadUsage("Missing required parameter for option '--out'", "--out");
        assertBadUsage("--repeat must be 1 to 100, got 0", "--repeat", "0");
        assertBadUsage("--repeat", "--repeat", "twice");
    }

    @Test
    void refusesAnOutputFolderHoldingAnEarlierRun() throws Exception
    {
        Files.writeString(dir.resolve("machine.json"), "{}");

        final Outcome outcome = run("--quick", "--out", dir.toString());

        assertEquals(2, outcome.status);
        assertTrue(outcome.err.contains("already holds files of an earlier run"), outcome.err);
        assertEquals(1, Files.list(dir).count(), "nothing written");
    }

    @Test
    void dryRunPrintsThePlanAndRunsNothing()
    {
        final Path out = dir.resolve("new");
        final Outcome outcome = run("--quick", "--dry-run", "--out", out.toString());

        assertEquals(0, outcome.status, outcome.err);
        assertTrue(outcome.out.contains("bench suite (quick)"), outcome.out);
        assertTrue(outcome.out.contains("jmh-ipc.json"), outcome.out);
        assertTrue(outcome.out.contains("io.peregrine.bench.load.RawEchoRun --rate 10000"), outcome.out);
        assertFalse(Files.exists(out));
    }

    @Test
    void everyPeregrineMeasurementRunsBesideItsBaseline()
    {
        for (final boolean quick : new boolean[]{ true, false })
        {
            final SuitePlan plan = SuitePlan.of(quick, IdleMode.BACKOFF);

            final SuitePlan.JmhGroup book = plan.jmhGroups().stream().filter(g -> g.name().equals("book"))
                .findFirst().orElseThrow();
            assertTrue(book.includes().stream().anyMatch(
                p -> "io.peregrine.bench.book.BookVsExchangeCoreBenchmark.exchangeCore".matches(p + ".*")),
                "exchange-core runs with the books when the build has it");
            assertTrue(book.includes().stream().anyMatch(
                p -> "io.peregrine.bench.book.BookVsExchangeCoreBenchmark.peregrine".matches(p + ".*")));
            final SuitePlan.JmhGroup ipc = plan.jmhGroups().stream().filter(g -> g.name().equals("ipc"))
                .findFirst().orElseThrow();
            for (final String method : new String[]{ "coreRoundTrip", "rawEchoRoundTrip", "rawRelayRoundTrip" })
            {
                assertTrue(("io.peregrine.bench.ipc.IpcRoundTripBenchmark." + method).matches(
                    ipc.includes().get(0) + ".*"), method);
            }
            final SuitePlan.FixedRateRun core = run(plan, "loadrun");
            final SuitePlan.FixedRateRun raw = run(plan, "rawecho");
            assertEquals(core.arguments(), raw.arguments(), "the raw echo runs at exactly the core-only settings");
            assertEquals("io.peregrine.bench.loop.FixLoopLatency", run(plan, "fixloop").mainClass());
        }
    }

    @Test
    void machineDescriptionNamesWhatTheIssueAsksFor() throws Exception
    {
        final MachineDescription machine = new MachineDescription(SuitePlan.of(true, IdleMode.BACKOFF),
            Instant.parse("2026-12-06T00:00:00Z"));
        machine.step("jmh-codec", "ok");
        machine.finish(Instant.parse("2026-12-06T00:03:00Z"));
        machine.write(dir);

        final JsonNode json = new ObjectMapper().readTree(dir.resolve("machine.json").toFile());
        for (final String key : new String[]{ "cpu", "cores", "load average at start", "load average at end", "jdk",
            "jvm flags (every child JVM and JMH fork)", "idle strategy", "driver threading mode", "git commit",
            "jmh", "started", "finished" })
        {
            assertTrue(json.hasNonNull(key), key + " in " + json);
        }
        assertEquals(Runtime.getRuntime().availableProcessors(), json.get("cores").asInt());
        assertEquals("ok", json.get("steps").get("jmh-codec").asText());
        assertTrue(json.get("driver threading mode").asText().startsWith("SHARED"), json.toString());
        assertTrue(json.get("jvm flags (every child JVM and JMH fork)").asText()
            .contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"));
    }

    private static SuitePlan.FixedRateRun run(final SuitePlan plan, final String name)
    {
        return plan.fixedRateRuns().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static void assertBadUsage(final String message, final String... args)
    {
        final Outcome outcome = run(args);
        assertEquals(2, outcome.status, outcome.err);
        assertTrue(outcome.err.contains(message), message + " in\n" + outcome.err);
        assertTrue(outcome.err.contains("Usage: bench-suite"), outcome.err);
    }

    private record Outcome(int status, String out, String err)
    {
    }

    private static Outcome run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = BenchSuite.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpTextsFormatWithoutPicocliWarnings()
    {
        HelpTexts.assertEveryTextFormats(BenchSuite.class);
    }
}
