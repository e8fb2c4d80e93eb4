package io.peregrine.core.journal;

import io.peregrine.testsupport.MappedFileCut;
import io.peregrine.testsupport.TempDirs;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A read of the journal that faults in its memory map (what a full tmpfs does to a reader touching a page it has to
 * allocate: SIGBUS, which the JVM raises as an InternalError) is a {@link JournalNotReadableException}, never an error
 * that kills the reader's thread, and the reader goes on from where it was once the pages are back. Reproduced without
 * root on any file system: the cycle file is cut short under the map (the same SIGBUS), then its bytes are put back
 * ({@link MappedFileCut}).
 */
@Timeout(60)
class JournalReaderFaultTest
{
    private static final int ENTRIES = 2_000;
    private static final long MARK = 0x5045524547524E45L;

    private final Path dir = TempDirs.create("journal-reader-fault-");

    @AfterEach
    void deleteJournal()
    {
        TempDirs.delete(dir);
    }

    @Test
    void aReadThatFaultsInTheMapIsNotReadableNowAndTheReaderGoesOnFromWhereItWasOncePagesAreBack() throws Exception
    {
        try (CoreJournal journal = CoreJournal.open(dir, 0))
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[100]);
            for (int i = 0; i < ENTRIES; i++)
            {
                payload.putLong(0, MARK, ByteOrder.LITTLE_ENDIAN);
                payload.putLong(8, i, ByteOrder.LITTLE_ENDIAN);
                assertTrue(journal.append(JournalEntry.INGRESS, i, 0, payload, 0, payload.capacity()));
            }
            final Path file;
            try (Stream<Path> files = Files.list(dir))
            {
                file = files.filter((f) -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
            }
            try (JournalReader reader = journal.reader())
            {
                assertEquals(JournalReader.ENTRY, reader.next()); // START
                for (int i = 0; i < 10; i++)
                {
                    assertEquals(JournalReader.ENTRY, reader.next());
                    assertEquals(i, reader.payload().getLong(8, ByteOrder.LITTLE_ENDIAN));
                }
                final MappedFileCut cut = MappedFileCut.atRecord(file, MARK, ENTRIES / 2);
                int read = 10;
                final JournalNotReadableException fault = readUntilFault(reader);
                assertTrue(fault.getMessage().contains("cannot be read now") &&
                    fault.getMessage().contains("Free space"), fault.getMessage());
                assertTrue(null != readUntilFault(reader), "still faults: tried again, no skip");

                cut.close(); // the pages are back
                // Every entry after the last one returned, once each, in order: none skipped, none read twice.
                final long resumedAt = reader.index();
                int result;
                long expected = -1;
                while (JournalReader.END != (result = reader.next()))
                {
                    assertEquals(JournalReader.ENTRY, result, reader.corruption());
                    final long value = reader.payload().getLong(8, ByteOrder.LITTLE_ENDIAN);
                    if (-1 == expected)
                    {
                        assertTrue(value >= 10, "after the entries read before the fault: " + value);
                        read = (int)value;
                    }
                    else
                    {
                        assertEquals(expected, value);
                    }
                    expected = value + 1;
                }
                assertEquals(ENTRIES, expected, "read to the end; resumed after index " + Long.toHexString(resumedAt) +
                    " at entry " + read);
            }
        }
    }

    /**
     * Reads until the fault, as a reader thread does: the JVM throws it from the read, or, when it delivers it late,
     * at a later point of the thread, where the caller hands it to the reader ({@link JournalReader#faulted}).
     */
    private static JournalNotReadableException readUntilFault(final JournalReader reader)
    {
        try
        {
            for (int i = 0; i < ENTRIES; i++)
            {
                reader.next();
            }
            return null;
        }
        catch (final JournalNotReadableException ex)
        {
            return ex;
        }
        catch (final InternalError ex)
        {
            return reader.faulted(ex);
        }
    }
}
