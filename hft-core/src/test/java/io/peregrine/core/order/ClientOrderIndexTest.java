package io.peregrine.core.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void agreesWithHashMapUnderRandomPutsAndRemoves()
    {
        final int maxSize = 256;
        final ClientOrderIndex index = new ClientOrderIndex(maxSize);
        final Map<String, Integer> model = new HashMap<>();
        final Random random = new Random(42);
        for (int i = 0; i < 200_000; i++)
        {
            final long account = random.nextInt(4);
            final long clOrdId = random.nextInt(512);
            final String key = account + ":" + clOrdId;
            if (random.nextBoolean() && (model.size() < maxSize || model.containsKey(key)))
            {
                final int slot = random.nextInt(1000);
                index.put(account, clOrdId, slot);
                model.put(key, slot);
            }
            else
            {
                final Integer slot = model.get(key);
                if (null != slot)
                {
                    assertTrue(index.remove(account, clOrdId, slot));
                    model.remove(key);
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
