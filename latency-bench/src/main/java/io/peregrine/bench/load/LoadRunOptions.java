package io.peregrine.bench.load;

import io.peregrine.bench.cli.CommandLines;
import io.peregrine.bench.cli.FixedRateArguments;
import io.peregrine.bench.cli.RunArguments;
import io.peregrine.bench.cli.RunLength;
import io.peregrine.bench.cli.ToolOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The command line of {@link LoadRun}, parsed and checked. Immutable.
 *
 * @param rate            offered orders per second, 1 to {@link #MAX_RATE}.
 * @param count           measured orders to send, at least 1: {@code --count} capped by what {@code --duration} allows
 *                        at the rate.
 * @param durationSeconds longest measured sending time in seconds, at least 1.
 * @param warmup          orders sent before the measured ones, 0 or more.
 * @param idle            idle strategy of every thread of the run.
 * @param outDir          where the histogram log goes.
 * @param aeronDir        media driver directory, or null for a fresh one per run.
 * @param help            true if only the usage was asked for.
 */
public record LoadRunOptions(
    long rate,
    long count,
    long durationSeconds,
    long warmup,
    IdleMode idle,
    Path outDir,
    String aeronDir,
    boolean help) implements ToolOptions
{
    /** Offered rate when {@code --rate} is not given, orders per second. */
    public static final long DEFAULT_RATE = 50_000;
    /** Measured duration when {@code --duration} is not given, seconds. */
    public static final long DEFAULT_DURATION_SECONDS = RunLength.DEFAULT_DURATION_SECONDS;
    /** Warm-up orders when {@code --warmup} is not given: sent at the same rate, not recorded. */
    public static final long DEFAULT_WARMUP = 20_000;
    /** Idle strategy of every agent and of the load client when {@code --idle} is not given. */
    public static final IdleMode DEFAULT_IDLE = IdleMode.BACKOFF;
    /** Output folder when {@code --out} is not given. */
    public static final String DEFAULT_OUT = RunArguments.DEFAULT_OUT;
    /** Highest rate accepted: beyond this the schedule interval is under 1 ns. */
    public static final long MAX_RATE = 1_000_000_000L;
    /** Most orders (warm-up + measured) in one run: the load thread keeps 17 bytes of timing per order. */
    public static final long MAX_ORDERS = 50_000_000L;

    /** Usage text printed by {@code --help} and on bad arguments (picocli's, from {@link Arguments}). */
    public static final String USAGE = CommandLines.usage(new Arguments());

    /**
     * @param name        tool name.
     * @param description what it does.
     * @return the usage of another tool that takes exactly these options (the raw echo baseline).
     */
    public static String usage(final String name, final String... description)
    {
        return CommandLines.usage(new Arguments(), name, description);
    }

    /**
     * Options of a run (not a usage request).
     *
     * @param rate            orders per second, 1 to {@link #MAX_RATE}.
     * @param count           measured orders, at least 1.
     * @param durationSeconds longest measured sending time, at least 1.
     * @param warmup          orders before measuring, 0 or more.
     * @param idle            idle strategy of every thread of the run.
     * @param outDir          where the histogram log goes.
     * @param aeronDir        media driver directory, or null for a fresh one per run.
     */
    public LoadRunOptions(
        final long rate,
        final long count,
        final long durationSeconds,
        final long warmup,
        final IdleMode idle,
        final Path outDir,
        final String aeronDir)
    {
        this(rate, count, durationSeconds, warmup, idle, outDir, aeronDir, false);
    }

    /** Checks the values. */
    public LoadRunOptions
    {
        if (rate < 1 || rate > MAX_RATE)
        {
            throw new IllegalArgumentException("--rate must be 1 to " + MAX_RATE + " orders/s, got " + rate);
        }
        if (count < 1)
        {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        if (durationSeconds < 1)
        {
            throw new IllegalArgumentException("--duration must be at least 1 second, got " + durationSeconds);
        }
        if (warmup < 0)
        {
            throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        }
        if (warmup > MAX_ORDERS || warmup + count > MAX_ORDERS)
        {
            throw new IllegalArgumentException("warm-up + measured orders must be at most " + MAX_ORDERS + ", got " +
                (warmup + count) + ": lower --count, --duration or --rate");
        }
    }

    /**
     * @param args command-line arguments.
     * @return the options, with defaults for what is not given.
     * @throws IllegalArgumentException naming the offending argument.
     */
    public static LoadRunOptions parse(final String... args)
    {
        final Arguments arguments = new Arguments();
        final boolean help = CommandLines.parse(arguments, args);
        final Path out = Paths.get(arguments.run.out);
        if (help)
        {
            return new LoadRunOptions(DEFAULT_RATE, 1, 1, 0, DEFAULT_IDLE, out, arguments.aeronDir, true);
        }
        final long rate = arguments.rate;
        final long duration = arguments.length.duration;
        if (duration < 1)   // checked before the count it caps, so the error names --duration, not --count
        {
            throw new IllegalArgumentException("--duration must be at least 1 second, got " + duration);
        }
        // a rate out of range (the only way this overflows) is refused by the constructor before the count
        final long countByDuration = rate * Math.min(duration, MAX_ORDERS);
        final Long count = arguments.length.count;
        final long measured = count == null ? countByDuration : Math.min(count, countByDuration);
        return new LoadRunOptions(rate, measured, duration, arguments.warmup, arguments.run.idle, out,
            arguments.aeronDir);
    }

    /** @return orders sent in all: warm-up plus measured. */
    public long totalOrders()
    {
        return warmup + count;
    }

    @Override
    public String toString()
    {
        return String.format(Locale.ROOT, "rate=%d/s count=%d duration<=%ds warmup=%d idle=%s out=%s",
            rate, count, durationSeconds, warmup, idle.cliName(), outDir);
    }

    /** The command line as picocli fills it; checked and turned into {@link LoadRunOptions} by {@link #parse}. */
    @Command(
        name = "LoadRun",
        sortOptions = false,
        description = {
            "Core-only load in one JVM: embedded media driver, core, auto-fill venue and one Aeron IPC load client "
                + "offering NewOrders at a fixed rate.",
            "Latency is measured from each order's scheduled send time (coordinated-omission aware) to its final "
                + "report." })
    static final class Arguments extends FixedRateArguments
    {
        @Option(names = "--rate", paramLabel = "<orders/s>", defaultValue = "" + DEFAULT_RATE,
            description = "Fixed offered rate in orders per second (default: ${DEFAULT-VALUE}).")
        long rate;

        @Option(names = "--warmup", paramLabel = "<n>", defaultValue = "" + DEFAULT_WARMUP,
            description = "Orders sent first at the same rate and not recorded (default: ${DEFAULT-VALUE}).")
        long warmup;

        @Option(names = "--aeron-dir", paramLabel = "<dir>",
            description = "Directory of the embedded media driver (default: a fresh one per run, deleted at the "
                + "end).")
        String aeronDir;
    }
}
