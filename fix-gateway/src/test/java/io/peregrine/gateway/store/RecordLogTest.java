package io.peregrine.gateway.store;

import io.peregrine.testsupport.ThreadAllocation;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordLogTest
{
    @TempDir
    Path dir;

    private Path file()
    {
        return dir.resolve("journal.log");
    }

    @Test
    void replaysRawRecordsInTheOrderTheyWereAppended()
    {
        final byte[] binary = { 0, 1, '\n', (byte)0xFF, 0, '\r' };
        try (RecordLog log = RecordLog.open(file(), "test journal", null, (b, o, l) -> { }))
        {
            log.append("first");
            log.append(new UnsafeBuffer(binary), 0, binary.length);
            log.append("third\nline");
        }
        final List<byte[]> records = read(file());
        assertEquals(3, records.size());
        assertEquals("first", new String(records.get(0), StandardCharsets.UTF_8));
        assertArrayEquals(binary, records.get(1), "bytes are stored as they are: no escaping, no Base64");
        assertEquals("third\nline", new String(records.get(2), StandardCharsets.UTF_8));
    }

    @Test
    void aTextLogHandsOverEveryLineOfEveryRecordAndSkipsALineItsReaderCannotRead()
    {
        append("one", "two\nbad\nthree", "four");
        final List<String> applied = new ArrayList<>();
        RecordLog.openText(file(), "test journal", null, (line) ->
        {
            if ("bad".equals(line))
            {
                throw new NumberFormatException("not a record of this journal");
            }
            applied.add(line);
        }).close();
        assertEquals(List.of("one", "two", "three", "four"), applied);
    }

    @Test
    void aCompactionInTheBackgroundKeepsWhatWasAppendedMeanwhileAndOneThatFailsLeavesTheLogAsItWas()
    {
        append("old 1", "old 2", "old 3", "kept");
        final List<Runnable> compactions = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        try (RecordLog log = RecordLog.open(file(), "test journal", null, (b, o, l) -> { }))
        {
            log.compactInBackground((sink) -> sink.put("kept".getBytes(StandardCharsets.UTF_8)), "test",
                compactions::add, () -> failures.add("first"));
            log.append("before it ran");
            compactions.remove(0).run();
            log.append("after it ran");
        }
        assertEquals(List.of("kept", "before it ran", "after it ran"), texts(read(file())));

        // A compaction that cannot write (a full disk): the log stays as it is, appends go on, nothing left behind.
        try (RecordLog log = RecordLog.open(file(), "test journal", null, (b, o, l) -> { }))
        {
            log.compactInBackground((sink) ->
            {
                throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
            }, "test", compactions::add, () -> failures.add("second"));
            log.append("during the failed one");
            compactions.remove(0).run();
            log.append("after the failed one");
        }
        assertEquals(List.of("second"), failures, "the owner is told of the failed one only (it counts it back)");
        assertEquals(List.of("kept", "before it ran", "after it ran", "during the failed one", "after the failed one"),
            texts(read(file())));
        assertFalse(Files.exists(dir.resolve("journal.log.migrating")));
    }

    @Test
    void aCloseWaitsForACompactionStillRunningAlsoWhenItsThreadIsInterrupted() throws Exception
    {
        append("old", "kept");
        final CountDownLatch compactionStarted = new CountDownLatch(1);
        final CountDownLatch compactionMayEnd = new CountDownLatch(1);
        final RecordLog log = RecordLog.open(file(), "test journal", null, (b, o, l) -> { });
        final Thread[] thread = new Thread[1];
        log.compactInBackground((sink) ->
        {
            compactionStarted.countDown();
            awaitQuietly(compactionMayEnd);
            sink.put("kept".getBytes(StandardCharsets.UTF_8));
        }, "test", (task) ->
        {
            thread[0] = new Thread(task, "test compactor");
            thread[0].start();
        });
        assertTrue(compactionStarted.await(10, TimeUnit.SECONDS));

        final boolean[] migratingLeftAtClose = { true };
        final boolean[] interruptKept = { false };
        final Thread closer = new Thread(() ->
        {
            Thread.currentThread().interrupt(); // as an agent runner whose close took too long
            log.close();
            migratingLeftAtClose[0] = Files.exists(dir.resolve("journal.log.migrating"));
            interruptKept[0] = Thread.currentThread().isInterrupted();
        }, "test closer");
        closer.start();
        while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TERMINATED)
        {
            Thread.sleep(1);
        }
        final boolean closerWaited = closer.getState() == Thread.State.WAITING;
        compactionMayEnd.countDown();
        closer.join(10_000);
        thread[0].join(10_000);

        assertTrue(closerWaited, "close waits for the compaction");
        assertFalse(migratingLeftAtClose[0], "the compaction had switched the log when close returned");
        assertTrue(interruptKept[0], "the closing thread's interrupt is kept");
        assertEquals(List.of("kept"), texts(read(file())));
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> texts(final List<byte[]> records)
    {
        final List<String> texts = new ArrayList<>();
        records.forEach((record) -> texts.add(new String(record, StandardCharsets.UTF_8)));
        return texts;
    }

    @Test
    void aTornLastRecordIsCutAndTheNextRecordFollowsTheLastWholeOne() throws Exception
    {
        append("kept", "torn by a crash");
        final long whole = Files.size(file());
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw"))
        {
            raf.setLength(whole - 3); // the process died in the middle of the last write
        }
        append("after");
        assertEquals(List.of("kept", "after"), readText(file()));
    }

    @Test
    void aRecordHeaderCutShortOrLeftZeroFilledIsATornTail() throws Exception
    {
        append("kept");
        Files.write(file(), new byte[]{ 9, 0, 0 }, StandardOpenOption.APPEND);
        assertEquals(List.of("kept"), readText(file()));
        Files.write(file(), new byte[64], StandardOpenOption.APPEND); // a power loss can leave zeros past the data
        assertEquals(List.of("kept"), readText(file()));
        append("next");
        assertEquals(List.of("kept", "next"), readText(file()));
    }

    @Test
    void aDamagedRecordWithWholeRecordsAfterItStopsTheOpenNamingTheFileAndByte() throws Exception
    {
        append("one", "two", "three");
        final byte[] bytes = Files.readAllBytes(file());
        final int secondPayload = RecordLog.HEADER_LENGTH + RecordLog.RECORD_HEADER_LENGTH + 3 +
            RecordLog.RECORD_HEADER_LENGTH;
        bytes[secondPayload] ^= 0x20;
        Files.write(file(), bytes);
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> read(file()));
        assertTrue(refused.getMessage().contains(file().toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("damaged at byte " + (secondPayload - RecordLog.RECORD_HEADER_LENGTH)),
            refused.getMessage());
        assertTrue(refused.getMessage().contains("restore the file from a backup"), refused.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file()), "a damaged file is left as it was");
    }

    @Test
    void migratesALineJournalOfAnEarlierVersionWithoutItsTornLastLine() throws Exception
    {
        Files.createDirectories(dir);
        Files.writeString(file(), "N 1 10\n\nR 10 3\nN 1 1");
        final List<String> records = new ArrayList<>();
        try (RecordLog log = RecordLog.open(file(), "test journal", RecordLog.SAME_TEXT,
            (b, o, l) -> records.add(b.getStringWithoutLengthUtf8(o, l))))
        {
            log.append("X 10");
        }
        assertEquals(List.of("N 1 10", "R 10 3"), records, "the torn last line was never acted on");
        assertEquals(List.of("N 1 10", "R 10 3", "X 10"), readText(file()));
        assertFalse(Files.exists(RecordLog.migratingFile(file())));
    }

    @Test
    void aMigrationKeepsTheLineJournalBesideTheLogByteForByteForGoingBack() throws Exception
    {
        Files.createDirectories(dir);
        final byte[] lines = "N 1 10\nR 10 3\nN 1 1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(file(), lines);
        final Path backup = dir.resolve("journal.log.before-recordlog"); // the name the README tells users
        assertEquals(List.of("N 1 10", "R 10 3"), readMigrating(file()));
        assertArrayEquals(lines, Files.readAllBytes(backup), "the earlier version's file, as it was");
        try (RecordLog log = RecordLog.open(file(), "test journal", RecordLog.SAME_TEXT, (b, o, l) -> { }))
        {
            log.append("X 10");
        }
        assertArrayEquals(lines, Files.readAllBytes(backup), "later opens leave the copy alone");
    }

    @Test
    void aMigrationThatDiedBeforeItsRenameLeavesTheOldFileWhichIsMigratedAgain() throws Exception
    {
        Files.createDirectories(dir);
        Files.writeString(file(), "N 1 10\n");
        Files.write(RecordLog.migratingFile(file()), new byte[]{ (byte)0x89, 'P', 'R' }); // half-written temporary file
        assertEquals(List.of("N 1 10"), readMigrating(file()));
        assertFalse(Files.exists(RecordLog.migratingFile(file())));
        assertEquals(List.of("N 1 10"), readText(file()), "opened again, the migrated file is read as it is");
    }

    @Test
    void aLineJournalWithoutAConversionStopsTheOpenWithOneMessage() throws Exception
    {
        Files.createDirectories(dir);
        Files.writeString(file(), "N 1 10\n");
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> read(file()));
        assertTrue(refused.getMessage().contains(file().toString()) && refused.getMessage().contains("move it away"),
            refused.getMessage());
    }

    @Test
    void aNewerFormatVersionStopsTheOpenWithOneMessage() throws Exception
    {
        append("one");
        final byte[] bytes = Files.readAllBytes(file());
        bytes[RecordLog.MAGIC.length] = (byte)(RecordLog.VERSION + 1);
        Files.write(file(), bytes);
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> read(file()));
        assertTrue(refused.getMessage().contains("format version " + (RecordLog.VERSION + 1)), refused.getMessage());
    }

    @Test
    void aFileWhoseHeaderWasCutShortIsStartedAfresh() throws Exception
    {
        Files.createDirectories(dir);
        Files.write(file(), new byte[]{ (byte)0x89, 'P', 'R', 'G' });
        append("one");
        assertEquals(List.of("one"), readText(file()));
    }

    @Test
    void appendingAWarmedRecordAllocatesNothing() throws Exception
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[200]);
        final long[] windows;
        try (RecordLog log = RecordLog.open(file(), "test journal", null, (b, o, l) -> { }))
        {
            for (int i = 0; i < 2_000; i++)
            {
                log.append(payload, 0, 200);
            }
            windows = ThreadAllocation.ofCurrentThread().assertSomeWindowAllocatesNothing("2,000 appends", 50, () ->
            {
                for (int i = 0; i < 2_000; i++)
                {
                    log.append(payload, 0, 200);
                }
            });
        }
        assertEquals(RecordLog.HEADER_LENGTH + (1 + windows.length) * 2_000L * (RecordLog.RECORD_HEADER_LENGTH + 200),
            Files.size(file()), "every append reached the file");
    }

    @Test
    void aRecordPartlyWrittenOnAFullDiskIsCutSoTheRecordsAfterItAreKept() throws Exception
    {
        append("first");
        final long before = java.nio.file.Files.size(file());
        try (FillingChannel disk = new FillingChannel(java.nio.channels.FileChannel.open(file(),
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND));
            RecordLog log = RecordLog.appendingThrough(file(), "test journal", disk))
        {
            disk.room = 5; // the disk takes 5 more bytes, then is full
            assertThrows(java.io.UncheckedIOException.class, () -> log.append("second, never whole"));
            assertEquals(before, java.nio.file.Files.size(file()), "the torn bytes were cut");
            disk.room = Long.MAX_VALUE; // space is back
            log.append("third");
        }
        final List<byte[]> records = read(file());
        assertEquals(List.of("first", "third"),
            records.stream().map((r) -> new String(r, StandardCharsets.UTF_8)).toList());
    }

    /**
     * A file channel on a disk with {@code room} bytes left: a relative write takes what fits, then fails; every other
     * operation goes to the real channel.
     */
    private static final class FillingChannel extends java.nio.channels.FileChannel
    {
        private final java.nio.channels.FileChannel file;
        private volatile long room = Long.MAX_VALUE;

        FillingChannel(final java.nio.channels.FileChannel file)
        {
            this.file = file;
        }

        public int write(final java.nio.ByteBuffer src) throws java.io.IOException
        {
            if (0 == room)
            {
                throw new java.io.IOException("No space left on device");
            }
            final int fits = (int)Math.min(room, src.remaining());
            final java.nio.ByteBuffer part = src.duplicate();
            part.limit(part.position() + fits);
            final int written = file.write(part);
            src.position(src.position() + written);
            room -= written;
            return written;
        }

        public int read(final java.nio.ByteBuffer dst) throws java.io.IOException
        {
            return file.read(dst);
        }

        public long read(final java.nio.ByteBuffer[] dsts, final int offset, final int length) throws java.io.IOException
        {
            return file.read(dsts, offset, length);
        }

        public long write(final java.nio.ByteBuffer[] srcs, final int offset, final int length)
            throws java.io.IOException
        {
            return file.write(srcs, offset, length);
        }

        public long position() throws java.io.IOException
        {
            return file.position();
        }

        public java.nio.channels.FileChannel position(final long newPosition) throws java.io.IOException
        {
            file.position(newPosition);
            return this;
        }

        public long size() throws java.io.IOException
        {
            return file.size();
        }

        public java.nio.channels.FileChannel truncate(final long size) throws java.io.IOException
        {
            file.truncate(size);
            return this;
        }

        public void force(final boolean metaData) throws java.io.IOException
        {
            file.force(metaData);
        }

        public long transferTo(final long position, final long count,
            final java.nio.channels.WritableByteChannel target) throws java.io.IOException
        {
            return file.transferTo(position, count, target);
        }

        public long transferFrom(final java.nio.channels.ReadableByteChannel src, final long position,
            final long count) throws java.io.IOException
        {
            return file.transferFrom(src, position, count);
        }

        public int read(final java.nio.ByteBuffer dst, final long position) throws java.io.IOException
        {
            return file.read(dst, position);
        }

        public int write(final java.nio.ByteBuffer src, final long position) throws java.io.IOException
        {
            return file.write(src, position);
        }

        public java.nio.MappedByteBuffer map(final MapMode mode, final long position, final long size)
            throws java.io.IOException
        {
            return file.map(mode, position, size);
        }

        public java.nio.channels.FileLock lock(final long position, final long size, final boolean shared)
            throws java.io.IOException
        {
            return file.lock(position, size, shared);
        }

        public java.nio.channels.FileLock tryLock(final long position, final long size, final boolean shared)
            throws java.io.IOException
        {
            return file.tryLock(position, size, shared);
        }

        protected void implCloseChannel() throws java.io.IOException
        {
            file.close();
        }
    }

    private void append(final String... records)
    {
        try (RecordLog log = RecordLog.open(file(), "test journal", null, (b, o, l) -> { }))
        {
            for (final String record : records)
            {
                log.append(record);
            }
        }
    }

    private static List<byte[]> read(final Path log)
    {
        final List<byte[]> records = new ArrayList<>();
        RecordLog.open(log, "test journal", null, (b, o, l) ->
        {
            final byte[] bytes = new byte[l];
            b.getBytes(o, bytes);
            records.add(bytes);
        }).close();
        return records;
    }

    private static List<String> readText(final Path log)
    {
        final List<String> records = new ArrayList<>();
        for (final byte[] record : read(log))
        {
            records.add(new String(record, StandardCharsets.UTF_8));
        }
        return records;
    }

    private static List<String> readMigrating(final Path log)
    {
        final List<String> records = new ArrayList<>();
        RecordLog.open(log, "test journal", RecordLog.SAME_TEXT,
            (b, o, l) -> records.add(b.getStringWithoutLengthUtf8(o, l))).close();
        return records;
    }
}
