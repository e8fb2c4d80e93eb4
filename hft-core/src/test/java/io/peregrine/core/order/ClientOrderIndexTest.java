package io.peregrine.core.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ClientOrderIndexTest
{
    @Test
    void removesOnlyTheEntryOfTheGivenSlot()
    {
        final ClientOrderIndex index = new ClientOrderIndex(4);
        index.put(1, 10, 0);
        index.put(1, 10, 3);
        assertEquals(3, index.get(1, 10));
        assertFalse(index.remove(1, 10, 0));
        assertTrue(index.remove(1, 10, 3));
        assertEquals(ClientOrderIndex.MISSING, index.get(1, 10));
        assertEquals(0, index.size());
    }

    @Test
    void keysSharingABucketAreFoundAndRemovedFromAnyPositionOfTheChain()
    {
        // eight keys of one bucket: removals from the head, the middle and the tail of its chain
        final ClientOrderIndex index = new ClientOrderIndex(8);
        final long[] clOrdIds = new long[8];
        for (long candidate = 0, found = 0; found < 8; candidate++)
        {
            if (index.bucket(7, candidate) == index.bucket(7, 0))
            {
                clOrdIds[(int)found++] = candidate;
            }
        }
        for (int slot = 0; slot < 8; slot++)
        {
            index.put(7, clOrdIds[slot], slot);
        }
        final boolean[] removed = new boolean[8];
        for (final int slot : new int[]{ 3, 0, 7, 5 })
        {
            assertTrue(index.remove(7, clOrdIds[slot], slot), "slot " + slot);
            removed[slot] = true;
            for (int other = 0; other < 8; other++)
            {
                assertEquals(removed[other] ? ClientOrderIndex.MISSING : other, index.get(7, clOrdIds[other]),
                    "after removing " + slot + ": " + other);
            }
        }
        assertEquals(4, index.size());
    }

    @Test
    void aRemovedSlotCanBeReinsertedUnderAnotherKeyAndAMovedSlotLeavesItsOldKey()
    {
        final ClientOrderIndex index = new ClientOrderIndex(2);
        index.put(1, 10, 0);
        assertTrue(index.remove(1, 10, 0));
        assertFalse(index.remove(1, 10, 0), "already removed");
        index.put(2, 20, 0);
        assertEquals(0, index.get(2, 20));
        assertEquals(ClientOrderIndex.MISSING, index.get(1, 10));
        index.put(2, 21, 0); // replace: the slot's client order id changes
        assertEquals(ClientOrderIndex.MISSING, index.get(2, 20));
        assertEquals(0, index.get(2, 21));
        assertEquals(1, index.size());
        assertFalse(index.remove(2, 20, 0), "the slot's old key");
        assertTrue(index.remove(2, 21, 0));
        assertEquals(0, index.size());
    }

    @Test
    void holdsEverySlotAtOnceAndRefusesSlotsOutsideTheTable()
    {
        final int maxSize = 1_000;
        final ClientOrderIndex index = new ClientOrderIndex(maxSize);
        for (int slot = 0; slot < maxSize; slot++)
        {
            index.put(slot % 3, slot / 3, slot);
        }
        assertEquals(maxSize, index.size());
        for (int slot = 0; slot < maxSize; slot++)
        {
            assertEquals(slot, index.get(slot % 3, slot / 3));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> index.put(9, 9, maxSize));
        assertThrows(IndexOutOfBoundsException.class, () -> index.put(9, 9, -1));
        assertFalse(index.remove(9, 9, maxSize));
        assertThrows(IllegalArgumentException.class, () -> new ClientOrderIndex(0));
    }

    @Test
    void agreesWithHashMapUnderRandomPutsAndRemoves()
    {
        final int maxSize = 256;
        final ClientOrderIndex index = new ClientOrderIndex(maxSize);
        final Map<String, Integer> model = new HashMap<>();
        final String[] keyOfSlot = new String[maxSize];
        final Random random = new Random(42);
        for (int i = 0; i < 200_000; i++)
        {
            final long account = random.nextInt(4);
            final long clOrdId = random.nextInt(512);
            final String key = account + ":" + clOrdId;
            if (random.nextBoolean())
            {
                // the order table's contract: a slot holds one key; putting it under a new key moves it
                final int slot = random.nextInt(maxSize);
                index.put(account, clOrdId, slot);
                if (null != keyOfSlot[slot])
                {
                    model.remove(keyOfSlot[slot]);
                }
                final Integer replaced = model.put(key, slot);
                if (null != replaced && replaced != slot)
                {
                    keyOfSlot[replaced] = null;
                }
                keyOfSlot[slot] = key;
            }
            else
            {
                final Integer slot = model.get(key);
                if (null != slot)
                {
                    assertTrue(index.remove(account, clOrdId, slot));
                    model.remove(key);
                    keyOfSlot[slot] = null;
                }
                else
                {
                    assertFalse(index.remove(account, clOrdId, random.nextInt(maxSize)));
                }
            }
            final Integer expected = model.get(key);
            assertEquals(null == expected ? ClientOrderIndex.MISSING : expected, index.get(account, clOrdId));
            assertEquals(model.size(), index.size());
        }
        for (final Map.Entry<String, Integer> entry : model.entrySet())
        {
            final String[] parts = entry.getKey().split(":");
            assertEquals(entry.getValue(), index.get(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        }
    }
}
