package io.peregrine.fixedge;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChainBuilder;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteToClosedSessionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Session;
import quickfix.mina.SessionConnector;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A MINA filter placed in front of a QuickFIX/J acceptor's FIX decoder (through
 * {@code SessionConnector.setIoFilterChainBuilder}) that keeps one connection from exhausting the process:
 * <ul>
 *     <li>every frame is followed by a {@link FixFrameScanner}; a BodyLength that would make the frame larger than
 *     {@link ConnectionLimits#maxMessageBytes()}, or bytes that are not FIX framing, close the connection at once,
 *     before the decoder buffers anything (counted as oversize / malformed);</li>
 *     <li>a connection that has not logged on {@link ConnectionLimits#logonTimeoutMs()} after it was accepted is
 *     closed, however slowly it keeps sending (counted as a logon timeout);</li>
 *     <li>at most {@link ConnectionLimits#maxPendingPerAddress()} connections from one address may be waiting to
 *     log on; further ones are closed as soon as they are accepted (counted as refused);</li>
 *     <li>a connection that sends more than {@link ConnectionLimits#maxMessagesPerSecond()} frames in a second is
 *     not read again until that second ends, so a flooding client is held back by TCP instead of taking the
 *     process's CPU from the other sessions (counted as read pauses).</li>
 * </ul>
 * Logged-on sessions are not affected by the last two. "Logged on" is QuickFIX/J's {@code Session.isLoggedOn()} of
 * the session it attached to the connection.
 * <p>
 * Threads: MINA I/O threads call the filter; one daemon timer thread ({@code peregrine-logon-timeout}) closes late
 * connections. Edge code: allocates per connection, not per byte. Close it with the acceptor.
 */
public final class ConnectionGuard extends IoFilterAdapter implements AutoCloseable
{
    /** Name of the filter in the MINA chain. */
    public static final String FILTER_NAME = "peregrine-connection-guard";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final String STATE = ConnectionGuard.class.getName() + ".state";

    private final String name;
    private final ConnectionLimits limits;
    private final ConnectionCounters counters;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> pendingByAddress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /** Per-connection state, kept as a session attribute. */
    private static final class Connection
    {
        final FixFrameScanner scanner;
        final InetAddress address;
        final AtomicBoolean pending = new AtomicBoolean(true);
        long windowStartNs;
        long framesInWindow;
        long framesSeen;

        Connection(final FixFrameScanner scanner, final InetAddress address)
        {
            this.scanner = scanner;
            this.address = address;
        }
    }

    /**
     * @param name     acceptor name for logs (e.g. "broker acceptor").
     * @param limits   what to enforce.
     * @param counters where to count.
     */
    public ConnectionGuard(final String name, final ConnectionLimits limits, final ConnectionCounters counters)
    {
        this.name = name;
        this.limits = limits;
        this.counters = counters;
        this.timer = Executors.newSingleThreadScheduledExecutor((runnable) ->
        {
            final Thread thread = new Thread(runnable, "peregrine-logon-timeout");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @return a chain builder that puts this guard first, for {@code SessionConnector.setIoFilterChainBuilder}.
     */
    public IoFilterChainBuilder chainBuilder()
    {
        return FrameSizeLimit.beforeDecoder(FILTER_NAME, this);
    }

    public ConnectionLimits limits()
    {
        return limits;
    }

    public ConnectionCounters counters()
    {
        return counters;
    }

    @Override
    public void sessionCreated(final NextFilter next, final IoSession session) throws Exception
    {
        counters.accepted().increment();
        final InetAddress address = addressOf(session.getRemoteAddress());
        final Connection connection = new Connection(new FixFrameScanner(limits.maxMessageBytes()), address);
        session.setAttribute(STATE, connection);
        final int pendingNow = pendingByAddress.computeIfAbsent(address, (a) -> new AtomicInteger()).incrementAndGet();
        counters.pending().increment();
        next.sessionCreated(session);
        if (pendingNow > limits.maxPendingPerAddress())
        {
            counters.refusedPending().increment();
            LOG.warn("{}: closing connection from {}: {} connections from it are waiting to log on (max {})", name,
                session.getRemoteAddress(), pendingNow, limits.maxPendingPerAddress());
            release(connection);
            session.closeNow();
            return;
        }
        timer.schedule(() -> onLogonDeadline(session, connection), limits.logonTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void messageReceived(final NextFilter next, final IoSession session, final Object message) throws Exception
    {
        final Connection connection = (Connection)session.getAttribute(STATE);
        if (null != connection && message instanceof IoBuffer)
        {
            if (session.isClosing())
            {
                return;
            }
            final FixFrameScanner.Verdict verdict = connection.scanner.scan((IoBuffer)message);
            if (FixFrameScanner.Verdict.OK != verdict)
            {
                if (FixFrameScanner.Verdict.OVERSIZE == verdict)
                {
                    counters.oversize().increment();
                }
                else
                {
                    counters.malformed().increment();
                }
                LOG.warn("{}: closing connection from {} ({}): {} frame: {}", name, session.getRemoteAddress(),
                    FrameSizeLimit.sessionOf(session), verdict, connection.scanner.describe(verdict));
                release(connection);
                session.closeNow();
                return;
            }
            if (connection.pending.get() && isLoggedOn(session))
            {
                release(connection);
            }
            if (limits.maxMessagesPerSecond() > 0)
            {
                throttleReads(session, connection);
            }
        }
        next.messageReceived(session, message);
    }

    @Override
    public void messageSent(final NextFilter next, final IoSession session, final WriteRequest request) throws Exception
    {
        // The acceptor's Logon reply is the first moment the session counts as logged on.
        final Connection connection = (Connection)session.getAttribute(STATE);
        if (null != connection && connection.pending.get() && isLoggedOn(session))
        {
            release(connection);
        }
        next.messageSent(session, request);
    }

    @Override
    public void sessionClosed(final NextFilter next, final IoSession session) throws Exception
    {
        final Connection connection = (Connection)session.getAttribute(STATE);
        if (null != connection)
        {
            release(connection);
        }
        next.sessionClosed(session);
    }

    /**
     * A write MINA could not deliver because the connection had closed, once QuickFIX/J had already let go of it (its
     * session detached: a logout done, e.g. the venue's own on a clean stop, while the engine was still sending): one
     * INFO line instead of QuickFIX/J's ERROR with a stack trace, as nothing is wrong in this process and nothing is
     * lost (what was sent stays in the FIX store, and the counterparty asks for it at its next logon). Every other
     * exception, and this one while a session is still attached (QuickFIX/J then disconnects it), goes on unchanged.
     */
    @Override
    public void exceptionCaught(final NextFilter next, final IoSession session, final Throwable cause) throws Exception
    {
        if (cause instanceof WriteToClosedSessionException && null == session.getAttribute(SessionConnector.QF_SESSION))
        {
            final List<WriteRequest> requests = ((WriteToClosedSessionException)cause).getRequests();
            LOG.info("{}: {} write(s) to {} not delivered: the connection had closed after its session ended (a " +
                "message sent then stays in the FIX store, for a resend at the next logon)", name,
                null == requests ? 1 : Math.max(1, requests.size()), session.getRemoteAddress());
            session.closeNow();
            return;
        }
        next.exceptionCaught(session, cause);
    }

    /**
     * Counts the frames this read completed in the current one-second window; above the limit, stops reading the
     * socket until the window ends. The bytes already read are still delivered: the overshoot is one read buffer.
     */
    private void throttleReads(final IoSession session, final Connection connection)
    {
        final long frames = connection.scanner.frames();
        final long newFrames = frames - connection.framesSeen;
        connection.framesSeen = frames;
        final long now = System.nanoTime();
        if (now - connection.windowStartNs >= TimeUnit.SECONDS.toNanos(1))
        {
            connection.windowStartNs = now;
            connection.framesInWindow = 0;
        }
        connection.framesInWindow += newFrames;
        if (connection.framesInWindow > limits.maxMessagesPerSecond())
        {
            counters.readPauses().increment();
            session.suspendRead();
            final long resumeInNs = Math.max(1, connection.windowStartNs + TimeUnit.SECONDS.toNanos(1) - now);
            timer.schedule(() ->
            {
                if (!session.isClosing())
                {
                    session.resumeRead();
                }
            }, resumeInNs, TimeUnit.NANOSECONDS);
        }
    }

    private void onLogonDeadline(final IoSession session, final Connection connection)
    {
        if (!connection.pending.get() || session.isClosing())
        {
            return;
        }
        if (isLoggedOn(session))
        {
            release(connection);
            return;
        }
        counters.logonTimeouts().increment();
        LOG.warn("{}: closing connection from {}: no logon within {} ms", name, session.getRemoteAddress(),
            limits.logonTimeoutMs());
        release(connection);
        session.closeNow();
    }

    private void release(final Connection connection)
    {
        if (connection.pending.compareAndSet(true, false))
        {
            counters.pending().decrement();
            final AtomicInteger count = pendingByAddress.get(connection.address);
            if (null != count && 0 == count.decrementAndGet())
            {
                pendingByAddress.remove(connection.address, count);
            }
        }
    }

    private static boolean isLoggedOn(final IoSession session)
    {
        final Object qfSession = session.getAttribute(SessionConnector.QF_SESSION);
        return qfSession instanceof Session && ((Session)qfSession).isLoggedOn();
    }

    private static InetAddress addressOf(final SocketAddress address)
    {
        return address instanceof InetSocketAddress ? ((InetSocketAddress)address).getAddress() :
            InetAddress.getLoopbackAddress();
    }

    /**
     * @return connections currently waiting to log on, over all addresses.
     */
    public int pendingConnections()
    {
        int total = 0;
        for (final AtomicInteger count : pendingByAddress.values())
        {
            total += count.get();
        }
        return total;
    }

    /**
     * Stops the timer thread. The acceptor closes the connections.
     */
    public void close()
    {
        timer.shutdownNow();
    }
}
