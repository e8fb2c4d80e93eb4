package io.peregrine.fixedge;

import quickfix.ConfigError;
import quickfix.LogUtil;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.mina.EventHandlingStrategy;
import quickfix.mina.SessionConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * QuickFIX/J's message handling without a queue: each message a MINA I/O thread decodes is processed by
 * {@link Session#next(Message)} on that same thread (parse, validate, store, the application's callback, the
 * replies' writes), instead of being queued for QuickFIX/J's processor thread ({@code SocketAcceptor},
 * {@code SocketInitiator}: one "QFJ Message Processor" for all sessions) or a thread per session
 * ({@code ThreadedSocketAcceptor}). That saves one thread hand-off (a queue put, a wake-up, a context switch) per
 * received message. A message that takes long holds up the other connections served by the same I/O thread, and the
 * socket of the connection is not read meanwhile (TCP pushes back on the sender). A session's messages are still
 * processed one at a time, in order (MINA serves a connection on one I/O thread). Errors are logged to the session's
 * log and the next message is processed, as QuickFIX/J's own strategies do.
 * Threads: MINA's I/O threads. Allocates nothing itself.
 */
final class InlineMessageHandling implements EventHandlingStrategy
{
    private static final Logger LOG = LoggerFactory.getLogger(InlineMessageHandling.class);

    private final SessionConnector connector;
    private final AtomicBoolean started = new AtomicBoolean();

    InlineMessageHandling(final SessionConnector connector)
    {
        this.connector = connector;
    }

    /**
     * The connector's {@code start()}: runs {@code start} the first time only (QuickFIX/J's connectors ignore a second
     * start too).
     */
    void startOnce(final ConnectorStart start) throws ConfigError
    {
        if (started.compareAndSet(false, true))
        {
            start.run();
        }
    }

    /**
     * The connector's {@code stop(forceDisconnect)}, once per start, in the order of QuickFIX/J's own connectors:
     * log the sessions out, stop the connections, then close and unregister the sessions whatever happened.
     *
     * @param logout          logs out (and, forced, disconnects) every session.
     * @param stopConnections unbinds or stops connecting, and stops the session timer.
     * @param clearSessions   forgets the connector's sessions.
     */
    void stopOnce(final Runnable logout, final Runnable stopConnections, final Runnable clearSessions)
    {
        if (started.compareAndSet(true, false))
        {
            try
            {
                logout.run();
                stopConnections.run();
            }
            finally
            {
                closeSessions(connector.getSessions());
                clearSessions.run();
            }
        }
    }

    @Override
    public void onMessage(final Session session, final Message message)
    {
        try
        {
            // END_OF_STREAM too: Session.next disconnects the session, as the queueing strategies do when they take it
            session.next(message);
        }
        catch (final Throwable ex)
        {
            // as QuickFIX/J's queueing strategies: a failing message is logged, the session goes on
            LogUtil.logThrowable(session.getSessionID(), ex.getMessage(), ex);
        }
    }

    /**
     * Closes the sessions' stores and logs and unregisters them, as QuickFIX/J's own connectors do when they stop
     * ({@code Session.unregisterSessions} is not public; {@link Session#close()} does the same for one session).
     *
     * @param sessionIds the connector's sessions.
     */
    private static void closeSessions(final List<SessionID> sessionIds)
    {
        for (final SessionID sessionId : sessionIds)
        {
            final Session session = Session.lookupSession(sessionId);
            if (null != session)
            {
                try
                {
                    session.close();
                }
                catch (final IOException ex)
                {
                    LOG.error("failed to close the resources of session {}", sessionId, ex);
                }
            }
        }
    }

    /** A connector's start-up steps (they may refuse the settings). */
    @FunctionalInterface
    interface ConnectorStart
    {
        void run() throws ConfigError;
    }

    @Override
    public SessionConnector getSessionConnector()
    {
        return connector;
    }

    /** @return 0: nothing is ever queued. */
    @Override
    public int getQueueSize()
    {
        return 0;
    }

    /** @return 0: nothing is ever queued. */
    @Override
    public int getQueueSize(final SessionID sessionID)
    {
        return 0;
    }
}
