package io.peregrine.gateway;

import io.peregrine.testsupport.Await;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frozen venue: it accepts the TCP connection and reads our Logon but never answers. QuickFIX/J gives up after its
 * logon timeout and says why only in its event log ("Timed out waiting for logon response"); the venue's
 * {@code /health} detail names the unanswered Logon, not a lost connection, and it counts as a failed logon.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VenueLogonUnansweredSystemTest
{
    private static final long WAIT_MS = 30_000;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withTestCore("logon-unanswered", WAIT_MS);

    @Test
    void aVenueThatNeverAnswersOurLogonIsNamedAsSuchInItsHealth() throws Exception
    {
        final List<Socket> held = new ArrayList<>();
        try (ServerSocket venue = new ServerSocket(stack.venuePort, 8, InetAddress.getLoopbackAddress()))
        {
            final Thread frozen = new Thread(() -> acceptAndNeverAnswer(venue, held), "frozen-venue");
            frozen.setDaemon(true);
            frozen.start();
            final FixGateway gateway = stack.startGateway(stack.gatewayContext()
                .venueReconnectSeconds(1)
                .brokerStartVenueWaitMs(0));

            Await.until("the unanswered logon named", () -> {
                final String problem = gateway.venueSessionHealth().lastProblem(GatewayStack.VENUE_ID);
                return null != problem && problem.startsWith("logon failed: no answer to our Logon within");
            }, WAIT_MS);
            assertTrue(gateway.venueSessionHealth().logonRefusals(GatewayStack.VENUE_ID) >= 1);
        }
        finally
        {
            synchronized (held)
            {
                for (final Socket socket : held)
                {
                    socket.close();
                }
            }
        }
    }

    private static void acceptAndNeverAnswer(final ServerSocket venue, final List<Socket> held)
    {
        while (!venue.isClosed())
        {
            try
            {
                final Socket socket = venue.accept();
                synchronized (held)
                {
                    held.add(socket);
                }
                final InputStream in = socket.getInputStream();
                final Thread reader = new Thread(() -> drain(in), "frozen-venue-reader");
                reader.setDaemon(true);
                reader.start();
            }
            catch (final IOException ex)
            {
                // closed by the test
            }
        }
    }

    private static void drain(final InputStream in)
    {
        final byte[] buffer = new byte[4096];
        try
        {
            while (in.read(buffer) >= 0)
            {
                // read and ignored: a frozen venue
            }
        }
        catch (final IOException ex)
        {
            // the gateway hung up
        }
    }
}
