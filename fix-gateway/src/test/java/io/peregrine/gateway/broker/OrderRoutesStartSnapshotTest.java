package io.peregrine.gateway.broker;

import io.peregrine.gateway.store.RecordLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.peregrine.gateway.broker.RoutesDay.BROKER1;
import static io.peregrine.gateway.broker.RoutesDay.SESSIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start snapshot a clean stop of {@link OrderRoutes} writes: the next start uses it instead of the journal, with
 * the state a start that reads the whole journal builds; a start after a crash (no snapshot), or with a snapshot that
 * is cut, damaged, or no longer matches the journal, its scratch files or the configuration, reads the whole journal
 * and builds the same state.
 */
class OrderRoutesStartSnapshotTest
{
    private static final int RETAINED = 10;

    @TempDir
    Path dir;

    private static OrderRoutes open(final Path file)
    {
        return new OrderRoutes(file, SESSIONS, RETAINED, 1, RetiredClOrdIds.ZEROS, RecordLog.BACKGROUND);
    }

    /** A copy of the journal alone (no snapshot, no scratch files): what a start after a crash finds. */
    private Path crashedCopy(final Path file, final String name) throws IOException
    {
        final Path copy = Files.createDirectory(dir.resolve(name)).resolve("clordids.log");
        Files.copy(file, copy);
        return copy;
    }

    /** A day of {@code orders} orders, then a clean stop: returns the ClOrdIDs taken (a list to add to). */
    private static List<String> dayStoppedCleanly(final Path file, final SplittableRandom random, final int orders)
    {
        try (OrderRoutes routes = open(file))
        {
            return new ArrayList<>(RoutesDay.play(routes, random, orders, "A"));
        }
    }

    private static String stateOfFullRead(final Path copy, final List<String> taken)
    {
        try (OrderRoutes routes = open(copy))
        {
            assertFalse(routes.startedFromSnapshot());
            assertTrue(routes.journalLinesReplayedAtStart() > 0);
            return RoutesDay.state(routes, taken);
        }
    }

    @Test
    void aStartAfterACleanStopUsesTheSnapshotReadsNoJournalLineAndHoldsWhatAFullReadHolds() throws Exception
    {
        final Path file = Files.createDirectory(dir.resolve("day")).resolve("clordids.log");
        final SplittableRandom random = new SplittableRandom(7);
        final List<String> taken = dayStoppedCleanly(file, random, 400);
        assertTrue(Files.exists(StartSnapshot.file(file)), "a clean stop writes it");
        for (int start = 1; start <= 3; start++)
        {
            final String fullRead = stateOfFullRead(crashedCopy(file, "crash" + start), taken);
            try (OrderRoutes routes = open(file))
            {
                assertTrue(routes.startedFromSnapshot(), "start " + start);
                assertEquals(0, routes.journalLinesReplayedAtStart(), "start " + start);
                assertFalse(Files.exists(StartSnapshot.file(file)), "deleted before the start changes anything");
                assertTrue(routes.retiredClOrdIds() > 200, "most are retired: " + routes.retiredClOrdIds());
                assertEquals(fullRead, RoutesDay.state(routes, taken), "start " + start);
                taken.addAll(RoutesDay.play(routes, random, 150, "S" + start + "-"));
            }
        }
    }

