package io.peregrine.core.admin;

import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.CounterSet;
import io.peregrine.risk.AccountLimits;
import io.peregrine.risk.InstrumentLimits;
import io.peregrine.risk.PreTradeRisk;
import io.peregrine.risk.RiskLimits;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

import static io.peregrine.protocol.CounterDescriptor.gauge;

/**
 * The risk state an operator checks after an admin command, as Aeron gauges the ops console reads ({@code /api/risk},
 * {@code /metrics}): per configured account its kill switch, the limits in force, open orders and notionals; per
 * configured symbol its kill switch and limits; per account and symbol the position and whether the symbol is on the
 * account's restricted list; per venue the core routes to (the default venue and the symbol routes) whether it is
 * paused. The accounts, symbols and venues are the configured ones (a LimitUpdate cannot add any), so the number of
 * series is bounded; above {@link #MAX_SYMBOLS} symbols or {@link #MAX_POSITIONS} account-symbol pairs those rows are
 * left out (one WARN at start), so that a large universe does not fill the media driver's counters file. A venue id
 * the core does not route to can be paused too: it shows only in the count of venues paused ({@code CoreCounters}).
 * <p>
 * Core thread only (release semantics; readable from any thread and process). Nothing is added to the handling of an
 * order: {@link #refreshAll()} runs after each admin command (admin path), {@link #refreshNext()} copies one row per
 * idle duty cycle (a few allocation-free lookups and stores), which keeps positions and open orders current and
 * covers state restored from a snapshot. Allocated at launch (allocates); refreshing allocates nothing.
 */
public final class RiskStateCounters
{
    /** Most symbols given per-symbol counters. */
    public static final int MAX_SYMBOLS = 256;
    /** Most account-symbol pairs given a position counter. */
    public static final int MAX_POSITIONS = 1024;

    private static final String FIXED_POINT = " (fixed point, 6 decimals, as /admin/limits takes it)";

    // Type ids 1250-1268, one gauge per value; labels end with the account, the symbol, both, or the venue.
    public static final CounterDescriptor KILL_SWITCH_ACCOUNT = gauge(1250, CounterKey.ACCOUNT,
        "peregrine: kill switch (1 = on) account=",
        "peregrine_kill_switch_account",
        "1 while the account's kill switch is on");
    public static final CounterDescriptor ACCOUNT_OPEN_ORDERS = gauge(1251, CounterKey.ACCOUNT,
        "peregrine: open orders account=",
        "peregrine_account_open_orders",
        "orders of the account accepted and not yet closed");
    public static final CounterDescriptor ACCOUNT_EXECUTED_NOTIONAL = gauge(1252, CounterKey.ACCOUNT,
        "peregrine: executed notional today account=",
        "peregrine_account_executed_notional",
        "notional the account executed today" + FIXED_POINT);
    public static final CounterDescriptor ACCOUNT_OPEN_NOTIONAL = gauge(1253, CounterKey.ACCOUNT,
        "peregrine: open notional account=",
        "peregrine_account_open_notional",
        "notional reserved by the account's open orders" + FIXED_POINT);
    public static final CounterDescriptor ACCOUNT_MAX_ORDER_QTY = limit(1254, CounterKey.ACCOUNT, "MAX_ORDER_QTY", "");
    public static final CounterDescriptor ACCOUNT_MAX_ORDER_NOTIONAL =
        limit(1255, CounterKey.ACCOUNT, "MAX_ORDER_NOTIONAL", FIXED_POINT);
    public static final CounterDescriptor ACCOUNT_MAX_POSITION = limit(1256, CounterKey.ACCOUNT, "MAX_POSITION", "");
    public static final CounterDescriptor ACCOUNT_DAILY_NOTIONAL =
        limit(1257, CounterKey.ACCOUNT, "DAILY_NOTIONAL", FIXED_POINT);
    public static final CounterDescriptor ACCOUNT_MAX_OPEN_ORDERS =
        limit(1258, CounterKey.ACCOUNT, "MAX_OPEN_ORDERS", "");
    public static final CounterDescriptor ACCOUNT_MAX_ORDERS_PER_SECOND =
        limit(1259, CounterKey.ACCOUNT, "MAX_ORDERS_PER_SECOND", "");
    public static final CounterDescriptor KILL_SWITCH_SYMBOL = gauge(1260, CounterKey.SYMBOL,
        "peregrine: kill switch (1 = on) symbol=",
        "peregrine_kill_switch_symbol",
        "1 while the symbol's kill switch is on");
    public static final CounterDescriptor SYMBOL_REFERENCE_PRICE =
        limit(1261, CounterKey.SYMBOL, "REFERENCE_PRICE", FIXED_POINT);
    public static final CounterDescriptor SYMBOL_COLLAR_BPS = limit(1262, CounterKey.SYMBOL, "COLLAR_BPS", "");
    public static final CounterDescriptor SYMBOL_MAX_ORDER_QTY = limit(1263, CounterKey.SYMBOL, "MAX_ORDER_QTY", "");
    public static final CounterDescriptor SYMBOL_TRADABLE = limit(1264, CounterKey.SYMBOL, "TRADABLE", " (1 = yes)");
    public static final CounterDescriptor SYMBOL_RESTRICTED =
        limit(1265, CounterKey.SYMBOL, "RESTRICTED", " for every account (1 = yes)");
    public static final CounterDescriptor POSITION = gauge(1266, CounterKey.ACCOUNT_SYMBOL,
        "peregrine: position account symbol=",
        "peregrine_position",
        "position of the account in the symbol (positive long, negative short)");
    public static final CounterDescriptor ACCOUNT_SYMBOL_RESTRICTED = gauge(1267, CounterKey.ACCOUNT_SYMBOL,
        "peregrine: restricted for the account (1 = yes) account symbol=",
        "peregrine_account_symbol_restricted",
        "1 while the symbol is on the account's restricted list (LimitUpdate RESTRICTED with an account)");
    public static final CounterDescriptor VENUE_PAUSED = gauge(1268, CounterKey.VENUE,
        "peregrine: venue paused (1 = yes) venue=",
        "peregrine_venue_paused",
        "1 while the venue is paused: its new orders are refused VENUE_PAUSED");

