package io.peregrine.bench.loop;

import io.peregrine.bench.engine.OrderTracker;

/**
 * What a {@link FullLoopRun} measured: one {@link OrderTracker} per path and the orders left without a final report.
 * Built once the run's load threads were joined; the trackers are not written after that.
 *
 * @param fix           the FIX broker session's results.
 * @param ipc           the IPC client's results.
 * @param fixMissing    measured FIX orders without a final report.
 * @param ipcMissing    measured IPC orders without a final report.
 * @param warmUpMissing warm-up orders of both paths without a final report.
 * @param coreCounters  the core's counters at the end, as text.
 */
public record LoopResult(
    OrderTracker fix, OrderTracker ipc, long fixMissing, long ipcMissing, long warmUpMissing, String coreCounters)
{
    /** @return every order, warm-up included, without a final report. */
    public long missing()
    {
        return fixMissing + ipcMissing + warmUpMissing;
    }
}
