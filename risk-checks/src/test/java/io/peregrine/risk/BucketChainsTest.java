package io.peregrine.risk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketChainsTest
{
    @Test
    void hasAtLeastTwiceAsManyBucketsAsEntriesInAPowerOfTwo()
    {
        assertEquals(7, new BucketChains(3).bucketMask());
        assertEquals(1, new BucketChains(1).bucketMask());
        assertEquals(5, new BucketChains(5).entries());
        assertThrows(IllegalArgumentException.class, () -> new BucketChains(0));
    }

    @Test
    void linksAtTheHeadAndUnlinksFromTheHeadTheMiddleAndTheTail()
    {
        final BucketChains chains = new BucketChains(8);
        for (int entry = 0; entry < 5; entry++)
        {
            chains.link(entry, 3);
        }
        assertEquals(List.of(4, 3, 2, 1, 0), chain(chains, 3));
        assertEquals(List.of(), chain(chains, 2));

        chains.unlink(2, 3);
        assertEquals(List.of(4, 3, 1, 0), chain(chains, 3));
        chains.unlink(4, 3);
        assertEquals(List.of(3, 1, 0), chain(chains, 3));
        chains.unlink(0, 3);
        assertEquals(List.of(3, 1), chain(chains, 3));
        assertFalse(chains.isLinked(0));
        assertFalse(chains.isLinked(2));
        assertTrue(chains.isLinked(1));

        chains.link(2, 3);
        assertEquals(List.of(2, 3, 1), chain(chains, 3));
    }

    @Test
    void anEntryIsUnlinkedUntilLinkedAndAfterAClear()
    {
        final BucketChains chains = new BucketChains(4);
        assertFalse(chains.isLinked(1));
        chains.link(1, 0);
        chains.link(2, 5);
        assertTrue(chains.isLinked(1));

        chains.clear();
        assertFalse(chains.isLinked(1));
        assertFalse(chains.isLinked(2));
        assertEquals(BucketChains.NONE, chains.first(0));
        assertEquals(BucketChains.NONE, chains.first(5));
    }

    private static List<Integer> chain(final BucketChains chains, final int bucket)
    {
        final List<Integer> entries = new ArrayList<>();
        for (int entry = chains.first(bucket); BucketChains.NONE != entry; entry = chains.next(entry))
        {
            entries.add(entry);
        }
        return entries;
    }
}
