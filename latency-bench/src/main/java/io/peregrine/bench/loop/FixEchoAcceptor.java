package io.peregrine.bench.loop;

import io.peregrine.fixedge.AcceptorPort;
import io.peregrine.fixedge.InlineSocketAcceptor;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.fix.FixSessionSettings;
import quickfix.ApplicationAdapter;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.mina.acceptor.AbstractSocketAcceptor;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.fix44.ExecutionReport;

import java.nio.file.Path;
import java.util.List;

/**
 * The baseline of the FIX latency measurement: a bare QuickFIX/J acceptor that answers every NewOrderSingle with
 * one ExecutionReport (New), built with exactly the gateway's broker acceptor settings
 * ({@link FixSessionSettings#broker(GatewayContext)}: FIX 4.4, FileStore, data dictionary validation, TCP no-delay,
 * no message log) and its threading ({@code peregrine.gateway.broker.queue.high.watermark}: 0 handles each message on
 * the I/O thread, as the gateway then does). The difference between the full loop and this echo is Peregrine's cost plus the venue's FIX hop.
 * <p>
 * Threads: QuickFIX/J's; the reply is sent from the receiving thread. Allocates per message (QuickFIX/J does).
 * Only one acceptor per session id may exist in a JVM: close it before a gateway with the same CompIDs starts.
 */
public final class FixEchoAcceptor extends ApplicationAdapter implements AutoCloseable
{
    private final AbstractSocketAcceptor acceptor;
    private long execIds;

    /**
     * @param port         port on 127.0.0.1, 0 for an ephemeral one the OS picks when it binds ({@link #port()}).
     * @param brokerCompId CompID of the session it admits, e.g. {@code BROKER1}.
     * @param dataDir      FileStore folder (under it, {@code broker/store}, as the gateway's).
     * @throws ConfigError if QuickFIX/J refuses the settings.
     */
    public FixEchoAcceptor(final int port, final String brokerCompId, final Path dataDir) throws ConfigError
    {
        final GatewayContext ctx = new GatewayContext()
            .brokerHost("127.0.0.1")
            .brokerPort(port)
            .dataDir(dataDir)
            .fixMessageLog(false)
            .brokerSessions(List.of(BrokerSessionConfig.of(brokerCompId, FullLoopRun.FIX_ACCOUNT)));
        final SessionSettings settings = FixSessionSettings.broker(ctx);
        // the gateway's threading too: messages queued for a QuickFIX/J thread (one session: the same single hand-off
        // as the gateway's thread per session), or handled on the I/O thread when the gateway's queue is off (0)
        acceptor = ctx.limits().brokerQueueHighWatermark() == 0 ?
            new InlineSocketAcceptor(this, new FileStoreFactory(settings), settings, null, new DefaultMessageFactory()) :
            new SocketAcceptor(this, new FileStoreFactory(settings), settings, null, new DefaultMessageFactory());
    }

    /**
     * @return this, listening.
     * @throws ConfigError if it cannot bind.
     */
    public FixEchoAcceptor start() throws ConfigError
    {
        acceptor.start();
        return this;
    }

    /**
     * @return the port it listens on, once started (-1 before).
     */
    public int port()
    {
        return AcceptorPort.boundPort(acceptor);
    }

    public void fromApp(final Message message, final SessionID sessionId) throws FieldNotFound
    {
        if (!MsgType.NEW_ORDER_SINGLE.equals(message.getHeader().getString(MsgType.FIELD)))
        {
            return;
        }
        final long id = ++execIds;
        final ExecutionReport report = new ExecutionReport(
            new OrderID("E" + id),
            new ExecID("X" + id),
            new ExecType(ExecType.NEW),
            new OrdStatus(OrdStatus.NEW),
            new Side(message.getChar(Side.FIELD)),
            new LeavesQty(message.getDecimal(OrderQty.FIELD).doubleValue()),
            new CumQty(0),
            new AvgPx(0));
        report.set(new ClOrdID(message.getString(ClOrdID.FIELD)));
        report.set(new Symbol(message.getString(Symbol.FIELD)));
        report.set(new OrderQty(message.getDecimal(OrderQty.FIELD).doubleValue()));
        Session.lookupSession(sessionId).send(report);
    }

    /**
     * Logs the session out and stops listening.
     */
    public void close()
    {
        acceptor.stop(true);
    }
}
