package io.peregrine.gateway;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.peregrine.core.OwnerOnlyFiles;
import io.peregrine.core.egress.RetryingPublication;
import io.peregrine.core.liveness.AeronClientWatch;
import io.peregrine.fixedge.AcceptorPort;
import io.peregrine.fixedge.ConnectionCounters;
import io.peregrine.fixedge.ConnectionGuard;
import io.peregrine.fixedge.InlineSocketAcceptor;
import io.peregrine.fixedge.FrameSizeLimit;
import io.peregrine.fixedge.InlineSocketInitiator;
import io.peregrine.fixedge.RollingFixLogFactory;
import io.peregrine.gateway.broker.BrokerFixApplication;
import io.peregrine.gateway.broker.BrokerReportAgent;
import io.peregrine.gateway.broker.BrokerReports;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.broker.ClientIdClaim;
import io.peregrine.gateway.broker.CoreHistory;
import io.peregrine.gateway.broker.CoreJournalMatch;
import io.peregrine.gateway.broker.IngressPublisher;
import io.peregrine.gateway.broker.OrderRoutes;
import io.peregrine.gateway.edge.GatewayLimits;
import io.peregrine.gateway.edge.SessionRateLimit;
import io.peregrine.gateway.broker.ReceivedStatusRequests;
import io.peregrine.gateway.broker.BrokerReportProgress;
import io.peregrine.gateway.broker.WaitingBrokerSessions;
import io.peregrine.gateway.broker.ResetLogonResend;
import io.peregrine.gateway.broker.ReportPosition;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalReader;
import net.openhft.chronicle.queue.ChronicleQueue;
import io.peregrine.core.OwnerOnlyFiles;
import io.peregrine.gateway.fix.FixSessionSettings;
import io.peregrine.gateway.session.DataDirLock;
import io.peregrine.gateway.store.FileStoreCheck;
import io.peregrine.gateway.store.StoreWriteWatch;
import io.peregrine.gateway.identity.IdentityChangeCheck;
import io.peregrine.gateway.session.LogonRefusalGuard;
import io.peregrine.gateway.session.SessionHealth;
import io.peregrine.gateway.security.ExposureCheck;
import io.peregrine.gateway.security.LogonGuard;
import io.peregrine.gateway.security.PeerCertificates;
import io.peregrine.gateway.security.MaskingLogFactory;
import io.peregrine.gateway.security.OwnerOnlyStoreFactory;
import io.peregrine.gateway.security.SecretMask;
import io.peregrine.gateway.security.TlsMaterial;
import io.peregrine.gateway.venue.VenueClient;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.gateway.venue.VenueClientFixApplication;
import io.peregrine.gateway.venue.VenueOrderJournal;
import io.peregrine.gateway.venue.VenueReportJournal;
import io.peregrine.gateway.venue.VenueSessionHealth;
import org.agrona.CloseHelper;
import io.peregrine.core.threading.AgentErrorLog;
import io.peregrine.core.threading.AgentThreading;
import io.peregrine.core.threading.SharedAgentThread;
import io.peregrine.core.threading.StreamWakeups;
import io.peregrine.config.WakeableIdleStrategy;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.ConfigError;
import quickfix.DefaultSessionFactory;
import quickfix.FileStoreFactory;
import quickfix.LogFactory;
import quickfix.MessageFactory;
import quickfix.MessageStoreFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketAcceptor;
import quickfix.mina.acceptor.AbstractSocketAcceptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The FIX gateway: a QuickFIX/J acceptor for broker sessions and QuickFIX/J initiators to venues, connected to
 * the core only through Aeron streams carrying SBE (1001/1002 for the broker side, 2001/2002 for the venues).
 * <p>
 * Threads: QuickFIX/J's acceptor and initiator threads, plus two agents: {@link VenueClient} (stream 2001,
 * venue reports to 2002) and {@link BrokerReportAgent} (stream 1002 to broker sessions), on a thread each
 * (threading {@code dedicated}) or on the process's {@code SharedAgentThread} (threading {@code shared}). The
 * QuickFIX/J threads wake the agent they hand work to (the core for broker requests, the venue adapter for venue
 * reports) so it does not wait out its idle park. Launch and close from
 * any one thread. The media driver must already be running (the core embeds one by default).
 */
