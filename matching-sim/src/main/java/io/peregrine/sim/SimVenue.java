package io.peregrine.sim;

import io.peregrine.config.ListenPort;
import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.config.WakeableIdleStrategy;
import io.peregrine.fixedge.AcceptorPort;
import io.peregrine.fixedge.ConnectionCounters;
import io.peregrine.fixedge.ConnectionGuard;
import io.peregrine.fixedge.InlineSocketAcceptor;
import io.peregrine.fixedge.RollingFixLogFactory;
import io.peregrine.sim.fix.FixAcceptorSettings;
import io.peregrine.sim.fix.ParticipantSessions;
import io.peregrine.sim.fix.SimulatedExchangeAgent;
import io.peregrine.sim.fix.SimulatedExchangeFixApplication;
import io.peregrine.sim.maker.MarketMaker;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FileStoreFactory;
import quickfix.LogFactory;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;

/**
 * A running simulated venue: a QuickFIX/J FIX 4.4 acceptor in front of the matching engine, plus the optional market
 * maker. {@link #start(SimVenueContext)} returns once the acceptor is bound; {@link #close()} stops it (sessions are
 * logged out, file stores closed) and then the engine thread.
 * <p>
 * Threads: the acceptor's MINA I/O threads receive (each message is handled on the thread that read it) and send; one
 * engine thread ({@code venue-engine}) owns the order
 * books and the FIX order state. The methods here may be called from any thread.
 */
public final class SimVenue implements AutoCloseable
{
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Logger LOG = LoggerFactory.getLogger(SimVenue.class);
    private static final long QUERY_TIMEOUT_MS = 5_000;

    private final SimVenueContext context;
    private final SimulatedExchangeAgent agent;
    private final SimulatedExchangeFixApplication application;
    private final AgentRunner runner;
    private final InlineSocketAcceptor acceptor;
    private final ConnectionGuard connectionGuard;
    private final AutoCloseable logFactory;
    private final int port;
    private final VenueEngineCounters counters;
    private volatile boolean closed;

    private SimVenue(
        final SimVenueContext context,
        final SimulatedExchangeAgent agent,
        final SimulatedExchangeFixApplication application,
        final AgentRunner runner,
        final InlineSocketAcceptor acceptor,
        final ConnectionGuard connectionGuard,
        final AutoCloseable logFactory,
        final int port,
        final VenueEngineCounters counters)
    {
        this.connectionGuard = connectionGuard;
        this.logFactory = logFactory;
        this.counters = counters;
        this.context = context;
        this.agent = agent;
        this.application = application;
        this.runner = runner;
        this.acceptor = acceptor;
        this.port = port;
    }

    /**
     * Checks that the venue's FIX port is free, as {@link #start} does first; a launcher that starts other parts
     * before the venue (the stack's core, which writes its journal) calls it before them.
     *
     * @param context the venue's configuration.
     * @throws IllegalStateException naming the key and the fix when something listens on the port already.
     */
    public static void requirePortFree(final SimVenueContext context)
    {
        ListenPort.requireFree("venue " + context.compId(), context.host(), context.port(), Sim.PORT.name());
    }

