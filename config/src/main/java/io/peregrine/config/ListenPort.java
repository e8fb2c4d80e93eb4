package io.peregrine.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Checks, before a FIX acceptor starts, that its address is free: QuickFIX/J binds on a thread of its own and logs a
 * bind failure with a stack trace before the start fails, so a port in use is refused here first with one message
 * naming the key that moves it. A check, not a reservation: the port is released again at once (a process that takes
 * it in between still makes the acceptor's start fail).
 * <p>
 * Edge code (start-up): caller's thread, allocates.
 */
public final class ListenPort
{
    private ListenPort()
    {
    }

    /**
     * @param who  what would listen there, e.g. {@code "venue SIMVENUE"}.
     * @param host the address it listens on.
     * @param port the port, 0 for any free port (nothing to check).
     * @param key  the configuration key of the port.
     * @throws IllegalStateException naming the fix when something else listens there already.
     */
    public static void requireFree(final String who, final String host, final int port, final String key)
    {
        if (0 == port)
        {
            return;
        }
        if (port < 0 || port > 65_535)
        {
            throw new IllegalStateException(key + " must be a port, 0-65535: " + port);
        }
        try
        {
            new ServerSocket(port, 1, InetAddress.getByName(host)).close();
        }
        catch (final BindException ex)
        {
            throw new IllegalStateException(who + " cannot listen on " + host + ":" + port + " (" + ex.getMessage() +
                "): stop what uses the port (another Peregrine stack?), or set " + key + "=<port>", ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(who + " cannot listen on " + host + ":" + port + " (" + ex + "): check " +
                key + " and the host it listens on", ex);
        }
    }
}
