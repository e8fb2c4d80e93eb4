package io.peregrine.gateway.broker;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
        return new CoreHistory(received, 0 == clOrdIds.length ? 0 : lowest, highest, pruned, List.of(), 10,
            new Long2LongHashMap(CoreHistory.NO_STATUS));
    }
}
