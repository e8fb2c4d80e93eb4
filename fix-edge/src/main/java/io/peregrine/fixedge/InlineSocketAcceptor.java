package io.peregrine.fixedge;

import quickfix.Application;
import quickfix.ConfigError;
import quickfix.LogFactory;
import quickfix.MessageFactory;
import quickfix.MessageStoreFactory;
import quickfix.RuntimeError;
import quickfix.SessionSettings;
import quickfix.mina.EventHandlingStrategy;
import quickfix.mina.acceptor.AbstractSocketAcceptor;

/**
 * A QuickFIX/J socket acceptor whose sessions process each received message on the MINA I/O thread that read it
 * ({@link InlineMessageHandling}): one thread hand-off less per message than {@code SocketAcceptor} or
 * {@code ThreadedSocketAcceptor}, and no message queue (nothing to bound: a busy session is simply not read). Same
 * settings, filters (TLS, {@link ConnectionGuard}), stores, logs and life cycle as {@code SocketAcceptor}. MINA serves
 * the connections with a pool of I/O threads (number of cores + 1), each connection on one of them.
 * Threads: start and stop from one thread; messages on MINA's I/O threads.
 */
public final class InlineSocketAcceptor extends AbstractSocketAcceptor
{
    private final InlineMessageHandling handling = new InlineMessageHandling(this);

    /**
     * @param application         the sessions' application.
     * @param messageStoreFactory their stores.
     * @param settings            QuickFIX/J settings.
     * @param logFactory          their logs, or null for none.
     * @param messageFactory      message classes.
     * @throws ConfigError if QuickFIX/J refuses the settings.
     */
    public InlineSocketAcceptor(
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
        handling.startOnce(this::startAcceptingConnections);
    }

    @Override
    public void stop(final boolean forceDisconnect)
    {
        handling.stopOnce(() -> logoutAllSessions(forceDisconnect), () ->
        {
            stopAcceptingConnections();
            stopSessionTimer();
        }, this::clearConnectorSessions);
    }

    @Override
    protected EventHandlingStrategy getEventHandlingStrategy()
    {
        return handling;
    }
}
