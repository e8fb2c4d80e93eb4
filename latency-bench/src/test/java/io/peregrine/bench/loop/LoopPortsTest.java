package io.peregrine.bench.loop;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopPortsTest
{
    @Test
    void aBusyPreferredPortIsReplacedByAFreeEphemeralOne() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final int busy = taken.getLocalPort();

            assertFalse(LoopPorts.isFree(busy));
            final int chosen = LoopPorts.choose(busy, false);
            assertNotEquals(busy, chosen);
            assertTrue(LoopPorts.isFree(chosen));
        }
    }

    @Test
    void aFreePreferredPortIsUsed()
    {
        final int free = LoopPorts.freeEphemeralPort();

        assertTrue(free == LoopPorts.choose(free, false) || !LoopPorts.isFree(free), "taken meanwhile by someone");
    }
}
