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
     * @param format1 an entry without checksum (type, timestamp, source, payload).
     * @return the same entry as format 2 writes it: flag set, CRC32C of the bytes before it appended.
     */
    static byte[] checksummed(final byte[] format1)
    {
        final byte[] entry = java.util.Arrays.copyOf(format1, format1.length + JournalEntry.CHECKSUM_LENGTH);
        entry[0] = (byte)(entry[0] | JournalEntry.CHECKSUMMED);
        final CRC32C crc = new CRC32C();
        crc.update(entry, 0, format1.length);
        new UnsafeBuffer(entry).putInt(format1.length, (int)crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        return entry;
    }

    /**
     * @param entry an entry of either format.
     * @return it as format 1 (earlier releases) wrote it: no flag, no checksum.
     */
    static byte[] asFormat1(final byte[] entry)
    {
        if (0 == (entry[0] & JournalEntry.CHECKSUMMED))
        {
            return entry;
        }
        final byte[] format1 = java.util.Arrays.copyOf(entry, entry.length - JournalEntry.CHECKSUM_LENGTH);
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
                            channel.write(ByteBuffer.wrap(new byte[]{ (byte)(bytes[i + offset] ^ 0x10) }), i + offset);
                            return;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no cycle file in " + journal + " holds the bytes to damage");
    }
}
