package io.peregrine.sim;

import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.CounterSet;
import io.peregrine.protocol.InProcessCounters;
import io.peregrine.sbe.Side;
import io.peregrine.sim.book.OrderBook;
import io.peregrine.sim.engine.MatchingEngine;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.util.Collection;
import java.util.Objects;

import static io.peregrine.protocol.CounterDescriptor.counter;
import static io.peregrine.protocol.CounterDescriptor.gauge;

/**
 * The venue engine's counters: orders, trades, rejects, and the book depth of every instrument, each described once
 * by a {@link CounterDescriptor} constant here. Type ids are in the operability range 1200-1299 and 1369-1370
 * (code-shape); per-instrument counters carry the packed symbol as their 8-byte key.
 * <p>
 * Where they live is the {@link Factory}'s choice: {@code SimVenue} alone keeps them in an in-process
 * {@link CountersManager} ({@link #inProcess()}, read by an ops console in the same process); a stack sharing a
 * media driver passes one that allocates Aeron counters, so they are in the driver's CnC file with the core's.
 * <p>
 * Written only by the engine thread after each message it handles (release semantics, allocation free); readable
 * from any thread. What they publish comes through {@link Counts}, so they know the matching engine and nothing of
 * the FIX edge that drives it ({@code sim.fix}'s agent implements it).
 */
public final class VenueEngineCounters implements AutoCloseable
{
    // Every counter of the venue engine, described once. Those keyed by symbol are allocated once per instrument, with
    // the packed symbol as their key and the symbol at the end of their label; the others once.
    /** Participants' and the market maker's. */
    public static final CounterDescriptor ORDERS_ACCEPTED = counter(1240, CounterKey.NONE,
        "peregrine-venue: orders accepted",
        "peregrine_sim_orders_accepted",
        "orders the venue engine accepted (participants and market maker)");
    public static final CounterDescriptor TRADES = counter(1241, CounterKey.NONE,
        "peregrine-venue: trades",
        "peregrine_sim_trades",
        "trades matched");
    public static final CounterDescriptor ORDERS_REJECTED = counter(1242, CounterKey.NONE,
        "peregrine-venue: orders rejected",
        "peregrine_sim_orders_rejected",
        "participant orders the venue rejected");
    public static final CounterDescriptor MESSAGES = counter(1243, CounterKey.NONE,
        "peregrine-venue: FIX messages handled",
        "peregrine_sim_messages",
        "FIX application messages handled");
    /** Messages whose handling failed unexpectedly. */
    public static final CounterDescriptor FAILURES = counter(1244, CounterKey.NONE,
        "peregrine-venue: message handling failures",
        "peregrine_sim_failures",
        "messages whose handling failed");
    public static final CounterDescriptor RESTING_ORDERS = gauge(1245, CounterKey.SYMBOL,
        "peregrine-venue: resting orders symbol=",
        "peregrine_sim_resting_orders",
        "resting orders in the book");
    public static final CounterDescriptor BID_LEVELS = gauge(1246, CounterKey.SYMBOL,
        "peregrine-venue: bid levels symbol=",
        "peregrine_sim_bid_levels",
        "bid price levels in the book");
    public static final CounterDescriptor ASK_LEVELS = gauge(1247, CounterKey.SYMBOL,
        "peregrine-venue: ask levels symbol=",
        "peregrine_sim_ask_levels",
        "ask price levels in the book");
    /** Code-shape range 1360-1399. */
    public static final CounterDescriptor POSS_DUPS_IGNORED = counter(1369, CounterKey.NONE,
        "peregrine-venue: PossDup copies ignored",
        "peregrine_sim_possdups_ignored",
        "PossDup copies of requests already handled, ignored");
    /** Reconciliation by participants. */
    public static final CounterDescriptor STATUS_REQUESTS = counter(1370, CounterKey.NONE,
        "peregrine-venue: order status requests answered",
        "peregrine_sim_status_requests",
        "OrderStatusRequests answered");

    private static final int IN_PROCESS_COUNTERS = 256;

    /**
     * What the venue's engine thread counts, read by {@link #update} on that thread: its running totals since start
     * and the engine whose books' depth is published.
     */
    public interface Counts
    {
        /** @return new orders accepted (participants' and the market maker's). */
        long ordersAccepted();

        /** @return trades matched. */
        long trades();

        /** @return new orders rejected (by the venue or the engine). */
        long ordersRejected();

        /** @return application messages handled. */
        long messagesProcessed();

        /** @return messages whose handling failed unexpectedly. */
        long failures();

        /** @return resent (PossDupFlag=Y) requests ignored because their ClOrdID was already handled. */
        long possDupsIgnored();

        /** @return OrderStatusRequests answered. */
        long statusRequests();

        /** @return the engine whose books' depth is published. */
        MatchingEngine engine();
    }

    /**
     * Where the counters are allocated, and where they can be read in this process.
     *
     * @param allocator adds each counter, e.g. {@code aeron::addCounter}.
     * @param reader    reads them in this process, e.g. {@code aeron.countersReader()}.
     */
    public record Factory(CounterSet.Allocator allocator, CountersReader reader)
    {
        /**
         * @throws NullPointerException naming what is missing.
         */
        public Factory
        {
            Objects.requireNonNull(allocator, "allocator");
            Objects.requireNonNull(reader, "reader");
        }
    }

    private final CountersReader reader;
    private final CounterSet counters;
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
        counters = new CounterSet(factory.allocator());
        ordersAccepted = counters.add(ORDERS_ACCEPTED);
        trades = counters.add(TRADES);
        ordersRejected = counters.add(ORDERS_REJECTED);
        messages = counters.add(MESSAGES);
        failures = counters.add(FAILURES);
        possDupsIgnored = counters.add(POSS_DUPS_IGNORED);
        statusRequests = counters.add(STATUS_REQUESTS);
        symbols = new long[instruments.size()];
        restingOrders = new AtomicCounter[symbols.length];
        bidLevels = new AtomicCounter[symbols.length];
        askLevels = new AtomicCounter[symbols.length];
        int i = 0;
        for (final VenueInstrument instrument : instruments)
        {
            final long symbol = instrument.packedSymbol();
            symbols[i] = symbol;
            restingOrders[i] = counters.add(RESTING_ORDERS, symbol, instrument.symbol());
            bidLevels[i] = counters.add(BID_LEVELS, symbol, instrument.symbol());
            askLevels[i] = counters.add(ASK_LEVELS, symbol, instrument.symbol());
            i++;
        }
    }

    /**
     * @return a factory keeping the counters in this process (room for {@value #IN_PROCESS_COUNTERS}).
     */
    public static Factory inProcess()
    {
        final CountersManager manager = InProcessCounters.manager(IN_PROCESS_COUNTERS);
        return new Factory(manager::newCounter, manager);
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
     * @param counts the engine thread's counts, and the engine whose books to publish.
     */
    public void update(final Counts counts)
    {
        possDupsIgnored.setRelease(counts.possDupsIgnored());
        statusRequests.setRelease(counts.statusRequests());
        ordersAccepted.setRelease(counts.ordersAccepted());
        trades.setRelease(counts.trades());
        ordersRejected.setRelease(counts.ordersRejected());
        messages.setRelease(counts.messagesProcessed());
        failures.setRelease(counts.failures());
        final MatchingEngine engine = counts.engine();
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
     * Frees the counters (quietly: it runs on the venue's failure and close paths).
     */
    public void close()
    {
        CloseHelper.quietClose(counters);
    }
}
