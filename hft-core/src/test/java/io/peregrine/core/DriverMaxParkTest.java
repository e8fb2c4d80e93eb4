package io.peregrine.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DriverMaxParkTest
{
    @Test
    void anIpcOnlyDriverParksAtLeastOneMillisecond()
    {
        assertEquals(1_000_000, Peregrine.driverMaxParkNs("aeron:ipc", 100_000));
        assertEquals(1_000_000, Peregrine.driverMaxParkNs("aeron:ipc?term-length=64k", 1_000));
    }

    @Test
    void aLongerAgentParkIsKept()
    {
        assertEquals(5_000_000, Peregrine.driverMaxParkNs("aeron:ipc", 5_000_000));
    }

    @Test
    void aNetworkDriverParksLikeTheAgents()
    {
        // with UDP the driver's sender and receiver are on the message path
        assertEquals(100_000, Peregrine.driverMaxParkNs("aeron:udp?endpoint=127.0.0.1:40123", 100_000));
    }
}
