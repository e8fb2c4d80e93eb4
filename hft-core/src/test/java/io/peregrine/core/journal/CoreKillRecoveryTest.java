package io.peregrine.core.journal;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.testsupport.ChildJvm;
import io.peregrine.testsupport.ChildLog;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.testsupport.TestAeronClients;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.peregrine.client.PeregrineClient;
import io.peregrine.client.ReportListener;
import io.peregrine.core.Peregrine;
import io.peregrine.core.system.TestStack;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.protocol.Prices;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueCancelOrderDecoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueReplaceOrderDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.MSFT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core runs in a child JVM on a journal, under a steady mixed load (new orders, cancels, replaces, partial and
 * full fills from a venue played by this test), and is killed with SIGKILL at a random moment, then started again
 * on the same journal. For each seed: every order the venue holds ends in exactly one final state that matches the
 * venue; no fill is lost or booked twice; no ExecID or OrderID is reused; the client, reading reports from the
 * journal, receives every report exactly once; risk positions rebuilt from the journal equal the venue's fills.
 * <p>
 * The media driver, the venue and the client live in this JVM, so they survive the kill (as they would in
 * production, where they are other processes). The venue follows the adapter contract the core documents for a
 * restart: after the core is back it re-sends, in order, what it sent before (the core ignores what it already
 * has) and nothing new goes out before that. The child core snapshots every 20-220 journal entries, so the kill
 * lands before, during or after snapshot copies and writes, and the restart starts from a snapshot plus the journal
 * tail; at the end each seed's state must equal the state of a full replay of its journal (byte for byte). The venue
 * refuses every fifth request that is a replace and rejects every thirteenth new order, each with a text of its own
 * that the client's CancelReject or REJECTED report carries.
 * Seeds: {@code -Dperegrine.killTest.seeds} (default 20), each a test of its own with its own time limit: one limit
 * of 300 s for all 20 seeds was met on an idle machine and ran out at seed 15 on a loaded one (21 s a seed), and
 * could never fit a larger seed count.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CoreKillRecoveryTest
{
    private static final String CHANNEL = "aeron:ipc?term-length=1m";
    private static final int SEEDS = Integer.getInteger("peregrine.killTest.seeds", 20);
    private static final int FIRST_SEED = Integer.getInteger("peregrine.killTest.firstSeed", 1);
    private static final int RETENTION_SEEDS = Integer.getInteger("peregrine.retentionKillTest.seeds", 4);
    private static final int EPISODE_SEEDS = Integer.getInteger("peregrine.episodeKillTest.seeds", 4);

    @TempDir
    Path dir;

    // Across the seeds (the test's instances): how the restarts began.
    private static int seedsRun;
    private static int retentionSeedsRun;
    private static int cycleFilesDeleted;
    private static int restartsFromSnapshot;
    private static int interruptedSnapshotWrites;
    private static int venueTextRejects;
    private static int statusReports;
    // The test venue refuses every REFUSED_REPLACE_EVERY-th request that is a replace, saying so in its text.
    private static final int REFUSED_REPLACE_EVERY = 5;
    private static final String REFUSED_REPLACE_TEXT = "test venue refuses replace request ";
    // ... and rejects every REJECTED_ORDER_EVERY-th new order (by order id), also saying so.
    private static final int REJECTED_ORDER_EVERY = 13;
    private static final String REJECTED_ORDER_TEXT = "test venue rejects order ";

    static IntStream seeds()
    {
        return IntStream.range(FIRST_SEED, FIRST_SEED + SEEDS);
    }

    static IntStream retentionSeeds()
    {
        return IntStream.range(FIRST_SEED, FIRST_SEED + RETENTION_SEEDS);
    }

    static IntStream episodeSeeds()
    {
        return IntStream.range(FIRST_SEED, FIRST_SEED + EPISODE_SEEDS);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void killedCoreRecoversEveryOrderFillAndReport(final int seed) throws Exception
    {
        withDriver(seed, false, false);
    }

    /**
     * The same, with retention deleting cycle files while the load runs: the child's journal rolls every second
     * (Chronicle's {@code TEST_SECONDLY}) and keeps 1 cycle file beyond the oldest of its 2 snapshots, so files are
     * deleted before the kill and after the restart, and the kill lands before, during or after deletions. The restart
     * recovers from a snapshot of the pruned journal; the final state must equal a full replay of the whole journal
     * (the deleted files are kept aside by hard links as they appear). Seeds: {@code -Dperegrine.retentionKillTest.seeds}
     * (default 4).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("retentionSeeds")
    void killedCoreDeletingOldCycleFilesRecoversEveryOrderFillAndReport(final int seed) throws Exception
    {
        withDriver(seed, true, false);
        retentionSeedsRun++;
    }

    /**
     * The same, with the journal unavailable for a while before the kill (a full disk: the child's free space reads 0
     * while a flag file exists), so that inputs are refused JOURNAL_UNAVAILABLE between journaled ones, and the kill
     * lands during the episode or after it: the restart replays without a mismatch and no ExecID repeats (the
     * refusals' are never journaled, so a replay must not depend on them). Seeds:
     * {@code -Dperegrine.episodeKillTest.seeds} (default 4).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("episodeSeeds")
    void killedCoreAfterJournalUnavailableEpisodesRecoversWithoutMismatchOrRepeatedExecId(final int seed)
        throws Exception
    {
        withDriver(seed, false, true);
    }

    private void withDriver(final int seed, final boolean retention, final boolean episodes) throws Exception
    {
        // A media driver of its own per seed. On one driver for all seeds, a seed's fresh core once traded an
        // earlier seed's left-over client requests and venue fills as its own (seed 7's order 3 was seed 6's
        // clOrdId 284, filled by seed 6's venue): an Aeron publication left by an earlier seed can still be
        // joined by a later subscriber. Every journaled input must come from this seed's client and venue.
        final String aeronDir = TempDirs.uniqueAeronDir("peregrine-test-");
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(1, 10, 1_000, 100_000))
                .clientLivenessTimeoutNs(TimeUnit.SECONDS.toNanos(2))
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName())))
        {
            runSeed(seed, aeron, driver.aeronDirectoryName(), retention, episodes);
        }
        seedsRun++;
    }

    @AfterAll
    static void someRestartsBeganFromASnapshotAndVenueTextsReachedTheClient()
    {
        System.out.println(seedsRun + " seeds: " + restartsFromSnapshot + " restarts after SIGKILL began from a " +
            "snapshot, " + interruptedSnapshotWrites + " found a snapshot write the kill interrupted, " +
            venueTextRejects + " venue rejects and replace refusals reached the client with the venue's text, " +
            statusReports + " status requests were answered");
        assertTrue(restartsFromSnapshot > 0 || seedsRun < 5, "snapshots are taken under load and used after a kill");
        assertTrue(venueTextRejects > 0 || seedsRun < 5, "the venue's refusals reach the client with its text");
        assertTrue(statusReports > 0 || seedsRun < 5, "status requests are part of the mix and answered");
        System.out.println(retentionSeedsRun + " seeds with retention: " + cycleFilesDeleted + " cycle files deleted");
        assertTrue(cycleFilesDeleted > 0 || 0 == retentionSeedsRun, "retention deleted files under load");
    }

    private void runSeed(
        final int seed, final Aeron aeron, final String aeronDir, final boolean retention, final boolean episodes)
        throws Exception
    {
        final Path fullDisk = episodes ? dir.resolve("full-disk-" + seed) : null;
        final Random random = new Random(seed);
        final Path journal = dir.resolve("journal-" + seed);
        final Path log = dir.resolve("core-" + seed + ".log");
        final TestVenue venue = new TestVenue(aeron);
        // Snapshots every few dozen to few hundred entries: the kill often lands while one is being copied or written.
        final int snapshotEvery = 20 + (seed * 37) % 200;
        final CycleFileArchive archive = retention ? new CycleFileArchive(journal, dir.resolve("archive-" + seed)) : null;
        // With retention the client saves its position where the core's retention reads it, as a production reader
        // must: a client a loaded machine kept a second behind once found a deleted cycle file's entries missing.
        final Path positionFile = retention ? dir.resolve("client-position-" + seed) : null;
        Process core = startCore(aeronDir, journal, log, snapshotEvery, positionFile, fullDisk);
        final Collector reports = new Collector();
        try (PeregrineClient client = PeregrineClient.connect(new PeregrineClient.Context()
            .aeron(aeron).channel(CHANNEL).clientId(7).journalDir(journal));
            ReaderPosition position = retention ? new ReaderPosition(positionFile) : null)
        {
            client.resumeFrom(-1);
            final Load load = new Load(random, client, venue, reports, position);
            awaitConnected(client, venue, log);

            // With retention: long enough for a few 1-second cycle files to roll and the first ones to be deleted.
            final int killAfterMs = retention ? 1200 + random.nextInt(1800) : 150 + random.nextInt(600);
            load.run(TimeUnit.MILLISECONDS.toNanos(killAfterMs), true);
            if (episodes)
            {
                // The core checks its free space every second: a second and a half of a full disk refuses input, and
                // the kill lands up to 1.5 s after space is back, during the episode's end or after it.
                Files.createFile(fullDisk);
                load.run(TimeUnit.MILLISECONDS.toNanos(1500), true);
                Files.delete(fullDisk);
                load.run(TimeUnit.MILLISECONDS.toNanos(random.nextInt(1500)), true);
                assertTrue(reports.journalUnavailable > 0, "seed " + seed + ": inputs were refused JOURNAL_UNAVAILABLE");
                System.out.println("seed " + seed + ": " + reports.journalUnavailable + " refusals JOURNAL_UNAVAILABLE");
            }
            core.destroyForcibly(); // SIGKILL, at whatever point the load had reached
            assertTrue(core.waitFor(30, TimeUnit.SECONDS), "killed core exits");
            final int reportsBeforeKill = reports.all.size();
            final long inputsBeforeRestart =
                inputs(retention ? archive.whole(dir.resolve("whole-at-kill-" + seed)) : journal);

            core = startCore(aeronDir, journal, log, snapshotEvery, positionFile, fullDisk);
            final String ready = lastLine(log, "READY");
            if (!ready.contains(" snapshot=-1"))
            {
                restartsFromSnapshot++;
            }
            System.out.println("seed " + seed + ": SIGKILL after " + killAfterMs + " ms of load, " + reportsBeforeKill +
                " reports read by then, " + inputsBeforeRestart + " inputs journaled; restart " + ready);
            for (final String line : Files.readAllLines(log))
            {
                if (line.contains("journal replay:") || line.contains("torn or corrupt") ||
                    line.contains("snapshot") && (line.contains("ignored") || line.contains("interrupted")))
                {
                    System.out.println("seed " + seed + " core: " + line);
                }
                if (line.contains("whose write was interrupted"))
                {
                    interruptedSnapshotWrites++;
                }
            }
            assertTrue(ready.startsWith("READY inputs=" + inputsBeforeRestart + " mismatches=0 "),
                () -> "seed " + seed + ": recovery replays every input journaled before the kill (" +
                inputsBeforeRestart + "): " + ready + "; journal: " + summary(journal));
            venue.resendEverything();
            load.run(TimeUnit.MILLISECONDS.toNanos(200), true);

            // Quiesce: answer what is pending, then the venue expires what is left, and wait for every final report.
            load.run(TimeUnit.MILLISECONDS.toNanos(100), false);
            // The venue and the core's working count only know what the core has read: a core lagging the load on
            // a busy machine still held requests in its ingress stream, routed them after this check and left them
            // working at the SIGTERM below. One more order answered means every request before it was read.
            load.awaitCoreCaughtUp(TimeUnit.SECONDS.toNanos(60));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((!reports.allFinal(venue) || 0 != workingOrders(aeron)) && System.nanoTime() < deadline)
            {
                // A slow core may still be routing the last orders (a loaded machine, or a core that closes orders
                // faster than it takes new ones): the venue expires whatever it has open, also orders that reach it
                // after this loop began, until the core holds no working order.
                venue.expireAll();
                load.pollOnly();
                Thread.sleep(1); // not a spin: on 2 cores it took CPU from the core it waits for
            }
            venue.imagesAtQuiesce = venue.requestImages() + " (core working orders " + workingOrders(aeron) + ")";
            final long clientPosition = client.reportPosition();
            assertTrue(reports.allFinal(venue), () -> "seed " + seed + ": final reports for every venue order; " +
                reports.missing(venue) + "; client at " + Long.toHexString(clientPosition) + ", journal: " +
                summary(journal) + "; venue offers failed: " + venue.failedOffers + ", duplicate new orders ignored: " +
                venue.duplicateNewOrders + ", first missing at venue: " + venue.describeFirst(reports) + "; counters: " +
                counters(aeron) + "; core log: " + ChildLog.tail(log));
            stop(core, log);
        }
        finally
        {
            core.destroyForcibly();
            venue.close();
            if (null != archive)
            {
                archive.close();
            }
        }
        final Path whole = retention ? archive.whole(dir.resolve("whole-" + seed)) : journal;
        if (retention)
        {
            final int deleted = archive.deleted();
            cycleFilesDeleted += deleted;
            System.out.println("seed " + seed + ": retention deleted " + deleted + " cycle files; " +
                Files.readAllLines(log).stream().filter((line) -> line.contains("core journal retention: deleted")).count() + " INFO lines say so");
        }
        verify(seed, venue, reports, journal, whole, log);
    }

    /**
     * Keeps every cycle file of a journal a child core writes, by hard-linking each one as it appears (every 2 ms, on
     * a thread of its own): retention deletes a file a second or more after its cycle ended, long after the link.
     */
    private static final class CycleFileArchive implements AutoCloseable
    {
        private final Path journal;
        private final Path archive;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Exception failure;

        CycleFileArchive(final Path journal, final Path archive) throws Exception
        {
            this.journal = journal;
            this.archive = Files.createDirectories(archive);
            thread = new Thread(() ->
            {
                while (running)
                {
                    try
                    {
                        linkNew();
                        Thread.sleep(2);
                    }
                    catch (final Exception ex)
                    {
                        failure = ex;
                        return;
                    }
                }
            }, "cycle-file-archive");
            thread.setDaemon(true);
            thread.start();
        }

        private void linkNew() throws Exception
        {
            if (!Files.isDirectory(journal))
            {
                return;
            }
            for (final Path file : cycleFiles(journal))
            {
                final Path link = archive.resolve(file.getFileName());
                if (!Files.exists(link))
                {
                    try
                    {
                        Files.createLink(link, file);
                    }
                    catch (final java.nio.file.NoSuchFileException ex)
                    {
                        // deleted between the listing and the link: only a file linked before can be (see above)
                    }
                }
            }
        }

        /** @return cycle files of the archive no longer in the journal. */
        int deleted() throws Exception
        {
            int deleted = 0;
            for (final Path file : cycleFiles(archive))
            {
                if (!Files.exists(journal.resolve(file.getFileName())))
                {
                    deleted++;
                }
            }
            return deleted;
        }

        /**
         * @return a copy of the journal with the files retention deleted put back, opened once for writing so that
         *         Chronicle lists them again (a read-only queue trusts the listing).
         */
        Path whole(final Path target) throws Exception
        {
            assertEquals(null, failure, "archive thread");
            linkNew();
            final Path whole = JournalRecoverySystemTest.copy(journal, target);
            JournalRecoverySystemTest.addMissingFiles(archive, whole);
            try (CoreJournal opened = CoreJournal.open(whole, 0))
            {
                assertTrue(!opened.isPruned(), "the whole journal starts with its START entry");
            }
            return whole;
        }

        public void close()
        {
            running = false;
            try
            {
                thread.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        private static List<Path> cycleFiles(final Path directory) throws Exception
        {
            try (var files = Files.list(directory))
            {
                return files.filter((path) -> path.toString().endsWith(".cq4")).sorted()
                    .collect(java.util.stream.Collectors.toList());
            }
        }
    }

    /**
     * Every input in the journal came from this seed's client (one Aeron session on the ingress stream) or from its
     * venue (the venue's publication session): nothing from another seed or another publisher was traded.
     */
    private static void assertInputsFromThisSeedOnly(final String context, final Path journal, final int venueSession)
    {
        final Set<Integer> ingressSources = new HashSet<>();
        final Set<Integer> venueSources = new HashSet<>();
        try (net.openhft.chronicle.queue.ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY == result && JournalEntry.INGRESS == reader.type())
                {
                    ingressSources.add(reader.source());
                }
                else if (JournalReader.ENTRY == result && JournalEntry.VENUE_IN == reader.type())
                {
                    venueSources.add(reader.source());
                }
            }
        }
        assertEquals(1, ingressSources.size(), context + ": client requests from one client publication only, " +
            "sessions " + ingressSources);
        assertEquals(Set.of(venueSession), venueSources, context + ": venue messages from this seed's venue only");
    }

    /**
     * @param journal the core's journal (pruned, with retention).
     * @param whole   the whole journal: the same directory, or with retention a copy with the deleted files put back.
     */
    private void verify(
        final int seed, final TestVenue venue, final Collector reports, final Path journal, final Path whole,
        final Path log) throws Exception
    {
        final String context = "seed " + seed;
        assertInputsFromThisSeedOnly(context, whole, venue.sessionId());
        // ExecIDs are unique, so no report was delivered twice; one ack per order id, one order per order id.
        final Set<Long> execIds = new HashSet<>();
        for (final Report report : reports.all)
        {
            assertTrue(execIds.add(report.execId), context + ": exec id reused or report delivered twice: " + report);
        }
        final Map<Long, Long> firstClOrdIdByOrderId = new HashMap<>();
        for (final Report report : reports.all)
        {
            if (ExecType.NEW == report.execType && 0 != report.orderId)
            {
                final Long earlier = firstClOrdIdByOrderId.put(report.orderId, report.clOrdId);
                assertEquals(null, earlier, context + ": order id " + report.orderId + " acked twice");
            }
        }
        // Every venue order ends in one final state that matches the venue, fills neither lost nor booked twice.
        long aaplPosition = 0;
        long msftPosition = 0;
        for (final TestVenue.Order order : venue.orders.values())
        {
            final List<Report> forOrder = reports.byOrderId.getOrDefault(order.orderId, List.of());
            long filled = 0;
            int finals = 0;
            Report last = null;
            for (final Report report : forOrder)
            {
                if (ExecType.PARTIAL_FILL == report.execType || ExecType.FILL == report.execType)
                {
                    filled += report.lastQty;
                }
                if (isFinal(report.ordStatus))
                {
                    finals++;
                }
                last = report;
            }
            assertEquals(order.cumQty, filled, context + ": fills of order " + order.orderId + " " + forOrder);
            assertEquals(1, finals, context + ": one final report for order " + order.orderId + " " + forOrder);
            assertEquals(order.finalStatus, last.ordStatus, context + ": final state of " + order.orderId);
            assertEquals(order.cumQty, last.cumQty, context + ": cumQty of " + order.orderId);
            final long signed = Side.BUY == order.side ? order.cumQty : -order.cumQty;
            if (AAPL == order.symbol)
            {
                aaplPosition += signed;
            }
            else
            {
                msftPosition += signed;
            }
        }
        // An order the core acked is one the venue has (order ids are never handed out twice).
        for (final Long orderId : firstClOrdIdByOrderId.keySet())
        {
            assertTrue(venue.orders.containsKey(orderId), context + ": acked order " + orderId + " unknown at venue");
        }

        // Positions rebuilt from the journal equal the venue's fills, and nothing is left working.
        final Peregrine recovered = Peregrine.launch(JournalRecoverySystemTest.bareCore(journal));
        recovered.close();
        assertEquals(0, recovered.recovery().mismatches(),
            context + ": replay reproduces the journal: " + ChildLog.tail(log));
        assertEquals(aaplPosition, recovered.risk().position(ACC1, AAPL), context + ": AAPL position");
        assertEquals(msftPosition, recovered.risk().position(ACC1, MSFT), context + ": MSFT position");
        assertEquals(0, recovered.risk().openBuyQty(ACC1, AAPL) + recovered.risk().openSellQty(ACC1, AAPL) +
            recovered.risk().openBuyQty(ACC1, MSFT) + recovered.risk().openSellQty(ACC1, MSFT),
            () -> context + ": open qty; working in the core: " + working(recovered, venue) + "; venue: " +
            venue.requestsRead + " requests read from " + venue.imagesAtQuiesce + ", " + venue.orders.size() +
            " orders, " + venue.duplicateNewOrders +
            " duplicate new orders; journal: " + summary(journal) + "; core log: " + ChildLog.tail(log));
        assertEquals(0, recovered.agent().orders().workingCount(), context + ": no order left working");
        assertEquals(0, recovered.risk().bookkeepingAnomalies(), context + ": risk bookkeeping");

        // The state recovered from the snapshots (taken under load, one maybe cut short by the kill) and the journal
        // is the state a replay of the whole journal gives: compared as the bytes of each one's shutdown snapshot.
        final Path fullReplay = JournalRecoverySystemTest.copy(whole, dir.resolve("full-replay-" + seed));
        TempDirs.delete(fullReplay.resolve(SnapshotStore.DIRECTORY));
        try (Peregrine replayed = Peregrine.launch(JournalRecoverySystemTest.bareCore(fullReplay)))
        {
            assertEquals(-1, replayed.recovery().snapshotIndex(), context + ": full replay");
            assertEquals(0, replayed.recovery().mismatches(), context + ": full replay reproduces the journal");
        }
        assertTrue(java.util.Arrays.equals(newestSnapshot(journal), newestSnapshot(fullReplay)),
            context + ": snapshots + journal tail give the state of a full replay");
    }

    /**
     * @return the orders working in a stopped core: id, status, pending request ids, and whether the venue has them.
     */
    private static String working(final Peregrine core, final TestVenue venue)
    {
        final io.peregrine.core.order.OrderTable orders = core.agent().orders();
        final StringBuilder text = new StringBuilder();
        for (int slot = 0; slot < orders.capacity(); slot++)
        {
            if (orders.isWorking(slot))
            {
                text.append(orders.orderId(slot)).append(' ').append(orders.status(slot)).append(" cancel=")
                    .append(orders.cancelRequestId(slot)).append(" replace=").append(orders.replaceRequestId(slot))
                    .append(" atVenue=").append(venue.orders.containsKey(orders.orderId(slot))).append("; ");
            }
        }
        return text.toString();
    }

    private static byte[] newestSnapshot(final Path journal) throws Exception
    {
        final List<Path> snapshots = new SnapshotStore(journal, Integer.MAX_VALUE).snapshots();
        return Files.readAllBytes(snapshots.get(snapshots.size() - 1));
    }

    private static boolean isFinal(final OrdStatus status)
    {
        return OrdStatus.FILLED == status || OrdStatus.CANCELED == status || OrdStatus.EXPIRED == status ||
            OrdStatus.REJECTED == status;
    }

    /**
     * @param clientPosition the client's saved position file, whose journal file retention keeps; null: no retention.
     */
    /**
     * @param fullDisk a file whose existence makes the child's journal read its disk as full, or null.
     */
    private static Process startCore(
        final String aeronDir,
        final Path journal,
        final Path log,
        final int snapshotEvery,
        final Path clientPosition,
        final Path fullDisk)
        throws Exception
    {
        final boolean retention = null != clientPosition;
        final List<String> command = ChildJvm.command("256m", ChildJvm.SHORT_LIVED_OPTIONS, JournaledCoreProcess.class,
            aeronDir, journal.toString(), CHANNEL);
        // Snapshots often, so that kills land before, inside and after snapshot writes.
        final int classPath = command.indexOf("-cp");
        command.add(classPath,
            "-D" + Core.SNAPSHOT_INTERVAL_ENTRIES.name() + "=" + snapshotEvery);
        command.add(classPath + 1, "-D" + Core.SNAPSHOT_RETAINED.name() + "=" + (retention ? 2 : 3));
        if (retention)
        {
            command.add(classPath + 2, "-D" + Core.JOURNAL_RETAIN_CYCLES.name() + "=1");
            command.add(classPath + 3, "-D" + JournaledCoreProcess.SECONDLY_CYCLES_PROPERTY + "=true");
            command.add(classPath + 4, "-D" + Core.JOURNAL_RETAIN_READER_POSITIONS.name() + "=" + clientPosition);
        }
        if (null != fullDisk)
        {
            command.add(command.indexOf("-cp"), "-D" + JournaledCoreProcess.FULL_DISK_FLAG_PROPERTY + "=" + fullDisk);
        }
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        try
        {
            final int readyLines = ChildLog.countLinesStartingWith(log, "READY");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ChildLog.countLinesStartingWith(log, "READY") <= readyLines)
            {
                if (!process.isAlive() || System.nanoTime() > deadline)
                {
                    throw new AssertionError("core did not start: " + ChildLog.tail(log));
                }
                Thread.sleep(5);
            }
            return process;
        }
        catch (final Exception | Error ex)
        {
            // Also when the test's time limit interrupts the wait: the caller never gets the process to destroy.
            process.destroyForcibly();
            throw ex;
        }
    }

    private static void stop(final Process core, final Path log) throws Exception
    {
        core.destroy(); // SIGTERM: clean close through the shutdown hook
        assertTrue(core.waitFor(30, TimeUnit.SECONDS), "core stops on SIGTERM");
        assertTrue(ChildLog.countLinesStartingWith(log, "STOPPED") > 0, () -> "clean stop: " + ChildLog.tail(log));
    }

    private static void awaitConnected(final PeregrineClient client, final TestVenue venue, final Path log)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!client.isConnected() || !venue.isConnected())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not connected: " + ChildLog.tail(log));
            }
            Thread.sleep(1);
        }
    }

    private static String counters(final Aeron aeron)
    {
        final StringBuilder text = new StringBuilder();
        aeron.countersReader().forEach((counterId, typeId, keyBuffer, label) ->
        {
            if ((typeId >= 7000 && typeId < 7100) || typeId == Peregrine.JOURNAL_REFUSED_COUNTER.typeId())
            {
                final long value = aeron.countersReader().getCounterValue(counterId);
                if (0 != value)
                {
                    text.append(label.replace("peregrine: ", "")).append('=').append(value).append(", ");
                }
            }
        });
        return text.toString();
    }

    /**
     * @return the working orders gauge of the newest core on this driver (a killed core's counters linger until its
     *         client times out).
     */
    private static long workingOrders(final Aeron aeron)
    {
        final long[] newest = {-1, 0};
        aeron.countersReader().forEach((counterId, typeId, keyBuffer, label) ->
        {
            final long registrationId = aeron.countersReader().getCounterRegistrationId(counterId);
            if (io.peregrine.core.CoreCounters.WORKING_ORDERS.typeId() == typeId && registrationId > newest[0])
            {
                newest[0] = registrationId;
                newest[1] = aeron.countersReader().getCounterValue(counterId);
            }
        });
        return newest[1];
    }

    private static long inputs(final Path journal)
    {
        try (net.openhft.chronicle.queue.ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            long inputs = 0;
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.ENTRY == result && JournalEntry.isInput(reader.type()))
                {
                    inputs++;
                }
            }
            return inputs;
        }
    }

    private static String summary(final Path journal)
    {
        try (net.openhft.chronicle.queue.ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            final Map<String, Integer> counts = new java.util.TreeMap<>();
            final StringBuilder corrupt = new StringBuilder();
            long last = -1;
            int result;
            int guard = 0;
            while (JournalReader.END != (result = reader.next()) && guard++ < 1_000_000)
            {
                if (JournalReader.CORRUPT == result)
                {
                    corrupt.append(Long.toHexString(reader.index())).append(' ');
                    continue;
                }
                last = reader.index();
                counts.merge(JournalEntry.typeName(reader.type()), 1, Integer::sum);
            }
            return counts + " last " + Long.toHexString(last) + " corrupt [" + corrupt + "]";
        }
        catch (final RuntimeException ex)
        {
            return "(unreadable: " + ex + ")";
        }
    }

    private static String lastLine(final Path log, final String word) throws Exception
    {
        String last = "";
        for (final String line : Files.readAllLines(log))
        {
            if (line.startsWith(word))
            {
                last = line;
            }
        }
        return last;
    }

    /**
     * The client's side of the load: new orders, cancels and replaces of its working orders, one action per step,
     * with the venue answering and filling in the same thread.
     */
    private static final class Load
    {
        private final Random random;
        private final PeregrineClient client;
        private final TestVenue venue;
        private final Collector reports;
        private final ReaderPosition position;
        private long nextClOrdId = 1;
        private long savedPosition = ReaderPosition.NONE;

        Load(
            final Random random,
            final PeregrineClient client,
            final TestVenue venue,
            final Collector reports,
            final ReaderPosition position)
        {
            this.random = random;
            this.client = client;
            this.venue = venue;
            this.reports = reports;
            this.position = position;
        }

        private void pollClient()
        {
            client.poll(reports, 100);
            if (null != position && client.reportPosition() >= 0 && client.reportPosition() != savedPosition)
            {
                savedPosition = client.reportPosition();
                position.save(savedPosition);
            }
        }

        void run(final long durationNs, final boolean sendRequests) throws InterruptedException
        {
            final long end = System.nanoTime() + durationNs;
            while (System.nanoTime() < end)
            {
                if (sendRequests)
                {
                    step();
                }
                venue.poll();
                if (random.nextInt(3) == 0)
                {
                    venue.fillOne(random);
                }
                pollClient();
                Thread.sleep(0, 200_000);
            }
        }

        /**
         * Sends one more new order and polls until the core answers it: the core reads its ingress stream in order,
         * so every request offered before has been read by then.
         */
        void awaitCoreCaughtUp(final long timeoutNs) throws InterruptedException
        {
            final long clOrdId = nextClOrdId++;
            final long deadline = System.nanoTime() + timeoutNs;
            while (!client.newOrder(clOrdId, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY,
                190 * Prices.SCALE, 1))
            {
                assertTrue(System.nanoTime() < deadline, "marker order " + clOrdId + " offered");
                pollOnly();
                Thread.sleep(1);
            }
            while (!reports.answered(clOrdId))
            {
                assertTrue(System.nanoTime() < deadline, "core answers marker order " + clOrdId);
                pollOnly();
                Thread.sleep(1);
            }
        }

        void pollOnly()
        {
            venue.poll();
            pollClient();
        }

        private void step()
        {
            final int action = random.nextInt(10);
            final Collector.View working = reports.randomWorking(random);
            if (action < 5 || null == working)
            {
                final boolean aapl = random.nextBoolean();
                final long price = (aapl ? 190 : 420) * Prices.SCALE + (random.nextInt(20) - 10) * Prices.SCALE / 100;
                client.newOrder(nextClOrdId++, ACC1, aapl ? AAPL : MSFT, random.nextBoolean() ? Side.BUY : Side.SELL,
                    OrdType.LIMIT, TimeInForce.DAY, price, 1 + random.nextInt(100));
            }
            else if (action < 7)
            {
                client.cancel(nextClOrdId++, working.clOrdId, working.orderId, ACC1);
            }
            else if (action < 9)
            {
                client.replace(nextClOrdId++, working.clOrdId, working.orderId, ACC1, working.price,
                    working.cumQty + 1 + random.nextInt(100));
            }
            else
            {
                // Journaled like every input: a replay after the kill must give the very same answer.
                client.orderStatus(nextClOrdId++, working.clOrdId, working.orderId, ACC1);
            }
        }
    }

    record Report(
        long orderId, long clOrdId, long execId, ExecType execType, OrdStatus ordStatus, long lastQty, long cumQty,
        long price)
    {
    }

    /**
     * Reports as the client received them (from the journal), and the client's view of its working orders.
     */
    private static final class Collector implements ReportListener
    {
        static final class View
        {
            long orderId;
            long clOrdId;
            long price;
            long cumQty;
            boolean working;
        }

        final List<Report> all = new ArrayList<>();
        final Map<Long, List<Report>> byOrderId = new HashMap<>();
        final Map<Long, View> views = new HashMap<>();
        final List<View> workingViews = new ArrayList<>();
        int journalUnavailable;

        public void onExecutionReport(final ExecutionReportDecoder r)
        {
            if (RejectReason.JOURNAL_UNAVAILABLE == r.rejectReason())
            {
                journalUnavailable++;
            }
            final Report report = new Report(r.orderId(), r.clOrdId(), r.execId(), r.execType(), r.ordStatus(),
                r.lastQty(), r.cumQty(), r.price());
            if (ExecType.REJECTED == report.execType && r.text().equals(REJECTED_ORDER_TEXT + report.orderId))
            {
                venueTextRejects++;
            }
            all.add(report);
            if (ExecType.ORDER_STATUS == report.execType)
            {
                statusReports++; // changes nothing: not one of the order's own reports
                return;
            }
            if (0 == report.orderId)
            {
                return;
            }
            byOrderId.computeIfAbsent(report.orderId, (id) -> new ArrayList<>()).add(report);
            final View view = views.computeIfAbsent(report.orderId, (id) ->
            {
                final View created = new View();
                created.orderId = id;
                created.working = true;
                workingViews.add(created);
                return created;
            });
            view.clOrdId = report.clOrdId;
            view.price = report.price;
            view.cumQty = report.cumQty;
            if (isFinal(report.ordStatus) && view.working)
            {
                view.working = false;
                workingViews.remove(view);
            }
        }

        public void onCancelReject(final CancelRejectDecoder reject)
        {
            if (RejectReason.JOURNAL_UNAVAILABLE == reject.rejectReason())
            {
                journalUnavailable++;
            }
            if (reject.text().startsWith(REFUSED_REPLACE_TEXT))
            {
                venueTextRejects++;
            }
        }

        View randomWorking(final Random random)
        {
            return workingViews.isEmpty() ? null : workingViews.get(random.nextInt(workingViews.size()));
        }

        boolean answered(final long clOrdId)
        {
            for (int i = all.size() - 1; i >= 0; i--)
            {
                if (all.get(i).clOrdId == clOrdId)
                {
                    return true;
                }
            }
            return false;
        }

        boolean allFinal(final TestVenue venue)
        {
            for (final TestVenue.Order order : venue.orders.values())
            {
                final List<Report> forOrder = byOrderId.get(order.orderId);
                if (null == forOrder || !isFinal(forOrder.get(forOrder.size() - 1).ordStatus))
                {
                    return false;
                }
            }
            return true;
        }

        String missing(final TestVenue venue)
        {
            final List<String> missing = new ArrayList<>();
            for (final TestVenue.Order order : venue.orders.values())
            {
                final List<Report> forOrder = byOrderId.get(order.orderId);
                if (null == forOrder || !isFinal(forOrder.get(forOrder.size() - 1).ordStatus))
                {
                    missing.add(order.orderId + "=" + forOrder);
                }
            }
            return missing.size() + " orders without a final report: " +
                missing.subList(0, Math.min(5, missing.size()));
        }
    }

    /**
     * A venue on streams 2001/2002 with its own order state: acks, fills at random, answers cancels and replaces,
     * ignores requests it has seen (the core re-sends requests missing from its journal after a crash), and keeps
     * everything it sent so it can re-send it after the core restarts.
     */
    private static final class TestVenue implements AutoCloseable
    {
        static final class Order
        {
            long orderId;
            long symbol;
            Side side;
            long price;
            long quantity;
            long cumQty;
            long notional;
            boolean open = true;
            OrdStatus finalStatus;
        }

        final Map<Long, Order> orders = new HashMap<>();
        private final List<Order> open = new ArrayList<>();
        private final Set<Long> seenRequests = new HashSet<>();
        private final List<byte[]> sent = new ArrayList<>();
        final Map<Long, Integer> failedOffers = new java.util.TreeMap<>();
        int duplicateNewOrders;
        int requestsRead;
        String imagesAtQuiesce = "";

        String describeFirst(final Collector reports)
        {
            for (final Order order : orders.values())
            {
                final List<Report> forOrder = reports.byOrderId.get(order.orderId);
                if (null == forOrder || !isFinal(forOrder.get(forOrder.size() - 1).ordStatus))
                {
                    return "order " + order.orderId + " venue: " + order.side + " qty=" + order.quantity + " px=" +
                        order.price + " cum=" + order.cumQty + " open=" + order.open + " final=" + order.finalStatus +
                        "; client: " + forOrder;
                }
            }
            return "none";
        }
        private final Subscription requests;
        private final Publication events;
        private final VenueInMessages messages = new VenueInMessages(new UnsafeBuffer(new byte[256]));
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final VenueNewOrderDecoder newOrder = new VenueNewOrderDecoder();
        private final VenueCancelOrderDecoder cancel = new VenueCancelOrderDecoder();
        private final VenueReplaceOrderDecoder replace = new VenueReplaceOrderDecoder();

        TestVenue(final Aeron aeron)
        {
            requests = aeron.addSubscription(CHANNEL, 2001);
            events = aeron.addPublication(CHANNEL, 2002);
        }

        boolean isConnected()
        {
            return requests.isConnected() && events.isConnected();
        }

        String requestImages()
        {
            final StringBuilder text = new StringBuilder("images");
            for (final io.aeron.Image image : requests.images())
            {
                text.append(" session ").append(image.sessionId()).append(" at ").append(image.position())
                    .append(image.isClosed() ? " closed" : "").append(image.isEndOfStream() ? " ended" : "");
            }
            return text.toString();
        }

        int sessionId()
        {
            return events.sessionId();
        }

        void poll()
        {
            requests.poll(this::onRequest, 50);
        }

        private void onRequest(final DirectBuffer buffer, final int offset, final int length, final Header h)
        {
            requestsRead++;
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            switch (header.templateId())
            {
                case VenueNewOrderDecoder.TEMPLATE_ID:
                {
                    newOrder.wrap(buffer, body, header.blockLength(), header.version());
                    if (orders.containsKey(newOrder.orderId()))
                    {
                        duplicateNewOrders++;
                        return; // re-sent by a recovering core: already have it
                    }
                    final Order order = new Order();
                    order.orderId = newOrder.orderId();
                    order.symbol = PackedAscii.read(buffer, body + VenueNewOrderDecoder.symbolEncodingOffset());
                    order.side = newOrder.side();
                    order.price = newOrder.price();
                    order.quantity = newOrder.quantity();
                    orders.put(order.orderId, order);
                    if (0 == order.orderId % REJECTED_ORDER_EVERY)
                    {
                        // Rejected with the venue's own words, which the client's REJECTED report carries.
                        close(order, OrdStatus.REJECTED);
                        send(messages.execution(order.orderId, 0, 1, ExecType.REJECTED, RejectReason.NONE,
                            order.price, order.quantity, 0, 0, 0, 0, 0, System.currentTimeMillis() * 1_000_000L,
                            REJECTED_ORDER_TEXT + order.orderId));
                        break;
                    }
                    open.add(order);
                    execution(order, 0, ExecType.NEW, 0);
                    break;
                }
                case VenueCancelOrderDecoder.TEMPLATE_ID:
                {
                    cancel.wrap(buffer, body, header.blockLength(), header.version());
                    final Order order =
                        amendable(cancel.orderId(), cancel.requestId(), CancelRejectResponseTo.CANCEL, 0);
                    if (null == order)
                    {
                        return;
                    }
                    close(order, OrdStatus.CANCELED);
                    execution(order, cancel.requestId(), ExecType.CANCELED, 0);
                    break;
                }
                case VenueReplaceOrderDecoder.TEMPLATE_ID:
                {
                    replace.wrap(buffer, body, header.blockLength(), header.version());
                    final Order order = amendable(
                        replace.orderId(), replace.requestId(), CancelRejectResponseTo.REPLACE, replace.quantity());
                    if (null == order)
                    {
                        return;
                    }
                    if (0 == replace.requestId() % REFUSED_REPLACE_EVERY)
                    {
                        // Refused with the venue's own words: the client's CancelReject carries them, and a replay
                        // of the journal must reproduce that report byte for byte. The order keeps its terms.
                        send(messages.cancelReject(order.orderId, replace.requestId(), 1,
                            CancelRejectResponseTo.REPLACE, RejectReason.NONE, System.currentTimeMillis() * 1_000_000L,
                            REFUSED_REPLACE_TEXT + replace.requestId()));
                        return;
                    }
                    order.quantity = replace.quantity();
                    order.price = replace.price();
                    execution(order, replace.requestId(), ExecType.REPLACED, 0);
                    break;
                }
                default:
                    break;
            }
        }

        /**
         * @return the open order a cancel or replace (new quantity, 0 for a cancel) names, or null when the request
         *         was seen already (ignored) or is refused (a cancel reject sent).
         */
        private Order amendable(
            final long orderId, final long requestId, final CancelRejectResponseTo responseTo, final long newQuantity)
        {
            if (!seenRequests.add(requestId))
            {
                return null;
            }
            final Order order = orders.get(orderId);
            if (null == order || !order.open || (CancelRejectResponseTo.REPLACE == responseTo &&
                newQuantity <= order.cumQty))
            {
                reject(orderId, requestId, responseTo);
                return null;
            }
            return order;
        }

        void fillOne(final Random random)
        {
            if (open.isEmpty())
            {
                return;
            }
            final Order order = open.get(random.nextInt(open.size()));
            final long leaves = order.quantity - order.cumQty;
            final long lastQty = random.nextBoolean() ? leaves : 1 + random.nextInt((int)leaves);
            order.cumQty += lastQty;
            order.notional += lastQty * order.price;
            final boolean full = order.cumQty == order.quantity;
            if (full)
            {
                close(order, OrdStatus.FILLED);
            }
            execution(order, 0, full ? ExecType.FILL : ExecType.PARTIAL_FILL, lastQty);
        }

        void expireAll()
        {
            for (final Order order : new ArrayList<>(open))
            {
                close(order, OrdStatus.EXPIRED);
                execution(order, 0, ExecType.EXPIRED, 0);
            }
        }

        void resendEverything()
        {
            for (final byte[] message : sent)
            {
                offer(new UnsafeBuffer(message), message.length);
            }
        }

        private void close(final Order order, final OrdStatus status)
        {
            order.open = false;
            order.finalStatus = status;
            open.remove(order);
        }

        private void execution(final Order order, final long requestId, final ExecType execType, final long lastQty)
        {
            send(messages.execution(order.orderId, requestId, 1, execType, RejectReason.NONE, order.price,
                order.quantity, lastQty, 0 == lastQty ? 0 : order.price, order.cumQty,
                order.open ? order.quantity - order.cumQty : 0, 0 == order.cumQty ? 0 : order.notional / order.cumQty,
                System.currentTimeMillis() * 1_000_000L, null));
        }

        private void reject(final long orderId, final long requestId, final CancelRejectResponseTo responseTo)
        {
            send(messages.cancelReject(orderId, requestId, 1, responseTo, RejectReason.TOO_LATE_TO_CANCEL,
                System.currentTimeMillis() * 1_000_000L, null));
        }

        private void send(final int length)
        {
            final byte[] copy = new byte[length];
            messages.buffer().getBytes(0, copy);
            sent.add(copy);
            offer(messages.buffer(), length);
        }

        private void offer(final DirectBuffer message, final int length)
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long result;
            while ((result = events.offer(message, 0, length)) < 0 && System.nanoTime() < deadline)
            {
                if (Publication.NOT_CONNECTED == result || Publication.CLOSED == result)
                {
                    break; // the core is down: resendEverything() delivers it after the restart
                }
                Thread.onSpinWait();
            }
            if (result < 0)
            {
                failedOffers.merge(result, 1, Integer::sum);
            }
        }

        public void close()
        {
            CloseHelper.quietCloseAll(requests, events);
        }
    }
}
