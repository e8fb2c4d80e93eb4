package io.peregrine.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest
{
    /**
     * Without the reservation, port-0 binds here hand a just-released port out again about once in 10,000 (measured:
     * 5-7 times in 60,000), the race GatewayKillSystemTest lost; held, never.
     */
    @Test
    void aReservedPortIsHandedToNoPortZeroBindWhileHeld() throws IOException
    {
        try (FreePorts.Reservation reserved = FreePorts.reserve())
        {
            for (int i = 0; i < 60_000; i++)
            {
                try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
                {
                    assertTrue(other.getLocalPort() != reserved.port(), () -> reserved + " handed out again");
                }
            }
        }
    }

    @Test
    void twoReservationsNeverShareAPort()
    {
        try (FreePorts.Reservation first = FreePorts.reserve();
            FreePorts.Reservation second = FreePorts.reserve())
        {
            assertTrue(first.port() != second.port(), first + ", " + second);
        }
    }

    /** What a killed and restarted child does: listen, serve a connection, die (TIME_WAIT left), listen again. */
    @Test
    void aListenerBindsTheReservedPortAgainAndAgainWhileHeld() throws IOException
    {
        try (FreePorts.Reservation reserved = FreePorts.reserve())
        {
            for (int restart = 0; restart < 3; restart++)
            {
                try (ServerSocket listener = new ServerSocket(reserved.port(), 50, InetAddress.getLoopbackAddress());
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), reserved.port()))
                {
                    final Socket served = listener.accept();
                    try
                    {
                        client.getOutputStream().write(42);
                        assertEquals(42, served.getInputStream().read());
                    }
                    finally
                    {
                        served.close(); // the listener's side closes first, as a killed process's does: TIME_WAIT
                    }
                }
            }
        }
    }

    @Test
    void aQuickFixAcceptorListensOnAReservedPort() throws Exception
    {
        final Path store = TempDirs.create("freeports-");
        try (FreePorts.Reservation reserved = FreePorts.reserve();
            FixCounterparty venue = FixCounterparty.venue(reserved.port(), "VENUE", "GATEWAY", store).start();
            Socket client = new Socket(InetAddress.getLoopbackAddress(), reserved.port()))
        {
            assertTrue(client.isConnected(), venue + " accepts on " + reserved);
        }
        finally
        {
            TempDirs.delete(store);
        }
    }

    /** The limit the class documents: a listener without SO_REUSEADDR cannot share the port with the holder. */
    @Test
    void aListenerWithoutReuseAddressIsRefusedWhileHeld() throws IOException
    {
        try (FreePorts.Reservation reserved = FreePorts.reserve();
            ServerSocket strict = new ServerSocket())
        {
            strict.setReuseAddress(false);
            assertThrows(BindException.class,
                () -> strict.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), reserved.port())));
        }
    }
}
