package io.peregrine.bench.loop;

import io.peregrine.bench.BenchCoreContext;
import io.peregrine.core.Peregrine;
import io.peregrine.gateway.FixGateway;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.TempDirs;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop's real acceptors (the venue's, the gateway's broker acceptor) when another run takes their default port
 * between the check and the bind: the start fails with the address in use, closes what it opened, and starts again on
 * an ephemeral port, which {@code port()}/{@code brokerPort()} report and which accepts connections.
 */
class LoopPortsSystemTest
{
    @TempDir
    Path dir;

    private final String aeronDir = TempDirs.uniqueAeronDir("peregrine-test-");
    private final List<Integer> attempts = new ArrayList<>();
    private ServerSocket racer;

    @AfterEach
    void cleanUp() throws IOException
    {
        if (null != racer)
        {
            racer.close();
        }
        IoUtil.delete(new File(aeronDir), true);
    }

    @Test
    @Timeout(60)
    void aVenueWhosePortIsTakenAfterTheCheckStartsOnAnEphemeralPort()
    {
        try (FreePorts.Reservation preferred = FreePorts.reserve();
            SimVenue venue = LoopPorts.listen(preferred.port(), (port) ->
            {
                raceFor(port);
                return SimVenue.start(new SimVenueContext().host("127.0.0.1").port(port)
                    .storeDir(dir.resolve("venue")).marketMakerEnabled(false));
            }))
        {
            assertEquals(List.of(preferred.port(), 0), attempts);
            assertNotEquals(preferred.port(), venue.port());
            assertAccepts(venue.port());
        }
    }

    @Test
    @Timeout(60)
    @SuppressWarnings("try") // the core runs the media driver the gateway connects to
    void aGatewayWhoseBrokerPortIsTakenAfterTheCheckStartsAgainOnAnEphemeralPort()
    {
        try (FreePorts.Reservation preferred = FreePorts.reserve();
            Peregrine core = Peregrine.launch(BenchCoreContext.create(aeronDir).idleStrategyName("backoff"));
            FixGateway gateway = LoopPorts.listen(preferred.port(), (port) ->
            {
                raceFor(port);
                return FixGateway.launch(LoopStack.gatewayContext(aeronDir, dir, "backoff", port).venues(List.of()));
            }))
        {
            assertEquals(List.of(preferred.port(), 0), attempts);
            assertTrue(gateway.brokerAcceptorListening());
            assertNotEquals(preferred.port(), gateway.brokerPort());
            assertAccepts(gateway.brokerPort());
        }
    }

    /** Another run's acceptor binds the preferred port just before ours does. */
    private void raceFor(final int port)
    {
        attempts.add(port);
        if (0 == port)
        {
            return;
        }
        try
        {
            racer = new ServerSocket();
            racer.setReuseAddress(true);
            racer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void assertAccepts(final int port)
    {
        assertTrue(port > 0, "bound: " + port);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port))
        {
            assertTrue(socket.isConnected());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("nothing accepts on " + port, ex);
        }
    }
}
