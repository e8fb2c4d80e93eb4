package io.peregrine.bench.loop;

import io.peregrine.bench.SetUpWait;
import io.peregrine.bench.cli.CommandLines;
import io.peregrine.bench.engine.PathReport;
import io.peregrine.bench.engine.FixedRateSender;
import io.peregrine.bench.engine.IpcOrderPort;
import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.OrderFlow;
import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.DirectoryTree;
import io.peregrine.bench.load.MachineInfo;
import io.peregrine.client.PeregrineClient;
import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.core.CoreCounters;
import io.peregrine.protocol.PackedAscii;
import org.agrona.IoUtil;
import quickfix.ConfigError;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The main job of Peregrine ({@code ./scripts/run.sh}): the whole order loop in one process on embedded defaults,
 * under load, with results printed.
 * <p>
 * It starts the matching-sim venue with its market maker, the core (embedded media driver, fresh Aeron directory),
 * the FIX gateway, then two load clients, each at a fixed offered rate on its own thread: a FIX broker session
 * ({@code BROKER1}, account {@code ACC1}, a QuickFIX/J initiator) and an Aeron IPC client ({@code PeregrineClient},
 * account {@code ACC2}). Orders ({@link OrderFlow}) are LIMIT IOC around the AAPL/MSFT reference prices; most trade
 * against the market maker, some partially fill, some expire, and a few are deliberately bad so rejects by reason
 * show. Everything binds 127.0.0.1; the documented ports 9880 (broker) and 9890 (venue) are used only when free
 * (or never, with {@code --ephemeral-ports}); FIX stores go to a fresh temp folder deleted at exit unless
 * {@code --data-dir} is given.
 * <p>
 * It prints the configuration, the machine, throughput and latency percentiles per path (scheduled send -> first
 * report and -> final report, coordinated-omission aware), report counts and rejects by reason per path, writes one
 * HdrHistogram log per path to {@code --out}, stops everything in reverse order and exits 0, or 1 when an order got
 * no final report (2 on bad arguments).
 * <pre>
 * java $(flags) -cp latency-bench/target/benchmarks.jar io.peregrine.bench.loop.FullLoopRun --help
 * </pre>
 */
public final class FullLoopRun
{
    /** Broker session of the FIX load client. */
    public static final String BROKER_COMP_ID = "BROKER1";
    /** Account of the FIX load client (BROKER1's default account). */
    public static final String FIX_ACCOUNT = "ACC1";
    /** Account of the IPC load client. */
    public static final String IPC_ACCOUNT = "ACC2";
    /** Client id of the IPC load client. */
    public static final int IPC_CLIENT_ID = 4343;

    /** Continues the {@code idle} configuration line: one line per thread group, aligned. */
    static final String IDLE_LINE_BREAK = System.lineSeparator() + "            ";
    private static final long START_TIMEOUT_MILLIS = 15_000;
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private FullLoopRun()
    {
    }

    /**
     * @param args see {@link LoopOptions#USAGE}.
     */
    public static void main(final String[] args)
    {
        CommandLines.runAndExit("FullLoopRun", LoopOptions.USAGE, LoopOptions::parse, args,
            options -> run(options, System.out).missing() == 0);
    }

    /**
     * Runs the whole loop and prints the results.
     *
     * @param options what to run.
     * @param out     where to print.
     * @return what was measured.
     */
    public static LoopResult run(final LoopOptions options, final PrintStream out)
    {
        return run(options, out, (stack) -> () -> { });
    }