public final class FixGateway implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FixGateway.class);
    private static final int VENUE_INBOX_BYTES = 1 << 20;

    private final GatewayContext ctx;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Aeron aeron;
    // Closeables before this index outlive a lost Aeron client (the data directory lock, the client itself).
    private int firstUserOfAeron;
    private final AeronClientWatch aeronClient =
        new AeronClientWatch("FIX gateway", (throwable) -> LOG.error("gateway Aeron client error", throwable));
    private InlineSocketInitiator initiator;
    private AbstractSocketAcceptor acceptor;
    private ConnectionGuard brokerConnectionGuard;
    private VenueClient venueAdapter;
    private BrokerFixApplication brokerApplication;
    private BrokerReportAgent brokerReportAgent;
    /** Reading the live stream (no core journal), no session's reports wait: this stays empty. */
    private volatile WaitingBrokerSessions waitingBrokerSessions = new WaitingBrokerSessions();
    private final SessionHealth sessionHealth = new SessionHealth();
    private LogonRefusalGuard logonGuard;
    private VenueClientFixApplication venueApplication;
    private TlsMaterial tls;
    private SecretMask secretMask = SecretMask.fixFieldsOnly();
    private GatewayCounters counters;
    private final VenueSessionHealth venueHealth = new VenueSessionHealth();
    private final Map<Integer, SessionID> venueSessions = new LinkedHashMap<>();
    private ScheduledExecutorService sampler;

    /** How long the start waits for the core before offering requests it never received. */
    private static final long UNOFFERED_WAIT_SECONDS = 5;
    /**
     * Longest wait for the core to connect, then for its answer, when the gateway claims its client id (a running core
     * does both at once; one not running yet leaves the id to the gateway's first request).
     */
    private static final long CLAIM_WAIT_MS = 1_000;
    /**
     * How much longer than the media driver's client liveness timeout (30 s as Peregrine starts it) the gateway claims
     * its id again while another publication holds it: the publication of a gateway killed just before is gone by then
     * (its linger, 5 s by default, included).
     */
    private static final long CLAIM_HELD_MARGIN_MS = 10_000;

    private FixGateway(final GatewayContext ctx)
    {
        this.ctx = ctx;
    }

    /**
     * What refuses a start of this gateway but needs neither the media driver nor the core, checked read-only: a
     * launcher that starts the core in the same process calls it first (then {@link #launch}), so that a start the
     * gateway would refuse leaves the core journal, its snapshots and every other file as it found them (the core
     * would already have recovered, written to its journal and published). Checked, each refused with the message
     * {@link #launch} gives: the configuration values ({@link GatewayContext#conclude()}), the TLS stores, the data
     * directory's lock (another gateway running on it), a changed client id or CompID, broker session or venue that
     * working orders of the data directory are known by ({@link IdentityChangeCheck}), every configured session's FIX
     * store ({@link FileStoreCheck}),
     * a data directory that delivered reports from another core journal than this one
     * ({@link CoreJournalMatch#checkPairingBeforeStart}) and the core journal's entries, which the start-up scans
     * refuse when one before the last cannot be read. Creates and changes no file. What needs the core (the Aeron
     * connection) or the gateway's own journals opened for writing (the ClOrdID and venue order journals, and with
     * them the rest of {@link CoreJournalMatch#check}) is checked by {@link #launch}. Caller's thread; allocates;
     * reads the whole core journal.
     *
     * @param ctx configuration (concluded here).
     * @throws IllegalArgumentException naming the key for a bad configuration value or TLS store.
     * @throws IllegalStateException    naming the file and the fix for a lock held, a damaged FIX store.
     * @throws io.peregrine.core.journal.JournalException naming the index and the fix for a damaged core journal.
     */
    public static void checkBeforeStart(final GatewayContext ctx)
    {
        ctx.conclude();
        TlsMaterial.load(ctx);
        DataDirLock.requireFree(ctx.dataDir());
        IdentityChangeCheck.check(ctx);
        for (final VenueClientConfig venue : ctx.venues())
        {
            checkStore(ctx, "venue", FixSessionSettings.venueSessionId(venue));
        }
        if (ctx.brokerEnabled())
        {
            for (final BrokerSessionConfig broker : ctx.brokerSessions())
            {
                checkStore(ctx, "broker", FixSessionSettings.brokerSessionId(ctx, broker));
            }
        }
        if (null == ctx.coreJournalDir())
        {
            return;
        }
        final boolean queueFiles = hasQueueFiles(ctx.coreJournalDir());
        if (ctx.brokerEnabled())
        {
            CoreJournalMatch.checkPairingBeforeStart(ctx, queueFiles);
            final List<SessionID> brokers = new ArrayList<>();
            for (final BrokerSessionConfig broker : ctx.brokerSessions())
            {
                brokers.add(FixSessionSettings.brokerSessionId(ctx, broker));
            }
            BrokerReportProgress.checkBeforeStart(ctx.reportPositionFile().getParent(), brokers);
        }
        if (queueFiles && (ctx.brokerEnabled() || !ctx.venues().isEmpty()))
        {
            // The consequence the first of start()'s scans names: the broker side's CoreHistory, else the venue side's.
            checkCoreJournal(ctx.coreJournalDir(), ctx.brokerEnabled() ?
                "the gateway cannot tell which of its requests the core received" :
                "the gateway cannot tell which orders the core holds at the venue");
        }
    }

    private static void checkStore(final GatewayContext ctx, final String side, final SessionID sessionId)
    {
        try
        {
            FileStoreCheck.verify(storeDir(ctx, side), sessionId);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(unreadableStore(ctx, side, ex,
                sessionId.getSenderCompID() + '-' + sessionId.getTargetCompID() + " ("), ex);
        }
    }

    /**
     * A core journal whose entry before the last cannot be read is refused, as the start-up scans refuse it (only the
     * torn last entry is the core's recovery's to cut). A journal the core itself would refuse to open (no queue
     * file, a first entry that is not readable, files the queue cannot open) is left to the core, whose refusal says
     * what it is.
     */
    private static void checkCoreJournal(final Path journalDir, final String consequence)
    {
        try (ChronicleQueue queue = CoreJournal.openReadOnly(journalDir);
            JournalReader reader = CoreJournal.reader(queue))
        {
            if (JournalReader.ENTRY != reader.next())
            {
                return;
            }
            int result;
            while (JournalReader.END != (result = reader.next()))
            {
                if (JournalReader.CORRUPT == result && reader.corruptBeforeTail())
                {
                    throw reader.damage(consequence);
                }
            }
        }
        catch (final io.peregrine.core.journal.JournalException ex)
        {
            throw ex;
        }
        catch (final InternalError ex) // a fault in the queue's memory map (a full tmpfs): one line, not a trace
        {
            throw io.peregrine.core.journal.JournalNotReadableException.in(journalDir, ex);
        }
        catch (final Exception ex) // Chronicle throws a damaged cycle file's StreamCorruptedException unchecked
        {
            LOG.debug("core journal {} not checked before the start: the core's open says what is wrong", journalDir,
                ex);
        }
    }

    private static boolean hasQueueFiles(final Path journalDir)
    {
        if (!Files.isDirectory(journalDir))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(journalDir))
        {
            return files.anyMatch((file) -> file.getFileName().toString().endsWith(".cq4"));
        }
        catch (final IOException ex)
        {
            return false; // the core's open names a directory it cannot list
        }
    }

    /**
     * Connects to the media driver, starts the agents, then the FIX connectors.
     *
     * @param ctx configuration.
     * @return the running gateway.
     */
    public static FixGateway launch(final GatewayContext ctx)
    {
        final FixGateway gateway = new FixGateway(ctx.conclude());
        try
        {
            gateway.start();
            return gateway;
        }
        catch (final RuntimeException | ConfigError ex)
        {
            gateway.close();
            throw ex instanceof RuntimeException ? (RuntimeException)ex : new IllegalStateException(ex.getMessage(), ex);
        }
    }

    private void start() throws ConfigError
    {
        LOG.info("starting FIX gateway: {}", ctx);
        tls = TlsMaterial.load(ctx);
        secretMask = new SecretMask(null == tls ? List.of() : tls.secrets());
        ExposureCheck.warnings(ctx).forEach(LOG::warn);
        // Stores, message logs and journals: owner-only, whatever the umask (files QuickFIX/J creates later live
        // in these 0700 directories; restrict() after start tightens those created at start).
        OwnerOnlyFiles.createDirectories(ctx.dataDir());
        OwnerOnlyFiles.restrict(ctx.dataDir());
        closeables.add(DataDirLock.acquire(ctx.dataDir()));
        // Before the client id is claimed and any journal replayed: a changed identity stops here, nothing touched.
        IdentityChangeCheck.checkAndRecord(ctx);
        aeron = Aeron.connect(aeronClient.applyTo(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())));
        closeables.add(aeron);
        firstUserOfAeron = closeables.size();
        aeronClient.stopAction(this::stopUsersOfAeron);
        final List<Integer> venueIds = new ArrayList<>();
        ctx.venues().forEach((venue) -> venueIds.add(venue.venueId()));
        counters = new GatewayCounters(aeron, venueIds);
        closeables.add(counters);
        // The broker side's journals first: a data directory that does not belong with the core journal stops the
        // start before the venue side reconciles anything with it.
        final BrokerJournals brokerJournals = ctx.brokerEnabled() ? openBrokerJournals() : null;
        if (!ctx.venues().isEmpty())
        {
            OwnerOnlyFiles.createDirectories(ctx.dataDir().resolve("venue"));
            try
            {
                startVenueSide();
            }
            catch (final ConfigError ex)
            {
                throw unreadableStore(ex, "venue", "PEREGRINE-SIMVENUE");
            }
        }
        if (null != brokerJournals)
        {
            try
            {
                startBrokerSide(brokerJournals);
            }
            catch (final ConfigError ex)
            {
                throw unreadableStore(ex, "broker", "PEREGRINE-BROKER1");
            }
        }
        OwnerOnlyFiles.restrict(ctx.dataDir());
        sampler = Executors.newSingleThreadScheduledExecutor((runnable) ->
        {
            final Thread thread = new Thread(runnable, "peregrine-gateway-counters");
            thread.setDaemon(true);
            return thread;
        });
        // Closed before the counters (closeables run in reverse): a sample never writes to a freed counter.
        closeables.add(this::stopSampler);
        sampler.scheduleAtFixedRate(this::sampleCounters, 0, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * A QuickFIX/J session that cannot be created from its FileStore (a truncated or garbled store file) says only
     * what its reader threw: named here with the store directory and the fix.
     */
    private ConfigError unreadableStore(final ConfigError ex, final String side, final String example)
    {
        Throwable cause = ex;
        while (null != cause.getCause() && !(cause instanceof IOException))
        {
            cause = cause.getCause();
        }
        if (!(cause instanceof IOException))
        {
            return ex;
        }
        final ConfigError named = new ConfigError(unreadableStore(ctx, side, cause,
            "<SENDER>-<TARGET> (e.g. " + example + "; "));
        named.initCause(ex);
        return named;
    }

    /**
     * @param session what {@code reset-session} is given and the opening of the parenthesis after it.
     * @return the refusal of a store that cannot be read, naming its directory and the fix.
     */
    static String unreadableStore(
        final GatewayContext ctx, final String side, final Throwable cause, final String session)
    {
        if (cause instanceof AccessDeniedException)
        {
            // Not damage: the files are whole, the process runs as another user (e.g. started once with sudo). A
            // reset would throw away the sequence numbers for nothing, so it is not offered.
            return "a FIX session store in " + storeDir(ctx, side).toAbsolutePath() + " cannot be read: permission " +
                "denied on " + ((AccessDeniedException)cause).getFile() + ": run as the user that owns " +
                storeDir(ctx, side).toAbsolutePath() + ", or give that user read and write access to it (the store " +
                "is not damaged: do not reset the session)";
        }
        return "a FIX session store in " + storeDir(ctx, side).toAbsolutePath() + " cannot be read (" + cause +
            "): a store file is truncated or damaged. Restore the directory from a backup, or reset the session " +
            "whose files these are, with the gateway stopped: ./scripts/run.sh reset-session " + session + "both " +
            "sides then start again at sequence number 1: agree it with the counterparty)";
    }

    private static Path storeDir(final GatewayContext ctx, final String side)
    {
        return ctx.dataDir().resolve(side).resolve("store");
    }

    private void stopSampler()
    {
        sampler.shutdownNow();
        try
        {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sets the session gauges (the counts are written where they happen).
     * Sampling thread, every 100 ms.
     */
    private void sampleCounters()
    {
        try
        {
            if (null != brokerApplication)
            {
                int loggedOn = 0;
                for (final SessionID sessionId : acceptor.getSessions())
                {
                    final Session session = Session.lookupSession(sessionId);
                    loggedOn += null != session && session.isLoggedOn() ? 1 : 0;
                }
                counters.brokerSessionsLoggedOn().setRelease(loggedOn);
                counters.brokerAcceptorListening().setRelease(brokerAcceptorListening() ? 1 : 0);
                counters.brokerSessionsWaiting().setRelease(waitingBrokerSessions.count());
            }
            for (final Map.Entry<Integer, SessionID> entry : venueSessions.entrySet())
            {
                final GatewayCounters.Venue venue = counters.venue(entry.getKey());
                venue.loggedOn().setRelease(isVenueLoggedOn(entry.getKey()) ? 1 : 0);
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("gateway counter sampling failed", ex);
        }
    }

    private void startVenueSide() throws ConfigError
    {
        final Map<VenueClientConfig, SessionID> sessionByVenue = new LinkedHashMap<>();
        final Map<SessionID, Integer> venueBySession = new LinkedHashMap<>();
        for (final VenueClientConfig venue : ctx.venues())
        {
            final SessionID sessionId = FixSessionSettings.venueSessionId(venue);
            sessionByVenue.put(venue, sessionId);
            venueBySession.put(sessionId, venue.venueId());
            venueSessions.put(venue.venueId(), sessionId);
            venueHealth.countLogonRefusals(venue.venueId(), counters.venue(venue.venueId()).logonRefusals());
        }

        final ManyToOneRingBuffer inbox = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(VENUE_INBOX_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        // Requests the core journals from here on reach the adapter live; those before may never have been sent.
        final long coreJournalLastIndex = lastIndexOf(ctx.coreJournalDir());
        final Subscription venueOut = aeron.addSubscription(ctx.channel(), ctx.venueOutStreamId());
        final Publication venueIn = aeron.addPublication(ctx.channel(), ctx.venueInStreamId());
        final VenueOrderJournal journal = new VenueOrderJournal(ctx.dataDir().resolve("venue").resolve("orders.log"),
            ctx.venueDoneOrdersRetained());
        final VenueReportJournal reportJournal =
            new VenueReportJournal(ctx.dataDir().resolve("venue").resolve("reports.log"));
        closeables.add(reportJournal); // closed after the agent, which marks the reports it forwards on close
        // Venue reports to the core wait for a slow core up to the gateway's offer timeout, then count as dropped.
        final RetryingPublication boundedVenueIn = RetryingPublication.withTimeout(venueIn,
            TimeUnit.MILLISECONDS.toNanos(ctx.offerTimeoutMs()), SystemNanoClock.INSTANCE,
            new BackoffIdleStrategy(10, 20, 1_000, 50_000), counters.venueInOfferRetries());
        venueAdapter = new VenueClient(sessionByVenue, venueOut, boundedVenueIn, inbox, journal, ctx.circuitFailures(),
            ctx.circuitAckTimeoutMs(), ctx.circuitCoolDownMs(), ctx.coreJournaled(), reportJournal, counters,
            ctx.venueSendWindow(), ctx.venueQueuePerAccount(), ctx.venueStatusMaxRequests());
        if (null != ctx.coreJournalDir())
        {
            answerUnsentVenueRequests(venueIn, coreJournalLastIndex);
        }
        final Runnable venueAdapterWaker = startAgent(venueAdapter);

        final SessionSettings settings = FixSessionSettings.venues(ctx, tls);
        logonGuard = new LogonRefusalGuard(sessionHealth, ctx.dataDir().resolve("venue").resolve("store"));
        closeables.add(logonGuard);
        venueApplication = new VenueClientFixApplication(venueBySession, inbox, venueHealth, logonGuard, reportJournal,
            counters);
        venueApplication.inboxWaker(venueAdapterWaker);
        final VenueClientFixApplication application = venueApplication;
        // Before the initiator starts: reports accepted before a crash but never handed to the core go first.
        application.replayUnforwarded();
        // Each venue report is handled on the I/O thread that read it (each venue session has its own): one thread
        // hand-off less per message than SocketInitiator's one processor thread for all venues
        // (perf-reports/results/2026-12-06-round7-loop.md).
        // No venue frame above the limit is buffered: QuickFIX/J's decoder would hold all of it (a 100 MB field killed
        // the venue session's I/O thread with an OutOfMemoryError, and its reconnect then blocked QuickFIX/J's timer).
        initiator = new InlineSocketInitiator(settings, new DefaultSessionFactory(application,
            storeFactory(settings, "venue"), logFactory(ctx.dataDir().resolve("venue"), counters.venueSessionErrors()),
            fix44Messages()), new FrameSizeLimit("venue initiator", ctx.limits().venueMaxMessageBytes(),
            counters.venueOversizeFrames(), counters.venueMalformedFrames()));
        initiator.start();
        closeables.add(() -> initiator.stop(true));
    }

    /**
     * Every session is FIX 4.4: QuickFIX/J's default factory would load the message classes of every FIX version at
     * start (seconds of class loading) for nothing.
     */
    private static MessageFactory fix44Messages()
    {
        return new quickfix.fix44.MessageFactory();
    }

    private static long lastIndexOf(final Path coreJournalDir)
    {
        if (null == coreJournalDir)
        {
            return -1;
        }
        try (ChronicleQueue queue = CoreJournal.openReadOnly(coreJournalDir))
        {
            return queue.lastIndex();
        }
    }

    /**
     * Waits up to {@link #UNOFFERED_WAIT_SECONDS} for the core to subscribe to a publication (start-up only).
     *
     * @return whether it is connected.
     */
    private static boolean awaitConnected(final Publication publication)
    {
        return awaitUntil(publication::isConnected, TimeUnit.SECONDS.toMillis(UNOFFERED_WAIT_SECONDS));
    }

    /**
     * Waits up to {@code timeoutMs} for a condition, checking every millisecond (start-up only).
     *
     * @return whether it holds.
     */
    private static boolean awaitUntil(final java.util.function.BooleanSupplier condition, final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0)
        {
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return condition.getAsBoolean();
    }

    /**
     * @return whether the core was told every configured venue session is logged on (by the venue side, which
     * publishes the status: a request the core routes after that is not refused "venue not connected"; the counters
     * are sampled only once the gateway runs).
     */
    private boolean everyVenueLoggedOn()
    {
        for (final VenueClientConfig venue : ctx.venues())
        {
            if (!venueAdapter.coreToldLoggedOn(venue.venueId()))
            {
                return false;
            }
        }
        return true;
    }

    private void answerUnsentVenueRequests(final Publication venueIn, final long lastIndex)
    {
        if (lastIndex < 0)
        {
            return;
        }
        if (!awaitConnected(venueIn))
        {
            LOG.warn("the core is not connected to stream {}: venue requests it journaled but the gateway never sent " +
                "are not answered", ctx.venueInStreamId());
            return;
        }
        try (ChronicleQueue queue = CoreJournal.openReadOnly(ctx.coreJournalDir());
            JournalReader reader = CoreJournal.reader(queue))
        {
            venueAdapter.reconcileWithCoreJournal(reader, ctx.coreJournalDir(), lastIndex, ctx.acceptOrphanedOrders());
        }
    }

    /**
     * The broker side's state on disk: its sessions, the ClOrdID journal, and with a core journal what it holds of this
     * gateway and the position reports are read from.
     */
    private record BrokerJournals(
        ExclusivePublication ingress,
        Map<SessionID, BrokerSessionConfig> sessions,
        OrderRoutes routes,
        ChronicleQueue coreJournal,
        CoreHistory coreHistory,
        BrokerReportProgress reportProgress)
    {
    }

    private BrokerJournals openBrokerJournals()
    {
        // Exclusive: the core reserves the gateway's client id for the one publication (Aeron session) using it. Taken
        // first, before the checks below count the core's requests under the id as the gateway's.
        final ExclusivePublication ingress = aeron.addExclusivePublication(ctx.channel(), ctx.ingressStreamId());
        // The client's service-interval limit is the driver's client liveness timeout (read from the CnC file).
        final long heldWaitMs = TimeUnit.NANOSECONDS.toMillis(aeron.context().interServiceTimeoutNs()) +
            CLAIM_HELD_MARGIN_MS;
        ClientIdClaim.claim(aeron, ingress, ctx, CLAIM_WAIT_MS, CLAIM_WAIT_MS, heldWaitMs, FixGateway::awaitUntil);
        OwnerOnlyFiles.createDirectories(ctx.dataDir().resolve("broker"));
        final Map<SessionID, BrokerSessionConfig> sessions = new LinkedHashMap<>();
        for (final BrokerSessionConfig broker : ctx.brokerSessions())
        {
            sessions.put(FixSessionSettings.brokerSessionId(ctx, broker), broker);
        }
        final OrderRoutes routes = new OrderRoutes(ctx.dataDir().resolve("broker").resolve("clordids.log"),
            sessions.keySet(), ctx.brokerDoneOrdersRetained(), ctx.brokerClOrdIdsPerSession());
        closeables.add(routes);
        if (null == ctx.coreJournalDir())
        {
            return new BrokerJournals(ingress, sessions, routes, null, null, null);
        }
        final ChronicleQueue coreJournal = CoreJournal.openReadOnly(ctx.coreJournalDir());
        closeables.add(coreJournal);
        final ReportPosition position = new ReportPosition(ctx.reportPositionFile());
        closeables.add(position);
        final CoreHistory history = CoreHistory.read(ctx.coreJournalDir(), coreJournal, ctx.clientId(), position.load());
        CoreJournalMatch.check(routes, history, position, ctx);
        final BrokerReportProgress progress =
            new BrokerReportProgress(position, ctx.reportPositionFile().getParent(), sessions.keySet());
        closeables.add(progress);
        return new BrokerJournals(ingress, sessions, routes, coreJournal, history, progress);
    }

    private void startBrokerSide(final BrokerJournals journals) throws ConfigError
    {
        final Map<SessionID, BrokerSessionConfig> sessions = journals.sessions();
        final OrderRoutes routes = journals.routes();
        final ExclusivePublication ingress = journals.ingress();
        final Subscription egress = aeron.addSubscription(ctx.channel(), ctx.egressStreamId());
        final BrokerReports reports = new BrokerReports();
        final Counter inconsistentReports = counter(
            BrokerReportAgent.INCONSISTENT_COUNTER.typeId(), BrokerReportAgent.INCONSISTENT_COUNTER.label());
        final long cycleBudgetNs = TimeUnit.MICROSECONDS.toNanos(ctx.brokerReportsCycleBudgetUs());
        if (null == journals.coreJournal())
        {
            brokerReportAgent = new BrokerReportAgent(egress, ctx.clientId(), routes, reports, null, null, null,
                inconsistentReports, counters.brokerReportsDelivered(), counters.brokerReportsUnroutable(),
                ctx.coreFragmentLimit(), cycleBudgetNs, SystemNanoClock.INSTANCE);
        }
        else
        {
            // The core's journal says which journaled requests the core received: the others are offered again below.
            routes.reconcile(journals.coreHistory());
            // Likewise for the status requests earlier runs took and never saw answered (asked again below).
            routes.reconcileStatusRequests(ReceivedStatusRequests.read(journals.coreJournal(), ctx.clientId(),
                routes.statusRequestsOfEarlierRuns()));
            waitingBrokerSessions = journals.reportProgress().waitingSessions();
            brokerReportAgent = new BrokerReportAgent(egress, ctx.clientId(), routes, reports,
                CoreJournal.reader(journals.coreJournal()), CoreJournal.reader(journals.coreJournal()),
                journals.reportProgress(), inconsistentReports,
                counters.brokerReportsDelivered(), counters.brokerReportsUnroutable(), ctx.coreFragmentLimit(),
                cycleBudgetNs, SystemNanoClock.INSTANCE);
        }
        brokerReportAgent.countFaultsIn(counters.brokerReportFaults());

        final SessionSettings settings = FixSessionSettings.broker(ctx, tls);
        final LogonGuard logonGuard = new LogonGuard(ctx.logonMaxFailures(),
            TimeUnit.SECONDS.toMillis(ctx.logonLockoutSeconds()), System::nanoTime);
        final GatewayLimits limits = ctx.limits();
        brokerApplication = new BrokerFixApplication(sessions,
            routes, new IngressPublisher(ingress, ctx.clientId(), ctx.offerTimeoutMs(),
                counters.ingressOfferRetries(), StreamWakeups.of(ctx.aeronDirectoryName(), ctx.ingressStreamId())),
                reports, logonGuard,
            new SessionRateLimit(limits.brokerMaxOrdersPerSecond(),
                counter(SessionRateLimit.THROTTLED_COUNTER.typeId(), SessionRateLimit.THROTTLED_COUNTER.label())),
            counters, new ResetLogonResend(ctx.dataDir().resolve("broker").resolve("reset-resend")));
        offerUnoffered(ingress, routes);
        final ConnectionCounters connectionCounters =
            new ConnectionCounters("gateway broker acceptor", aeron::addCounter);
        closeables.add(connectionCounters);
        brokerConnectionGuard = new ConnectionGuard("broker acceptor", limits.brokerConnections(), connectionCounters);
        closeables.add(brokerConnectionGuard);
        // One thread per broker session, each with a bounded queue: a flooding session waits behind itself only;
        // past the high watermark its socket is no longer read, so TCP pushes back on that session alone. A high
        // watermark of 0: no session thread and no queue; each message is handled on the MINA I/O thread that read it
        // (one thread hand-off less per message; a slow message holds up the sessions on that I/O thread).
        acceptor = limits.brokerQueueHighWatermark() == 0 ?
            new InlineSocketAcceptor(brokerApplication, storeFactory(settings, "broker"), settings,
                logFactory(ctx.dataDir().resolve("broker"), counters.brokerSessionErrors()), fix44Messages()) :
            ThreadedSocketAcceptor.newBuilder()
                .withApplication(brokerApplication)
                .withMessageStoreFactory(storeFactory(settings, "broker"))
                .withSettings(settings)
                .withLogFactory(logFactory(ctx.dataDir().resolve("broker"), counters.brokerSessionErrors()))
                .withMessageFactory(fix44Messages())
                .withQueueWatermarks(Math.max(1, limits.brokerQueueHighWatermark() / 4),
                    limits.brokerQueueHighWatermark())
                .build();
        // QuickFIX/J adds its TLS filter (when configured) and the FIX codec first; the guard goes between them.
        acceptor.setIoFilterChainBuilder(brokerConnectionGuard.chainBuilder());
        // Brokers reconnect at once after a restart, their backlog with them: orders taken before the venue sessions
        // logged on would be rejected "venue not connected". Bounded: a venue that stays down does not keep them out.
        if (!awaitUntil(this::everyVenueLoggedOn, ctx.brokerStartVenueWaitMs()) && ctx.brokerStartVenueWaitMs() > 0)
        {
            LOG.warn("broker acceptor starting though not every venue session logged on within {} ms ({}): orders " +
                "for such a venue are rejected until it does", ctx.brokerStartVenueWaitMs(),
                io.peregrine.config.PeregrineKeys.Gateway.BROKER_START_VENUE_WAIT_MS.name());
        }
        acceptor.start();
        closeables.add(() ->
        {
            final java.util.Set<String> dispatchers = new java.util.HashSet<>();
            for (final quickfix.SessionID sessionId : acceptor.getSessions())
            {
                dispatchers.add("QF/J Session dispatcher: " + sessionId);
            }
            acceptor.stop(true);
            awaitEnded(dispatchers);
        });
        if (null != tls && ctx.anyBrokerClientCertificates())
        {
            brokerApplication.peerCertificates(PeerCertificates.request(acceptor));
        }
        // Once the sessions exist (an answer given here must find its session), before the agent delivers the core's.
        // A core not connected by then: each is answered here, with the order's last reported status.
        if (!routes.statusRequestsOfEarlierRuns().isEmpty())
        {
            awaitConnected(ingress);
            LOG.info("{} broker status requests were taken but never received by the core: asked now",
                brokerApplication.askStatusRequestsNeverReceived());
        }
        // Only now: QuickFIX/J creates the broker sessions in acceptor.start(). Started before, the agent handed the
        // reports it read first (after a restart, the core journal's backlog since the saved position) to sessions
        // that did not exist yet: SessionNotFound, and they were lost although their position was saved and their
        // orders marked done (GatewayKillSystemTest, about one seed in fifteen).
        startAgent(brokerReportAgent);
    }

    /**
     * Requests taken from brokers and journaled but never received by the core are offered before brokers can log
     * on (their PossDup resends are then answered with the order's state), once the core is connected and the venue
     * sessions logged on.
     */
    private void offerUnoffered(final ExclusivePublication ingress, final OrderRoutes routes)
    {
        final int waiting = routes.unoffered().size();
        if (0 == waiting)
        {
            return;
        }
        if (!awaitConnected(ingress))
        {
            LOG.warn("{} broker requests were journaled but never reached the core, and the core is not connected: " +
                "each is offered when its broker resends it (PossDupFlag=Y)", waiting);
            return;
        }
        // The venues too: a request offered before its venue session logged on is rejected at once ("venue not
        // connected"), though the broker sent it while everything ran.
        if (!awaitUntil(this::everyVenueLoggedOn, ctx.brokerStartVenueWaitMs()))
        {
            LOG.warn("{} broker requests were journaled but never reached the core; not every venue session logged on " +
                "within {} ms ({}): offered now, those routed to a venue not logged on are rejected", waiting,
                ctx.brokerStartVenueWaitMs(), io.peregrine.config.PeregrineKeys.Gateway.BROKER_START_VENUE_WAIT_MS.name());
        }
        final int offered = brokerApplication.offerUnoffered();
        LOG.info("{} broker requests were journaled but never reached the core: {} offered now", waiting, offered);
    }

    /**
     * Runs an agent on its own thread (threading dedicated) or on the process's shared agent thread (shared), and
     * stops it on close.
     *
     * @return what wakes the agent's thread when it is parked.
     */
    private Runnable startAgent(final Agent agent)
    {
        // Names the agent in the log: the venue adapter and the broker report agent may share a thread.
        final AgentErrorLog errors = new AgentErrorLog(agent.roleName());
        if (AgentThreading.SHARED == ctx.threading())
        {
            final SharedAgentThread shared = SharedAgentThread.add(
                ctx.aeronDirectoryName(), ctx.idleStrategySupplier(), errors, agent);
            closeables.add(() -> shared.remove(agent));
            return shared.waker();
        }
        final IdleStrategy idleStrategy = ctx.idleStrategySupplier().get();
        final AgentRunner runner = new AgentRunner(idleStrategy, errors, null, agent);
        AgentRunner.startOnThread(runner);
        closeables.add(runner);
        return WakeableIdleStrategy.wakerOf(idleStrategy);
    }

    private Counter counter(final int typeId, final String label)
    {
        final Counter counter = aeron.addCounter(typeId, label);
        closeables.add(counter);
        return counter;
    }

    private MessageStoreFactory storeFactory(final SessionSettings settings, final String side)
    {
        final Path storeDir = storeDir(ctx, side);
        return new StoreWriteWatch(
            new OwnerOnlyStoreFactory(new FileStoreCheck(new FileStoreFactory(settings), storeDir), storeDir));
    }

    private LogFactory logFactory(final Path connectorDir, final AtomicCounter errorEvents)
    {
        // Never null: QuickFIX/J's connector builders turn a null log factory into a ScreenLogFactory, which
        // printed every broker message to standard out. With the message log off, session events still go to the
        // event log (logons, sequence resets, rejects: rare, and what an operator reads first). Its error events
        // (a garbled message QuickFIX/J drops, as FIX says it must, is one) are counted, not only written.
        final RollingFixLogFactory factory = new RollingFixLogFactory(
            connectorDir.resolve("log"), ctx.limits().fixLog(), false, ctx.fixMessageLog(), errorEvents);
        closeables.add(factory);
        return new MaskingLogFactory(factory, secretMask);
    }

    /**
     * @return the broker acceptor's connection guard (counters, pending connections), or null when the broker side
     * is disabled.
     */
    public ConnectionGuard brokerConnectionGuard()
    {
        return brokerConnectionGuard;
    }

    /**
     * @return the gateway's Aeron counters (live until {@link #close()}).
     */
    public GatewayCounters counters()
    {
        return counters;
    }

    /**
     * @return why each venue session last went down or failed to log on.
     */
    public VenueSessionHealth venueSessionHealth()
    {
        return venueHealth;
    }

    /**
     * @return the configured venue ids, in configuration order.
     */
    public List<Integer> venueIds()
    {
        return new ArrayList<>(venueSessions.keySet());
    }

    /**
     * @param venueId a venue.
     * @return true if its FIX session is logged on. Any thread.
     */
    public boolean isVenueLoggedOn(final int venueId)
    {
        final SessionID sessionId = venueSessions.get(venueId);
        final Session session = null == sessionId ? null : Session.lookupSession(sessionId);
        return null != session && session.isLoggedOn();
    }

    /**
     * Asks the venue session to log on again (after {@link #logoutVenue(int, String)}). Any thread.
     *
     * @param venueId a configured venue.
     * @return false if no such venue.
     */
    public boolean logonVenue(final int venueId)
    {
        final SessionID sessionId = venueSessions.get(venueId);
        final Session session = null == sessionId ? null : Session.lookupSession(sessionId);
        if (null == session)
        {
            return false;
        }
        venueHealth.onOperatorLogon(venueId);
        session.logon();
        return true;
    }

    /**
     * Logs the venue session out and keeps it out until {@link #logonVenue(int)}. Any thread.
     *
     * @param venueId a configured venue.
     * @param reason  Logout text.
     * @return false if no such venue.
     */
    public boolean logoutVenue(final int venueId, final String reason)
    {
        final SessionID sessionId = venueSessions.get(venueId);
        final Session session = null == sessionId ? null : Session.lookupSession(sessionId);
        if (null == session)
        {
            return false;
        }
        // Before the Logout goes out: the exchange that follows (the venue's answer) must not replace the reason.
        venueHealth.onOperatorLogout(venueId, reason);
        session.logout(reason);
        return true;
    }

    /**
     * @return true if the broker acceptor is bound and accepting connections. Any thread.
     */
    public boolean brokerAcceptorListening()
    {
        if (null == acceptor)
        {
            return false;
        }
        for (final org.apache.mina.core.service.IoAcceptor endpoint : acceptor.getEndpoints())
        {
            if (endpoint.isActive())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the port the broker acceptor is bound to (the ephemeral one the OS chose when the context asked for
     *         port 0), or -1 when it does not listen (no broker side, or closed). Any thread.
     */
    public int brokerPort()
    {
        return null == acceptor ? -1 : AcceptorPort.boundPort(acceptor);
    }

    public GatewayContext context()
    {
        return ctx;
    }

    /**
     * @return UP/DISCONNECTED/DOWN and why of each venue session (any thread).
     */
    public SessionHealth sessionHealth()
    {
        return sessionHealth;
    }

    /**
     * @return the venue FIX application, or null when no venue is configured.
     */
    public VenueClientFixApplication venueApplication()
    {
        return venueApplication;
    }

    /**
     * @return the venue sessions' stale-store guard, or null when no venue is configured.
     */
    public LogonRefusalGuard logonRefusalGuard()
    {
        return logonGuard;
    }

    /**
     * @return what this gateway masks in its FIX message and event logs ({@code MaskingLogFactory}): FIX Password(554),
     *         NewPassword(925) and the TLS store passwords. (The launchers mask standard out and error with their own
     *         {@code SecretMask.configured(...)} of the whole configuration.)
     */
    public SecretMask secretMask()
    {
        return secretMask;
    }

    /**
     * @return the venue agent, or null when no venue is configured.
     */
    public VenueClient venueAdapter()
    {
        return venueAdapter;
    }

    /**
     * @return the broker acceptor application, or null when the broker side is disabled.
     */
    public BrokerFixApplication brokerApplication()
    {
        return brokerApplication;
    }

    /**
     * @return the broker sessions whose core reports wait and since when (empty without a core journal, or with the
     *         broker side disabled); any thread.
     */
    public WaitingBrokerSessions waitingBrokerSessions()
    {
        return waitingBrokerSessions;
    }

    /**
     * @return the broker report agent, or null when the broker side is disabled.
     */
    public BrokerReportAgent brokerReportAgent()
    {
        return brokerReportAgent;
    }

    /**
     * Stops the FIX connectors (logging sessions out), then the agents, then the Aeron client. Idempotent.
     */
    public void close()
    {
        stopUsersOfAeron();
        final List<AutoCloseable> rest;
        synchronized (closeables)
        {
            rest = new ArrayList<>(closeables);
            closeables.clear();
        }
        // Not under the lock: closing the client waits for its conductor thread, which may be about to take the lock
        // in stopUsersOfAeron (the client lost while the gateway closes).
        for (int i = rest.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(rest.get(i));
        }
        LOG.info("FIX gateway stopped");
    }

    /**
     * Waits (at most 5 s) until no thread of these names (the QuickFIX/J dispatcher threads of the broker sessions)
     * runs, and none started for 200 ms. QuickFIX/J 3.0's acceptor stop ends the dispatchers it knows, but a message its I/O thread delivers
     * after that starts a new one ({@code ThreadPerSessionEventHandlingStrategy.onMessage}); one handling a cancel
     * after the gateway had closed its journals and its Aeron client wrote to an unmapped counter and crashed the JVM.
     */
    private static void awaitEnded(final java.util.Set<String> threadNames)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(200) && System.nanoTime() < deadline)
        {
            for (final Thread thread : Thread.getAllStackTraces().keySet())
            {
                if (threadNames.contains(thread.getName()) && thread.isAlive() && thread != Thread.currentThread())
                {
                    quietSince = System.nanoTime();
                    try
                    {
                        thread.join(100);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * @return the watch on the gateway's Aeron client: lost (and why) once Aeron closed it under the gateway, after
     * which the gateway has stopped its sessions and agents; any thread.
     */
    public AeronClientWatch aeronClient()
    {
        return aeronClient;
    }

    /**
     * Stops everything that uses the Aeron client (FIX connectors, agents, counter sampler, journals the agents
     * write), in reverse start order, leaving the client and the data directory lock. Idempotent; called by
     * {@link #close()} and, on the Aeron conductor thread before it unmaps the client, when Aeron closed the client.
     */
    private void stopUsersOfAeron()
    {
        synchronized (closeables)
        {
            for (int i = closeables.size() - 1; i >= firstUserOfAeron; i--)
            {
                CloseHelper.quietClose(closeables.remove(i));
            }
        }
    }
}
