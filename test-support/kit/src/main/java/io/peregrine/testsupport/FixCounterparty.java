package io.peregrine.testsupport;

import quickfix.ApplicationAdapter;
import quickfix.ConfigError;
import quickfix.Connector;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.MessageStoreFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.SocketInitiator;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrigSendingTime;
import quickfix.field.Password;
import quickfix.field.PossDupFlag;
import quickfix.field.Username;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The tests' FIX 4.4 peer on loopback: a QuickFIX/J initiator playing a broker (or a venue participant), or an
 * acceptor playing a venue. Records what it receives for the test thread: application messages (a queue the test
 * consumes, and a list kept for searches), admin messages except heartbeats, session-level Rejects in both directions
 * and the Logons it sent.
 *
 * <p>Callbacks run on QuickFIX/J's threads; the records are thread-safe. QuickFIX/J keeps sessions in a static
 * registry: two live counterparties in one JVM need different session ids. Allocates freely (test code).
 */
public final class FixCounterparty extends ApplicationAdapter implements AutoCloseable
{
    /** The wait of the methods without a timeout. */
    public static final long DEFAULT_WAIT_MS = 10_000;

    /** Application messages received, for the test to consume in order. */
    public final BlockingQueue<Message> appMessages = new LinkedBlockingQueue<>();
    /** Every application message received, kept (for {@link #findMessage}). */
    public final List<Message> receivedApp = new CopyOnWriteArrayList<>();
    /** Admin messages received, except heartbeats. */
    public final BlockingQueue<Message> adminMessages = new LinkedBlockingQueue<>();
    /** Session-level Rejects (35=3) received: this side sent something the peer's engine refused. */
    public final BlockingQueue<Message> sessionRejects = new LinkedBlockingQueue<>();
    /** Session-level Rejects (35=3) this side sent: each is a message from the peer this engine refused. */
    public final AtomicInteger sessionRejectsSent = new AtomicInteger();
    /** Logons this side sent (an initiator sends one per connection attempt). */
    public final AtomicInteger logonsSent = new AtomicInteger();

    private final SessionID sessionId;
    private final Connector connector;
    private volatile BiConsumer<Message, SessionID> onApp = (message, session) -> { };
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

    /**
     * A venue: acceptor on 127.0.0.1:{@code port}, file store in {@code storeDir}. Not started.
     *
     * @param port          listening port.
     * @param compId        the venue's CompID.
     * @param gatewayCompId the CompID that logs on to it.
     * @param storeDir      file store directory (sequence numbers survive a restart of this side).
     * @return the counterparty; {@link #start()} it.
     */
    public static FixCounterparty venue(final int port, final String compId, final String gatewayCompId,
        final Path storeDir) throws ConfigError
    {
        return venue(port, compId, gatewayCompId, storeDir, (settings) -> { });
    }

    /**
     * A venue with extra settings (e.g. TLS) applied to the default section last.
     */
    public static FixCounterparty venue(final int port, final String compId, final String gatewayCompId,
        final Path storeDir, final Consumer<SessionSettings> extra) throws ConfigError
    {
        final SessionSettings settings = common();
        final SessionID id = session(settings, compId, gatewayCompId);
        settings.setString("ConnectionType", "acceptor");
        settings.setString("SocketAcceptAddress", "127.0.0.1");
        settings.setLong("SocketAcceptPort", port);
        settings.setString("FileStorePath", storeDir.toString());
        extra.accept(settings);
        return new FixCounterparty(settings, id, true, new FileStoreFactory(settings));
    }

    /**
     * @return an application message valid in FIX 4.4 that Peregrine's acceptors do not serve (a QuoteRequest for
     *         AAPL): it must get a BusinessMessageReject, and the session must keep serving.
     */
    public static Message unsupportedApplicationMessage()
    {
        final quickfix.fix44.QuoteRequest quoteRequest =
            new quickfix.fix44.QuoteRequest(new quickfix.field.QuoteReqID("Q1"));
        final quickfix.fix44.QuoteRequest.NoRelatedSym symbol = new quickfix.fix44.QuoteRequest.NoRelatedSym();
        symbol.set(new quickfix.field.Symbol("AAPL"));
        quoteRequest.addGroup(symbol);
        return quoteRequest;
    }

