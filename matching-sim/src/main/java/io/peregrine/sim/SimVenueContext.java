package io.peregrine.sim;

import io.peregrine.config.FamilyKeyCheck;
import io.peregrine.config.IdleStrategies;
import io.peregrine.config.KeyCatalog;
import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.config.PropertyReader;
import io.peregrine.config.WakeableIdleStrategy;
import io.peregrine.fixedge.ConnectionLimits;
import io.peregrine.fixedge.RollingLogLimits;
import io.peregrine.protocol.Prices;
import io.peregrine.sim.maker.QuoteLadder;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
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
    /** What {@link #fromProperties} was given (a copy), for the keys of what runs beside the venue. */
    private final Properties properties = new Properties();

    /**
     * A context with the defaults, overridden by any system property of the same name.
     */
    public SimVenueContext()
    {
        this(PropertyReader.system());
    }

    private SimVenueContext(final PropertyReader reader)
    {
        final PropertyReader p = reader.withRenames(Sim.RENAMES);
        host = Sim.HOST.read(p);
        port = Sim.PORT.read(p);
        compId = Sim.COMP_ID.read(p);
        storeDir = Sim.STORE_DIR.read(p);
        fixLog = Sim.FIX_LOG.read(p);
        logDir = Sim.LOG_DIR.read(p);
        selfTradePrevention = Sim.STP.read(p);
        maxOrdersPerBook = Sim.MAX_ORDERS_PER_BOOK.read(p);
        commandQueueCapacity = Sim.COMMAND_QUEUE_CAPACITY.read(p);
        matchingThread = Sim.MATCHING_THREAD.read(p);
        orderRetention = Sim.ORDER_RETENTION.read(p);
        idleStrategy = Sim.IDLE_STRATEGY.read(p);
        marketMakerEnabled = Sim.MAKER_ENABLED.read(p);
        makerAccount = Sim.MAKER_ACCOUNT.read(p);
        sessions(p, Sim.SESSIONS.read(p));
        connectionLimits = new ConnectionLimits(
            Sim.MAX_MESSAGE_BYTES.read(p, ConnectionLimits.MAX_MESSAGE_BYTES_DEFAULT),
            Sim.LOGON_TIMEOUT_MS.read(p, ConnectionLimits.LOGON_TIMEOUT_MS_DEFAULT),
            Sim.MAX_PENDING_PER_ADDRESS.read(p, ConnectionLimits.MAX_PENDING_PER_ADDRESS_DEFAULT));
        logLimits = new RollingLogLimits(
            Sim.LOG_MAX_FILE_BYTES.read(p, RollingLogLimits.MAX_FILE_BYTES_DEFAULT),
            Sim.LOG_MAX_FILES.read(p, RollingLogLimits.MAX_FILES_DEFAULT));
        final boolean parkSet =
            Sim.IDLE_BACKOFF_MAX_PARK_NS.isSetIn(p) || p.isSet(IdleStrategies.BACKOFF_MAX_PARK_NS_PROP_NAME);
        idleBackoffMaxParkNs = parkSet || !WakeableIdleStrategy.wakeEnabled() ?
            IdleStrategies.backoffMaxParkNs(p, Sim.IDLE_BACKOFF_MAX_PARK_NS.name()) :
            Sim.IDLE_BACKOFF_MAX_PARK_NS.defaultValue();
        idleBackoffMinParkNs = IdleStrategies.backoffMinParkNs(p);
        instruments(p, Sim.INSTRUMENTS.read(p));
        // A key of a session or instrument the lists do not name is read by nothing: refused (a file's) or WARNed of.
        FamilyKeyCheck.sim(reader).refuseOrWarn(reader);
        makerLadder = new QuoteLadder(
            Sim.MAKER_LEVELS.read(p),
            Sim.MAKER_QUANTITY.read(p),
            Sim.MAKER_QUANTITY_JITTER.read(p),
            Sim.MAKER_SPREAD_TICKS.read(p),
            Sim.MAKER_LEVEL_TICKS.read(p),
            Sim.MAKER_SEED.read(p));
    }

    /**
     * A context from properties (for example a config file) layered over the system properties and defaults.
     *
     * @param properties keys as declared in {@link Sim} (or their old names, see {@link Sim#RENAMES}).
     * @return a new context.
     * @throws IllegalArgumentException on a malformed value, or a key of {@code properties} of a session or instrument
     *                                  {@link Sim#SESSIONS} or {@link Sim#INSTRUMENTS} does not list
     *                                  ({@link FamilyKeyCheck}; such a system property is only WARNed of).
     */
    public static SimVenueContext fromProperties(final Properties properties)
    {
        final SimVenueContext context = new SimVenueContext(PropertyReader.layered(properties));
        context.properties.putAll(properties);
        return context;
    }

    /**
     * @return a copy of the properties this context was made from by {@link #fromProperties} or {@link #load} (the
     *         configuration file's), empty for one of the system properties: what runs beside the venue in its
     *         process reads its own keys from them (the ops console of {@code run.sh venue --config}, its
     *         {@code peregrine.ops.*}).
     */
    public Properties properties()
    {
        final Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /**
     * Loads a properties file ({@code key=value}, UTF-8) layered over the system properties and defaults.
     *
     * @param file to read.
     * @return a new context.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException if it sets a {@code peregrine.*} key twice or one this version does not read
     *                                  ({@code PropertyReader.load}), or a bad value (naming the file when the file
     *                                  set it).
     */
    public static SimVenueContext load(final Path file) throws IOException
    {
        final Properties properties = PropertyReader.load(file);
        try
        {
            KeyCatalog.peregrine().checkValues(properties);
            return fromProperties(properties);
        }
        catch (final IllegalArgumentException ex)
        {
            // A bad value the file set (the messages start with the key) is named with the file; a -D's is not.
            for (final String key : properties.stringPropertyNames())
            {
                if (ex.getMessage().startsWith(key + " ") || ex.getMessage().startsWith(key + "="))
                {
                    throw new IllegalArgumentException("configuration file " + file + ": " + ex.getMessage(), ex);
                }
            }
            throw ex;
        }
    }

    private void sessions(final PropertyReader p, final String list)
    {
        sessionAccounts.clear();
        for (final String compId : PropertyReader.split(list))
        {
            session(compId, p.string(Sim.SESSION_PREFIX + compId + Sim.ACCOUNT_SUFFIX, compId));
        }
    }

    private void instruments(final PropertyReader p, final String list)
    {
        instruments.clear();
        for (final String symbol : PropertyReader.split(list))
        {
            final String prefix = Sim.INSTRUMENT_PREFIX + symbol + ".";
            final String refKey = prefix + "ref.price";
            final String refText = p.string(refKey, defaultReferencePrice(symbol));
            if (null == refText)
            {
                throw new IllegalArgumentException("missing " + refKey);
            }
            final String tickKey = prefix + "tick.size";
            final String tickText = p.string(tickKey, Sim.TICK_SIZE_DEFAULT);
            final long tickSize = positivePrice(tickKey, tickText);
            final long refPrice = positivePrice(refKey, refText);
            if (refPrice % tickSize != 0)
            {
                throw new IllegalArgumentException(refKey + "=" + refText + ": must be a multiple of " + tickKey + " " +
                    Prices.format(tickSize));
            }
            final String lotKey = prefix + "lot.size";
            final long lotSize = p.longValue(lotKey, Sim.LOT_SIZE_DEFAULT);
            if (lotSize <= 0)
            {
                throw new IllegalArgumentException(lotKey + "=" + lotSize + ": must be positive");
            }
            instrument(new VenueInstrument(symbol, refPrice, tickSize, lotSize));
        }
    }

    /**
     * A price key's value: the instrument's own checks would name the symbol only, not the key to fix.
     */
    private static long positivePrice(final String key, final String text)
    {
        final long price;
        try
        {
            price = Prices.parse(text);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(
                key + "=" + text + ": not a decimal price (" + ex.getMessage() + ")", ex);
        }
        if (price <= 0)
        {
            throw new IllegalArgumentException(key + "=" + text + ": must be positive");
        }
        return price;
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
            throw new IllegalStateException(Sim.MATCHING_THREAD.name() + " must be session or engine: " +
                matchingThread);
        }
        Sim.PORT.check(port);
        if (compId.isEmpty())
        {
            throw new IllegalArgumentException("venue CompID is empty");
        }
        if (sessionAccounts.isEmpty())
        {
            throw new IllegalArgumentException("no participant sessions configured (" + Sim.SESSIONS.name() + ")");
        }
        if (instruments.isEmpty())
        {
            throw new IllegalArgumentException("no instruments configured (" + Sim.INSTRUMENTS.name() + ")");
        }
        Sim.COMMAND_QUEUE_CAPACITY.check(commandQueueCapacity);
        Sim.ORDER_RETENTION.check(orderRetention);
        Sim.MAX_ORDERS_PER_BOOK.check(maxOrdersPerBook);
        if (!"none".equals(fixLog) && !"file".equals(fixLog) && !"slf4j".equals(fixLog))
        {
            throw new IllegalArgumentException(Sim.FIX_LOG.name() + " must be none, file or slf4j: " + fixLog);
        }
        Sim.IDLE_BACKOFF_MAX_PARK_NS.check(idleBackoffMaxParkNs);
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

    /** @return true when requests are matched on the session's thread ({@link Sim#MATCHING_THREAD}). */
    public boolean matchingOnSessionThread()
    {
        return "session".equals(matchingThread);
    }

    /** @param matchingThread session or engine ({@link Sim#MATCHING_THREAD}). @return this. */
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
     *               ({@link Sim#IDLE_BACKOFF_MAX_PARK_NS}); checked by {@link #conclude()} and {@link #idleStrategy()}.
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
            Sim.IDLE_STRATEGY.name(), idleStrategy, idleBackoffMinParkNs, idleBackoffMaxParkNs);
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
