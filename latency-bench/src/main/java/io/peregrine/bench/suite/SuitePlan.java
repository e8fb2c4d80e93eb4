package io.peregrine.bench.suite;

import io.peregrine.bench.load.IdleMode;

import java.util.ArrayList;
import java.util.List;

/**
 * What the bench suite runs, full or quick: the JMH groups (each Peregrine benchmark in the same group as its
 * baseline, one JSON file per group) and the fixed-rate runs (each a child JVM writing HdrHistogram logs), with their
 * arguments. Immutable; built once on the main thread.
 *
 * @param quick         the short first-look variant.
 * @param idle          idle strategy of every agent of every run.
 * @param jmhGroups     JMH runs in order.
 * @param fixedRateRuns child JVM runs in order.
 */
public record SuitePlan(boolean quick, IdleMode idle, List<JmhGroup> jmhGroups, List<FixedRateRun> fixedRateRuns)
{
    /**
     * The order-book comparison with exchange-core lives in its own benchmark class; it runs whenever the build has
     * it (matched by name, so the suite needs no change when it lands).
     */
    public static final String BOOK_VS_EXCHANGE_CORE = "io.peregrine.bench.book.BookVsExchangeCoreBenchmark";

    /** Quick mode: JMH warm-up iterations of one second each. */
    public static final int QUICK_WARMUP_ITERATIONS = 1;
    /** Quick mode: JMH measured iterations of one second each (3, so JMH can give an error bar). */
    public static final int QUICK_MEASUREMENT_ITERATIONS = 3;

    /**
     * @param quick short variant (under 5 minutes on 2 cores) or the full one (the benchmarks' own settings).
     * @param idle  idle strategy of every agent.
     * @return the plan.
     */
    public static SuitePlan of(final boolean quick, final IdleMode idle)
    {
        final List<JmhGroup> groups = List.of(
            new JmhGroup("codec", "SBE codecs", List.of(classPattern("io.peregrine.bench.codec.SbeCodecBenchmark"))),
            new JmhGroup("risk", "pre-trade risk, in memory and persistent",
                List.of(classPattern("io.peregrine.bench.risk.RiskCheckBenchmark"))),
            new JmhGroup("pipeline", "core pipeline on one thread, beside the harness alone",
                List.of(classPattern("io.peregrine.bench.pipeline.CorePipelineBenchmark"))),
            new JmhGroup("ipc", "IPC round trip through the core, beside raw Aeron echo and relay",
                List.of(classPattern("io.peregrine.bench.ipc.IpcRoundTripBenchmark"))),
            new JmhGroup("book", "order books, beside exchange-core when the build has BookVsExchangeCoreBenchmark",
                List.of(classPattern("io.peregrine.bench.book.OrderBookBenchmark"),
                    classPattern(BOOK_VS_EXCHANGE_CORE))));

        final String idleName = idle.cliName();
        final List<FixedRateRun> runs = new ArrayList<>();
        if (quick)
        {
            runs.add(new FixedRateRun("loadrun", "core only at a fixed rate (IPC client -> core -> auto-fill venue)",
                "io.peregrine.bench.load.LoadRun",
                List.of("--rate", "10000", "--duration", "5", "--warmup", "10000", "--idle", idleName)));
            runs.add(new FixedRateRun("rawecho", "baseline of the core-only run: raw Aeron IPC echo, same rate",
                "io.peregrine.bench.load.RawEchoRun",
                List.of("--rate", "10000", "--duration", "5", "--warmup", "10000", "--idle", idleName)));
            runs.add(new FixedRateRun("fixloop", "FIX loop beside the bare QuickFIX/J echo, and step loads",
                "io.peregrine.bench.loop.FixLoopLatency",
                List.of("--rates", "1000", "--seconds", "4", "--warmup", "2", "--step-rates", "1000,2000,4000",
                    "--gateway-step-rates", "2000,4000,8000", "--step-seconds", "2", "--idle", idleName)));
        }
        else
        {
            runs.add(new FixedRateRun("loadrun", "core only at a fixed rate (IPC client -> core -> auto-fill venue)",
                "io.peregrine.bench.load.LoadRun", List.of("--idle", idleName)));
            runs.add(new FixedRateRun("rawecho", "baseline of the core-only run: raw Aeron IPC echo, same rate",
                "io.peregrine.bench.load.RawEchoRun", List.of("--idle", idleName)));
            runs.add(new FixedRateRun("fixloop", "FIX loop beside the bare QuickFIX/J echo, and step loads",
                "io.peregrine.bench.loop.FixLoopLatency", List.of("--idle", idleName)));
        }
        return new SuitePlan(quick, idle, groups, List.copyOf(runs));
    }

    /** @return how JMH iterates: fixed short settings when quick, else each benchmark's own annotations. */
    public String jmhSettings()
    {
        return quick ?
            "1 fork, " + QUICK_WARMUP_ITERATIONS + " x 1 s warm-up, " + QUICK_MEASUREMENT_ITERATIONS +
            " x 1 s measured, -prof gc" :
            "each benchmark's own @Fork/@Warmup/@Measurement (see latency-bench/README.md), -prof gc";
    }

    /** @return the plan as lines a person reads (what {@code --dry-run} prints). */
    public List<String> describe()
    {
        final List<String> lines = new ArrayList<>();
        lines.add("bench suite (" + (quick ? "quick" : "full") + "), idle " + idle.describe());
        lines.add("JMH: " + jmhSettings());
        for (final JmhGroup group : jmhGroups)
        {
            lines.add("  jmh-" + group.name() + ".json: " + group.what() + "; includes " + group.includes());
        }
        lines.add("fixed-rate runs, one child JVM each:");
        for (final FixedRateRun run : fixedRateRuns)
        {
            lines.add("  " + run.name() + ": " + run.what() + "; " + run.mainClass() + " " + String.join(" ",
                run.arguments()) + " --out <out>");
        }
        return lines;
    }

    private static String classPattern(final String className)
    {
        return "^" + className.replace(".", "\\.") + "\\.";
    }

    /**
     * @param name     file name part: {@code jmh-<name>.json}.
     * @param what     for a reader.
     * @param includes JMH include regexes (full benchmark names); one that matches nothing is fine.
     */
    public record JmhGroup(String name, String what, List<String> includes)
    {
    }

    /**
     * @param name      log file name: {@code <name>.txt}.
     * @param what      for a reader.
     * @param mainClass class run in a child JVM.
     * @param arguments its arguments, {@code --out} is added.
     */
    public record FixedRateRun(String name, String what, String mainClass, List<String> arguments)
    {
    }
}
