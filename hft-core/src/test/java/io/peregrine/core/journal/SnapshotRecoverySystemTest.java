package io.peregrine.core.journal;

import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.system.TestStack;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.Side;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.ACC2;
import static io.peregrine.core.DemoUniverse.MSFT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery from a snapshot plus the journal after it gives exactly the state a replay of the whole journal gives,
 * and exactly the state the live core had: over random flows (new orders, cancels, replaces, risk rejects,
 * duplicates, kill switches, fills, partial fills, acks only) with snapshots every few dozen entries, for several
 * seeds. State is compared as the bytes of the snapshot each core writes at its clean shutdown (equal states give
 * equal bytes: the owners write sets and maps sorted). A damaged, foreign-version or foreign-configuration snapshot
 * is ignored and recovery falls back to an older one or to the whole journal, with the same state.
 * Seeds: {@code -Dperegrine.snapshotTest.seeds} (default 6).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SnapshotRecoverySystemTest
{
    private static final int SEEDS = Integer.getInteger("peregrine.snapshotTest.seeds", 6);
    private static final int CLIENT_ID = 7;

    @TempDir
    Path dir;

    private TestStack stack;

    @AfterEach
    void tearDown()
    {
        if (null != stack)
        {
            stack.close();
        }
    }

    @Test
    void recoveryFromEverySnapshotPlusTheJournalTailEqualsTheLiveStateAndAFullReplayAcrossSeeds() throws Exception
    {
        for (int seed = 1; seed <= SEEDS; seed++)
        {
            final Random random = new Random(seed);
            final Path journal = dir.resolve("seed-" + seed);
            liveRun(random, journal, 20 + random.nextInt(60), 300 + random.nextInt(200));
            final SnapshotStore store = new SnapshotStore(journal, Integer.MAX_VALUE);
            final List<Path> snapshots = store.snapshots();
            assertTrue(snapshots.size() >= 3, "seed " + seed + ": periodic snapshots and the shutdown one: " +
                snapshots);
            final byte[] live = Files.readAllBytes(snapshots.get(snapshots.size() - 1));

            final byte[] fullReplay = recoverAndShutDown(journal, dir.resolve("full-" + seed), null, seed, -1);
            assertArrayEquals(live, fullReplay, "seed " + seed + ": a full replay rebuilds the live state");

            // Every periodic snapshot on its own, then the journal after it.
            for (int i = 0; i < snapshots.size() - 1; i++)
            {
                final byte[] fromSnapshot = recoverAndShutDown(
                    journal, dir.resolve("from-" + seed + "-" + i), snapshots.get(i), seed, indexOf(snapshots.get(i)));
                assertArrayEquals(fullReplay, fromSnapshot, "seed " + seed + ": snapshot " +
                    snapshots.get(i).getFileName() + " + journal tail = full replay");
            }
            System.out.println("seed " + seed + ": " + (snapshots.size() - 1) + " periodic snapshots, each + tail " +
                "= full replay = live state (" + live.length + " bytes)");
        }
    }

    @Test
    void damagedOldVersionAndForeignConfigurationSnapshotsAreIgnoredForAnOlderOneOrAFullReplay() throws Exception
    {
        final Path journal = dir.resolve("core");
        liveRun(new Random(42), journal, 60, 200);
        final SnapshotStore store = new SnapshotStore(journal, Integer.MAX_VALUE);
        final List<Path> snapshots = store.snapshots();
        final Path newest = snapshots.get(snapshots.size() - 1);
        final Path older = snapshots.get(snapshots.size() - 2);
        final byte[] live = Files.readAllBytes(newest);

        // A flipped bit in the newest: its checksum fails, the older one + tail gives the same state.
        final Path flipped = JournalRecoverySystemTest.copy(journal, dir.resolve("flipped"));
        final Path flippedNewest = flipped.resolve(SnapshotStore.DIRECTORY).resolve(newest.getFileName());
        final byte[] bytes = Files.readAllBytes(flippedNewest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(flippedNewest, bytes);
        try (Peregrine core = Peregrine.launch(core(flipped)))
        {
            assertEquals(indexOf(older), core.recovery().snapshotIndex(), "fell back to the older snapshot");
            assertTrue(core.recovery().replayedInputs() > 0);
            assertEquals(0, core.recovery().mismatches());
        }
        assertArrayEquals(live, newestBytes(flipped), "older snapshot + tail = live state");

        // A truncated newest and an older one of another format version (checksum made valid): full replay.
        final Path versions = JournalRecoverySystemTest.copy(journal, dir.resolve("versions"));
        final Path snapshotDir = versions.resolve(SnapshotStore.DIRECTORY);
        final byte[] newestBytes = Files.readAllBytes(snapshotDir.resolve(newest.getFileName()));
        Files.write(snapshotDir.resolve(newest.getFileName()), Arrays.copyOf(newestBytes, newestBytes.length - 7));
        final byte[] olderBytes = Files.readAllBytes(snapshotDir.resolve(older.getFileName()));
        ByteBuffer.wrap(olderBytes).order(ByteOrder.nativeOrder()).putInt(4, SnapshotFile.FORMAT + 1);
        reseal(olderBytes);
        Files.write(snapshotDir.resolve(older.getFileName()), olderBytes);
        keepOnly(snapshotDir, newest.getFileName().toString(), older.getFileName().toString());
        try (Peregrine core = Peregrine.launch(core(versions)))
        {
            assertEquals(-1, core.recovery().snapshotIndex(), "no usable snapshot: full replay");
            assertEquals(0, core.recovery().mismatches());
        }
        assertArrayEquals(live, newestBytes(versions), "full replay = live state");

        // Another configuration (a tighter limit): the snapshot is not used, the journal is replayed under it.
        final Path reconfigured = JournalRecoverySystemTest.copy(journal, dir.resolve("reconfigured"));
        try (Peregrine core = Peregrine.launch(core(reconfigured).orderCapacity(2048)))
        {
            assertEquals(-1, core.recovery().snapshotIndex(), "snapshot of another configuration: full replay");
        }

        // A left-over temporary file (a snapshot write killed half way) is deleted, the newest one used.
        final Path interrupted = JournalRecoverySystemTest.copy(journal, dir.resolve("interrupted"));
        final Path temp = interrupted.resolve(SnapshotStore.DIRECTORY).resolve("snapshot-ffffffffffffffff.snp.tmp");
        Files.write(temp, Arrays.copyOf(live, live.length / 3));
        try (Peregrine core = Peregrine.launch(core(interrupted)))
        {
            assertEquals(indexOf(newest), core.recovery().snapshotIndex());
            assertEquals(0, core.recovery().replayedInputs(), "clean shutdown: nothing after the snapshot");
        }
        assertTrue(!Files.exists(temp), "interrupted write cleaned up");
        assertArrayEquals(live, newestBytes(interrupted));
    }

    @Test
    void recoveryOfAJournalWhoseFirstCyclesRetentionDeletedEqualsAFullReplayAcrossSeeds() throws Exception
    {
        // Cycle files of one second of a clock the test moves: a new file every few dozen operations.
        final SetTimeProvider time = new SetTimeProvider(System.currentTimeMillis() * 1_000_000L);
        CoreJournal.rollCycleForTests(TestRollCycles.TEST_SECONDLY, time);
        try
        {
            for (int seed = 1; seed <= Math.max(2, SEEDS / 2); seed++)
            {
                final Random random = new Random(seed);
                final Path journal = dir.resolve("pruned-" + seed);
                final Path archive = dir.resolve("archive-" + seed);
                liveRun(random, journal, 20 + random.nextInt(40), 300 + random.nextInt(200), time, archive);
                final List<Path> snapshots = new SnapshotStore(journal, Integer.MAX_VALUE).snapshots();
                assertEquals(2, snapshots.size(), "seed " + seed + ": the 2 retained snapshots");
                final byte[] live = Files.readAllBytes(snapshots.get(1));
                final int left = cycleFiles(journal).size();
                final int all = cycleFiles(archive).size();
                assertTrue(left >= 1 && all > left + 1, "seed " + seed + ": retention deleted cycle files: " + left +
                    " of " + all + " left");
                try (CoreJournal pruned = CoreJournal.open(journal, 0))
                {
                    assertTrue(pruned.isPruned(), "seed " + seed + ": the START entry's file went too");
                }

                // The whole journal (the files retention deleted, kept aside by hard links) replayed from its START.
                final Path whole = JournalRecoverySystemTest.copy(journal, dir.resolve("whole-" + seed));
                JournalRecoverySystemTest.addMissingFiles(archive, whole);
                final byte[] fullReplay = recoverAndShutDown(whole, dir.resolve("full-" + seed), null, seed, -1);
                assertArrayEquals(live, fullReplay, "seed " + seed + ": a full replay rebuilds the live state");

                // The pruned journal from its older snapshot (the newest removed) plus the tail after it.
                final byte[] fromPruned = recoverAndShutDown(
                    journal, dir.resolve("from-pruned-" + seed), snapshots.get(0), seed, indexOf(snapshots.get(0)));
                assertArrayEquals(fullReplay, fromPruned, "seed " + seed + ": pruned journal's snapshot + tail = " +
                    "full replay of the whole journal");
                System.out.println("seed " + seed + ": retention left " + left + " of " + all + " cycle files; " +
                    "recovery of the pruned journal = full replay = live state");
            }
        }
        finally
        {
            CoreJournal.rollCycleForTests(null, null);
        }
    }

    private static List<Path> cycleFiles(final Path directory) throws Exception
    {
        try (var files = Files.list(directory))
        {
            return files.filter((path) -> path.toString().endsWith(".cq4")).sorted().collect(Collectors.toList());
        }
    }

    /** Hard-links every cycle file not yet in the archive: it keeps the file's bytes when retention deletes it. */
    private static void archive(final Path journal, final Path archive) throws Exception
    {
        Files.createDirectories(archive);
        for (final Path file : cycleFiles(journal))
        {
            final Path link = archive.resolve(file.getFileName());
            if (!Files.exists(link))
            {
                Files.createLink(link, file);
            }
        }
    }

    private void liveRun(final Random random, final Path journal, final int snapshotEvery, final int operations)
        throws Exception
    {
        liveRun(random, journal, snapshotEvery, operations, null, null);
    }

    /**
     * @param time    with retention: the journal's clock, moved a second (a cycle file) every 20 operations, after
     *                the core caught up and the files so far were linked into {@code archive} (so that none is
     *                created and deleted unseen); null: no retention, every snapshot kept.
     */
    private void liveRun(
        final Random random,
        final Path journal,
        final int snapshotEvery,
        final int operations,
        final SetTimeProvider time,
        final Path archive) throws Exception
    {
        stack = new TestStack(AutoFillVenue.Mode.PARTIAL_FILLS, new PeregrineContext()
            .journalDir(journal)
            .adminClientIds(CLIENT_ID)
            .snapshotIntervalEntries(snapshotEvery)
            .snapshotIntervalMs(0)
            .snapshotRetained(null == time ? Integer.MAX_VALUE : 2)
            .journalRetainCycles(null == time ? JournalRetention.KEEP_ALL : 1));
        final AutoFillVenue.Mode[] modes = {
            AutoFillVenue.Mode.FILL, AutoFillVenue.Mode.PARTIAL_FILLS, AutoFillVenue.Mode.ACK_ONLY,
            AutoFillVenue.Mode.ACK_ONLY, AutoFillVenue.Mode.REJECT};
        long clOrdId = 1;
        long commandId = 1;
        boolean killed = false;
        for (int op = 0; op < operations; op++)
        {
            final int action = random.nextInt(100);
            final long account = random.nextInt(4) == 0 ? ACC2 : ACC1;
            if (action < 5)
            {
                stack.venue.mode(modes[random.nextInt(modes.length)]);
            }
            else if (action < 55)
            {
                final long id = clOrdId++;
                final boolean aapl = random.nextBoolean();
                // Mostly inside the collar; now and then far outside it (a risk reject).
                final long reference = aapl ? 190 : 420;
                final long price = random.nextInt(20) == 0 ? reference * 3 * Prices.SCALE :
                    (reference - 2 + random.nextInt(5)) * Prices.SCALE;
                final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                final long qty = 1 + random.nextInt(300);
                stack.newLimitOrder(id, account, aapl ? AAPL : MSFT, side, price, qty);
            }
            else if (action < 60 && clOrdId > 2)
            {
                final long duplicate = 1 + random.nextInt((int)clOrdId - 1);
                stack.newLimitOrder(duplicate, account, AAPL, Side.BUY, 190 * Prices.SCALE, 5);
            }
            else if (action < 78 && clOrdId > 2)
            {
                final long orig = 1 + random.nextInt((int)clOrdId - 1);
                final long id = clOrdId++;
                stack.offer(() -> stack.client.cancel(id, orig, 0, account));
            }
            else if (action < 95 && clOrdId > 2)
            {
                final long orig = 1 + random.nextInt((int)clOrdId - 1);
                final long id = clOrdId++;
                final long price = (189 + random.nextInt(3)) * Prices.SCALE;
                final long qty = 1 + random.nextInt(400);
                stack.offer(() -> stack.client.replace(id, orig, 0, account, price, qty));
            }
            else
            {
                final long command = commandId++;
                final boolean resume = killed;
                killed = !killed;
                stack.offer(() -> resume ? stack.client.resume(command, KillScope.ACCOUNT, ACC2) :
                    stack.client.killSwitch(command, KillScope.ACCOUNT, ACC2, random.nextBoolean()));
            }
            if (random.nextInt(8) == 0)
            {
                Thread.yield();
            }
            if (null != time && op % 20 == 19)
            {
                awaitCoreCaughtUp(clOrdId++);
                archive(journal, archive);
                time.advanceMillis(1000);
            }
            if (op % 60 == 59)
            {
                // The core must have read everything offered so far before the snapshot check means anything: on a
                // loaded machine it lags the offers, the check then saw nothing due, and the whole run was journaled
                // while the first periodic snapshot was still being written (one periodic snapshot, not several).
                awaitCoreCaughtUp(clOrdId++);
                // Lets a due or unfinished snapshot complete before more input: the core skips a due snapshot while
                // the previous one is being written (by design) and takes it right after. Waiting for a NEW snapshot
                // here instead would wait forever whenever the last one was already written and fewer than an
                // interval of entries came since (the core takes each as soon as it is due).
                awaitSnapshotSettled(stack.core.snapshots().written());
            }
        }
        stack.venue.mode(AutoFillVenue.Mode.ACK_ONLY);
        awaitCoreCaughtUp(clOrdId);
        awaitSnapshotSettled(stack.core.snapshots().written());
        if (null != time)
        {
            archive(journal, archive);
        }
        stack.close(); // the shutdown snapshot: the live state at the journal's end
        stack = null;
    }

    /**
     * Every client input offered before is handled once the answer to one more order is in (one stream, read in
     * order). The order is inside every limit of ACC1, so it gets an ack, a fill or a venue reject: any answer will do.
     */
    private void awaitCoreCaughtUp(final long markerClOrdId)
    {
        stack.newLimitOrder(markerClOrdId, ACC1, AAPL, Side.BUY, 190 * Prices.SCALE, 1);
        stack.awaitTrue(() ->
        {
            stack.client.poll(stack.reports, 64);
            return !stack.executionsFor(markerClOrdId).isEmpty();
        }, "answer to order " + markerClOrdId);
    }

    private void awaitSnapshotSettled(final long writtenBefore)
    {
        // The write fsyncs the journal and the file: seconds when other processes flood the disk.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stack.core.snapshots().written() <= writtenBefore && stack.core.snapshots().snapshotPending())
        {
            assertTrue(System.nanoTime() < deadline, "a due periodic snapshot written within 60 s; failed writes: " +
                stack.core.snapshots().failed());
            stack.client.poll(stack.reports, 64);
            Thread.yield();
        }
    }

    private byte[] recoverAndShutDown(
        final Path journal, final Path copyTo, final Path onlySnapshot, final int seed, final long expectedIndex)
        throws Exception
    {
        final Path copy = JournalRecoverySystemTest.copy(journal, copyTo);
        final Path snapshotDir = copy.resolve(SnapshotStore.DIRECTORY);
        keepOnly(snapshotDir, null == onlySnapshot ? null : onlySnapshot.getFileName().toString());
        try (Peregrine core = Peregrine.launch(core(copy)))
        {
            assertEquals(expectedIndex, core.recovery().snapshotIndex(), "seed " + seed + ": snapshot used");
            assertEquals(0, core.recovery().mismatches(), "seed " + seed + ": replay reproduces the journal");
            assertEquals(0, core.recovery().tailOutputsPublished(), "seed " + seed + ": clean end");
            if (null != onlySnapshot)
            {
                assertTrue(core.recovery().replayedInputs() > 0, "seed " + seed + ": a tail to replay");
            }
        }
        return newestBytes(copy);
    }

    private static PeregrineContext core(final Path journal)
    {
        return JournalRecoverySystemTest.bareCore(journal).adminClientIds(CLIENT_ID).snapshotRetained(100);
    }

    private static byte[] newestBytes(final Path journal) throws Exception
    {
        final List<Path> snapshots = new SnapshotStore(journal, Integer.MAX_VALUE).snapshots();
        return Files.readAllBytes(snapshots.get(snapshots.size() - 1));
    }

    private static void keepOnly(final Path snapshotDir, final String... names) throws Exception
    {
        final List<String> keep = Arrays.asList(names);
        try (var files = Files.list(snapshotDir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (!keep.contains(file.getFileName().toString()))
                {
                    Files.delete(file);
                }
            }
        }
    }

    private static long indexOf(final Path snapshot)
    {
        final String name = snapshot.getFileName().toString();
        return Long.parseUnsignedLong(name.substring("snapshot-".length(), name.length() - ".snp".length()), 16);
    }

    private static void reseal(final byte[] bytes)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putInt(bytes.length - 4, (int)crc.getValue());
    }
}
