package io.peregrine.core.order;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OrderIdIndexTest
{
    @Test
    void findsSequentialIdsAndForgetsRemovedOnes()
    {
        final OrderIdIndex index = new OrderIdIndex(8);
        for (int id = 1; id <= 8; id++)
        {
            index.put(id, id - 1);
        }
        for (int id = 1; id <= 8; id++)
        {
            assertEquals(id - 1, index.get(id));
        }
        index.remove(3, 2);
        assertEquals(OrderTable.NO_SLOT, index.get(3));
        assertEquals(7, index.size());
        assertEquals(0, index.overflowSize());
    }

    @Test
    void anIdStillIndexedWhenItsPositionComesRoundMovesToTheOverflowAndStaysFindable()
    {
        final OrderIdIndex index = new OrderIdIndex(4); // 8 positions
        index.put(1, 0); // a long-resting order
        for (long id = 2; id <= 9; id++) // id 9 takes id 1's position
        {
            index.put(id, (int)(id % 3) + 1);
            index.remove(id, (int)(id % 3) + 1);
        }
        assertEquals(1, index.overflowSize());
        assertEquals(0, index.get(1));
        index.put(17, 2); // position of 1 and 9 again: 9 is gone, 17 takes it
        assertEquals(0, index.get(1));
        assertEquals(2, index.get(17));
        assertEquals(OrderTable.NO_SLOT, index.get(9));
        index.remove(1, 0);
        assertEquals(OrderTable.NO_SLOT, index.get(1));
        assertEquals(0, index.overflowSize());
        assertEquals(2, index.get(17));
    }

    @Test
    void removeLeavesANewerEntryOfTheIdAtAnotherSlotAlone()
    {
        final OrderIdIndex index = new OrderIdIndex(4);
        index.put(5, 1);
        index.remove(5, 2);
        assertEquals(1, index.get(5));
    }

    @Test
    void idsThatAreNotPositiveAreNeverFound()
    {
        final OrderIdIndex index = new OrderIdIndex(4);
        index.put(8, 3); // position 0, as id 0 would be
        assertEquals(OrderTable.NO_SLOT, index.get(0));
        assertEquals(OrderTable.NO_SLOT, index.get(-8));
        assertThrows(IllegalArgumentException.class, () -> index.put(0, 1));
    }

    @Test
    void behavesAsAMapUnderOrdersThatCloseOutOfOrder()
    {
        final Random random = new Random(12);
        final int capacity = 64;
        final OrderIdIndex index = new OrderIdIndex(capacity);
        final Map<Long, Integer> model = new HashMap<>();
        final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
        for (int slot = 0; slot < capacity; slot++)
        {
            freeSlots.add(slot);
        }
        final Map<Integer, Long> idBySlot = new HashMap<>();
        long nextId = 1;
        for (int step = 0; step < 200_000; step++)
        {
            if (!freeSlots.isEmpty() && random.nextInt(3) != 0)
            {
                final int slot = freeSlots.poll();
                final long id = nextId++;
                index.put(id, slot);
                model.put(id, slot);
                idBySlot.put(slot, id);
            }
            else if (!idBySlot.isEmpty())
            {
                // a random order leaves: long-resting ones survive many ring turns and use the overflow
                final int slot = idBySlot.keySet().stream().skip(random.nextInt(idBySlot.size())).findFirst().get();
                final long id = idBySlot.remove(slot);
                index.remove(id, slot);
                model.remove(id);
                freeSlots.add(slot);
            }
            final long probe = 1 + (long)random.nextInt((int)nextId + 10);
            assertEquals(model.getOrDefault(probe, OrderTable.NO_SLOT), index.get(probe), "id " + probe);
        }
        assertEquals(model.size(), index.size());
    }
}