    /**
     * A broker: initiator to 127.0.0.1:{@code port}, in-memory store (kept across reconnects of this object),
     * reconnecting every second. Not started.
     *
     * @param port          the acceptor's port.
     * @param compId        this side's CompID.
     * @param gatewayCompId the acceptor's CompID.
     * @return the counterparty; {@link #start()} it.
     */
    public static FixCounterparty broker(final int port, final String compId, final String gatewayCompId)
        throws ConfigError
    {
        return broker(port, compId, gatewayCompId, (settings) -> { });
    }

    /**
     * A broker with extra settings (e.g. TLS, {@code ResetOnLogon}) applied to the default section last.
     */
    public static FixCounterparty broker(final int port, final String compId, final String gatewayCompId,
        final Consumer<SessionSettings> extra) throws ConfigError
    {
        final SessionSettings settings = initiatorSettings(port, compId, gatewayCompId);
        extra.accept(settings);
        return new FixCounterparty(settings, sessionId(compId, gatewayCompId), false, new MemoryStoreFactory());
    }

    /**
     * A participant of a venue: an initiator like {@link #broker} but with a file store in {@code storeDir}, so it
     * keeps its sequence numbers across a restart of this object. Not started.
     */
    public static FixCounterparty participant(final int port, final String compId, final String venueCompId,
        final Path storeDir) throws ConfigError
    {
        final SessionSettings settings = initiatorSettings(port, compId, venueCompId);
        settings.setString("FileStorePath", storeDir.toString());
        return new FixCounterparty(settings, sessionId(compId, venueCompId), false, new FileStoreFactory(settings));
    }

    private static SessionSettings initiatorSettings(final int port, final String compId, final String targetCompId)
    {
        final SessionSettings settings = common();
        final SessionID id = session(settings, compId, targetCompId);
        settings.setString("ConnectionType", "initiator");
        settings.setLong("ReconnectInterval", 1);
        settings.setString(id, "SocketConnectHost", "127.0.0.1");
        settings.setLong(id, "SocketConnectPort", port);
        return settings;
    }

    private static SessionID sessionId(final String senderCompId, final String targetCompId)
    {
        return new SessionID("FIX.4.4", senderCompId, targetCompId);
    }

    private static SessionID session(final SessionSettings settings, final String compId, final String targetCompId)
    {
        final SessionID id = sessionId(compId, targetCompId);
        settings.setString(id, "BeginString", "FIX.4.4");
        settings.setString(id, "SenderCompID", compId);
        settings.setString(id, "TargetCompID", targetCompId);
        return id;
    }