    @Test
    void aSnapshotCutDamagedOrNotMatchingItsFilesOrTheConfigurationIsRefusedAndTheStartReadsTheWholeJournal()
        throws Exception
    {
        final List<String> damages = List.of("cut", "byte", "retired", "index", "no-index", "copied", "sessions",
            "retention");
        for (final String damage : damages)
        {
            final Path file = Files.createDirectory(dir.resolve(damage)).resolve("clordids.log");
            final List<String> taken = dayStoppedCleanly(file, new SplittableRandom(damage.hashCode()), 300);
            final Path snapshot = StartSnapshot.file(file);
            switch (damage)
            {
                case "cut" -> truncate(snapshot, Files.size(snapshot) / 2);
                case "byte" -> flip(snapshot, Files.size(snapshot) / 3);
                case "retired" -> flip(file.resolveSibling("clordids.log.retired"), 100);
                case "index" -> flip(file.resolveSibling("clordids.log.retired-index"), 0);
                case "no-index" -> Files.delete(file.resolveSibling("clordids.log.retired-index"));
                case "copied" ->
                {
                    // The same bytes and times in another file (cp -p, a restore): it may have holes a write on a
                    // full disk would fault in (SIGBUS), so it is not the file the stop left.
                    final Path records = file.resolveSibling("clordids.log.retired");
                    final Path copy = file.resolveSibling("copy");
                    Files.copy(records, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    Files.move(copy, records, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                default ->
                {
                    // changed below, at the start
                }
            }
            final String fullRead = stateOfFullRead(crashedCopy(file, damage + "-crash"), taken);
            if ("sessions".equals(damage))
            {
                try (OrderRoutes routes = new OrderRoutes(file, List.of(BROKER1), RETAINED, 1,
                    RetiredClOrdIds.ZEROS, RecordLog.BACKGROUND))
                {
                    assertFalse(routes.startedFromSnapshot(), damage);
                }
                continue;
            }
            try (OrderRoutes routes = "retention".equals(damage) ?
                new OrderRoutes(file, SESSIONS, RETAINED + 1, 1, RetiredClOrdIds.ZEROS, RecordLog.BACKGROUND) :
                open(file))
            {
                assertFalse(routes.startedFromSnapshot(), damage);
                assertTrue(routes.journalLinesReplayedAtStart() > 0, damage);
                if (!"retention".equals(damage))
                {
                    assertEquals(fullRead, RoutesDay.state(routes, taken), damage);
                }
            }
        }
    }

    @Test
    void aJournalChangedOrCutAfterTheSnapshotIsReadWholeWithTheSameStateAsAStartWithoutTheSnapshot()
        throws Exception
    {
        for (final String change : List.of("changed", "cut"))
        {
            final Path file = Files.createDirectory(dir.resolve(change)).resolve("clordids.log");
            final List<String> taken = dayStoppedCleanly(file, new SplittableRandom(11), 300);
            // The last record's payload changed (or cut): the snapshot no longer matches; both starts cut it alike.
            if ("changed".equals(change))
            {
                flip(file, Files.size(file) - 3);
            }
            else
            {
                truncate(file, Files.size(file) - 1);
            }
            final String fullRead = stateOfFullRead(crashedCopy(file, change + "-crash"), taken);
            try (OrderRoutes routes = open(file))
            {
                assertFalse(routes.startedFromSnapshot(), change);
                assertEquals(fullRead, RoutesDay.state(routes, taken), change);
            }
        }
    }

    @Test
    void anOlderSnapshotPutBackAfterALaterRunIsNeverTrustedBeyondTheJournal() throws Exception
    {
        final Path file = Files.createDirectory(dir.resolve("older")).resolve("clordids.log");
        final SplittableRandom random = new SplittableRandom(13);
        final List<String> taken = dayStoppedCleanly(file, random, 300);
        // The stop's snapshot and scratch files set aside, as a backup would hold them.
        final Path aside = Files.createDirectory(dir.resolve("aside"));
        for (final String name : List.of("clordids.log.snapshot", "clordids.log.retired", "clordids.log.retired-index"))
        {
            Files.copy(file.resolveSibling(name), aside.resolve(name));
        }
        // A later run that ends in a crash (not closed: no snapshot), with more orders taken, retired and appended.
        final OrderRoutes crashed = open(file);
        taken.addAll(RoutesDay.play(crashed, random, 200, "B"));
        for (final String name : List.of("clordids.log.snapshot", "clordids.log.retired", "clordids.log.retired-index"))
        {
            Files.copy(aside.resolve(name), file.resolveSibling(name),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        final String fullRead = stateOfFullRead(crashedCopy(file, "older-crash"), taken);
        try (OrderRoutes routes = open(file))
        {
            // Either refused (the later run's compaction rewrote the journal) or used with the journal after it
            // replayed: the same state as the full read, every ClOrdID of the later run there, none twice.
            assertEquals(fullRead, RoutesDay.state(routes, taken));
        }
        crashed.close();
    }

    @Test
    void aCompactionThatFailedIsCountedInTheSnapshotAndTriedAgainByTheStartFromIt() throws Exception
    {
        final Path file = Files.createDirectory(dir.resolve("failed")).resolve("clordids.log");
        dayStoppedCleanly(file, new SplittableRandom(17), 300);
        // A directory where the compaction writes its temporary file: it fails (as on a full disk), after the open.
        final Path blocker = file.resolveSibling("clordids.log.migrating");
        final java.util.concurrent.Executor blocked = (task) ->
        {
            try
            {
                Files.createDirectory(blocker);
                Files.createFile(blocker.resolve("in-the-way"));
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
            task.run();
        };
        try (OrderRoutes routes = new OrderRoutes(file, SESSIONS, RETAINED, 1, RetiredClOrdIds.ZEROS, blocked))
        {
            assertTrue(routes.startedFromSnapshot());
        }
        assertTrue(Files.exists(StartSnapshot.file(file)));
        Files.delete(blocker.resolve("in-the-way"));
        Files.delete(blocker);
        final java.util.concurrent.atomic.AtomicInteger compactions = new java.util.concurrent.atomic.AtomicInteger();
        try (OrderRoutes routes = new OrderRoutes(file, SESSIONS, RETAINED, 1, RetiredClOrdIds.ZEROS, (task) ->
        {
            compactions.incrementAndGet();
            task.run();
        }))
        {
            assertTrue(routes.startedFromSnapshot());
            assertEquals(1, compactions.get(), "the journal left uncompacted is compacted by the next start");
        }
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
    }

    private static void flip(final Path file, final long at) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(at);
            final int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5A);
        }
    }
}
