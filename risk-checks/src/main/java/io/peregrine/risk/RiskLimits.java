package io.peregrine.risk;

import io.peregrine.config.PropertyReader;
import io.peregrine.protocol.PackedAscii;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * An immutable snapshot of every risk limit: instruments, accounts and the sizes of the pre-sized risk state.
 * <p>
 * Loaded from a {@code .properties} file ({@link #load(Path)}, keys in {@code risk-checks/README.md}) or the bundled
 * demo universe ({@link #demo()}). A snapshot never changes after construction, so it can be built on any thread
 * and handed to {@link PreTradeRisk#swapLimits(RiskLimits)}, which publishes it whole. Lookups by packed symbol or
 * account ({@link #instrument(long)}, {@link #account(long)}) allocate nothing; everything else is edge code and
 * allocates.
 */
public final class RiskLimits
{
    /** Classpath resource of the demo universe. */
    public static final String DEMO_RESOURCE = "/peregrine-risk-demo.properties";

    /** Default of {@code risk.accountCapacity}: accounts the risk state is sized for. */
    public static final int DEFAULT_ACCOUNT_CAPACITY = 64;

    /** Default of {@code risk.instrumentCapacity}: instruments the risk state is sized for. */
    public static final int DEFAULT_INSTRUMENT_CAPACITY = 1024;

    /** Default of {@code risk.clOrdIdWindow}: client order ids remembered per account for duplicate detection. */
    public static final int DEFAULT_CL_ORD_ID_WINDOW = 131_072;

    static final int MAX_ACCOUNT_CAPACITY = 65_536;
    static final int MAX_INSTRUMENT_CAPACITY = 1_048_576;
    static final long MAX_PAIRS = 16L * 1024 * 1024;
    static final int MIN_CL_ORD_ID_WINDOW = 1;
    static final int MAX_CL_ORD_ID_WINDOW = 1 << 24;

    private final List<InstrumentLimits> instruments;
    private final List<AccountLimits> accounts;
    private final Long2ObjectHashMap<InstrumentLimits> instrumentBySymbol;
    private final Long2ObjectHashMap<AccountLimits> accountById;
    private final int accountCapacity;
    private final int instrumentCapacity;
    private final int clOrdIdWindow;

    /**
     * @param instruments        instrument limits, symbols unique.
     * @param accounts           account limits, accounts unique.
     * @param accountCapacity    accounts the risk state is sized for (fixed when a {@link PreTradeRisk} is built).
     * @param instrumentCapacity instruments the risk state is sized for (fixed when a {@link PreTradeRisk} is built).
     * @param clOrdIdWindow      client order ids remembered per account, see {@link ClientOrderIdWindow}.
     * @throws RiskConfigException if a name is repeated or a capacity is too small for the universe.
     */
    public RiskLimits(
        final List<InstrumentLimits> instruments,
        final List<AccountLimits> accounts,
        final int accountCapacity,
        final int instrumentCapacity,
        final int clOrdIdWindow)
    {
        InstrumentLimits.requireRange(LimitsProperties.RISK_PREFIX + LimitsProperties.ACCOUNT_CAPACITY,
            accountCapacity, Math.max(1, accounts.size()), MAX_ACCOUNT_CAPACITY, false);
        InstrumentLimits.requireRange(LimitsProperties.RISK_PREFIX + LimitsProperties.INSTRUMENT_CAPACITY,
            instrumentCapacity, Math.max(1, instruments.size()), MAX_INSTRUMENT_CAPACITY, false);
        if ((long)accountCapacity * instrumentCapacity > MAX_PAIRS)
        {
            throw new RiskConfigException(LimitsProperties.RISK_PREFIX + LimitsProperties.INSTRUMENT_CAPACITY,
                Integer.toString(instrumentCapacity),
                "accountCapacity * instrumentCapacity must be at most " + MAX_PAIRS);
        }
        InstrumentLimits.requireRange(LimitsProperties.RISK_PREFIX + LimitsProperties.CL_ORD_ID_WINDOW,
            clOrdIdWindow, MIN_CL_ORD_ID_WINDOW, MAX_CL_ORD_ID_WINDOW, false);

        final List<InstrumentLimits> sortedInstruments = new ArrayList<>(instruments);
        sortedInstruments.sort(Comparator.comparing(InstrumentLimits::name));
        final List<AccountLimits> sortedAccounts = new ArrayList<>(accounts);
        sortedAccounts.sort(Comparator.comparing(AccountLimits::name));

        instrumentBySymbol = new Long2ObjectHashMap<>();
        for (final InstrumentLimits i : sortedInstruments)
        {
            if (null != instrumentBySymbol.put(i.symbol(), i))
            {
                throw new RiskConfigException(LimitsProperties.INSTRUMENT_PREFIX + i.name(), i.name(), "defined twice");
            }
        }
        accountById = new Long2ObjectHashMap<>();
        for (final AccountLimits a : sortedAccounts)
        {
            if (null != accountById.put(a.account(), a))
            {
                throw new RiskConfigException(LimitsProperties.ACCOUNT_PREFIX + a.name(), a.name(), "defined twice");
            }
        }

        this.instruments = Collections.unmodifiableList(sortedInstruments);
        this.accounts = Collections.unmodifiableList(sortedAccounts);
        this.accountCapacity = accountCapacity;
        this.instrumentCapacity = instrumentCapacity;
        this.clOrdIdWindow = clOrdIdWindow;
    }

    /**
     * Reads a limits file. Edge code.
     *
     * @param propertiesFile a {@code .properties} file, UTF-8.
     * @return the snapshot.
     * @throws RiskConfigException      naming the key, value and reason of the first bad entry.
     * @throws IllegalArgumentException naming the file and each key it sets twice (the last would win silently).
     * @throws UncheckedIOException     if the file cannot be read.
     */
    public static RiskLimits load(final Path propertiesFile)
    {
        final Properties properties;
        try
        {
            properties = PropertyReader.loadEachKeyOnce(propertiesFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read risk limits file " + propertiesFile.toAbsolutePath(), ex);
        }
        try
        {
            return fromProperties(properties);
        }
        catch (final RiskConfigException ex)
        {
            throw ex.in(propertiesFile);
        }
    }

    /**
     * The demo universe shipped as {@value #DEMO_RESOURCE}: AAPL ref 190.00, MSFT ref 420.00, tick 0.01, lot 1,
     * collar +-10%, accounts ACC1 and ACC2 with max order quantity 100,000 and limits loose enough for a demo load.
     *
     * @return the demo snapshot.
     */
    public static RiskLimits demo()
    {
        final Properties properties = new Properties();
        try (InputStream in = RiskLimits.class.getResourceAsStream(DEMO_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("classpath resource " + DEMO_RESOURCE + " is missing");
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + DEMO_RESOURCE, ex);
        }
        return fromProperties(properties);
    }

    /**
     * @param properties keys as documented in {@code risk-checks/README.md}.
     * @return the snapshot.
     * @throws RiskConfigException naming the key, value and reason of the first bad entry.
     */
    public static RiskLimits fromProperties(final Properties properties)
    {
        return LimitsProperties.parse(properties);
    }

    /**
     * Every limit as properties, defaults written out; {@link #fromProperties(Properties)} of the result gives an
     * equal snapshot. Used by persistence.
     *
     * @return a new {@link Properties}.
     */
    public Properties toProperties()
    {
        return LimitsProperties.write(this);
    }

    /**
     * These limits with some keys set (or added), read with the checks of a limits file: how tests, benchmarks and
     * embedders derive a universe from another one (e.g. {@code RiskLimits.demo().withSettings(
     * "account.ACC1.maxOpenOrders", "10")}). Edge code: allocates.
     *
     * @param keyValues keys and values, alternately, as in a limits file.
     * @return a new snapshot.
     * @throws IllegalArgumentException if {@code keyValues} is not whole pairs.
     * @throws RiskConfigException      naming the key, value and reason of the first bad entry.
     */
    public RiskLimits withSettings(final String... keyValues)
    {
        if (keyValues.length % 2 != 0)
        {
            throw new IllegalArgumentException("keys and values must come in pairs: " + Arrays.toString(keyValues));
        }
        final Properties properties = toProperties();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return fromProperties(properties);
    }

    /**
     * Allocation free.
     *
     * @param symbol packed symbol.
     * @return the instrument's limits, or null if unknown.
     */
    public InstrumentLimits instrument(final long symbol)
    {
        return instrumentBySymbol.get(symbol);
    }

    /**
     * Allocation free.
     *
     * @param account packed account.
     * @return the account's limits, or null if unknown.
     */
    public AccountLimits account(final long account)
    {
        return accountById.get(account);
    }

    /**
     * @param symbol symbol text.
     * @return the instrument's limits, or null if unknown.
     */
    public InstrumentLimits instrument(final String symbol)
    {
        return PackedAscii.isPackable(symbol) ? instrument(PackedAscii.pack(symbol)) : null;
    }

    /**
     * @param account account text.
     * @return the account's limits, or null if unknown.
     */
    public AccountLimits account(final String account)
    {
        return PackedAscii.isPackable(account) ? account(PackedAscii.pack(account)) : null;
    }

    /**
     * @return instruments sorted by symbol.
     */
    public List<InstrumentLimits> instruments()
    {
        return instruments;
    }

    /**
     * @return accounts sorted by name.
     */
    public List<AccountLimits> accounts()
    {
        return accounts;
    }

    /**
     * @return accounts the risk state is sized for ({@code risk.accountCapacity}).
     */
    public int accountCapacity()
    {
        return accountCapacity;
    }

    /**
     * @return instruments the risk state is sized for ({@code risk.instrumentCapacity}).
     */
    public int instrumentCapacity()
    {
        return instrumentCapacity;
    }

    /**
     * @return client order ids remembered per account ({@code risk.clOrdIdWindow}).
     */
    public int clOrdIdWindow()
    {
        return clOrdIdWindow;
    }

    /**
     * @param replacement limits of an instrument already in this snapshot or a new one.
     * @return a new snapshot with the instrument replaced or added.
     */
    public RiskLimits withInstrument(final InstrumentLimits replacement)
    {
        final List<InstrumentLimits> next = new ArrayList<>(instruments);
        next.removeIf((i) -> i.symbol() == replacement.symbol());
        next.add(replacement);
        return new RiskLimits(next, accounts, accountCapacity, instrumentCapacity, clOrdIdWindow);
    }

    /**
     * @param replacement limits of an account already in this snapshot or a new one.
     * @return a new snapshot with the account replaced or added.
     */
    public RiskLimits withAccount(final AccountLimits replacement)
    {
        final List<AccountLimits> next = new ArrayList<>(accounts);
        next.removeIf((a) -> a.account() == replacement.account());
        next.add(replacement);
        return new RiskLimits(instruments, next, accountCapacity, instrumentCapacity, clOrdIdWindow);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "RiskLimits{instruments=" + instruments + ", accounts=" + accounts +
            ", accountCapacity=" + accountCapacity + ", instrumentCapacity=" + instrumentCapacity +
            ", clOrdIdWindow=" + clOrdIdWindow + "}";
    }
}
