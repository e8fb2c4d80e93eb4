package io.peregrine.bench.loop;

import io.peregrine.bench.SetUpWait;
import io.peregrine.bench.engine.OrderPort;
import io.peregrine.bench.engine.OrderTracker;
import io.peregrine.bench.engine.ReportKind;
import io.peregrine.bench.engine.OrderFlow;
import io.peregrine.fixedge.FixSessionDefaults;
import io.peregrine.fixedge.InlineSocketInitiator;
import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import quickfix.ApplicationAdapter;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.DefaultSessionFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * A broker's FIX 4.4 session as a load client: a QuickFIX/J initiator (FileStore, data dictionary validation, TCP
 * no-delay, the gateway's session settings) that sends {@link OrderFlow} as NewOrderSingle LIMIT IOC and hands
 * every ExecutionReport to an {@link OrderTracker}.
 * <p>
 * ClOrdIDs are {@code <runId>-<order number>}: unique per session across runs that share a data directory, and
 * reversible to the order number without a lookup. Threads: {@link #send(int)} on the sending thread (builds one
 * message per order: this is the FIX edge, it allocates); reports arrive on the session's MINA I/O thread
 * ({@link InlineSocketInitiator}).
 */
public final class FixBrokerSession extends ApplicationAdapter implements OrderPort, AutoCloseable
{
    private final SessionID sessionId;
    private final String account;
    private volatile Phase phase;
    private final InlineSocketInitiator initiator;
    private volatile boolean loggedOn;
    private volatile Session session;

    /**
     * @param host          gateway (or echo acceptor) host.
     * @param port          its port.
     * @param senderCompId  the broker's CompID, e.g. {@code BROKER1}.
     * @param targetCompId  the gateway's CompID, {@code PEREGRINE}.
     * @param account       Account(1) on every order, or null to leave it to the session's default.
     * @param storeDir      QuickFIX/J FileStore directory of this session.
     * @param runId         prefix of this run's ClOrdIDs.
     * @param tracker       receives the reports.
     * @throws ConfigError  if QuickFIX/J refuses the settings.
     */
    public FixBrokerSession(
        final String host,
        final int port,
        final String senderCompId,
        final String targetCompId,
        final String account,
        final Path storeDir,
        final String runId,
        final OrderTracker tracker) throws ConfigError
    {
        this.sessionId = new SessionID(FixSessionDefaults.BEGIN_STRING, senderCompId, targetCompId);
        this.account = account;
        this.phase = new Phase(runId + '-', tracker, false);
        final SessionSettings settings = FixSessionDefaults.applyTo(new SessionSettings());
        settings.setString("ConnectionType", "initiator");
        settings.setLong("HeartBtInt", 30);
        settings.setLong("ReconnectInterval", 1);
        settings.setBool("ValidateUserDefinedFields", false);
        settings.setBool("AllowUnknownMsgFields", false);
        settings.setString("FileStorePath", storeDir.toString());
        settings.setString(sessionId, "BeginString", FixSessionDefaults.BEGIN_STRING);
        settings.setString(sessionId, "SenderCompID", senderCompId);
        settings.setString(sessionId, "TargetCompID", targetCompId);
        settings.setString(sessionId, "SocketConnectHost", host);
        settings.setLong(sessionId, "SocketConnectPort", port);
        // null LogFactory: no per-message logging on stdout or disk. Reports are handled on the I/O thread that read
        // them (no hand-off to a "QFJ Message Processor" thread): the client shares the cores with what it measures.
        initiator = new InlineSocketInitiator(settings, new DefaultSessionFactory(this, new FileStoreFactory(settings),
            null, new DefaultMessageFactory()));
    }

    /**
     * Starts the initiator and waits for the logon.
     *
     * @param timeoutMillis longest wait.
     * @return this.
     * @throws ConfigError           if QuickFIX/J cannot start.
     * @throws IllegalStateException if the session did not log on in time (the initiator is stopped).
     */
    public FixBrokerSession start(final long timeoutMillis) throws ConfigError
    {
        initiator.start();
        try
        {
            SetUpWait.until(() -> loggedOn, timeoutMillis, TimeUnit.MILLISECONDS, sessionId.toString(), "log on");
        }
        catch (final IllegalStateException ex)
        {
            // the caller never gets this object to close: stop QuickFIX/J's threads here
            initiator.stop(true);
            throw ex;
        }
        session = Session.lookupSession(sessionId);
        return this;
    }

    /** @return true while logged on. */
    public boolean isLoggedOn()
    {
        return loggedOn;
    }

