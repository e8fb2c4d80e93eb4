package io.peregrine.gateway;

import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.InProcessCounters;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The gateway's counters allocated into a counters file that fills up partway (while the second venue's are
 * allocated, after the global ones and the first venue's): the launch fails and leaves nothing allocated behind it.
 */
class GatewayCountersTest
{
    @Test
    void aCountersFileThatFillsUpDuringTheSecondVenuesCountersLeavesNoneAllocated()
    {
        final int declared = CounterDescriptor.declaredIn(GatewayCounters.class).size();
        final CountersManager manager = InProcessCounters.manager(declared + 1);

        assertThrows(RuntimeException.class, () -> new GatewayCounters(manager::newCounter, List.of(1, 2)));

        final int[] allocated = new int[1];
        manager.forEach((counterId, typeId, keyBuffer, label) -> allocated[0]++);
        assertEquals(0, allocated[0]);
    }
}
