package io.peregrine.bench.loop;

import io.peregrine.bench.engine.FixedRateSender;
import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.PathReport;
import io.peregrine.bench.load.IdleMode;
import io.peregrine.config.PeregrineKeys.Gateway;
import quickfix.ConfigError;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The load client in this JVM: a {@link FixBrokerSession} whose QuickFIX/J threads are started in
 * {@link #CLIENT_THREADS}, so that {@link CpuTimes} tells their CPU from the rest of the process, and a
 * {@link FixedRateSender} on the calling thread. Also what a {@link ChildJvmLoadClient} runs in its child
 * ({@link BrokerLoadProcess}). Threads: {@link #run} on one thread at a time; reports on QuickFIX/J's thread.
 *
 * @param broker the logged-on session.
 * @param idle   idle strategy of the sending thread.
 */
record SameJvmLoadClient(FixBrokerSession broker, IdleMode idle) implements LoadClient
{
    /** The load client's QuickFIX/J threads are started in this group, so their CPU is told from the stack's. */
    static final ThreadGroup CLIENT_THREADS = new ThreadGroup("peregrine-load-client");

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(15);

    /**
     * @see LoadClient#start
     */
    static SameJvmLoadClient start(
        final int port,
        final Path storeDir,
        final String runId,
        final IdleMode idle,
        final long timeoutMillis) throws ConfigError
    {
        return new SameJvmLoadClient(inClientThreads(() -> new FixBrokerSession("127.0.0.1", port,
            FullLoopRun.BROKER_COMP_ID, Gateway.BROKER_COMP_ID.defaultValue(), FullLoopRun.FIX_ACCOUNT, storeDir, runId,
            new OrderTracker("none", 0, 0, false)).start(timeoutMillis)), idle);
    }

    @Override
    public PhaseResult run(final PhaseSpec spec)
    {
        return run(spec, () -> { }, () -> { });
    }

    /**
     * Sends the warm-up orders and waits for their reports, then the measured ones. The CPU per measured order is
     * taken from the first measured send to the last measured report (the warm-up's JIT compiling and backlog stay
     * out of it); {@code onMeasuring} and {@code onMeasured} run at those two moments, on this thread.
     *
     * @param spec        what to send.
     * @param onMeasuring runs just before the first measured order is due.
     * @param onMeasured  runs as soon as the last measured order is answered (or the drain gave up).
     * @return what was measured; {@link PhaseResult#clientJvmMicros()} is NaN (the client is in this process).
     */
    PhaseResult run(final PhaseSpec spec, final Runnable onMeasuring, final Runnable onMeasured)
    {
        final int warmupOrders = spec.warmupOrders();
        final OrderTracker tracker = new OrderTracker(spec.phaseId(), warmupOrders + spec.measuredOrders(),
            warmupOrders, spec.echo());
        broker.phase(spec.phaseId(), tracker, true);
        final FixedRateSender sender = new FixedRateSender(broker, tracker, idle.newStrategy());
        if (warmupOrders > 0)
        {
            sender.run(0, warmupOrders, spec.rate(), DRAIN_NANOS);
        }
        onMeasuring.run();
        final CpuTimes before = CpuTimes.now();
        final long startMillis = System.currentTimeMillis();
        sender.run(warmupOrders, tracker.capacity(), spec.rate(), DRAIN_NANOS);
        final CpuTimes after = CpuTimes.now();
        // Reports of orders the drain gave up on (a saturated run) still arrive: they go to a tracker nobody reads,
        // not to this one while its log is written below (its lists are not safe to read while they grow).
        final String late = spec.phaseId() + "L";
        broker.phase(late, new OrderTracker(late, 1, 0, spec.echo()), true);
        onMeasured.run();
        final long endMillis = System.currentTimeMillis();
        if (null != spec.hlog())
        {
            try
            {
                PathReport.writeLog(spec.hlog(), spec.comment(), tracker, startMillis, endMillis);
            }
            catch (final FileNotFoundException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return PhaseResult.of(tracker, CpuTimes.perOrder(before, after, spec.measuredOrders(), CLIENT_THREADS,
            Thread.currentThread()), Double.NaN);
    }

    @Override
    public void close()
    {
        broker.close();
    }

    /**
     * Creates and starts a load client on a thread of {@link #CLIENT_THREADS}, so that the threads QuickFIX/J starts
     * for it are in that group (a new thread joins its creator's group).
     */
    private static FixBrokerSession inClientThreads(final Callable<FixBrokerSession> start) throws ConfigError
    {
        final Object[] result = new Object[1];
        final Thread starter = new Thread(CLIENT_THREADS, () ->
        {
            try
            {
                result[0] = start.call();
            }
            catch (final Exception | Error ex)
            {
                result[0] = ex;
            }
        }, "peregrine-load-client-start");
        starter.start();
        try
        {
            starter.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the load client", ex);
        }
        if (result[0] instanceof FixBrokerSession session)
        {
            return session;
        }
        if (result[0] instanceof ConfigError ex)
        {
            throw ex;
        }
        if (result[0] instanceof RuntimeException ex)
        {
            throw ex;
        }
        if (result[0] instanceof Error ex)
        {
            throw ex;
        }
        throw new IllegalStateException("the load client did not start", (Throwable)result[0]);
    }
}
