package io.peregrine.core.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention deletes exactly the cycle files its rule allows (whole files before the oldest snapshot's cycle, beyond
 * the newest N, oldest first), and everything that reads the journal works on what is left: the identity check
 * (the START entry went with the first file), snapshot validation, the audit trail (saying where it starts), a
 * reader resuming after a position that is still there; and refuses, naming what is missing, what it cannot do:
 * a reader resuming after a deleted position, a recovery no snapshot covers. Journals here roll every second of a
 * clock the test sets (Chronicle's {@code TEST_SECONDLY}), so each cycle file holds exactly the entries written
 * between two ticks.
 */
class JournalRetentionTest
{
    private static final int CYCLES = 6;
    private static final int ENTRIES_PER_CYCLE = 3;
    private static final byte[] FINGERPRINT = "retention-test".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final SetTimeProvider time = new SetTimeProvider(1_796_000_000_000L * 1_000_000L);
    /** Index of the first entry written in each cycle, by cycle (the first cycle's is the START entry). */
    private final TreeMap<Integer, Long> firstIndexOfCycle = new TreeMap<>();
    private final List<Long> indexes = new ArrayList<>();

    @BeforeEach
    void secondlyCycles()
    {
        CoreJournal.rollCycleForTests(TestRollCycles.TEST_SECONDLY, time);
    }

    @AfterEach
    void dailyCyclesAgain()
    {
        CoreJournal.rollCycleForTests(null, null);
    }

    @Test
    void deletesWholeCyclesBeforeTheOldestSnapshotBeyondTheRetainedCountAndReadersGoOnFromWhatIsLeft() throws Exception
    {
        final Path journalDir = dir.resolve("core");
        final long created;
        final SnapshotStore store = new SnapshotStore(journalDir, 2);
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            created = journal.createdTime();
            writeCycles(journal);
            // Snapshots at the second entry of cycles 3 and 4: files from cycle 3 on are needed.
            final int cycle3 = cycle(journal, 3);
            snapshot(store, created, firstIndexOfCycle.get(cycle3) + 1);
            snapshot(store, created, firstIndexOfCycle.get(cycle(journal, 4)) + 1);
            final Map<Integer, java.io.File> before = JournalCycles.files(journal.queue());
            assertEquals(CYCLES, before.size(), "one file per cycle: " + before.values());

            // Keep 5 newest: only the oldest may go.
            final List<Path> first = new JournalRetention(journal, store, 5, null).apply();
            assertEquals(List.of(before.get(cycle(journal, 0)).toPath()), first);

            // Keep 2 newest: the rule would allow 4 more, but cycle 3 holds the oldest snapshot: cycles 1 and 2 go.
            final JournalRetention retention = new JournalRetention(journal, store, 2, null);
            assertEquals(List.of(before.get(cycle(journal, 1)).toPath(), before.get(cycle(journal, 2)).toPath()),
                retention.apply());
            assertEquals(2, retention.deleted());
            assertEquals(List.of(), retention.apply(), "nothing more until a newer snapshot");
            assertEquals(before.keySet().stream().filter((c) -> c >= cycle3).collect(Collectors.toList()),
                new ArrayList<>(JournalCycles.files(journal.queue()).keySet()), "exactly the files from cycle 3 on");
            assertEquals(firstIndexOfCycle.get(cycle3), journal.firstIndex());
            assertTrue(journal.isPruned());

            // Keep-all deletes nothing.
            assertEquals(List.of(), new JournalRetention(journal, store, JournalRetention.KEEP_ALL, null).apply());
        }

        // Reopened without its START entry: the identity file names the journal; the snapshots still validate.
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            assertEquals(created, journal.createdTime(), "the journal's identity survives its first file");
            assertTrue(journal.isPruned());
            final long firstLeft = firstIndexOfCycle.get(cycle(journal, 3));
            assertEquals(firstLeft, journal.firstIndex());
            assertTrue(journal.startIndex() < firstLeft);
            final SnapshotFile.Content newest = store.loadLatest(journal, FINGERPRINT);
            assertEquals(firstIndexOfCycle.get(cycle(journal, 4)) + 1, newest.journalIndex());
            try (JournalReader reader = journal.reader())
            {
                assertEquals(JournalReader.ENTRY, reader.next());
                assertEquals(firstLeft, reader.index(), "a reader from the start begins at the first file left");
            }
            // Appending goes on.
            assertTrue(journal.append(JournalEntry.INGRESS, 1, 1, new UnsafeBuffer(new byte[8]), 0, 8));
        }

        // Readers in another process (read-only queue): resuming after a position left works, after a deleted one
        // is refused, naming the position, where the journal starts now and the fix.
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journalDir);
            JournalReader reader = CoreJournal.reader(queue))
        {
            final long kept = firstIndexOfCycle.get(cycle(queue, 4));
            assertTrue(reader.resumeAfter(kept));
            assertEquals(JournalReader.ENTRY, reader.next());
            assertEquals(kept + 1, reader.index());
            final long deleted = firstIndexOfCycle.get(cycle(queue, 1)) + 1;
            final JournalException refused = assertThrows(JournalException.class, () -> reader.resumeAfter(deleted));
            assertTrue(refused.getMessage().contains("position " + Long.toHexString(deleted) + " is in a part of " +
                "the core journal") && refused.getMessage().contains("was deleted") &&
                refused.getMessage().contains("now starts at " + Long.toHexString(firstIndexOfCycle.get(
                cycle(queue, 3)))) && refused.getMessage().contains("Put the deleted cycle files back"),
                refused.getMessage());
            assertFalse(reader.resumeAfter(firstIndexOfCycle.lastEntry().getValue() + 1000),
                "beyond the end: not a position of this journal, and not a deleted one");
        }

        // The audit trail says where it starts.
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            JournalAudit.fromArgs(new String[0]).print(journalDir, out);
        }
        final String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("# the journal starts at index " +
            Long.toHexString(firstIndexOfCycle.get(firstIndexOfCycle.keySet().stream().sorted().skip(3).findFirst()
            .orElseThrow())) + " "), printed);
        assertTrue(printed.contains("cycle files before it were deleted"), printed);
    }

    @Test
    void filesDeletedWithoutChronicleListingTheDirectoryAgainAreReadLikeAnyPrunedJournal() throws Exception
    {
        // What an operator deleting files by hand, or a crash between retention's unlink and its refresh, leaves:
        // Chronicle's metadata still names the deleted first cycle.
        final Path journalDir = dir.resolve("core");
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            writeCycles(journal);
            snapshot(new SnapshotStore(journalDir, 1), journal.createdTime(), firstIndexOfCycle.get(cycle(journal, 3)));
            for (final java.io.File file : JournalCycles.files(journal.queue()).headMap(cycle(journal, 2)).values())
            {
                Files.delete(file.toPath());
            }
        }
        final long firstLeft = firstIndexOfCycle.get(firstIndexOfCycle.keySet().stream().sorted().skip(2).findFirst()
            .orElseThrow());
        // A reader in another process before the core restarts (read-only: it trusts the stale listing).
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journalDir);
            JournalReader reader = CoreJournal.reader(queue))
        {
            assertTrue(reader.resumeAfter(-1));
            assertEquals(JournalReader.ENTRY, reader.next());
            assertEquals(firstLeft, reader.index(), "from the start: the first entry left");
            int read = 1;
            while (JournalReader.ENTRY == reader.next())
            {
                read++;
            }
            assertEquals((CYCLES - 2) * ENTRIES_PER_CYCLE, read, "every entry of the files left, across cycles");
            assertThrows(JournalException.class, () -> reader.resumeAfter(firstLeft - 1 - ENTRIES_PER_CYCLE));
            assertTrue(reader.resumeAfter(firstLeft + 1));
        }
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            assertTrue(journal.isPruned());
            assertEquals(firstLeft, journal.firstIndex());
            assertEquals(firstLeft, journal.queue().firstIndex(), "the core's open lists the directory again");
        }
    }

    @Test
    void aCycleFileDeletedFromTheMiddleIsFoundByTheSequenceOfTheNextAndStopsTheStart() throws Exception
    {
        final Path journalDir = dir.resolve("core");
        final long firstAfterGap;
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            writeCycles(journal);
            Files.delete(JournalCycles.files(journal.queue()).get(cycle(journal, 2)).toPath());
            firstAfterGap = firstIndexOfCycle.get(cycle(journal, 3));
        }
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journalDir);
            JournalReader reader = CoreJournal.reader(queue))
        {
            int result;
            while (JournalReader.ENTRY == (result = reader.next()))
            {
                assertTrue(reader.index() < firstAfterGap);
            }
            assertEquals(JournalReader.CORRUPT, result);
            assertEquals(firstAfterGap, reader.index());
            assertTrue(reader.missingEntries());
            assertTrue(reader.corruption().startsWith("entries are missing before it: its sequence number is " +
                3 * ENTRIES_PER_CYCLE), reader.corruption());
        }
        // Recovery without a snapshot replays across the gap: refused, naming what is lost and the fix.
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            final JournalException refused = assertThrows(JournalException.class,
                () -> Recovery.replay(journal, (type, timestamp, source, buffer, offset, length) -> { }, 0));
            assertTrue(refused.getMessage().contains("has lost entries before index " +
                Long.toHexString(firstAfterGap)) && refused.getMessage().contains("Put the missing cycle files back"),
                refused.getMessage());
        }
    }

    @Test
    void aReportReadersSavedPositionHoldsItsFileAndTheLaterOnesBack() throws Exception
    {
        final Path journalDir = dir.resolve("core");
        final Path positionFile = dir.resolve("gateway").resolve("core-report-position");
        try (CoreJournal journal = CoreJournal.open(journalDir, 0);
            ReaderPosition reader = new ReaderPosition(positionFile))
        {
            writeCycles(journal);
            final SnapshotStore store = new SnapshotStore(journalDir, 1);
            snapshot(store, journal.createdTime(), firstIndexOfCycle.get(cycle(journal, 5)));
            final JournalRetention retention =
                new JournalRetention(journal, store, 1, null).keepForReaders(List.of(positionFile));

            // No position saved yet: the reader will start at the journal's first entry, so nothing goes.
            assertEquals(List.of(), retention.apply());
            // Its last report is in cycle 2: cycles 0 and 1 go, 2 stays.
            reader.save(firstIndexOfCycle.get(cycle(journal, 2)) + 1);
            assertEquals(2, retention.apply().size());
            assertEquals(firstIndexOfCycle.get(cycle(journal, 2)), journal.firstIndex());
            // It read on into cycle 4: 2 and 3 go; the snapshot's cycle 5 bounds the rest.
            reader.save(firstIndexOfCycle.get(cycle(journal, 4)) + 2);
            assertEquals(2, retention.apply().size());
            assertEquals(firstIndexOfCycle.get(cycle(journal, 4)), journal.firstIndex());
            try (ChronicleQueue queue = CoreJournal.openReadOnly(journalDir);
                JournalReader tailer = CoreJournal.reader(queue))
            {
                assertTrue(tailer.resumeAfter(ReaderPosition.peek(positionFile)), "the reader resumes where it was");
            }
        }
    }

    @Test
    void aPrunedJournalThatNoSnapshotCoversIsRefusedNamingWhatIsMissing() throws Exception
    {
        final Path journalDir = dir.resolve("core");
        assertEquals(2, writeSnapshotAndPrune(journalDir, 2));
        // The one snapshot that covered the first file left is lost (an operator deleted it by mistake).
        Files.delete(new SnapshotStore(journalDir, 1).snapshots().get(0));
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            final JournalException refused = assertThrows(JournalException.class,
                () -> Recovery.replay(journal, (type, timestamp, source, buffer, offset, length) -> { }, 0));
            final String message = refused.getMessage();
            assertTrue(message.contains("starts at index " + Long.toHexString(journal.firstIndex())) &&
                message.contains("were deleted") && message.contains("no valid snapshot") &&
                message.contains("Put the deleted cycle files back"), message);
        }
    }

    @Test
    void aJournalWhoseFirstFilesWentWithItsIdentityFileIsRefusedNotStartedOver() throws Exception
    {
        final Path journalDir = dir.resolve("core");
        assertEquals(3, writeSnapshotAndPrune(journalDir, 3));
        Files.delete(journalDir.resolve(CoreJournal.IDENTITY_FILE));
        final JournalException refused = assertThrows(JournalException.class, () -> CoreJournal.open(journalDir, 0));
        assertTrue(refused.getMessage().contains("does not start with a readable START entry") &&
            refused.getMessage().contains(CoreJournal.IDENTITY_FILE), refused.getMessage());
    }

    @Test
    void theIdentityFileIsWrittenForAJournalThatHadNoneAndOneOfAnotherJournalIsRefused() throws Exception
    {
        final Path journalDir = dir.resolve("core");
        final Path other = dir.resolve("other");
        final long created;
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            created = journal.createdTime();
        }
        time.advanceMillis(1000); // the other journal starts a cycle later: another start index, whatever its time
        CoreJournal.open(other, 0).close();
        // A journal of an earlier release: START entry, no identity file. The first open writes it.
        final Path identity = journalDir.resolve(CoreJournal.IDENTITY_FILE);
        Files.delete(identity);
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            assertEquals(created, journal.createdTime());
        }
        assertTrue(Files.readString(identity).contains("createdTime=" + created), Files.readString(identity));

        // Another journal's identity file: refused, naming both starts and the fix.
        Files.copy(other.resolve(CoreJournal.IDENTITY_FILE), identity, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        final JournalException refused = assertThrows(JournalException.class, () -> CoreJournal.open(journalDir, 0));
        assertTrue(refused.getMessage().contains("comes from another journal") &&
            refused.getMessage().contains("Delete " + identity.toAbsolutePath()), refused.getMessage());
    }

    /**
     * A journal of CYCLES files, one snapshot at the first entry of cycle n, retention keeping 1 file.
     *
     * @return files deleted.
     */
    private int writeSnapshotAndPrune(final Path journalDir, final int n)
    {
        try (CoreJournal journal = CoreJournal.open(journalDir, 0))
        {
            writeCycles(journal);
            final SnapshotStore store = new SnapshotStore(journalDir, 1);
            snapshot(store, journal.createdTime(), firstIndexOfCycle.get(cycle(journal, n)));
            return new JournalRetention(journal, store, 1, null).apply().size();
        }
    }

    /** Cycle n of this test (0 = the START entry's), as Chronicle numbers it. */
    private int cycle(final CoreJournal journal, final int n)
    {
        return cycle(journal.queue(), n);
    }

    private int cycle(final ChronicleQueue queue, final int n)
    {
        return queue.rollCycle().toCycle(firstIndexOfCycle.firstEntry().getValue()) + n;
    }

    /** The START entry and ENTRIES_PER_CYCLE inputs in the first cycle, then as many in each of the next ones. */
    private void writeCycles(final CoreJournal journal)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
        for (int c = 0; c < CYCLES; c++)
        {
            for (int i = 0; i < ENTRIES_PER_CYCLE; i++)
            {
                payload.putLong(0, indexes.size());
                assertTrue(journal.append(JournalEntry.INGRESS, time.currentTimeNanos(), 1, payload, 0, 16));
                final long index = journal.lastAppendedIndex();
                indexes.add(index);
                firstIndexOfCycle.putIfAbsent(journal.queue().rollCycle().toCycle(index), c == 0 ?
                    journal.startIndex() : index);
            }
            time.advanceMillis(1000);
        }
    }

    /** A real snapshot file (header, 8 bytes of state, checksum) at a journal index. */
    private static void snapshot(final SnapshotStore store, final long created, final long index)
    {
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(256);
        final int stateOffset = SnapshotFile.writeHeader(buffer, created, index, 0, FINGERPRINT);
        buffer.putLong(stateOffset, index);
        final int length = SnapshotFile.seal(buffer, stateOffset + 8);
        final ByteBuffer bytes = buffer.byteBuffer().duplicate();
        bytes.clear().limit(length);
        store.write(bytes, index);
    }
}
