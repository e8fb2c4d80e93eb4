package io.peregrine.bench.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Chooses the loopback TCP ports of a run so that it never collides with a stack the user already runs (on the
 * documented defaults 9880/9890) or with tests running at the same time: the default port when it is free and
 * wanted, otherwise a free ephemeral one. A port found free can still be taken by someone else before it is bound;
 * the run then fails to start and says which port.
 */
public final class LoopPorts
{
    private LoopPorts()
    {
    }

    /**
     * @param preferred the documented default port.
     * @param ephemeral true to skip the default and always take an ephemeral port.
     * @return the preferred port if it is free on 127.0.0.1 and wanted, else a free ephemeral port.
     */
    public static int choose(final int preferred, final boolean ephemeral)
    {
        return !ephemeral && isFree(preferred) ? preferred : freeEphemeralPort();
    }

    /**
     * @param port a TCP port.
     * @return true if it can be bound on 127.0.0.1 right now.
     */
    public static boolean isFree(final int port)
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * @return a port the OS just gave out as free on 127.0.0.1.
     */
    public static int freeEphemeralPort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("no free ephemeral port on 127.0.0.1", ex);
        }
    }
}
