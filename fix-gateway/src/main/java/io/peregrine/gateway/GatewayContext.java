package io.peregrine.gateway;

import io.aeron.CommonContext;
import io.peregrine.config.FamilyKeyCheck;
import io.peregrine.config.IdleStrategies;
import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.config.PropertyReader;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.edge.GatewayLimits;
import io.peregrine.gateway.identity.DuplicateEntries;
import io.peregrine.gateway.security.PasswordHash;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.core.threading.AgentThreading;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Configuration of a {@link FixGateway}, fluent, Aeron style: every value has a default read from a system
 * property (or from a properties file given to {@link #GatewayContext(Properties)}); the keys and their defaults are
 * declared once in {@link Gateway} (the Aeron wiring falls back to {@link Core}'s keys). Not thread-safe: configure
 * on one thread, then hand to {@link FixGateway#launch(GatewayContext)}, which reads it once.
 */
public final class GatewayContext
{
    private final PropertyReader source;

    private String aeronDirectoryName;
    private String channel;
    private int ingressStreamId;
    private int egressStreamId;
    private int venueOutStreamId;
    private int venueInStreamId;
    private int clientId;
    private Path dataDir;
    private boolean coreJournaled;
    private Path coreJournalDir;
    private String idleStrategyName;
    private long idleBackoffMaxParkNs;
    private long idleBackoffMinParkNs; // the process-wide first park, or IdleStrategies.BACKOFF_MIN_PARK_NS_UNSET
    private Supplier<IdleStrategy> idleStrategySupplier;
    private boolean fixMessageLog;
    private boolean fixStoreSync;
    private AgentThreading threading;
    private long offerTimeoutMs;
    private GatewayLimits limits;
    private boolean brokerEnabled;
    private String brokerHost;
    private int brokerPort;
    private String brokerCompId;
    private int brokerHeartbeatSeconds;
    private int brokerDoneOrdersRetained;
    private long brokerReportsCycleBudgetUs;
    private int venueDoneOrdersRetained;
    private int brokerStartVenueWaitMs;
    private int brokerClOrdIdsPerSession;
    private boolean acceptOrphanedOrders;
    private List<BrokerSessionConfig> brokerSessions;
    private int logonMaxFailures;
    private int logonLockoutSeconds;
    private boolean brokerTls;
    private boolean brokerTlsNeedClientAuth;
    private Path tlsKeystoreFile;
    private Path tlsKeystorePasswordFile;
    private Path tlsTruststoreFile;
    private Path tlsTruststorePasswordFile;
    private List<VenueClientConfig> venues;
    private int venueHeartbeatSeconds;
    private int venueReconnectSeconds;
    private int circuitFailures;
    private long circuitAckTimeoutMs;
    private long circuitCoolDownMs;
    private int venueStatusMaxRequests;
    private int coreFragmentLimit;
    private int venueSendWindow;
    private int venueQueuePerAccount;

    /**
     * Defaults from system properties.
     */
    public GatewayContext()
    {
        this(new Properties());
    }

    /**
     * Defaults from {@code properties}, falling back to system properties, then to the built-in defaults.
     *
     * @param properties e.g. loaded from a config file with {@link #loadProperties(Path)}.
     * @throws IllegalArgumentException naming a key of {@code properties} of a venue or broker session that
     *                                  {@link Gateway#VENUES} or {@link Gateway#BROKER_SESSIONS} does not list
     *                                  ({@link FamilyKeyCheck}; such a system property is only WARNed of).
     */
    public GatewayContext(final Properties properties)
    {
        this.source = PropertyReader.layered(properties);
        // Unset gateway keys fall back to the core's keys, so one file configures both sides of each stream.
        aeronDirectoryName = Gateway.AERON_DIR.read(source, Core.AERON_DIR.read(source,
            CommonContext.getAeronDirectoryName()));
        channel = Gateway.CHANNEL.read(source, Core.CHANNEL.read(source));
        ingressStreamId = Gateway.INGRESS_STREAM_ID.read(source, Core.INGRESS_STREAM_ID.read(source));
        egressStreamId = Gateway.EGRESS_STREAM_ID.read(source, Core.EGRESS_STREAM_ID.read(source));
        venueOutStreamId = Gateway.VENUE_OUT_STREAM_ID.read(source, Core.VENUE_OUT_STREAM_ID.read(source));
        venueInStreamId = Gateway.VENUE_IN_STREAM_ID.read(source, Core.VENUE_IN_STREAM_ID.read(source));
        clientId = Gateway.CLIENT_ID.read(source);
        dataDir = Gateway.DATA_DIR.read(source);
        idleStrategyName = Gateway.IDLE_STRATEGY.read(source);
        idleBackoffMaxParkNs = IdleStrategies.backoffMaxParkNs(source, Gateway.IDLE_BACKOFF_MAX_PARK_NS.name());
        idleBackoffMinParkNs = IdleStrategies.backoffMinParkNs(source);
        fixMessageLog = Gateway.FIX_MESSAGE_LOG.read(source);
        fixStoreSync = Gateway.FIX_STORE_SYNC.read(source);
        threading = AgentThreading.parse(source.string(AgentThreading.PROP_NAME, AgentThreading.DEFAULT));
        offerTimeoutMs = Gateway.OFFER_TIMEOUT_MS.read(source);
        limits = GatewayLimits.from(source);
        brokerEnabled = Gateway.BROKER_ENABLED.read(source);
        brokerHost = Gateway.BROKER_HOST.read(source);
        brokerPort = Gateway.BROKER_PORT.read(source);
        brokerCompId = Gateway.BROKER_COMP_ID.read(source);
        brokerHeartbeatSeconds = Gateway.BROKER_HEARTBEAT_SECONDS.read(source);
        brokerDoneOrdersRetained = Gateway.BROKER_DONE_ORDERS_RETAINED.read(source);
        brokerReportsCycleBudgetUs = Gateway.BROKER_REPORTS_CYCLE_BUDGET_US.read(source);
        brokerStartVenueWaitMs = Gateway.BROKER_START_VENUE_WAIT_MS.read(source);
        // The core re-sends requests only for orders it holds, at most its order capacity: the venue order journal
        // keeps that many done orders known as sent (the core's key, read from the same configuration).
        venueDoneOrdersRetained = Math.max(
            io.peregrine.gateway.venue.VenueOrderJournal.DEFAULT_DONE_ORDERS_RETAINED, Core.ORDER_CAPACITY.read(source));
        brokerClOrdIdsPerSession = Gateway.BROKER_CLORDIDS_PER_SESSION.read(source);
        acceptOrphanedOrders = Gateway.ACCEPT_ORPHANED_ORDERS.read(source);
        brokerSessions = parseBrokerSessions(Gateway.BROKER_SESSIONS.read(source));
        logonMaxFailures = Gateway.LOGON_MAX_FAILURES.read(source);
        logonLockoutSeconds = Gateway.LOGON_LOCKOUT_SECONDS.read(source);
        brokerTls = Gateway.BROKER_TLS.read(source);
        brokerTlsNeedClientAuth = Gateway.BROKER_TLS_NEED_CLIENT_AUTH.read(source);
        tlsKeystoreFile = Gateway.TLS_KEYSTORE_FILE.read(source);
        tlsKeystorePasswordFile = Gateway.TLS_KEYSTORE_PASSWORD_FILE.read(source);
        tlsTruststoreFile = Gateway.TLS_TRUSTSTORE_FILE.read(source);
        tlsTruststorePasswordFile = Gateway.TLS_TRUSTSTORE_PASSWORD_FILE.read(source);
        venues = parseVenues(Gateway.VENUES.read(source));
        venueHeartbeatSeconds = Gateway.VENUE_HEARTBEAT_SECONDS.read(source);
        venueReconnectSeconds = Gateway.VENUE_RECONNECT_SECONDS.read(source);
        circuitFailures = Gateway.CIRCUIT_FAILURES.read(source);
        circuitAckTimeoutMs = Gateway.CIRCUIT_ACK_TIMEOUT_MS.read(source);
        circuitCoolDownMs = Gateway.CIRCUIT_COOL_DOWN_MS.read(source);
        venueStatusMaxRequests = Gateway.VENUE_STATUS_MAX_REQUESTS.read(source);
        // The core's key, read from the same configuration: the broker report agent reads more a duty cycle than the
        // core can write in one.
        coreFragmentLimit = Core.FRAGMENT_LIMIT.read(source);
        venueSendWindow = Gateway.VENUE_SEND_WINDOW.read(source);
        venueQueuePerAccount = Gateway.VENUE_QUEUE_PER_ACCOUNT.read(source);
        // A key of a venue or broker session the lists above do not name is read by nothing: refused (a file's) or
        // WARNed of (a -D), instead of leaving its setting silently at the default.
        FamilyKeyCheck.gateway(source).refuseOrWarn(source);
    }

    /**
     * Reads a properties file.
     *
     * @param file to read (UTF-8).
     * @return its properties.
     * @throws IOException if it cannot be read.
     * @throws IllegalArgumentException if it sets a {@code peregrine.*} key twice or one this version does not read
     *                                  ({@code PropertyReader.load}).
     */
    public static Properties loadProperties(final Path file) throws IOException
    {
        return PropertyReader.load(file);
    }

    /**
     * Checks the settings and builds what is derived from them. Called by {@link FixGateway#launch(GatewayContext)};
     * calling it again is harmless.
     *
     * @return this.
     * @throws IllegalArgumentException naming the key of a setting that is wrong.
     */
    public GatewayContext conclude()
    {
        if (null == idleStrategySupplier)
        {
            IdleStrategies.supplier(Gateway.IDLE_STRATEGY.name(), idleStrategyName, idleBackoffMinParkNs,
                idleBackoffMaxParkNs);
        }
        require(null != channel && channel.startsWith("aeron:"), Gateway.CHANNEL.name() + " must be an Aeron URI: " +
            channel);
        // Each key's own range (the message a configuration file's value gets too, KeyCatalog.checkValues).
        Gateway.BROKER_PORT.check(brokerPort);
        Gateway.OFFER_TIMEOUT_MS.check(offerTimeoutMs);
        Gateway.BROKER_HEARTBEAT_SECONDS.check(brokerHeartbeatSeconds);
        Gateway.BROKER_DONE_ORDERS_RETAINED.check(brokerDoneOrdersRetained);
        Gateway.BROKER_REPORTS_CYCLE_BUDGET_US.check(brokerReportsCycleBudgetUs);
        Gateway.BROKER_START_VENUE_WAIT_MS.check(brokerStartVenueWaitMs);
        Gateway.BROKER_CLORDIDS_PER_SESSION.check(brokerClOrdIdsPerSession);
        Gateway.LOGON_MAX_FAILURES.check(logonMaxFailures);
        Gateway.LOGON_LOCKOUT_SECONDS.check(logonLockoutSeconds);
        Gateway.VENUE_HEARTBEAT_SECONDS.check(venueHeartbeatSeconds);
        Gateway.VENUE_RECONNECT_SECONDS.check(venueReconnectSeconds);
        Gateway.CIRCUIT_FAILURES.check(circuitFailures);
        Gateway.CIRCUIT_ACK_TIMEOUT_MS.check(circuitAckTimeoutMs);
        Gateway.CIRCUIT_COOL_DOWN_MS.check(circuitCoolDownMs);
        Core.FRAGMENT_LIMIT.check(coreFragmentLimit);
        Gateway.VENUE_STATUS_MAX_REQUESTS.check(venueStatusMaxRequests);
        Gateway.VENUE_SEND_WINDOW.check(venueSendWindow);
        Gateway.VENUE_QUEUE_PER_ACCOUNT.check(venueQueuePerAccount);
        DuplicateEntries.refuse(brokerSessions, venues);
        for (final VenueClientConfig venue : venues)
        {
            require(venue.port() > 0 && venue.port() <= 65_535,
                Gateway.VENUE_PREFIX + venue.venueId() + ".port must be 1-65535: " + venue.port());
        }
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    private List<BrokerSessionConfig> parseBrokerSessions(final String spec)
    {
        final List<BrokerSessionConfig> sessions = new ArrayList<>();
        for (final String entry : splitList(spec))
        {
            final int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1)
            {
                throw new IllegalArgumentException(
                    Gateway.BROKER_SESSIONS.name() + ": expected COMPID:ACCOUNT, got " + entry);
            }
            final String compId = entry.substring(0, colon).trim();
            final String account = entry.substring(colon + 1).trim();
            final String prefix = Gateway.BROKER_SESSION_PREFIX + compId + '.';
            final Set<String> extra = new LinkedHashSet<>(splitList(source.string(prefix + "accounts", "")));
            sessions.add(new BrokerSessionConfig(
                compId,
                account,
                extra,
                source.string(prefix + "username", null),
                passwordHash(compId),
                source.booleanValue(prefix + "cancel.on.disconnect", false),
                source.booleanValue(
                    Gateway.BROKER_SESSION_PREFIX + compId + Gateway.CLIENT_CERT_REQUIRED_SUFFIX, false)));
        }
        return sessions;
    }

    /**
     * The session's password hash, or null for a session without authentication; refuses a plain-text password,
     * an empty or malformed hash, and a username without a password (the messages name the key, never the value).
     */
    private PasswordHash passwordHash(final String compId)
    {
        final String prefix = Gateway.BROKER_SESSION_PREFIX + compId;
        final String hashKey = prefix + Gateway.PASSWORD_HASH_SUFFIX;
        final String plainKey = prefix + Gateway.PLAIN_PASSWORD_SUFFIX;
        if (null != source.string(plainKey, null))
        {
            throw new IllegalArgumentException(plainKey + " holds a plain-text password, which is no longer " +
                "accepted: remove it and set " + hashKey + " to the output of ./scripts/run.sh hash-password " +
                "(it reads the password from standard input)");
        }
        final String encoded = source.string(hashKey, null);
        if (null == encoded)
        {
            if (null != source.string(prefix + ".username", null))
            {
                throw new IllegalArgumentException(prefix + ".username is set but " + hashKey + " is not: set the " +
                    "password hash (./scripts/run.sh hash-password) or remove the username");
            }
            return null;
        }
        try
        {
            return PasswordHash.parse(encoded);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(hashKey + ": " + ex.getMessage() + "; set it to the output of " +
                "./scripts/run.sh hash-password, or remove the key for a session without a password");
        }
    }

    private List<VenueClientConfig> parseVenues(final String spec)
    {
        final List<VenueClientConfig> result = new ArrayList<>();
        for (final String entry : splitList(spec))
        {
            final int venueId = Integer.parseInt(entry);
            final String prefix = Gateway.VENUE_PREFIX + venueId + '.';
            result.add(new VenueClientConfig(
                venueId,
                source.string(prefix + "host", Gateway.VENUE_HOST_DEFAULT),
                source.intValue(prefix + "port", Gateway.VENUE_PORT_DEFAULT),
                source.string(prefix + "sender.comp.id", Gateway.VENUE_SENDER_COMP_ID_DEFAULT),
                source.string(prefix + "target.comp.id", Gateway.VENUE_TARGET_COMP_ID_DEFAULT),
                source.booleanValue(prefix + "reset.on.logon", Gateway.VENUE_RESET_ON_LOGON_DEFAULT),
                source.booleanValue(prefix + "tls", Gateway.VENUE_TLS_DEFAULT),
                source.booleanValue(prefix + "tls.verify.hostname", Gateway.VENUE_TLS_VERIFY_HOSTNAME_DEFAULT)));
        }
        return result;
    }

    private static List<String> splitList(final String spec)
    {
        return PropertyReader.split(spec);
    }

    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    public GatewayContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    public String channel()
    {
        return channel;
    }

    public GatewayContext channel(final String channel)
    {
        this.channel = channel;
        return this;
    }

    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    public GatewayContext ingressStreamId(final int streamId)
    {
        this.ingressStreamId = streamId;
        return this;
    }

    public int egressStreamId()
    {
        return egressStreamId;
    }

    public GatewayContext egressStreamId(final int streamId)
    {
        this.egressStreamId = streamId;
        return this;
    }

    public int venueOutStreamId()
    {
        return venueOutStreamId;
    }

    public GatewayContext venueOutStreamId(final int streamId)
    {
        this.venueOutStreamId = streamId;
        return this;
    }

    public int venueInStreamId()
    {
        return venueInStreamId;
    }

    public GatewayContext venueInStreamId(final int streamId)
    {
        this.venueInStreamId = streamId;
        return this;
    }

    public int clientId()
    {
        return clientId;
    }

    public GatewayContext clientId(final int clientId)
    {
        this.clientId = clientId;
        return this;
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public GatewayContext dataDir(final Path dataDir)
    {
        this.dataDir = dataDir;
        return this;
    }

    public boolean coreJournaled()
    {
        return coreJournaled;
    }

    /**
     * @param coreJournaled true when the core runs on a journal ({@code peregrine.journal.dir}): its order ids are
     *                      unique for the life of the journal, so a restarted core (a new Aeron session) continues the
     *                      same run and the venue side keeps forwarding reports of orders it sent before. Set from
     *                      {@code PeregrineContext#journalOn()} by {@code GatewayMain} and {@code StackMain}.
     * @return this.
     */
    public GatewayContext coreJournaled(final boolean coreJournaled)
    {
        this.coreJournaled = coreJournaled;
        return this;
    }

    public Path coreJournalDir()
    {
        return coreJournalDir;
    }

    /**
     * @param coreJournalDir the core's journal directory (same machine), or null: broker reports are then read from
     *                       the journal, resuming after the position saved in {@code <dataDir>/broker}, instead of
     *                       from the live egress stream; implies {@link #coreJournaled(boolean)}.
     * @return this.
     */
    public GatewayContext coreJournalDir(final Path coreJournalDir)
    {
        this.coreJournalDir = coreJournalDir;
        this.coreJournaled = null != coreJournalDir || coreJournaled;
        return this;
    }

    /**
     * @return the supplier given to {@link #idleStrategySupplier(Supplier)}, else one built from
     * {@link #idleStrategyName()} and {@link #idleBackoffMaxParkNs()}.
     */
    /**
     * @return dedicated: the venue adapter and the broker report agent on a thread each; shared: both on the
     *         process's {@code SharedAgentThread} (with the core, when it runs in this process on the same Aeron
     *         directory) ({@value AgentThreading#PROP_NAME}, the core's key).
     */
    public AgentThreading threading()
    {
        return threading;
    }

    /**
     * @param threading how the gateway's agents map onto threads.
     * @return this.
     */
    public GatewayContext threading(final AgentThreading threading)
    {
        this.threading = threading;
        return this;
    }

    public Supplier<IdleStrategy> idleStrategySupplier()
    {
        return null != idleStrategySupplier ?
            idleStrategySupplier :
            IdleStrategies.supplier(Gateway.IDLE_STRATEGY.name(), idleStrategyName, idleBackoffMinParkNs,
                idleBackoffMaxParkNs);
    }

    /**
     * @param supplier of the agents' idle strategies (one call per agent); overrides the name and max park.
     * @return this.
     */
    public GatewayContext idleStrategySupplier(final Supplier<IdleStrategy> supplier)
    {
        this.idleStrategySupplier = supplier;
        return this;
    }

    public String idleStrategyName()
    {
        return idleStrategyName;
    }

    /**
     * @param name busy-spin, backoff, sleeping or yielding, for both agents ({@link Gateway#IDLE_STRATEGY}).
     * @return this.
     */
    public GatewayContext idleStrategyName(final String name)
    {
        this.idleStrategyName = name;
        return this;
    }

    public long idleBackoffMaxParkNs()
    {
        return idleBackoffMaxParkNs;
    }

    /**
     * @param parkNs longest park of the agents' {@code backoff} strategy ({@link Gateway#IDLE_BACKOFF_MAX_PARK_NS}),
     *               1,000 to 1,000,000,000 ns; checked when the supplier is built.
     * @return this.
     */
    public GatewayContext idleBackoffMaxParkNs(final long parkNs)
    {
        this.idleBackoffMaxParkNs = parkNs;
        return this;
    }

    /** @return whether the session stores fsync every message ({@link Gateway#FIX_STORE_SYNC}). */
    public boolean fixStoreSync()
    {
        return fixStoreSync;
    }

    /** @param sync fsync the session stores on every message. @return this. */
    public GatewayContext fixStoreSync(final boolean sync)
    {
        this.fixStoreSync = sync;
        return this;
    }

    public boolean fixMessageLog()
    {
        return fixMessageLog;
    }

    public GatewayContext fixMessageLog(final boolean enabled)
    {
        this.fixMessageLog = enabled;
        return this;
    }

    /**
     * @return overload limits: acceptor connection hygiene, per-session rate and queue, FIX log sizes.
     */
    public GatewayLimits limits()
    {
        return limits;
    }

    /**
     * @return done orders the venue order journal keeps known as sent: the core's order capacity
     * ({@code peregrine.order.capacity}, from the same configuration), at least
     * {@link io.peregrine.gateway.venue.VenueOrderJournal#DEFAULT_DONE_ORDERS_RETAINED}.
     */
    public int venueDoneOrdersRetained()
    {
        return venueDoneOrdersRetained;
    }

    /**
     * @return done broker orders whose routes are kept in full ({@code peregrine.gateway.broker.done.orders.retained}).
     */
    public int brokerDoneOrdersRetained()
    {
        return brokerDoneOrdersRetained;
    }

    public GatewayContext brokerDoneOrdersRetained(final int orders)
    {
        this.brokerDoneOrdersRetained = orders;
        return this;
    }

    /**
     * @return microseconds of work a duty cycle of the broker report agent may take before it yields to the other
     * agents of its thread ({@link Gateway#BROKER_REPORTS_CYCLE_BUDGET_US}).
     */
    public long brokerReportsCycleBudgetUs()
    {
        return brokerReportsCycleBudgetUs;
    }

    /**
     * @param budgetUs microseconds of work per duty cycle of the broker report agent, positive.
     * @return this.
     */
    public GatewayContext brokerReportsCycleBudgetUs(final long budgetUs)
    {
        this.brokerReportsCycleBudgetUs = budgetUs;
        return this;
    }

    /**
     * @return milliseconds the broker acceptor waits at start for the venue sessions to log on
     * ({@code peregrine.gateway.broker.start.venue.wait.ms}).
     */
    public int brokerStartVenueWaitMs()
    {
        return brokerStartVenueWaitMs;
    }

    /**
     * @param waitMs milliseconds the broker acceptor waits at start for the venue sessions to log on; 0: none.
     * @return this.
     */
    public GatewayContext brokerStartVenueWaitMs(final int waitMs)
    {
        this.brokerStartVenueWaitMs = waitMs;
        return this;
    }

    /**
     * @return ClOrdIDs of retired orders per broker session the off-heap duplicate-detection index is sized for
     * ({@code peregrine.gateway.broker.clordids.per.session}).
     */
    public int brokerClOrdIdsPerSession()
    {
        return brokerClOrdIdsPerSession;
    }

    public GatewayContext brokerClOrdIdsPerSession(final int clOrdIds)
    {
        this.brokerClOrdIdsPerSession = clOrdIds;
        return this;
    }

    /**
     * @return the file where the broker side saves the core journal position up to which every report was delivered
     * ({@code <dataDir>/broker/core-report-position}; read when {@link #coreJournalDir()} is set; the progress per
     * broker session is saved beside it, {@code broker.BrokerReportProgress}).
     */
    public Path reportPositionFile()
    {
        return dataDir().resolve("broker").resolve("core-report-position");
    }

    /**
     * @return the file naming the core journal this data directory is used beside
     * ({@code <dataDir>/broker/core-journal.properties}; written at the first start with {@link #coreJournalDir()}
     * set, checked at every later one).
     */
    public Path pairedCoreJournalFile()
    {
        return dataDir().resolve("broker").resolve("core-journal.properties");
    }

    /**
     * @return whether a gateway with a new data directory starts beside working orders an earlier gateway placed
     * through the core journal it reads (they are named in a WARN), instead of refusing to start.
     */
    public boolean acceptOrphanedOrders()
    {
        return acceptOrphanedOrders;
    }

    public GatewayContext acceptOrphanedOrders(final boolean accept)
    {
        this.acceptOrphanedOrders = accept;
        return this;
    }

    /**
     * @param limits overload limits.
     * @return this.
     */
    public GatewayContext limits(final GatewayLimits limits)
    {
        this.limits = limits;
        return this;
    }

    public long offerTimeoutMs()
    {
        return offerTimeoutMs;
    }

    public GatewayContext offerTimeoutMs(final long offerTimeoutMs)
    {
        this.offerTimeoutMs = offerTimeoutMs;
        return this;
    }

    public boolean brokerEnabled()
    {
        return brokerEnabled;
    }

    public GatewayContext brokerEnabled(final boolean enabled)
    {
        this.brokerEnabled = enabled;
        return this;
    }

    public String brokerHost()
    {
        return brokerHost;
    }

    public GatewayContext brokerHost(final String host)
    {
        this.brokerHost = host;
        return this;
    }

    public int brokerPort()
    {
        return brokerPort;
    }

    public GatewayContext brokerPort(final int port)
    {
        this.brokerPort = port;
        return this;
    }

    public String brokerCompId()
    {
        return brokerCompId;
    }

    public GatewayContext brokerCompId(final String compId)
    {
        this.brokerCompId = compId;
        return this;
    }

    public int brokerHeartbeatSeconds()
    {
        return brokerHeartbeatSeconds;
    }

    public GatewayContext brokerHeartbeatSeconds(final int seconds)
    {
        this.brokerHeartbeatSeconds = seconds;
        return this;
    }

    public List<BrokerSessionConfig> brokerSessions()
    {
        return brokerSessions;
    }

    public GatewayContext brokerSessions(final List<BrokerSessionConfig> sessions)
    {
        this.brokerSessions = List.copyOf(sessions);
        return this;
    }

    public int logonMaxFailures()
    {
        return logonMaxFailures;
    }

    public GatewayContext logonMaxFailures(final int failures)
    {
        this.logonMaxFailures = failures;
        return this;
    }

    public int logonLockoutSeconds()
    {
        return logonLockoutSeconds;
    }

    public GatewayContext logonLockoutSeconds(final int seconds)
    {
        this.logonLockoutSeconds = seconds;
        return this;
    }

    public boolean brokerTls()
    {
        return brokerTls;
    }

    public GatewayContext brokerTls(final boolean tls)
    {
        this.brokerTls = tls;
        return this;
    }

    public boolean brokerTlsNeedClientAuth()
    {
        return brokerTlsNeedClientAuth;
    }

    /**
     * @return true when the acceptor-wide requirement is on or any broker session requires a client certificate
     *         ({@code peregrine.gateway.broker.<COMPID>.tls.client.cert.required}).
     */
    public boolean anyBrokerClientCertificates()
    {
        return brokerTlsNeedClientAuth ||
            (null != brokerSessions && brokerSessions.stream().anyMatch(BrokerSessionConfig::clientCertificateRequired));
    }

    public GatewayContext brokerTlsNeedClientAuth(final boolean needClientAuth)
    {
        this.brokerTlsNeedClientAuth = needClientAuth;
        return this;
    }

    public Path tlsKeystoreFile()
    {
        return tlsKeystoreFile;
    }

    public GatewayContext tlsKeystoreFile(final Path file)
    {
        this.tlsKeystoreFile = file;
        return this;
    }

    public Path tlsKeystorePasswordFile()
    {
        return tlsKeystorePasswordFile;
    }

    public GatewayContext tlsKeystorePasswordFile(final Path file)
    {
        this.tlsKeystorePasswordFile = file;
        return this;
    }

    public Path tlsTruststoreFile()
    {
        return tlsTruststoreFile;
    }

    public GatewayContext tlsTruststoreFile(final Path file)
    {
        this.tlsTruststoreFile = file;
        return this;
    }

    public Path tlsTruststorePasswordFile()
    {
        return tlsTruststorePasswordFile;
    }

    public GatewayContext tlsTruststorePasswordFile(final Path file)
    {
        this.tlsTruststorePasswordFile = file;
        return this;
    }

    /**
     * @return whether the broker acceptor or any venue session uses TLS.
     */
    public boolean anyTls()
    {
        return (brokerEnabled && brokerTls) || venues.stream().anyMatch(VenueClientConfig::tls);
    }

    public List<VenueClientConfig> venues()
    {
        return venues;
    }

    public GatewayContext venues(final List<VenueClientConfig> venues)
    {
        this.venues = List.copyOf(venues);
        return this;
    }

    public int venueHeartbeatSeconds()
    {
        return venueHeartbeatSeconds;
    }

    public GatewayContext venueHeartbeatSeconds(final int seconds)
    {
        this.venueHeartbeatSeconds = seconds;
        return this;
    }

    public int venueReconnectSeconds()
    {
        return venueReconnectSeconds;
    }

    public GatewayContext venueReconnectSeconds(final int seconds)
    {
        this.venueReconnectSeconds = seconds;
        return this;
    }

    public int circuitFailures()
    {
        return circuitFailures;
    }

    public GatewayContext circuitFailures(final int failures)
    {
        this.circuitFailures = failures;
        return this;
    }

    public long circuitAckTimeoutMs()
    {
        return circuitAckTimeoutMs;
    }

    public GatewayContext circuitAckTimeoutMs(final long timeoutMs)
    {
        this.circuitAckTimeoutMs = timeoutMs;
        return this;
    }

    public long circuitCoolDownMs()
    {
        return circuitCoolDownMs;
    }

    public GatewayContext circuitCoolDownMs(final long coolDownMs)
    {
        this.circuitCoolDownMs = coolDownMs;
        return this;
    }

    /**
     * @return the core's ingress messages per duty cycle ({@link Core#FRAGMENT_LIMIT}, the core's key): the broker
     * report agent reads twice what the core can write in a duty cycle from the live stream.
     */
    public int coreFragmentLimit()
    {
        return coreFragmentLimit;
    }

    /**
     * @param fragmentLimit the core's fragment limit, when the core's context sets it in code
     *                      ({@code PeregrineContext.fragmentLimit}).
     * @return this.
     */
    public GatewayContext coreFragmentLimit(final int fragmentLimit)
    {
        this.coreFragmentLimit = fragmentLimit;
        return this;
    }

    /**
     * @return OrderStatusRequests about one order a venue may leave unanswered in a row before the gateway stops asking
     * and leaves the order to ops ({@link Gateway#VENUE_STATUS_MAX_REQUESTS}); 0: no limit.
     */
    public int venueStatusMaxRequests()
    {
        return venueStatusMaxRequests;
    }

    public GatewayContext venueStatusMaxRequests(final int requests)
    {
        this.venueStatusMaxRequests = requests;
        return this;
    }

    /**
     * @return requests a venue session may have unanswered before the others wait in its fair queue
     * ({@link Gateway#VENUE_SEND_WINDOW}).
     */
    public int venueSendWindow()
    {
        return venueSendWindow;
    }

    public GatewayContext venueSendWindow(final int window)
    {
        this.venueSendWindow = window;
        return this;
    }

    /**
     * @return requests one account may have waiting for a venue session ({@link Gateway#VENUE_QUEUE_PER_ACCOUNT}).
     */
    public int venueQueuePerAccount()
    {
        return venueQueuePerAccount;
    }

    public GatewayContext venueQueuePerAccount(final int requests)
    {
        this.venueQueuePerAccount = requests;
        return this;
    }

    public String toString()
    {
        return "GatewayContext{aeronDir=" + aeronDirectoryName + " channel=" + channel + " streams=" + ingressStreamId +
            '/' + egressStreamId + '/' + venueOutStreamId + '/' + venueInStreamId + " clientId=" + clientId +
            " idle=" + idleStrategyName + '/' + idleBackoffMaxParkNs + "ns" +
            " dataDir=" + dataDir + " broker=" + (brokerEnabled ? brokerHost + ':' + brokerPort +
            (brokerTls ? " tls" + (brokerTlsNeedClientAuth ? "+clientAuth" : "") : "") : "off") +
            " keystore=" + tlsKeystoreFile + " truststore=" + tlsTruststoreFile +
            " sessions=" + brokerSessions + " venues=" + venues + " circuit=" + circuitFailures + '/' +
            circuitAckTimeoutMs + "ms/" + circuitCoolDownMs + "ms venueQueue=" + venueSendWindow + '/' +
            venueQueuePerAccount + ' ' + limits + '}';
    }
}
