package io.peregrine.gateway.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.SessionID;

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

    private static String clOrdId(final int i)
    {
        return "ORDER-" + "x".repeat(i % 40) + i;
    }
}
