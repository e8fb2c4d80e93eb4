package io.peregrine.gateway.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.SessionID;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetiredClOrdIdsTest
{
    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final SessionID BROKER2 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER2");
    @TempDir
    Path dir;

    @Test
    void findsEveryClOrdIdPerSessionAcrossChunksAndIndexGrowthAndDeletesItsFilesOnClose()
    {
        final Path journal = dir.resolve("clordids.log");
        final List<Long> added = new ArrayList<>();
        // Chunks of 512 bytes hold a few records each; an index sized for 4 entries is rebuilt several times.
        try (RetiredClOrdIds retired = new RetiredClOrdIds(journal, 4, 512))
        {
            for (int i = 0; i < 2_000; i++)
            {
                final SessionID session = i % 2 == 0 ? BROKER1 : BROKER2;
                added.add(retired.add(session, clOrdId(i), 10_000 + i, 900 + i, 20_000 + i, 7, '2', '1',
                    i % 3 == 0 ? null : "ACC" + i % 3, "SYM" + i % 5));
            }
            assertEquals(2_000, retired.size());
            for (int i = 0; i < 2_000; i++)
            {
                final SessionID session = i % 2 == 0 ? BROKER1 : BROKER2;
                final long record = retired.find(session, clOrdId(i));
                assertEquals(added.get(i), record, clOrdId(i));
                assertEquals(new RetiredClOrdIds.Retired(10_000 + i, 900 + i, 20_000 + i, 7, '2', '1',
                    i % 3 == 0 ? null : "ACC" + i % 3, "SYM" + i % 5, session, clOrdId(i)), retired.read(record));
                assertEquals(-1, retired.find(i % 2 == 0 ? BROKER2 : BROKER1, clOrdId(i)), "per session");
            }
            assertEquals(-1, retired.find(BROKER1, "never used"));
            assertEquals(-1, retired.find(new SessionID("FIX.4.4", "PEREGRINE", "OTHER"), clOrdId(0)));
            final List<Long> visited = new ArrayList<>();
            retired.forEach(visited::add);
            assertEquals(added, visited, "every record once, in the order added");
            assertTrue(Files.exists(dir.resolve("clordids.log.retired")));
        }
        assertFalse(Files.exists(dir.resolve("clordids.log.retired")));
        assertFalse(Files.exists(dir.resolve("clordids.log.retired-index")));
    }

    @Test
    void aUseAfterCloseFindsNothingOrThrowsInsteadOfTouchingUnmappedMemory()
    {
        final RetiredClOrdIds retired = new RetiredClOrdIds(dir.resolve("clordids.log"), 16);
        final long record = retired.add(BROKER1, "A", 1, 2, 1, 0, '2', '1', "ACC", "SYM");
        retired.close();
        assertEquals(-1, retired.find(BROKER1, "A"));
        assertThrows(IllegalStateException.class, () -> retired.read(record));
        assertThrows(IllegalStateException.class, () -> retired.add(BROKER1, "B", 3, 0, 3, 0, '2', '1', null, "S"));
        retired.close(); // twice: nothing
    }

    @Test
    void startsEmptyOverTheFilesAnEarlierRunLeft()
    {
        final Path journal = dir.resolve("clordids.log");
        final RetiredClOrdIds crashed = new RetiredClOrdIds(journal, 16);
        crashed.add(BROKER1, "A", 1, 2, 1, 0, '2', '1', "ACC", "SYM"); // never closed: a process killed
        try (RetiredClOrdIds retired = new RetiredClOrdIds(journal, 16))
        {
            assertEquals(-1, retired.find(BROKER1, "A"), "rebuilt from the journal at each start, not kept");
            assertEquals(0, retired.size());
        }
        crashed.close();
    }

    @Test
    void theIndexHasItsDiskBlocksBeforeAnyOfItsPagesIsWritten() throws Exception
    {
        // 262,144 slots (2 MB) of which a hundred are written: sparse, only the pages written would have blocks, and
        // on a full disk the first write to another page would be a SIGBUS.
        try (RetiredClOrdIds retired = new RetiredClOrdIds(dir.resolve("clordids.log"), 100_000))
        {
            for (int i = 0; i < 100; i++)
            {
                retired.add(BROKER1, clOrdId(i), 1 + i, 0, 1 + i, 0, '2', '1', "ACC", "SYM");
            }
            final Path index = dir.resolve("clordids.log.retired-index");
            assertEquals(2L << 20, Files.size(index));
            assertTrue(allocatedBytes(index) >= Files.size(index), "allocated: " + allocatedBytes(index));
            assertTrue(allocatedBytes(dir.resolve("clordids.log.retired")) >= RetiredClOrdIds.ALLOCATION_STEP,
                "the records' first step: " + allocatedBytes(dir.resolve("clordids.log.retired")));
        }
    }

    @Test
    void aFullDiskRefusesAnAddWithAnIoErrorBeforeAnythingChangedAndTheAddWorksOnceThereIsRoom()
    {
        final long[] room = { 0 };
        final RetiredClOrdIds.Allocator disk = (file, channel, from, to) ->
        {
            if (file.getFileName().toString().endsWith(".retired") && to > room[0])
            {
                throw new java.io.IOException("No space left on device");
            }
            RetiredClOrdIds.ZEROS.allocate(file, channel, from, to);
        };
        room[0] = 1024;
        // Chunks of 512 bytes: the room (1,024 bytes) is two chunks of records.
        try (RetiredClOrdIds retired = new RetiredClOrdIds(dir.resolve("clordids.log"), 16, 512, disk))
        {
            int added = 0;
            java.io.UncheckedIOException refused = null;
            for (; null == refused; added++)
            {
                try
                {
                    retired.add(BROKER1, clOrdId(added), 1 + added, 0, 1 + added, 0, '2', '1', "ACC", "SYM");
                }
                catch (final java.io.UncheckedIOException ex)
                {
                    refused = ex;
                }
            }
            added--; // the last was refused
            assertTrue(added > 2, "added " + added);
            assertTrue(refused.getMessage().contains("is the gateway data disk full?"), refused.getMessage());
            assertEquals(added, retired.size());
            assertEquals(-1, retired.find(BROKER1, clOrdId(added)), "the refused one is not half there");
            for (int i = 0; i < added; i++)
            {
                assertTrue(retired.find(BROKER1, clOrdId(i)) >= 0, clOrdId(i));
            }
            final int reservedBefore = retired.size();
            assertThrows(java.io.UncheckedIOException.class, () -> retired.reserve(List.of("a", "b")));
            assertEquals(reservedBefore, retired.size());

            room[0] = Long.MAX_VALUE; // space is back
            retired.add(BROKER1, clOrdId(added), 1 + added, 0, 1 + added, 0, '2', '1', "ACC", "SYM");
            for (int i = 0; i <= added; i++)
            {
                assertEquals(1 + i, retired.read(retired.find(BROKER1, clOrdId(i))).root(), clOrdId(i));
            }
        }
    }

    @Test
    void addAllAddsEveryClOrdIdOfAnOrderOrNoneAndNoneAlreadyHeldASecondTime()
    {
        final FullDisk disk = new FullDisk();
        // The order's three ClOrdIDs would be the 511th to 513th, which grows the index.
        try (RetiredClOrdIds retired = filledThenFull(disk, 510))
        {
            assertThrows(java.io.UncheckedIOException.class,
                () -> retired.addAll(BROKER1, List.of("X", "X-1", "X-2"), 900, 9, 902, 0, '4', '1', "ACC", "SYM"));
            assertEquals(510, retired.size(), "none added");
            assertEquals(-1, retired.find(BROKER1, "X"));

            disk.full = false;
            final long last =
                retired.addAll(BROKER1, List.of("X", "X-1", "X-2"), 900, 9, 902, 0, '4', '1', "ACC", "SYM");
            assertEquals("X-2", retired.read(last).brokerClOrdId());
            assertEquals(513, retired.size());
            // A retry of the same order (or one naming a ClOrdID held): only the new one is added.
            retired.addAll(BROKER1, List.of("X", "X-1", "X-2", "X-3"), 900, 9, 903, 0, '4', '1', "ACC", "SYM");
            assertEquals(514, retired.size());
            final int[] records = { 0 };
            retired.forEach((offset) -> records[0]++);
            assertEquals(514, records[0], "one record per ClOrdID");
        }
    }

    @Test
    void filesKeptAtCloseAreMappedAgainAsTheyWereAndRefusedOnceChanged() throws Exception
    {
        final Path journal = dir.resolve("clordids.log");
        final RetiredClOrdIds.Kept kept;
        try (RetiredClOrdIds retired = new RetiredClOrdIds(journal, 1, 1 << 16))
        {
            for (int i = 0; i < 600; i++) // the index grows once
            {
                retired.add(i % 2 == 0 ? BROKER1 : BROKER2, clOrdId(i), 1 + i, 7, 1 + i, 3, '2', '1', "ACC" + i % 3,
                    "SYM");
            }
            kept = retired.closeAndKeep();
        }
        assertEquals(600, kept.size());
        try (RetiredClOrdIds reopened = RetiredClOrdIds.reopen(journal, kept, RetiredClOrdIds.ZEROS))
        {
            assertEquals(600, reopened.size());
            for (int i = 0; i < 600; i++)
            {
                final RetiredClOrdIds.Retired held =
                    reopened.read(reopened.find(i % 2 == 0 ? BROKER1 : BROKER2, clOrdId(i)));
                assertEquals(1 + i, held.root());
                assertEquals("ACC" + i % 3, held.account());
            }
            assertEquals(-1, reopened.find(BROKER2, clOrdId(0)), "per session");
            reopened.add(BROKER1, "after", 999, 0, 999, 0, '2', '1', "ACC1", "SYM");
            assertEquals(601, reopened.size());
        } // closed: deleted
        assertFalse(Files.exists(dir.resolve("clordids.log.retired")));
        assertThrows(IllegalStateException.class, () -> RetiredClOrdIds.reopen(journal, kept, RetiredClOrdIds.ZEROS));
    }

    @Test
    void aFullDiskWhenTheIndexMustGrowLeavesTheIndexAsItWas()
    {
        final FullDisk disk = new FullDisk();
        // 512 ClOrdIDs: the next one grows the index.
        try (RetiredClOrdIds retired = filledThenFull(disk, 512))
        {
            assertThrows(java.io.UncheckedIOException.class,
                () -> retired.add(BROKER1, clOrdId(512), 513, 0, 513, 0, '2', '1', "ACC", "SYM"));
            for (int i = 0; i < 512; i++)
            {
                assertTrue(retired.find(BROKER1, clOrdId(i)) >= 0, clOrdId(i));
            }
            disk.full = false;
            retired.add(BROKER1, clOrdId(512), 513, 0, 513, 0, '2', '1', "ACC", "SYM");
            for (int i = 0; i <= 512; i++)
            {
                assertEquals(1 + i, retired.read(retired.find(BROKER1, clOrdId(i))).root(), clOrdId(i));
            }
        }
    }

    /**
     * An index of 1,024 slots (512 ClOrdIDs) holding {@code count} of BROKER1's ClOrdIDs, then the disk full.
     */
    private RetiredClOrdIds filledThenFull(final FullDisk disk, final int count)
    {
        final RetiredClOrdIds retired = new RetiredClOrdIds(dir.resolve("clordids.log"), 1, 1 << 16, disk);
        for (int i = 0; i < count; i++)
        {
            retired.add(BROKER1, clOrdId(i), 1 + i, 0, 1 + i, 0, '2', '1', "ACC", "SYM");
        }
        disk.full = true;
        return retired;
    }

    /** Bytes of disk the file's blocks take ({@code stat}: a sparse file takes less than its size). */
    private static long allocatedBytes(final Path file) throws Exception
    {
        final Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        final String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()
            .split(" ");
        assertEquals(0, stat.waitFor());
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    private static String clOrdId(final int i)
    {
        return "ORDER-" + "x".repeat(i % 40) + i;
    }
}
