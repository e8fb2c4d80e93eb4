package io.peregrine.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Raw TCP connections to a FIX acceptor on 127.0.0.1 that misbehave below the FIX session layer, the way abuse
 * tests play them: a BodyLength far over any limit, a Logon trickled a byte at a time (slow-loris), sockets that
 * never send anything. {@link #close()} closes every connection opened here. Used from the test thread (a trickle
 * may run on its own thread).
 */
public final class RawFixConnections implements AutoCloseable
{
    /** How much an oversize body sends at most before the test calls the acceptor's cap missing. */
    public static final long OVERSIZE_BYTES = 256L * 1024 * 1024;

    private final int port;
    private final List<Socket> sockets = new ArrayList<>();

    /**
     * @param port the acceptor's port on 127.0.0.1.
     */
    public RawFixConnections(final int port)
    {
        this.port = port;
    }

    /**
     * @return a new connection (5 s connect timeout), closed with this object.
     */
    public Socket open() throws IOException
    {
        final Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    /**
     * @return every connection opened so far.
     */
    public List<Socket> sockets()
    {
        return sockets;
    }

    /**
     * Sends a header declaring BodyLength 2,000,000,000, then 64 KiB chunks until the acceptor cuts the connection.
     *
     * @return the bytes of body written before the cut (what the kernel's socket buffers absorbed).
     * @throws AssertionError if {@link #OVERSIZE_BYTES} went through without a cut.
     */
    public static long writeOversizeBody(final Socket socket) throws IOException
    {
        final long written =
            writeUntilCut(socket.getOutputStream(), "8=FIX.4.4\u00019=2000000000\u0001", OVERSIZE_BYTES, (byte)0);
        if (written < 0)
        {
            throw new AssertionError(
                (OVERSIZE_BYTES >> 20) + " MB accepted from a connection declaring BodyLength 2,000,000,000");
        }
        return written;
    }

    /**
     * Writes the start of a frame, then its body in 64 KiB chunks of one byte value until the peer cuts the
     * connection: what a peer without a frame size limit would read whole.
     *
     * @param out   the connection's output.
     * @param start the frame's start (its header fields and the tag the body belongs to), US-ASCII.
     * @param body  bytes of body to write at most.
     * @param fill  the byte the body is made of.
     * @return the body bytes written before the cut (what the kernel's socket buffers absorbed), or -1 if the whole
     *         body went through.
     */
    public static long writeUntilCut(final OutputStream out, final String start, final long body, final byte fill)
    {
        long written = 0;
        try
        {
            out.write(start.getBytes(StandardCharsets.US_ASCII));
            final byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, fill);
            while (written < body)
            {
                out.write(chunk);
                written += chunk.length;
            }
        }
        catch (final IOException cut)
        {
            return written;
        }
        return -1;
    }

    /**
     * Writes the message a byte at a time with a pause after each, until it is all sent or the acceptor closes the
     * connection (slow-loris). Returns quietly in both cases.
     */
    public static void trickle(final Socket socket, final String message, final long pauseMs)
    {
        try
        {
            final OutputStream out = socket.getOutputStream();
            for (final byte b : message.getBytes(StandardCharsets.US_ASCII))
            {
                out.write(b);
                Thread.sleep(pauseMs);
            }
        }
        catch (final IOException closed)
        {
            // cut off by the acceptor
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads until the acceptor closes the connection (end of stream or reset); a socket this side closed counts.
     *
     * @throws AssertionError if the connection is still open after the time.
     */
    public static void assertClosedByPeer(final Socket socket, final int timeoutMs) throws IOException
    {
        if (socket.isClosed())
        {
            return;
        }
        socket.setSoTimeout(timeoutMs);
        final InputStream in = socket.getInputStream();
        try
        {
            while (in.read() >= 0)
            {
                // drain until the peer's close
            }
        }
        catch (final SocketTimeoutException ex)
        {
            throw new AssertionError("the acceptor did not close the connection within " + timeoutMs + " ms");
        }
        catch (final IOException reset)
        {
            // reset by the acceptor: closed too
        }
    }

    /**
     * Closes every connection opened here.
     */
    public void close()
    {
        for (final Socket socket : sockets)
        {
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // closing anyway
            }
        }
    }
}
