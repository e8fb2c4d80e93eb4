package io.peregrine.ops.launch;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PeregrineKeys.Ops;
import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.StackPorts;
import org.agrona.CloseHelper;

import java.util.Properties;

/**
 * The listening ports of a {@code run.sh stack} a test starts in a child JVM: the venue's, the gateway's broker
 * acceptor's and the ops console's, reserved ({@link FreePorts}) until closed, because the child binds them seconds
 * after they were chosen. Test thread only.
 */
public final class ChildStackPorts implements AutoCloseable
{
    private final StackPorts stack = new StackPorts();
    private final FreePorts.Reservation ops = FreePorts.reserve();

    /**
     * Sets the stack's port keys: the venue's and the gateway's venue 1 port, the broker port, the ops port.
     *
     * @param config the child's configuration being written.
     */
    public void applyTo(final Properties config)
    {
        config.setProperty("peregrine.sim.port", Integer.toString(stack.venuePort()));
        config.setProperty("peregrine.gateway.venue.1.port", Integer.toString(stack.venuePort()));
        config.setProperty(Gateway.BROKER_PORT.name(), Integer.toString(stack.brokerPort()));
        config.setProperty(Ops.PORT.name(), Integer.toString(ops.port()));
    }

    /**
     * @return the gateway's broker port.
     */
    public int brokerPort()
    {
        return stack.brokerPort();
    }

    public void close()
    {
        CloseHelper.closeAll(stack, ops);
    }
}
