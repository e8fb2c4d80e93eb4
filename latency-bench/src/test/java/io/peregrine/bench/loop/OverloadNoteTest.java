package io.peregrine.bench.loop;

import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.ReportKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverloadNoteTest
{
    private final LoopOptions options = LoopOptions.parse("--fix-rate", "10", "--ipc-rate", "0", "--duration", "1");

    @Test
    void saysNothingWhenOrdersCompleteAtTheOfferedRateWithInjectedRejectsOnly()
    {
        final OrderTracker fix = new OrderTracker("FIX", 10, 0, false);
        for (int i = 0; i < 10; i++)
        {
            final long due = i * 100_000_000L;
            fix.onScheduled(i, due);
            fix.onSent(i, due);
            fix.onReport(i, i == 0 ? ReportKind.REJECTED : ReportKind.FILL, "PRICE_OUTSIDE_COLLAR", due + 1_000);
        }

        assertNull(FullLoopRun.overloadNote(options, fix, new OrderTracker("IPC", 0, 0, false)));
    }

    @Test
    void pointsAtAGrowingQueueAndAtRejectsTheFlowDoesNotInject()
    {
        final OrderTracker fix = new OrderTracker("FIX", 200, 0, false);
        for (int i = 0; i < 200; i++)
        {
            fix.onScheduled(i, i);
            fix.onSent(i, i);
        }
        fix.onReport(0, ReportKind.REJECTED, "CIRCUIT_BREAKER_OPEN", 1_000);

        final String note = FullLoopRun.overloadNote(options, fix, new OrderTracker("IPC", 0, 0, false));

        assertTrue(note.contains("FIX had up to 200 orders in flight"), note);
        assertTrue(note.contains("FIX got 1 rejects the flow does not inject"), note);
        assertTrue(note.contains("FIX completed"), note);
    }
}
