package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VenueOrderJournalTest
{
    private static final int WINDOW = 300;
    @TempDir
    Path dir;

    private Path file()
    {
        return dir.resolve("orders.log");
    }

    @Test
    void anOrderJournaledAfterATornTailIsStillKnownAfterTheNextRestart() throws Exception
    {
        try (VenueOrderJournal journal = new VenueOrderJournal(file()))
        {
            journal.startRun(7, 1);
            journal.onSent(1, 10);
        }
        // A SIGKILL in the middle of an append: a record cut short (its length says more than the file holds).
        Files.writeString(file(), "N 1 1", StandardOpenOption.APPEND);

        try (VenueOrderJournal journal = new VenueOrderJournal(file()))
        {
            assertTrue(journal.wasSent(10));
            assertFalse(journal.wasSent(1), "a torn record is not replayed as a shorter one");
            journal.onSent(1, 12);
            journal.onReplaced(12, 3);
        }
        try (VenueOrderJournal journal = new VenueOrderJournal(file()))
        {
            assertTrue(journal.wasSent(12), "the record appended after the torn one survives");
            assertEquals(3, journal.currentRequestId(12));
            assertFalse(journal.wasSent(1));
        }
    }

    @Test
    void aLineJournalOfAnEarlierVersionIsMigratedAndKeepsItsOrdersRunAndPendingRequests() throws Exception
    {
        Files.writeString(file(), "S 7 1\nN 1 10 2 AAPL\nR 10 3\nQ 10 4 C\nN 1 11 1 MSFT\nX 11\nN 1 1");

        try (VenueOrderJournal journal = new VenueOrderJournal(file()))
        {
            assertEquals(7, journal.run().sessionId());
            assertEquals(1, journal.run().id());
            assertTrue(journal.wasSent(10));
            assertEquals(3, journal.currentRequestId(10));
            assertEquals('2', journal.sideOf(10));
            assertEquals("AAPL", journal.symbolOf(10));
            assertEquals(4, journal.pendingRequest(10, false));
            assertEquals(VenueOrderJournal.UNKNOWN, journal.venueOf(11), "done before the migration");
            assertFalse(journal.wasSent(1), "the torn last line of the old journal is not migrated");
            journal.onAnswered(10, 4);
        }
        try (VenueOrderJournal journal = new VenueOrderJournal(file()))
        {
            assertEquals(3, journal.currentRequestId(10), "migrated records and new ones survive the next restart");
            assertEquals(0, journal.pendingRequest(10, false), "answered: no cancel pending");
        }
        assertFalse(Files.readString(file(), java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("S 7 1\n"),
            "the file is a record log now");
    }

    @Test
    void aDoneOrderAndItsRequestsStayAlreadySentWhileAmongTheMostRecentlyDoneAndAreForgottenAfter()
    {
        try (VenueOrderJournal journal = new VenueOrderJournal(file(), 2))
        {
            journal.startRun(7, 1);
            journal.onSent(1, 10, '1', "AAPL");
            journal.onRequest(10, 100, false);
            journal.onDone(10);
            journal.onSent(1, 11, '2', "MSFT");
            journal.onDone(11);
            assertTrue(journal.wasSent(10), "one of the 2 most recently done: a re-sent order is not sent again");
            assertTrue(journal.wasHandled(100), "nor its cancel");
            journal.onSent(1, 12, '1', "AAPL");
            journal.onDone(12);
            assertFalse(journal.wasSent(10), "past the window");
            assertFalse(journal.wasHandled(100));
            assertTrue(journal.wasSent(11));
            journal.onSent(1, 13, '1', "IBM");
            journal.onRequest(11, 101, false); // a cancel that crossed the fill: order 11 is the youngest done now
            journal.onSent(1, 14, '1', "IBM");
            journal.onDone(14);
            assertTrue(journal.wasSent(11) && journal.wasHandled(101));
            assertFalse(journal.wasSent(12), "pushed out by 14 after 11's late cancel");
        }
        try (VenueOrderJournal journal = new VenueOrderJournal(file(), 2))
        {
            assertFalse(journal.wasSent(10) || journal.wasSent(12), "the same window at replay");
            assertTrue(journal.wasSent(11) && journal.wasHandled(101) && journal.wasSent(14));
            assertEquals(101, journal.pendingRequest(11, false));
            assertEquals(1, journal.workingOrders());
            assertEquals("IBM", journal.symbolOf(13));
        }
    }

    @Test
    void aCompactedJournalIsSmallerAndARestartOnItAnswersExactlyAsOnTheFullOne() throws Exception
    {
        final Path full = Files.createDirectory(dir.resolve("full")).resolve("orders.log");
        final Path compacted = Files.createDirectory(dir.resolve("compacted")).resolve("orders.log");
        final long lastRequest;
        try (VenueOrderJournal journal = new VenueOrderJournal(full, WINDOW))
        {
            journal.startRun(7, 1);
            long request = VenueJournalActivity.sendOrders(journal, new SplittableRandom(1), 1, 2_000, 1);
            journal.startRun(8, 2); // a core without a journal restarted: order ids start again
            request = VenueJournalActivity.sendOrders(journal, new SplittableRandom(2), 1, 1_000, request);
            journal.continueRun(9); // a journaled core restarted: same run
            lastRequest = VenueJournalActivity.sendOrders(journal, new SplittableRandom(3), 1_001, 2_000, request);
        }
        Files.copy(full, compacted);
        final long before = Files.size(full);
        try (VenueOrderJournal journal = new VenueOrderJournal(compacted, WINDOW))
        {
            assertTrue(journal.wasSent(3_000));
        }
        final long after = Files.size(compacted);
        assertTrue(after < before / 4, "compacted from " + before + " to " + after + " bytes");
        assertFalse(Files.exists(compacted.resolveSibling("orders.log.migrating")), "no temporary file left");

        // The full journal's replay against the compacted one's: same answers, and the same after the same activity.
        try (VenueOrderJournal fromFull = new VenueOrderJournal(full, WINDOW);
            VenueOrderJournal fromCompacted = new VenueOrderJournal(compacted, WINDOW))
        {
            assertEquals(after, Files.size(compacted), "nothing more to compact");
            assertEquals(VenueJournalActivity.state(fromFull, 3_000, lastRequest),
                VenueJournalActivity.state(fromCompacted, 3_000, lastRequest));
            final long more = VenueJournalActivity.sendOrders(fromFull, new SplittableRandom(4), 3_001, 500, lastRequest);
            VenueJournalActivity.sendOrders(fromCompacted, new SplittableRandom(4), 3_001, 500, lastRequest);
            assertEquals(VenueJournalActivity.state(fromFull, 3_500, more),
                VenueJournalActivity.state(fromCompacted, 3_500, more));
        }
        try (VenueOrderJournal fromFull = new VenueOrderJournal(full, WINDOW);
            VenueOrderJournal fromCompacted = new VenueOrderJournal(compacted, WINDOW))
        {
            assertEquals(VenueJournalActivity.state(fromFull, 3_500, lastRequest + 2_000),
                VenueJournalActivity.state(fromCompacted, 3_500, lastRequest + 2_000));
        }
    }

    @Test
    void aJournalThatRecordedNoCoreRunKeepsItsWorkingOrdersWhenCompacted() throws Exception
    {
        final StringBuilder lines = new StringBuilder();
        for (int orderId = 1; orderId <= 20; orderId++)
        {
            lines.append("N 1 ").append(orderId).append('\n').append("X ").append(orderId).append('\n');
        }
        Files.writeString(file(), lines.append("N 1 30 2 AAPL\nR 30 4\n"));
        final long before = Files.size(file());

        try (VenueOrderJournal journal = new VenueOrderJournal(file(), 0))
        {
            assertTrue(journal.recordedNoRun());
            assertFalse(journal.wasSent(20), "done, and no done order is retained");
        }
        assertTrue(Files.size(file()) < before / 2, "compacted");
        try (VenueOrderJournal journal = new VenueOrderJournal(file(), 0))
        {
            assertTrue(journal.recordedNoRun(), "still no core run recorded");
            assertTrue(journal.wasSent(30));
            assertEquals(4, journal.currentRequestId(30));
            assertEquals("AAPL", journal.symbolOf(30));
            assertEquals(1, journal.venueOf(30));
        }
    }

    @Test
    void theTermsOfOrdersAndOfPendingReplacesAndWhatReachedTheVenueSurviveARestartAndACompaction() throws Exception
    {
        try (VenueOrderJournal journal = new VenueOrderJournal(file(), 0))
        {
            journal.startRun(7, 1);
            journal.onSent(1, 10, '1', "AAPL", 10, 190);
            journal.onReplaceRequest(10, 100, 15, 190);
            journal.onSent(1, 11, '1', "AAPL", 10, 190);
            journal.onReplaceRequest(11, 101, 15, 191);
            journal.onReplaced(11, 101);
            journal.onAnswered(11, 101);
            journal.onReplaceRequest(11, 102, 20, 191);
            journal.onSent(1, 12, '2', "MSFT", 5, 0);
            journal.onUndelivered(12);
            journal.onSent(1, 13, '2', "MSFT", 5, 0);
            journal.onUndelivered(13);
            journal.onKnownAtVenue(13);
            for (int orderId = 20; orderId < 40; orderId++)
            {
                journal.onSent(1, orderId, '1', "IBM", 1, 1);
                journal.onDone(orderId); // dead records: the next open compacts
            }
        }
        final long full = Files.size(file());
        for (int open = 0; open < 2; open++) // on the full journal, then on the compacted one
        {
            try (VenueOrderJournal journal = new VenueOrderJournal(file(), 0))
            {
                assertEquals(ReplaceTerms.Verdict.APPLIED, journal.replaceVerdict(10, 15, 190));
                assertEquals(ReplaceTerms.Verdict.NOT_APPLIED, journal.replaceVerdict(10, 10, 190));
                assertEquals(ReplaceTerms.Verdict.APPLIED, journal.replaceVerdict(11, 20, 191));
                assertEquals(ReplaceTerms.Verdict.NOT_APPLIED, journal.replaceVerdict(11, 15, 191),
                    "the terms of the applied replace are the order's");
                assertTrue(journal.isUndelivered(12) && !journal.isKnownAtVenue(12));
                assertTrue(journal.isKnownAtVenue(13) && !journal.isUndelivered(13), "delivered after all");
                assertEquals(102, journal.pendingRequest(11, true));
            }
        }
        assertTrue(Files.size(file()) < full, "compacted");
        try (VenueOrderJournal journal = new VenueOrderJournal(file(), 0))
        {
            journal.onAnswered(10, 100); // refused: the order keeps its terms, the replace's are gone
            journal.onDone(12);
        }
        try (VenueOrderJournal journal = new VenueOrderJournal(file(), 0))
        {
            assertEquals(ReplaceTerms.Verdict.UNKNOWN, journal.replaceVerdict(10, 15, 190), "no replace pending");
            assertFalse(journal.isUndelivered(12), "done");
        }
    }

    @Test
    void aJournalWithoutTermsLoadsAndItsPendingReplaceIsNotDecidedByTerms() throws Exception
    {
        // A journal of a version before T, U and V (a line journal, migrated at open).
        Files.writeString(file(), "S 7 1\nN 1 10 2 AAPL\nQ 10 4 R\n");

        try (VenueOrderJournal journal = new VenueOrderJournal(file()))
        {
            assertEquals(4, journal.pendingRequest(10, true));
            assertEquals(ReplaceTerms.Verdict.UNKNOWN, journal.replaceVerdict(10, 15, 190));
            assertFalse(journal.isUndelivered(10) || journal.isKnownAtVenue(10));
        }
    }
}