    private static final Logger LOG = LoggerFactory.getLogger(RiskStateCounters.class);
    private static final List<CounterDescriptor> ACCOUNT_ROW = List.of(KILL_SWITCH_ACCOUNT, ACCOUNT_OPEN_ORDERS,
        ACCOUNT_EXECUTED_NOTIONAL, ACCOUNT_OPEN_NOTIONAL, ACCOUNT_MAX_ORDER_QTY, ACCOUNT_MAX_ORDER_NOTIONAL,
        ACCOUNT_MAX_POSITION, ACCOUNT_DAILY_NOTIONAL, ACCOUNT_MAX_OPEN_ORDERS, ACCOUNT_MAX_ORDERS_PER_SECOND);
    private static final List<CounterDescriptor> SYMBOL_ROW = List.of(KILL_SWITCH_SYMBOL, SYMBOL_REFERENCE_PRICE,
        SYMBOL_COLLAR_BPS, SYMBOL_MAX_ORDER_QTY, SYMBOL_TRADABLE, SYMBOL_RESTRICTED);

    private final PreTradeRisk risk;
    private final EpochNanoClock logicClock;
    private final Gate symbolKills;
    private final Gate venuePauses;
    private final int[] venues;
    private final AtomicCounter[] venueRows;
    private final long[] accounts;
    private final AtomicCounter[][] accountRows;
    private final long[] symbols;
    private final AtomicCounter[][] symbolRows;
    private final long[] positionAccounts;
    private final long[] positionSymbols;
    private final AtomicCounter[] positions;
    private final AtomicCounter[] restricted;
    private final int rows;
    private int next;

    /**
     * A limit of an account or a symbol, named as {@code LimitType} and {@code /admin/limits} name it.
     *
     * @param whose {@link CounterKey#ACCOUNT} or {@link CounterKey#SYMBOL}.
     */
    private static CounterDescriptor limit(
        final int typeId, final CounterKey whose, final String limit, final String helpSuffix)
    {
        final String of = whose.name().toLowerCase(Locale.ROOT);
        return gauge(typeId, whose, "peregrine: limit " + limit + " " + of + "=",
            "peregrine_" + of + "_limit_" + limit.toLowerCase(Locale.ROOT),
            "limit in force: " + limit + " of the " + of + helpSuffix);
    }

