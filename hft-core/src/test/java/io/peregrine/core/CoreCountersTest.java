package io.peregrine.core;

import io.peregrine.protocol.InProcessCounters;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The core's counters allocated into a counters file without room for all of them: the launch fails, and leaves
 * nothing allocated behind it (the file is shared with every other process of the driver for its whole life).
 */
class CoreCountersTest
{
    @Test
    void aCountersFileThatFillsUpPartwayLeavesNoneOfTheCoreCountersAllocated()
    {
        final CountersManager manager = InProcessCounters.manager(10);

        assertThrows(RuntimeException.class, () -> new CoreCounters(manager));

        final int[] allocated = new int[1];
        manager.forEach((counterId, typeId, keyBuffer, label) -> allocated[0]++);
        assertEquals(0, allocated[0]);
    }
}
