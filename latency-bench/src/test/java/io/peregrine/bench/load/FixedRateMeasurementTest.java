package io.peregrine.bench.load;

import io.peregrine.bench.engine.OrderPort;
import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.ReportKind;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The send-and-measure sequence LoadRun and RawEchoRun share, over a counterparty that answers every order at once:
 * warm-up first and not recorded, then the measured orders, then one log with both tools' tags.
 */
class FixedRateMeasurementTest
{
    @TempDir
    Path out;

    @Test
    @Timeout(30)
    void warmsUpThenMeasuresAndLogsOnlyTheMeasuredOrders() throws Exception
    {
        final LoadRunOptions options = LoadRunOptions.parse("--rate", "2000", "--count", "300", "--warmup", "100",
            "--idle", "sleeping", "--out", out.toString());
        final FixedRateMeasurement measurement = new FixedRateMeasurement("Tool", "tool", "things", options);
        final OrderTracker tracker = measurement.newTracker("test", true);
        final AnsweringPort port = new AnsweringPort(tracker);
        final long[] sentBeforeMeasuring = { -1 };
        final Histogram extra = OrderTracker.newHistogram();
        extra.recordValue(1_000);
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();

        final FixedRateMeasurement.Outcome outcome = measurement.run(tracker, port,
            () -> sentBeforeMeasuring[0] = port.sent, () -> Map.of("extra", extra),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

        final String progress = printed.toString(StandardCharsets.UTF_8);
        assertEquals(100, sentBeforeMeasuring[0], "the hook runs between the warm-up and the measured orders");
        assertEquals(400, port.sent);
        assertEquals(0, outcome.warmUpMissing());
        assertEquals(0, outcome.measuredMissing());
        assertEquals(300, tracker.completed(), "only the measured orders count");
        assertTrue(outcome.seconds() > 0.1, "300 orders at 2000/s take 150 ms: " + outcome.seconds());
        assertTrue(progress.contains("warm-up: 100 things...") && progress.contains("measuring: 300 things at 2,000/s"),
            progress);
        assertEquals(outcome.hlog(), HistogramLogs.onlyLog(out, "tool-"));
        assertEquals(Map.of("round-trip", 300L, "round-trip-from-send", 300L, "extra", 1L),
            HistogramLogs.countsByTag(outcome.hlog()));
        assertEquals(Map.of("extra", extra), outcome.alsoLogged());
    }

    /** Answers each order as it is sent, on the sending thread, like an echo. */
    private static final class AnsweringPort implements OrderPort
    {
        private final OrderTracker tracker;
        private long sent;

        AnsweringPort(final OrderTracker tracker)
        {
            this.tracker = tracker;
        }

        @Override
        public boolean send(final int index)
        {
            sent++;
            tracker.onReport(index, ReportKind.NEW, null, System.nanoTime());
            return true;
        }

        @Override
        public int poll()
        {
            return 0;
        }

        @Override
        public boolean pollsOnThisThread()
        {
            return true;
        }
    }
}