    /**
     * Starts a new phase of a benchmark: from now on orders carry ClOrdIDs {@code <phaseId>-<order number>} and their
     * reports go to {@code tracker}. Call from the sending thread between runs, after the previous phase drained;
     * late reports of an earlier phase count as unexpected.
     *
     * @param phaseId        unique per session and data directory.
     * @param tracker        the phase's tracker.
     * @param marketableOnly send only plain marketable orders ({@link OrderFlow#plainMarketable(long)}), no bad,
     *                       large or passive ones. Waits until a report being handled on the I/O thread is done: once
     *                       this returns, the previous tracker is no longer written and may be read.
     */
    public synchronized void phase(final String phaseId, final OrderTracker tracker, final boolean marketableOnly)
    {
        phase = new Phase(phaseId + '-', tracker, marketableOnly);
    }

    /** {@inheritDoc} */
    public boolean send(final int index)
    {
        final Phase current = phase;
        final long n = current.marketableOnly() ? OrderFlow.plainMarketable(index) : index;
        final Side side = OrderFlow.side(n);
        final NewOrderSingle order = new NewOrderSingle(
            new ClOrdID(current.clOrdIdPrefix() + index),
            new quickfix.field.Side(FixOrderEnums.fixSide(side)),
            new TransactTime(LocalDateTime.now(ZoneOffset.UTC)),
            new OrdType(OrdType.LIMIT));
        if (null != account)
        {
            order.set(new Account(account));
        }
        order.set(new Symbol(PackedAscii.unpack(OrderFlow.symbol(n))));
        order.set(new OrderQty(OrderFlow.quantity(n)));
        order.setDecimal(Price.FIELD, BigDecimal.valueOf(OrderFlow.price(n), Prices.DECIMALS).stripTrailingZeros());
        order.set(new TimeInForce(TimeInForce.IMMEDIATE_OR_CANCEL));
        // a false return means stored for resend (not logged on): the order is not lost, count it as sent
        session.send(order);
        return true;
    }

    /** {@inheritDoc} */
    public boolean pollsOnThisThread()
    {
        return false;
    }

    /** {@inheritDoc} Reports arrive on the session's I/O thread. */
    public int poll()
    {
        return 0;
    }

    /** On the I/O thread; synchronized with {@link #phase} so a tracker is never written after it was replaced. */
    public synchronized void fromApp(final Message message, final SessionID sessionId)
    {
        final long now = System.nanoTime();
        final Phase current = phase;
        final OrderTracker tracker = current.tracker();
        try
        {
            if (!MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                tracker.onReport(-1, ReportKind.OTHER, null, now);
                return;
            }
            final int index = orderNumber(current.clOrdIdPrefix(), message.getString(ClOrdID.FIELD));
            final ReportKind kind = kind(message.getChar(ExecType.FIELD), message);
            final String reason = kind == ReportKind.REJECTED ?
                reason(message.isSetField(Text.FIELD) ? message.getString(Text.FIELD) : "") : null;
            tracker.onReport(index, kind, reason, now);
        }
        catch (final FieldNotFound ex)
        {
            tracker.onReport(-1, ReportKind.OTHER, null, now);
        }
    }

    private static int orderNumber(final String prefix, final String clOrdId)
    {
        if (!clOrdId.startsWith(prefix))
        {
            return -1;
        }
        try
        {
            return Integer.parseInt(clOrdId.substring(prefix.length()));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private static ReportKind kind(final char execType, final Message message) throws FieldNotFound
    {
        final boolean filled = execType == ExecType.TRADE &&
            message.getChar(quickfix.field.OrdStatus.FIELD) == quickfix.field.OrdStatus.FILLED;
        return ReportKind.of(FixOrderEnums.execType(execType, filled));
    }

    /**
     * The reject reason of a gateway ExecutionReport: Text(58) is the core's reason in words, then ": detail"
     * ("Price outside collar: ..."), read back into the enum name ({@code PRICE_OUTSIDE_COLLAR}) by the gateway's
     * own table; a reject made by the gateway itself keeps its own text, up to any ": detail".
     *
     * @param text Text(58).
     * @return the reason name.
     */
    static String reason(final String text)
    {
        final RejectReason known = FixRejectReasons.reasonOf(text);
        if (null != known)
        {
            return known.name();
        }
        final int colon = text.indexOf(':');
        final String words = (colon < 0 ? text : text.substring(0, colon)).trim();
        return words.isEmpty() ? "UNKNOWN" : words;
    }

    public void onLogon(final SessionID sessionId)
    {
        loggedOn = true;
    }

    public void onLogout(final SessionID sessionId)
    {
        loggedOn = false;
    }

    /**
     * Logs out and stops the initiator (waits for the logout).
     */
    public void close()
    {
        initiator.stop(true);
    }

    /**
     * What the session sends and where its reports go for one phase; replaced whole by
     * {@link #phase(String, OrderTracker, boolean)}, so the sending thread and the I/O thread each read one
     * consistent phase.
     *
     * @param clOrdIdPrefix  the phase's ClOrdIDs without the order number.
     * @param tracker        the phase's tracker.
     * @param marketableOnly send only plain marketable orders.
     */
    private record Phase(String clOrdIdPrefix, OrderTracker tracker, boolean marketableOnly)
    {
    }
}
