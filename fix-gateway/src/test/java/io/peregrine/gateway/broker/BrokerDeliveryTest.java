package io.peregrine.gateway.broker;

import io.peregrine.gateway.store.StoreWriteWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import quickfix.ApplicationAdapter;
import quickfix.DefaultSessionFactory;
import quickfix.MemoryStore;
import quickfix.MemoryStoreFactory;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.Responder;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SessionState;
import quickfix.fix44.News;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BrokerDelivery} drops a logged-on broker session only when its FIX store could not persist the message,
 * never because QuickFIX/J returned false for a message it did store (e.g. one saved during the logon handshake, the
 * logon completing before the session's state is looked at).
 */
class BrokerDeliveryTest
{
    private static final SessionID SESSION = new SessionID("FIX.4.4", "PEREGRINE", "BROKER9");

    private final AtomicInteger disconnects = new AtomicInteger();
    private Session session;

    @AfterEach
    void unregister() throws IOException
    {
        if (null != session)
        {
            session.close(); // unregisters it
        }
    }

    @Test
    void aMessageStoredButNotWrittenLeavesTheLoggedOnSessionConnected() throws Exception
    {
        loggedOnSession(new StoreWriteWatch(new MemoryStoreFactory()));

        final boolean taken = BrokerDelivery.send(news(), SESSION);
        assertEquals(0, disconnects.get(), "a healthy session is not dropped");
        assertTrue(taken, "taken: stored, resent on the broker's ResendRequest");
        assertTrue(session.isLoggedOn());
    }

    @Test
    void aMessageTheStoreCannotPersistDisconnectsTheLoggedOnSession() throws Exception
    {
        loggedOnSession(new StoreWriteWatch((sessionId) -> fullDiskStore()));

        assertFalse(BrokerDelivery.send(news(), SESSION), "not taken: the caller still owes it");
        assertEquals(1, disconnects.get());
        assertFalse(session.isLoggedOn());
    }

    /**
     * A logged-on session whose connection writes nothing: QuickFIX/J returns false for a message it stored.
     */
    private void loggedOnSession(final MessageStoreFactory stores) throws Exception
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString(SESSION, "ConnectionType", "acceptor");
        settings.setString(SESSION, "StartTime", "00:00:00");
        settings.setString(SESSION, "EndTime", "00:00:00");
        settings.setString(SESSION, "UseDataDictionary", "N");
        session = new DefaultSessionFactory(new ApplicationAdapter(), stores, new SLF4JLogFactory(settings))
            .create(SESSION, settings);
        session.setResponder(new Responder()
        {
            public boolean send(final String data)
            {
                return false;
            }

            public void disconnect()
            {
                disconnects.incrementAndGet();
            }

            public String getRemoteAddress()
            {
                return "127.0.0.1:1";
            }
        });
        // QuickFIX/J has no public way to mark a session logged on without a counterparty's Logon.
        final Field state = Session.class.getDeclaredField("state");
        state.setAccessible(true);
        ((SessionState)state.get(session)).setLogonSent(true);
        ((SessionState)state.get(session)).setLogonReceived(true);
        assertTrue(session.isLoggedOn());
    }

    private static MessageStore fullDiskStore()
    {
        try
        {
            return new MemoryStore()
            {
                public boolean set(final int sequence, final String message) throws IOException
                {
                    throw new IOException("No space left on device");
                }
            };
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static News news()
    {
        return new News(new quickfix.field.Headline("test"));
    }
}