    /**
     * Runs the whole loop with something attached to the running stack for the length of the run (e.g. the ops
     * console and a scraper, to measure what watching costs).
     *
     * @param options what to run.
     * @param out     where to print.
     * @param attach  called once the stack is up; what it returns is closed when the load is done.
     * @return what was measured.
     */
    @SuppressWarnings("try") // an attached extra (e.g. a scraper) is held open for the run only
    public static LoopResult run(
        final LoopOptions options, final PrintStream out, final Function<LoopStack, Closeable> attach)
    {
        final String startedAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        final String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        final boolean tempData = null == options.dataDir();
        final Path dataDir = tempData ? DirectoryTree.createTemp("peregrine-loop-") : options.dataDir();
        final String aeronDir = AeronDirs.fresh("loop");
        // The core journals as run.sh stack does, into a fresh directory per run (-Dperegrine.journal.enabled=false
        // measures the bare core). Only with a temporary data dir: a kept journal would recover the last run's ids.
        final Path journalDir = tempData && Boolean.parseBoolean(System.getProperty(
            Core.JOURNAL_ENABLED.name(), "true")) ? dataDir.resolve("core") : null;
        // 0: the OS picks a free port when the acceptor binds (LoopPorts)
        final int brokerPort = options.ephemeralPorts() ? 0 : Gateway.BROKER_PORT.defaultValue();
        final int venuePort = options.ephemeralPorts() ? 0 : Sim.PORT.defaultValue();

        out.println("Peregrine full loop " + startedAt);
        out.println("  config  : " + options);
        out.println("  machine : " + MachineInfo.describe());
        out.println("  jdk     : " + MachineInfo.jdk());
        out.println("  dirs    : aeron " + aeronDir + ", data " + dataDir + (tempData ? " (deleted at exit)" : ""));
        out.println("  journal : " + (null == journalDir ? "off" : "core journal in " + journalDir));
        out.println("  flow    : LIMIT IOC on AAPL/MSFT around the reference; mostly marketable into the market "
            + "maker, 1 in " + OrderFlow.LARGE_EVERY + " large (partial fill), 1 in " + OrderFlow.PASSIVE_EVERY
            + " passive (expires), 1 in " + OrderFlow.BAD_EVERY + " bad (collar / max qty / unknown symbol)");

        final int fixWarmup = (int)options.fixWarmup();
        final int ipcWarmup = (int)options.ipcWarmup();
        final OrderTracker fix = new OrderTracker("FIX", fixWarmup + (int)options.fixCount(), fixWarmup, false);
        final OrderTracker ipc = new OrderTracker("IPC", ipcWarmup + (int)options.ipcCount(), ipcWarmup, false);
        final LoopResult result;
        try (LoopStack stack = LoopStack.start(aeronDir, dataDir, options.idle().cliName(), null, brokerPort, venuePort,
            options.marketMaker(), START_TIMEOUT_MILLIS, journalDir);
            FixBrokerSession broker = options.fixRate() == 0 ? null : new FixBrokerSession("127.0.0.1",
                stack.brokerPort(), BROKER_COMP_ID, Gateway.BROKER_COMP_ID.defaultValue(), FIX_ACCOUNT,
                dataDir.resolve("broker-client"), runId, fix).start(START_TIMEOUT_MILLIS);
            PeregrineClient client = options.ipcRate() == 0 ? null : PeregrineClient.connect(
                new PeregrineClient.Context().aeronDirectoryName(stack.aeronDirectoryName()).clientId(IPC_CLIENT_ID));
            Closeable attached = attach.apply(stack))
        {
            out.println("  ports   : broker acceptor 127.0.0.1:" + stack.brokerPort() + portNote(stack.brokerPort(),
                Gateway.BROKER_PORT.defaultValue()) + ", venue acceptor 127.0.0.1:" + stack.venuePort() +
                portNote(stack.venuePort(), Sim.PORT.defaultValue()));
            out.println("  idle    : " + String.join(IDLE_LINE_BREAK, stack.idleLines()) + IDLE_LINE_BREAK +
                "load threads park until each order is due; QuickFIX/J threads block on sockets");
            if (null != client)
            {
                awaitConnected(client);
            }
            out.printf(Locale.ROOT, "running: %d s warm-up, then measuring (%,d FIX + %,d IPC orders)...%n",
                options.warmupSeconds(), options.fixCount(), options.ipcCount());
            final List<Thread> threads = new ArrayList<>();
            final FutureTask<Missing> fixLoad = null == broker ? null : load("loop-fix-load",
                new FixedRateSender(broker, fix, options.idle().newStrategy()), fix, options.fixRate(), threads);
            final FutureTask<Missing> ipcLoad = null == client ? null : load("loop-ipc-load", new FixedRateSender(
                new IpcOrderPort(client, PackedAscii.pack(IPC_ACCOUNT), ipc), ipc, options.idle().newStrategy()),
                ipc, options.ipcRate(), threads);
            threads.forEach(Thread::start);
            if (options.warmupSeconds() > 0)
            {
                // both paths warm up for the same time: start the core's own histograms with the measured phase
                Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
            }
            stack.core().latency().reset();
            final long startMillis = System.currentTimeMillis();
            for (final Thread thread : threads)
            {
                thread.join();
            }
            final Missing fixMissing = missing(fixLoad);
            final Missing ipcMissing = missing(ipcLoad);
            final long endMillis = System.currentTimeMillis();
            result = new LoopResult(fix, ipc, fixMissing.measured(), ipcMissing.measured(),
                fixMissing.warmUp() + ipcMissing.warmUp(), counters(stack.core().counters()));

            Files.createDirectories(options.outDir());
            final String stamp = startedAt.replace(':', '-');
            final String where = MachineInfo.describe() + ", " + MachineInfo.jdk() + ", idle " +
                options.idle().cliName() + "; values in nanoseconds";
            out.println("results");
            if (null != broker)
            {
                final Path log = options.outDir().resolve("fullloop-" + stamp + "-fix.hlog");
                PathReport.writeLog(log, "Peregrine full loop, FIX path, " + options + " on " + where, fix,
                    startMillis, endMillis);
                PathReport.printPath("FIX path: broker session " + BROKER_COMP_ID + " (" + FIX_ACCOUNT +
                    ") -> gateway -> core -> venue -> back", fix, options.fixRate(), result.fixMissing(), true, out);
                out.println("  histogram log: " + log.toAbsolutePath());
            }
            if (null != client)
            {
                final Path log = options.outDir().resolve("fullloop-" + stamp + "-ipc.hlog");
                PathReport.writeLog(log, "Peregrine full loop, IPC path, " + options + " on " + where, ipc,
                    startMillis, endMillis);
                PathReport.printPath("IPC path: PeregrineClient (" + IPC_ACCOUNT +
                    ") -> core -> gateway venue session -> venue -> back", ipc, options.ipcRate(),
                    result.ipcMissing(), true, out);
                out.println("  histogram log: " + log.toAbsolutePath());
            }
            out.println("core (its own thread, from the end of the warm-up)");
            PathReport.printLatency("ingress        ", stack.core().latency().ingress(),
                "a client message handled: decode, risk, order state, venue request", out);
            PathReport.printLatency("venue in       ", stack.core().latency().venueIn(),
                "a venue message handled: order state, risk, report", out);
            out.println("  counts (warm-up included): " + result.coreCounters());
            out.println("  reports per path: java -jar perf-reports/target/perf-reports.jar " + options.outDir());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final ConfigError ex)
        {
            throw new IllegalStateException("QuickFIX/J refused the broker session settings", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        finally
        {
            if (tempData)
            {
                IoUtil.delete(dataDir.toFile(), true);
            }
        }
        final String overload = overloadNote(options, fix, ipc);
        if (null != overload)
        {
            out.println(overload);
        }
        if (result.missing() > 0)
        {
            out.printf(Locale.ROOT, "FAILED: %,d orders got no final report%n", result.missing());
        }
        else
        {
            out.println("OK: every order got a final report");
        }
        return result;
    }

    /**
     * @return one path's load, run by a daemon thread added to {@code threads} (not started): sends every order of
     *         the tracker at the rate, then tells how many got no final report.
     */
    private static FutureTask<Missing> load(
        final String name,
        final FixedRateSender sender,
        final OrderTracker tracker,
        final long rate,
        final List<Thread> threads)
    {
        final FutureTask<Missing> load = new FutureTask<>(() ->
        {
            final long missing = sender.run(0, tracker.capacity(), rate, DRAIN_NANOS);
            return new Missing(tracker.missing(tracker.measureFrom(), tracker.capacity()), missing);
        });
        final Thread thread = new Thread(load, name);
        thread.setDaemon(true);
        threads.add(thread);
        return load;
    }

    /**
     * @param load a finished load, or null for a path that is off.
     * @return what it left without a final report.
     * @throws IllegalStateException if its thread failed.
     */
    private static Missing missing(final FutureTask<Missing> load) throws InterruptedException
    {
        if (null == load)
        {
            return Missing.NONE;
        }
        try
        {
            return load.get();
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("a load thread failed", ex.getCause());
        }
    }

    /**
     * Orders of one path without a final report when its load ended.
     *
     * @param measured the measured ones.
     * @param all      all of them, warm-up included.
     */
    private record Missing(long measured, long all)
    {
        /** A path that is off. */
        static final Missing NONE = new Missing(0, 0);

        long warmUp()
        {
            return all - measured;
        }
    }

    /**
     * @return a hint when the offered load was more than this machine carried (a queue built up, the sender fell
     *         behind, or orders were refused for reasons the flow does not inject), else null.
     */
    static String overloadNote(final LoopOptions options, final OrderTracker fix, final OrderTracker ipc)
    {
        final List<String> signs = new ArrayList<>();
        overloadSigns("FIX", fix, options.fixRate(), signs);
        overloadSigns("IPC", ipc, options.ipcRate(), signs);
        if (signs.isEmpty())
        {
            return null;
        }
        return "NOTE: the offered load looks higher than this machine carries (" + String.join("; ", signs) +
            "): the numbers show queueing, not the loop's latency. Try lower --fix-rate/--ipc-rate (both paths " +
            "share one venue FIX session).";
    }

    private static void overloadSigns(
        final String path, final OrderTracker tracker, final long rate, final List<String> signs)
    {
        if (rate == 0 || tracker.sent() == 0)
        {
            return;
        }
        if (tracker.completionRate() < 0.95 * rate)
        {
            signs.add(String.format(Locale.ROOT, "%s completed %,.0f/s of %,d/s offered", path,
                tracker.completionRate(), rate));
        }
        if (tracker.maxOutstanding() > Math.max(100, rate / 2))
        {
            signs.add(String.format(Locale.ROOT, "%s had up to %,d orders in flight", path, tracker.maxOutstanding()));
        }
        final long uninjected = tracker.totalRejects() - tracker.rejects("PRICE_OUTSIDE_COLLAR") -
            tracker.rejects("QUANTITY_ABOVE_MAX") - tracker.rejects("UNKNOWN_INSTRUMENT");
        if (uninjected > 0)
        {
            signs.add(String.format(Locale.ROOT, "%s got %,d rejects the flow does not inject", path, uninjected));
        }
    }

    private static String portNote(final int port, final int defaultPort)
    {
        return port == defaultPort ? " (default)" : " (ephemeral; default " + defaultPort + " busy or not wanted)";
    }

    private static void awaitConnected(final PeregrineClient client)
    {
        SetUpWait.until(client::isConnected, START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS, "IPC client", "connect");
    }

    private static String counters(final CoreCounters counters)
    {
        return "ordersAccepted " + counters.ordersAccepted().get() +
            ", ordersRejected " + counters.ordersRejected().get() +
            ", riskRejects " + counters.riskRejects().get() +
            ", fills " + counters.fills().get() +
            ", venueOutBackPressured " + counters.venueOutBackPressured().get() +
            ", offerRetries " + counters.offerRetries().get() +
            ", egressDropped " + counters.egressDropped().get() +
            ", errors " + counters.errors().get();
    }
}