    /**
     * @param counters    where the gauges are allocated (closed with it).
     * @param risk        the risk state read.
     * @param symbolKills the symbol kill switches read.
     * @param venuePauses the venue pauses read.
     * @param venueIds    the venues the core routes to, each given a paused gauge.
     * @param logicClock  the core's logic clock: the executed notional shows 0 once it is on a later trading day
     *                    than the risk state's.
     */
    public RiskStateCounters(
        final CounterSet counters, final PreTradeRisk risk, final Gate symbolKills, final Gate venuePauses,
        final int[] venueIds, final EpochNanoClock logicClock)
    {
        this.risk = risk;
        this.logicClock = logicClock;
        this.symbolKills = symbolKills;
        this.venuePauses = venuePauses;
        venues = venueIds.clone();
        venueRows = new AtomicCounter[venues.length];
        for (int i = 0; i < venues.length; i++)
        {
            venueRows[i] = counters.add(VENUE_PAUSED, venues[i], Integer.toString(venues[i]));
        }
        final RiskLimits limits = risk.limits();
        final List<AccountLimits> accountLimits = limits.accounts();
        final List<InstrumentLimits> instruments = limits.instruments();
        accounts = new long[accountLimits.size()];
        accountRows = new AtomicCounter[accounts.length][];
        for (int i = 0; i < accounts.length; i++)
        {
            accounts[i] = accountLimits.get(i).account();
            accountRows[i] = row(counters, ACCOUNT_ROW, accounts[i], accountLimits.get(i).name());
        }
        final boolean perSymbol = instruments.size() <= MAX_SYMBOLS;
        symbols = new long[perSymbol ? instruments.size() : 0];
        symbolRows = new AtomicCounter[symbols.length][];
        for (int i = 0; i < symbols.length; i++)
        {
            symbols[i] = instruments.get(i).symbol();
            symbolRows[i] = row(counters, SYMBOL_ROW, symbols[i], instruments.get(i).name());
        }
        final boolean perPosition = (long)accounts.length * instruments.size() <= MAX_POSITIONS;
        final int pairs = perPosition ? accounts.length * instruments.size() : 0;
        positionAccounts = new long[pairs];
        positionSymbols = new long[pairs];
        positions = new AtomicCounter[pairs];
        restricted = new AtomicCounter[pairs];
        int pair = 0;
        for (int a = 0; a < accounts.length && perPosition; a++)
        {
            for (final InstrumentLimits instrument : instruments)
            {
                positionAccounts[pair] = accounts[a];
                positionSymbols[pair] = instrument.symbol();
                final String keyText = accountLimits.get(a).name() + " " + instrument.name();
                positions[pair] = counters.add(POSITION, accounts[a], instrument.symbol(), keyText);
                restricted[pair] = counters.add(ACCOUNT_SYMBOL_RESTRICTED, accounts[a], instrument.symbol(), keyText);
                pair++;
            }
        }
        if (!perSymbol || !perPosition)
        {
            LOG.warn("{} symbols and {} accounts: the ops console shows no {} (more than {} symbols or {} " +
                "account-symbol pairs); the journal and the limits file still say what is in force",
                instruments.size(), accounts.length, perSymbol ? "positions or accounts' restricted symbols" :
                "per-symbol limits, positions or accounts' restricted symbols",
                MAX_SYMBOLS, MAX_POSITIONS);
        }
        rows = accounts.length + symbols.length + pairs + venues.length;
    }

    private static AtomicCounter[] row(
        final CounterSet counters, final List<CounterDescriptor> descriptors, final long key, final String keyText)
    {
        final AtomicCounter[] row = new AtomicCounter[descriptors.size()];
        for (int i = 0; i < row.length; i++)
        {
            row[i] = counters.add(descriptors.get(i), key, keyText);
        }
        return row;
    }

    /**
     * Copies every row: after an admin command, before its answer goes out, so that what the operator reads next is
     * what the command left in force. Admin path; allocation free.
     */
    public void refreshAll()
    {
        for (int row = 0; row < rows; row++)
        {
            refresh(row);
        }
    }

    /**
     * Copies the next row, round robin: from an idle duty cycle. Allocation free.
     */
    public void refreshNext()
    {
        if (rows > 0)
        {
            refresh(next);
            next = next + 1 == rows ? 0 : next + 1;
        }
    }

    private void refresh(final int row)
    {
        if (row < accounts.length)
        {
            refreshAccount(accounts[row], accountRows[row]);
        }
        else if (row < accounts.length + symbols.length)
        {
            final int i = row - accounts.length;
            refreshSymbol(symbols[i], symbolRows[i]);
        }
        else if (row < accounts.length + symbols.length + positions.length)
        {
            final int i = row - accounts.length - symbols.length;
            positions[i].setRelease(risk.position(positionAccounts[i], positionSymbols[i]));
            final AccountLimits limits = risk.limits().account(positionAccounts[i]);
            restricted[i].setRelease(null != limits && limits.isRestricted(positionSymbols[i]) ? 1 : 0);
        }
        else
        {
            final int i = row - accounts.length - symbols.length - positions.length;
            venueRows[i].setRelease(venuePauses.isClosed(venues[i]) ? 1 : 0);
        }
    }

    private void refreshAccount(final long account, final AtomicCounter[] row)
    {
        row[0].setRelease(risk.isAccountKilled(account) ? 1 : 0);
        row[1].setRelease(risk.openOrders(account));
        // Today's, by the core's logic clock: after the trading-day boundary the risk state still holds yesterday's
        // until an order or fill hands it a time of the new day, which the gauge must not do itself (a replay must
        // not depend on it).
        row[2].setRelease(risk.executedNotionalAt(account, logicClock.nanoTime()));
        row[3].setRelease(risk.openNotional(account));
        final AccountLimits limits = risk.limits().account(account);
        if (null != limits)
        {
            row[4].setRelease(limits.maxOrderQty());
            row[5].setRelease(limits.maxOrderNotional());
            row[6].setRelease(limits.maxPosition());
            row[7].setRelease(limits.dailyNotional());
            row[8].setRelease(limits.maxOpenOrders());
            row[9].setRelease(limits.maxOrdersPerSecond());
        }
    }

    private void refreshSymbol(final long symbol, final AtomicCounter[] row)
    {
        row[0].setRelease(symbolKills.isClosed(symbol) ? 1 : 0);
        final InstrumentLimits limits = risk.limits().instrument(symbol);
        if (null != limits)
        {
            row[1].setRelease(limits.referencePrice());
            row[2].setRelease(limits.collarBps());
            row[3].setRelease(limits.maxOrderQty());
            row[4].setRelease(limits.tradable() ? 1 : 0);
            row[5].setRelease(limits.restricted() ? 1 : 0);
        }
    }
}
