package io.peregrine.gateway;

import quickfix.Application;
import quickfix.ConfigError;
import quickfix.Connector;
import quickfix.DefaultMessageFactory;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.MemoryStoreFactory;
import quickfix.MessageStoreFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.SocketInitiator;
import quickfix.field.MsgType;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The test's FIX peer: a QuickFIX/J acceptor playing a venue, or an initiator playing a broker. Records every
 * application message and every admin message (except heartbeats) it receives.
 */
public final class FixCounterparty implements Application, AutoCloseable
{
    public final BlockingQueue<Message> appMessages = new LinkedBlockingQueue<>();
    public final BlockingQueue<Message> adminMessages = new LinkedBlockingQueue<>();
    /** Session-level Rejects (35=3) this side sent: each is a message from the gateway its engine refused. */
    public final java.util.concurrent.atomic.AtomicInteger sessionRejectsSent =
        new java.util.concurrent.atomic.AtomicInteger();
    private final SessionID sessionId;
    private final Connector connector;
    private volatile BiConsumer<Message, SessionID> onApp = (m, s) -> { };
    private volatile Message logonFields;
    private volatile boolean loggedOn;
    private volatile boolean markPossDup;

    private FixCounterparty(
        final SessionSettings settings, final SessionID sessionId, final boolean acceptor,
        final MessageStoreFactory store) throws ConfigError
    {
        this.sessionId = sessionId;
        connector = acceptor ?
            new SocketAcceptor(this, store, settings, null, new DefaultMessageFactory()) :
            new SocketInitiator(this, store, settings, null, new DefaultMessageFactory());
    }

    /** A venue: acceptor on the port, CompID {@code compId}, file store in {@code storeDir}. */
    public static FixCounterparty venue(final int port, final String compId, final String gatewayCompId,
        final Path storeDir) throws ConfigError
    {
        return venue(port, compId, gatewayCompId, storeDir, (settings) -> { });
    }

    /** A venue with extra settings (e.g. TLS) applied to the default section. */
    public static FixCounterparty venue(final int port, final String compId, final String gatewayCompId,
        final Path storeDir, final Consumer<SessionSettings> extra) throws ConfigError
    {
        final SessionSettings settings = common();
        final SessionID id = new SessionID("FIX.4.4", compId, gatewayCompId);
        settings.setString("ConnectionType", "acceptor");
        settings.setString("SocketAcceptAddress", "127.0.0.1");
        settings.setLong("SocketAcceptPort", port);
        settings.setString(id, "BeginString", "FIX.4.4");
        settings.setString(id, "SenderCompID", compId);
        settings.setString(id, "TargetCompID", gatewayCompId);
        settings.setString("FileStorePath", storeDir.toString());
        extra.accept(settings);
        return new FixCounterparty(settings, id, true, new FileStoreFactory(settings));
    }

    /** A broker: initiator to the gateway's acceptor, in-memory store (kept across reconnects of this object). */
    public static FixCounterparty broker(final int port, final String compId, final String gatewayCompId)
        throws ConfigError
    {
        return broker(port, compId, gatewayCompId, (settings) -> { });
    }

    /** A broker with extra settings (e.g. TLS) applied to the default section. */
    public static FixCounterparty broker(final int port, final String compId, final String gatewayCompId,
        final Consumer<SessionSettings> extra) throws ConfigError
    {
        final SessionSettings settings = common();
        final SessionID id = new SessionID("FIX.4.4", compId, gatewayCompId);
        settings.setString("ConnectionType", "initiator");
        settings.setLong("ReconnectInterval", 1);
        settings.setString(id, "BeginString", "FIX.4.4");
        settings.setString(id, "SenderCompID", compId);
        settings.setString(id, "TargetCompID", gatewayCompId);
        settings.setString(id, "SocketConnectHost", "127.0.0.1");
        settings.setLong(id, "SocketConnectPort", port);
        extra.accept(settings);
        return new FixCounterparty(settings, id, false, new MemoryStoreFactory());
    }

