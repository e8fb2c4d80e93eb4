package io.peregrine.bench.journal;

import io.aeron.Aeron;
import io.peregrine.bench.AeronDirs;
import io.peregrine.bench.DirectoryTree;
import io.peregrine.client.PeregrineClient;
import io.peregrine.client.ReportListener;
import io.peregrine.core.CoreCounters;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.journal.SnapshotStore;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures how long a core takes to recover from its journal, for journals of 10^4, 10^5 and 10^6 input events
 * (or the sizes given as arguments). Each journal is written by a real core: orders from an IPC client, filled by
 * the in-process {@code AutoFillVenue} (3 inputs per order: the order, the venue's ack, its fill; 6 outputs), taking
 * periodic snapshots ({@code -Dperegrine.snapshot.interval.entries}, default 1,000,000 entries). The core is then
 * started again on the journal three times in each of three cases, and the recovery time of each start (snapshot
 * load and restore included) is printed:
 * <ul>
 *   <li>{@code full replay}: no snapshot (as before snapshots existed);</li>
 *   <li>{@code periodic + tail}: the newest periodic snapshot and the journal after it (a restart after a crash);</li>
 *   <li>{@code shutdown snapshot}: the snapshot written at the clean shutdown (nothing to replay).</li>
 * </ul>
 * {@code java $(flags) -cp latency-bench/target/benchmarks.jar io.peregrine.bench.journal.RecoveryRun [events...]}
 */
public final class RecoveryRun
{
    private static final long ACC1 = PackedAscii.pack("ACC1");
    private static final long AAPL = PackedAscii.pack("AAPL");
    private static final int IN_FLIGHT = 512;
    private static final int STARTS = 3;

    private RecoveryRun()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final List<Long> sizes = new ArrayList<>();
        for (final String arg : args)
        {
            sizes.add(Long.parseLong(arg.replace("_", "")));
        }
        if (sizes.isEmpty())
        {
            sizes.addAll(List.of(10_000L, 100_000L, 1_000_000L));
        }
        System.out.println("| journaled inputs | journal on disk | snapshot size | start from | inputs replayed | " +
            "recovery ms (3 starts) |");
        System.out.println("|---:|---:|---:|---|---:|---|");
        for (final long size : sizes)
        {
            final Path journal = Files.createTempDirectory("peregrine-recovery-run");
            try
            {
                final String copyPause = write(journal, size);
                final Path snapshotDir = journal.resolve(SnapshotStore.DIRECTORY);
                final List<Path> files = new SnapshotStore(journal, Integer.MAX_VALUE).snapshots();
                final Path shutdown = files.get(files.size() - 1);
                final byte[] shutdownBytes = Files.readAllBytes(shutdown);
                final String disk = diskUsage(journal, snapshotDir);
                final List<byte[]> periodicBytes = new ArrayList<>();
                for (int i = 0; i < files.size() - 1; i++)
                {
                    periodicBytes.add(Files.readAllBytes(files.get(i)));
                }
                measure(journal, "full replay", disk, shutdownBytes.length, null, null);
                for (int i = 0; i < files.size() - 1; i++)
                {
                    measure(journal, "periodic " + files.get(i).getFileName() + " + tail", disk,
                        periodicBytes.get(i).length, files.get(i), periodicBytes.get(i));
                }
                measure(journal, "shutdown snapshot", disk, shutdownBytes.length, shutdown, shutdownBytes);
                System.out.println("|  | (" + copyPause + ") | | | | |");
            }
            finally
            {
                DirectoryTree.delete(journal);
            }
        }
    }

    private static void measure(
        final Path journal, final String from, final String disk, final int snapshotBytes, final Path snapshot,
        final byte[] bytes) throws IOException
    {
        final List<Long> millis = new ArrayList<>();
        long inputs = 0;
        long replayed = 0;
        for (int start = 0; start < STARTS; start++)
        {
            // Only the snapshot under test: the previous start's shutdown snapshot would be used otherwise.
            final Path snapshotDir = journal.resolve(SnapshotStore.DIRECTORY);
            for (final Path file : new SnapshotStore(journal, Integer.MAX_VALUE).snapshots())
            {
                Files.delete(file);
            }
            if (null != snapshot)
            {
                Files.createDirectories(snapshotDir);
                Files.write(snapshot, bytes);
            }
            final Peregrine core = Peregrine.launch(context(journal));
            core.close();
            millis.add(core.recovery().elapsedNs() / 1_000_000);
            inputs = core.recovery().inputs();
            replayed = core.recovery().replayedInputs();
            if (0 != core.recovery().mismatches())
            {
                throw new IllegalStateException("replay mismatches: " + core.recovery().mismatches());
            }
        }
        System.out.printf("| %,d | %s | %,d B | %s | %,d | %s |%n", inputs, disk, snapshotBytes, from, replayed,
            millis);
    }

    private static PeregrineContext context(final Path journal)
    {
        return new PeregrineContext()
            .aeronDirectoryName(AeronDirs.fresh("recovery-run"))
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true)
            .idleStrategyName("backoff")
            .snapshotRetained(Integer.MAX_VALUE)
            .journalDir(journal);
    }

    private static String write(final Path journal, final long inputs) throws InterruptedException
    {
        final String copyPause;
        try (Peregrine core = Peregrine.launch(context(journal));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(core.aeronDirectoryName()));
            AutoFillVenue venue = new AutoFillVenue(aeron, new AutoFillVenue.Context().mode(AutoFillVenue.Mode.FILL));
            AgentRunner venueRunner = new AgentRunner(
                new BackoffIdleStrategy(), Throwable::printStackTrace, null, venue);
            PeregrineClient client = PeregrineClient.connect(
                new PeregrineClient.Context().aeronDirectoryName(core.aeronDirectoryName()).clientId(1)))
        {
            AgentRunner.startOnThread(venueRunner);
            while (!client.isConnected() || !venue.isConnected())
            {
                Thread.sleep(1);
            }
            final CoreCounters counters = core.counters();
            final ReportListener drain = new ReportListener()
            {
            };
            long clOrdId = 0;
            while (counters.ingressMessages().get() + counters.venueMessages().get() < inputs)
            {
                final long closed = counters.fills().get();
                if (clOrdId - closed < IN_FLIGHT)
                {
                    final Side side = (clOrdId & 1) == 0 ? Side.BUY : Side.SELL;
                    if (client.newOrder(clOrdId + 1, ACC1, AAPL, side, OrdType.LIMIT, TimeInForce.DAY,
                        190 * Prices.SCALE, 10))
                    {
                        clOrdId++;
                    }
                }
                client.poll(drain, 256);
            }
            while (counters.fills().get() < clOrdId)
            {
                client.poll(drain, 256);
            }
            CloseHelper.quietClose(venueRunner);
            copyPause = "periodic snapshots while writing: " + core.snapshots().written() + ", longest state copy " +
                "on the core thread " + core.snapshots().maxCopyNs() / 1_000 + " us";
        }
        return copyPause;
    }

    private static String diskUsage(final Path journal, final Path excluded) throws IOException, InterruptedException
    {
        final Process du = new ProcessBuilder("du", "-sh", "--exclude=" + excluded.getFileName(), journal.toString())
            .start();
        final String out = new String(du.getInputStream().readAllBytes()).trim();
        du.waitFor();
        return out.isEmpty() ? "?" : out.split("\\s+")[0];
    }
}
