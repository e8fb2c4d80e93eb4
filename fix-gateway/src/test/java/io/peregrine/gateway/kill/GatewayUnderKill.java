package io.peregrine.gateway.kill;

import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.StackPorts;

import java.nio.file.Path;
import java.util.List;

/**
 * One seed's stack of a gateway kill test: the matching-sim venue (no market maker) and a broker BROKER1 in this JVM,
 * the core and the FIX gateway in a child JVM ({@link GatewayProcess}, its log {@code gateway.log} in the seed's
 * directory) that the test kills with SIGKILL and starts again on the same directories and ports. The ports are
 * reserved for the whole seed: the child binds the broker port after it starts, and again after the kill (only found
 * free, the port was once taken by someone else in between: "Address already in use"). Test thread only.
 */
final class GatewayUnderKill implements AutoCloseable
{
    private final StackPorts ports;
    private final List<String> childFlags;
    private final String[] args;
    private SimVenue venue;
    private ChildJvm gateway;
    private FixCounterparty broker;

    private GatewayUnderKill(final Path dir, final String aeronDir, final List<String> childFlags) throws Exception
    {
        this.ports = new StackPorts();
        this.childFlags = childFlags;
        this.args = new String[] {aeronDir, dir.resolve("core").toString(), dir.resolve("gateway").toString(),
            Integer.toString(ports.brokerPort()), Integer.toString(ports.venuePort())};
    }

    /**
     * Starts the venue, the child (until it prints READY) and the broker (not awaiting its logon).
     *
     * @param dir        the seed's directory.
     * @param aeronDir   the child's media driver directory.
     * @param childFlags JVM flags of the child.
     */
    static GatewayUnderKill start(final Path dir, final String aeronDir, final List<String> childFlags)
        throws Exception
    {
        final GatewayUnderKill stack = new GatewayUnderKill(dir, aeronDir, childFlags);
        try
        {
            stack.venue = SimVenue.start(new SimVenueContext()
                .port(stack.ports.venuePort())
                .storeDir(dir.resolve("venue-store"))
                .marketMakerEnabled(false)
                .idleStrategyName("backoff"));
            stack.gateway = ChildJvm.start(dir.resolve("gateway.log"), "READY", childFlags, GatewayProcess.class,
                stack.args);
            stack.broker = FixCounterparty.broker(stack.ports.brokerPort(), "BROKER1", "PEREGRINE").start();
            return stack;
        }
        catch (final Exception | Error ex)
        {
            stack.close();
            throw ex;
        }
    }

    FixCounterparty broker()
    {
        return broker;
    }

    ChildJvm gateway()
    {
        return gateway;
    }

    /** @return the child gateway's broker port, for more brokers than {@link #broker()}. */
    int brokerPort()
    {
        return ports.brokerPort();
    }

    /** SIGKILL of the child, waiting until it is gone. */
    void kill() throws InterruptedException
    {
        gateway.kill();
    }

    /** Starts the child again on the same directories and ports, until it prints READY again. */
    void restart() throws Exception
    {
        gateway.restart("READY", childFlags, GatewayProcess.class, args);
    }

    public void close()
    {
        if (null != broker)
        {
            broker.close();
        }
        if (null != gateway)
        {
            gateway.close();
        }
        if (null != venue)
        {
            venue.close();
        }
        ports.close();
    }
}
