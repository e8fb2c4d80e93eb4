package io.peregrine.risk;

import org.agrona.collections.Long2LongHashMap;

/**
 * Maps packed accounts or symbols to dense slots {@code 0..capacity-1}, so risk state lives in flat arrays. Slots
 * are handed out once (at startup, restore and limit adoption) and never reused, so state keyed by a slot survives
 * limit swaps. Lookups are allocation free; core thread only.
 */
final class SlotIndex
{
    static final int MISSING = -1;

    private final Long2LongHashMap slotByKey;
    private final long[] keyBySlot;
    private int size;
    private long lastKey;
    private int lastSlot = MISSING;

    SlotIndex(final int capacity)
    {
        slotByKey = new Long2LongHashMap(capacity * 2, 0.65f, MISSING);
        keyBySlot = new long[capacity];
    }

    int slot(final long key)
    {
        // An order's evaluate, fill and close look up the same account and symbol, and flows repeat them: one
        // remembered hit skips the hash lookup. Slots are never reused, so a remembered hit stays right; a miss is
        // not remembered (the key may be assigned later).
        if (MISSING != lastSlot && key == lastKey)
        {
            return lastSlot;
        }
        final int slot = (int)slotByKey.get(key);
        if (MISSING != slot)
        {
            lastKey = key;
            lastSlot = slot;
        }
        return slot;
    }

    /**
     * @return the key's slot, a new one if it had none, or {@link #MISSING} when the capacity is used up.
     */
    int slotOrAssign(final long key)
    {
        final int existing = (int)slotByKey.get(key);
        if (existing != MISSING || size == keyBySlot.length)
        {
            return existing;
        }
        final int slot = size++;
        keyBySlot[slot] = key;
        slotByKey.put(key, slot);
        return slot;
    }

    long key(final int slot)
    {
        return keyBySlot[slot];
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return keyBySlot.length;
    }

    /**
     * Forgets every slot (before a snapshot's slots are assigned again in their order). Launching thread.
     */
    void clear()
    {
        slotByKey.clear();
        java.util.Arrays.fill(keyBySlot, 0);
        size = 0;
    }
}
