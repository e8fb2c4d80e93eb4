package io.peregrine.core.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Journal entries as raw bytes, written from the layout {@link JournalEntry} documents (not from the journal's own
 * code, so that tests check the format rather than repeat it), and damage to them in the cycle files.
 */
final class RawEntries
{
    private RawEntries()
    {
    }

    /**
     * @param entry raw bytes of an entry, either format.
     * @return its type without the checksum flag.
     */
    static int type(final byte[] entry)
    {
        return entry[0] & ~JournalEntry.CHECKSUMMED;
    }

    /**
     * @param format1  an entry without trailer (type, timestamp, source, payload).
     * @param sequence its sequence number in the journal.
     * @return the same entry as format 2 writes it: flag set, then the sequence number and the CRC32C of the bytes
     *         before it.
     */
    static byte[] checksummed(final byte[] format1, final long sequence)
    {
        final byte[] entry = java.util.Arrays.copyOf(format1, format1.length + JournalEntry.TRAILER_LENGTH);
        entry[0] = (byte)(entry[0] | JournalEntry.CHECKSUMMED);
        final UnsafeBuffer buffer = new UnsafeBuffer(entry);
        buffer.putLong(format1.length, sequence, ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        crc.update(entry, 0, format1.length + Long.BYTES);
        buffer.putInt(format1.length + Long.BYTES, (int)crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        return entry;
    }

    /**
     * @param journal a journal directory (no core running on it).
     * @return the sequence number the next entry appended to it must have.
     */
    static long nextSequence(final Path journal)
    {
        try (net.openhft.chronicle.queue.ChronicleQueue queue = CoreJournal.openReadOnly(journal))
        {
            return JournalReader.lastSequence(queue) + 1;
        }
    }

    /**
     * @param entry an entry of either format.
     * @return it as format 1 (earlier releases) wrote it: no flag, no trailer; a START says format 1.
     */
    static byte[] asFormat1(final byte[] entry)
    {
        if (JournalEntry.START == entry[0])
        {
            final byte[] start = entry.clone();
            new UnsafeBuffer(start).putInt(JournalEntry.HEADER_LENGTH +
                io.peregrine.sbe.MessageHeaderEncoder.ENCODED_LENGTH +
                io.peregrine.sbe.JournalStartEncoder.entryFormatEncodingOffset(), 1, ByteOrder.LITTLE_ENDIAN);
            return start;
        }
        if (0 == (entry[0] & JournalEntry.CHECKSUMMED))
        {
            return entry;
        }
        final byte[] format1 = java.util.Arrays.copyOf(entry, entry.length - JournalEntry.TRAILER_LENGTH);
        format1[0] = (byte)type(entry);
        return format1;
    }

    /**
     * Flips one byte of the first place in the journal's cycle files that holds {@code needle}, as a disk or an
     * operator's tool would: the queue's own framing is left intact.
     *
     * @param journal   journal directory.
     * @param needle    bytes found once in the files (e.g. an entry's payload).
     * @param offset    which byte of the match to flip.
     * @throws IllegalStateException if no cycle file holds the needle.
     */
    static void flipByte(final Path journal, final byte[] needle, final int offset) throws IOException
    {
        overwrite(journal, needle, offset, (old) -> new byte[]{ (byte)(old[0] ^ 0x10) }, 1);
    }

    /**
     * Sets one byte of the first place in the journal's cycle files that holds {@code needle}.
     */
    static void setByte(final Path journal, final byte[] needle, final int offset, final int value) throws IOException
    {
        overwrite(journal, needle, offset, (old) -> new byte[]{ (byte)value }, 1);
    }

    /**
     * Replaces the queue's own 4-byte record header (little-endian: length in the low 30 bits, bit 30 metadata, bit 31
     * incomplete) in front of the first place that holds {@code needle}, an entry's bytes.
     */
    static void setRecordHeader(final Path journal, final byte[] needle, final int header) throws IOException
    {
        overwrite(journal, needle, -4, (old) -> new byte[]{ (byte)header, (byte)(header >>> 8), (byte)(header >>> 16),
            (byte)(header >>> 24) }, 4);
    }

    private static void overwrite(
        final Path journal,
        final byte[] needle,
        final int offset,
        final java.util.function.UnaryOperator<byte[]> change,
        final int length) throws IOException
    {
        try (var files = Files.list(journal))
        {
            for (final Path file : (Iterable<Path>)files.filter((f) -> f.toString().endsWith(".cq4")).sorted()::iterator)
            {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
                {
                    // Entries sit near the start of a (sparse, 1 GiB) cycle file: the first MiBs hold a test's journal.
                    final ByteBuffer head = ByteBuffer.allocate((int)Math.min(channel.size(), 8 << 20));
                    channel.read(head, 0);
                    final byte[] bytes = head.array();
                    for (int i = 0; i <= head.position() - needle.length; i++)
                    {
                        if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length))
                        {
                            final byte[] old = java.util.Arrays.copyOfRange(bytes, i + offset, i + offset + length);
                            channel.write(ByteBuffer.wrap(change.apply(old)), i + offset);
                            return;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no cycle file in " + journal + " holds the bytes to damage");
    }
}
