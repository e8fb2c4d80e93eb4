package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VenueOrderJournalTest
{
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
}
