package io.peregrine.ops;

import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.ClOrdID;
import quickfix.field.HandlInst;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

import java.time.LocalDateTime;
import java.util.function.Predicate;

/**
 * The tests' broker: a QuickFIX/J initiator (BROKER1 -> PEREGRINE, account ACC1) that sends NewOrderSingles and
 * collects every ExecutionReport.
 */
final class BrokerClient implements Application, AutoCloseable
{
    final java.util.Queue<Message> reports = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final SessionID sessionId = new SessionID("FIX.4.4", "BROKER1", "PEREGRINE");
    private final SocketInitiator initiator;
    private volatile boolean loggedOn;

    BrokerClient(final int port) throws Exception
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setBool("NonStopSession", true);
        settings.setLong("HeartBtInt", 30);
        settings.setBool("UseDataDictionary", true);
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setBool("ResetOnLogon", true);
        settings.setBool("SocketTcpNoDelay", true);
        settings.setString("ConnectionType", "initiator");
        settings.setLong("ReconnectInterval", 1);
        settings.setString(sessionId, "BeginString", "FIX.4.4");
        settings.setString(sessionId, "SenderCompID", "BROKER1");
        settings.setString(sessionId, "TargetCompID", "PEREGRINE");
        settings.setString(sessionId, "SocketConnectHost", "127.0.0.1");
        settings.setLong(sessionId, "SocketConnectPort", port);
        initiator = new SocketInitiator(this, new MemoryStoreFactory(), settings, null, new DefaultMessageFactory());
        initiator.start();
        final long deadline = System.currentTimeMillis() + 20_000;
        while (!loggedOn)
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("broker session did not log on in 20 s");
            }
            Thread.sleep(10);
        }
    }

    void newOrder(final String clOrdId, final String symbol, final char side, final long qty, final String price,
        final char timeInForce) throws Exception
    {
        final NewOrderSingle order = new NewOrderSingle(new ClOrdID(clOrdId), new Side(side),
            new TransactTime(LocalDateTime.now()), new OrdType(OrdType.LIMIT));
        order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        order.set(new Symbol(symbol));
        order.set(new quickfix.field.Account("ACC1"));
        order.set(new OrderQty(qty));
        order.set(new Price(Double.parseDouble(price)));
        order.set(new TimeInForce(timeInForce));
        if (!Session.sendToTarget(order, sessionId))
        {
            throw new AssertionError("order " + clOrdId + " not sent");
        }
    }

    /** Waits for an ExecutionReport of this ClOrdID that matches (reports are kept: any order of waiting works). */
    Message await(final String clOrdId, final Predicate<Message> matches, final long timeoutMs) throws Exception
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (true)
        {
            for (final Message report : reports)
            {
                if (clOrdId.equals(report.getString(ClOrdID.FIELD)) && matches.test(report))
                {
                    return report;
                }
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("no matching report for " + clOrdId + " in " + timeoutMs + " ms; saw " +
                    reports);
            }
            Thread.sleep(10);
        }
    }

    static boolean execType(final Message report, final char execType)
    {
        try
        {
            return report.getChar(quickfix.field.ExecType.FIELD) == execType;
        }
        catch (final FieldNotFound ex)
        {
            return false;
        }
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
    }

    public void fromAdmin(final Message message, final SessionID sessionId)
    {
    }

    public void toApp(final Message message, final SessionID sessionId)
    {
    }

    public void fromApp(final Message message, final SessionID sessionId) throws FieldNotFound
    {
        if (MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD)))
        {
            reports.add(message);
        }
    }

    public void close()
    {
        initiator.stop(true);
    }
}