    /**
     * Starts a venue. Creates the store directory, starts the engine thread and binds the FIX acceptor.
     *
     * @param context configuration; read once, here.
     * @return the running venue.
     * @throws IllegalStateException if the configuration is invalid or the acceptor cannot start.
     */
    public static SimVenue start(final SimVenueContext context)
    {
        context.conclude();
        // Before anything starts: a port in use is one message, not QuickFIX/J's logged stack trace and a half start.
        requirePortFree(context);
        final ParticipantSessions sessions = new ParticipantSessions(context.compId(), context.sessionAccounts(), context.orderRetention());
        final long makerAccount = sessions.accountId(context.makerAccount());
        final SimulatedExchangeAgent agent = new SimulatedExchangeAgent(
            context.commandQueueCapacity(),
            sessions,
            context.instruments(),
            context.selfTradePrevention(),
            context.maxOrdersPerBook(),
            SimVenue::sendToTarget,
            Long.toString(System.currentTimeMillis(), 36),
            context.marketMakerEnabled() ?
                (engine) -> new MarketMaker(
                    engine,
                    makerAccount,
                    context.instruments().values(),
                    context.makerLadder()) :
                null);
        final VenueEngineCounters counters = new VenueEngineCounters(
            null == context.counterFactory() ? VenueEngineCounters.inProcess() : context.counterFactory(),
            context.instruments().values());
        agent.counters(counters);
        final SimulatedExchangeFixApplication application = new SimulatedExchangeFixApplication(agent, context.matchingOnSessionThread());
        final IdleStrategy engineIdle = context.idleStrategy();
        agent.wakeOnOffer(WakeableIdleStrategy.wakerOf(engineIdle));
        final AgentRunner runner = new AgentRunner(
            engineIdle, (ex) -> LOG.error("engine thread error", ex), null, agent);

        InlineSocketAcceptor acceptor = null;
        ConnectionGuard guard = null;
        LogFactory logFactory = null;
        try
        {
            ownerOnlyDirectory(context.storeDir());
            if ("file".equals(context.fixLog()))
            {
                ownerOnlyDirectory(context.logDir());
            }
            AgentRunner.startOnThread(runner);
            final SessionSettings settings = FixAcceptorSettings.build(context, context.port());
            logFactory = logFactory(context, settings);
            // each message is handled on the I/O thread that read it: one thread hand-off less per message than
            // QuickFIX/J's SocketAcceptor (perf-reports/results/2026-12-06-round7-loop.md)
            acceptor = new InlineSocketAcceptor(
                application, new FileStoreFactory(settings), settings, logFactory, new DefaultMessageFactory());
            guard = new ConnectionGuard("venue " + context.compId() + " acceptor", context.connectionLimits(),
                ConnectionCounters.inMemory("venue " + context.compId() + " acceptor"));
            acceptor.setIoFilterChainBuilder(guard.chainBuilder());
            acceptor.start();
            final int boundPort = AcceptorPort.boundPort(acceptor);
            return new SimVenue(context, agent, application, runner, acceptor, guard,
                logFactory instanceof AutoCloseable ? (AutoCloseable)logFactory : null, boundPort, counters);
        }
        catch (final ConfigError | IOException | RuntimeException ex)
        {
            application.closing();
            if (null != acceptor)
            {
                acceptor.stop(true);
            }
            CloseHelper.quietClose(guard);
            if (logFactory instanceof AutoCloseable)
            {
                CloseHelper.quietClose((AutoCloseable)logFactory);
            }
            CloseHelper.quietClose(runner);
            counters.close();
            throw new IllegalStateException("venue " + context.compId() + " failed to start on " +
                context.host() + ":" + context.port() + ": " + ex.getMessage(), ex);
        }
    }

    private static LogFactory logFactory(final SimVenueContext context, final SessionSettings settings)
    {
        switch (context.fixLog())
        {
            case "file":
                // Rolled by size, a bounded number of files: a hostile participant cannot fill the disk.
                return new RollingFixLogFactory(context.logDir(), context.logLimits(), false);
            case "slf4j":
                return new SLF4JLogFactory(settings);
            default:
                return null;
        }
    }

    private static void sendToTarget(final quickfix.Message message, final quickfix.SessionID sessionID)
    {
        try
        {
            // false means the session is logged out: QuickFIX/J has still stored the message under its sequence
            // number, so the participant gets it by resend when it logs on again.
            Session.sendToTarget(message, sessionID);
        }
        catch (final SessionNotFound ex)
        {
            LOG.warn("report for unknown session {} dropped: {}", sessionID, message);
        }
    }

    /** @return the address the acceptor listens on. */
    public String host()
    {
        return context.host();
    }

    /** @return the port the acceptor is bound to (the ephemeral one if the context asked for 0). */
    public int port()
    {
        return port;
    }

    /**
     * @return the engine's counters (see {@link VenueEngineCounters}); read them until {@link #close()}.
     */
    public VenueEngineCounters counters()
    {
        return counters;
    }

