package io.peregrine.gateway.venue;

import io.peregrine.testsupport.RawFixConnections;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A venue acceptor that writes FIX by hand on a plain socket (127.0.0.1), so a test can send the gateway what no FIX
 * engine would: a frame far above any size limit. It answers a Logon with a Logon and a TestRequest with a Heartbeat,
 * numbers its messages itself (one sequence across connections; a message cut off counts as never sent), and keeps
 * every frame the gateway sent ({@link #received}). One connection at a time, served on its own thread
 * ({@code raw-venue}); the test thread writes through {@link #sendOversizeExecutionReport}. Close it to stop.
 */
final class RawVenue implements AutoCloseable
{
    private static final DateTimeFormatter SENDING_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS");
    private static final char SOH = '\u0001';

    /** Every frame the gateway sent, as text with SOH separators. */
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** Logons answered so far. */
    final AtomicInteger logons = new AtomicInteger();
    /** Connections that ended (closed by the gateway or reset). */
    final AtomicInteger connectionsEnded = new AtomicInteger();

    private final String compId;
    private final String gatewayCompId;
    private final ServerSocket server;
    private final Thread thread;
    private final Object writeLock = new Object();
    private int nextSeqNum = 1;
    private volatile Socket connection;
    private volatile boolean closed;

    /**
     * Listens on 127.0.0.1:port (SO_REUSEADDR: the port may be a test's reservation) and serves connections.
     */
    RawVenue(final int port, final String compId, final String gatewayCompId) throws IOException
    {
        this.compId = compId;
        this.gatewayCompId = gatewayCompId;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        thread = new Thread(this::serve, "raw-venue");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve()
    {
        while (!closed)
        {
            try (Socket socket = server.accept())
            {
                connection = socket;
                final InputStream in = socket.getInputStream();
                while (!closed)
                {
                    onFrame(readFrame(in));
                }
            }
            catch (final IOException ended)
            {
                if (!closed)
                {
                    connectionsEnded.incrementAndGet();
                }
            }
        }
    }

    private void onFrame(final String frame) throws IOException
    {
        received.add(frame);
        final String msgType = field(frame, "35");
        if ("A".equals(msgType))
        {
            send("A", "98=0" + SOH + "108=" + field(frame, "108") + SOH);
            logons.incrementAndGet();
        }
        else if ("1".equals(msgType))
        {
            send("0", "112=" + field(frame, "112") + SOH);
        }
    }

    /**
     * Sends an ExecutionReport whose header declares a body of {@code bodyLength} bytes (a Text(58) that long), then
     * streams that body in 64 KiB chunks until the gateway cuts the connection. Does not number it: it never arrived.
     *
     * @return the body bytes written before the cut (what the socket buffers absorbed).
     * @throws AssertionError if the whole body went through.
     */
    long sendOversizeExecutionReport(final long bodyLength)
    {
        synchronized (writeLock)
        {
            final String header = "8=FIX.4.4" + SOH + "9=" + bodyLength + SOH + "35=8" + SOH + "34=" + nextSeqNum +
                SOH + "49=" + compId + SOH + "56=" + gatewayCompId + SOH + "52=" + now() + SOH + "58=";
            final long written;
            try
            {
                written = RawFixConnections.writeUntilCut(connection.getOutputStream(), header, bodyLength, (byte)'Z');
            }
            catch (final IOException cut)
            {
                return 0;
            }
            if (written < 0)
            {
                throw new AssertionError(bodyLength + " bytes of one frame accepted by the gateway");
            }
            return written;
        }
    }

    private void send(final String msgType, final String fields) throws IOException
    {
        synchronized (writeLock)
        {
            final String body = "35=" + msgType + SOH + "34=" + nextSeqNum + SOH + "49=" + compId + SOH + "56=" +
                gatewayCompId + SOH + "52=" + now() + SOH + fields;
            final String head = "8=FIX.4.4" + SOH + "9=" + body.length() + SOH + body;
            int sum = 0;
            for (final byte b : head.getBytes(StandardCharsets.US_ASCII))
            {
                sum += b & 0xFF;
            }
            connection.getOutputStream().write(
                (head + String.format("10=%03d", sum % 256) + SOH).getBytes(StandardCharsets.US_ASCII));
            nextSeqNum++;
        }
    }

    private static String now()
    {
        return ZonedDateTime.now(ZoneOffset.UTC).format(SENDING_TIME);
    }

    private static String field(final String frame, final String tag)
    {
        final String start = SOH + tag + "=";
        final int at = frame.indexOf(start);
        if (at < 0)
        {
            return "";
        }
        final int end = frame.indexOf(SOH, at + start.length());
        return frame.substring(at + start.length(), end);
    }

    /**
     * Reads one frame by its BodyLength (the gateway is a well-behaved FIX engine).
     */
    private static String readFrame(final InputStream in) throws IOException
    {
        final StringBuilder frame = new StringBuilder();
        int sohs = 0;
        while (sohs < 2)
        {
            final char c = (char)next(in);
            frame.append(c);
            if (SOH == c)
            {
                sohs++;
            }
        }
        final int lengthAt = frame.indexOf(SOH + "9=") + 3;
        final int bodyLength = Integer.parseInt(frame.substring(lengthAt, frame.length() - 1));
        for (int i = 0; i < bodyLength + 7; i++)
        {
            frame.append((char)next(in));
        }
        return frame.toString();
    }

    private static int next(final InputStream in) throws IOException
    {
        final int b = in.read();
        if (b < 0)
        {
            throw new EOFException("connection closed");
        }
        return b;
    }

    public void close() throws IOException
    {
        closed = true;
        server.close();
        final Socket socket = connection;
        if (null != socket)
        {
            socket.close();
        }
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
