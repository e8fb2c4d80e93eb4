package io.peregrine.gateway;

import io.aeron.CommonContext;
import io.peregrine.config.IdleStrategies;
import io.peregrine.config.PeregrineStreams;
import io.peregrine.config.PropertyReader;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.edge.GatewayLimits;
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
 * property (or from a properties file given to {@link #GatewayContext(Properties)}), and the property names are
 * the public constants beside their defaults. Not thread-safe: configure on one thread, then hand to
 * {@link FixGateway#launch(GatewayContext)}, which reads it once.
 */
public final class GatewayContext
{
    /** Aeron directory of the media driver the core uses. */
    public static final String AERON_DIR_PROP = "peregrine.gateway.aeron.dir";
    /** Aeron channel of all four streams. */
    public static final String CHANNEL_PROP = "peregrine.gateway.channel";
    public static final String CHANNEL_DEFAULT = PeregrineStreams.CHANNEL_DEFAULT;
    public static final String INGRESS_STREAM_PROP = "peregrine.gateway.ingress.stream";
    public static final int INGRESS_STREAM_DEFAULT = PeregrineStreams.INGRESS_STREAM_ID_DEFAULT;
    public static final String EGRESS_STREAM_PROP = "peregrine.gateway.egress.stream";
    public static final int EGRESS_STREAM_DEFAULT = PeregrineStreams.EGRESS_STREAM_ID_DEFAULT;
    public static final String VENUE_OUT_STREAM_PROP = "peregrine.gateway.venue.out.stream";
    public static final int VENUE_OUT_STREAM_DEFAULT = PeregrineStreams.VENUE_OUT_STREAM_ID_DEFAULT;
    public static final String VENUE_IN_STREAM_PROP = "peregrine.gateway.venue.in.stream";
    public static final int VENUE_IN_STREAM_DEFAULT = PeregrineStreams.VENUE_IN_STREAM_ID_DEFAULT;
    /** The core's keys for the same settings (hft-core {@code PeregrineContext}), used when a gateway key is unset. */
    public static final String CORE_AERON_DIR_PROP = PeregrineStreams.AERON_DIR_PROP_NAME;
    public static final String CORE_CHANNEL_PROP = PeregrineStreams.CHANNEL_PROP_NAME;
    public static final String CORE_INGRESS_STREAM_PROP = PeregrineStreams.INGRESS_STREAM_ID_PROP_NAME;
    public static final String CORE_EGRESS_STREAM_PROP = PeregrineStreams.EGRESS_STREAM_ID_PROP_NAME;
    public static final String CORE_VENUE_OUT_STREAM_PROP = PeregrineStreams.VENUE_OUT_STREAM_ID_PROP_NAME;
    public static final String CORE_VENUE_IN_STREAM_PROP = PeregrineStreams.VENUE_IN_STREAM_ID_PROP_NAME;
    /** The clientId this gateway stamps on ingress and filters egress by. */
    public static final String CLIENT_ID_PROP = "peregrine.gateway.client.id";
    public static final int CLIENT_ID_DEFAULT = 9880;
    /** Root of FIX stores, FIX message logs and the ClOrdID journals. */
    public static final String DATA_DIR_PROP = "peregrine.gateway.data.dir";
    public static final String DATA_DIR_DEFAULT = "./data/fix-gateway";
    /** Idle strategy of the gateway's agents: a name {@link IdleStrategies} knows (busy-spin, backoff, ...). */
    public static final String IDLE_STRATEGY_PROP = "peregrine.gateway.idle.strategy";
    public static final String IDLE_STRATEGY_DEFAULT = IdleStrategies.DEFAULT_NAME;
    /**
     * Longest park, in nanoseconds, of the {@code backoff} idle strategy of the gateway's agents; unset falls back to
     * the process-wide {@link #CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP}, then to {@link #IDLE_BACKOFF_MAX_PARK_NS_DEFAULT}.
     */
    public static final String IDLE_BACKOFF_MAX_PARK_NS_PROP = "peregrine.gateway.idle.backoff.max.park.ns";
    /** The process-wide key (hft-core {@code PeregrineContext}) the gateway's own key falls back to. */
    public static final String CORE_IDLE_BACKOFF_MAX_PARK_NS_PROP = IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME;
    /** Default of {@link #IDLE_BACKOFF_MAX_PARK_NS_PROP}: the process-wide one, 100 us. */
    public static final long IDLE_BACKOFF_MAX_PARK_NS_DEFAULT = IdleStrategies.BACKOFF_MAX_PARK_NS_DEFAULT;
    /** Whether FIX traffic is written to message log files under the data directory. */
    public static final String FIX_MESSAGE_LOG_PROP = "peregrine.gateway.fix.message.log";
    /**
     * Default of {@link #FIX_MESSAGE_LOG_PROP}: off, because a write per message on the session thread measurably
     * slows the loop (perf-reports/results/2026-12-06-quiet-machine.md); session events are logged either way.
     */
    public static final boolean FIX_MESSAGE_LOG_DEFAULT = false;
    /**
     * QuickFIX/J {@code FileStoreSync} of the gateway's session stores: {@code true} fsyncs the store on every
     * message (survives a power loss, costs a disk flush in the latency path); {@code false} writes without fsync
     * (survives a process kill).
     */
    public static final String FIX_STORE_SYNC_PROP = "peregrine.gateway.fix.store.sync";
    public static final boolean FIX_STORE_SYNC_DEFAULT = false;
    /** How long an ingress offer may retry a back-pressured publication before the order is rejected. */
    public static final String OFFER_TIMEOUT_MS_PROP = "peregrine.gateway.offer.timeout.ms";
    public static final long OFFER_TIMEOUT_MS_DEFAULT = 100;

    public static final String BROKER_ENABLED_PROP = "peregrine.gateway.broker.enabled";
    public static final boolean BROKER_ENABLED_DEFAULT = true;
    public static final String BROKER_HOST_PROP = "peregrine.gateway.broker.host";
    public static final String BROKER_HOST_DEFAULT = "127.0.0.1";
    public static final String BROKER_PORT_PROP = "peregrine.gateway.broker.port";
    public static final int BROKER_PORT_DEFAULT = 9880;
    /** The gateway's CompID towards brokers. */
    public static final String BROKER_COMP_ID_PROP = "peregrine.gateway.broker.comp.id";
    public static final String BROKER_COMP_ID_DEFAULT = "PEREGRINE";
    /** Broker sessions as {@code COMPID:ACCOUNT} pairs, comma separated. */
    public static final String BROKER_SESSIONS_PROP = "peregrine.gateway.broker.sessions";
    public static final String BROKER_SESSIONS_DEFAULT = "BROKER1:ACC1,BROKER2:ACC2";
    /**
     * Per session keys: {@code peregrine.gateway.broker.<COMPID>.accounts|username|password.hash|cancel.on.disconnect|
     * tls.client.cert.required}.
     */
    public static final String BROKER_SESSION_PREFIX = "peregrine.gateway.broker.";
    public static final String BROKER_HEARTBEAT_PROP = "peregrine.gateway.broker.heartbeat.seconds";
    public static final int BROKER_HEARTBEAT_DEFAULT = 30;
    /** Suffix of the per session key holding {@code ./scripts/run.sh hash-password}'s output. */
    public static final String PASSWORD_HASH_SUFFIX = ".password.hash";
    /**
     * Per session key suffix: {@code true} refuses the session's logons unless its TLS connection carries a client
     * certificate the truststore trusts, while other sessions on the same acceptor port may log on without one.
     */
    public static final String CLIENT_CERT_REQUIRED_SUFFIX = ".tls.client.cert.required";
    /** Suffix of the per session plain-text password key, refused since passwords are stored hashed. */
    public static final String PLAIN_PASSWORD_SUFFIX = ".password";
    /** Failed logons in a row, per session or per source address, before further logons are refused for a while. */
    public static final String LOGON_MAX_FAILURES_PROP = "peregrine.gateway.broker.logon.max.failures";
    public static final int LOGON_MAX_FAILURES_DEFAULT = 5;
    /** How long a session or source address is refused after too many failed logons. */
    public static final String LOGON_LOCKOUT_SECONDS_PROP = "peregrine.gateway.broker.logon.lockout.seconds";
    public static final int LOGON_LOCKOUT_SECONDS_DEFAULT = 60;

    /** Whether the broker acceptor speaks FIX over TLS (keystore required). */
    public static final String BROKER_TLS_PROP = "peregrine.gateway.broker.tls";
    public static final boolean BROKER_TLS_DEFAULT = false;
    /** Whether brokers must present a client certificate the truststore trusts (QuickFIX/J NeedClientAuth). */
    public static final String BROKER_TLS_NEED_CLIENT_AUTH_PROP = "peregrine.gateway.broker.tls.need.client.auth";
    public static final boolean BROKER_TLS_NEED_CLIENT_AUTH_DEFAULT = false;
    /** Keystore (PKCS12 or JKS) with this gateway's private key and certificate. */
    public static final String TLS_KEYSTORE_FILE_PROP = "peregrine.gateway.tls.keystore.file";
    /** File whose first line is the keystore's password (keep it 0600). */
    public static final String TLS_KEYSTORE_PASSWORD_FILE_PROP = "peregrine.gateway.tls.keystore.password.file";
    /** Truststore with the certificates of the venues (and, with client auth, brokers) this gateway trusts. */
    public static final String TLS_TRUSTSTORE_FILE_PROP = "peregrine.gateway.tls.truststore.file";
    /** File whose first line is the truststore's password. */
    public static final String TLS_TRUSTSTORE_PASSWORD_FILE_PROP = "peregrine.gateway.tls.truststore.password.file";

    /** Venue ids the gateway connects to, comma separated; empty for none. */
    public static final String VENUES_PROP = "peregrine.gateway.venues";
    public static final String VENUES_DEFAULT = "1";
    /** Per venue keys: {@code peregrine.gateway.venue.<ID>.host|port|sender.comp.id|target.comp.id|reset.on.logon}. */
    public static final String VENUE_PREFIX = "peregrine.gateway.venue.";
    public static final String VENUE_HOST_DEFAULT = "127.0.0.1";
    public static final int VENUE_PORT_DEFAULT = 9890;
    public static final String VENUE_SENDER_COMP_ID_DEFAULT = "PEREGRINE";
    public static final String VENUE_TARGET_COMP_ID_DEFAULT = "SIMVENUE";
    public static final boolean VENUE_RESET_ON_LOGON_DEFAULT = false;
    /** Default of {@code peregrine.gateway.venue.<ID>.tls}. */
    public static final boolean VENUE_TLS_DEFAULT = false;
    /** Default of {@code peregrine.gateway.venue.<ID>.tls.verify.hostname}: the certificate must name the host. */
    public static final boolean VENUE_TLS_VERIFY_HOSTNAME_DEFAULT = true;
    public static final String VENUE_HEARTBEAT_PROP = "peregrine.gateway.venue.heartbeat.seconds";
    public static final int VENUE_HEARTBEAT_DEFAULT = 30;
    public static final String VENUE_RECONNECT_PROP = "peregrine.gateway.venue.reconnect.seconds";
    public static final int VENUE_RECONNECT_DEFAULT = 1;

    /** Consecutive venue rejects or ack timeouts that open a venue's circuit breaker. */
    public static final String CIRCUIT_FAILURES_PROP = "peregrine.gateway.circuit.failures";
    public static final int CIRCUIT_FAILURES_DEFAULT = 5;
    /** A request the venue has not answered within this many milliseconds counts as a failure. */
    public static final String CIRCUIT_ACK_TIMEOUT_MS_PROP = "peregrine.gateway.circuit.ack.timeout.ms";
    public static final long CIRCUIT_ACK_TIMEOUT_MS_DEFAULT = 2_000;
    /** How long an open breaker waits before letting one probe order through. */
    public static final String CIRCUIT_COOL_DOWN_MS_PROP = "peregrine.gateway.circuit.cool.down.ms";
    public static final long CIRCUIT_COOL_DOWN_MS_DEFAULT = 5_000;
    /**
     * Requests a venue session may have sent and unanswered; the others wait in its fair queue (round-robin across
     * accounts), so a slow venue's backlog waits where one account cannot hold another's orders behind its own.
     */
    public static final String VENUE_SEND_WINDOW_PROP = "peregrine.gateway.venue.send.window";
    public static final int VENUE_SEND_WINDOW_DEFAULT = 32;
    /** Requests one account may have waiting for a venue session; more orders and replaces are rejected THROTTLED. */
    public static final String VENUE_QUEUE_PER_ACCOUNT_PROP = "peregrine.gateway.venue.queue.per.account";
    public static final int VENUE_QUEUE_PER_ACCOUNT_DEFAULT = 1_000;

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
     */
    public GatewayContext(final Properties properties)
    {
        this.source = PropertyReader.layered(properties);
        // Unset gateway keys fall back to the core's keys, so one file configures both sides of each stream.
        aeronDirectoryName = get(AERON_DIR_PROP, get(CORE_AERON_DIR_PROP, CommonContext.getAeronDirectoryName()));
        channel = get(CHANNEL_PROP, get(CORE_CHANNEL_PROP, CHANNEL_DEFAULT));
        ingressStreamId = getInt(INGRESS_STREAM_PROP, getInt(CORE_INGRESS_STREAM_PROP, INGRESS_STREAM_DEFAULT));
        egressStreamId = getInt(EGRESS_STREAM_PROP, getInt(CORE_EGRESS_STREAM_PROP, EGRESS_STREAM_DEFAULT));
        venueOutStreamId = getInt(VENUE_OUT_STREAM_PROP,
            getInt(CORE_VENUE_OUT_STREAM_PROP, VENUE_OUT_STREAM_DEFAULT));
        venueInStreamId = getInt(VENUE_IN_STREAM_PROP, getInt(CORE_VENUE_IN_STREAM_PROP, VENUE_IN_STREAM_DEFAULT));
        clientId = getInt(CLIENT_ID_PROP, CLIENT_ID_DEFAULT);
        dataDir = source.path(DATA_DIR_PROP, DATA_DIR_DEFAULT);
        idleStrategyName = get(IDLE_STRATEGY_PROP, IDLE_STRATEGY_DEFAULT);
        idleBackoffMaxParkNs = IdleStrategies.backoffMaxParkNs(source, IDLE_BACKOFF_MAX_PARK_NS_PROP);
        idleBackoffMinParkNs = IdleStrategies.backoffMinParkNs(source);
        fixMessageLog = getBoolean(FIX_MESSAGE_LOG_PROP, FIX_MESSAGE_LOG_DEFAULT);
        fixStoreSync = getBoolean(FIX_STORE_SYNC_PROP, FIX_STORE_SYNC_DEFAULT);
        threading = AgentThreading.parse(get(AgentThreading.PROP_NAME, AgentThreading.DEFAULT));
        offerTimeoutMs = getLong(OFFER_TIMEOUT_MS_PROP, OFFER_TIMEOUT_MS_DEFAULT);
        limits = GatewayLimits.from(source);
        brokerEnabled = getBoolean(BROKER_ENABLED_PROP, BROKER_ENABLED_DEFAULT);
        brokerHost = get(BROKER_HOST_PROP, BROKER_HOST_DEFAULT);
        brokerPort = getInt(BROKER_PORT_PROP, BROKER_PORT_DEFAULT);
        brokerCompId = get(BROKER_COMP_ID_PROP, BROKER_COMP_ID_DEFAULT);
        brokerHeartbeatSeconds = getInt(BROKER_HEARTBEAT_PROP, BROKER_HEARTBEAT_DEFAULT);
        brokerSessions = parseBrokerSessions(get(BROKER_SESSIONS_PROP, BROKER_SESSIONS_DEFAULT));
        logonMaxFailures = getInt(LOGON_MAX_FAILURES_PROP, LOGON_MAX_FAILURES_DEFAULT);
        logonLockoutSeconds = getInt(LOGON_LOCKOUT_SECONDS_PROP, LOGON_LOCKOUT_SECONDS_DEFAULT);
        brokerTls = getBoolean(BROKER_TLS_PROP, BROKER_TLS_DEFAULT);
        brokerTlsNeedClientAuth = getBoolean(BROKER_TLS_NEED_CLIENT_AUTH_PROP, BROKER_TLS_NEED_CLIENT_AUTH_DEFAULT);
        tlsKeystoreFile = getPath(TLS_KEYSTORE_FILE_PROP);
        tlsKeystorePasswordFile = getPath(TLS_KEYSTORE_PASSWORD_FILE_PROP);
        tlsTruststoreFile = getPath(TLS_TRUSTSTORE_FILE_PROP);
        tlsTruststorePasswordFile = getPath(TLS_TRUSTSTORE_PASSWORD_FILE_PROP);
        venues = parseVenues(get(VENUES_PROP, VENUES_DEFAULT));
        venueHeartbeatSeconds = getInt(VENUE_HEARTBEAT_PROP, VENUE_HEARTBEAT_DEFAULT);
        venueReconnectSeconds = getInt(VENUE_RECONNECT_PROP, VENUE_RECONNECT_DEFAULT);
        circuitFailures = getInt(CIRCUIT_FAILURES_PROP, CIRCUIT_FAILURES_DEFAULT);
        circuitAckTimeoutMs = getLong(CIRCUIT_ACK_TIMEOUT_MS_PROP, CIRCUIT_ACK_TIMEOUT_MS_DEFAULT);
        circuitCoolDownMs = getLong(CIRCUIT_COOL_DOWN_MS_PROP, CIRCUIT_COOL_DOWN_MS_DEFAULT);
        venueSendWindow = getInt(VENUE_SEND_WINDOW_PROP, VENUE_SEND_WINDOW_DEFAULT);
        venueQueuePerAccount = getInt(VENUE_QUEUE_PER_ACCOUNT_PROP, VENUE_QUEUE_PER_ACCOUNT_DEFAULT);
    }

    /**
     * Reads a properties file.
     *
     * @param file to read (UTF-8).
     * @return its properties.
     * @throws IOException if it cannot be read.
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
            IdleStrategies.supplier(IDLE_STRATEGY_PROP, idleStrategyName, idleBackoffMinParkNs, idleBackoffMaxParkNs);
        }
        require(null != channel && channel.startsWith("aeron:"), CHANNEL_PROP + " must be an Aeron URI: " + channel);
        require(brokerPort >= 0 && brokerPort <= 65_535, BROKER_PORT_PROP + " must be 0-65535: " + brokerPort);
        require(offerTimeoutMs >= 0, OFFER_TIMEOUT_MS_PROP + " must be >= 0: " + offerTimeoutMs);
        require(brokerHeartbeatSeconds > 0, BROKER_HEARTBEAT_PROP + " must be positive: " + brokerHeartbeatSeconds);
        require(venueHeartbeatSeconds > 0, VENUE_HEARTBEAT_PROP + " must be positive: " + venueHeartbeatSeconds);
        require(venueReconnectSeconds > 0, VENUE_RECONNECT_PROP + " must be positive: " + venueReconnectSeconds);
        require(circuitFailures > 0, CIRCUIT_FAILURES_PROP + " must be positive: " + circuitFailures);
        require(circuitAckTimeoutMs > 0, CIRCUIT_ACK_TIMEOUT_MS_PROP + " must be positive: " + circuitAckTimeoutMs);
        require(circuitCoolDownMs > 0, CIRCUIT_COOL_DOWN_MS_PROP + " must be positive: " + circuitCoolDownMs);
        require(venueSendWindow > 0, VENUE_SEND_WINDOW_PROP + " must be positive: " + venueSendWindow);
        require(venueQueuePerAccount > 0, VENUE_QUEUE_PER_ACCOUNT_PROP + " must be positive: " + venueQueuePerAccount);
        for (final VenueClientConfig venue : venues)
        {
            require(venue.port() > 0 && venue.port() <= 65_535,
                VENUE_PREFIX + venue.venueId() + ".port must be 1-65535: " + venue.port());
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
                throw new IllegalArgumentException(BROKER_SESSIONS_PROP + ": expected COMPID:ACCOUNT, got " + entry);
            }
            final String compId = entry.substring(0, colon).trim();
            final String account = entry.substring(colon + 1).trim();
            final String prefix = BROKER_SESSION_PREFIX + compId + '.';
            final Set<String> extra = new LinkedHashSet<>(splitList(get(prefix + "accounts", "")));
            sessions.add(new BrokerSessionConfig(
                compId,
                account,
                extra,
                get(prefix + "username", null),
                passwordHash(compId),
                getBoolean(prefix + "cancel.on.disconnect", false))
                .withClientCertificateRequired(getBoolean(BROKER_SESSION_PREFIX + compId + CLIENT_CERT_REQUIRED_SUFFIX,
                    false)));
        }
        return sessions;
    }

    /**
     * The session's password hash, or null for a session without authentication; refuses a plain-text password,
     * an empty or malformed hash, and a username without a password (the messages name the key, never the value).
     */
    private PasswordHash passwordHash(final String compId)
    {
        final String prefix = BROKER_SESSION_PREFIX + compId;
        final String hashKey = prefix + PASSWORD_HASH_SUFFIX;
        final String plainKey = prefix + PLAIN_PASSWORD_SUFFIX;
        if (null != get(plainKey, null))
        {
            throw new IllegalArgumentException(plainKey + " holds a plain-text password, which is no longer " +
                "accepted: remove it and set " + hashKey + " to the output of ./scripts/run.sh hash-password " +
                "(it reads the password from standard input)");
        }
        final String encoded = get(hashKey, null);
        if (null == encoded)
        {
            if (null != get(prefix + ".username", null))
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
            final String prefix = VENUE_PREFIX + venueId + '.';
            result.add(new VenueClientConfig(
                venueId,
                get(prefix + "host", VENUE_HOST_DEFAULT),
                getInt(prefix + "port", VENUE_PORT_DEFAULT),
                get(prefix + "sender.comp.id", VENUE_SENDER_COMP_ID_DEFAULT),
                get(prefix + "target.comp.id", VENUE_TARGET_COMP_ID_DEFAULT),
                getBoolean(prefix + "reset.on.logon", VENUE_RESET_ON_LOGON_DEFAULT),
                getBoolean(prefix + "tls", VENUE_TLS_DEFAULT),
                getBoolean(prefix + "tls.verify.hostname", VENUE_TLS_VERIFY_HOSTNAME_DEFAULT)));
        }
        return result;
    }

    private static List<String> splitList(final String spec)
    {
        return PropertyReader.split(spec);
    }

    private String get(final String key, final String defaultValue)
    {
        return source.string(key, defaultValue);
    }

    private Path getPath(final String key)
    {
        return source.path(key);
    }

    private int getInt(final String key, final int defaultValue)
    {
        return source.intValue(key, defaultValue);
    }

    private long getLong(final String key, final long defaultValue)
    {
        return source.longValue(key, defaultValue);
    }

    private boolean getBoolean(final String key, final boolean defaultValue)
    {
        return source.booleanValue(key, defaultValue);
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
            IdleStrategies.supplier(IDLE_STRATEGY_PROP, idleStrategyName, idleBackoffMinParkNs, idleBackoffMaxParkNs);
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
     * @param name busy-spin, backoff, sleeping or yielding, for both agents ({@link #IDLE_STRATEGY_PROP}).
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
     * @param parkNs longest park of the agents' {@code backoff} strategy ({@link #IDLE_BACKOFF_MAX_PARK_NS_PROP}),
     *               1,000 to 1,000,000,000 ns; checked when the supplier is built.
     * @return this.
     */
    public GatewayContext idleBackoffMaxParkNs(final long parkNs)
    {
        this.idleBackoffMaxParkNs = parkNs;
        return this;
    }

    /** @return whether the session stores fsync every message ({@link #FIX_STORE_SYNC_PROP}). */
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
     * @return requests a venue session may have unanswered before the others wait in its fair queue
     * ({@link #VENUE_SEND_WINDOW_PROP}).
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
     * @return requests one account may have waiting for a venue session ({@link #VENUE_QUEUE_PER_ACCOUNT_PROP}).
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
