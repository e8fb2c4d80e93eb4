package io.peregrine.bench.load;

import io.peregrine.testsupport.TempDirs;
import io.peregrine.bench.engine.OrderFlow;
import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.sbe.RejectReason;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadRunSystemTest
{
    @TempDir
    Path out;

    private final String aeronDir =
        TempDirs.uniqueAeronDir("peregrine-test-");

    @AfterEach
    void deleteAeronDir()
    {
        IoUtil.delete(new File(aeronDir), true);
    }

    @Test
    @Timeout(120)
    void everyOrderGetsAFinalReportAndRejectsMatchTheInjectedBadOrders() throws Exception
    {
        final int warmup = 200;
        final int count = 2_000;
        final LoadRunOptions options = new LoadRunOptions(5_000, count, 30, warmup, IdleMode.BACKOFF, out, aeronDir);
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();

        final LoadResult result = LoadRun.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

        final String report = printed.toString(StandardCharsets.UTF_8);
        final OrderTracker path = result.path();
        assertEquals(0, result.ordersMissing(), report);
        assertEquals(count, path.sent(), report);
        assertEquals(count, path.completed(), report);
        assertEquals(count, path.finalReport().getTotalCount(), report);

        final long collar = OrderFlow.expectedRejects(warmup, warmup + count, RejectReason.PRICE_OUTSIDE_COLLAR);
        final long oversized = OrderFlow.expectedRejects(warmup, warmup + count, RejectReason.QUANTITY_ABOVE_MAX);
        final long unknown = OrderFlow.expectedRejects(warmup, warmup + count, RejectReason.UNKNOWN_INSTRUMENT);
        assertTrue(collar > 0 && oversized > 0 && unknown > 0, "the run injects every kind of bad order");
        assertEquals(collar, path.rejects(RejectReason.PRICE_OUTSIDE_COLLAR.name()), report);
        assertEquals(oversized, path.rejects(RejectReason.QUANTITY_ABOVE_MAX.name()), report);
        assertEquals(unknown, path.rejects(RejectReason.UNKNOWN_INSTRUMENT.name()), report);
        assertEquals(collar + oversized + unknown, path.totalRejects(), report);
        assertEquals(count - collar - oversized - unknown, path.fills(), report);
        assertEquals(0, path.unexpected(), report);
        assertTrue(result.coreIngress().getTotalCount() > 0, report);

        assertTrue(report.contains("-> final report"), report);
        assertTrue(report.contains("PRICE_OUTSIDE_COLLAR"), report);
        final Map<String, Long> logged = HistogramLogs.countsByTag(HistogramLogs.onlyLog(out, "loadrun-"));
        assertEquals(count, logged.get("round-trip"), "one histogram log per run, the measured orders in it");
        assertEquals(result.coreIngress().getTotalCount(), logged.get("core-ingress"));
        assertFalse(new File(aeronDir).exists(), "the run deletes its media driver directory");
    }
}
