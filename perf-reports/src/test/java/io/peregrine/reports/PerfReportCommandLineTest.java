package io.peregrine.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class PerfReportCommandLineTest
{
    @TempDir
    Path dir;

    @Test
    void helpListsEveryOptionAndTheExitStatusesAndExitsZero()
    {
        for (final String help : new String[]{ "--help", "-h" })
        {
            final SuiteRun.Outcome outcome = SuiteRun.runTool(help);

            assertEquals(0, outcome.status());
            for (final String option : new String[]{ "--out", "--title", "--hlog-unit", "--latency-axis", "--compare",
                "--min-change", "INPUT", "Exit status", "regression beyond noise" })
            {
                assertTrue(outcome.out().contains(option), option + " in\n" + outcome.out());
            }
        }
    }

    @Test
    void unknownOptionIsBadUsageNamingIt()
    {
        final SuiteRun.Outcome outcome = SuiteRun.runTool("--bogus", "x.hlog");

        assertEquals(2, outcome.status());
        assertTrue(outcome.err().contains("--bogus"), outcome.err());
        assertTrue(outcome.err().contains("Usage:"), "usage follows the error\n" + outcome.err());
    }

    @Test
    void badOptionValuesAreBadUsage()
    {
        assertBadUsage("no input files");
        assertBadUsage("--hlog-unit is ns or us, got 'ms'", "--hlog-unit", "ms", "x.hlog");
        assertBadUsage("--latency-axis is log or linear, got 'cubic'", "--latency-axis", "cubic", "x.hlog");
        assertBadUsage("--compare", "--compare", dir.toString());
        assertBadUsage("no other inputs", "--compare", dir.toString(), dir.toString(), "x.hlog");
        assertBadUsage("--min-change", "--min-change", "lots", "--compare", dir.toString(), dir.toString());
        assertBadUsage("--out", "x.hlog", "--out");
        assertBadUsage("--min-change is a percentage of 0 or more", "--min-change", "-1", "--compare",
            dir.toString(), dir.toString());
    }

    @Test
    void unreadableInputsExitOneNamingTheFile() throws Exception
    {
        final Path missing = dir.resolve("missing.hlog");
        assertFailure(1, missing.toString(), "--out", dir.resolve("out").toString(), missing.toString());

        assertUnreadable("object.json", "{\"not\": \"jmh\"}", "array of benchmarks");
        assertUnreadable("broken.json", "[{\"benchmark\": ", "not valid JSON");
        assertUnreadable("text.hlog", "this is not a histogram log\n1,2,3\n", "text.hlog");
        assertUnreadable("x-steps-loop.csv", "rate,latency\n1,2\n", "not a step-load CSV");

        assertFailure(1, "no such directory", "--compare", dir.resolve("nope").toString(), dir.toString());
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        assertFailure(1, "no .hlog", "--compare", empty.toString(), empty.toString());
    }

    /** An input file with this content makes the tool exit 1 with a message holding {@code message}. */
    private void assertUnreadable(final String name, final String content, final String message) throws IOException
    {
        final Path input = dir.resolve(name);
        Files.writeString(input, content);
        assertFailure(1, message, "--out", dir.resolve("out").toString(), input.toString());
    }

    private static void assertBadUsage(final String message, final String... args)
    {
        final SuiteRun.Outcome outcome = SuiteRun.runTool(args);
        assertEquals(2, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains(message), message + " in\n" + outcome.err());
    }

    private static void assertFailure(final int status, final String message, final String... args)
    {
        final SuiteRun.Outcome outcome = SuiteRun.runTool(args);
        assertEquals(status, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains(message), message + " in\n" + outcome.err());
    }
}
