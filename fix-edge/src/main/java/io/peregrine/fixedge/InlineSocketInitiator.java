package io.peregrine.fixedge;

import quickfix.Application;
import quickfix.ConfigError;
import quickfix.LogFactory;
import quickfix.MessageFactory;
import quickfix.MessageStoreFactory;
import quickfix.RuntimeError;
import quickfix.SessionSettings;
import quickfix.mina.EventHandlingStrategy;
import quickfix.mina.initiator.AbstractSocketInitiator;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A QuickFIX/J socket initiator whose sessions process each received message on the MINA I/O thread that read it
 * ({@link InlineMessageHandling}): one thread hand-off less per message than {@code SocketInitiator}, whose single
 * "QFJ Message Processor" thread takes every session's messages from a queue. Same settings, stores, logs,
 * reconnects and life cycle as {@code SocketInitiator}; each session connects with its own MINA connector and I/O
 * thread. Threads: start and stop from one thread; messages on MINA's I/O threads.
 */
public final class InlineSocketInitiator extends AbstractSocketInitiator
{
    private final AtomicBoolean started = new AtomicBoolean();
    private final InlineMessageHandling handling = new InlineMessageHandling(this);

    /**
     * @param application         the sessions' application.
     * @param messageStoreFactory their stores.
     * @param settings            QuickFIX/J settings.
     * @param logFactory          their logs, or null for none.
     * @param messageFactory      message classes.
     * @throws ConfigError if QuickFIX/J refuses the settings.
     */
    public InlineSocketInitiator(
        final Application application,
        final MessageStoreFactory messageStoreFactory,
        final SessionSettings settings,
        final LogFactory logFactory,
        final MessageFactory messageFactory) throws ConfigError
    {
        super(application, messageStoreFactory, settings, logFactory, messageFactory);
    }

    @Override
    public void start() throws ConfigError, RuntimeError
    {
        if (started.compareAndSet(false, true))
        {
            createSessionInitiators();
            startInitiators();
        }
    }

    @Override
    public void stop(final boolean forceDisconnect)
    {
        if (started.compareAndSet(true, false))
        {
            try
            {
                logoutAllSessions(forceDisconnect);
                stopInitiators();
            }
            finally
            {
                InlineMessageHandling.closeSessions(getSessions());
                clearConnectorSessions();
            }
        }
    }

    @Override
    protected EventHandlingStrategy getEventHandlingStrategy()
    {
        return handling;
    }
}
