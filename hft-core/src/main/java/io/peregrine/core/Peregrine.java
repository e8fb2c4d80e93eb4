package io.peregrine.core;

import io.peregrine.config.PeregrineKeys.Core;
import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Counter;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.peregrine.core.admin.AdminCommands;
import io.peregrine.config.IdleStrategies;
import io.peregrine.core.admin.TradingGates;
import io.peregrine.core.egress.ClientReports;
import io.peregrine.core.egress.RetryingPublication;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.CoreSnapshot;
import io.peregrine.core.journal.DecisionVersion;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalException;
import io.peregrine.core.journal.JournalRetention;
import io.peregrine.core.journal.JournaledPublication;
import io.peregrine.core.journal.LogicClock;
import io.peregrine.core.journal.Recovery;
import io.peregrine.core.journal.SnapshotFile;
import io.peregrine.core.journal.SnapshotStore;
import io.peregrine.core.journal.SnapshotWriter;
import io.peregrine.core.journal.SnapshottingAgent;
import io.peregrine.core.liveness.AeronClientWatch;
import io.peregrine.core.liveness.LivenessTimeouts;
import io.peregrine.core.order.AccountOrderCapacity;
import io.peregrine.core.order.OrderLifecycle;
import io.peregrine.core.order.OrderTable;
import io.peregrine.core.threading.AgentErrorLog;
import io.peregrine.core.threading.AgentThreading;
import io.peregrine.core.threading.SharedAgentThread;
import io.peregrine.core.threading.StreamWakeups;
import io.peregrine.config.WakeableIdleStrategy;
import io.peregrine.core.venue.VenueRequests;
import io.peregrine.core.venue.VenueRoutes;
import io.peregrine.core.venue.VenueSessions;
import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.risk.AccountLimits;
import io.peregrine.risk.PreTradeRisk;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running Peregrine core: the media driver (embedded unless configured external), an Aeron client, the
 * {@link CoreAgent} on its own {@link AgentRunner} thread (threading {@code dedicated}) or on the process's
 * {@link SharedAgentThread} (threading {@code shared}), and a low-priority reporting thread that samples
 * latency every second and warns (at most once a second) when egress reports are being dropped or venue requests
 * refused back-pressured. The core's two publications offer through {@link RetryingPublication}'s retry bound on
 * the core thread: a subscriber that stops reading costs one bound, then one offer per message (its stall rule).
 * <p>
 * {@link #launch(PeregrineContext)} and {@link #close()} are edge calls (allocate, block briefly); accessors are
 * thread safe.
 */
public final class Peregrine implements AutoCloseable
{
    /** Aeron counter: input refused or held back because the journal was unavailable. */
    public static final CounterDescriptor JOURNAL_REFUSED_COUNTER = CounterDescriptor.counter(1100, CounterKey.NONE,
        "peregrine: input refused or held, journal unavailable",
        "peregrine_core_journal_refused",
        "input refused (or venue input held) because the core journal was unavailable");
    /** Aeron counter: core journal cycle files deleted by retention ({@code peregrine.journal.retain.cycles}). */
    public static final CounterDescriptor JOURNAL_CYCLES_DELETED_COUNTER = CounterDescriptor.counter(1101,
        CounterKey.NONE,
        "peregrine: core journal cycle files deleted by retention",
        "peregrine_core_journal_cycles_deleted",
        "core journal cycle files deleted by retention (peregrine.journal.retain.cycles) since the core started");
    /**
     * Shortest longest-park of the embedded media driver's {@code backoff} when every stream is IPC: 1 ms. With IPC the
     * driver is off the message path (publishers write and subscribers read the log buffers themselves); its duty
     * cycle moves publisher limits (a window of half the term: 32 MiB at the IPC default) and watches client liveness
     * (seconds). At the agents' 100 us it woke 10,000 times a second and used 3-9 % of a core in {@code FixLoopLatency}
     * at 1,000 orders/s ({@code perf-reports/results/2026-12-06-fix-loop-cost.md}).
     */
    static final long IPC_DRIVER_MIN_MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Longest wait, during recovery, for a venue adapter before publishing a request the journal lacks. */
    static final long RECOVERY_VENUE_CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private static final Logger LOG = LoggerFactory.getLogger(Peregrine.class);

    private final PeregrineContext ctx;
    private final MediaDriver driver;
    private final DriverDirectoryLock driverLock;
    private final Aeron aeron;
    private boolean threadsStopped;
    private final AeronClientWatch aeronClient =
        new AeronClientWatch("core", (throwable) -> LOG.error("peregrine core Aeron client error", throwable));
    private final CoreCounters counters;
    private final LatencyStats latency;
    private final PreTradeRisk risk;
    private final ClientAuthorisation authorisation;
    private final CoreAgent agent;
    private final AgentRunner runner;
    private final ScheduledExecutorService reporter;
    private final CoreJournal journal;
    private final Counter journalRefused;
    private final Counter journalCyclesDeleted;
    private final Recovery recovery;
    private final SnapshotWriter snapshots;
    private final SharedAgentThread sharedThread;
    private final List<AutoCloseable> wakeups;
    private final Agent running;
    private long lastEgressDropped;
    private long lastVenueOutBackPressured;

    private Peregrine(final PeregrineContext ctx)
    {
        this.ctx = ctx;
        MediaDriver driver = null;
        DriverDirectoryLock driverLock = null;
        Aeron aeron = null;
        CoreCounters counters = null;
        PreTradeRisk risk = null;
        AgentRunner runner = null;
        ScheduledExecutorService reporter = null;
        CoreJournal journal = null;
        Counter journalRefused = null;
        Counter journalCyclesDeleted = null;
        Recovery recovery = null;
        SnapshotWriter snapshots = null;
        SharedAgentThread sharedThread = null;
        List<AutoCloseable> wakeups = List.of();
        CoreAgent agent = null;
        Agent running = null;
        try
        {
            // The Aeron directory's claim before a journal this start would create (no core.lock: no core runs on
            // it), so that a start refused there leaves no fresh journal behind; after an existing one, so that a
            // second process on the same data/ is told about the journal.
            final boolean newJournal =
                ctx.journalOn() && !Files.exists(ctx.journalDir().resolve(CoreJournal.LOCK_FILE));
            if (ctx.embeddedDriver() && (newJournal || !ctx.journalOn()))
            {
                driverLock = DriverDirectoryLock.acquire(ctx.aeronDirectoryName());
            }
            if (ctx.embeddedDriver())
            {
                // Before the journal: a file system too small for the driver's logs leaves no fresh journal behind.
                AeronDirectorySpace.require(ctx.aeronDirectoryName(), AeronDirectorySpace.needed(ctx.channel()),
                    ctx.aeronDirUsableSpace(), ctx.deleteAeronDirOnStart());
            }
            if (ctx.journalOn())
            {
                // Before anything runs, so that a journal this core cannot read stops the start. Its directory is
                // owner-only whatever the umask: it protects the files written in it later.
                journal = CoreJournal.open(OwnerOnlyFiles.createDirectories(ctx.journalDir()),
                    ctx.journalMinFreeBytes(), ctx.journalHardMinFreeBytes());
            }
            if (ctx.embeddedDriver())
            {
                final long parkNs = driverMaxParkNs(ctx.channel(), ctx.idleBackoffMaxParkNs());
                if (null == driverLock)
                {
                    driverLock = DriverDirectoryLock.acquire(ctx.aeronDirectoryName());
                }
                final MediaDriver.Context driverContext = LivenessTimeouts.applyTo(new MediaDriver.Context())
                    .aeronDirectoryName(ctx.aeronDirectoryName())
                    .threadingMode(ctx.driverThreadingMode())
                    .dirDeleteOnStart(ctx.deleteAeronDirOnStart())
                    .dirDeleteOnShutdown(ctx.deleteAeronDirOnShutdown());
                driver = MediaDriver.launch(
                    IdleStrategies.applyTo(driverContext, Core.IDLE_STRATEGY.name(), ctx.idleStrategyName(), parkNs));
                if (ctx.aeronDirOwnerOnly())
                {
                    OwnerOnlyFiles.restrict(Path.of(driver.aeronDirectoryName()));
                }
            }
            aeron = Aeron.connect(aeronClient.applyTo(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())));
            counters = new CoreCounters(aeron, null != journal);
            if (null != journal)
            {
                journal.countAppendsIn(counters.journalPosition());
                counters.journalAvailable().setRelease(journal.isAvailable() ? 1 : 0);
            }
            journalRefused = aeron.addCounter(
                JOURNAL_REFUSED_COUNTER.typeId(), JOURNAL_REFUSED_COUNTER.label());
            if (null == ctx.riskStateDir())
            {
                risk = PreTradeRisk.inMemory(ctx.riskLimits(), ctx.riskTradingDay());
            }
            else
            {
                risk = PreTradeRisk.persistent(ctx.riskLimits(),
                    OwnerOnlyFiles.createDirectories(ctx.riskStateDir()), ctx.riskTradingDay());
                OwnerOnlyFiles.restrict(ctx.riskStateDir());
            }

            final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
            final LogicClock logicClock = new LogicClock();
            final JournaledPublication egress = new JournaledPublication(new RetryingPublication(
                aeron.addExclusivePublication(ctx.channel(), ctx.egressStreamId()), ctx.offerRetries(),
                ctx.offerIdleStrategy(), counters.offerRetries()), journal, JournalEntry.REPORT, logicClock);
            final JournaledPublication venueOut = new JournaledPublication(new RetryingPublication(
                aeron.addExclusivePublication(ctx.channel(), ctx.venueOutStreamId()), ctx.offerRetries(),
                ctx.offerIdleStrategy(), counters.offerRetries()), journal, JournalEntry.VENUE_REQUEST, logicClock);
            this.latency = new LatencyStats(ctx.gatewayClientId());
            // Names the agent: on the shared thread the gateway's agents have handlers of their own (SharedAgentThread).
            final ErrorHandler errorHandler = new AgentErrorLog(CoreAgent.ROLE_NAME);
            // Images leaving the ingress subscription are counted for access control: the gateway's client id is
            // freed (a journaled input) once the publication holding it is gone.
            final AtomicLong ingressImagesGone = new AtomicLong();
            final Subscription ingress = aeron.addSubscription(ctx.channel(), ctx.ingressStreamId(),
                (image) -> { }, (image) -> ingressImagesGone.incrementAndGet());
            this.authorisation = clientAuthorisation(ctx, ingress, ingressImagesGone, aeron.addCounter(
                ClientAuthorisation.NOT_AUTHORISED_COUNTER.typeId(),
                ClientAuthorisation.NOT_AUTHORISED_COUNTER.label()));
            agent = coreAgent(ctx, ingress, aeron.addSubscription(ctx.channel(), ctx.venueInStreamId()), risk,
                new OrderTable(ctx.orderCapacity(), new AccountOrderCapacity(ctx.orderAccountCapacity(), 64)),
                egress, venueOut, counters, latency, clock, logicClock, journal, journalRefused, errorHandler,
                ctx.cpuAffinity(), authorisation);
            reporter = Executors.newSingleThreadScheduledExecutor((runnable) ->
            {
                final Thread thread = new Thread(runnable, "peregrine-reporter");
                thread.setDaemon(true);
                return thread;
            });
            if (null != journal)
            {
                // Before the core thread starts (Thread.start publishes the rebuilt state to it): the newest valid
                // snapshot, then the journal after it.
                final OrderLifecycle lifecycle = agent.lifecycle();
                final CoreSnapshot state = new CoreSnapshot(lifecycle, lifecycle.reports(), logicClock,
                    lifecycle.orders(), risk, lifecycle.gates(), lifecycle.sessions(), authorisation);
                final SnapshotStore store = new SnapshotStore(ctx.journalDir(), ctx.snapshotRetained());
                OwnerOnlyFiles.createDirectories(store.directory()); // as the journal's: snapshots come later
                final byte[] fingerprint = ctx.logicFingerprint().getBytes(StandardCharsets.UTF_8);
                final long restoreStart = System.nanoTime();
                final SnapshotFile.Content snapshot = store.loadLatest(journal, fingerprint);
                if (null != snapshot)
                {
                    try
                    {
                        state.restoreState(snapshot.buffer(), snapshot.stateOffset(), snapshot.stateLength());
                    }
                    catch (final RuntimeException ex)
                    {
                        throw new JournalException("the core snapshot at journal index " +
                            Long.toHexString(snapshot.journalIndex()) + " in " + store.directory().toAbsolutePath() +
                            " passed its checks but cannot be restored (" + ex.getMessage() + "): move that file " +
                            "away to recover from an older snapshot or the whole journal", ex);
                    }
                }
                final CoreAgent replayInto = agent;
                recovery = Recovery.replay(journal, replayInto::replayInput, RECOVERY_VENUE_CONNECT_TIMEOUT_NS,
                    snapshot, System.nanoTime() - restoreStart, egress, venueOut);
                // Counts mean "since this process started": the replay went through the counting logic.
                counters.zeroCountsAfterRecovery();
                authorisation.notAuthorised().setRelease(0);
                if (null != recovery.firstIdChange())
                {
                    throw idsChanged(ctx, journal, recovery);
                }
                if (recovery.mismatches() > 0 && !ctx.journalAcceptReplayMismatches() &&
                    !journal.decidedByThisVersion(recovery.firstMismatchIndex()))
                {
                    // A journal (or its first part) written by a core that decides differently: mismatches expected.
                    throw new JournalException("the core journal " + ctx.journalDir().toAbsolutePath() + " was " +
                        "written by an earlier release, whose core decides some inputs differently from this one " +
                        "(journal-start.properties records no decision version " + DecisionVersion.CURRENT + " for " +
                        "the entries replayed): its replay differs " + recovery.mismatches() + " times (first: " +
                        recovery.firstMismatch() + "; run.sh journal shows the entries there), as expected. Read " +
                        "\"Migration: data written by earlier releases\" in the README for what changed; to continue " +
                        "from the state this release rebuilds from the journal, start with -D" +
                        Core.JOURNAL_ACCEPT_REPLAY_MISMATCHES.name() + "=true (or finish with the earlier release, " +
                        "its orders closed, and start this one on a new peregrine.journal.dir)");
                }
                if (recovery.mismatches() > 0 && !ctx.journalAcceptReplayMismatches())
                {
                    // Before anything is journaled, published or snapshotted: the rebuilt state is not what the
                    // journal says was done (orders accepted then may be missing now, ids may be issued again).
                    throw new JournalException("the core journal " + ctx.journalDir().toAbsolutePath() + " replayed " +
                        "differently from what it recorded, " + recovery.mismatches() + " times (first: " +
                        recovery.firstMismatch() + "; run.sh journal shows the entries there): the journal is " +
                        "damaged, or the configuration decides differently from the one that wrote it (risk " +
                        "limits, routes, access rules). Restore the journal or the configuration of that run; or, " +
                        "to continue from the state rebuilt under this configuration, start with -D" +
                        Core.JOURNAL_ACCEPT_REPLAY_MISMATCHES.name() + "=true");
                }
                agent.resendAfterRestart();
                snapshots = new SnapshotWriter(journal, state, store, fingerprint, ctx.snapshotIntervalEntries(),
                    ctx.snapshotIntervalMs(), expectedSnapshotBytes(ctx, fingerprint.length));
                // Allocated with the journal, retention on or not: every journaled core shows the same counters.
                journalCyclesDeleted = aeron.addCounter(
                    JOURNAL_CYCLES_DELETED_COUNTER.typeId(), JOURNAL_CYCLES_DELETED_COUNTER.label());
                if (JournalRetention.KEEP_ALL != ctx.journalRetainCycles())
                {
                    snapshots.retention(
                        new JournalRetention(journal, store, ctx.journalRetainCycles(), journalCyclesDeleted)
                        .keepForReaders(ctx.journalRetainReaderPositions()));
                }
                snapshots.start(recovery.lastIndex(), recovery.inputs());
                // The start is accepted: where this release continues an earlier one's journal is recorded now, not
                // by the core thread's first append (an fsync there delayed the first order after an upgrade).
                journal.recordContinuation();
                journal.handOverAppender();
                // The files the start wrote (queue files, lock, journal-start.properties, snapshots) and any an
                // earlier run left open to others: 0600.
                OwnerOnlyFiles.restrict(ctx.journalDir());
            }
            running = null == snapshots ? agent : new SnapshottingAgent(agent, snapshots);
            final Runnable coreWaker;
            if (AgentThreading.SHARED == ctx.threading())
            {
                sharedThread = SharedAgentThread.add(ctx.aeronDirectoryName(), ctx::idleStrategy, errorHandler, running);
                coreWaker = sharedThread.waker();
            }
            else
            {
                runner = new AgentRunner(ctx.idleStrategy(), errorHandler, counters.errors(), running);
                AgentRunner.startOnThread(runner);
                coreWaker = WakeableIdleStrategy.wakerOf(ctx.idleStrategy());
            }
            // In-process publishers to the ingress stream (the FIX gateway's broker threads) wake it after offering.
            wakeups = List.of(StreamWakeups.register(ctx.aeronDirectoryName(), ctx.ingressStreamId(), coreWaker));
        }
        catch (final RuntimeException ex)
        {
            if (null != reporter)
            {
                reporter.shutdownNow();
            }
            CloseHelper.quietCloseAll(wakeups);
            if (null != sharedThread && null != running)
            {
                final SharedAgentThread shared = sharedThread;
                final Agent added = running;
                CloseHelper.quietClose(() -> shared.remove(added));
            }
            CloseHelper.quietCloseAll(runner, snapshots, journal, risk, journalRefused, journalCyclesDeleted, counters,
                aeron, driver, driverLock);
            throw ex;
        }
        this.snapshots = snapshots;
        this.sharedThread = sharedThread;
        this.wakeups = wakeups;
        this.agent = agent;
        this.running = running;
        this.journal = journal;
        this.journalRefused = journalRefused;
        this.journalCyclesDeleted = journalCyclesDeleted;
        this.recovery = recovery;
        this.runner = runner;
        this.reporter = reporter;
        this.driver = driver;
        this.driverLock = driverLock;
        this.aeron = aeron;
        this.counters = counters;
        this.risk = risk;
        aeronClient.stopAction(this::stopThreads);
        reporter.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
        if (null != journal && ctx.journalFsyncIntervalMs() > 0)
        {
            reporter.scheduleAtFixedRate(this::syncJournal, ctx.journalFsyncIntervalMs(), ctx.journalFsyncIntervalMs(),
                TimeUnit.MILLISECONDS);
        }
        LOG.info("peregrine core started: {}", ctx);
    }

    /**
     * Wires the core's logic: the one place the agent, its order life cycle, admin commands and encoders are put
     * together, for the running core and for {@link DirectCore}. Start-up only; allocates.
     */
    static CoreAgent coreAgent(
        final PeregrineContext ctx,
        final Subscription ingress,
        final Subscription venueIn,
        final PreTradeRisk risk,
        final OrderTable orders,
        final JournaledPublication egress,
        final JournaledPublication venueOut,
        final CoreCounters counters,
        final LatencyStats latency,
        final OffsetEpochNanoClock clock,
        final LogicClock logicClock,
        final CoreJournal journal,
        final AtomicCounter journalRefused,
        final ErrorHandler errorHandler,
        final int cpuAffinity,
        final ClientAuthorisation authorisation)
    {
        final ClientReports reports = new ClientReports(egress, counters.egressDropped(),
            counters.egressDroppedClient(), counters.egressUnsubscribed(), counters.cancelRejects(), logicClock,
            counters::onReject);
        final VenueSessions sessions = new VenueSessions();
        final TradingGates gates = new TradingGates(counters.symbolsKilled(), counters.venuesPaused());
        final VenueRoutes routes = new VenueRoutes(ctx.defaultVenueId(), ctx.venueRoutes());
        final OrderLifecycle lifecycle = new OrderLifecycle(
            orders,
            risk,
            new VenueRequests(venueOut, logicClock),
            reports,
            routes,
            sessions,
            gates,
            authorisation,
            counters,
            logicClock);
        return new CoreAgent(
            ingress,
            venueIn,
            lifecycle,
            new AdminCommands(risk, gates, lifecycle, reports, authorisation, counters,
                counters.addRiskState(risk, gates, routes.venueIds(), logicClock)),
            reports,
            sessions,
            counters,
            latency,
            clock,
            logicClock,
            journal,
            journalRefused,
            errorHandler,
            ctx.fragmentLimit(),
            cpuAffinity,
            authorisation);
    }

    /**
     * The refusal of a start whose replay gave ids the outside world holds to other orders or reports, whatever
     * {@link Core#JOURNAL_ACCEPT_REPLAY_MISMATCHES} says: continuing would book a venue's later report for one order on
     * the order that holds its id now, and send new orders under ids the gateway already used. The only ways on keep
     * the journal's ids: the configuration (or release) that wrote it, or a new journal once its orders are closed.
     */
    private static JournalException idsChanged(
        final PeregrineContext ctx, final CoreJournal journal, final Recovery recovery)
    {
        final boolean earlierRelease = !journal.decidedByThisVersion(recovery.firstIdChangeIndex());
        final String writer = earlierRelease ? "the earlier release" :
            "the configuration (risk limits, routes, access rules)";
        return new JournalException("the core journal " + ctx.journalDir().toAbsolutePath() + " replayed " +
            "differently from what it recorded, " + recovery.mismatches() + " times, and the replay numbers orders, " +
            "ExecIDs or venue requests differently from what clients, the gateway and the venue were told (first: " +
            recovery.firstIdChange() + "; run.sh journal shows the entries there): " + (earlierRelease ?
            "this release decides an input differently from the earlier release that wrote the journal" :
            "an order accepted then is refused now or the reverse (the risk limits, routes or access rules decide " +
            "differently from those of the run that wrote the journal), or the journal is damaged") + ". The core " +
            "cannot continue from that state, " + Core.JOURNAL_ACCEPT_REPLAY_MISMATCHES.name() + " or not: a " +
            "venue's later report for an order would be booked on the order that holds its id now, and new orders " +
            "would get ids already sent. Start with " + writer + " that wrote the journal; to change it, cancel or " +
            "finish the working orders with it, stop, keep this directory for the audit and start the new one on a " +
            "new peregrine.journal.dir");
    }

    /**
     * The largest core snapshot this configuration can produce: every order slot used, every account's ClOrdID
     * window full; capped at 1 GiB (beyond it the buffer grows on demand instead).
     */
    static int expectedSnapshotBytes(final PeregrineContext ctx, final int fingerprintBytes)
    {
        final long accounts = ctx.riskLimits().accounts().size();
        final long instruments = ctx.riskLimits().instruments().size();
        final long bytes = 64 * 1024 + 2L * fingerprintBytes +
            (long)ctx.orderCapacity() * (OrderTable.RECORD_LENGTH + 8) +
            accounts * (ctx.riskLimits().clOrdIdWindow() * 8L + 128) + accounts * instruments * 24;
        return (int)Math.min(1L << 30, bytes);
    }

    static ClientAuthorisation clientAuthorisation(
        final PeregrineContext ctx,
        final Subscription ingress,
        final AtomicLong imagesGone,
        final AtomicCounter notAuthorised)
    {
        final Map<Long, Set<Integer>> byAccount = new LinkedHashMap<>();
        ctx.accountClientIds().forEach((account, ids) -> byAccount.put(PackedAscii.pack(account), ids));
        final List<String> open = new ArrayList<>();
        for (final AccountLimits account : ctx.riskLimits().accounts())
        {
            if (!ctx.accountClientIds().containsKey(account.name()))
            {
                open.add(account.name());
            }
        }
        if (!open.isEmpty())
        {
            LOG.warn("accounts {} have no {}<ACCOUNT>{}: any client on the Aeron directory may trade them",
                open, Core.ACCOUNT_CLIENT_IDS_PREFIX, Core.ACCOUNT_CLIENT_IDS_SUFFIX);
        }
        warnOfSharedClOrdIdSpaces(ctx);
        LOG.info("admin commands accepted from client ids {}; client id {} reserved for the FIX gateway",
            ctx.adminClientIds(), ctx.gatewayClientId());
        return new ClientAuthorisation(ctx.adminClientIds(), byAccount, ctx.gatewayClientId(), ingress, imagesGone,
            notAuthorised);
    }

    /**
     * One WARN naming the accounts whose client ids include the FIX gateway's and another id: duplicate ClOrdIDs are
     * refused per account across its clients, and the gateway numbers its ClOrdIDs from 1 for all broker sessions, so
     * such an account's broker orders are refused "Duplicate client order id" for ids the broker never used (README,
     * "Aeron IPC clients"). Only a WARN: an operator may run such a set-up knowingly (an IPC client that only cancels).
     *
     * @param ctx the configuration.
     * @return the accounts named, in configuration order (empty: no WARN).
     */
    static Map<String, Set<Integer>> warnOfSharedClOrdIdSpaces(final PeregrineContext ctx)
    {
        final Map<String, Set<Integer>> shared = new LinkedHashMap<>();
        ctx.accountClientIds().forEach((account, ids) ->
        {
            if (ids.contains(ctx.gatewayClientId()) && ids.size() > 1)
            {
                shared.put(account, ids);
            }
        });
        if (!shared.isEmpty())
        {
            LOG.warn("accounts {} (by {}<ACCOUNT>{}) are traded by the FIX gateway's client id {} and other client " +
                "ids: duplicate ClOrdIDs are refused per account across its clients and the gateway numbers its " +
                "ClOrdIDs from 1, so broker orders will be refused 'Duplicate client order id' for ids an IPC " +
                "client used first; give IPC clients accounts no broker session trades",
                shared, Core.ACCOUNT_CLIENT_IDS_PREFIX, Core.ACCOUNT_CLIENT_IDS_SUFFIX, ctx.gatewayClientId());
        }
        return shared;
    }

    /**
     * Starts a core: the embedded media driver (unless {@code embeddedDriver(false)}), the Aeron client, the core
     * agent thread and the reporting thread.
     *
     * @param ctx configuration; concluded here.
     * @return the running core; close it to stop.
     */
    public static Peregrine launch(final PeregrineContext ctx)
    {
        return new Peregrine(ctx.conclude());
    }

    /**
     * @return the Aeron directory clients connect to.
     */
    public String aeronDirectoryName()
    {
        return ctx.aeronDirectoryName();
    }

    /**
     * @return the concluded context.
     */
    public PeregrineContext context()
    {
        return ctx;
    }

    /**
     * @return the core's counters (also visible to AeronStat). They live in the driver's mapped CnC file: read them
     *         only until {@link #close()}.
     */
    public CoreCounters counters()
    {
        return counters;
    }

    /**
     * @return the core's latency histograms.
     */
    public LatencyStats latency()
    {
        return latency;
    }

    /**
     * @return who may do what on ingress, and the count of refusals ({@link ClientAuthorisation#notAuthorised()}).
     */
    public ClientAuthorisation authorisation()
    {
        return authorisation;
    }

    /**
     * @return the core agent (for its thread id in allocation tests and diagnostics).
     */
    public CoreAgent agent()
    {
        return agent;
    }

    /**
     * @return the risk engine the core agent owns; its query methods may only be called from the core thread or
     *         when the core is closed.
     */
    public PreTradeRisk risk()
    {
        return risk;
    }

    /**
     * @return the core journal, or null when the core runs without one.
     */
    public CoreJournal journal()
    {
        return journal;
    }

    /**
     * @return what recovery replayed at launch, or null without a journal.
     */
    public Recovery recovery()
    {
        return recovery;
    }

    /**
     * @return the core's snapshot writer, or null without a journal.
     */
    public SnapshotWriter snapshots()
    {
        return snapshots;
    }

    /**
     * @return input refused (client messages) or held back (venue messages) while the journal was unavailable.
     */
    public long journalRefused()
    {
        return journalRefused.get();
    }

    /**
     * Stops the core thread, then the reporting thread, the journal (synced first when an fsync interval is set),
     * the risk store, the Aeron client and the embedded driver (which deletes its directory if configured).
     */
    public void close()
    {
        stopThreads();
        if (null != snapshots)
        {
            snapshots.close();
            try
            {
                // The core thread has stopped: its state is that of the journal's end. The next start loads this.
                snapshots.snapshotNow();
            }
            catch (final RuntimeException ex)
            {
                LOG.error("core snapshot at shutdown not written: the next start replays more of the journal", ex);
            }
        }
        if (null != journal && ctx.journalFsyncIntervalMs() > 0)
        {
            syncJournal();
        }
        CloseHelper.quietCloseAll(
            journal, risk, journalRefused, journalCyclesDeleted, counters, aeron, driver, driverLock);
    }

    /**
     * @return the watch on the core's Aeron client: lost (and why) once Aeron closed it under the core; any thread.
     */
    public AeronClientWatch aeronClient()
    {
        return aeronClient;
    }

    /**
     * Stops every thread that uses the core's Aeron client (the core agent, the reporter). Idempotent; called by
     * {@link #close()} and, on the Aeron conductor thread before it unmaps the client, when Aeron closed the client.
     */
    private synchronized void stopThreads()
    {
        if (threadsStopped)
        {
            return; // SharedAgentThread.remove counts: never twice
        }
        threadsStopped = true;
        CloseHelper.quietCloseAll(wakeups);
        if (null != sharedThread)
        {
            sharedThread.remove(running);
        }
        CloseHelper.close(runner);
        // Not shutdownNow: an interrupt during the periodic journal fsync would close the journal's file channel
        // (ClosedByInterruptException) under the final sync below. shutdown() cancels the periodic tasks and lets
        // a running one finish.
        reporter.shutdown();
        try
        {
            // The reporter reads counters in the driver's mapped file: let a running report finish before unmapping.
            if (!reporter.awaitTermination(5, TimeUnit.SECONDS))
            {
                LOG.warn("peregrine reporter did not stop within 5 s");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void syncJournal()
    {
        try
        {
            journal.sync();
        }
        catch (final RuntimeException ex)
        {
            LOG.error("core journal sync failed", ex);
        }
    }

    /**
     * @param channel       the core's streams' channel.
     * @param agentMaxParkNs the agents' {@code backoff} longest park.
     * @return the embedded driver's longest park: at least {@link #IPC_DRIVER_MIN_MAX_PARK_NS} when the channel is
     * IPC (the driver is then off the message path), else the agents'.
     */
    static long driverMaxParkNs(final String channel, final long agentMaxParkNs)
    {
        return channel.startsWith(CommonContext.IPC_CHANNEL) ? Math.max(agentMaxParkNs, IPC_DRIVER_MIN_MAX_PARK_NS) :
            agentMaxParkNs;
    }

    private void report()
    {
        try
        {
            latency.sample();
            if (null != journal)
            {
                journal.checkSpace();
                counters.journalAvailable().setRelease(journal.isAvailable() ? 1 : 0);
            }
            final long egressDropped = counters.egressDropped().get();
            if (egressDropped != lastEgressDropped)
            {
                LOG.warn("live egress (stream {}) is dropping reports: {} in the last second ({} in all), the last " +
                    "for client id {}. A subscriber is a window behind (not polling, stopped, or dead and not yet " +
                    "timed out by the driver, {}): reports are offered once each, without retries, until it reads " +
                    "again. {}", ctx.egressStreamId(), egressDropped - lastEgressDropped, egressDropped,
                    counters.egressDroppedClient().get(),
                    LivenessTimeouts.CLIENT_LIVENESS_TIMEOUT_PROP_NAME, null == journal ?
                    "Without the core journal the clients that missed them lost them (OrderStatusRequest asks)." :
                    "They are in the core journal: journal readers (the fix-gateway's brokers) miss nothing.");
                lastEgressDropped = egressDropped;
            }
            final long venueOutBackPressured = counters.venueOutBackPressured().get();
            if (venueOutBackPressured != lastVenueOutBackPressured)
            {
                LOG.warn("venue-out back-pressured: {} requests rejected BACK_PRESSURED in the last second (a " +
                    "subscriber of stream {} is a window behind: requests are offered once each until it reads again)",
                    venueOutBackPressured - lastVenueOutBackPressured, ctx.venueOutStreamId());
                lastVenueOutBackPressured = venueOutBackPressured;
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("peregrine reporter failed", ex);
        }
    }
}
