package io.peregrine.gateway.broker;

import quickfix.ApplicationAdapter;
import quickfix.ConfigError;
import quickfix.DefaultSessionFactory;
import quickfix.MessageStoreFactory;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A QuickFIX/J acceptor session with no connection, for tests of what the gateway delivers: what it sends is only
 * stored, and read back from its store.
 */
final class UnconnectedSessions
{
    private UnconnectedSessions()
    {
    }

    /**
     * @param sessionId the session (registered: close it to unregister it).
     * @param stores    its store factory.
     * @return the session, always in its session time.
     */
    static Session create(final SessionID sessionId, final MessageStoreFactory stores) throws ConfigError
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString(sessionId, "ConnectionType", "acceptor");
        settings.setString(sessionId, "StartTime", "00:00:00");
        settings.setString(sessionId, "EndTime", "00:00:00");
        settings.setString(sessionId, "UseDataDictionary", "Y");
        settings.setString(sessionId, "DataDictionary", "FIX44.xml");
        return new DefaultSessionFactory(new ApplicationAdapter(), stores, new SLF4JLogFactory(settings))
            .create(sessionId, settings);
    }

    /**
     * @return the messages in the session's store, in sequence.
     */
    static List<String> stored(final Session session) throws IOException
    {
        final List<String> messages = new ArrayList<>();
        final int last = session.getStore().getNextSenderMsgSeqNum() - 1;
        if (last > 0)
        {
            session.getStore().get(1, last, messages);
        }
        return messages;
    }
}
