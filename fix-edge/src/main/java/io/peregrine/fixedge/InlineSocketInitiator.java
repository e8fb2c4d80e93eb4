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
 * stores, logs and message classes). Threads: start and stop from one thread; messages on MINA's I/O threads.
 */
public final class InlineSocketInitiator extends AbstractSocketInitiator
{
    private final InlineMessageHandling handling = new InlineMessageHandling(this);

    /**
     * @param settings       QuickFIX/J settings.
     * @param sessionFactory makes the sessions, e.g. a {@code DefaultSessionFactory}.
     * @throws ConfigError if QuickFIX/J refuses the settings.
     */
    public InlineSocketInitiator(final SessionSettings settings, final SessionFactory sessionFactory)
        throws ConfigError
    {
        super(settings, sessionFactory);
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
