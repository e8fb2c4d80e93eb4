package io.peregrine.fixedge;

import io.peregrine.protocol.InProcessCounters;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChainBuilder;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Session;
import quickfix.mina.SessionConnector;
import quickfix.mina.message.FIXProtocolCodecFactory;

/**
 * A MINA filter in front of a QuickFIX/J connector's FIX decoder that caps the size of every received frame: each
 * connection's bytes are followed by a {@link FixFrameScanner}, and a BodyLength that would make a frame larger than
 * the maximum message size, or bytes that are not FIX framing, close the connection at once, before the decoder has
 * buffered the frame (QuickFIX/J's decoder buffers a whole frame, whatever its BodyLength says: a 100 MB field is
 * 100 MB of heap, or an {@code OutOfMemoryError} on the I/O thread). Each cut is counted (oversize or malformed) and
 * logged as one ERROR naming the connection, the size and the limit; the session then disconnects as on any lost
 * connection (an initiator reconnects). An {@code OutOfMemoryError} while the messages behind it are decoded or handled
 * (the heap short for another reason) also closes the connection instead of ending the I/O thread: MINA would rethrow
 * it and kill the thread, and QuickFIX/J's reconnect would then block its timer thread for good.
 * <p>
 * The initiators' guard: {@link InlineSocketInitiator} installs one on every session it connects. Acceptors use
 * {@link ConnectionGuard}, which adds logon and per-address hygiene to the same scanning.
 * <p>
 * Threads: MINA I/O threads (one connection's reads one at a time). Allocates a scanner per connection.
 */
public final class FrameSizeLimit extends IoFilterAdapter
{
    /** Name of the filter in the MINA chain. */
    public static final String FILTER_NAME = "peregrine-frame-size-limit";

    private static final Logger LOG = LoggerFactory.getLogger(FrameSizeLimit.class);
    private static final String SCANNER = FrameSizeLimit.class.getName() + ".scanner";

    private final String name;
    private final int maxMessageBytes;
    private final AtomicCounter oversize;
    private final AtomicCounter malformed;

    /**
     * @param name            connector name for the log (e.g. "venue initiator").
     * @param maxMessageBytes largest whole frame (header, body, trailer) accepted, at least 64.
     * @param oversize        counts connections closed for a frame above the limit.
     * @param malformed       counts connections closed for bytes that are not FIX framing.
     */
    public FrameSizeLimit(
        final String name, final int maxMessageBytes, final AtomicCounter oversize, final AtomicCounter malformed)
    {
        if (maxMessageBytes < 64)
        {
            throw new IllegalArgumentException("max message bytes must be at least 64: " + maxMessageBytes);
        }
        this.name = name;
        this.maxMessageBytes = maxMessageBytes;
        this.oversize = oversize;
        this.malformed = malformed;
    }

    /**
     * @param name            connector name for the log.
     * @param maxMessageBytes largest frame accepted.
     * @return a limit whose counts are kept in a private on-heap counters buffer (a process without Aeron counters).
     */
    public static FrameSizeLimit counted(final String name, final int maxMessageBytes)
    {
        final CountersManager manager = InProcessCounters.manager(2);
        return new FrameSizeLimit(name, maxMessageBytes, manager.newCounter(name + ": oversize frames"),
            manager.newCounter(name + ": malformed frames"));
    }

    public int maxMessageBytes()
    {
        return maxMessageBytes;
    }

    /** @return connections closed for a frame above the limit. */
    public long oversizeFrames()
    {
        return oversize.get();
    }

    /** @return connections closed for bytes that are not FIX framing. */
    public long malformedFrames()
    {
        return malformed.get();
    }

    /**
     * @return a chain builder that puts this limit just before the FIX decoder, for
     * {@code SessionConnector.setIoFilterChainBuilder}.
     */
    public IoFilterChainBuilder chainBuilder()
    {
        return beforeDecoder(FILTER_NAME, this);
    }

    /**
     * QuickFIX/J runs a connector's chain builder after adding its own filters (TLS if configured, then the FIX codec):
     * a filter placed just before the codec sees the clear FIX bytes before the decoder buffers them.
     *
     * @param filterName name of the filter in the chain.
     * @param filter     the filter.
     * @return a chain builder that places it so.
     */
    static IoFilterChainBuilder beforeDecoder(final String filterName, final IoFilter filter)
    {
        return (chain) ->
        {
            if (chain.contains(FIXProtocolCodecFactory.FILTER_NAME))
            {
                chain.addBefore(FIXProtocolCodecFactory.FILTER_NAME, filterName, filter);
            }
            else
            {
                chain.addLast(filterName, filter);
            }
        };
    }

    @Override
    public void sessionCreated(final NextFilter next, final IoSession session) throws Exception
    {
        session.setAttribute(SCANNER, new FixFrameScanner(maxMessageBytes));
        next.sessionCreated(session);
    }

    @Override
    public void messageReceived(final NextFilter next, final IoSession session, final Object message) throws Exception
    {
        final FixFrameScanner scanner = (FixFrameScanner)session.getAttribute(SCANNER);
        if (null != scanner && message instanceof IoBuffer)
        {
            if (session.isClosing())
            {
                return; // cut off: what was still read is not handed on
            }
            final FixFrameScanner.Verdict verdict = scanner.scan((IoBuffer)message);
            if (FixFrameScanner.Verdict.OK != verdict)
            {
                (FixFrameScanner.Verdict.OVERSIZE == verdict ? oversize : malformed).increment();
                LOG.error("{}: closing connection to {} ({}): {}", name, session.getRemoteAddress(),
                    sessionOf(session), scanner.describe(verdict));
                session.closeNow();
                return;
            }
        }
        try
        {
            next.messageReceived(session, message);
        }
        catch (final OutOfMemoryError ex)
        {
            // Not from a frame of this connection (none above the limit is buffered): the heap is short. MINA rethrows
            // an Error from a filter, which would end this I/O thread, and QuickFIX/J's reconnect then waits for the
            // dead thread forever on its timer thread, which every session's heartbeats need. Closing the connection
            // drops what its decoder holds; the session reconnects on a live thread.
            LOG.error("{}: closing connection to {} ({}): out of memory while decoding its messages", name,
                session.getRemoteAddress(), sessionOf(session), ex);
            session.closeNow();
        }
    }

    /**
     * @return the QuickFIX/J session attached to the connection, or a note that there is none yet.
     */
    static Object sessionOf(final IoSession session)
    {
        final Object qfSession = session.getAttribute(SessionConnector.QF_SESSION);
        return qfSession instanceof Session ? ((Session)qfSession).getSessionID() : "no session yet";
    }
}
