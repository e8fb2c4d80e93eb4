package io.peregrine.bench.loop;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.function.IntFunction;

/**
 * Starts the loopback TCP listeners of a run so that it never collides with a stack the user already runs (on the
 * documented defaults 9880/9890) or with tests and runs started at the same time: on the default port when it is
 * wanted and can be bound, otherwise on port 0, which the OS turns into a free ephemeral port in the bind itself.
 * <p>
 * No port is chosen first and bound later: a port found free and released again is free for anyone (an outgoing
 * connection takes its local port from the same ephemeral range) until the listener binds it, seconds later in a run
 * that starts a venue and a core first. The caller reads the bound port from what it started.
 * <p>
 * Edge code (start-up): caller's thread, allocates.
 */
public final class LoopPorts
{
    private LoopPorts()
    {
    }

    /**
     * Starts a listener on the preferred port if it is free, else on an ephemeral one; also on an ephemeral one when
     * the preferred port is taken between the check and the bind (another run starting at the same time).
     *
     * @param preferred the documented default port, or 0 for an ephemeral port at once.
     * @param start     starts the listener on the port it is given (0: ephemeral) and returns it, or throws with a
     *                  {@link BindException} in the cause chain when the address is in use, having closed what it
     *                  opened (a composition root's partial-failure rule).
     * @param <T>       what runs the listener.
     * @return what {@code start} returned.
     */
    public static <T> T listen(final int preferred, final IntFunction<T> start)
    {
        if (0 != preferred && isFree(preferred))
        {
            try
            {
                return start.apply(preferred);
            }
            catch (final RuntimeException ex)
            {
                if (!addressInUse(ex))
                {
                    throw ex;
                }
            }
        }
        return start.apply(0);
    }

    /**
     * @param port a TCP port.
     * @return true if a listener could bind it on 127.0.0.1 right now (a check only: the port is released again).
     *         Checked as the acceptors bind, with {@code SO_REUSEADDR} (QuickFIX/J sets it, as the JDK's
     *         {@code ServerSocket} does on Linux): a port something listens on is not free; one held only by closed
     *         connections waiting out TIME_WAIT is.
     */
    public static boolean isFree(final int port)
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * @param failure what a listener's start threw.
     * @return true if it failed because its address was in use.
     */
    static boolean addressInUse(final Throwable failure)
    {
        for (Throwable cause = failure; null != cause; cause = cause.getCause())
        {
            if (cause instanceof BindException)
            {
                return true;
            }
        }
        return false;
    }
}
