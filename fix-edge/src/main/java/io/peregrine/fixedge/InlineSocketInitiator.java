package io.peregrine.fixedge;

import quickfix.ConfigError;
import quickfix.RuntimeError;
import quickfix.SessionFactory;
import quickfix.SessionSettings;
import quickfix.mina.EventHandlingStrategy;
import quickfix.mina.initiator.AbstractSocketInitiator;

/**
 * A QuickFIX/J socket initiator whose sessions process each received message on the MINA I/O thread that read it
 * ({@link InlineMessageHandling}): one thread hand-off less per message than {@code SocketInitiator}, whose single
 * "QFJ Message Processor" thread takes every session's messages from a queue. Same settings, stores, logs,
 * reconnects and life cycle as {@code SocketInitiator}; each session connects with its own MINA connector and I/O
 * thread. Built from a {@code SessionFactory} (QuickFIX/J's {@code DefaultSessionFactory} takes the application,
 * stores, logs and message classes).
 * <p>
 * Every connection it makes has a {@link FrameSizeLimit} in front of the FIX decoder: the counterparty cannot make
 * the process buffer a frame above the maximum message size (QuickFIX/J's own initiator has no cap: a 100 MB field
 * is an {@code OutOfMemoryError} that kills the connection's I/O thread, and reconnecting then waits for that thread
 * for good, on QuickFIX/J's timer thread, which every session's heartbeats need). A larger frame closes the connection
 * (counted, one ERROR), and the session reconnects as after any lost connection. Replacing the chain builder
 * ({@code setIoFilterChainBuilder}) removes the limit: add it to the new builder.
 * <p>
 * Threads: start and stop from one thread; messages on MINA's I/O threads.
 */
public final class InlineSocketInitiator extends AbstractSocketInitiator
{
    private final InlineMessageHandling handling = new InlineMessageHandling(this);
    private final FrameSizeLimit frameSizeLimit;

    /**
     * An initiator whose connections refuse frames above {@link ConnectionLimits#MAX_MESSAGE_BYTES_DEFAULT}, counted
     * in memory ({@link #frameSizeLimit()}).
     *
     * @param settings       QuickFIX/J settings.
     * @param sessionFactory makes the sessions, e.g. a {@code DefaultSessionFactory}.
     * @throws ConfigError if QuickFIX/J refuses the settings.
     */
    public InlineSocketInitiator(final SessionSettings settings, final SessionFactory sessionFactory)
        throws ConfigError
    {
        this(settings, sessionFactory,
            FrameSizeLimit.counted("initiator", ConnectionLimits.MAX_MESSAGE_BYTES_DEFAULT));
    }

    /**
     * @param settings       QuickFIX/J settings.
     * @param sessionFactory makes the sessions, e.g. a {@code DefaultSessionFactory}.
     * @param frameSizeLimit the largest frame its connections accept, and where the cut-offs are counted.
     * @throws ConfigError if QuickFIX/J refuses the settings.
     */
    public InlineSocketInitiator(
        final SessionSettings settings, final SessionFactory sessionFactory, final FrameSizeLimit frameSizeLimit)
        throws ConfigError
    {
        super(settings, sessionFactory);
        this.frameSizeLimit = frameSizeLimit;
        setIoFilterChainBuilder(frameSizeLimit.chainBuilder());
    }

    /** @return the frame size limit of its connections and its counts. */
    public FrameSizeLimit frameSizeLimit()
    {
        return frameSizeLimit;
    }

    @Override
    public void start() throws ConfigError, RuntimeError
    {
        handling.startOnce(() ->
        {
            createSessionInitiators();
            startInitiators();
        });
    }

    @Override
    public void stop(final boolean forceDisconnect)
    {
        // stopInitiators stops the session timer too
        handling.stopOnce(() -> logoutAllSessions(forceDisconnect), this::stopInitiators,
            this::clearConnectorSessions);
    }

    @Override
    protected EventHandlingStrategy getEventHandlingStrategy()
    {
        return handling;
    }
}
