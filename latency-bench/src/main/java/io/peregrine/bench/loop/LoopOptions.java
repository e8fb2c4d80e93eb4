package io.peregrine.bench.loop;

import io.peregrine.bench.cli.CommandLines;
import io.peregrine.bench.cli.FixedRateArguments;
import io.peregrine.bench.cli.RunArguments;
import io.peregrine.bench.cli.RunLength;
import io.peregrine.bench.cli.ToolOptions;
import io.peregrine.bench.load.IdleMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The command line of {@link FullLoopRun}, parsed and checked. Immutable.
 *
 * @param fixRate         FIX path orders/s, 0 for none.
 * @param ipcRate         IPC path orders/s, 0 for none.
 * @param count           measured orders of both paths as given, or -1 when not given (rates x duration).
 * @param durationSeconds longest measured sending time.
 * @param warmupSeconds   warm-up sending time.
 * @param idle            idle strategy of every thread.
 * @param outDir          histogram logs folder.
 * @param dataDir         the kept data folder, or null for a fresh temp folder deleted at exit.
 * @param ephemeralPorts  never the default ports.
 * @param marketMaker     whether the venue quotes.
 * @param help            true if only the usage was asked for.
 */
public record LoopOptions(
    long fixRate,
    long ipcRate,
    long count,
    long durationSeconds,
    long warmupSeconds,
    IdleMode idle,
    Path outDir,
    Path dataDir,
    boolean ephemeralPorts,
    boolean marketMaker,
    boolean help) implements ToolOptions
{
    /**
     * FIX broker session offered rate when {@code --fix-rate} is not given, orders per second. Both paths share the
     * one venue FIX session, which carries about 3 QuickFIX/J messages per order; on a shared 2-core machine the
     * loop sustains roughly 3,000 orders/s in all with the backoff idle strategy (see
     * {@code perf-reports/results/2026-11-21-fix-loop.md}), so the defaults stay well below that.
     */
    public static final long DEFAULT_FIX_RATE = 500;
    /** IPC client offered rate when {@code --ipc-rate} is not given, orders per second. */
    public static final long DEFAULT_IPC_RATE = 1_000;
    /** Measured sending time when {@code --duration} is not given, seconds. */
    public static final long DEFAULT_DURATION_SECONDS = RunLength.DEFAULT_DURATION_SECONDS;
    /** Warm-up sending time when {@code --warmup} is not given, seconds (same rates, not recorded). */
    public static final long DEFAULT_WARMUP_SECONDS = 5;
    /** Idle strategy when {@code --idle} is not given. */
    public static final IdleMode DEFAULT_IDLE = IdleMode.BACKOFF;
    /** Output folder when {@code --out} is not given. */
    public static final String DEFAULT_OUT = RunArguments.DEFAULT_OUT;
    /** Highest rate accepted per path. */
    public static final long MAX_RATE = 10_000_000;
    /** Most orders one path can send in a run, warm-up included: the run keeps 20 bytes per order (400 MB here). */
    public static final long MAX_ORDERS_PER_PATH = 20_000_000;

    /** Usage text printed by {@code --help} and on bad arguments (picocli's, from {@link Arguments}). */
    public static final String USAGE = CommandLines.usage(new Arguments());

    /** Checks the values. */
    public LoopOptions
    {
        require(fixRate >= 0 && fixRate <= MAX_RATE, "--fix-rate must be 0 to " + MAX_RATE + ", got " + fixRate);
        require(ipcRate >= 0 && ipcRate <= MAX_RATE, "--ipc-rate must be 0 to " + MAX_RATE + ", got " + ipcRate);
        require(fixRate + ipcRate > 0, "--fix-rate and --ipc-rate cannot both be 0");
        require(count == -1 || count >= 1, "--count must be at least 1, got " + count);
        require(durationSeconds >= 1 && durationSeconds <= 86_400,
            "--duration must be 1 to 86400 seconds, got " + durationSeconds);
        require(warmupSeconds >= 0 && warmupSeconds <= 3_600,
            "--warmup must be 0 to 3600 seconds, got " + warmupSeconds);
        require(Math.max(fixRate, ipcRate) * (durationSeconds + warmupSeconds) <= MAX_ORDERS_PER_PATH,
            "rate x (duration + warmup) is above " + MAX_ORDERS_PER_PATH + " orders for one path");
    }

    /**
     * @param args command line.
     * @return the options.
     * @throws IllegalArgumentException naming the bad argument.
     */
    public static LoopOptions parse(final String... args)
    {
        final Arguments a = new Arguments();
        final boolean help = CommandLines.parse(a, args);
        if (help)
        {
            return new LoopOptions(DEFAULT_FIX_RATE, DEFAULT_IPC_RATE, -1, DEFAULT_DURATION_SECONDS,
                DEFAULT_WARMUP_SECONDS, DEFAULT_IDLE, Paths.get(a.run.out), null, false, true, true);
        }
        final long count = null == a.length.count ? -1 : a.length.count;
        final Path dataDir = null == a.dataDir ? null : Paths.get(a.dataDir);
        return new LoopOptions(a.fixRate, a.ipcRate, count, a.length.duration, a.warmup, a.run.idle,
            Paths.get(a.run.out), dataDir, a.ephemeralPorts, !a.noMarketMaker, false);
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return measured orders of the FIX path. */
    public long fixCount()
    {
        if (fixRate == 0)
        {
            return 0;
        }
        final long byDuration = fixRate * durationSeconds;
        return count < 0 ? byDuration : Math.min(fixShare(), byDuration);
    }

    /** @return measured orders of the IPC path. */
    public long ipcCount()
    {
        if (ipcRate == 0)
        {
            return 0;
        }
        final long byDuration = ipcRate * durationSeconds;
        return count < 0 ? byDuration : Math.min(count - fixShare(), byDuration);
    }

    // --count is split in proportion to the rates, so both paths send for the same time
    private long fixShare()
    {
        return Math.round((double)count * fixRate / (fixRate + ipcRate));
    }

    /** @return warm-up orders of the FIX path. */
    public long fixWarmup()
    {
        return fixRate * warmupSeconds;
    }

    /** @return warm-up orders of the IPC path. */
    public long ipcWarmup()
    {
        return ipcRate * warmupSeconds;
    }

    @Override
    public String toString()
    {
        return String.format(Locale.ROOT,
            "fix-rate %,d/s, ipc-rate %,d/s, measured orders fix %,d + ipc %,d (duration cap %d s), warm-up %d s, " +
            "idle %s, market maker %s, ports %s, data dir %s, out %s",
            fixRate, ipcRate, fixCount(), ipcCount(), durationSeconds, warmupSeconds, idle.cliName(),
            marketMaker ? "on" : "off", ephemeralPorts ? "ephemeral" : "defaults if free",
            null == dataDir ? "fresh temp (deleted at exit)" : dataDir, outDir);
    }

    /** The command line as picocli fills it; checked and turned into {@link LoopOptions} by {@link #parse}. */
    @Command(
        name = "FullLoopRun",
        sortOptions = false,
        description = {
            "Runs the whole loop in this process: media driver, core, FIX gateway, matching-sim venue, and two load "
                + "clients at fixed offered rates: a FIX broker session (BROKER1, account ACC1) and an Aeron IPC "
                + "client (ACC2).",
            "Latency is measured from each order's scheduled send time (coordinated-omission aware)." })
    static final class Arguments extends FixedRateArguments
    {
        @Option(names = "--fix-rate", paramLabel = "<orders/s>", defaultValue = "" + DEFAULT_FIX_RATE,
            description = "FIX broker session offered rate, orders/s (default: ${DEFAULT-VALUE}; 0 = off).")
        long fixRate;

        @Option(names = "--ipc-rate", paramLabel = "<orders/s>", defaultValue = "" + DEFAULT_IPC_RATE,
            description = "IPC client offered rate, orders/s (default: ${DEFAULT-VALUE}; 0 = off).")
        long ipcRate;

        @Option(names = "--warmup", paramLabel = "<s>", defaultValue = "" + DEFAULT_WARMUP_SECONDS,
            description = "Seconds of load at the same rates before measuring, not recorded (default: "
                + "${DEFAULT-VALUE}).")
        long warmup;

        @Option(names = "--data-dir", paramLabel = "<dir>",
            description = "FIX stores and journals (kept); default: a fresh temp folder deleted at exit.")
        String dataDir;

        @Option(names = "--ephemeral-ports",
            description = "Never use the default ports 9880/9890 (otherwise they are used only when free).")
        boolean ephemeralPorts;

        @Option(names = "--no-market-maker",
            description = "The venue starts with an empty book: marketable orders expire instead of filling.")
        boolean noMarketMaker;
    }
}
