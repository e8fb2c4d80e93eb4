package io.peregrine.core;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.peregrine.config.IdleStrategies;
import io.peregrine.core.admin.TradingGates;
import io.peregrine.core.egress.ClientReports;
import io.peregrine.core.egress.RetryingPublication;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournaledPublication;
import io.peregrine.core.journal.LogicClock;
import io.peregrine.core.journal.Recovery;
import io.peregrine.core.order.AccountOrderCapacity;
import io.peregrine.core.order.OrderTable;
import io.peregrine.core.venue.VenueRequests;
import io.peregrine.core.venue.VenueRoutes;
import io.peregrine.core.venue.VenueSessions;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.risk.AccountLimits;
import io.peregrine.risk.PreTradeRisk;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running Peregrine core: the media driver (embedded unless configured external), an Aeron client, the
 * {@link CoreAgent} on its own {@link AgentRunner} thread, and a low-priority reporting thread that samples
 * latency every second and warns (at most once a second) when egress reports are being dropped.
 * <p>
 * {@link #launch(PeregrineContext)} and {@link #close()} are edge calls (allocate, block briefly); accessors are
 * thread safe.
 */
public final class Peregrine implements AutoCloseable
{
    /** Aeron counter type id: input refused or held back because the journal was unavailable. */
    public static final int JOURNAL_REFUSED_COUNTER_TYPE_ID = 1100;
    /** Longest wait, during recovery, for a venue adapter before publishing a request the journal lacks. */
    static final long RECOVERY_VENUE_CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private static final Logger LOG = LoggerFactory.getLogger(Peregrine.class);

    private final PeregrineContext ctx;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final CoreCounters counters;
    private final LatencyStats latency;
    private final PreTradeRisk risk;
    private final ClientAuthorisation authorisation;
    private final CoreAgent agent;
    private final AgentRunner runner;
    private final ScheduledExecutorService reporter;
    private final CoreJournal journal;
    private final Counter journalRefused;
    private final Recovery recovery;
    private long lastEgressDropped;
    private long lastVenueOutBackPressured;

    private Peregrine(final PeregrineContext ctx)
    {
        this.ctx = ctx;
        MediaDriver driver = null;
        Aeron aeron = null;
        CoreCounters counters = null;
        PreTradeRisk risk = null;
        AgentRunner runner = null;
        ScheduledExecutorService reporter = null;
        CoreJournal journal = null;
        Counter journalRefused = null;
        Recovery recovery = null;
        try
        {
            if (ctx.journalOn())
            {
                // First, so that a journal this core cannot read stops the start before anything else runs.
                journal = CoreJournal.open(ctx.journalDir(), ctx.journalMinFreeBytes());
            }
            if (ctx.embeddedDriver())
            {
                final String idle = ctx.idleStrategyName();
                final long parkNs = ctx.idleBackoffMaxParkNs();
                driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(ctx.aeronDirectoryName())
                    .threadingMode(ctx.driverThreadingMode())
                    .sharedIdleStrategy(IdleStrategies.newIdleStrategy(PeregrineContext.IDLE_STRATEGY_PROP_NAME, idle, parkNs))
                    .sharedNetworkIdleStrategy(IdleStrategies.newIdleStrategy(PeregrineContext.IDLE_STRATEGY_PROP_NAME, idle, parkNs))
                    .conductorIdleStrategy(IdleStrategies.newIdleStrategy(PeregrineContext.IDLE_STRATEGY_PROP_NAME, idle, parkNs))
                    .senderIdleStrategy(IdleStrategies.newIdleStrategy(PeregrineContext.IDLE_STRATEGY_PROP_NAME, idle, parkNs))
                    .receiverIdleStrategy(IdleStrategies.newIdleStrategy(PeregrineContext.IDLE_STRATEGY_PROP_NAME, idle, parkNs))
                    .dirDeleteOnStart(ctx.deleteAeronDirOnStart())
                    .dirDeleteOnShutdown(ctx.deleteAeronDirOnShutdown()));
                if (ctx.aeronDirOwnerOnly())
                {
                    OwnerOnlyFiles.restrict(Path.of(driver.aeronDirectoryName()));
                }
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName()));
            counters = new CoreCounters(aeron);
            journalRefused = aeron.addCounter(
                JOURNAL_REFUSED_COUNTER_TYPE_ID, "peregrine: input refused or held, journal unavailable");
            if (null == ctx.riskStateDir())
            {
                risk = PreTradeRisk.inMemory(ctx.riskLimits());
            }
            else
            {
                risk = PreTradeRisk.persistent(
                    ctx.riskLimits(), OwnerOnlyFiles.createDirectories(ctx.riskStateDir()));
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
            this.latency = new LatencyStats();
            final ErrorHandler errorHandler = (throwable) -> LOG.error("peregrine core error", throwable);
            final Subscription ingress = aeron.addSubscription(ctx.channel(), ctx.ingressStreamId());
            this.authorisation = clientAuthorisation(ctx, aeron, ingress);
            this.agent = new CoreAgent(
                ingress,
                aeron.addSubscription(ctx.channel(), ctx.venueInStreamId()),
                new OrderTable(ctx.orderCapacity(), new AccountOrderCapacity(ctx.orderAccountCapacity(), 64)),
                risk,
                new ClientReports(egress, counters.egressDropped(), logicClock, counters::onReject),
                new VenueRequests(venueOut, logicClock),
                new VenueRoutes(ctx.defaultVenueId(), ctx.venueRoutes()),
                new VenueSessions(),
                new TradingGates(counters.symbolsKilled(), counters.venuesPaused()),
                counters,
                latency,
                clock,
                logicClock,
                journal,
                journalRefused,
                errorHandler,
                ctx.fragmentLimit(),
                ctx.cpuAffinity(),
                authorisation);
            reporter = Executors.newSingleThreadScheduledExecutor((runnable) ->
            {
                final Thread thread = new Thread(runnable, "peregrine-reporter");
                thread.setDaemon(true);
                return thread;
            });
            if (null != journal)
            {
                // Before the core thread starts (Thread.start publishes the rebuilt state to it).
                final CoreAgent replayInto = agent;
                recovery = Recovery.replay(journal, replayInto::replayInput, RECOVERY_VENUE_CONNECT_TIMEOUT_NS,
                    egress, venueOut);
                journal.handOverAppender();
            }
            runner = new AgentRunner(ctx.idleStrategy(), errorHandler, counters.errors(), agent);
            AgentRunner.startOnThread(runner);
        }
        catch (final RuntimeException ex)
        {
            if (null != reporter)
            {
                reporter.shutdownNow();
            }
            CloseHelper.quietCloseAll(runner, journal, risk, journalRefused, counters, aeron, driver);
            throw ex;
        }
        this.journal = journal;
        this.journalRefused = journalRefused;
        this.recovery = recovery;
        this.runner = runner;
        this.reporter = reporter;
        this.driver = driver;
        this.aeron = aeron;
        this.counters = counters;
        this.risk = risk;
        reporter.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
        if (null != journal && ctx.journalFsyncIntervalMs() > 0)
        {
            reporter.scheduleAtFixedRate(this::syncJournal, ctx.journalFsyncIntervalMs(), ctx.journalFsyncIntervalMs(),
                TimeUnit.MILLISECONDS);
        }
        LOG.info("peregrine core started: {}", ctx);
    }

    private static ClientAuthorisation clientAuthorisation(
        final PeregrineContext ctx, final Aeron aeron, final Subscription ingress)
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
                open, PeregrineContext.ACCOUNT_CLIENT_IDS_PROP_PREFIX, PeregrineContext.ACCOUNT_CLIENT_IDS_PROP_SUFFIX);
        }
        LOG.info("admin commands accepted from client ids {}; client id {} reserved for the FIX gateway",
            ctx.adminClientIds(), ctx.gatewayClientId());
        return new ClientAuthorisation(ctx.adminClientIds(), byAccount, ctx.gatewayClientId(), ingress,
            aeron.addCounter(ClientAuthorisation.NOT_AUTHORISED_COUNTER_TYPE_ID,
                "peregrine: requests refused NOT_AUTHORISED"));
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
        CloseHelper.close(runner);
        reporter.shutdownNow();
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
        if (null != journal && ctx.journalFsyncIntervalMs() > 0)
        {
            syncJournal();
        }
        CloseHelper.quietCloseAll(journal, risk, journalRefused, counters, aeron, driver);
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

    private void report()
    {
        try
        {
            latency.sample();
            if (null != journal)
            {
                journal.checkSpace();
            }
            final long egressDropped = counters.egressDropped().get();
            if (egressDropped != lastEgressDropped)
            {
                LOG.warn("egress back-pressured or unsubscribed: {} reports dropped in the last second ({} in all)",
                    egressDropped - lastEgressDropped, egressDropped);
                lastEgressDropped = egressDropped;
            }
            final long venueOutBackPressured = counters.venueOutBackPressured().get();
            if (venueOutBackPressured != lastVenueOutBackPressured)
            {
                LOG.warn("venue-out back-pressured: {} requests rejected BACK_PRESSURED in the last second",
                    venueOutBackPressured - lastVenueOutBackPressured);
                lastVenueOutBackPressured = venueOutBackPressured;
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("peregrine reporter failed", ex);
        }
    }
}
