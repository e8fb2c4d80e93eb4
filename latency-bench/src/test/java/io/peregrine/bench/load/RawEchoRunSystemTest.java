package io.peregrine.bench.load;

import io.peregrine.bench.cli.HelpTexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawEchoRunSystemTest
{
    @TempDir
    Path out;

    @Test
    @Timeout(60)
    void echoesEveryMessageAtTheFixedRateAndLogsTheRoundTrips() throws Exception
    {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final LoadRunOptions options = LoadRunOptions.parse("--rate", "1000", "--count", "2500", "--duration", "3",
            "--warmup", "500", "--out", out.toString());

        final long missing = RawEchoRun.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

        final String report = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, missing, report);
        assertTrue(report.contains("round trip"), report);
        final long roundTrips = HistogramLogs.countsByTag(HistogramLogs.onlyLog(out, "rawecho-")).get("round-trip");
        assertEquals(2500, roundTrips, "every measured message of every one-second interval, warm-up excluded");
    }

    @Test
    void usageIsLoadRunsOptionsUnderItsOwnName()
    {
        HelpTexts.assertUsageNames(RawEchoRun.USAGE, "RawEchoRun", "--rate", "no core in between");
    }
}
