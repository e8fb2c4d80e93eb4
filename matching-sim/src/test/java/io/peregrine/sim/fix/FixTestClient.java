package io.peregrine.sim.fix;

import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.MsgType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A participant for tests: a QuickFIX/J initiator with a file store (so it keeps its sequence numbers across
 * reconnects) and data dictionary validation (so a malformed report from the venue fails the test). Received
 * application messages and session-level Rejects are queued for the test thread.
 */
final class FixTestClient implements AutoCloseable
{
    private static final long DEFAULT_WAIT_MS = 10_000;

    private final SessionID sessionID;
    private final SocketInitiator initiator;
    final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Message> sessionRejects = new LinkedBlockingQueue<>();
    final AtomicInteger logonsSent = new AtomicInteger();

    private FixTestClient(final SessionID sessionID, final SocketInitiator initiator)
    {
        this.sessionID = sessionID;
        this.initiator = initiator;
    }

    static FixTestClient logOn(final String compId, final String venueCompId, final int port, final Path storeDir)
        throws ConfigError, InterruptedException
    {
        final FixTestClient client = open(compId, venueCompId, port, storeDir);
        client.awaitLoggedOn();
        return client;
    }

    /** Starts the initiator without waiting for the logon (start several, then {@link #awaitLoggedOn()}). */
    static FixTestClient open(final String compId, final String venueCompId, final int port, final Path storeDir)
        throws ConfigError
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString("ConnectionType", "initiator");
        settings.setString("BeginString", "FIX.4.4");
        settings.setString("SenderCompID", compId);
        settings.setString("TargetCompID", venueCompId);
        settings.setString("SocketConnectHost", "127.0.0.1");
        settings.setLong("SocketConnectPort", port);
        settings.setLong("HeartBtInt", 30);
        settings.setLong("ReconnectInterval", 1);
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setString("NonStopSession", "Y");
        settings.setString("UseDataDictionary", "Y");
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setString("PersistMessages", "Y");
        settings.setString("FileStorePath", storeDir.toString());
        final SessionID sessionID = new SessionID("FIX.4.4", compId, venueCompId);
        settings.setString(sessionID, "TargetCompID", venueCompId);

        final FixTestClient[] self = new FixTestClient[1];
        final Application application = new Application()
        {
            public void onCreate(final SessionID id)
            {
            }

            public void onLogon(final SessionID id)
            {
            }

            public void onLogout(final SessionID id)
            {
            }

            public void toAdmin(final Message message, final SessionID id)
            {
                if (message.getHeader().getOptionalString(MsgType.FIELD).filter(MsgType.LOGON::equals).isPresent())
                {
                    self[0].logonsSent.incrementAndGet();
                }
            }

            public void fromAdmin(final Message message, final SessionID id) throws FieldNotFound
            {
                if (MsgType.REJECT.equals(message.getHeader().getString(MsgType.FIELD)))
                {
                    self[0].sessionRejects.add(message);
                }
            }

            public void toApp(final Message message, final SessionID id)
            {
            }

            public void fromApp(final Message message, final SessionID id)
            {
                self[0].received.add(message);
            }
        };
        final SocketInitiator initiator = new SocketInitiator(
            application, new FileStoreFactory(settings), settings, null, new DefaultMessageFactory());
        self[0] = new FixTestClient(sessionID, initiator);
        initiator.start();
        return self[0];
    }

    void awaitLoggedOn() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEFAULT_WAIT_MS);
        while (System.nanoTime() < deadline)
        {
            final Session session = Session.lookupSession(sessionID);
            if (null != session && session.isLoggedOn())
            {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(sessionID + " did not log on");
    }

    /**
     * Waits until the initiator has sent a Logon on a second connection: the first connection then ended without a
     * logon, whatever the machine's speed.
     */
    void awaitSecondLogonAttempt() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEFAULT_WAIT_MS);
        while (logonsSent.get() < 2)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError(sessionID + " sent " + logonsSent.get() + " Logon(s), expected a retry");
            }
            Thread.sleep(10);
        }
    }

    Session session()
    {
        return Session.lookupSession(sessionID);
    }

    void send(final Message message) throws SessionNotFound
    {
        if (!Session.sendToTarget(message, sessionID))
        {
            throw new AssertionError("not sent: " + message);
        }
    }

    /** @return the next application message, failing the test if none arrives in 10 s. */
    Message next() throws InterruptedException
    {
        return next(Duration.ofMillis(DEFAULT_WAIT_MS));
    }

    Message next(final Duration wait) throws InterruptedException
    {
        final Message message = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (null == message)
        {
            throw new AssertionError(sessionID + ": no message within " + wait);
        }
        return message;
    }

    /** @return the next application message within the wait, or null. */
    Message poll(final Duration wait) throws InterruptedException
    {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    Message nextSessionReject() throws InterruptedException
    {
        final Message message = sessionRejects.poll(DEFAULT_WAIT_MS, TimeUnit.MILLISECONDS);
        if (null == message)
        {
            throw new AssertionError(sessionID + ": no session-level Reject within " + DEFAULT_WAIT_MS + " ms");
        }
        return message;
    }

    @Override
    public void close()
    {
        initiator.stop(true);
    }
}
