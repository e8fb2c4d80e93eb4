package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Risk state persisted in two Chronicle Map files under a directory:
 * <ul>
 *     <li>{@value #STATE_FILE}: {@code CharSequence -> LongValue}, keys {@code "p <ACCOUNT> <SYMBOL>"} (position),
 *     {@code "n <ACCOUNT>"} (executed notional of the day), {@code "k <ACCOUNT>"} and {@code "k *"} (kill switches,
 *     1 = on). The separator is a space, which no packed account or symbol can contain.</li>
 *     <li>{@value #LIMITS_FILE}: {@code CharSequence -> CharSequence}, the limits in force as their properties, in
 *     two generations {@code "A <key>"} / {@code "B <key>"}. A save writes the idle generation completely, then flips
 *     the single entry {@code "current"}; a crash half way leaves the previous generation in force.</li>
 * </ul>
 * The hot path is allocation free: each position and executed-notional entry is bound once to an off-heap
 * {@link LongValue} reference ({@code acquireUsing}), and a fill is a plain write to that memory. Chronicle Map
 * memory-maps the files, so a process crash loses nothing that was written; an operating-system crash may lose what
 * the OS had not flushed yet.
 * <p>
 * Threads: {@link #saveLimits(RiskLimits)} and {@link #loadLimits()} from any thread (Chronicle Map is
 * thread-safe; {@link PreTradeRisk} serialises saves); everything else on the core thread.
 */
final class ChronicleRiskStore implements RiskStore
{
    static final String STATE_FILE = "risk-state.dat";
    static final String LIMITS_FILE = "risk-limits.dat";

    private static final String CURRENT = "current";
    private static final String GENERATION_A = "A";
    private static final String GENERATION_B = "B";
    private static final String GLOBAL_KILL_KEY = "k *";
    private static final int PROPERTIES_PER_INSTRUMENT = 7;
    private static final int PROPERTIES_PER_ACCOUNT = 7;

    private final ChronicleMap<CharSequence, LongValue> state;
    private final ChronicleMap<CharSequence, CharSequence> limits;
    private final LongValue[] positionRefs;
    private final LongValue[] executedNotionalRefs;
    private final RiskLimits initialLimits;
    private boolean closed;

    private ChronicleRiskStore(final Path directory, final RiskLimits configured)
    {
        final File dir = directory.toFile();
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create risk state directory " + directory.toAbsolutePath(), ex);
        }

        ChronicleMap<CharSequence, CharSequence> limitsMap = null;
        ChronicleMap<CharSequence, LongValue> stateMap = null;
        try
        {
            // Two generations of every property; capacities bound how many accounts and instruments there can be.
            final long limitEntries = 2L * (PROPERTIES_PER_ACCOUNT * (long)configured.accountCapacity() +
                PROPERTIES_PER_INSTRUMENT * (long)configured.instrumentCapacity()) + 16;
            limitsMap = ChronicleMap.of(CharSequence.class, CharSequence.class)
                .name("peregrine-risk-limits")
                .averageKey("A account.ACCOUNT1.maxOrdersPerSecond")
                .averageValue("1000000000.00")
                .entries(limitEntries)
                .maxBloatFactor(10)
                .createPersistedTo(new File(dir, LIMITS_FILE));
            this.limits = limitsMap;

            final RiskLimits persisted = loadLimits();
            initialLimits = null != persisted ? persisted : configured;

            final long pairs = (long)initialLimits.accountCapacity() * initialLimits.instrumentCapacity();
            stateMap = ChronicleMap.of(CharSequence.class, LongValue.class)
                .name("peregrine-risk-state")
                .averageKey("p ACCOUNT1 SYMBOL01")
                .entries(pairs + 2L * initialLimits.accountCapacity() + 16)
                .maxBloatFactor(10)
                .createPersistedTo(new File(dir, STATE_FILE));
            this.state = stateMap;

            positionRefs = new LongValue[(int)pairs];
            executedNotionalRefs = new LongValue[initialLimits.accountCapacity()];
            if (null == persisted)
            {
                saveLimits(configured);
            }
        }
        catch (final IOException ex)
        {
            closeQuietly(stateMap);
            closeQuietly(limitsMap);
            throw new UncheckedIOException("cannot open Chronicle Map risk state in " + directory.toAbsolutePath(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(stateMap);
            closeQuietly(limitsMap);
            throw ex;
        }
    }

    /**
     * Opens (or creates) the store. If limits were saved before, they win over {@code configured}.
     */
    static ChronicleRiskStore open(final Path directory, final RiskLimits configured)
    {
        return new ChronicleRiskStore(directory, configured);
    }

    /**
     * @return the saved limits if there were any, else the configured ones (now saved).
     */
    RiskLimits initialLimits()
    {
        return initialLimits;
    }

    public RiskLimits loadLimits()
    {
        final CharSequence generation = limits.get(CURRENT);
        if (null == generation)
        {
            return null;
        }
        final String prefix = generation + " ";
        final Properties properties = new Properties();
        for (final var entry : limits.entrySet())
        {
            final String key = entry.getKey().toString();
            if (key.startsWith(prefix))
            {
                properties.setProperty(key.substring(prefix.length()), entry.getValue().toString());
            }
        }
        try
        {
            return RiskLimits.fromProperties(properties);
        }
        catch (final RiskConfigException ex)
        {
            throw new IllegalStateException("persisted risk limits in " + LIMITS_FILE + " are invalid: " +
                ex.getMessage(), ex);
        }
    }

    public void saveLimits(final RiskLimits next)
    {
        final CharSequence current = limits.get(CURRENT);
        final String generation = null != current && GENERATION_A.contentEquals(current) ? GENERATION_B : GENERATION_A;
        final String prefix = generation + " ";

        final List<String> stale = new ArrayList<>();
        for (final CharSequence key : limits.keySet())
        {
            final String text = key.toString();
            if (text.startsWith(prefix))
            {
                stale.add(text);
            }
        }
        for (final String key : stale)
        {
            limits.remove(key);
        }

        final Properties properties = next.toProperties();
        for (final String key : properties.stringPropertyNames())
        {
            limits.put(prefix + key, properties.getProperty(key));
        }
        limits.put(CURRENT, generation);
    }

    public void forEachPosition(final PositionVisitor visitor)
    {
        final List<String> keys = new ArrayList<>();
        for (final CharSequence key : state.keySet())
        {
            keys.add(key.toString());
        }
        for (final String key : keys)
        {
            final String[] parts = key.split(" ");
            if (parts.length == 3 && "p".equals(parts[0]) &&
                PackedAscii.isPackable(parts[1]) && PackedAscii.isPackable(parts[2]))
            {
                visitor.onPosition(PackedAscii.pack(parts[1]), PackedAscii.pack(parts[2]));
            }
        }
    }

    public long bindPosition(final int pairIndex, final long account, final long symbol)
    {
        final LongValue ref = Values.newNativeReference(LongValue.class);
        state.acquireUsing("p " + PackedAscii.unpack(account) + " " + PackedAscii.unpack(symbol), ref);
        positionRefs[pairIndex] = ref;
        return ref.getValue();
    }

    public long bindAccount(final int accountSlot, final long account)
    {
        final LongValue ref = Values.newNativeReference(LongValue.class);
        state.acquireUsing("n " + PackedAscii.unpack(account), ref);
        executedNotionalRefs[accountSlot] = ref;
        return ref.getValue();
    }

    public void position(final int pairIndex, final long value)
    {
        positionRefs[pairIndex].setValue(value);
    }

    public void executedNotional(final int accountSlot, final long value)
    {
        executedNotionalRefs[accountSlot].setValue(value);
    }

    public boolean isAccountKilled(final long account)
    {
        return readFlag("k " + PackedAscii.unpack(account));
    }

    public void accountKilled(final long account, final boolean killed)
    {
        writeFlag("k " + PackedAscii.unpack(account), killed);
    }

    public boolean isGlobalKilled()
    {
        return readFlag(GLOBAL_KILL_KEY);
    }

    public void globalKilled(final boolean killed)
    {
        writeFlag(GLOBAL_KILL_KEY, killed);
    }

    public void close()
    {
        if (!closed)
        {
            closed = true;
            state.close();
            limits.close();
        }
    }

    private boolean readFlag(final String key)
    {
        final LongValue value = state.get(key);
        return null != value && value.getValue() != 0;
    }

    private void writeFlag(final String key, final boolean on)
    {
        final LongValue ref = Values.newNativeReference(LongValue.class);
        state.acquireUsing(key, ref);
        ref.setValue(on ? 1 : 0);
    }

    private static void closeQuietly(final ChronicleMap<?, ?> map)
    {
        if (null != map)
        {
            map.close();
        }
    }
}
