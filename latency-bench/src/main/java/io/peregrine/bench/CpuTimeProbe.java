package io.peregrine.bench;

import io.peregrine.bench.pipeline.CorePipelineDirectBenchmark;
import io.peregrine.bench.risk.RiskCheckBenchmark;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Measurement aid for a machine shared by many busy processes, where JMH's wall-clock averages mostly measure time
 * the benchmark thread spent descheduled: runs the very JMH benchmark methods of {@link RiskCheckBenchmark} and
 * {@link CorePipelineDirectBenchmark} in a loop on the calling thread and divides the thread's CPU time
 * (ThreadMXBean) by the operations, 15 batches after a warm-up; prints the minimum and the median batch and the bytes
 * the thread allocated over the 15 measured batches (0 for allocation-free code). Descheduled time is excluded; cache
 * and frequency interference from the other processes is not.
 * <p>
 * Usage: {@code java <JVM flags> -cp latency-bench/target/benchmarks.jar io.peregrine.bench.CpuTimeProbe [regex]};
 * the optional regex selects probes by "name store", e.g. {@code 'FillAndClose persistent|orderLifecycle'}. Edge
 * code: prints, allocates outside the measured batches; main thread only.
 */
public final class CpuTimeProbe
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int BATCHES = 15;
    private static final int WARM_UP_BATCHES = 10;
    private static final String[] STORES = { "inMemory", "persistent" };

    /**
     * One benchmark method measured with one store.
     *
     * @param type      the JMH benchmark class (public {@code store} field, {@code setUp()}, {@code tearDown()}).
     * @param method    the benchmark method, no arguments.
     * @param label     what the line printed says after the class name.
     * @param store     value of the benchmark's {@code store} parameter.
     * @param ops       operations per batch.
     * @param opsPerCall operations one call of the method does.
     */
    private record Probe(Class<?> type, String method, String label, String store, int ops, int opsPerCall)
    {
        String name()
        {
            return type.getSimpleName() + "." + label;
        }
    }

    private CpuTimeProbe()
    {
    }

    public static void main(final String[] args) throws Throwable
    {
        final Pattern selected = Pattern.compile(args.length > 0 ? args[0] : "");
        // The first measurement of a JVM allocates 152 bytes on this thread outside the measured code (seen on
        // whichever benchmark came first): take it here, on nothing, so no benchmark is charged with it.
        measure(1, () -> { });
        for (final Probe probe : probes())
        {
            if (selected.matcher(probe.name() + " " + probe.store()).find())
            {
                run(probe);
            }
        }
    }

    private static List<Probe> probes()
    {
        final List<Probe> probes = new ArrayList<>();
        for (final String store : STORES)
        {
            final int ops = "persistent".equals(store) ? 20_000 : 200_000;
            probes.add(new Probe(RiskCheckBenchmark.class, "evaluateAndCancel", "evaluateAndCancel", store, ops, 1));
            probes.add(new Probe(RiskCheckBenchmark.class, "evaluateFillAndClose", "evaluateFillAndClose", store, ops,
                1));
            probes.add(new Probe(RiskCheckBenchmark.class, "evaluateFillAndCloseEightPerCycle",
                "evaluateFillAndCloseEightPerCycle (per order)", store, ops, 8));
        }
        for (final String store : STORES)
        {
            final int ops = "persistent".equals(store) ? 20_000 : 100_000;
            for (final String method : new String[]{ "riskReject", "orderLifecycle", "harnessOnly" })
            {
                probes.add(new Probe(CorePipelineDirectBenchmark.class, method, method, store, ops, 1));
            }
        }
        return probes;
    }

    private static void run(final Probe probe) throws Throwable
    {
        final Object benchmark = probe.type().getConstructor().newInstance();
        probe.type().getField("store").set(benchmark, probe.store());
        probe.type().getMethod("setUp").invoke(benchmark);
        final MethodHandle op = MethodHandles.publicLookup().findVirtual(probe.type(), probe.method(),
            MethodType.methodType(probe.type().getMethod(probe.method()).getReturnType()));
        final int calls = probe.ops() / probe.opsPerCall();
        final Measured measured = measure(probe.ops(), () ->
        {
            for (int i = 0; i < calls; i++)
            {
                op.invoke(benchmark);
            }
        });
        probe.type().getMethod("tearDown").invoke(benchmark);
        System.out.printf(Locale.ROOT,
            "%-70s %-10s cpu ns/op min %8.1f  median %8.1f  thread bytes in %d batches %d%n", probe.name(),
            probe.store(), measured.nsPerOp()[0], measured.nsPerOp()[BATCHES / 2], BATCHES, measured.allocatedBytes());
    }

    private interface Batch
    {
        void run() throws Throwable;
    }

    /** Sorted CPU ns per operation of each measured batch, and the bytes the thread allocated over them. */
    private record Measured(double[] nsPerOp, long allocatedBytes)
    {
    }

    private static Measured measure(final int ops, final Batch batch) throws Throwable
    {
        for (int i = 0; i < WARM_UP_BATCHES; i++)
        {
            batch.run(); // warm-up: the JIT compiles the loop and the benchmark code
        }
        final double[] nsPerOp = new double[BATCHES];
        final long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < BATCHES; i++)
        {
            final long start = THREADS.getCurrentThreadCpuTime();
            batch.run();
            nsPerOp[i] = (THREADS.getCurrentThreadCpuTime() - start) / (double)ops;
        }
        final long allocatedBytes = THREADS.getCurrentThreadAllocatedBytes() - bytesBefore;
        Arrays.sort(nsPerOp);
        return new Measured(nsPerOp, allocatedBytes);
    }
}
