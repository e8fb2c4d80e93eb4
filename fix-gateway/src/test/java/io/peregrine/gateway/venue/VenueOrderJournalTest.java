package io.peregrine.gateway.venue;

import io.peregrine.testsupport.TempDirs;
import io.peregrine.gateway.store.TornTail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VenueOrderJournalTest
{
    private final Path dir = TempDirs.create("venue-journal-");
    private final Path file = dir.resolve("orders.log");

    @AfterEach
    void tearDown()
    {
        TempDirs.delete(dir);
    }

    @Test
    void anOrderJournaledAfterATornTailIsStillKnownAfterTheNextRestart() throws Exception
    {
        try (VenueOrderJournal journal = new VenueOrderJournal(file))
        {
            journal.startRun(7, 1);
            journal.onSent(1, 10);
        }
        // A SIGKILL in the middle of "N 1 11\n": the record has no newline (and would parse as order 1).
        Files.writeString(file, "N 1 1", StandardOpenOption.APPEND);

        try (VenueOrderJournal journal = new VenueOrderJournal(file))
        {
            assertTrue(journal.wasSent(10));
            assertFalse(journal.wasSent(1), "a torn record is not replayed as a shorter one");
            journal.onSent(1, 12);
            journal.onReplaced(12, 3);
        }
        try (VenueOrderJournal journal = new VenueOrderJournal(file))
        {
            assertTrue(journal.wasSent(12), "the record appended after the torn one survives");
            assertEquals(3, journal.currentRequestId(12));
            assertFalse(journal.wasSent(1));
        }
    }

    @Test
    void cutsOnlyWhatFollowsTheLastNewline() throws Exception
    {
        Files.createDirectories(dir);
        Files.writeString(file, "a\nbb\nccc");
        assertEquals(3, TornTail.cut(file));
        assertEquals("a\nbb\n", Files.readString(file));
        assertEquals(0, TornTail.cut(file));
        Files.writeString(file, "no newline at all");
        assertEquals(17, TornTail.cut(file));
        assertEquals(0, Files.size(file));
        assertEquals(0, TornTail.cut(dir.resolve("missing.log")));
    }
}
