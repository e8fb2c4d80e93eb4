package io.peregrine.core.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Entry format 2: every entry but START ends with a CRC32C, so a changed byte anywhere in an entry is found by every
 * reader, and a format-1 journal of an earlier release is still read.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalChecksumTest
{
    private static final long TIMESTAMP = 1_700_000_000_123_456_789L;

    @TempDir
    Path dir;

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);

    @Test
    void everyByteOfAnEntryIsCoveredHeaderPayloadAndChecksum() throws Exception
    {
        final byte[] written = writeThreeEntries(dir.resolve("j"));
        for (int offset = 0; offset < written.length; offset++)
        {
            final Path journal = dir.resolve("j" + offset);
            writeThreeEntries(journal);
            RawEntries.flipByte(journal, written, offset);
            try (ChronicleQueue queue = CoreJournal.openReadOnly(journal);
                JournalReader reader = CoreJournal.reader(queue))
            {
                assertEquals(JournalReader.ENTRY, reader.next(), "START");
                assertEquals(JournalReader.CORRUPT, reader.next(), "byte " + offset + " of the entry changed");
                assertTrue(null != reader.corruption(), "a reason");
                assertEquals(JournalReader.ENTRY, reader.next(), "the entry after it is still read");
                assertEquals(JournalEntry.VENUE_IN, reader.type());
            }
        }
    }

    @Test
    void aChangedTimestampIsACheckSumMismatchNamedByTheReader() throws Exception
    {
        final Path journal = dir.resolve("j");
        final byte[] written = writeThreeEntries(journal);
        RawEntries.flipByte(journal, written, 1);
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            assertEquals(JournalReader.ENTRY, reader.next());
            assertNull(reader.corruption());
            assertEquals(JournalReader.CORRUPT, reader.next());
            assertTrue(reader.corruption().startsWith("checksum mismatch"), reader.corruption());
        }
    }

    @Test
    void anEntryWithoutChecksumAfterAChecksummedOneIsCorruptEvenInAFormat1Journal()
    {
        final Path journal = dir.resolve("j");
        writeThreeEntries(journal);
        final byte[] format1 = new byte[JournalEntry.HEADER_LENGTH + 8];
        format1[0] = JournalEntry.INGRESS;
        JournalRecoverySystemTest.appendRaw(journal, format1);
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            for (int i = 0; i < 3; i++)
            {
                assertEquals(JournalReader.ENTRY, reader.next());
            }
            assertEquals(JournalReader.CORRUPT, reader.next(), "a flag bit cleared by damage");
            assertEquals("no checksum where one is due", reader.corruption());
        }
    }

    @Test
    void entriesOfFormat1AreReadAsBeforeAndTheJournalReaderRequiresChecksumsOnlyOfFormat2() throws Exception
    {
        final Path journal = dir.resolve("j");
        writeThreeEntries(journal);
        final byte[] format1 = new byte[JournalEntry.HEADER_LENGTH + 8];
        format1[0] = JournalEntry.RESTART;
        new UnsafeBuffer(format1).putLong(1, TIMESTAMP, ByteOrder.LITTLE_ENDIAN);
        new UnsafeBuffer(format1).putLong(JournalEntry.HEADER_LENGTH, 3, ByteOrder.LITTLE_ENDIAN);
        final Path old = dir.resolve("old");
        JournalRecoverySystemTest.appendRaw(old, format1);
        JournalRecoverySystemTest.appendRaw(old, RawEntries.checksummed(format1, 0));
        try (ChronicleQueue queue = CoreJournal.openReadOnly(old);
            JournalReader reader = CoreJournal.reader(queue))
        {
            for (int i = 0; i < 2; i++)
            {
                assertEquals(JournalReader.ENTRY, reader.next(), "entry " + i + " of either format");
                assertEquals(JournalEntry.RESTART, reader.type());
                assertEquals(TIMESTAMP, reader.timestamp());
                assertEquals(8, reader.length(), "the checksum is not payload");
                assertEquals(3, reader.payload().getLong(0, ByteOrder.LITTLE_ENDIAN));
            }
        }
        final long lastChecksummed;
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal))
        {
            lastChecksummed = queue.lastIndex();
        }
        JournalRecoverySystemTest.appendRaw(journal, format1);
        try (CoreJournal core = CoreJournal.open(journal, 0); JournalReader reader = core.reader())
        {
            assertTrue(reader.resumeAfter(lastChecksummed));
            // Positioned past every checksummed entry: none seen, yet the format-2 journal's reader requires one.
            assertEquals(JournalReader.CORRUPT, reader.next());
            assertEquals("no checksum where one is due", reader.corruption());
        }
    }

    /**
     * A type byte changed to START (0) or with its checksum flag cleared (0x41 to 0x01): damage the CRC cannot see,
     * since the flag says whether there is one. A reader in another process knows the format too.
     */
    @ParameterizedTest
    @CsvSource({ "0, a START entry inside the journal", "1, no checksum where one is due" })
    void anEntryWhoseTypeByteLosesItsFlagIsCorrupt(final int typeByte, final String reason) throws Exception
    {
        final Path journal = dir.resolve("j");
        final byte[] written = writeThreeEntries(journal);
        RawEntries.setByte(journal, written, 0, typeByte);
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            assertEquals(JournalReader.ENTRY, reader.next());
            assertEquals(JournalEntry.START, reader.type(), "the real one, first");
            assertEquals(JournalReader.CORRUPT, reader.next());
            assertEquals(reason, reader.corruption());
        }
    }

    @Test
    void anEntryTheQueueNoLongerShowsIsFoundByTheSequenceOfTheNextAndTheNextIsStillRead() throws Exception
    {
        final Path journal = dir.resolve("j");
        final byte[] written = writeThreeEntries(journal);
        // Bit 30 of the queue's record header: the entry turns into queue metadata, which every tailer skips.
        RawEntries.setRecordHeader(journal, written, 0x4000_0000 | written.length);
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            assertEquals(JournalReader.ENTRY, reader.next());
            assertEquals(JournalReader.CORRUPT, reader.next());
            assertTrue(reader.missingEntries());
            assertTrue(reader.corruption().startsWith("entries are missing before it: its sequence number is 1, " +
                "the entry read before it had -1"), reader.corruption());
            assertEquals(JournalReader.ENTRY, reader.next(), "then the entry itself, once");
            assertEquals(JournalEntry.VENUE_IN, reader.type());
            assertEquals(1, reader.sequence());
            assertEquals(JournalReader.END, reader.next());
        }
        final String refused = refusedReplay(journal);
        assertTrue(refused.contains("has lost entries before index"), refused);
    }

    @Test
    void aRecordHeaderWhoseLengthIsDamagedHidesTheRestAndTheRecoveryRefusesToStart() throws Exception
    {
        final Path journal = dir.resolve("j");
        final byte[] written = writeThreeEntries(journal);
        appendOneMore(journal);
        RawEntries.setRecordHeader(journal, written, 0x4000_0010);
        final String refused = refusedReplay(journal);
        assertTrue(refused.contains("but its entries could be read only up to"), refused);
    }

    @Test
    void aFormat1JournalContinuedRecordsWhereTheTrailerBeginsAndEveryReaderRequiresItFromThere() throws Exception
    {
        final Path journal = dir.resolve("old");
        writeThreeEntries(dir.resolve("new"));
        final long lastOld;
        try (ChronicleQueue from = CoreJournal.openReadOnly(dir.resolve("new"));
            ExcerptTailer tailer = from.createTailer())
        {
            long last = -1;
            for (byte[] entry; null != (entry = next(tailer)); )
            {
                JournalRecoverySystemTest.appendRaw(journal, RawEntries.asFormat1(entry)); // as an earlier release
                last = tailer.index() - 1;
            }
            lastOld = last;
        }
        appendOneMore(journal);
        final String identity = Files.readString(journal.resolve(CoreJournal.IDENTITY_FILE));
        assertTrue(identity.contains("entryFormat=1") &&
            identity.contains("checksummedFrom=" + Long.toHexString(lastOld + 1)), identity);
        // The new entry's checksum flag cleared: a reader starting after the boundary has met no trailer yet.
        final byte[] restart = new byte[JournalEntry.HEADER_LENGTH + Long.BYTES];
        restart[0] = JournalEntry.RESTART;
        new UnsafeBuffer(restart).putLong(1, TIMESTAMP + 2, ByteOrder.LITTLE_ENDIAN);
        RawEntries.setByte(journal, RawEntries.checksummed(restart, 0), 0, JournalEntry.RESTART);
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal);
            JournalReader reader = CoreJournal.reader(queue))
        {
            assertTrue(reader.resumeAfter(lastOld));
            assertEquals(JournalReader.CORRUPT, reader.next());
            assertEquals("no checksum where one is due", reader.corruption());
        }
    }

    private static byte[] next(final ExcerptTailer tailer)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return null;
            }
            final byte[] entry = new byte[(int)dc.wire().bytes().readRemaining()];
            dc.wire().bytes().read(entry);
            return entry;
        }
    }

    /** @return why a recovery of the journal was refused. */
    private static String refusedReplay(final Path journal)
    {
        try (CoreJournal core = CoreJournal.open(journal, 0))
        {
            return assertThrows(JournalException.class,
                () -> Recovery.replay(core, (type, timestamp, source, buffer, offset, length) -> { }, 0)).getMessage();
        }
    }

    private void appendOneMore(final Path journal)
    {
        try (CoreJournal core = CoreJournal.open(journal, 0))
        {
            assertTrue(core.appendValue(JournalEntry.RESTART, TIMESTAMP + 2, 0));
        }
    }

    /**
     * A new journal (START) with an IN-CLIENT entry of a known payload and an IN-VENUE after it.
     *
     * @return the IN-CLIENT entry as it must stand in the file: header, payload, CRC32C.
     */
    private byte[] writeThreeEntries(final Path journal)
    {
        for (int i = 0; i < payload.capacity(); i++)
        {
            payload.putByte(i, (byte)(0xA0 + i));
        }
        try (CoreJournal core = CoreJournal.open(journal, 0))
        {
            assertTrue(core.append(JournalEntry.INGRESS, TIMESTAMP, 42, payload, 0, payload.capacity()));
            assertTrue(core.appendValue(JournalEntry.VENUE_IN, TIMESTAMP + 1, 7));
        }
        final byte[] format1 = new byte[JournalEntry.HEADER_LENGTH + payload.capacity()];
        final UnsafeBuffer entry = new UnsafeBuffer(format1);
        entry.putByte(0, JournalEntry.INGRESS);
        entry.putLong(1, TIMESTAMP, ByteOrder.LITTLE_ENDIAN);
        entry.putInt(9, 42, ByteOrder.LITTLE_ENDIAN);
        payload.getBytes(0, format1, JournalEntry.HEADER_LENGTH, payload.capacity());
        return RawEntries.checksummed(format1, 0); // the first entry after START
    }
}
