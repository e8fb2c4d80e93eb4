package io.peregrine.gateway.broker;

import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalException;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreHistoryTest
{
    @Test
    void aWholeJournalTellsOfEveryRequest()
    {
        final CoreHistory whole = history(false, 5, 7);
        assertTrue(whole.tells(3));
        assertTrue(whole.received(5));
        assertTrue(whole.received(7));
        assertFalse(whole.received(3), "older and not journaled: never reached the core");
        assertFalse(whole.received(6));
        assertTrue(history(false).tells(8));
        assertFalse(history(false).received(8));
    }

    @Test
    void theWorkingOrdersAboveAClOrdIdAreThoseAnotherPublicationMayHavePlacedUnderTheGatewaysId()
    {
        final CoreHistory history = new CoreHistory(new LongHashSet(), 3, 900, false,
            List.of("orderId 1 ..., gateway clOrdId 3", "orderId 2 ..., gateway clOrdId 900"), List.of(3L, 900L), 10,
            new Long2LongHashMap(CoreHistory.NO_STATUS));
        assertEquals(List.of("orderId 2 ..., gateway clOrdId 900"), history.workingOrdersAbove(3));
        assertEquals(history.workingOrders(), history.workingOrdersAbove(0));
        assertTrue(history.workingOrdersAbove(900).isEmpty());
    }

    @Test
    void aPrunedJournalTellsOnlyOfRequestsFromItsLowestClOrdIdOn()
    {
        final CoreHistory pruned = history(true, 5, 7);
        assertFalse(pruned.tells(3), "its entry may have gone with the deleted files");
        assertTrue(pruned.tells(5));
        assertTrue(pruned.tells(6));
        assertFalse(pruned.received(6), "within the files left and not there: never reached the core");
        assertTrue(pruned.tells(8));
        assertFalse(history(true).tells(8), "no request of this gateway in the files left");
    }

    @Test
    void anUnreadableEntryBeforeTheEndStopsTheReadAndATornLastOneIsLeftToTheCoresRecovery(@TempDir final Path dir)
    {
        final Path journal = dir.resolve("core");
        try (CoreJournal core = CoreJournal.open(journal, 0))
        {
            assertTrue(core.appendValue(JournalEntry.RESTART, 1, 0));
        }
        appendRaw(journal, new byte[]{ 0x7F, 1, 2, 3 });
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal))
        {
            assertFalse(CoreHistory.read(journal, queue, 9880, ReportPosition.NONE).received(1), "a torn tail");
        }
        try (CoreJournal core = CoreJournal.open(journal, 0))
        {
            assertTrue(core.appendValue(JournalEntry.RESTART, 2, 0));
        }
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journal))
        {
            final JournalException refused = assertThrows(JournalException.class,
                () -> CoreHistory.read(journal, queue, 9880, ReportPosition.NONE));
            assertTrue(refused.getMessage().contains("the gateway cannot tell which of its requests the core " +
                "received"), refused.getMessage());
        }
    }

    private static void appendRaw(final Path journal, final byte[] bytes)
    {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).build();
            ExcerptAppender appender = queue.createAppender();
            DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(bytes);
        }
    }

    static CoreHistory history(final boolean pruned, final long... clOrdIds)
    {
        final LongHashSet received = new LongHashSet();
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        for (final long clOrdId : clOrdIds)
        {
            received.add(clOrdId);
            lowest = Math.min(lowest, clOrdId);
            highest = Math.max(highest, clOrdId);
        }
        return new CoreHistory(received, 0 == clOrdIds.length ? 0 : lowest, highest, pruned, List.of(), List.of(), 10,
            new Long2LongHashMap(CoreHistory.NO_STATUS));
    }
}
