package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;

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
 * Risk state persisted in two files under a directory:
 * <ul>
 *     <li>{@value #STATE_FILE} ({@link RiskStateFile}, format v3): fixed 64-byte records in a memory-mapped file,
 *     keyed by (packed account, packed symbol), each holding a position, an executed notional and a sequence.
 *     {@code (account, symbol)} holds a position and the account's executed notional of the day as of that write;
 *     {@code (account, }{@value #NOTIONAL}{@code )} the account's executed notional when it changed without a
 *     position (a new day); {@code (account, }{@value #KILL}{@code )} an account kill switch and
 *     {@code (}{@value #ALL_ACCOUNTS}{@code , }{@value #KILL}{@code )} the global one (position 1 = on);
 *     {@code (}{@value #ALL_ACCOUNTS}{@code , }{@value #DAY}{@code )} the trading day the executed notionals belong
 *     to (position = the day's number, {@link TradingDay#dayOf}; absent or never written: none known). The markers
 *     are all 0xFF / 0xFE bytes, which no packed (printable ASCII) account or symbol can be. An account's executed
 *     notional is the one of its record with the highest sequence (the store counts its writes).</li>
 *     <li>{@value #LIMITS_FILE}: a Chronicle Map {@code CharSequence -> CharSequence}, the limits in force as their
 *     properties, in two generations {@code "A <key>"} / {@code "B <key>"}. A save writes the idle generation
 *     completely, then flips the single entry {@code "current"}; a crash half way leaves the previous generation in
 *     force.</li>
 * </ul>
 *
 * <h2>One write per fill, and a cheap one</h2>
 * A fill changes a position and its account's executed notional. Format v2 ({@value #PREVIOUS_STATE_FILE}) kept
 * them in two Chronicle Map entries: two locked query contexts per fill (about 250-300 ns each: the segment lock,
 * the context's set-up and close, key hashing, the entry search and its checksum). Format v3 keeps both in the pair's
 * record and writes it without a lock: the record's other half is filled and its sequence stored last with an
 * ordered store ({@link RiskStateFile}), a few plain stores into the mapping. The core thread is the only writer, so
 * a lock protected nothing but other processes, which the file lock now keeps out.
 *
 * <h2>Fills are written once per duty cycle</h2>
 * {@link #position(int, long)} and {@link #executedNotional(int, long)} only note the new value in arrays (a dirty
 * flag and a list of dirty slots) and {@link #flush()}, which the core calls at the end of every duty cycle, writes
 * each changed pair once with its latest position and its account's latest notional (and not at all when both are
 * back at the values last stored). Kill switches stay written through (admin path, rare); {@link #close()} flushes
 * first. Records are found when a pair or account is bound (start-up, limit adoption: may allocate), so a write is an
 * array index, not a lookup.
 * <p>
 * Crash safety: a flushed write is in the shared file mapping, i.e. in the page cache, when {@link #flush()}
 * returns, so a process crash loses nothing flushed (proven by {@code RiskStoreCrashTest} with {@code Runtime.halt}
 * and with SIGKILL); a crash inside a write leaves the record's previous value (its new half's sequence is stored
 * last), and no lock is left taken (the Chronicle Map store could leave a segment lock held and an entry half
 * written). What a crash can lose is the fills booked in the duty cycle it interrupts, whose reports may already have
 * been offered. That is the same class of loss as the venue messages in flight on the venue-in stream, which a core
 * without the journal loses at a crash anyway (the venue adapter does not resend them); a core that must lose
 * nothing runs with the journal, which rebuilds risk state from the journaled inputs and is exclusive with this
 * store. An operating-system crash may lose what the OS had not written back yet (as before: neither store syncs).
 *
 * <h2>Older files</h2>
 * A {@value #PREVIOUS_STATE_FILE} (format v2, a Chronicle Map of one {@code LongValue} per position, notional or
 * kill switch) found at open is migrated: copied into {@value #MIGRATING_STATE_FILE}, which is closed and renamed to
 * {@value #STATE_FILE} atomically, and then the old file is deleted. A crash during the copy leaves the old file in
 * force (the partial copy is discarded at the next open); a crash after the rename leaves both files, and the new one
 * wins. Files written by the version with bound Chronicle references ({@value #LEGACY_STATE_FILE}) are refused:
 * their contents cannot be trusted. A {@value #STATE_FILE} that is not a v3 file is refused with the fix.
 * <p>
 * Threads: {@link #saveLimits(RiskLimits)} and {@link #loadLimits()} from any thread (Chronicle Map is
 * thread-safe; {@link PreTradeRisk} serialises saves); everything else on the core thread.
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
    /** Symbol marker of the trading day. */
    static final long DAY = -3L;
    /** Account marker of the global kill switch and of the trading day. */
    static final long ALL_ACCOUNTS = -1L;

    private static final String CURRENT = "current";
    private static final String GENERATION_A = "A";
    private static final String GENERATION_B = "B";
    private static final int PROPERTIES_PER_INSTRUMENT = 7;
    private static final int PROPERTIES_PER_ACCOUNT = 7;

    private final RiskStateFile state;
    private final ChronicleMap<CharSequence, CharSequence> limits;
    private final int[] pairRecord;
    private final int[] pairAccountSlot;
    private final int[] slotNotionalRecord;
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
    private final int dayRecord;
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
        RiskStateFile stateFile = null;
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
            // every pair, plus a notional and a kill-switch record per account, plus the global kill switch and the day
            final long records = pairs + 2L * accounts + 16;
            if (records > Integer.MAX_VALUE / RiskStateFile.RECORD_LENGTH)
            {
                throw new IllegalStateException("risk capacities " + accounts + " accounts x " +
                    initialLimits.instrumentCapacity() + " instruments are too large for the risk state file");
            }
            migratePreviousFormat(directory, records);
            stateFile = RiskStateFile.open(directory.resolve(STATE_FILE), (int)records);
            this.state = stateFile;

            pairRecord = new int[(int)pairs];
            pairAccountSlot = new int[(int)pairs];
            slotNotionalRecord = new int[accounts];
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
            openedNotionals = latestNotionals(stateFile);
            sequence = lastSequence(stateFile);
            // added at open, so that the day's write on the core thread allocates nothing
            dayRecord = stateFile.add(ALL_ACCOUNTS, DAY);
            if (null == persisted)
            {
                saveLimits(configured);
            }
        }
        catch (final IOException ex)
        {
            closeQuietly(stateFile);
            closeQuietly(limitsMap);
            throw new UncheckedIOException("cannot open Chronicle Map risk state in " + directory.toAbsolutePath(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(stateFile);
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
        for (int record = 0; record < state.count(); record++)
        {
            final long account = state.account(record);
            final long symbol = state.symbol(record);
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
        pairRecord[pairIndex] = state.add(account, symbol);
        pairAccountSlot[pairIndex] = accountSlot;
        storedPosition[pairIndex] = state.position(pairRecord[pairIndex]);
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
        slotNotionalRecord[accountSlot] = state.add(account, NOTIONAL);
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
                write(pairRecord[pair], pendingPosition[pair], pendingNotional[slot]);
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
                write(slotNotionalRecord[slot], 0, pendingNotional[slot]);
                storedNotional[slot] = pendingNotional[slot];
            }
        }
        dirtyAccountCount = 0;
    }

    public long tradingDay()
    {
        // a record added but never written holds sequence 0 (its halves are zeros): no day stored
        return 0 == state.sequence(dayRecord) ? PreTradeRisk.NO_TRADING_DAY : state.position(dayRecord);
    }

    public void tradingDay(final long day)
    {
        write(dayRecord, day, 0);
    }

    public boolean isAccountKilled(final long account)
    {
        final int record = state.find(account, KILL);
        return record >= 0 && state.position(record) != 0;
    }

    public void accountKilled(final long account, final boolean killed)
    {
        write(state.add(account, KILL), killed ? 1 : 0, 0);
    }

    public boolean isGlobalKilled()
    {
        final int record = state.find(ALL_ACCOUNTS, KILL);
        return record >= 0 && state.position(record) != 0;
    }

    public void globalKilled(final boolean killed)
    {
        write(state.add(ALL_ACCOUNTS, KILL), killed ? 1 : 0, 0);
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
     * One record write: the idle half filled, its sequence stored last ({@link RiskStateFile#write}). Allocation free,
     * no lock, no system call.
     */
    private void write(final int record, final long position, final long notional)
    {
        state.write(record, position, notional, ++sequence);
        writes++;
    }

    /**
     * Per account, {@code {sequence, notional}} of its notional-carrying entry (pair or notional marker) with the
     * highest sequence. Open time; allocates.
     */
    private static Map<Long, long[]> latestNotionals(final RiskStateFile file)
    {
        final Map<Long, long[]> latest = new HashMap<>();
        for (int record = 0; record < file.count(); record++)
        {
            final long account = file.account(record);
            final long symbol = file.symbol(record);
            if (PackedAscii.isValid(account) && (NOTIONAL == symbol || PackedAscii.isValid(symbol)))
            {
                final long[] known = latest.get(account);
                if (null == known || file.sequence(record) > known[0])
                {
                    latest.put(account, new long[]{ file.sequence(record), file.notional(record) });
                }
            }
        }
        return latest;
    }

    private static long lastSequence(final RiskStateFile file)
    {
        long last = 0;
        for (int record = 0; record < file.count(); record++)
        {
            last = Math.max(last, file.sequence(record));
        }
        return last;
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

        try (RiskStateFile copy = RiskStateFile.open(migrating, (int)Math.max(entries, rows.size() + 16L)))
        {
            for (final long[] row : rows)
            {
                final boolean notional = NOTIONAL == row[1];
                final boolean position = PackedAscii.isValid(row[0]) && PackedAscii.isValid(row[1]);
                // every notional-carrying record of an account gets its v2 notional, all at sequence 1
                copy.write(copy.add(row[0], row[1]), notional ? 0 : row[2],
                    notional || position ? notionals.getOrDefault(row[0], 0L) : 0, 1);
            }
        }
        Files.move(migrating, target, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(previous);
    }

    private static void closeQuietly(final RiskStateFile file)
    {
        if (null != file)
        {
            file.close();
        }
    }

    private static void closeQuietly(final ChronicleMap<?, ?> map)
    {
        if (null != map)
        {
            map.close();
        }
    }
}
