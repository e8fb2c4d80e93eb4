package io.peregrine.bench;

import io.peregrine.core.PeregrineContext;

/**
 * The core's context as every measured run of latency-bench starts it (load run, full loop, IPC round trip, journal
 * cost): its own embedded media driver in the run's directory (from {@link AeronDirs#fresh}), deleted at start and
 * at shutdown, and the demo universe without the order-rate and open-order limits
 * ({@link BenchmarkLimits#unthrottledDemo()}). Each run adds its idle strategy, threading or journal. Edge code:
 * allocates, call at set-up.
 */
public final class BenchCoreContext
{
    private BenchCoreContext()
    {
    }

    /**
     * @param aeronDir the run's media driver directory.
     * @return a new context, not concluded.
     */
    public static PeregrineContext create(final String aeronDir)
    {
        return new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .embeddedDriver(true)
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true)
            .riskLimits(BenchmarkLimits.unthrottledDemo());
    }
}
