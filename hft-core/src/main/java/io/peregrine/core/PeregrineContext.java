package io.peregrine.core;

import io.aeron.CommonContext;
import io.aeron.driver.ThreadingMode;
import io.peregrine.config.FamilyKeyCheck;
import io.peregrine.config.IdleStrategies;
import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PropertyReader;
import io.peregrine.core.threading.AgentThreading;
import io.peregrine.config.WakeableIdleStrategy;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.risk.AccountLimits;
import io.peregrine.risk.RiskLimits;
import io.peregrine.risk.TradingDay;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Configuration of a Peregrine core: Aeron wiring, threading, risk limits, order capacity and venue routing.
 * <p>
 * Fluent, in the style of Aeron's contexts: every setting has a default read from a system property; the keys and
 * their defaults are declared once in {@link Core} (the gateway's client id in {@link Gateway}).
 * {@link #conclude()} (called by {@link Peregrine#launch(PeregrineContext)}) validates the settings and resolves the
 * remaining defaults; a context is used by one launch only.
 * <p>
 * Edge code: built and read on the launching thread, allocation is fine.
 */
public final class PeregrineContext
{
    private boolean concluded;
    private final PropertyReader properties = PropertyReader.system();
    private String aeronDirectoryName = Core.AERON_DIR.read(properties);
    private boolean embeddedDriver = Core.EMBEDDED_DRIVER.read(properties);
    private boolean deleteAeronDirOnStart = Core.DELETE_AERON_DIR_ON_START.read(properties);
    private boolean deleteAeronDirOnShutdown = Core.DELETE_AERON_DIR_ON_SHUTDOWN.read(properties);
    private AgentThreading threading = AgentThreading.fromSystemProperty();
    private ThreadingMode driverThreadingMode = threadingMode(Core.DRIVER_THREADING_MODE.read(properties));
    private String channel = Core.CHANNEL.read(properties);
    private ToLongFunction<Path> aeronDirUsableSpace = AeronDirectorySpace::usableSpace;
    private int ingressStreamId = Core.INGRESS_STREAM_ID.read(properties);
    private int egressStreamId = Core.EGRESS_STREAM_ID.read(properties);
    private int venueOutStreamId = Core.VENUE_OUT_STREAM_ID.read(properties);
    private int venueInStreamId = Core.VENUE_IN_STREAM_ID.read(properties);
    private String idleStrategyName = Core.IDLE_STRATEGY.read(properties);
    private long idleBackoffMaxParkNs = IdleStrategies.backoffMaxParkNs(properties, null);
    private IdleStrategy idleStrategy;
    private IdleStrategy offerIdleStrategy;
    private int cpuAffinity = Core.CPU_AFFINITY.read(properties);
    private RiskLimits riskLimits;
    private Path riskStateDir = Core.RISK_STATE_DIR.read(properties);
    private TradingDay riskTradingDay = parseTradingDay(Core.RISK_DAY_START.read(properties));
    private int orderCapacity = Core.ORDER_CAPACITY.read(properties);
    private int orderAccountCapacity = Core.ORDER_ACCOUNT_CAPACITY.read(properties);
    private int defaultVenueId = Core.DEFAULT_VENUE_ID.read(properties);
    private final Map<String, Integer> venueRoutes = parseRoutes(Core.VENUE_ROUTES.read(properties));
    private int offerRetries = Core.OFFER_RETRIES.read(properties);
    private int fragmentLimit = Core.FRAGMENT_LIMIT.read(properties);
    private Path journalDir = Core.JOURNAL_DIR.read(properties);
    private boolean journalEnabled = Core.JOURNAL_ENABLED.read(properties);
    private long journalMinFreeBytes = Core.JOURNAL_MIN_FREE_BYTES.read(properties);
    private long journalHardMinFreeBytes = Core.JOURNAL_HARD_MIN_FREE_BYTES.read(properties);
    private long journalFsyncIntervalMs = Core.JOURNAL_FSYNC_INTERVAL_MS.read(properties);
    private long snapshotIntervalEntries = Core.SNAPSHOT_INTERVAL_ENTRIES.read(properties);
    private long snapshotIntervalMs = Core.SNAPSHOT_INTERVAL_MS.read(properties);
    private int snapshotRetained = Core.SNAPSHOT_RETAINED.read(properties);
    private int journalRetainCycles = Core.JOURNAL_RETAIN_CYCLES.read(properties);
    private boolean journalAcceptReplayMismatches = Core.JOURNAL_ACCEPT_REPLAY_MISMATCHES.read(properties);
    private java.util.List<Path> journalRetainReaderPositions =
        paths(Core.JOURNAL_RETAIN_READER_POSITIONS.read(properties));
    private Set<Integer> adminClientIds = parseClientIds(
        Core.ADMIN_CLIENT_IDS.name(), Core.ADMIN_CLIENT_IDS.read(properties));
    private final Map<String, Set<Integer>> accountClientIds = accountClientIdsProperties(properties);
    private int gatewayClientId = Gateway.CLIENT_ID.read(properties);
    private boolean aeronDirOwnerOnly = Core.AERON_DIR_OWNER_ONLY.read(properties);

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
        // Each key's own range (the message a configuration file's value gets too, KeyCatalog.checkValues).
        Core.ORDER_CAPACITY.check(orderCapacity);
        Core.ORDER_ACCOUNT_CAPACITY.check(orderAccountCapacity);
        require(orderAccountCapacity <= orderCapacity,
            Core.ORDER_ACCOUNT_CAPACITY.name() + " must be 0 (a quarter of the order capacity) or 1.." + orderCapacity +
            ": " + orderAccountCapacity);
        Core.DEFAULT_VENUE_ID.check(defaultVenueId);
        Core.OFFER_RETRIES.check(offerRetries);
        Core.FRAGMENT_LIMIT.check(fragmentLimit);
        Core.CPU_AFFINITY.check(cpuAffinity);
        for (final Map.Entry<String, Integer> route : venueRoutes.entrySet())
        {
            require(PackedAscii.isPackable(route.getKey()), "route symbol is not 1-8 ASCII chars: " + route.getKey());
            require(route.getValue() > 0, "route venue id must be positive: " + route);
        }
        IdleStrategies.checkMaxParkNs(IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME, idleBackoffMaxParkNs);
        Core.JOURNAL_MIN_FREE_BYTES.check(journalMinFreeBytes);
        Core.JOURNAL_HARD_MIN_FREE_BYTES.check(journalHardMinFreeBytes);
        Core.JOURNAL_FSYNC_INTERVAL_MS.check(journalFsyncIntervalMs);
        Core.SNAPSHOT_INTERVAL_ENTRIES.check(snapshotIntervalEntries);
        Core.SNAPSHOT_INTERVAL_MS.check(snapshotIntervalMs);
        Core.SNAPSHOT_RETAINED.check(snapshotRetained);
        Core.JOURNAL_RETAIN_CYCLES.check(journalRetainCycles);
        // Both would hold positions: replaying the journal onto persisted positions would count every fill twice.
        require(!journalOn() || null == riskStateDir, Core.JOURNAL_DIR.name() + " and " + Core.RISK_STATE_DIR.name() +
            " are both set: with the journal on, the core rebuilds risk state from the journal; unset " +
            Core.RISK_STATE_DIR.name() + " (or set " + Core.JOURNAL_ENABLED.name() + "=false)");
        require(!adminClientIds.contains(gatewayClientId), Core.ADMIN_CLIENT_IDS.name() + " must not contain the " +
            "gateway's client id " + gatewayClientId + " (" + Gateway.CLIENT_ID.name() + "): broker sessions " +
            "would become admins");
        for (final String account : accountClientIds.keySet())
        {
            require(PackedAscii.isPackable(account), Core.ACCOUNT_CLIENT_IDS_PREFIX + account +
                Core.ACCOUNT_CLIENT_IDS_SUFFIX + ": the account is not 1-8 ASCII characters");
        }
        if (null == idleStrategy)
        {
            idleStrategy =
                IdleStrategies.newIdleStrategy(Core.IDLE_STRATEGY.name(), idleStrategyName, idleBackoffMaxParkNs);
        }
        if (null == offerIdleStrategy)
        {
            offerIdleStrategy =
                IdleStrategies.newIdleStrategy(Core.IDLE_STRATEGY.name(), idleStrategyName, idleBackoffMaxParkNs);
        }
        if (null == riskLimits)
        {
            riskLimits = configuredRiskLimits(properties);
        }
        // A per-account key of an account the limits do not have restricts nothing: no order of it passes risk.
        accountKeyCheck(properties, riskLimits).refuseOrWarn(properties);
        concluded = true;
        return this;
    }

    /**
     * @param properties a configuration.
     * @return the risk limits it names ({@link Core#RISK_LIMITS_FILE}), or the demo limits when it names none.
     * @throws IllegalArgumentException or an unchecked I/O error naming the file when it cannot be read.
     */
    public static RiskLimits configuredRiskLimits(final PropertyReader properties)
    {
        final Path limitsFile = Core.RISK_LIMITS_FILE.read(properties);
        return null == limitsFile ? RiskLimits.demo() : RiskLimits.load(limitsFile);
    }

    /**
     * @param properties a configuration.
     * @param limits     the risk limits the core runs with.
     * @return the check of the per-account keys ({@code peregrine.accounts.<ACCOUNT>.client.ids}) against the accounts
     * of {@code limits}: the core only WARNs (it reads system properties, shared with the JVM); the launchers refuse
     * such a key of a configuration file.
     */
    public static FamilyKeyCheck accountKeyCheck(final PropertyReader properties, final RiskLimits limits)
    {
        final Path limitsFile = Core.RISK_LIMITS_FILE.read(properties);
        return new FamilyKeyCheck().family(Core.ACCOUNT_KEYS,
            Core.RISK_LIMITS_FILE.name() + (null == limitsFile ? " (unset: the demo limits)" : " (" + limitsFile + ")"),
            limits.accounts().stream().map(AccountLimits::name).toList());
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
     * @param name idle strategy name as in {@link Core#IDLE_STRATEGY}, for the agent, driver and offer retries.
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
     *               retries ({@link IdleStrategies#BACKOFF_MAX_PARK_NS_PROP_NAME}); checked by {@link #conclude()}.
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

    public TradingDay riskTradingDay()
    {
        return riskTradingDay;
    }

    /**
     * @param riskTradingDay when the executed daily notional starts again from zero ({@code peregrine.risk.day.start}).
     * @return this.
     */
    public PeregrineContext riskTradingDay(final TradingDay riskTradingDay)
    {
        this.riskTradingDay = Objects.requireNonNull(riskTradingDay, "riskTradingDay");
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
        for (final String key : properties.keysStartingWith(Core.ACCOUNT_CLIENT_IDS_PREFIX))
        {
            if (key.endsWith(Core.ACCOUNT_CLIENT_IDS_SUFFIX) &&
                key.length() > Core.ACCOUNT_CLIENT_IDS_PREFIX.length() + Core.ACCOUNT_CLIENT_IDS_SUFFIX.length())
            {
                final String account = key.substring(
                    Core.ACCOUNT_CLIENT_IDS_PREFIX.length(), key.length() - Core.ACCOUNT_CLIENT_IDS_SUFFIX.length());
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
     *                  ({@link Core#ADMIN_CLIENT_IDS}); none for no admin over Aeron.
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
     *                  ({@link Core#AERON_DIR_OWNER_ONLY}).
     * @return this.
     */
    public PeregrineContext aeronDirOwnerOnly(final boolean ownerOnly)
    {
        this.aeronDirOwnerOnly = ownerOnly;
        return this;
    }

    /**
     * @return the probe of the usable bytes of the file system holding a path, with which an embedded driver's start
     * checks its Aeron directory's room ({@link AeronDirectorySpace}).
     */
    public ToLongFunction<Path> aeronDirUsableSpace()
    {
        return aeronDirUsableSpace;
    }

    /**
     * @param probe the usable bytes of the file system holding a path (tests stand in for a small file system).
     * @return this.
     */
    public PeregrineContext aeronDirUsableSpace(final ToLongFunction<Path> probe)
    {
        this.aeronDirUsableSpace = probe;
        return this;
    }

    public int gatewayClientId()
    {
        return gatewayClientId;
    }

    /**
     * @param clientId the FIX gateway's client id ({@link Gateway#CLIENT_ID}), reserved for it.
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
     * @param bytes free space below which the core refuses client input that does not lower risk (new orders,
     *              replaces, resumes, limit updates, status requests); what lowers risk is taken down to
     *              {@link #journalHardMinFreeBytes()}.
     * @return this.
     */
    public PeregrineContext journalMinFreeBytes(final long bytes)
    {
        this.journalMinFreeBytes = bytes;
        return this;
    }

    /**
     * @return free space below which the core takes no input at all: the configured value, capped at
     *         {@link #journalMinFreeBytes()} (a lower soft floor leaves no reserve).
     */
    public long journalHardMinFreeBytes()
    {
        return Math.min(journalHardMinFreeBytes, journalMinFreeBytes);
    }

    /**
     * @param bytes free space below which the core takes no input at all, not even cancels and kill switches (the
     *              reserve below {@link #journalMinFreeBytes()} is for those).
     * @return this.
     */
    public PeregrineContext journalHardMinFreeBytes(final long bytes)
    {
        this.journalHardMinFreeBytes = bytes;
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
     * @return core journal cycle files kept at least, 0 for all ({@code peregrine.journal.retain.cycles}).
     */
    public int journalRetainCycles()
    {
        return journalRetainCycles;
    }

    /**
     * @param cycles journal cycle files kept at least (the newest); older ones before the oldest snapshot's cycle are
     *               deleted after each snapshot. 0 keeps every file.
     * @return this.
     */
    public PeregrineContext journalRetainCycles(final int cycles)
    {
        this.journalRetainCycles = cycles;
        return this;
    }

    /**
     * @return whether a replay that differed from the journal starts the core anyway, on the rebuilt state
     *         ({@code peregrine.journal.accept.replay.mismatches}); false (default): the start is refused.
     */
    public boolean journalAcceptReplayMismatches()
    {
        return journalAcceptReplayMismatches;
    }

    /**
     * @param accept whether a replay that differed from the journal starts the core anyway, on the rebuilt state.
     * @return this.
     */
    public PeregrineContext journalAcceptReplayMismatches(final boolean accept)
    {
        this.journalAcceptReplayMismatches = accept;
        return this;
    }

    /**
     * @return report readers' saved position files whose journal files retention keeps
     *         ({@code peregrine.journal.retain.reader.positions}).
     */
    public java.util.List<Path> journalRetainReaderPositions()
    {
        return journalRetainReaderPositions;
    }

    /**
     * @param files saved position files of report readers (e.g. the fix-gateway's
     *              {@code data/fix-gateway/broker/core-report-position}): retention never deletes the journal file a
     *              saved position is in, nor any while one has none saved.
     * @return this.
     */
    public PeregrineContext journalRetainReaderPositions(final Path... files)
    {
        this.journalRetainReaderPositions = java.util.List.of(files);
        return this;
    }

    private static java.util.List<Path> paths(final String commaSeparated)
    {
        final java.util.List<Path> paths = new java.util.ArrayList<>();
        for (final String path : commaSeparated.split(","))
        {
            if (!path.isBlank())
            {
                paths.add(Path.of(path.trim()));
            }
        }
        return java.util.List.copyOf(paths);
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
        if (!TradingDay.UTC_MIDNIGHT.start().equals(riskTradingDay.start()))
        {
            // only when not the default, so that snapshots taken before the key existed still match
            text.append(";riskDayStart=").append(riskTradingDay.start());
        }
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
            ", riskStateDir=" + riskStateDir + ", riskTradingDay=" + riskTradingDay +
            ", orderCapacity=" + orderCapacity + ", orderAccountCapacity=" + orderAccountCapacity() +
            ", defaultVenueId=" + defaultVenueId + ", venueRoutes=" +
            venueRoutes + ", offerRetries=" + offerRetries + ", fragmentLimit=" + fragmentLimit +
            ", adminClientIds=" + adminClientIds + ", accountClientIds=" + accountClientIds + ", gatewayClientId=" +
            gatewayClientId + ", journal=" + (journalOn() ? journalDir : "off") + "}";
    }

    private static TradingDay parseTradingDay(final String text)
    {
        try
        {
            return TradingDay.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(Core.RISK_DAY_START.name() + ": " + ex.getMessage(), ex);
        }
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
                throw new IllegalArgumentException(Core.VENUE_ROUTES.name() + " entry is not SYMBOL=venueId: " + entry);
            }
            routes.put(entry.substring(0, eq).trim(), Integer.parseInt(entry.substring(eq + 1).trim()));
        }
        return routes;
    }

    private static ThreadingMode threadingMode(final String name)
    {
        try
        {
            return ThreadingMode.valueOf(name.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(Core.DRIVER_THREADING_MODE.name() + " must be SHARED, SHARED_NETWORK, " +
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
