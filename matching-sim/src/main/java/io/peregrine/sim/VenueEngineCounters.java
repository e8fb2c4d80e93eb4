package io.peregrine.sim;

import io.peregrine.protocol.InProcessCounters;
import io.peregrine.sbe.Side;
import io.peregrine.sim.book.OrderBook;
import io.peregrine.sim.engine.MatchingEngine;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The venue engine's counters: orders, trades, rejects, and the book depth of every instrument. Type ids are in
 * the operability range 1200-1299; per-instrument counters carry the packed symbol as their 8-byte key.
 * <p>
 * Where they live is the {@link Factory}'s choice: {@code SimVenue} alone keeps them in an in-process
 * {@link CountersManager} ({@link #inProcess()}, read by an ops console in the same process); a stack sharing a
 * media driver passes one that allocates Aeron counters, so they are in the driver's CnC file with the core's.
 * <p>
 * Written only by the engine thread after each message it handles (release semantics, allocation free); readable
 * from any thread.
 */
public final class VenueEngineCounters implements AutoCloseable
{
    /** Orders the engine accepted (participants' and the market maker's). */
    public static final int ORDERS_ACCEPTED_TYPE_ID = 1240;
    /** Trades matched. */
    public static final int TRADES_TYPE_ID = 1241;
    /** Participant orders rejected. */
    public static final int ORDERS_REJECTED_TYPE_ID = 1242;
    /** FIX application messages handled. */
    public static final int MESSAGES_TYPE_ID = 1243;
    /** Messages whose handling failed unexpectedly. */
    public static final int FAILURES_TYPE_ID = 1244;
    /** Gauge: resting orders of an instrument; key packed symbol. */
    public static final int RESTING_ORDERS_TYPE_ID = 1245;
    /** Gauge: bid price levels of an instrument; key packed symbol. */
    public static final int BID_LEVELS_TYPE_ID = 1246;
    /** Gauge: ask price levels of an instrument; key packed symbol. */
    public static final int ASK_LEVELS_TYPE_ID = 1247;
    /** PossDup copies of requests already handled, ignored (code-shape range 1360-1399). */
    public static final int POSS_DUPS_IGNORED_TYPE_ID = 1369;
    /** OrderStatusRequests answered (reconciliation by participants). */
    public static final int STATUS_REQUESTS_TYPE_ID = 1370;

    private static final int IN_PROCESS_COUNTERS = 256;

    /**
     * Allocates counters somewhere a reader can find them.
     */
    public interface Factory
    {
        /**
         * @param typeId of the counter.
         * @param key    8-byte key (0, or a packed symbol).
         * @param label  human readable label.
         * @return the new counter.
         */
        AtomicCounter newCounter(int typeId, long key, String label);

        /**
         * @return where the counters can be read from in this process.
         */
        CountersReader reader();
    }

    private final CountersReader reader;
    private final List<AtomicCounter> all = new ArrayList<>();
    private final AtomicCounter ordersAccepted;
    private final AtomicCounter trades;
    private final AtomicCounter ordersRejected;
    private final AtomicCounter messages;
    private final AtomicCounter failures;
    private final AtomicCounter possDupsIgnored;
    private final AtomicCounter statusRequests;
    private final long[] symbols;
    private final AtomicCounter[] restingOrders;
    private final AtomicCounter[] bidLevels;
    private final AtomicCounter[] askLevels;

    /**
     * @param factory     where to allocate.
     * @param instruments the venue's instruments.
     */
    public VenueEngineCounters(final Factory factory, final Collection<VenueInstrument> instruments)
    {
        reader = factory.reader();
        ordersAccepted = add(factory, ORDERS_ACCEPTED_TYPE_ID, 0, "peregrine-venue: orders accepted");
        trades = add(factory, TRADES_TYPE_ID, 0, "peregrine-venue: trades");
        ordersRejected = add(factory, ORDERS_REJECTED_TYPE_ID, 0, "peregrine-venue: orders rejected");
        messages = add(factory, MESSAGES_TYPE_ID, 0, "peregrine-venue: FIX messages handled");
        failures = add(factory, FAILURES_TYPE_ID, 0, "peregrine-venue: message handling failures");
        possDupsIgnored = add(factory, POSS_DUPS_IGNORED_TYPE_ID, 0, "peregrine-venue: PossDup copies ignored");
        statusRequests = add(factory, STATUS_REQUESTS_TYPE_ID, 0, "peregrine-venue: order status requests answered");
        symbols = new long[instruments.size()];
        restingOrders = new AtomicCounter[symbols.length];
        bidLevels = new AtomicCounter[symbols.length];
        askLevels = new AtomicCounter[symbols.length];
        int i = 0;
        for (final VenueInstrument instrument : instruments)
        {
            final long symbol = instrument.packedSymbol();
            symbols[i] = symbol;
            restingOrders[i] = add(factory, RESTING_ORDERS_TYPE_ID, symbol,
                "peregrine-venue: resting orders symbol=" + instrument.symbol());
            bidLevels[i] = add(factory, BID_LEVELS_TYPE_ID, symbol,
                "peregrine-venue: bid levels symbol=" + instrument.symbol());
            askLevels[i] = add(factory, ASK_LEVELS_TYPE_ID, symbol,
                "peregrine-venue: ask levels symbol=" + instrument.symbol());
            i++;
        }
    }

    private AtomicCounter add(final Factory factory, final int typeId, final long key, final String label)
    {
        final AtomicCounter counter = factory.newCounter(typeId, key, label);
        all.add(counter);
        return counter;
    }

    /**
     * @return a factory keeping the counters in this process (room for {@value #IN_PROCESS_COUNTERS}).
     */
    public static Factory inProcess()
    {
        final CountersManager manager = InProcessCounters.manager(IN_PROCESS_COUNTERS);
        return new Factory()
        {
            public AtomicCounter newCounter(final int typeId, final long key, final String label)
            {
                return manager.newCounter(label, typeId, (buffer) -> buffer.putLong(0, key));
            }

            public CountersReader reader()
            {
                return manager;
            }
        };
    }

    /**
     * @return the reader the counters can be read with in this process.
     */
    public CountersReader reader()
    {
        return reader;
    }

    /**
     * Publishes the engine's counts and each book's depth. Engine thread; allocation free.
     *
     * @param accepted     orders accepted so far.
     * @param tradeCount   trades so far.
     * @param rejected     orders rejected so far.
     * @param messageCount messages handled so far.
     * @param failureCount failures so far.
     * @param possDups     PossDup copies ignored so far.
     * @param statusCount  order status requests answered so far.
     * @param engine       the engine whose books to measure.
     */
    public void update(
        final long accepted,
        final long tradeCount,
        final long rejected,
        final long messageCount,
        final long failureCount,
        final long possDups,
        final long statusCount,
        final MatchingEngine engine)
    {
        possDupsIgnored.setRelease(possDups);
        statusRequests.setRelease(statusCount);
        ordersAccepted.setRelease(accepted);
        trades.setRelease(tradeCount);
        ordersRejected.setRelease(rejected);
        messages.setRelease(messageCount);
        failures.setRelease(failureCount);
        for (int i = 0; i < symbols.length; i++)
        {
            final OrderBook book = engine.book(symbols[i]);
            if (null != book)
            {
                restingOrders[i].setRelease(book.orderCount());
                bidLevels[i].setRelease(book.levelCount(Side.BUY));
                askLevels[i].setRelease(book.levelCount(Side.SELL));
            }
        }
    }

    /**
     * Frees the counters.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(all);
        all.clear();
    }
}
