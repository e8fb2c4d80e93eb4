package io.peregrine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Loopback TCP ports for tests, so that concurrent builds and the public defaults (9880, 9890, 9900) never collide.
 * <p>
 * A port is reserved, not just found free: a port only found free (a {@code ServerSocket} on port 0, closed again)
 * is free for anyone until the test's listener binds it, and a child JVM binds it seconds later, then again after
 * each restart. In between, the next port-0 bind in this JVM (the test's second port), another test process or a
 * restarted child's neighbour can be handed the same port, and the listener fails with "Address already in use"
 * (fix-gateway's {@code GatewayKillSystemTest} once did, restarting a killed gateway on its broker port).
 * <p>
 * The reservation holds a socket bound to 127.0.0.1:port with {@code SO_REUSEADDR}, neither listening nor connected.
 * On Linux the kernel then gives that port to no port-0 bind and to no outgoing connection as its local port, while a
 * listener that also sets {@code SO_REUSEADDR} binds and listens on it as usual, any number of times: every JDK
 * {@code ServerSocket} and {@code ServerSocketChannel} on Linux (so the JDK {@code HttpServer} and
 * {@code config.ListenPort}'s check), and QuickFIX/J's acceptors, which set it on their MINA acceptor. A listener
 * without {@code SO_REUSEADDR} is refused while the reservation is held. Close the reservation after the listener
 * for good (a stack's or a test's clean-up).
 * <p>
 * Any thread; allocates (test code).
 */
public final class FreePorts
{
    private FreePorts()
    {
    }

    /**
     * @return a port on 127.0.0.1 no other socket has, held for the caller's listeners until the reservation closes.
     * @throws UncheckedIOException if no socket can be bound.
     */
    public static Reservation reserve()
    {
        try
        {
            return new Reservation(SocketChannel.open());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open a socket to reserve a port", ex);
        }
    }

    /**
     * A reserved loopback port: see {@link FreePorts}. Closing it releases the port (idempotent).
     */
    public static final class Reservation implements AutoCloseable
    {
        private final SocketChannel holder;
        private final int port;

        private Reservation(final SocketChannel holder)
        {
            this.holder = holder;
            try
            {
                holder.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                port = ((InetSocketAddress)holder.getLocalAddress()).getPort();
            }
            catch (final IOException ex)
            {
                close();
                throw new UncheckedIOException("cannot reserve a port on 127.0.0.1", ex);
            }
        }

        /**
         * @return the reserved port.
         */
        public int port()
        {
            return port;
        }

        @Override
        public void close()
        {
            try
            {
                holder.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot release port reservation " + holder, ex);
            }
        }

        @Override
        public String toString()
        {
            return "port " + port + " reserved";
        }
    }
}
