package io.peregrine.bench.loop;

import io.peregrine.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopPortsTest
{
    private final List<Integer> attempts = new ArrayList<>();
    private final List<ServerSocket> opened = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException
    {
        for (final ServerSocket socket : opened)
        {
            socket.close();
        }
    }

    @Test
    void aFreePreferredPortIsListenedOn()
    {
        // reserved: no other socket can be given it, yet a listener binds it as the acceptors do
        try (FreePorts.Reservation preferred = FreePorts.reserve())
        {
            final ServerSocket listener = LoopPorts.listen(preferred.port(), this::listener);

            assertEquals(List.of(preferred.port()), attempts);
            assertEquals(preferred.port(), listener.getLocalPort());
        }
    }

    @Test
    void aBusyPreferredPortIsNotTriedAndTheListenerGetsAnEphemeralOne() throws IOException
    {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            assertFalse(LoopPorts.isFree(busy.getLocalPort()));

            final ServerSocket listener = LoopPorts.listen(busy.getLocalPort(), this::listener);

            assertEquals(List.of(0), attempts, "bound once, on port 0");
            assertTrue(listener.isBound());
            assertNotEquals(busy.getLocalPort(), listener.getLocalPort());
        }
    }

    @Test
    void aPreferredPortTakenBetweenTheCheckAndTheBindFallsBackToAnEphemeralOne()
    {
        try (FreePorts.Reservation preferred = FreePorts.reserve())
        {
            final ServerSocket listener = LoopPorts.listen(preferred.port(), (port) ->
            {
                if (port != 0)
                {
                    // another run's acceptor binds the port after the check said it was free
                    listener(port);
                }
                return listener(port);
            });

            assertEquals(List.of(preferred.port(), preferred.port(), 0), attempts,
                "the racer's bind, ours refused, ours on port 0");
            assertNotEquals(preferred.port(), listener.getLocalPort());
        }
    }

    @Test
    void portZeroIsBoundAtOnce()
    {
        final ServerSocket listener = LoopPorts.listen(0, this::listener);

        assertEquals(List.of(0), attempts);
        assertTrue(listener.getLocalPort() > 0);
    }

    @Test
    void aFailureOtherThanAnAddressInUseIsNotRetried()
    {
        final IllegalStateException refused = new IllegalStateException("bad settings",
            new IOException("not a bind failure"));
        try (FreePorts.Reservation preferred = FreePorts.reserve())
        {
            final IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> LoopPorts.listen(preferred.port(), (port) ->
                {
                    attempts.add(port);
                    throw refused;
                }));

            assertSame(refused, thrown);
            assertEquals(List.of(preferred.port()), attempts);
        }
    }

    /** A listener as the acceptors bind one (SO_REUSEADDR), closed after the test. */
    private ServerSocket listener(final int port)
    {
        attempts.add(port);
        try
        {
            final ServerSocket socket = new ServerSocket();
            opened.add(socket);
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return socket;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