    private static SessionSettings common()
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setBool("NonStopSession", true);
        settings.setLong("HeartBtInt", 30);
        settings.setBool("UseDataDictionary", true);
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setBool("ResetOnLogon", false);
        settings.setBool("SocketTcpNoDelay", true);
        settings.setBool("PersistMessages", true);
        return settings;
    }

    /** Username/Password put on every Logon this side sends. */
    public FixCounterparty credentials(final String username, final String password)
    {
        final Message fields = new Message();
        fields.setString(quickfix.field.Username.FIELD, username);
        fields.setString(quickfix.field.Password.FIELD, password);
        logonFields = fields;
        return this;
    }

    /** Called on the QuickFIX/J thread for every application message received. */
    public FixCounterparty onApp(final BiConsumer<Message, SessionID> handler)
    {
        this.onApp = handler;
        return this;
    }

    public FixCounterparty start() throws ConfigError
    {
        connector.start();
        return this;
    }

    public SessionID sessionId()
    {
        return sessionId;
    }

    public Session session()
    {
        return Session.lookupSession(sessionId);
    }

    public boolean isLoggedOn()
    {
        return loggedOn;
    }

    public boolean awaitLogon(final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!loggedOn && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
        return loggedOn;
    }

    public boolean awaitLogout(final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (loggedOn && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
        return !loggedOn;
    }

    public void send(final Message message) throws SessionNotFound
    {
        Session.sendToTarget(message, sessionId);
    }

    public Message nextApp(final long timeoutMs) throws InterruptedException
    {
        final Message message = appMessages.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (null == message)
        {
            throw new AssertionError(sessionId + ": no application message within " + timeoutMs + " ms");
        }
        return message;
    }

    public Message nextAdmin(final String msgType, final long timeoutMs) throws Exception
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline)
        {
            final Message message = adminMessages.poll(50, TimeUnit.MILLISECONDS);
            if (null != message && msgType.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                return message;
            }
        }
        throw new AssertionError(sessionId + ": no admin message " + msgType + " within " + timeoutMs + " ms");
    }

    public void onCreate(final SessionID sessionId)
    {
    }

    public void onLogon(final SessionID sessionId)
    {
        loggedOn = true;
    }

    public void onLogout(final SessionID sessionId)
    {
        loggedOn = false;
    }

    public void toAdmin(final Message message, final SessionID sessionId)
    {
        final Message fields = logonFields;
        try
        {
            if (MsgType.REJECT.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                // This side refusing something the gateway sent: the gateway emitted an invalid message.
                sessionRejectsSent.incrementAndGet();
            }
            if (null != fields && MsgType.LOGON.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                message.setString(quickfix.field.Username.FIELD, fields.getString(quickfix.field.Username.FIELD));
                message.setString(quickfix.field.Password.FIELD, fields.getString(quickfix.field.Password.FIELD));
            }
        }
        catch (final quickfix.FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public void fromAdmin(final Message message, final SessionID sessionId)
    {
        try
        {
            if (!MsgType.HEARTBEAT.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                adminMessages.add(message);
            }
        }
        catch (final quickfix.FieldNotFound ignore)
        {
        }
    }

    public void toApp(final Message message, final SessionID sessionId)
    {
        // Session.send strips PossDupFlag; a test that plays a resend marks messages here, after the strip.
        if (markPossDup)
        {
            message.getHeader().setBoolean(quickfix.field.PossDupFlag.FIELD, true);
            message.getHeader().setUtcTimeStamp(quickfix.field.OrigSendingTime.FIELD, java.time.LocalDateTime.now());
        }
    }

    /** Marks application messages sent from now on as PossDup resends (PossDupFlag=Y, OrigSendingTime). */
    public void markPossDup(final boolean mark)
    {
        this.markPossDup = mark;
    }

    public void fromApp(final Message message, final SessionID sessionId)
    {
        appMessages.add(message);
        onApp.accept(message, sessionId);
    }

    public void close()
    {
        connector.stop(true);
    }
}
