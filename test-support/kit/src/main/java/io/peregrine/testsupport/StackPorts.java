package io.peregrine.testsupport;

import org.agrona.CloseHelper;

/**
 * The two listening ports of a test's gateway stack: the gateway's broker acceptor and its one venue's acceptor, each
 * {@link FreePorts#reserve() reserved} from construction until {@link #close()}, so that a gateway or venue restarted
 * by the test (or a child JVM started seconds later) binds the same ports again. Close it after the stack's listeners.
 * <p>
 * Test thread; allocates.
 */
public final class StackPorts implements AutoCloseable
{
    private final FreePorts.Reservation broker;
    private final FreePorts.Reservation venue;

    /**
     * Reserves both ports.
     *
     * @throws java.io.UncheckedIOException if a port cannot be reserved (none is then held).
     */
    public StackPorts()
    {
        broker = FreePorts.reserve();
        try
        {
            venue = FreePorts.reserve();
        }
        catch (final RuntimeException ex)
        {
            broker.close();
            throw ex;
        }
    }

    /**
     * @return the gateway's broker acceptor port.
     */
    public int brokerPort()
    {
        return broker.port();
    }

    /**
     * @return the venue's acceptor port (the gateway's venue 1).
     */
    public int venuePort()
    {
        return venue.port();
    }

    /**
     * Releases both ports (idempotent).
     */
    public void close()
    {
        CloseHelper.closeAll(broker, venue);
    }
}
