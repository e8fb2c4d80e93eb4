package io.peregrine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on loopback for tests, so that concurrent builds and the public defaults (9880, 9890, 9900) never
 * collide. The port is free when returned; a test binds it straight away.
 */
public final class FreePorts
{
    private FreePorts()
    {
    }

    /**
     * @return a port no socket on 127.0.0.1 listens on right now (asked from the kernel with port 0).
     */
    public static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
