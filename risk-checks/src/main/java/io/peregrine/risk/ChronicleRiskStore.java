package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.values.Values;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Risk state persisted in two Chronicle Map files under a directory:
 * <ul>
 *     <li>{@value #STATE_FILE}: {@link RiskStateKey} (packed account, packed symbol: two longs) {@code ->}
 *     {@link RiskStateValue} (position, executed notional, sequence: three longs). {@code (account, symbol)} holds a
 *     position and the account's executed notional of the day as of that write; {@code (account, }{@value #NOTIONAL}
 *     {@code )} the account's executed notional when it changed without a position (a new day);
 *     {@code (account, }{@value #KILL}{@code )} an account kill switch and {@code (}{@value #ALL_ACCOUNTS}{@code ,
 *     }{@value #KILL}{@code )} the global one (position 1 = on). The markers are all 0xFF / 0xFE bytes, which no
 *     packed (printable ASCII) account or symbol can be. An account's executed notional is the one of its entry
 *     with the highest sequence (the store counts its writes).</li>
 *     <li>{@value #LIMITS_FILE}: {@code CharSequence -> CharSequence}, the limits in force as their properties, in
 *     two generations {@code "A <key>"} / {@code "B <key>"}. A save writes the idle generation completely, then flips
 *     the single entry {@code "current"}; a crash half way leaves the previous generation in force.</li>
 * </ul>
 *
 * <h2>One write per fill</h2>
 * A fill changes a position and its account's executed notional. Format v2 ({@value #PREVIOUS_STATE_FILE}) kept
 * them in two entries, so a duty cycle with one fill cost two query contexts (about 250 ns each). Format v3 keeps
 * both in the pair's entry: one query per changed pair. The notional is per account, so every pair entry of an
 * account carries the account's total as of its write, stamped with a sequence; on open the highest sequence per
 * account wins. The write is under the entry's segment lock, so a pair's position and its account's notional
 * change together or not at all.
 *
 * <h2>Why every write is a query, not a bound reference</h2>
 * An earlier version bound one off-heap {@code LongValue} per entry once ({@code acquireUsing} with
 * {@code Values.newNativeReference}) and wrote through it on every fill. Chronicle Map does not support that: the
 * reference is bound to the query context's reusable view of the segment it found the entry in, and the next query
 * re-points that view at another segment, so the old reference then addresses the same offset in a different
 * segment. Writes landed in other entries' keys and the file could no longer be read. Chronicle documents that value
 * memory must be accessed directly only inside a context with the entry locked (which is also what keeps the entry
 * checksums of a persisted map right).
 * <p>
 * So each write sets a reused heap {@link RiskStateKey} and heap {@link RiskStateValue} and runs one query context:
 * write lock on the entry's segment, replace the value in place or insert it, checksum updated by Chronicle,
 * unlock. Keys and values are fixed-size value interfaces, so this allocates nothing ({@code RiskAllocationTest}).
 * Positions and notionals are cached in {@link PreTradeRisk}'s arrays; the map is only written (fills, kill
 * switches, new day) and read at startup.
 *
 * <h2>Fills are written once per duty cycle</h2>
 * {@link #position(int, long)} and {@link #executedNotional(int, long)} only note the new value in arrays (a dirty
 * flag and a list of dirty slots, no hashing) and {@link #flush()}, which the core calls at the end of every duty
 * cycle, writes each changed pair once with its latest position and its account's latest notional (and not at all
 * when both are back at the values last stored): a cycle that books several fills of one account and instrument
 * costs one write. Kill switches stay written through (admin path, rare); {@link #close()} flushes first.
 * <p>
 * Crash safety: a flushed write is complete in the memory-mapped file when {@link #flush()} returns, so a process
 * crash loses nothing flushed (proven by {@code RiskStoreCrashTest} with {@code Runtime.halt} and with SIGKILL);
 * what a crash can lose is the fills booked in the duty cycle it interrupts, whose reports may already have been
 * offered. That is the same class of loss as the venue messages in flight on the venue-in stream, which a core
 * without the journal loses at a crash anyway (the venue adapter does not resend them); a core that must lose
 * nothing runs with the journal, which rebuilds risk state from the journaled inputs and is exclusive with this
 * store. An operating-system crash may lose what the OS had not written back yet.
 *
 * <h2>Older files</h2>
 * A {@value #PREVIOUS_STATE_FILE} (format v2) found at open is migrated: copied into a new map under
 * {@value #MIGRATING_STATE_FILE}, which is closed and renamed to {@value #STATE_FILE} atomically, and then the old
 * file is deleted. A crash during the copy leaves the old file in force (the partial copy is discarded at the next
 * open); a crash after the rename leaves both files, and the new one wins. Files written by the version with bound
 * references ({@value #LEGACY_STATE_FILE}) are refused: their contents cannot be trusted.
 * <p>
 * Threads: {@link #saveLimits(RiskLimits)} and {@link #loadLimits()} from any thread (Chronicle Map is
 * thread-safe; {@link PreTradeRisk} serialises saves); everything else on the core thread (the reused key and
 * value instances are not shared).
 */
final class ChronicleRiskStore implements RiskStore
{
    static final String STATE_FILE = "risk-state-v3.dat";
    static final String MIGRATING_STATE_FILE = "risk-state-v3.dat.migrating";
    static final String PREVIOUS_STATE_FILE = "risk-state-v2.dat";
    static final String LIMITS_FILE = "risk-limits.dat";
    static final String LEGACY_STATE_FILE = "risk-state.dat";

    /** Symbol marker of an account's executed notional. */
    static final long NOTIONAL = -1L;
    /** Symbol marker of a kill switch. */
    static final long KILL = -2L;
    /** Account marker of the global kill switch. */
    static final long ALL_ACCOUNTS = -1L;

    private static final String CURRENT = "current";
    private static final String GENERATION_A = "A";
    private static final String GENERATION_B = "B";
    private static final int PROPERTIES_PER_INSTRUMENT = 7;
    private static final int PROPERTIES_PER_ACCOUNT = 7;

    private final ChronicleMap<RiskStateKey, RiskStateValue> state;
    private final ChronicleMap<CharSequence, CharSequence> limits;
    private final RiskStateKey key = Values.newHeapInstance(RiskStateKey.class);
    private final RiskStateValue value = Values.newHeapInstance(RiskStateValue.class);
    private final long[] pairAccount;
    private final long[] pairSymbol;
    private final int[] pairAccountSlot;
    private final long[] slotAccount;
    private final boolean[] slotBound;
    private final long[] pendingPosition;
    private final long[] storedPosition;
    private final boolean[] positionDirty;
    private final int[] dirtyPairs;
    private int dirtyPairCount;
    private final long[] pendingNotional;
    private final long[] storedNotional;
    private final boolean[] notionalDirty;
    private final int[] dirtyAccounts;
    private int dirtyAccountCount;
    private final Map<Long, long[]> openedNotionals;
    private long sequence;
    private long writes;
    private final RiskLimits initialLimits;
    private boolean closed;

    private ChronicleRiskStore(final Path directory, final RiskLimits configured)
    {
        final File dir = directory.toFile();
        if (Files.exists(directory.resolve(LEGACY_STATE_FILE)))
        {
            throw new IllegalStateException(directory.resolve(LEGACY_STATE_FILE).toAbsolutePath() +
                " was written by a version of peregrine risk-checks that could corrupt it (positions written into " +
                "other entries); it cannot be trusted. Check positions against the venue, then delete the state " +
                "directory and start again");
        }
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create risk state directory " + directory.toAbsolutePath(), ex);
        }

        ChronicleMap<CharSequence, CharSequence> limitsMap = null;
        ChronicleMap<RiskStateKey, RiskStateValue> stateMap = null;
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

            final int accounts = initialLimits.accountCapacity();
            final long pairs = (long)accounts * initialLimits.instrumentCapacity();
            final long stateEntries = pairs + 2L * accounts + 16;
            migratePreviousFormat(directory, stateEntries);
            stateMap = ChronicleMap.of(RiskStateKey.class, RiskStateValue.class)
                .name("peregrine-risk-state")
                .entries(stateEntries)
                .maxBloatFactor(10)
                .createPersistedTo(new File(dir, STATE_FILE));
            this.state = stateMap;

            pairAccount = new long[(int)pairs];
            pairSymbol = new long[(int)pairs];
            pairAccountSlot = new int[(int)pairs];
            slotAccount = new long[accounts];
            slotBound = new boolean[accounts];
            pendingPosition = new long[(int)pairs];
            storedPosition = new long[(int)pairs];
            positionDirty = new boolean[(int)pairs];
            dirtyPairs = new int[(int)pairs];
            pendingNotional = new long[accounts];
            storedNotional = new long[accounts];
            notionalDirty = new boolean[accounts];
            dirtyAccounts = new int[accounts];
            openedNotionals = latestNotionals(stateMap);
            sequence = lastSequence(stateMap);
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
            final String text = entry.getKey().toString();
            if (text.startsWith(prefix))
            {
                properties.setProperty(text.substring(prefix.length()), entry.getValue().toString());
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
        for (final CharSequence text : limits.keySet())
        {
            final String name = text.toString();
            if (name.startsWith(prefix))
            {
                stale.add(name);
            }
        }
        for (final String name : stale)
        {
            limits.remove(name);
        }

        final Properties properties = next.toProperties();
        for (final String name : properties.stringPropertyNames())
        {
            limits.put(prefix + name, properties.getProperty(name));
        }
        limits.put(CURRENT, generation);
    }

    public void forEachPosition(final PositionVisitor visitor)
    {
        // collect first: the visitor binds, i.e. queries the map, which must not happen inside the iteration
        final List<long[]> positions = new ArrayList<>();
        for (final RiskStateKey stored : state.keySet())
        {
            final long account = stored.getAccount();
            final long symbol = stored.getSymbol();
            if (PackedAscii.isValid(account) && PackedAscii.isValid(symbol))
            {
                positions.add(new long[]{ account, symbol });
            }
        }
        for (final long[] position : positions)
        {
            visitor.onPosition(position[0], position[1]);
        }
    }

    public long bindPosition(final int pairIndex, final int accountSlot, final long account, final long symbol)
    {
        if (positionDirty[pairIndex])
        {
            flush(); // a pending value belongs to the entry the pair was bound to before
        }
        if (!slotBound[accountSlot] || slotAccount[accountSlot] != account)
        {
            throw new IllegalStateException("position " + PackedAscii.unpack(account) + "/" +
                PackedAscii.unpack(symbol) + " bound before its account");
        }
        pairAccount[pairIndex] = account;
        pairSymbol[pairIndex] = symbol;
        pairAccountSlot[pairIndex] = accountSlot;
        storedPosition[pairIndex] = read(account, symbol) ? value.getPosition() : 0;
        pendingPosition[pairIndex] = storedPosition[pairIndex];
        return storedPosition[pairIndex];
    }

    public long bindAccount(final int accountSlot, final long account)
    {
        if (notionalDirty[accountSlot])
        {
            flush();
        }
        final int earlier = boundSlotOf(account);
        final long notional;
        if (earlier >= 0)
        {
            flush();
            notional = storedNotional[earlier]; // written by this store since the open: newer than the open's view
        }
        else
        {
            final long[] opened = openedNotionals.get(account);
            notional = null == opened ? 0 : opened[1];
        }
        slotAccount[accountSlot] = account;
        slotBound[accountSlot] = true;
        storedNotional[accountSlot] = notional;
        pendingNotional[accountSlot] = notional;
        return notional;
    }

    public void position(final int pairIndex, final long position)
    {
        pendingPosition[pairIndex] = position;
        if (!positionDirty[pairIndex])
        {
            positionDirty[pairIndex] = true;
            dirtyPairs[dirtyPairCount++] = pairIndex;
        }
    }

    public void executedNotional(final int accountSlot, final long notional)
    {
        pendingNotional[accountSlot] = notional;
        if (!notionalDirty[accountSlot])
        {
            notionalDirty[accountSlot] = true;
            dirtyAccounts[dirtyAccountCount++] = accountSlot;
        }
    }

    public void flush()
    {
        for (int i = 0, count = dirtyPairCount; i < count; i++)
        {
            final int pair = dirtyPairs[i];
            final int slot = pairAccountSlot[pair];
            positionDirty[pair] = false;
            // skipped when both are back at their stored values, e.g. a buy and a sell of the cycle cancelled out
            if (pendingPosition[pair] != storedPosition[pair] || pendingNotional[slot] != storedNotional[slot])
            {
                write(pairAccount[pair], pairSymbol[pair], pendingPosition[pair], pendingNotional[slot]);
                storedPosition[pair] = pendingPosition[pair];
                storedNotional[slot] = pendingNotional[slot];
            }
        }
        dirtyPairCount = 0;
        for (int i = 0, count = dirtyAccountCount; i < count; i++)
        {
            final int slot = dirtyAccounts[i];
            notionalDirty[slot] = false;
            if (pendingNotional[slot] != storedNotional[slot]) // no pair write carried it (a new day)
            {
                write(slotAccount[slot], NOTIONAL, 0, pendingNotional[slot]);
                storedNotional[slot] = pendingNotional[slot];
            }
        }
        dirtyAccountCount = 0;
    }

    public boolean isAccountKilled(final long account)
    {
        return read(account, KILL) && value.getPosition() != 0;
    }

    public void accountKilled(final long account, final boolean killed)
    {
        write(account, KILL, killed ? 1 : 0, 0);
    }

    public boolean isGlobalKilled()
    {
        return read(ALL_ACCOUNTS, KILL) && value.getPosition() != 0;
    }

    public void globalKilled(final boolean killed)
    {
        write(ALL_ACCOUNTS, KILL, killed ? 1 : 0, 0);
    }

    public void close()
    {
        if (!closed)
        {
            closed = true;
            flush();
            state.close();
            limits.close();
        }
    }

    /**
     * @return map writes (query contexts that wrote) since the open: what a flush costs, for tests.
     */
    long writes()
    {
        return writes;
    }

    private int boundSlotOf(final long account)
    {
        for (int slot = 0; slot < slotBound.length; slot++)
        {
            if (slotBound[slot] && slotAccount[slot] == account)
            {
                return slot;
            }
        }
        return -1;
    }

    /**
     * Reads an entry into the reused {@link #value}.
     *
     * @return whether the entry exists.
     */
    private boolean read(final long account, final long symbol)
    {
        key.setAccount(account);
        key.setSymbol(symbol);
        try (ExternalMapQueryContext<RiskStateKey, RiskStateValue, ?> context = state.queryContext(key))
        {
            context.readLock().lock();
            final MapEntry<RiskStateKey, RiskStateValue> entry = context.entry();
            if (null == entry)
            {
                return false;
            }
            entry.value().getUsing(value);
            return true;
        }
    }

    /**
     * One query: the entry's segment is write-locked while the value is replaced in place (or inserted) and its
     * checksum recomputed. Allocation free: the key and value are reused fixed-size heap instances.
     */
    private void write(final long account, final long symbol, final long position, final long notional)
    {
        key.setAccount(account);
        key.setSymbol(symbol);
        value.setPosition(position);
        value.setNotional(notional);
        value.setSequence(++sequence);
        writes++;
        try (ExternalMapQueryContext<RiskStateKey, RiskStateValue, ?> context = state.queryContext(key))
        {
            context.writeLock().lock();
            final MapEntry<RiskStateKey, RiskStateValue> entry = context.entry();
            if (null != entry)
            {
                entry.doReplaceValue(context.wrapValueAsData(value));
            }
            else
            {
                context.absentEntry().doInsert(context.wrapValueAsData(value));
            }
        }
    }

    /**
     * Per account, {@code {sequence, notional}} of its notional-carrying entry (pair or notional marker) with the
     * highest sequence. Open time; allocates.
     */
    private static Map<Long, long[]> latestNotionals(final ChronicleMap<RiskStateKey, RiskStateValue> map)
    {
        final Map<Long, long[]> latest = new HashMap<>();
        map.forEach((stored, stateValue) ->
        {
            final long account = stored.getAccount();
            final long symbol = stored.getSymbol();
            if (PackedAscii.isValid(account) && (NOTIONAL == symbol || PackedAscii.isValid(symbol)))
            {
                final long[] known = latest.get(account);
                if (null == known || stateValue.getSequence() > known[0])
                {
                    latest.put(account, new long[]{ stateValue.getSequence(), stateValue.getNotional() });
                }
            }
        });
        return latest;
    }

    private static long lastSequence(final ChronicleMap<RiskStateKey, RiskStateValue> map)
    {
        final long[] last = { 0 };
        map.forEach((stored, stateValue) -> last[0] = Math.max(last[0], stateValue.getSequence()));
        return last[0];
    }

    /**
     * Turns a format-v2 file ({@value #PREVIOUS_STATE_FILE}: one {@code LongValue} per position, notional or kill
     * switch) into format v3, crash-safely: copy into {@value #MIGRATING_STATE_FILE}, close, rename atomically to
     * {@value #STATE_FILE}, delete the old file. Open time; allocates.
     */
    private static void migratePreviousFormat(final Path directory, final long entries) throws IOException
    {
        final Path previous = directory.resolve(PREVIOUS_STATE_FILE);
        final Path target = directory.resolve(STATE_FILE);
        final Path migrating = directory.resolve(MIGRATING_STATE_FILE);
        if (Files.exists(target))
        {
            // a migration renamed its copy and stopped before deleting the old file: the copy is complete and wins
            Files.deleteIfExists(previous);
            Files.deleteIfExists(migrating);
            return;
        }
        Files.deleteIfExists(migrating); // the partial copy of an interrupted migration
        if (!Files.exists(previous))
        {
            return;
        }

        final List<long[]> rows = new ArrayList<>(); // account, symbol, value
        try (ChronicleMap<RiskStateKey, LongValue> old = ChronicleMap.of(RiskStateKey.class, LongValue.class)
            .name("peregrine-risk-state")
            .entries(entries)
            .maxBloatFactor(10)
            .createPersistedTo(previous.toFile()))
        {
            old.forEach((stored, stateValue) ->
                rows.add(new long[]{ stored.getAccount(), stored.getSymbol(), stateValue.getValue() }));
        }
        final Map<Long, Long> notionals = new HashMap<>();
        for (final long[] row : rows)
        {
            if (NOTIONAL == row[1])
            {
                notionals.put(row[0], row[2]);
            }
        }

        final RiskStateKey copyKey = Values.newHeapInstance(RiskStateKey.class);
        final RiskStateValue copyValue = Values.newHeapInstance(RiskStateValue.class);
        try (ChronicleMap<RiskStateKey, RiskStateValue> copy = ChronicleMap.of(RiskStateKey.class, RiskStateValue.class)
            .name("peregrine-risk-state")
            .entries(Math.max(entries, rows.size() + 16L))
            .maxBloatFactor(10)
            .createPersistedTo(migrating.toFile()))
        {
            for (final long[] row : rows)
            {
                copyKey.setAccount(row[0]);
                copyKey.setSymbol(row[1]);
                final boolean notional = NOTIONAL == row[1];
                final boolean position = PackedAscii.isValid(row[0]) && PackedAscii.isValid(row[1]);
                copyValue.setPosition(notional ? 0 : row[2]);
                // every notional-carrying entry of an account gets its v2 notional, all at sequence 0
                copyValue.setNotional(notional || position ? notionals.getOrDefault(row[0], 0L) : 0);
                copyValue.setSequence(0);
                copy.put(copyKey, copyValue);
            }
        }
        Files.move(migrating, target, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(previous);
    }

    private static void closeQuietly(final ChronicleMap<?, ?> map)
    {
        if (null != map)
        {
            map.close();
        }
    }
}
