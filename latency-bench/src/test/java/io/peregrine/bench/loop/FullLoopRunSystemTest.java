package io.peregrine.bench.loop;

import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.OrderFlow;
import io.peregrine.bench.load.IdleMode;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sim.SimVenueContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FullLoopRunSystemTest
{
    private static final RejectReason[] INJECTED = {
        RejectReason.PRICE_OUTSIDE_COLLAR, RejectReason.QUANTITY_ABOVE_MAX, RejectReason.UNKNOWN_INSTRUMENT };

    @TempDir
    Path temp;

    @Test
    @Timeout(180)
    void everyOrderOfBothPathsGetsAFinalReportWithFillsAndTheInjectedRejects() throws Exception
    {
        final Path out = temp.resolve("out");
        final Path data = temp.resolve("data");
        final LoopOptions options = LoopOptions.parse("--fix-rate", "200", "--ipc-rate", "500", "--count", "700",
            "--warmup", "0", "--ephemeral-ports", "--idle", "backoff", "--out", out.toString(),
            "--data-dir", data.toString());
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();

        final LoopResult result = FullLoopRun.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

        final String report = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, result.missing(), report);
        assertPath(result.fix(), 200, report);
        assertPath(result.ipc(), 500, report);
        assertFalse(report.contains(":9880 (default)"), "never the default broker port with --ephemeral-ports");
        assertFalse(report.contains(":9890 (default)"), "never the default venue port with --ephemeral-ports");
        // each thread group's strategy as built: the venue engine parks longer than the core by default
        assertTrue(report.contains("core agent     " + IdleMode.BACKOFF.newStrategy()), report);
        assertTrue(report.contains("venue engine   " + new SimVenueContext().idleStrategyName("backoff").idleStrategy()),
            report);
        try (Stream<Path> logs = Files.list(out))
        {
            final List<String> names = logs.map((p) -> p.getFileName().toString()).collect(Collectors.toList());
            assertTrue(names.stream().anyMatch((n) -> n.endsWith("-fix.hlog")), names.toString());
            assertTrue(names.stream().anyMatch((n) -> n.endsWith("-ipc.hlog")), names.toString());
        }
    }

    private static void assertPath(final OrderTracker path, final int count, final String report)
    {
        assertEquals(count, path.sent(), path.path() + " sent\n" + report);
        assertEquals(count, path.completed(), path.path() + " completed\n" + report);
        assertEquals(count, path.finalReport().getTotalCount(), path.path() + " final latencies\n" + report);
        assertEquals(count, path.firstReport().getTotalCount(), path.path() + " first latencies\n" + report);
        assertTrue(path.fills() > 0, path.path() + " fills\n" + report);
        assertEquals(0, path.unexpected(), path.path() + " unexpected reports\n" + report);
        long injectedTotal = 0;
        for (final RejectReason reason : INJECTED)
        {
            final long injected = OrderFlow.expectedRejects(0, count, reason);
            injectedTotal += injected;
            assertEquals(injected, path.rejects(reason.name()), path.path() + " " + reason + "\n" + report);
        }
        assertTrue(injectedTotal > 0, "the run injects bad orders");
        assertEquals(injectedTotal, path.totalRejects(), path.path() + " no other rejects\n" + report);
        assertEquals(count, path.fills() + path.expired() + path.canceled() + path.totalRejects(),
            path.path() + " every order ends once\n" + report);
    }
}
