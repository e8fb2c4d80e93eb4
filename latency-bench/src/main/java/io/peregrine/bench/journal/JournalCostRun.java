package io.peregrine.bench.journal;

import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.BenchCoreContext;
import io.peregrine.bench.DirectoryTree;
import io.peregrine.bench.RunningVenue;
import io.peregrine.bench.SetUpWait;
import io.peregrine.bench.engine.SerialOrderClient;
import io.peregrine.bench.load.IdleMode;
import io.peregrine.client.PeregrineClient;
import io.peregrine.core.Peregrine;
import io.peregrine.core.venue.AutoFillVenue;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the journal's cost in the core round trip goes. Runs the same one-order-at-a-time IPC round trip as
 * {@code IpcRoundTripBenchmark.coreRoundTrip} (client -> core -> ack-only venue -> core -> NEW report), with the
 * journal off and on, alternating in one JVM (fresh core each time), and prints per run: the round trip's
 * percentiles, the core thread's own handling time per message (ingress: NewOrder incl. its journal append and the
 * venue request; venue-in: the ack incl. its appends and the report), and the CPU time every thread of the process
 * used during the measured phase (to see who competes for the machine's 2 cores).
 * <p>
 * {@code java $(flags) -cp latency-bench/target/benchmarks.jar io.peregrine.bench.journal.JournalCostRun
 * [roundTrips] [rounds]} (defaults 20,000 and 3). System properties of the core apply (e.g.
 * {@code -Dchronicle.disk.monitor.disable=true}).
 */
public final class JournalCostRun
{
    private static final int CLIENT_ID = 77;

    private JournalCostRun()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println("| run | journal | round trip p50 | p90 | p99 | core ingress p50 / p99 | " +
            "core venue-in p50 / p99 | core thread minor faults / round trip | core thread involuntary switches | " +
            "CPU ms of the busiest threads while measuring |");
        System.out.println("|---|---|---:|---:|---:|---|---|---:|---:|---|");
        for (int round = 1; round <= rounds; round++)
        {
            run(round, false, roundTrips);
            run(round, true, roundTrips);
        }
    }

    private static void run(final int round, final boolean journalOn, final int roundTrips) throws Exception
    {
        final IdleMode mode = IdleMode.fromCliName("backoff");
        final String aeronDir = AeronDirs.fresh("journal-cost");
        final Path journalDir = journalOn ? Files.createTempDirectory("peregrine-journal-cost") : null;
        Peregrine core = null;
        RunningVenue venue = null;
        PeregrineClient client = null;
        try
        {
            core = Peregrine.launch(BenchCoreContext.create(aeronDir)
                .idleStrategy(mode.newStrategy())
                .journalDir(journalDir));
            venue = RunningVenue.start(aeronDir, AutoFillVenue.Mode.ACK_ONLY, 1024, mode.newStrategy());
            client = PeregrineClient.connect(new PeregrineClient.Context().aeronDirectoryName(aeronDir)
                .clientId(CLIENT_ID));
            venue.awaitConnected(10, TimeUnit.SECONDS);
            SetUpWait.until(client::isConnected, 10, TimeUnit.SECONDS, "client streams", "connect");
            final SerialOrderClient orders = new SerialOrderClient(client, mode.newStrategy());
            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long clOrdId = 0;
            for (int i = 0; i < roundTrips / 2; i++)
            {
                clOrdId = roundTrip(orders, clOrdId, null);
            }
            core.latency().reset();
            final long[] faultsBefore = coreThreadFaults();
            final Map<Long, Long> cpuBefore = threadCpu();
            for (int i = 0; i < roundTrips; i++)
            {
                clOrdId = roundTrip(orders, clOrdId, histogram);
            }
            core.latency().sample();
            final Map<String, Long> cpuMs = cpuSince(cpuBefore);
            final long[] faultsAfter = coreThreadFaults();
            final Histogram ingress = core.latency().ingress();
            final Histogram venueIn = core.latency().venueIn();
            System.out.printf(
                "| %d | %s | %.1f us | %.1f us | %.1f us | %.2f / %.1f us | %.2f / %.1f us | %.3f | %d | %s |%n",
                round, journalOn ? "on" : "off", us(histogram.getValueAtPercentile(50)),
                us(histogram.getValueAtPercentile(90)), us(histogram.getValueAtPercentile(99)),
                us(ingress.getValueAtPercentile(50)), us(ingress.getValueAtPercentile(99)),
                us(venueIn.getValueAtPercentile(50)), us(venueIn.getValueAtPercentile(99)),
                (faultsAfter[0] - faultsBefore[0]) / (double)roundTrips, faultsAfter[1] - faultsBefore[1], cpuMs);
        }
        finally
        {
            CloseHelper.quietCloseAll(client, venue, core);
            DirectoryTree.delete(journalDir);
        }
    }

    /** One order measured to its NEW report, then canceled outside the timing (as the JMH benchmark does). */
    private static long roundTrip(final SerialOrderClient orders, final long lastClOrdId, final Histogram histogram)
    {
        final long id = lastClOrdId + 1;
        final long start = System.nanoTime();
        final long orderId = orders.newOrder(id);
        if (null != histogram)
        {
            histogram.recordValue(System.nanoTime() - start);
        }
        final long cancelId = id + 1;
        orders.cancel(cancelId, id, orderId);
        return cancelId;
    }

    /**
     * @return minor page faults and involuntary context switches of the core thread so far (Linux /proc), or zeros.
     */
    private static long[] coreThreadFaults()
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                if ("peregrine-core".equals(Files.readString(task.resolve("comm")).trim()))
                {
                    final String stat = Files.readString(task.resolve("stat"));
                    final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long involuntary = 0;
                    for (final String line : Files.readAllLines(task.resolve("status")))
                    {
                        if (line.startsWith("nonvoluntary_ctxt_switches:"))
                        {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    return new long[]{ Long.parseLong(fields[7]), involuntary };
                }
            }
        }
        catch (final Exception ex)
        {
            // not Linux: no figures
        }
        return new long[2];
    }

    private static Map<Long, Long> threadCpu()
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final Map<Long, Long> cpu = new LinkedHashMap<>();
        for (final long id : threads.getAllThreadIds())
        {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    private static Map<String, Long> cpuSince(final Map<Long, Long> before)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final Map<String, Long> used = new LinkedHashMap<>();
        for (final long id : threads.getAllThreadIds())
        {
            final ThreadInfo info = threads.getThreadInfo(id);
            final long now = threads.getThreadCpuTime(id);
            if (null == info || now < 0)
            {
                continue;
            }
            final long ms = TimeUnit.NANOSECONDS.toMillis(now - before.getOrDefault(id, 0L));
            if (ms >= 20)
            {
                used.merge(info.getThreadName(), ms, Long::sum);
            }
        }
        return used;
    }

    private static double us(final long nanos)
    {
        return nanos / 1_000.0;
    }
}
