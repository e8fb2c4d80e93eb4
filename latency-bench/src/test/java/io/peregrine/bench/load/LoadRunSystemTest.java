package io.peregrine.bench.load;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadRunSystemTest
{
    @TempDir
    Path out;

    private final String aeronDir =
        Paths.get(System.getProperty("java.io.tmpdir"), "peregrine-test-" + UUID.randomUUID()).toString();

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
        assertEquals(0, result.ordersMissing(), report);
        assertEquals(count, result.ordersSent(), report);
        assertEquals(count, result.ordersCompleted(), report);
        assertEquals(count, result.roundTrip().getTotalCount(), report);

        final long collar = OrderFlow.expectedRejects(warmup, warmup + count, RejectReason.PRICE_OUTSIDE_COLLAR);
        final long oversized = OrderFlow.expectedRejects(warmup, warmup + count, RejectReason.QUANTITY_ABOVE_MAX);
        assertTrue(collar > 0 && oversized > 0, "the run injects both kinds of bad order");
        assertEquals(collar, result.rejects(RejectReason.PRICE_OUTSIDE_COLLAR), report);
        assertEquals(oversized, result.rejects(RejectReason.QUANTITY_ABOVE_MAX), report);
        assertEquals(collar + oversized, result.totalRejects(), report);
        assertEquals(count - collar - oversized, result.fills(), report);
        assertEquals(0, result.unexpectedReports(), report);

        assertTrue(report.contains("round trip"), report);
        assertTrue(report.contains("PRICE_OUTSIDE_COLLAR"), report);
        try (Stream<Path> files = Files.list(out))
        {
            final List<Path> logs = files.filter(p -> p.toString().endsWith(".hlog")).collect(Collectors.toList());
            assertEquals(1, logs.size(), "one histogram log per run");
            assertTrue(Files.size(logs.get(0)) > 0);
        }
        assertFalse(new File(aeronDir).exists(), "the run deletes its media driver directory");
    }
}
