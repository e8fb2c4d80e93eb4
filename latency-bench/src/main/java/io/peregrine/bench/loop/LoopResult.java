package io.peregrine.bench.loop;

import io.peregrine.bench.engine.OrderTracker;

/**
 * What a {@link FullLoopRun} measured: one {@link OrderTracker} per path and the orders left without a final report.
 * Filled in by the run's threads, read after they were joined.
 */
public final class LoopResult
{
    private final OrderTracker fix;
    private final OrderTracker ipc;
    private volatile long fixMissing;
    private volatile long ipcMissing;
    private volatile long warmupMissing;
    private volatile String coreCounters = "";

    LoopResult(final OrderTracker fix, final OrderTracker ipc)
    {
        this.fix = fix;
        this.ipc = ipc;
    }

    /** @return the FIX broker session's results. */
    public OrderTracker fix()
    {
        return fix;
    }

    /** @return the IPC client's results. */
    public OrderTracker ipc()
    {
        return ipc;
    }

    /** @return measured FIX orders without a final report. */
    public long fixMissing()
    {
        return fixMissing;
    }

    /** @return measured IPC orders without a final report. */
    public long ipcMissing()
    {
        return ipcMissing;
    }

    /** @return every order, warm-up included, without a final report. */
    public long missing()
    {
        return fixMissing + ipcMissing + warmupMissing;
    }

    /** @return the core's counters at the end, as text. */
    public String coreCounters()
    {
        return coreCounters;
    }

    synchronized void fixMissing(final long measured, final long all)
    {
        fixMissing = measured;
        warmupMissing += all - measured;
    }

    synchronized void ipcMissing(final long measured, final long all)
    {
        ipcMissing = measured;
        warmupMissing += all - measured;
    }

    void coreCounters(final String counters)
    {
        coreCounters = counters;
    }
}
