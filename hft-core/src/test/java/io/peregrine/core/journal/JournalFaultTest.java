package io.peregrine.core.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal write that faults in the memory map (what a full disk does to a mapped file: the JVM turns the SIGBUS
 * into an {@link InternalError}) turns the journal off like any failed append, instead of killing the core's thread.
 */
class JournalFaultTest
{
    @TempDir
    Path dir;

    @Test
    void aWriteThatFaultsInTheMemoryMapTurnsTheJournalOffInsteadOfKillingTheThread() throws IOException
    {
        try (CoreJournal journal = CoreJournal.open(dir, 0))
        {
            assertTrue(journal.appendValue(JournalEntry.RESTART, 1, 0));
            // The pages the next entries go to no longer have file behind them, as when the disk could not give them.
            for (final Path cycle : cycleFiles())
            {
                try (FileChannel file = FileChannel.open(cycle, StandardOpenOption.WRITE))
                {
                    file.truncate(0);
                }
            }
            boolean appended = true;
            for (int i = 0; i < 10_000 && appended; i++)
            {
                appended = journal.appendValue(JournalEntry.RESTART, 2 + i, 0);
            }
            assertFalse(appended, "an append failed");
            assertTrue(journal.appendFailure() instanceof InternalError, String.valueOf(journal.appendFailure()));
            assertFalse(journal.isAvailable());
            assertNotNull(journal.unavailableReason());
            assertFalse(journal.appendValue(JournalEntry.RESTART, 3, 0), "and the journal stays off");
        }
    }

    private List<Path> cycleFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter((file) -> file.getFileName().toString().endsWith(".cq4")).toList();
        }
    }
}
