import io.peregrine.bench.risk.RiskCheckBenchmark;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Measurement aid for a machine shared by many busy processes (load average 25-45 on 2 cores while this campaign
 * ran): JMH's wall-clock averages there mostly measure time the benchmark thread spent descheduled. This runs the
 * very JMH benchmark methods of the jar on its class path in a loop and divides the benchmark thread's CPU time
 * (ThreadMXBean) by the operations, 15 batches after a warm-up, and prints the minimum and the median batch and the
 * bytes the thread allocated over the 15 measured batches (0 for allocation-free code).
 * Descheduled time is excluded; cache and frequency interference from the other processes is not.
 * <p>
 * Run with the jar of each build: java $(flags) -cp benchmarks.jar CpuTimeProbe.java [regex]
 * (the optional regex selects benchmarks by "name store", e.g. {@code 'FillAndClose persistent|orderLifecycle'}).
 */
public class CpuTimeProbe
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static long allocatedBytes;
    private static final int BATCHES = 15;
    private static java.util.regex.Pattern selected = java.util.regex.Pattern.compile("");

    private static boolean selected(final String name, final String store)
    {
        return selected.matcher(name + " " + store).find();
    }

    public static void main(final String[] args) throws Throwable
    {
        if (args.length > 0)
        {
            selected = java.util.regex.Pattern.compile(args[0]);
        }
        // The first measurement of a JVM allocates 152 bytes on this thread outside the measured code (seen on
        // whichever benchmark came first): take it here, on nothing, so no benchmark is charged with it.
        measure(1, () -> { });
        for (final String store : new String[]{ "inMemory", "persistent" })
        {
            final boolean persistent = "persistent".equals(store);
            final int ops = persistent ? 20_000 : 200_000;
            if (selected("RiskCheckBenchmark.evaluateAndCancel", store))
            {
                final RiskCheckBenchmark cancel = new RiskCheckBenchmark();
                cancel.store = store;
                cancel.setUp();
                print("RiskCheckBenchmark.evaluateAndCancel", store, measure(ops, () ->
                {
                    for (int i = 0; i < ops; i++)
                    {
                        cancel.evaluateAndCancel();
                    }
                }));
                cancel.tearDown();
            }

            if (selected("RiskCheckBenchmark.evaluateFillAndClose", store))
            {
                final RiskCheckBenchmark fill = new RiskCheckBenchmark();
                fill.store = store;
                fill.setUp();
                print("RiskCheckBenchmark.evaluateFillAndClose", store, measure(ops, () ->
                {
                    for (int i = 0; i < ops; i++)
                    {
                        fill.evaluateFillAndClose();
                    }
                }));
                fill.tearDown();
            }

            final MethodHandle eight = method(RiskCheckBenchmark.class, "evaluateFillAndCloseEightPerCycle");
            if (null != eight && selected("RiskCheckBenchmark.evaluateFillAndCloseEightPerCycle", store))
            {
                final RiskCheckBenchmark burst = new RiskCheckBenchmark();
                burst.store = store;
                burst.setUp();
                print("RiskCheckBenchmark.evaluateFillAndCloseEightPerCycle (per order)", store,
                    measure(ops, () ->
                    {
                        for (int i = 0; i < ops / 8; i++)
                        {
                            eight.invoke(burst);
                        }
                    }));
                burst.tearDown();
            }
        }

        final Class<?> direct = classOrNull("io.peregrine.bench.pipeline.CorePipelineDirectBenchmark");
        if (null != direct)
        {
            for (final String store : new String[]{ "inMemory", "persistent" })
            {
                final boolean persistent = "persistent".equals(store);
                for (final String name : new String[]{ "riskReject", "orderLifecycle", "harnessOnly" })
                {
                    if (!selected("CorePipelineDirectBenchmark." + name, store))
                    {
                        continue;
                    }
                    final int ops = persistent ? 20_000 : 100_000;
                    final Object benchmark = direct.getConstructor().newInstance();
                    direct.getField("store").set(benchmark, store);
                    direct.getMethod("setUp").invoke(benchmark);
                    final MethodHandle op = method(direct, name);
                    print("CorePipelineDirectBenchmark." + name, store, measure(ops, () ->
                    {
                        for (int i = 0; i < ops; i++)
                        {
                            op.invoke(benchmark);
                        }
                    }));
                    direct.getMethod("tearDown").invoke(benchmark);
                }
            }
        }
    }

    interface Batch
    {
        void run() throws Throwable;
    }

    private static double[] measure(final int ops, final Batch batch) throws Throwable
    {
        for (int i = 0; i < 10; i++)
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
        allocatedBytes = THREADS.getCurrentThreadAllocatedBytes() - bytesBefore;
        Arrays.sort(nsPerOp);
        return nsPerOp;
    }

    private static void print(final String name, final String store, final double[] sorted)
    {
        // the measured batches' allocation on this thread (the printf below allocates, after the measurement)
        System.out.printf("%-70s %-10s cpu ns/op min %8.1f  median %8.1f  thread bytes in %d batches %d%n", name,
            store, sorted[0], sorted[sorted.length / 2], BATCHES, allocatedBytes);
    }

    private static MethodHandle method(final Class<?> type, final String name) throws IllegalAccessException
    {
        try
        {
            return MethodHandles.publicLookup().findVirtual(type, name,
                MethodType.methodType(type.getMethod(name).getReturnType()));
        }
        catch (final NoSuchMethodException ex)
        {
            return null;
        }
    }

    private static Class<?> classOrNull(final String name)
    {
        try
        {
            return Class.forName(name);
        }
        catch (final ClassNotFoundException ex)
        {
            return null;
        }
    }
}
