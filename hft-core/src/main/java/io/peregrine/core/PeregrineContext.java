package io.peregrine.core;

import io.aeron.CommonContext;
import io.aeron.driver.ThreadingMode;
import io.peregrine.core.threading.AgentThreading;
import io.peregrine.config.WakeableIdleStrategy;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.risk.RiskLimits;
import io.peregrine.config.IdleStrategies;
import io.peregrine.config.PeregrineStreams;
import io.peregrine.config.PropertyReader;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of a Peregrine core: Aeron wiring, threading, risk limits, order capacity and venue routing.
 * <p>
 * Fluent, in the style of Aeron's contexts: every setting has a default read from a system property whose name is
 * the public constant next to its default. {@link #conclude()} (called by {@link Peregrine#launch(PeregrineContext)})
 * validates the settings and resolves the remaining defaults; a context is used by one launch only.
 * <p>
 * Edge code: built and read on the launching thread, allocation is fine.
 */
public final class PeregrineContext
{
    /** Whether to launch an embedded media driver; {@code false} connects to an external one (the Aeron way). */
    public static final String EMBEDDED_DRIVER_PROP_NAME = "peregrine.driver.embedded";
    /** Default of {@link #EMBEDDED_DRIVER_PROP_NAME}. */
    public static final boolean EMBEDDED_DRIVER_DEFAULT = true;

    /** Aeron directory; defaults to Aeron's own default ({@code aeron.dir}, else {@code /dev/shm/aeron-<user>}). */
    public static final String AERON_DIR_PROP_NAME = PeregrineStreams.AERON_DIR_PROP_NAME;

    /** Delete the Aeron directory when the embedded driver starts. */
    public static final String DELETE_AERON_DIR_ON_START_PROP_NAME = "peregrine.aeron.dir.delete.on.start";
    /** Default of {@link #DELETE_AERON_DIR_ON_START_PROP_NAME}. */
    public static final boolean DELETE_AERON_DIR_ON_START_DEFAULT = true;

    /** Delete the Aeron directory when the embedded driver shuts down. */
    public static final String DELETE_AERON_DIR_ON_SHUTDOWN_PROP_NAME = "peregrine.aeron.dir.delete.on.shutdown";
    /** Default of {@link #DELETE_AERON_DIR_ON_SHUTDOWN_PROP_NAME}. */
    public static final boolean DELETE_AERON_DIR_ON_SHUTDOWN_DEFAULT = true;

    /** Threading mode of the embedded driver. */
    public static final String DRIVER_THREADING_MODE_PROP_NAME = "peregrine.driver.threading.mode";
    /** Default of {@link #DRIVER_THREADING_MODE_PROP_NAME}: one driver thread, friendly to small machines. */
    public static final String DRIVER_THREADING_MODE_DEFAULT = "SHARED";

    /** Aeron channel of all four streams. */
    public static final String CHANNEL_PROP_NAME = PeregrineStreams.CHANNEL_PROP_NAME;
    /** Default of {@link #CHANNEL_PROP_NAME}. */
    public static final String CHANNEL_DEFAULT = PeregrineStreams.CHANNEL_DEFAULT;

    /** Stream clients offer orders and admin commands on. */
    public static final String INGRESS_STREAM_ID_PROP_NAME = PeregrineStreams.INGRESS_STREAM_ID_PROP_NAME;
    /** Default of {@link #INGRESS_STREAM_ID_PROP_NAME}. */
    public static final int INGRESS_STREAM_ID_DEFAULT = PeregrineStreams.INGRESS_STREAM_ID_DEFAULT;

    /** Stream the core publishes reports on. */
    public static final String EGRESS_STREAM_ID_PROP_NAME = PeregrineStreams.EGRESS_STREAM_ID_PROP_NAME;
    /** Default of {@link #EGRESS_STREAM_ID_PROP_NAME}. */
    public static final int EGRESS_STREAM_ID_DEFAULT = PeregrineStreams.EGRESS_STREAM_ID_DEFAULT;

    /** Stream the core sends venue requests on. */
    public static final String VENUE_OUT_STREAM_ID_PROP_NAME = PeregrineStreams.VENUE_OUT_STREAM_ID_PROP_NAME;
    /** Default of {@link #VENUE_OUT_STREAM_ID_PROP_NAME}. */
    public static final int VENUE_OUT_STREAM_ID_DEFAULT = PeregrineStreams.VENUE_OUT_STREAM_ID_DEFAULT;

    /** Stream venue adapters send executions and session status on. */
    public static final String VENUE_IN_STREAM_ID_PROP_NAME = PeregrineStreams.VENUE_IN_STREAM_ID_PROP_NAME;
    /** Default of {@link #VENUE_IN_STREAM_ID_PROP_NAME}. */
    public static final int VENUE_IN_STREAM_ID_DEFAULT = PeregrineStreams.VENUE_IN_STREAM_ID_DEFAULT;

    /** Idle strategy of the core agent (and of the embedded driver): a name {@link IdleStrategies} knows. */
    public static final String IDLE_STRATEGY_PROP_NAME = "peregrine.idle.strategy";
    /** Default of {@link #IDLE_STRATEGY_PROP_NAME}: backoff, safe on laptops, CI and 2-core machines. */
    public static final String IDLE_STRATEGY_DEFAULT = IdleStrategies.DEFAULT_NAME;

    /** The process-wide backoff park key, defined in {@link IdleStrategies#BACKOFF_MAX_PARK_NS_PROP_NAME}. */
    public static final String IDLE_BACKOFF_MAX_PARK_NS_PROP_NAME = IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME;
    /** Default of {@link #IDLE_BACKOFF_MAX_PARK_NS_PROP_NAME}: 100 us. */
    public static final long IDLE_BACKOFF_MAX_PARK_NS_DEFAULT = IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT;

    /** CPU to pin the core thread to with OpenHFT affinity; -1 for no pinning. */
    public static final String CPU_AFFINITY_PROP_NAME = "peregrine.cpu.affinity";
    /** Default of {@link #CPU_AFFINITY_PROP_NAME}. */
    public static final int CPU_AFFINITY_DEFAULT = -1;

    /** Properties file of risk limits; unset means the demo universe ({@link RiskLimits#demo()}). */
    public static final String RISK_LIMITS_FILE_PROP_NAME = "peregrine.risk.limits.file";

    /** Directory of the persistent risk state; unset keeps risk state in memory. */
    public static final String RISK_STATE_DIR_PROP_NAME = "peregrine.risk.state.dir";

    /** Most orders the core holds at once (working plus recently closed ones kept for late cancels). */
    public static final String ORDER_CAPACITY_PROP_NAME = "peregrine.order.capacity";
    /** Default of {@link #ORDER_CAPACITY_PROP_NAME}. */
    public static final int ORDER_CAPACITY_DEFAULT = 65_536;
    /**
     * Most working orders one account may hold in the order table; more are refused THROTTLED, so one account
     * cannot exhaust the table for the others. 0 (the default) means a quarter of {@link #ORDER_CAPACITY_PROP_NAME}.
     */
    public static final String ORDER_ACCOUNT_CAPACITY_PROP_NAME = "peregrine.order.account.capacity";

    /** Venue id orders are routed to unless their symbol has its own route. */
    public static final String DEFAULT_VENUE_ID_PROP_NAME = "peregrine.venue.default";
    /** Default of {@link #DEFAULT_VENUE_ID_PROP_NAME}. */
    public static final int DEFAULT_VENUE_ID_DEFAULT = 1;

    /** Per-symbol routes, {@code SYMBOL=venueId} separated by commas, e.g. {@code MSFT=2,IBM=3}. */
    public static final String VENUE_ROUTES_PROP_NAME = "peregrine.venue.routes";
    /** Default of {@link #VENUE_ROUTES_PROP_NAME}: none. */
    public static final String VENUE_ROUTES_DEFAULT = "";

    /** Extra attempts of a back-pressured offer, with the offer idle strategy between them, before giving up. */
    public static final String OFFER_RETRIES_PROP_NAME = "peregrine.offer.retries";
    /** Default of {@link #OFFER_RETRIES_PROP_NAME}. */
    public static final int OFFER_RETRIES_DEFAULT = 64;

    /** Fragments taken from the ingress stream per duty cycle (the venue-in stream: up to 4 times as many). */
    public static final String FRAGMENT_LIMIT_PROP_NAME = "peregrine.fragment.limit";
    /** Default of {@link #FRAGMENT_LIMIT_PROP_NAME}. */
    public static final int FRAGMENT_LIMIT_DEFAULT = 32;

    /**
     * Client ids whose admin commands (KillSwitch, Resume, LimitUpdate) the core obeys and who may cancel or replace
     * any order, comma separated. Everyone else gets NOT_AUTHORISED.
     */
    public static final String ADMIN_CLIENT_IDS_PROP_NAME = "peregrine.admin.client.ids";
    /** Default of {@link #ADMIN_CLIENT_IDS_PROP_NAME}: 9900, the ops console's client id (its port, as the gateway's). */
    public static final String ADMIN_CLIENT_IDS_DEFAULT = "9900";

    /**
     * Prefix of the per-account keys {@code peregrine.accounts.<ACCOUNT>.client.ids}: the client ids that may send
     * orders for that account, comma separated. An account without the key may be traded by any client id.
     */
    public static final String ACCOUNT_CLIENT_IDS_PROP_PREFIX = "peregrine.accounts.";
    /** Suffix of the per-account keys, see {@link #ACCOUNT_CLIENT_IDS_PROP_PREFIX}. */
    public static final String ACCOUNT_CLIENT_IDS_PROP_SUFFIX = ".client.ids";

    /**
     * The FIX gateway's client id (the same key the gateway reads): reserved for one ingress publication at a time,
     * so no other local client can have its reports routed to broker sessions while the gateway is connected.
     */
    public static final String GATEWAY_CLIENT_ID_PROP_NAME = "peregrine.gateway.client.id";
    /** Default of {@link #GATEWAY_CLIENT_ID_PROP_NAME}. */
    public static final int GATEWAY_CLIENT_ID_DEFAULT = 9880;

    /**
     * Whether the embedded media driver's Aeron directory is made owner-only (0700, files 0600) once it starts.
     * Anyone who can write that directory can publish on every Peregrine stream: its permissions are the security
     * boundary of Aeron IPC. Set false only if clients run as another user (then use a shared group and umask 007).
     */
    public static final String AERON_DIR_OWNER_ONLY_PROP_NAME = "peregrine.aeron.dir.owner.only";
    /** Default of {@link #AERON_DIR_OWNER_ONLY_PROP_NAME}. */
    public static final boolean AERON_DIR_OWNER_ONLY_DEFAULT = true;

    /**
     * Directory of the core journal (every input and output, in processing order; recovery replays it). Unset: no
     * journal, the core's state lives in memory only. {@code run.sh stack} and {@code run.sh gateway} set
     * {@code data/core}.
     */
    public static final String JOURNAL_DIR_PROP_NAME = "peregrine.journal.dir";
    /** {@code false} runs without the journal even when {@link #JOURNAL_DIR_PROP_NAME} is set (bare-core benchmarks). */
    public static final String JOURNAL_ENABLED_PROP_NAME = "peregrine.journal.enabled";
    /** Default of {@link #JOURNAL_ENABLED_PROP_NAME}. */
    public static final boolean JOURNAL_ENABLED_DEFAULT = true;
    /** Below this many free bytes in the journal directory the core refuses new input (JOURNAL_UNAVAILABLE). */
    public static final String JOURNAL_MIN_FREE_BYTES_PROP_NAME = "peregrine.journal.min.free.bytes";
    /** Default of {@link #JOURNAL_MIN_FREE_BYTES_PROP_NAME}: 64 MiB. */
    public static final long JOURNAL_MIN_FREE_BYTES_DEFAULT = 64L * 1024 * 1024;
    /** Milliseconds between fsyncs of the journal (survive power loss up to that much); 0: never (process kill only). */
    public static final String JOURNAL_FSYNC_INTERVAL_MS_PROP_NAME = "peregrine.journal.fsync.interval.ms";
    /** Default of {@link #JOURNAL_FSYNC_INTERVAL_MS_PROP_NAME}. */
    public static final long JOURNAL_FSYNC_INTERVAL_MS_DEFAULT = 0;
    /** Journal entries between periodic core snapshots (bounds restart time); 0: none by count. */
    public static final String SNAPSHOT_INTERVAL_ENTRIES_PROP_NAME = "peregrine.snapshot.interval.entries";
    /** Default of {@link #SNAPSHOT_INTERVAL_ENTRIES_PROP_NAME}: a snapshot per million entries (~300,000 orders). */
    public static final long SNAPSHOT_INTERVAL_ENTRIES_DEFAULT = 1_000_000;
    /** Milliseconds between periodic core snapshots (when anything was journaled since the last); 0: none by time. */
    public static final String SNAPSHOT_INTERVAL_MS_PROP_NAME = "peregrine.snapshot.interval.ms";
    /** Default of {@link #SNAPSHOT_INTERVAL_MS_PROP_NAME}: every 10 minutes. */
    public static final long SNAPSHOT_INTERVAL_MS_DEFAULT = 600_000;
    /** Core snapshots kept: the newest and older ones to fall back on if it is damaged. */
    public static final String SNAPSHOT_RETAINED_PROP_NAME = "peregrine.snapshot.retained";
    /** Default of {@link #SNAPSHOT_RETAINED_PROP_NAME}. */
    public static final int SNAPSHOT_RETAINED_DEFAULT = 2;

    private boolean concluded;
    private final PropertyReader properties = PropertyReader.system();
    private String aeronDirectoryName = properties.string(AERON_DIR_PROP_NAME, null);
    private boolean embeddedDriver = properties.booleanValue(EMBEDDED_DRIVER_PROP_NAME, EMBEDDED_DRIVER_DEFAULT);
    private boolean deleteAeronDirOnStart =
        properties.booleanValue(DELETE_AERON_DIR_ON_START_PROP_NAME, DELETE_AERON_DIR_ON_START_DEFAULT);
    private boolean deleteAeronDirOnShutdown =
        properties.booleanValue(DELETE_AERON_DIR_ON_SHUTDOWN_PROP_NAME, DELETE_AERON_DIR_ON_SHUTDOWN_DEFAULT);
    private AgentThreading threading = AgentThreading.fromSystemProperty();
    private ThreadingMode driverThreadingMode = threadingMode(
        properties.string(DRIVER_THREADING_MODE_PROP_NAME, DRIVER_THREADING_MODE_DEFAULT));
    private String channel = properties.string(CHANNEL_PROP_NAME, CHANNEL_DEFAULT);
    private int ingressStreamId = properties.intValue(INGRESS_STREAM_ID_PROP_NAME, INGRESS_STREAM_ID_DEFAULT);
    private int egressStreamId = properties.intValue(EGRESS_STREAM_ID_PROP_NAME, EGRESS_STREAM_ID_DEFAULT);
    private int venueOutStreamId = properties.intValue(VENUE_OUT_STREAM_ID_PROP_NAME, VENUE_OUT_STREAM_ID_DEFAULT);
    private int venueInStreamId = properties.intValue(VENUE_IN_STREAM_ID_PROP_NAME, VENUE_IN_STREAM_ID_DEFAULT);
    private String idleStrategyName = properties.string(IDLE_STRATEGY_PROP_NAME, IDLE_STRATEGY_DEFAULT);
    private long idleBackoffMaxParkNs = IdleStrategies.backoffMaxParkNs(properties, null);
    private IdleStrategy idleStrategy;
    private IdleStrategy offerIdleStrategy;
    private int cpuAffinity = properties.intValue(CPU_AFFINITY_PROP_NAME, CPU_AFFINITY_DEFAULT);
    private RiskLimits riskLimits;
    private Path riskStateDir = properties.path(RISK_STATE_DIR_PROP_NAME);
    private int orderCapacity = properties.intValue(ORDER_CAPACITY_PROP_NAME, ORDER_CAPACITY_DEFAULT);
    private int orderAccountCapacity = properties.intValue(ORDER_ACCOUNT_CAPACITY_PROP_NAME, 0);
    private int defaultVenueId = properties.intValue(DEFAULT_VENUE_ID_PROP_NAME, DEFAULT_VENUE_ID_DEFAULT);
    private final Map<String, Integer> venueRoutes = parseRoutes(
        properties.string(VENUE_ROUTES_PROP_NAME, VENUE_ROUTES_DEFAULT));
    private int offerRetries = properties.intValue(OFFER_RETRIES_PROP_NAME, OFFER_RETRIES_DEFAULT);
    private int fragmentLimit = properties.intValue(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
    private Path journalDir = properties.path(JOURNAL_DIR_PROP_NAME);
    private boolean journalEnabled = properties.booleanValue(JOURNAL_ENABLED_PROP_NAME, JOURNAL_ENABLED_DEFAULT);
    private long journalMinFreeBytes =
        properties.longValue(JOURNAL_MIN_FREE_BYTES_PROP_NAME, JOURNAL_MIN_FREE_BYTES_DEFAULT);
    private long journalFsyncIntervalMs =
        properties.longValue(JOURNAL_FSYNC_INTERVAL_MS_PROP_NAME, JOURNAL_FSYNC_INTERVAL_MS_DEFAULT);
    private long snapshotIntervalEntries =
        properties.longValue(SNAPSHOT_INTERVAL_ENTRIES_PROP_NAME, SNAPSHOT_INTERVAL_ENTRIES_DEFAULT);
    private long snapshotIntervalMs = properties.longValue(SNAPSHOT_INTERVAL_MS_PROP_NAME, SNAPSHOT_INTERVAL_MS_DEFAULT);
    private int snapshotRetained = properties.intValue(SNAPSHOT_RETAINED_PROP_NAME, SNAPSHOT_RETAINED_DEFAULT);
    private Set<Integer> adminClientIds = parseClientIds(
        ADMIN_CLIENT_IDS_PROP_NAME, properties.string(ADMIN_CLIENT_IDS_PROP_NAME, ADMIN_CLIENT_IDS_DEFAULT));
    private final Map<String, Set<Integer>> accountClientIds = accountClientIdsProperties(properties);
    private int gatewayClientId = properties.intValue(GATEWAY_CLIENT_ID_PROP_NAME, GATEWAY_CLIENT_ID_DEFAULT);
    private boolean aeronDirOwnerOnly =
        properties.booleanValue(AERON_DIR_OWNER_ONLY_PROP_NAME, AERON_DIR_OWNER_ONLY_DEFAULT);

    /**
     * Validates the settings and fills in the defaults that need resolving. Called by
     * {@link Peregrine#launch(PeregrineContext)}; calling it again is harmless.
     *
     * @return this.
     * @throws IllegalArgumentException if a setting is invalid.
     */
    public PeregrineContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (null == aeronDirectoryName || aeronDirectoryName.isBlank())
        {
            aeronDirectoryName = CommonContext.getAeronDirectoryName();
        }
        require(null != channel && channel.startsWith("aeron:"), "channel must be an Aeron URI: " + channel);
        require(ingressStreamId != egressStreamId && ingressStreamId != venueOutStreamId &&
            ingressStreamId != venueInStreamId && egressStreamId != venueOutStreamId &&
            egressStreamId != venueInStreamId && venueOutStreamId != venueInStreamId,
            "the four stream ids must differ: " + ingressStreamId + ", " + egressStreamId + ", " +
            venueOutStreamId + ", " + venueInStreamId);
        require(orderCapacity > 0 && orderCapacity <= (1 << 24), "orderCapacity must be in 1..16M: " + orderCapacity);
        require(orderAccountCapacity >= 0 && orderAccountCapacity <= orderCapacity,
            ORDER_ACCOUNT_CAPACITY_PROP_NAME + " must be 0 (a quarter of the order capacity) or 1.." + orderCapacity +
            ": " + orderAccountCapacity);
        require(defaultVenueId > 0, "defaultVenueId must be positive: " + defaultVenueId);
        require(offerRetries >= 0, "offerRetries must be >= 0: " + offerRetries);
        require(fragmentLimit > 0, "fragmentLimit must be > 0: " + fragmentLimit);
        require(cpuAffinity >= -1, "cpuAffinity must be -1 (none) or a cpu id: " + cpuAffinity);
        for (final Map.Entry<String, Integer> route : venueRoutes.entrySet())
        {
            require(PackedAscii.isPackable(route.getKey()), "route symbol is not 1-8 ASCII chars: " + route.getKey());
            require(route.getValue() > 0, "route venue id must be positive: " + route);
        }
        IdleStrategies.checkMaxParkNs(IDLE_BACKOFF_MAX_PARK_NS_PROP_NAME, idleBackoffMaxParkNs);
        require(journalMinFreeBytes >= 0, JOURNAL_MIN_FREE_BYTES_PROP_NAME + " must be >= 0: " + journalMinFreeBytes);
        require(journalFsyncIntervalMs >= 0,
            JOURNAL_FSYNC_INTERVAL_MS_PROP_NAME + " must be >= 0: " + journalFsyncIntervalMs);
        require(snapshotIntervalEntries >= 0,
            SNAPSHOT_INTERVAL_ENTRIES_PROP_NAME + " must be >= 0: " + snapshotIntervalEntries);
        require(snapshotIntervalMs >= 0, SNAPSHOT_INTERVAL_MS_PROP_NAME + " must be >= 0: " + snapshotIntervalMs);
        require(snapshotRetained >= 1, SNAPSHOT_RETAINED_PROP_NAME + " must be >= 1: " + snapshotRetained);
        // Both would hold positions: replaying the journal onto persisted positions would count every fill twice.
        require(!journalOn() || null == riskStateDir, JOURNAL_DIR_PROP_NAME + " and " + RISK_STATE_DIR_PROP_NAME +
            " are both set: with the journal on, the core rebuilds risk state from the journal; unset " +
            RISK_STATE_DIR_PROP_NAME + " (or set " + JOURNAL_ENABLED_PROP_NAME + "=false)");
        require(!adminClientIds.contains(gatewayClientId), ADMIN_CLIENT_IDS_PROP_NAME + " must not contain the " +
            "gateway's client id " + gatewayClientId + " (" + GATEWAY_CLIENT_ID_PROP_NAME + "): broker sessions " +
            "would become admins");
        for (final String account : accountClientIds.keySet())
        {
            require(PackedAscii.isPackable(account), ACCOUNT_CLIENT_IDS_PROP_PREFIX + account +
                ACCOUNT_CLIENT_IDS_PROP_SUFFIX + ": the account is not 1-8 ASCII characters");
        }
        if (null == idleStrategy)
        {
            idleStrategy =
                IdleStrategies.newIdleStrategy(IDLE_STRATEGY_PROP_NAME, idleStrategyName, idleBackoffMaxParkNs);
        }
        if (null == offerIdleStrategy)
        {
            offerIdleStrategy =
                IdleStrategies.newIdleStrategy(IDLE_STRATEGY_PROP_NAME, idleStrategyName, idleBackoffMaxParkNs);
        }
        if (null == riskLimits)
        {
            final Path limitsFile = properties.path(RISK_LIMITS_FILE_PROP_NAME);
            riskLimits = null == limitsFile ? RiskLimits.demo() : RiskLimits.load(limitsFile);
        }
        concluded = true;
        return this;
    }

    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @param aeronDirectoryName Aeron directory of the (embedded or external) media driver.
     * @return this.
     */
    public PeregrineContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    public boolean embeddedDriver()
    {
        return embeddedDriver;
    }

    /**
     * @param embeddedDriver true (default) launches a media driver in process; false connects to an external
     *                       driver already running on {@link #aeronDirectoryName()}.
     * @return this.
     */
    public PeregrineContext embeddedDriver(final boolean embeddedDriver)
    {
        this.embeddedDriver = embeddedDriver;
        return this;
    }

    public boolean deleteAeronDirOnStart()
    {
        return deleteAeronDirOnStart;
    }

    /**
     * @param delete whether the embedded driver deletes an existing Aeron directory when it starts.
     * @return this.
     */
    public PeregrineContext deleteAeronDirOnStart(final boolean delete)
    {
        this.deleteAeronDirOnStart = delete;
        return this;
    }

    public boolean deleteAeronDirOnShutdown()
    {
        return deleteAeronDirOnShutdown;
    }

    /**
     * @param delete whether the embedded driver deletes its Aeron directory when it shuts down.
     * @return this.
     */
    public PeregrineContext deleteAeronDirOnShutdown(final boolean delete)
    {
        this.deleteAeronDirOnShutdown = delete;
        return this;
    }

    /**
     * @return dedicated: the core agent on its own thread; shared: on the process's {@code SharedAgentThread}
     *         with the gateway's agents ({@value AgentThreading#PROP_NAME}).
     */
    public AgentThreading threading()
    {
        return threading;
    }

    /**
     * @param threading how the core agent maps onto a thread ({@value AgentThreading#PROP_NAME}).
     * @return this.
     */
    public PeregrineContext threading(final AgentThreading threading)
    {
        this.threading = threading;
        return this;
    }

    public ThreadingMode driverThreadingMode()
    {
        return driverThreadingMode;
    }

    /**
     * @param mode threading mode of the embedded driver, SHARED by default.
     * @return this.
     */
    public PeregrineContext driverThreadingMode(final ThreadingMode mode)
    {
        this.driverThreadingMode = mode;
        return this;
    }

    public String channel()
    {
        return channel;
    }

    /**
     * @param channel Aeron channel of the four streams.
     * @return this.
     */
    public PeregrineContext channel(final String channel)
    {
        this.channel = channel;
        return this;
    }

    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    public PeregrineContext ingressStreamId(final int streamId)
    {
        this.ingressStreamId = streamId;
        return this;
    }

    public int egressStreamId()
    {
        return egressStreamId;
    }

    public PeregrineContext egressStreamId(final int streamId)
    {
        this.egressStreamId = streamId;
        return this;
    }

    public int venueOutStreamId()
    {
        return venueOutStreamId;
    }

    public PeregrineContext venueOutStreamId(final int streamId)
    {
        this.venueOutStreamId = streamId;
        return this;
    }

    public int venueInStreamId()
    {
        return venueInStreamId;
    }

    public PeregrineContext venueInStreamId(final int streamId)
    {
        this.venueInStreamId = streamId;
        return this;
    }

    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @param idleStrategy of the core agent's duty cycle and of the embedded shared driver; this instance belongs to
     *                     the core agent thread.
     * @return this.
     */
    public PeregrineContext idleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /**
     * @param name idle strategy name as in {@link #IDLE_STRATEGY_PROP_NAME}, for the agent, driver and offer retries.
     * @return this.
     */
    public PeregrineContext idleStrategyName(final String name)
    {
        this.idleStrategyName = name;
        return this;
    }

    public String idleStrategyName()
    {
        return idleStrategyName;
    }

    public long idleBackoffMaxParkNs()
    {
        return idleBackoffMaxParkNs;
    }

    /**
     * @param parkNs longest park of the {@code backoff} strategy of the core agent, the embedded driver and the offer
     *               retries ({@link #IDLE_BACKOFF_MAX_PARK_NS_PROP_NAME}); checked by {@link #conclude()}.
     * @return this.
     */
    public PeregrineContext idleBackoffMaxParkNs(final long parkNs)
    {
        this.idleBackoffMaxParkNs = parkNs;
        return this;
    }

    public IdleStrategy offerIdleStrategy()
    {
        return offerIdleStrategy;
    }

    /**
     * @param idleStrategy used between attempts of a back-pressured offer (a separate instance from the agent's).
     * @return this.
     */
    public PeregrineContext offerIdleStrategy(final IdleStrategy idleStrategy)
    {
        this.offerIdleStrategy = idleStrategy;
        return this;
    }

    public int cpuAffinity()
    {
        return cpuAffinity;
    }

    /**
     * @param cpuId to pin the core thread to (best effort), -1 for none.
     * @return this.
     */
    public PeregrineContext cpuAffinity(final int cpuId)
    {
        this.cpuAffinity = cpuId;
        return this;
    }

    public RiskLimits riskLimits()
    {
        return riskLimits;
    }

    public PeregrineContext riskLimits(final RiskLimits riskLimits)
    {
        this.riskLimits = riskLimits;
        return this;
    }

    public Path riskStateDir()
    {
        return riskStateDir;
    }

    /**
     * @param riskStateDir directory of persistent risk state, or null to keep it in memory.
     * @return this.
     */
    public PeregrineContext riskStateDir(final Path riskStateDir)
    {
        this.riskStateDir = riskStateDir;
        return this;
    }

    public int orderCapacity()
    {
        return orderCapacity;
    }

    /**
     * @return most working orders per account: the configured value, or a quarter of the order capacity when 0.
     */
    public int orderAccountCapacity()
    {
        return 0 == orderAccountCapacity ? Math.max(1, orderCapacity / 4) : orderAccountCapacity;
    }

    /**
     * @param orderAccountCapacity most working orders per account; 0 for a quarter of the order capacity.
     * @return this.
     */
    public PeregrineContext orderAccountCapacity(final int orderAccountCapacity)
    {
        this.orderAccountCapacity = orderAccountCapacity;
        return this;
    }

    public PeregrineContext orderCapacity(final int orderCapacity)
    {
        this.orderCapacity = orderCapacity;
        return this;
    }

    public int defaultVenueId()
    {
        return defaultVenueId;
    }

    public PeregrineContext defaultVenueId(final int venueId)
    {
        this.defaultVenueId = venueId;
        return this;
    }

    /**
     * Routes a symbol to a venue other than the default one.
     *
     * @param symbol  1 to 8 ASCII characters.
     * @param venueId positive venue id.
     * @return this.
     */
    public PeregrineContext venueIdForSymbol(final String symbol, final int venueId)
    {
        venueRoutes.put(symbol, venueId);
        return this;
    }

    /**
     * @return the per-symbol routes, read only.
     */
    public Map<String, Integer> venueRoutes()
    {
        return Collections.unmodifiableMap(venueRoutes);
    }

    public int offerRetries()
    {
        return offerRetries;
    }

    public PeregrineContext offerRetries(final int offerRetries)
    {
        this.offerRetries = offerRetries;
        return this;
    }

    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    public PeregrineContext fragmentLimit(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
        return this;
    }

    /**
     * @param text   comma separated client ids.
     * @param key    property name, for the error message.
     * @return the ids, in order.
     * @throws IllegalArgumentException naming the key when an entry is not an int32.
     */
    public static Set<Integer> parseClientIds(final String key, final String text)
    {
        final Set<Integer> ids = new LinkedHashSet<>();
        for (final String entry : text.split(","))
        {
            if (!entry.isBlank())
            {
                try
                {
                    ids.add(Integer.parseInt(entry.trim()));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException(key + ": '" + entry.trim() + "' is not a client id (int32)");
                }
            }
        }
        return Collections.unmodifiableSet(ids);
    }

    private static Map<String, Set<Integer>> accountClientIdsProperties(final PropertyReader properties)
    {
        final Map<String, Set<Integer>> result = new LinkedHashMap<>();
        for (final String key : properties.keysStartingWith(ACCOUNT_CLIENT_IDS_PROP_PREFIX))
        {
            if (key.endsWith(ACCOUNT_CLIENT_IDS_PROP_SUFFIX) &&
                key.length() > ACCOUNT_CLIENT_IDS_PROP_PREFIX.length() + ACCOUNT_CLIENT_IDS_PROP_SUFFIX.length())
            {
                final String account = key.substring(
                    ACCOUNT_CLIENT_IDS_PROP_PREFIX.length(), key.length() - ACCOUNT_CLIENT_IDS_PROP_SUFFIX.length());
                result.put(account, parseClientIds(key, properties.string(key, "")));
            }
        }
        return result;
    }

    public Set<Integer> adminClientIds()
    {
        return adminClientIds;
    }

    /**
     * @param clientIds whose admin commands are obeyed and who may cancel or replace any order
     *                  ({@link #ADMIN_CLIENT_IDS_PROP_NAME}); none for no admin over Aeron.
     * @return this.
     */
    public PeregrineContext adminClientIds(final int... clientIds)
    {
        final Set<Integer> ids = new LinkedHashSet<>();
        for (final int id : clientIds)
        {
            ids.add(id);
        }
        this.adminClientIds = Collections.unmodifiableSet(ids);
        return this;
    }

    /**
     * @return account to the client ids that may trade it; accounts not in the map are open to every client.
     */
    public Map<String, Set<Integer>> accountClientIds()
    {
        return Collections.unmodifiableMap(accountClientIds);
    }

    /**
     * @param account   an account, 1-8 ASCII characters.
     * @param clientIds the only client ids that may send orders for it
     *                  ({@code peregrine.accounts.<ACCOUNT>.client.ids}); include the gateway's id if brokers trade it.
     * @return this.
     */
    public PeregrineContext accountClientIds(final String account, final int... clientIds)
    {
        final Set<Integer> ids = new LinkedHashSet<>();
        for (final int id : clientIds)
        {
            ids.add(id);
        }
        accountClientIds.put(account, Collections.unmodifiableSet(ids));
        return this;
    }

    public boolean aeronDirOwnerOnly()
    {
        return aeronDirOwnerOnly;
    }

    /**
     * @param ownerOnly whether the embedded driver's Aeron directory is made 0700 / files 0600
     *                  ({@link #AERON_DIR_OWNER_ONLY_PROP_NAME}).
     * @return this.
     */
    public PeregrineContext aeronDirOwnerOnly(final boolean ownerOnly)
    {
        this.aeronDirOwnerOnly = ownerOnly;
        return this;
    }

    public int gatewayClientId()
    {
        return gatewayClientId;
    }

    /**
     * @param clientId the FIX gateway's client id ({@link #GATEWAY_CLIENT_ID_PROP_NAME}), reserved for it.
     * @return this.
     */
    public PeregrineContext gatewayClientId(final int clientId)
    {
        this.gatewayClientId = clientId;
        return this;
    }

    /**
     * @return the core journal directory, or null for none.
     */
    public Path journalDir()
    {
        return journalDir;
    }

    /**
     * @param journalDir core journal directory, or null to run without a journal.
     * @return this.
     */
    public PeregrineContext journalDir(final Path journalDir)
    {
        this.journalDir = journalDir;
        return this;
    }

    public boolean journalEnabled()
    {
        return journalEnabled;
    }

    /**
     * @param enabled false runs without the journal even when a directory is set.
     * @return this.
     */
    public PeregrineContext journalEnabled(final boolean enabled)
    {
        this.journalEnabled = enabled;
        return this;
    }

    /**
     * @return whether the core journals (enabled and a directory set).
     */
    public boolean journalOn()
    {
        return journalEnabled && null != journalDir;
    }

    public long journalMinFreeBytes()
    {
        return journalMinFreeBytes;
    }

    /**
     * @param bytes free space below which the core refuses input rather than act unjournaled.
     * @return this.
     */
    public PeregrineContext journalMinFreeBytes(final long bytes)
    {
        this.journalMinFreeBytes = bytes;
        return this;
    }

    public long journalFsyncIntervalMs()
    {
        return journalFsyncIntervalMs;
    }

    /**
     * @param intervalMs milliseconds between fsyncs of the journal; 0 never syncs (survives a process kill, not a
     *                   power loss).
     * @return this.
     */
    public PeregrineContext journalFsyncIntervalMs(final long intervalMs)
    {
        this.journalFsyncIntervalMs = intervalMs;
        return this;
    }

    public long snapshotIntervalEntries()
    {
        return snapshotIntervalEntries;
    }

    /**
     * @param entries journal entries between periodic core snapshots; 0 for none by count.
     * @return this.
     */
    public PeregrineContext snapshotIntervalEntries(final long entries)
    {
        this.snapshotIntervalEntries = entries;
        return this;
    }

    public long snapshotIntervalMs()
    {
        return snapshotIntervalMs;
    }

    /**
     * @param intervalMs milliseconds between periodic core snapshots; 0 for none by time.
     * @return this.
     */
    public PeregrineContext snapshotIntervalMs(final long intervalMs)
    {
        this.snapshotIntervalMs = intervalMs;
        return this;
    }

    public int snapshotRetained()
    {
        return snapshotRetained;
    }

    /**
     * @param retained core snapshots kept (the newest and older fallbacks), at least 1.
     * @return this.
     */
    public PeregrineContext snapshotRetained(final int retained)
    {
        this.snapshotRetained = retained;
        return this;
    }

    /**
     * The configuration the core's decisions depend on, as text: a core snapshot taken under another one is not
     * used (recovery replays the journal under today's configuration instead). Edge; allocates.
     *
     * @return order capacities, routes, access rules and the risk limits, in a stable order.
     */
    public String logicFingerprint()
    {
        final StringBuilder text = new StringBuilder()
            .append("orderCapacity=").append(orderCapacity)
            .append(";orderAccountCapacity=").append(orderAccountCapacity())
            .append(";defaultVenueId=").append(defaultVenueId)
            .append(";venueRoutes=").append(new java.util.TreeMap<>(venueRoutes))
            .append(";adminClientIds=").append(new java.util.TreeSet<>(adminClientIds))
            .append(";accountClientIds=");
        new java.util.TreeMap<>(accountClientIds).forEach((account, ids) ->
            text.append(account).append(new java.util.TreeSet<>(ids)).append(','));
        text.append(";gatewayClientId=").append(gatewayClientId).append(";limits=");
        final java.util.Properties limits = riskLimits().toProperties();
        new java.util.TreeSet<>(limits.stringPropertyNames()).forEach((key) ->
            text.append(key).append('=').append(limits.getProperty(key)).append(','));
        return text.toString();
    }

    public String toString()
    {
        return "PeregrineContext{aeronDirectoryName=" + aeronDirectoryName + ", embeddedDriver=" + embeddedDriver +
            ", threading=" + threading.configName() + ", driverThreadingMode=" + driverThreadingMode + ", channel=" + channel + ", streams=" + ingressStreamId +
            "/" + egressStreamId + "/" + venueOutStreamId + "/" + venueInStreamId + ", idleStrategy=" +
            idleStrategyName + ", idleBackoffMaxParkNs=" + idleBackoffMaxParkNs + ", cpuAffinity=" + cpuAffinity +
            ", riskStateDir=" + riskStateDir +
            ", orderCapacity=" + orderCapacity + ", orderAccountCapacity=" + orderAccountCapacity() +
            ", defaultVenueId=" + defaultVenueId + ", venueRoutes=" +
            venueRoutes + ", offerRetries=" + offerRetries + ", fragmentLimit=" + fragmentLimit +
            ", adminClientIds=" + adminClientIds + ", accountClientIds=" + accountClientIds + ", gatewayClientId=" +
            gatewayClientId + ", journal=" + (journalOn() ? journalDir : "off") + "}";
    }

    private static Map<String, Integer> parseRoutes(final String text)
    {
        final Map<String, Integer> routes = new LinkedHashMap<>();
        for (final String entry : text.split(","))
        {
            if (entry.isBlank())
            {
                continue;
            }
            final int eq = entry.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException(VENUE_ROUTES_PROP_NAME + " entry is not SYMBOL=venueId: " + entry);
            }
            routes.put(entry.substring(0, eq).trim(), Integer.parseInt(entry.substring(eq + 1).trim()));
        }
        return routes;
    }

    private static ThreadingMode threadingMode(final String name)
    {
        try
        {
            return ThreadingMode.valueOf(name.toUpperCase());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(DRIVER_THREADING_MODE_PROP_NAME + " must be SHARED, SHARED_NETWORK, " +
                "DEDICATED or INVOKER, got '" + name + "'", ex);
        }
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