    /**
     * @return true while the venue is open and its engine thread runs (for health checks). Any thread.
     */
    public boolean isRunning()
    {
        final Thread thread = runner.thread();
        return !closed && !runner.isClosed() && null != thread && thread.isAlive();
    }

    /**
     * @return the venue's CompID.
     */
    public String compId()
    {
        return context.compId();
    }

    /** @return the acceptor's connection guard: its counters and pending connections. */
    public ConnectionGuard connectionGuard()
    {
        return connectionGuard;
    }

    /** @return the configuration the venue started with. */
    public SimVenueContext context()
    {
        return context;
    }

    /**
     * @param participantCompId a configured participant.
     * @return whether its session is logged on now.
     */
    public boolean isLoggedOn(final String participantCompId)
    {
        final Session session = Session.lookupSession(FixAcceptorSettings.sessionId(context.compId(), participantCompId));
        return null != session && session.isLoggedOn();
    }

    /**
     * The best bid of an instrument, read on the engine thread. Blocks up to 5 s.
     *
     * @param symbol of a configured instrument.
     * @return the fixed point price, {@link Long#MIN_VALUE} if there is no bid.
     */
    public long bestBid(final String symbol)
    {
        return query((agent) -> agent.engine().bestBid(instrument(symbol).packedSymbol()));
    }

    /**
     * The best ask of an instrument, read on the engine thread. Blocks up to 5 s.
     *
     * @param symbol of a configured instrument.
     * @return the fixed point price, {@link Long#MAX_VALUE} if there is no ask.
     */
    public long bestAsk(final String symbol)
    {
        return query((agent) -> agent.engine().bestAsk(instrument(symbol).packedSymbol()));
    }

    /** @return quotes the market maker has resting now, 0 without a market maker. Blocks up to 5 s. */
    public long marketMakerQuotes()
    {
        return query((agent) -> null == agent.marketMaker() ? 0 : agent.marketMaker().restingQuotes());
    }

    /** @return OrderStatusRequests answered. Blocks up to 5 s. */
    public long statusRequests()
    {
        return query(SimulatedExchangeAgent::statusRequests);
    }

    /** @return application messages whose processing failed (a bug; logged). Blocks up to 5 s. */
    public long processingFailures()
    {
        return query(SimulatedExchangeAgent::failures);
    }

    private VenueInstrument instrument(final String symbol)
    {
        final VenueInstrument instrument = context.instruments().get(symbol);
        if (null == instrument)
        {
            throw new IllegalArgumentException("unknown symbol " + symbol);
        }
        return instrument;
    }

    private long query(final ToLongFunction<SimulatedExchangeAgent> question)
    {
        final CompletableFuture<Long> answer = new CompletableFuture<>();
        final Runnable task = () ->
        {
            try
            {
                answer.complete(question.applyAsLong(agent));
            }
            catch (final RuntimeException ex)
            {
                answer.completeExceptionally(ex);
            }
        };
        if (!agent.offer(task))
        {
            throw new IllegalStateException("venue engine queue is full");
        }
        try
        {
            return answer.get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("venue engine did not answer in " + QUERY_TIMEOUT_MS + " ms", ex);
        }
    }

    /**
     * Logs out every session, closes the FIX stores and stops the engine thread. Idempotent. Orders resting in the
     * book are lost (the book is not persisted); sequence numbers and sent messages are kept.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        application.closing();
        try
        {
            acceptor.stop();
        }
        finally
        {
            CloseHelper.quietClose(connectionGuard);
            CloseHelper.quietClose(logFactory);
            CloseHelper.quietClose(runner);
            counters.close();
        }
    }

    /**
     * Creates the directory, and makes it rwx for its owner only: QuickFIX/J creates the store and log files inside
     * with the process's umask, and a 0700 directory keeps other users from reaching them whatever their mode.
     */
    private static void ownerOnlyDirectory(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
        {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
        else
        {
            LOG.warn("{}: this file system has no POSIX permissions; restrict access to it by other means", dir);
        }
    }
}
