package io.peregrine.sim;

import io.peregrine.config.IdleStrategies;
import io.peregrine.config.WakeableIdleStrategy;
import io.peregrine.config.KeyRenames;
import io.peregrine.config.PropertyReader;
import io.peregrine.fixedge.ConnectionLimits;
import io.peregrine.fixedge.RollingLogLimits;
import io.peregrine.sim.maker.QuoteLadder;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration of a {@link SimVenue}: FIX acceptor, participant sessions and their accounts, instruments, matching
 * options and the market maker. Fluent; every value has a default that works on a laptop, taken from a system
 * property of the same name when set (read through {@link PropertyReader}, like every Peregrine context). A
 * properties file with the same keys ({@link #load(Path)}) overrides the system properties; setters override both;
 * {@link #conclude()} checks the result.
 * <p>
 * Not thread-safe: configure on one thread, then hand to {@link SimVenue#start(SimVenueContext)}, which reads it at
 * start; do not change it while the venue runs.
 */
public final class SimVenueContext
{
    /** Address the FIX acceptor binds. */
    public static final String HOST_PROP = "peregrine.sim.host";
    public static final String HOST_DEFAULT = "127.0.0.1";

    /** Port the FIX acceptor binds; 0 picks a free ephemeral port (tests). */
    public static final String PORT_PROP = "peregrine.sim.port";
    public static final int PORT_DEFAULT = 9890;

    /** The venue's own CompID (SenderCompID on everything it sends). */
    public static final String COMP_ID_PROP = "peregrine.sim.comp.id";
    public static final String COMP_ID_DEFAULT = "SIMVENUE";

    /** Comma separated CompIDs of the participants allowed to log on (their SenderCompID). */
    public static final String SESSIONS_PROP = "peregrine.sim.sessions";
    public static final String SESSIONS_DEFAULT = "PEREGRINE,PARTICIPANT1,PARTICIPANT2";

    /** Prefix of {@code peregrine.sim.session.<CompID>.account}: the account (for STP) of a session; default its CompID. */
    public static final String SESSION_PREFIX = "peregrine.sim.session.";
    public static final String ACCOUNT_SUFFIX = ".account";

    /** Directory of the QuickFIX/J file stores: sequence numbers and sent messages (for resends) survive restarts. */
    public static final String STORE_DIR_PROP = "peregrine.sim.fix.store.dir";
    public static final String STORE_DIR_DEFAULT = "./data/matching-sim/fix-store";

    /** FIX message/event log: {@code none}, {@code file} (under the log dir) or {@code slf4j}. */
    public static final String FIX_LOG_PROP = "peregrine.sim.fix.log";
    public static final String FIX_LOG_DEFAULT = "none";

    /** Directory of the FIX file logs when {@code peregrine.sim.fix.log=file}. */
    public static final String LOG_DIR_PROP = "peregrine.sim.fix.log.dir";
    public static final String LOG_DIR_DEFAULT = "./data/matching-sim/fix-log";

    /** Largest FIX frame a participant connection may send, bytes; larger or malformed framing closes it. */
    public static final String MAX_MESSAGE_BYTES_PROP = "peregrine.sim.max.message.bytes";
    /** A connection not logged on this long after connecting is closed, ms. */
    public static final String LOGON_TIMEOUT_MS_PROP = "peregrine.sim.logon.timeout.ms";
    /** Most connections from one address waiting to log on at once; more are closed when accepted. */
    public static final String MAX_PENDING_PER_ADDRESS_PROP = "peregrine.sim.max.pending.per.address";
    /** Size at which a FIX file log rolls, bytes ({@code fix.log=file}). */
    public static final String LOG_MAX_FILE_BYTES_PROP = "peregrine.sim.fix.log.max.file.bytes";
    /** Files kept per FIX log, the current one included ({@code fix.log=file}). */
    public static final String LOG_MAX_FILES_PROP = "peregrine.sim.fix.log.max.files";

    /** Self-trade prevention: an order never trades against a resting order of the same account. */
    public static final String STP_PROP = "peregrine.sim.stp";
    public static final boolean STP_DEFAULT = false;

    /** Capacity of each instrument's order book in the matching engine. */
    public static final String MAX_ORDERS_PER_BOOK_PROP = "peregrine.sim.max.orders.per.book";
    public static final int MAX_ORDERS_PER_BOOK_DEFAULT = 100_000;

    /**
     * Closed orders (and refused request ClOrdIDs) each session remembers, for "too late to cancel" answers and
     * duplicate ClOrdID checks; older ones are forgotten so memory stays bounded on long runs.
     */
    public static final String ORDER_RETENTION_PROP = "peregrine.sim.order.retention";
    public static final int ORDER_RETENTION_DEFAULT = 100_000;

    /** Capacity of the queue from the QuickFIX/J threads to the engine thread (a power of two). */
    public static final String COMMAND_QUEUE_CAPACITY_PROP = "peregrine.sim.command.queue.capacity";
    public static final int COMMAND_QUEUE_CAPACITY_DEFAULT = 65_536;

    /**
     * Where a session's requests are matched: {@code session} (on the QuickFIX/J thread that received them, under
     * the engine's lock, no queue hop) or {@code engine} (queued to the engine thread).
     */
    public static final String MATCHING_THREAD_PROP = "peregrine.sim.matching.thread";
    /** Default of {@link #MATCHING_THREAD_PROP}: measured faster (perf-reports/results/2026-12-06-threading.md). */
    public static final String MATCHING_THREAD_DEFAULT = "session";

    /** Idle strategy of the engine thread: a name {@link IdleStrategies} knows (backoff, busy-spin, ...). */
    public static final String IDLE_STRATEGY_PROP = "peregrine.sim.idle.strategy";
    public static final String IDLE_STRATEGY_DEFAULT = IdleStrategies.DEFAULT_NAME;

    /**
     * Longest park, in nanoseconds, of the engine thread's {@code backoff} idle strategy; unset falls back to the
     * process-wide {@link #PROCESS_IDLE_BACKOFF_MAX_PARK_NS_PROP}, then to {@link #IDLE_BACKOFF_MAX_PARK_NS_DEFAULT}
     * (with {@code peregrine.idle.wake=false}: to the process-wide default, 100 us).
     * Accepted: {@link IdleStrategies#BACKOFF_MAX_PARK_NS_MIN} to {@link IdleStrategies#BACKOFF_MAX_PARK_NS_MAX}.
     */
    public static final String IDLE_BACKOFF_MAX_PARK_NS_PROP = "peregrine.sim.idle.backoff.max.park.ns";
    /** The process-wide key {@link IdleStrategies#BACKOFF_MAX_PARK_NS_PROP_NAME} this venue's key falls back to. */
    public static final String PROCESS_IDLE_BACKOFF_MAX_PARK_NS_PROP = IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME;
    /**
     * Default of {@link #IDLE_BACKOFF_MAX_PARK_NS_PROP} when neither it nor the process-wide key is set: 1 ms. All the
     * engine's work is queued through {@code SimulatedExchangeAgent.offer}, which wakes a parked engine
     * ({@code peregrine.idle.wake}, on by default), so the park delays no work; it only bounds how often an idle
     * engine wakes. At the process-wide 100 us, the idle engine (which has nothing to do while matching runs on the
     * session threads) used 3-6 % of a core in {@code FixLoopLatency} at 1,000 orders/s.
     */
    public static final long IDLE_BACKOFF_MAX_PARK_NS_DEFAULT = 1_000_000;

    /**
     * Comma separated symbols traded; each is configured by {@code peregrine.sim.instrument.<SYMBOL>.ref.price},
     * {@code .tick.size} (default 0.01) and {@code .lot.size} (default 1).
     */
    public static final String INSTRUMENTS_PROP = "peregrine.sim.instruments";
    public static final String INSTRUMENTS_DEFAULT = "AAPL,MSFT";
    public static final String INSTRUMENT_PREFIX = "peregrine.sim.instrument.";
    public static final String TICK_SIZE_DEFAULT = "0.01";
    public static final long LOT_SIZE_DEFAULT = 1;

    /** Whether the built-in market maker quotes every instrument. */
    public static final String MAKER_ENABLED_PROP = "peregrine.sim.maker.enabled";
    public static final boolean MAKER_ENABLED_DEFAULT = true;

    /** The market maker's account: distinct from every participant so STP never blocks them. */
    public static final String MAKER_ACCOUNT_PROP = "peregrine.sim.maker.account";
    public static final String MAKER_ACCOUNT_DEFAULT = "SIMMM";

    /** Price levels quoted on each side. */
    public static final String MAKER_LEVELS_PROP = "peregrine.sim.maker.levels";
    public static final int MAKER_LEVELS_DEFAULT = 5;

    /** Base quantity of each quote. */
    public static final String MAKER_QUANTITY_PROP = "peregrine.sim.maker.quantity";
    public static final long MAKER_QUANTITY_DEFAULT = 100;

    /** Up to this many extra units (rounded down to lots) are added to each quote, drawn from the seeded random. */
    public static final String MAKER_QUANTITY_JITTER_PROP = "peregrine.sim.maker.quantity.jitter";
    public static final long MAKER_QUANTITY_JITTER_DEFAULT = 50;

    /** Distance in ticks from the reference price to the best bid and to the best ask. */
    public static final String MAKER_SPREAD_TICKS_PROP = "peregrine.sim.maker.spread.ticks";
    public static final int MAKER_SPREAD_TICKS_DEFAULT = 1;

    /** Distance in ticks between consecutive levels on one side. */
    public static final String MAKER_LEVEL_TICKS_PROP = "peregrine.sim.maker.level.ticks";
    public static final int MAKER_LEVEL_TICKS_DEFAULT = 1;

    /** Seed of the market maker's random quantities, so a run is reproducible. */
    public static final String MAKER_SEED_PROP = "peregrine.sim.maker.seed";
    public static final long MAKER_SEED_DEFAULT = 42;

    /**
     * Keys of earlier versions: the simulator's keys moved from {@code peregrine.venue.*} (which now means only the
     * core's routes to venues) to {@code peregrine.sim.*}, in the dotted lowercase style of every other key. Each
     * old key still works, with a deprecation WARN naming the new one (README, "Migration").
     */
    public static final KeyRenames KEY_RENAMES = KeyRenames.of(
        "peregrine.venue.matching.thread", MATCHING_THREAD_PROP,
        "peregrine.venue.host", HOST_PROP,
        "peregrine.venue.port", PORT_PROP,
        "peregrine.venue.compId", COMP_ID_PROP,
        "peregrine.venue.comp.id", COMP_ID_PROP,
        "peregrine.venue.sessions", SESSIONS_PROP,
        "peregrine.venue.session.*.account", SESSION_PREFIX + "*" + ACCOUNT_SUFFIX,
        "peregrine.venue.fix.storeDir", STORE_DIR_PROP,
        "peregrine.venue.fix.store.dir", STORE_DIR_PROP,
        "peregrine.venue.fix.log", FIX_LOG_PROP,
        "peregrine.venue.fix.logDir", LOG_DIR_PROP,
        "peregrine.venue.fix.log.dir", LOG_DIR_PROP,
        "peregrine.venue.fix.logMaxFileBytes", LOG_MAX_FILE_BYTES_PROP,
        "peregrine.venue.fix.log.max.file.bytes", LOG_MAX_FILE_BYTES_PROP,
        "peregrine.venue.fix.logMaxFiles", LOG_MAX_FILES_PROP,
        "peregrine.venue.fix.log.max.files", LOG_MAX_FILES_PROP,
        "peregrine.venue.maxMessageBytes", MAX_MESSAGE_BYTES_PROP,
        "peregrine.venue.max.message.bytes", MAX_MESSAGE_BYTES_PROP,
        "peregrine.venue.logonTimeoutMs", LOGON_TIMEOUT_MS_PROP,
        "peregrine.venue.logon.timeout.ms", LOGON_TIMEOUT_MS_PROP,
        "peregrine.venue.maxPendingPerAddress", MAX_PENDING_PER_ADDRESS_PROP,
        "peregrine.venue.max.pending.per.address", MAX_PENDING_PER_ADDRESS_PROP,
        "peregrine.venue.stp", STP_PROP,
        "peregrine.venue.maxOrdersPerBook", MAX_ORDERS_PER_BOOK_PROP,
        "peregrine.venue.max.orders.per.book", MAX_ORDERS_PER_BOOK_PROP,
        "peregrine.venue.orderRetention", ORDER_RETENTION_PROP,
        "peregrine.venue.order.retention", ORDER_RETENTION_PROP,
        "peregrine.venue.commandQueueCapacity", COMMAND_QUEUE_CAPACITY_PROP,
        "peregrine.venue.command.queue.capacity", COMMAND_QUEUE_CAPACITY_PROP,
        "peregrine.venue.idleStrategy", IDLE_STRATEGY_PROP,
        "peregrine.venue.idle.strategy", IDLE_STRATEGY_PROP,
        "peregrine.venue.idleBackoffMaxParkNs", IDLE_BACKOFF_MAX_PARK_NS_PROP,
        "peregrine.venue.idle.backoff.max.park.ns", IDLE_BACKOFF_MAX_PARK_NS_PROP,
        "peregrine.venue.instruments", INSTRUMENTS_PROP,
        "peregrine.venue.instrument.*.refPrice", INSTRUMENT_PREFIX + "*.ref.price",
        "peregrine.venue.instrument.*.ref.price", INSTRUMENT_PREFIX + "*.ref.price",
        "peregrine.venue.instrument.*.tickSize", INSTRUMENT_PREFIX + "*.tick.size",
        "peregrine.venue.instrument.*.tick.size", INSTRUMENT_PREFIX + "*.tick.size",
        "peregrine.venue.instrument.*.lotSize", INSTRUMENT_PREFIX + "*.lot.size",
        "peregrine.venue.instrument.*.lot.size", INSTRUMENT_PREFIX + "*.lot.size",
        "peregrine.venue.maker.enabled", MAKER_ENABLED_PROP,
        "peregrine.venue.maker.account", MAKER_ACCOUNT_PROP,
        "peregrine.venue.maker.levels", MAKER_LEVELS_PROP,
        "peregrine.venue.maker.quantity", MAKER_QUANTITY_PROP,
        "peregrine.venue.maker.quantityJitter", MAKER_QUANTITY_JITTER_PROP,
        "peregrine.venue.maker.quantity.jitter", MAKER_QUANTITY_JITTER_PROP,
        "peregrine.venue.maker.spreadTicks", MAKER_SPREAD_TICKS_PROP,
        "peregrine.venue.maker.spread.ticks", MAKER_SPREAD_TICKS_PROP,
        "peregrine.venue.maker.levelTicks", MAKER_LEVEL_TICKS_PROP,
        "peregrine.venue.maker.level.ticks", MAKER_LEVEL_TICKS_PROP,
        "peregrine.venue.maker.seed", MAKER_SEED_PROP);

    /**
     * The keys that each set one value through its setter: key, default, type and setter in one row, read in this
     * order. Sessions, instruments, the connection and log limits, the idle park time and the quote ladder group
     * several keys and are read by the constructor.
     */
    private static final List<Setting<SimVenueContext>> SETTINGS = List.of(
        Setting.text(HOST_PROP, HOST_DEFAULT, SimVenueContext::host),
        Setting.wholeNumber(PORT_PROP, PORT_DEFAULT, SimVenueContext::port),
        Setting.text(COMP_ID_PROP, COMP_ID_DEFAULT, SimVenueContext::compId),
        Setting.path(STORE_DIR_PROP, STORE_DIR_DEFAULT, SimVenueContext::storeDir),
        Setting.text(FIX_LOG_PROP, FIX_LOG_DEFAULT, SimVenueContext::fixLog),
        Setting.path(LOG_DIR_PROP, LOG_DIR_DEFAULT, SimVenueContext::logDir),
        Setting.flag(STP_PROP, STP_DEFAULT, SimVenueContext::selfTradePrevention),
        Setting.wholeNumber(MAX_ORDERS_PER_BOOK_PROP, MAX_ORDERS_PER_BOOK_DEFAULT, SimVenueContext::maxOrdersPerBook),
        Setting.wholeNumber(
            COMMAND_QUEUE_CAPACITY_PROP, COMMAND_QUEUE_CAPACITY_DEFAULT, SimVenueContext::commandQueueCapacity),
        Setting.text(MATCHING_THREAD_PROP, MATCHING_THREAD_DEFAULT, SimVenueContext::matchingThread),
        Setting.wholeNumber(ORDER_RETENTION_PROP, ORDER_RETENTION_DEFAULT, SimVenueContext::orderRetention),
        Setting.text(IDLE_STRATEGY_PROP, IDLE_STRATEGY_DEFAULT, SimVenueContext::idleStrategyName),
        Setting.flag(MAKER_ENABLED_PROP, MAKER_ENABLED_DEFAULT, SimVenueContext::marketMakerEnabled),
        Setting.text(MAKER_ACCOUNT_PROP, MAKER_ACCOUNT_DEFAULT, SimVenueContext::makerAccount));

    private String host;
    private int port;
    private String compId;
    private final Map<String, String> sessionAccounts = new LinkedHashMap<>();
    private Path storeDir;
    private String fixLog;
    private Path logDir;
    private ConnectionLimits connectionLimits;
    private RollingLogLimits logLimits;
    private boolean selfTradePrevention;
    private int maxOrdersPerBook;
    private int commandQueueCapacity;
    private String matchingThread;
    private int orderRetention;
    private String idleStrategy;
    private long idleBackoffMaxParkNs;
    private long idleBackoffMinParkNs; // the process-wide first park, or IdleStrategies.BACKOFF_MIN_PARK_NS_UNSET
    private final Map<String, VenueInstrument> instruments = new LinkedHashMap<>();
    private boolean marketMakerEnabled;
    private String makerAccount;
    private QuoteLadder makerLadder;
    private VenueEngineCounters.Factory counterFactory;

    /**
     * A context with the defaults, overridden by any system property of the same name.
     */
    public SimVenueContext()
    {
        this(PropertyReader.system());
    }

    private SimVenueContext(final PropertyReader reader)
    {
        final PropertyReader p = reader.withRenames(KEY_RENAMES);
        for (final Setting<SimVenueContext> setting : SETTINGS)
        {
            setting.read(p, this);
        }
        sessions(p, p.string(SESSIONS_PROP, SESSIONS_DEFAULT));
        connectionLimits = new ConnectionLimits(
            p.intValue(MAX_MESSAGE_BYTES_PROP, ConnectionLimits.MAX_MESSAGE_BYTES_DEFAULT),
            p.longValue(LOGON_TIMEOUT_MS_PROP, ConnectionLimits.LOGON_TIMEOUT_MS_DEFAULT),
            p.intValue(MAX_PENDING_PER_ADDRESS_PROP, ConnectionLimits.MAX_PENDING_PER_ADDRESS_DEFAULT));
        logLimits = new RollingLogLimits(
            p.longValue(LOG_MAX_FILE_BYTES_PROP, RollingLogLimits.MAX_FILE_BYTES_DEFAULT),
            p.intValue(LOG_MAX_FILES_PROP, RollingLogLimits.MAX_FILES_DEFAULT));
        final boolean parkSet = p.isSet(IDLE_BACKOFF_MAX_PARK_NS_PROP) || p.isSet(PROCESS_IDLE_BACKOFF_MAX_PARK_NS_PROP);
        idleBackoffMaxParkNs = parkSet || !WakeableIdleStrategy.wakeEnabled() ?
            IdleStrategies.backoffMaxParkNs(p, IDLE_BACKOFF_MAX_PARK_NS_PROP) : IDLE_BACKOFF_MAX_PARK_NS_DEFAULT;
        idleBackoffMinParkNs = IdleStrategies.backoffMinParkNs(p);
        instruments(p, p.string(INSTRUMENTS_PROP, INSTRUMENTS_DEFAULT));
        makerLadder = new QuoteLadder(
            p.intValue(MAKER_LEVELS_PROP, MAKER_LEVELS_DEFAULT),
            p.longValue(MAKER_QUANTITY_PROP, MAKER_QUANTITY_DEFAULT),
            p.longValue(MAKER_QUANTITY_JITTER_PROP, MAKER_QUANTITY_JITTER_DEFAULT),
            p.intValue(MAKER_SPREAD_TICKS_PROP, MAKER_SPREAD_TICKS_DEFAULT),
            p.intValue(MAKER_LEVEL_TICKS_PROP, MAKER_LEVEL_TICKS_DEFAULT),
            p.longValue(MAKER_SEED_PROP, MAKER_SEED_DEFAULT));
    }

    /**
     * A context from properties (for example a config file) layered over the system properties and defaults.
     *
     * @param properties keys as the {@code *_PROP} constants (or their old names, see {@link #KEY_RENAMES}).
     * @return a new context.
     * @throws IllegalArgumentException on a malformed value.
     */
    public static SimVenueContext fromProperties(final Properties properties)
    {
        return new SimVenueContext(PropertyReader.layered(properties));
    }

    /**
     * Loads a properties file ({@code key=value}, UTF-8) layered over the system properties and defaults.
     *
     * @param file to read.
     * @return a new context.
     * @throws IOException if the file cannot be read.
     */
    public static SimVenueContext load(final Path file) throws IOException
    {
        return fromProperties(PropertyReader.load(file));
    }

    private void sessions(final PropertyReader p, final String list)
    {
        sessionAccounts.clear();
        for (final String compId : PropertyReader.split(list))
        {
            session(compId, p.string(SESSION_PREFIX + compId + ACCOUNT_SUFFIX, compId));
        }
    }

    private void instruments(final PropertyReader p, final String list)
    {
        instruments.clear();
        for (final String symbol : PropertyReader.split(list))
        {
            final String prefix = INSTRUMENT_PREFIX + symbol + ".";
            final String refPrice = p.string(prefix + "ref.price", defaultReferencePrice(symbol));
            if (null == refPrice)
            {
                throw new IllegalArgumentException("missing " + prefix + "ref.price");
            }
            final String tickSize = p.string(prefix + "tick.size", TICK_SIZE_DEFAULT);
            final long lotSize = p.longValue(prefix + "lot.size", LOT_SIZE_DEFAULT);
            instrument(VenueInstrument.of(symbol, refPrice, tickSize, lotSize));
        }
    }

    private static String defaultReferencePrice(final String symbol)
    {
        switch (symbol)
        {
            case "AAPL":
                return "190.00";
            case "MSFT":
                return "420.00";
            default:
                return null;
        }
    }

    /**
     * Checks the context is complete and consistent. Called by {@link SimVenue#start(SimVenueContext)}; calling it
     * again is harmless.
     *
     * @return this.
     * @throws IllegalArgumentException naming what is wrong.
     */
    public SimVenueContext conclude()
    {
        if (!"session".equals(matchingThread) && !"engine".equals(matchingThread))
        {
            throw new IllegalStateException(MATCHING_THREAD_PROP + " must be session or engine: " + matchingThread);
        }
        if (port < 0 || port > 65_535)
        {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (compId.isEmpty())
        {
            throw new IllegalArgumentException("venue CompID is empty");
        }
        if (sessionAccounts.isEmpty())
        {
            throw new IllegalArgumentException("no participant sessions configured (" + SESSIONS_PROP + ")");
        }
        if (instruments.isEmpty())
        {
            throw new IllegalArgumentException("no instruments configured (" + INSTRUMENTS_PROP + ")");
        }
        if (Integer.bitCount(commandQueueCapacity) != 1)
        {
            throw new IllegalArgumentException("command queue capacity must be a power of two: " + commandQueueCapacity);
        }
        if (orderRetention <= 0)
        {
            throw new IllegalArgumentException("orderRetention must be positive: " + orderRetention);
        }
        if (maxOrdersPerBook <= 0)
        {
            throw new IllegalArgumentException("maxOrdersPerBook must be positive: " + maxOrdersPerBook);
        }
        if (!"none".equals(fixLog) && !"file".equals(fixLog) && !"slf4j".equals(fixLog))
        {
            throw new IllegalArgumentException(FIX_LOG_PROP + " must be none, file or slf4j: " + fixLog);
        }
        IdleStrategies.checkMaxParkNs(IDLE_BACKOFF_MAX_PARK_NS_PROP, idleBackoffMaxParkNs);
        idleStrategy(); // fails on an unknown name
        if (marketMakerEnabled)
        {
            makerLadder.check();
            if (sessionAccounts.containsValue(makerAccount))
            {
                throw new IllegalArgumentException("market maker account " + makerAccount + " is also a session's account");
            }
        }
        return this;
    }

    public String host()
    {
        return host;
    }

    public SimVenueContext host(final String host)
    {
        this.host = host;
        return this;
    }

    public int port()
    {
        return port;
    }

    /** @param port to bind, 0 for a free ephemeral port. @return this. */
    public SimVenueContext port(final int port)
    {
        this.port = port;
        return this;
    }

    public String compId()
    {
        return compId;
    }

    public SimVenueContext compId(final String compId)
    {
        this.compId = compId;
        return this;
    }

    /** @return participant CompID to account, in configuration order (unmodifiable view). */
    public Map<String, String> sessionAccounts()
    {
        return Collections.unmodifiableMap(sessionAccounts);
    }

    /**
     * Adds (or re-maps) a participant session.
     *
     * @param compId  the participant's SenderCompID.
     * @param account its account for self-trade prevention, echoed in Account(1) on its reports.
     * @return this.
     */
    public SimVenueContext session(final String compId, final String account)
    {
        if (compId.isBlank() || account.isBlank())
        {
            throw new IllegalArgumentException("session CompID and account must not be blank");
        }
        sessionAccounts.put(compId, account);
        return this;
    }

    /** Removes every configured session (then add them with {@link #session(String, String)}). @return this. */
    public SimVenueContext clearSessions()
    {
        sessionAccounts.clear();
        return this;
    }

    public Path storeDir()
    {
        return storeDir;
    }

    public SimVenueContext storeDir(final Path storeDir)
    {
        this.storeDir = storeDir;
        return this;
    }

    public String fixLog()
    {
        return fixLog;
    }

    /** @param fixLog none, file or slf4j. @return this. */
    public SimVenueContext fixLog(final String fixLog)
    {
        this.fixLog = fixLog;
        return this;
    }

    public Path logDir()
    {
        return logDir;
    }

    public SimVenueContext logDir(final Path logDir)
    {
        this.logDir = logDir;
        return this;
    }

    /**
     * @return frame size, logon timeout and pending connections per address enforced on the acceptor.
     */
    public ConnectionLimits connectionLimits()
    {
        return connectionLimits;
    }

    public SimVenueContext connectionLimits(final ConnectionLimits connectionLimits)
    {
        this.connectionLimits = connectionLimits;
        return this;
    }

    /**
     * @return size and number of files of each FIX file log.
     */
    public RollingLogLimits logLimits()
    {
        return logLimits;
    }

    public SimVenueContext logLimits(final RollingLogLimits logLimits)
    {
        this.logLimits = logLimits;
        return this;
    }

    public boolean selfTradePrevention()
    {
        return selfTradePrevention;
    }

    public SimVenueContext selfTradePrevention(final boolean selfTradePrevention)
    {
        this.selfTradePrevention = selfTradePrevention;
        return this;
    }

    public int maxOrdersPerBook()
    {
        return maxOrdersPerBook;
    }

    public SimVenueContext maxOrdersPerBook(final int maxOrdersPerBook)
    {
        this.maxOrdersPerBook = maxOrdersPerBook;
        return this;
    }

    /** @return true when requests are matched on the session's thread ({@link #MATCHING_THREAD_PROP}). */
    public boolean matchingOnSessionThread()
    {
        return "session".equals(matchingThread);
    }

    /** @param matchingThread session or engine ({@link #MATCHING_THREAD_PROP}). @return this. */
    public SimVenueContext matchingThread(final String matchingThread)
    {
        this.matchingThread = matchingThread;
        return this;
    }

    public int commandQueueCapacity()
    {
        return commandQueueCapacity;
    }

    public SimVenueContext commandQueueCapacity(final int commandQueueCapacity)
    {
        this.commandQueueCapacity = commandQueueCapacity;
        return this;
    }

    public int orderRetention()
    {
        return orderRetention;
    }

    public SimVenueContext orderRetention(final int orderRetention)
    {
        this.orderRetention = orderRetention;
        return this;
    }

    /** @return the name of the engine thread's idle strategy. */
    public String idleStrategyName()
    {
        return idleStrategy;
    }

    public SimVenueContext idleStrategyName(final String idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    public long idleBackoffMaxParkNs()
    {
        return idleBackoffMaxParkNs;
    }

    /**
     * @param parkNs longest park of the engine thread's {@code backoff} strategy
     *               ({@link #IDLE_BACKOFF_MAX_PARK_NS_PROP}); checked by {@link #conclude()} and {@link #idleStrategy()}.
     * @return this.
     */
    public SimVenueContext idleBackoffMaxParkNs(final long parkNs)
    {
        this.idleBackoffMaxParkNs = parkNs;
        return this;
    }

    /**
     * @return a new idle strategy for the engine thread.
     * @throws IllegalArgumentException for an unknown name or a backoff max park out of range.
     */
    public IdleStrategy idleStrategy()
    {
        return IdleStrategies.newIdleStrategy(
            IDLE_STRATEGY_PROP, idleStrategy, idleBackoffMinParkNs, idleBackoffMaxParkNs);
    }

    /** @return the instruments by symbol, in configuration order (unmodifiable view). */
    public Map<String, VenueInstrument> instruments()
    {
        return Collections.unmodifiableMap(instruments);
    }

    /** Adds or replaces an instrument. @param instrument to trade. @return this. */
    public SimVenueContext instrument(final VenueInstrument instrument)
    {
        instruments.put(instrument.symbol(), instrument);
        return this;
    }

    /** Removes every instrument (then add them with {@link #instrument(VenueInstrument)}). @return this. */
    public SimVenueContext clearInstruments()
    {
        instruments.clear();
        return this;
    }

    public boolean marketMakerEnabled()
    {
        return marketMakerEnabled;
    }

    /**
     * @return where the engine's counters are allocated, or null for in-process ({@link VenueEngineCounters#inProcess()}).
     */
    public VenueEngineCounters.Factory counterFactory()
    {
        return counterFactory;
    }

    /**
     * @param counterFactory where to allocate the engine's counters (e.g. Aeron counters in a shared media driver),
     *                       or null for in-process ones. Not a property: set by the process that embeds the venue.
     * @return this.
     */
    public SimVenueContext counterFactory(final VenueEngineCounters.Factory counterFactory)
    {
        this.counterFactory = counterFactory;
        return this;
    }

    public SimVenueContext marketMakerEnabled(final boolean marketMakerEnabled)
    {
        this.marketMakerEnabled = marketMakerEnabled;
        return this;
    }

    public String makerAccount()
    {
        return makerAccount;
    }

    public SimVenueContext makerAccount(final String makerAccount)
    {
        this.makerAccount = makerAccount;
        return this;
    }

    /** @return levels, sizes, spread and seed of the market maker's quotes on each instrument. */
    public QuoteLadder makerLadder()
    {
        return makerLadder;
    }

    public SimVenueContext makerLadder(final QuoteLadder makerLadder)
    {
        this.makerLadder = makerLadder;
        return this;
    }

    @Override
    public String toString()
    {
        return "SimVenueContext{" + compId + "@" + host + ":" + port + ", sessions=" + sessionAccounts +
            ", instruments=" + instruments.values() + ", stp=" + selfTradePrevention +
            ", marketMaker=" + marketMakerEnabled + ", storeDir=" + storeDir + ", idle=" +
            idleStrategy + "/" + idleBackoffMaxParkNs + "ns}";
    }
}
