package io.peregrine.bench.loop;

import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.ReportKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lines a parent and a child-JVM load client exchange: a phase to run, and what it measured. */
class PhaseLinesTest
{
    @Test
    void aPhaseSurvivesItsLineWithAndWithoutAHistogramLog()
    {
        final PhaseSpec withLog = new PhaseSpec("B1R5000", 5_000, 10, 8, false,
            Paths.get("/tmp/out dir/fixloop-loop-5000.hlog"), "FixLoopLatency (b) full loop at 5000/s, 2 cores");
        final PhaseSpec withoutLog = new PhaseSpec("W1", 400, 0, 1, true, null, "");

        assertEquals(withLog, PhaseSpec.decode(withLog.encode()));
        assertEquals(withoutLog, PhaseSpec.decode(withoutLog.encode()));
        assertEquals(40_000, withLog.measuredOrders());
        assertEquals(50_000, withLog.warmupOrders());
    }

    @Test
    void refusesPhasesThatCannotTravelOrRun()
    {
        assertThrows(IllegalArgumentException.class, () -> new PhaseSpec("A\tB", 1, 0, 1, true, null, ""));
        assertThrows(IllegalArgumentException.class, () -> new PhaseSpec("A", 1, 0, 1, true, null, "two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> new PhaseSpec("A", 0, 0, 1, true, null, ""));
        assertThrows(IllegalArgumentException.class, () -> new PhaseSpec("A", 1, -1, 1, true, null, ""));
        assertThrows(IllegalArgumentException.class, () -> new PhaseSpec("A", 1, 0, 0, true, null, ""));
        final IllegalArgumentException fields = assertThrows(IllegalArgumentException.class,
            () -> PhaseSpec.decode("A\t1\t0"));
        assertTrue(fields.getMessage().contains("7 tab-separated fields"), fields.getMessage());
        final IllegalArgumentException echo = assertThrows(IllegalArgumentException.class,
            () -> PhaseSpec.decode("A\t1\t0\t1\tyes\t\t"));
        assertTrue(echo.getMessage().contains("echo must be true or false"), echo.getMessage());
    }

    @Test
    void aResultSurvivesItsLineWithTheClientsCpuAndThisSidesCpuAdded()
    {
        final OrderTracker tracker = sent(new OrderTracker("B", 3, 1, false));
        tracker.onReport(0, ReportKind.FILL, null, 400_000);
        tracker.onReport(1, ReportKind.NEW, null, 250_000);
        tracker.onReport(1, ReportKind.FILL, null, 500_000);
        tracker.onReport(2, ReportKind.REJECTED, "PRICE_OUTSIDE_COLLAR", 90_000);
        final CpuTimes.PerOrder clientCpu = new CpuTimes.PerOrder(97.5,
            List.of(new CpuTimes.Share(CpuTimes.JIT, 2, 30.0)), 4.0);
        final CpuTimes.PerOrder stackCpu = new CpuTimes.PerOrder(210.25,
            List.of(new CpuTimes.Share("NioProcessor", 3, 50.0)), 9.25);

        final PhaseResult sent = PhaseResult.of(tracker, clientCpu, Double.NaN);
        final PhaseResult received = PhaseResult.decode(sent.encode(), stackCpu);

        assertEquals(sent.firstReport(), received.firstReport());
        assertEquals(sent.finalReport(), received.finalReport());
        assertEquals(sent.fillReport(), received.fillReport());
        assertEquals(2, received.finalReport().getTotalCount(), "the two measured orders");
        assertEquals(0, received.missing());
        assertTrue(received.complete());
        assertEquals(1, received.fills());
        assertEquals(1, received.rejects());
        assertEquals(sent.sendRate(), received.sendRate());
        assertEquals(sent.completionRate(), received.completionRate());
        assertEquals(sent.maxOutstanding(), received.maxOutstanding());
        assertEquals(stackCpu, received.cpu());
        assertEquals(97.5, received.clientJvmMicros());
        assertEquals(30.0, received.clientJvmJitMicros());
        assertEquals("210.3 us/order: NioProcessor (3) 50.0, rest 0.0; 9.3 wake-ups/order; load client JVM 97.5 "
            + "us/order, 67.5 without its JIT (its own process, not in the total)", received.describeCpu());
        assertEquals("97.5 us/order: jvm jit (2) 30.0, rest 0.0; 4.0 wake-ups/order", sent.describeCpu(),
            "in the same JVM, the process line alone");
    }

    @Test
    void aResultCountsTheOrdersStillMissing()
    {
        final OrderTracker tracker = sent(new OrderTracker("A", 2, 0, true));
        tracker.onReport(0, ReportKind.NEW, null, 100_000);

        final PhaseResult received = PhaseResult.decode(
            PhaseResult.of(tracker, new CpuTimes.PerOrder(1, List.of(), 0), Double.NaN).encode(),
            new CpuTimes.PerOrder(1, List.of(), 0));

        assertEquals(1, received.missing());
        assertEquals(false, received.complete());
    }

    @Test
    void refusesALineThatIsNotAResult()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PhaseResult.decode("1 2 3", new CpuTimes.PerOrder(1, List.of(), 0)));
        assertTrue(ex.getMessage().contains("13 fields"), ex.getMessage());
    }

    @Test
    void aChildJvmGetsThisJvmsOptionsButNoAgentDebuggerOrRecording()
    {
        final List<String> parent = List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Dperegrine.threading=shared", "-Xmx1g", "-XX:+UseSerialGC", "-javaagent:/x/jacoco.jar=destfile=a",
            "-agentlib:jdwp=transport=dt_socket,server=y", "-XX:StartFlightRecording=filename=a.jfr",
            "-XX:FlightRecorderOptions=stackdepth=96", "-Xlog:gc:file=gc.log", "-ea");

        assertEquals(List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-Dperegrine.threading=shared",
            "-Xmx1g", "-XX:+UseSerialGC"), ChildJvmLoadClient.childOptions(parent));
    }

    /** @return the tracker with every order scheduled 1 us apart and sent 10 ns late. */
    private static OrderTracker sent(final OrderTracker tracker)
    {
        for (int i = 0; i < tracker.capacity(); i++)
        {
            tracker.onScheduled(i, 1_000L * i);
            tracker.onSent(i, 1_000L * i + 10);
        }
        return tracker;
    }
}