    private static SessionSettings common()
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setBool("NonStopSession", true);
        settings.setLong("HeartBtInt", 30);
        // Data dictionary validation: a malformed message from the side under test fails the test.
        settings.setBool("UseDataDictionary", true);
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setBool("ResetOnLogon", false);
        settings.setBool("SocketTcpNoDelay", true);
        settings.setBool("PersistMessages", true);
        return settings;
    }

    /**
     * Username/Password put on every Logon this side sends.
     */
    public FixCounterparty credentials(final String username, final String password)
    {
        final Message fields = new Message();
        fields.setString(Username.FIELD, username);
        fields.setString(Password.FIELD, password);
        logonFields = fields;
        return this;
    }

    /**
     * @param handler called on the QuickFIX/J thread for every application message received.
     */
    public FixCounterparty onApp(final BiConsumer<Message, SessionID> handler)
    {
        this.onApp = handler;
        return this;
    }

    /**
     * Puts filters in front of the sessions (e.g. a connection guard in front of an acceptor); before {@link #start()}.
     */
    public FixCounterparty ioFilterChainBuilder(final org.apache.mina.core.filterchain.IoFilterChainBuilder builder)
    {
        ((quickfix.mina.SessionConnector)connector).setIoFilterChainBuilder(builder);
        return this;
    }

    /**
     * Starts the connector (an initiator connects, an acceptor listens).
     */
    public FixCounterparty start() throws ConfigError
    {
        connector.start();
        return this;
    }

    /**
     * Starts and waits for the logon.
     *
     * @throws AssertionError if the session does not log on in {@link #DEFAULT_WAIT_MS}.
     */
    public FixCounterparty startAndLogOn() throws ConfigError
    {
        start();
        awaitLoggedOn();
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

    /**
     * @return whether the session logged on within the time.
     */
    public boolean awaitLogon(final long timeoutMs)
    {
        return Await.holdsWithin(() -> loggedOn, timeoutMs);
    }

    /**
     * @throws AssertionError if the session does not log on in {@link #DEFAULT_WAIT_MS}.
     */
    public void awaitLoggedOn()
    {
        Await.until(sessionId + " logon", () -> loggedOn, DEFAULT_WAIT_MS);
    }

    /**
     * @return whether the session was logged out within the time.
     */
    public boolean awaitLogout(final long timeoutMs)
    {
        return Await.holdsWithin(() -> !loggedOn, timeoutMs);
    }

    /**
     * Waits until this initiator has sent a Logon on a second connection: the first connection then ended without a
     * logon, whatever the machine's speed.
     */
    public void awaitSecondLogonAttempt()
    {
        Await.until(sessionId + " Logon retry (sent " + logonsSent.get() + ")", () -> logonsSent.get() >= 2,
            DEFAULT_WAIT_MS);
    }

    /**
     * Sends (or, while logged out, stores for a resend) a message on this session.
     *
     * @return whether it was sent now.
     */
    public boolean send(final Message message) throws SessionNotFound
    {
        return Session.sendToTarget(message, sessionId);
    }

    /**
     * Sends a message that must go out now.
     *
     * @throws AssertionError if the session could not send it.
     */
    public void sendNow(final Message message) throws SessionNotFound
    {
        if (!send(message))
        {
            throw new AssertionError(sessionId + ": not sent: " + message);
        }
    }

    /**
     * @return the next application message.
     * @throws AssertionError if none arrives in {@link #DEFAULT_WAIT_MS}.
     */
    public Message next() throws InterruptedException
    {
        return nextApp(DEFAULT_WAIT_MS);
    }

    /**
     * @return the next application message within the wait.
     * @throws AssertionError if none arrives.
     */
    public Message next(final Duration wait) throws InterruptedException
    {
        return nextApp(wait.toMillis());
    }

    /**
     * @return the next application message within the time.
     * @throws AssertionError if none arrives.
     */
    public Message nextApp(final long timeoutMs) throws InterruptedException
    {
        final Message message = appMessages.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (null == message)
        {
            throw new AssertionError(sessionId + ": no application message within " + timeoutMs + " ms");
        }
        return message;
    }

    /**
     * @return the next application message within the wait, or null.
     */
    public Message poll(final Duration wait) throws InterruptedException
    {
        return appMessages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Consumes application messages until one matches; the others are dropped.
     *
     * @param what    what is awaited, for the failure message.
     * @param matches the test, on the calling thread.
     * @return the first matching message.
     * @throws AssertionError if none matches within the time.
     */
    public Message nextMatching(final String what, final Predicate<Message> matches, final long timeoutMs)
        throws InterruptedException
    {
        return nextMatching(appMessages, what, matches, timeoutMs);
    }

    /**
     * Consumes the messages of a queue (application or admin) until one matches; the others are dropped.
     */
    private Message nextMatching(
        final BlockingQueue<Message> queue, final String what, final Predicate<Message> matches, final long timeoutMs)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0)
        {
            final Message message = queue.poll(50, TimeUnit.MILLISECONDS);
            if (null != message && matches.test(message))
            {
                return message;
            }
        }
        throw new AssertionError(sessionId + ": no " + what + " within " + timeoutMs + " ms");
    }

    /**
     * Consumes application messages until an ExecutionReport of this ClOrdID and ExecType arrives.
     */
    public Message nextReport(final String clOrdId, final char execType, final long timeoutMs)
        throws InterruptedException
    {
        return nextMatching("ExecType " + execType + " for " + clOrdId,
            (m) -> isExecutionReport(m) && clOrdId.equals(field(m, ClOrdID.FIELD)) && execType(m, execType),
            timeoutMs);
    }

    /**
     * Consumes application messages until an ExecutionReport of this ClOrdID (any ExecType) arrives.
     */
    public Message nextReport(final String clOrdId, final long timeoutMs) throws InterruptedException
    {
        return nextMatching("report for " + clOrdId,
            (m) -> isExecutionReport(m) && clOrdId.equals(field(m, ClOrdID.FIELD)), timeoutMs);
    }

    /**
     * Consumes application messages until any message carrying this ClOrdID arrives (a report or a cancel reject).
     */
    public Message nextFor(final String clOrdId, final long timeoutMs) throws InterruptedException
    {
        return nextMatching("answer for " + clOrdId, (m) -> clOrdId.equals(field(m, ClOrdID.FIELD)), timeoutMs);
    }

    /**
     * Searches every application message received so far, and those arriving within the time, without consuming any:
     * waits in any order work.
     *
     * @throws AssertionError if none matches within the time.
     */
    public Message findMessage(final String what, final Predicate<Message> matches, final long timeoutMs)
    {
        final Message[] found = new Message[1];
        final boolean held = Await.holdsWithin(() ->
        {
            for (final Message message : receivedApp)
            {
                if (matches.test(message))
                {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        }, timeoutMs);
        if (!held)
        {
            throw new AssertionError(sessionId + ": no " + what + " within " + timeoutMs + " ms; saw " + receivedApp);
        }
        return found[0];
    }

    /**
     * Searches the kept ExecutionReports of a ClOrdID for one that matches (see {@link #findMessage}).
     */
    public Message findReport(final String clOrdId, final Predicate<Message> matches, final long timeoutMs)
    {
        return findMessage("matching report for " + clOrdId,
            (m) -> isExecutionReport(m) && clOrdId.equals(field(m, ClOrdID.FIELD)) && matches.test(m), timeoutMs);
    }

    /**
     * @return the next admin message of this type; earlier admin messages of other types are dropped.
     * @throws AssertionError if none arrives within the time.
     */
    public Message nextAdmin(final String msgType, final long timeoutMs) throws InterruptedException
    {
        return nextMatching(adminMessages, "admin message " + msgType,
            (m) -> msgType.equals(header(m, MsgType.FIELD)), timeoutMs);
    }

    /**
     * @return the next session-level Reject received.
     * @throws AssertionError if none arrives in {@link #DEFAULT_WAIT_MS}.
     */
    public Message nextSessionReject() throws InterruptedException
    {
        final Message message = sessionRejects.poll(DEFAULT_WAIT_MS, TimeUnit.MILLISECONDS);
        if (null == message)
        {
            throw new AssertionError(sessionId + ": no session-level Reject within " + DEFAULT_WAIT_MS + " ms");
        }
        return message;
    }

    /**
     * Marks application messages sent from now on as PossDup resends (PossDupFlag=Y, OrigSendingTime).
     */
    public void markPossDup(final boolean mark)
    {
        this.markPossDup = mark;
    }

    /**
     * @return whether the message is an ExecutionReport (35=8).
     */
    public static boolean isExecutionReport(final Message message)
    {
        return MsgType.EXECUTION_REPORT.equals(header(message, MsgType.FIELD));
    }

    /**
     * @return whether the message carries this ExecType (150).
     */
    public static boolean execType(final Message message, final char execType)
    {
        try
        {
            return message.isSetField(ExecType.FIELD) && message.getChar(ExecType.FIELD) == execType;
        }
        catch (final FieldNotFound ex)
        {
            return false;
        }
    }

    private static String field(final Message message, final int tag)
    {
        return message.getOptionalString(tag).orElse(null);
    }

    private static String header(final Message message, final int tag)
    {
        return message.getHeader().getOptionalString(tag).orElse(null);
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
        final String msgType = header(message, MsgType.FIELD);
        if (MsgType.REJECT.equals(msgType))
        {
            // This side refusing something the peer sent: the side under test emitted an invalid message.
            sessionRejectsSent.incrementAndGet();
        }
        if (MsgType.LOGON.equals(msgType))
        {
            logonsSent.incrementAndGet();
            final Message fields = logonFields;
            if (null != fields)
            {
                message.setString(Username.FIELD, field(fields, Username.FIELD));
                message.setString(Password.FIELD, field(fields, Password.FIELD));
            }
        }
    }

    public void fromAdmin(final Message message, final SessionID sessionId)
    {
        final String msgType = header(message, MsgType.FIELD);
        if (MsgType.REJECT.equals(msgType))
        {
            sessionRejects.add(message);
        }
        if (!MsgType.HEARTBEAT.equals(msgType))
        {
            adminMessages.add(message);
        }
    }

    public void toApp(final Message message, final SessionID sessionId)
    {
        // Session.send strips PossDupFlag; a test that plays a resend marks messages here, after the strip.
        if (markPossDup)
        {
            message.getHeader().setBoolean(PossDupFlag.FIELD, true);
            message.getHeader().setUtcTimeStamp(OrigSendingTime.FIELD, LocalDateTime.now());
        }
    }

    public void fromApp(final Message message, final SessionID sessionId)
    {
        receivedApp.add(message);
        appMessages.add(message);
        onApp.accept(message, sessionId);
    }

    /**
     * Logs out and stops the connector, waiting for the logout.
     */
    public void close()
    {
        connector.stop(true);
    }
}
