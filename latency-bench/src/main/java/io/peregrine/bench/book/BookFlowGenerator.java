package io.peregrine.bench.book;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sim.book.OrderBook;
import io.peregrine.sim.engine.MatchingEngine;
import io.peregrine.sim.engine.MatchingListener;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.SplittableRandom;

/**
 * Generates a deterministic, seeded {@link BookCommands} stream from {@link BookFlow} settings: a ramp of GTC orders
 * that fills an empty book to the target number of live orders, the steady-state mix, then cancels that empty the
 * book again (so a replay can loop the stream).
 * <p>
 * Commands that name a resting order (move, reduce, cancel) pick a live order uniformly. Prices of new and moved
 * orders are drawn around the current mid, {@code depthTicks * u^concentration} ticks away on their own side less up to
 * {@code crossTicks} (so a few land through the mid and trade, which moves the mid); a move always goes to a different
 * price, a reduce always leaves at least one lot. IOC orders are priced 0-2 ticks through the opposite best and sized
 * to take one or two orders; FOK orders 0-3 ticks through, so some fill and some expire.
 * <p>
 * To know which orders are live and what a FOK can reach, the generator plays the commands into a matching-sim
 * {@link MatchingEngine} as it goes. The exchange-core differential test replays the stream into an independent book
 * and requires the same trades. Set-up code: allocates freely, single-threaded.
 */
public final class BookFlowGenerator
{
    private static final long SYMBOL = 1;

    private final BookFlow flow;
    private final SplittableRandom random;
    private final MatchingEngine engine;
    private final OrderBook book;
    private final Tracker tracker;

    private final BookCommands.Builder commands;

    private final long[] steadyCounts = new long[6];
    private long minTick = Long.MAX_VALUE;
    private long maxTick = Long.MIN_VALUE;
    private long foksFilled;
    private long midTwice;

    private BookFlowGenerator(final BookFlow flow)
    {
        flow.validate();
        this.flow = flow;
        random = new SplittableRandom(flow.seed());
        final int capacity = Math.max(1 << 12, 4 * flow.liveOrders());
        tracker = new Tracker(capacity);
        engine = new MatchingEngine(tracker, false, capacity);
        engine.addInstrument(SYMBOL, flow.tickSize(), 1);
        book = engine.book(SYMBOL);
        final int expected = flow.commands() + 4 * flow.liveOrders() + 16;
        commands = new BookCommands.Builder(expected);
        midTwice = 2 * (flow.startPrice() / flow.tickSize());
    }

    /**
     * Generates the stream for {@code flow}; the same settings always give the same stream.
     *
     * @param flow settings.
     * @return the commands.
     */
    public static BookCommands generate(final BookFlow flow)
    {
        return new BookFlowGenerator(flow).run();
    }

    private BookCommands run()
    {
        final int target = flow.liveOrders();
        int ramp = 0;
        while (tracker.liveCount < target && ramp < 20 * target)
        {
            limit(TimeInForce.GTC);
            ramp++;
        }

        long liveSum = 0;
        long bidLevelSum = 0;
        long askLevelSum = 0;
        int samples = 0;
        final BookFlow.Mix mix = flow.mix();
        final double moveEnd = mix.move();
        final double limitEnd = moveEnd + mix.limit();
        final double cancelEnd = limitEnd + mix.cancel();
        final double reduceEnd = cancelEnd + mix.reduce();
        final double iocEnd = reduceEnd + mix.ioc();
        for (int i = 0; i < flow.commands(); i++)
        {
            final double dice = random.nextDouble() * 100;
            byte kind = dice < moveEnd ? BookCommands.MOVE :
                dice < limitEnd ? BookCommands.LIMIT_GTC :
                dice < cancelEnd ? BookCommands.CANCEL :
                dice < reduceEnd ? BookCommands.REDUCE :
                dice < iocEnd ? BookCommands.LIMIT_IOC : BookCommands.LIMIT_FOK;
            if (kind == BookCommands.LIMIT_GTC && tracker.liveCount > target + target / 10)
            {
                kind = BookCommands.CANCEL;
            }
            else if (kind == BookCommands.CANCEL && tracker.liveCount < target - target / 10)
            {
                kind = BookCommands.LIMIT_GTC;
            }
            if (tracker.liveCount == 0 && (kind == BookCommands.MOVE || kind == BookCommands.CANCEL ||
                kind == BookCommands.REDUCE))
            {
                kind = BookCommands.LIMIT_GTC;
            }
            kind = emit(kind);
            steadyCounts[kind]++;

            liveSum += tracker.liveCount;
            if (i % 1_000 == 0)
            {
                bidLevelSum += book.levelCount(Side.BUY);
                askLevelSum += book.levelCount(Side.SELL);
                samples++;
            }
        }

        int drain = 0;
        while (tracker.liveCount > 0)
        {
            cancel(tracker.liveIds[tracker.liveCount - 1]);
            drain++;
        }
        if (book.orderCount() != 0)
        {
            throw new IllegalStateException("the drained book still holds " + book.orderCount() + " orders");
        }

        final BookFlowStats stats = new BookFlowStats(
            steadyCounts, ramp, drain,
            flow.commands() == 0 ? 0 : (double)liveSum / flow.commands(),
            samples == 0 ? 0 : (double)bidLevelSum / samples,
            samples == 0 ? 0 : (double)askLevelSum / samples,
            minTick, maxTick, tracker.trades, foksFilled);
        return commands.build(engine.lastOrderId(), flow, stats);
    }

    /**
     * Emits one command of {@code kind} (or of another kind when the book gives it nothing to act on).
     *
     * @return the kind emitted.
     */
    private byte emit(final byte kind)
    {
        switch (kind)
        {
            case BookCommands.MOVE:
                move(pickLive());
                return BookCommands.MOVE;
            case BookCommands.CANCEL:
                cancel(pickLive());
                return BookCommands.CANCEL;
            case BookCommands.REDUCE:
                for (int attempt = 0; attempt < 8; attempt++)
                {
                    final long orderId = pickLive();
                    if (tracker.leaves(orderId) > 1)
                    {
                        reduce(orderId);
                        return BookCommands.REDUCE;
                    }
                }
                move(pickLive());
                return BookCommands.MOVE;
            case BookCommands.LIMIT_IOC:
                limit(TimeInForce.IOC);
                return BookCommands.LIMIT_IOC;
            case BookCommands.LIMIT_FOK:
                limit(TimeInForce.FOK);
                return BookCommands.LIMIT_FOK;
            default:
                limit(TimeInForce.GTC);
                return BookCommands.LIMIT_GTC;
        }
    }

    private long pickLive()
    {
        return tracker.liveIds[random.nextInt(tracker.liveCount)];
    }

    private void limit(final TimeInForce tif)
    {
        updateMid();
        final boolean buy = random.nextBoolean();
        final long account = 1 + random.nextInt(flow.accounts());
        final long tick = flow.tickSize();
        long priceTicks;
        long quantity;
        if (tif == TimeInForce.GTC)
        {
            priceTicks = passivePriceTicks(buy);
            quantity = 1 + random.nextInt(flow.maxQuantity());
        }
        else
        {
            final long opposite = buy ? book.bestAsk() : book.bestBid();
            final boolean empty = buy ? opposite == Long.MAX_VALUE : opposite == Long.MIN_VALUE;
            final long oppositeTicks = empty ? midTwice / 2 : opposite / tick;
            final int through = random.nextInt(tif == TimeInForce.IOC ? 3 : 4);
            priceTicks = Math.max(1, buy ? oppositeTicks + through : oppositeTicks - through);
            quantity = 1 + random.nextInt(2 * flow.maxQuantity());
        }
        final long price = priceTicks * tick;
        final long orderId = engine.lastOrderId() + 1;
        final byte kind = tif == TimeInForce.GTC ? BookCommands.LIMIT_GTC :
            tif == TimeInForce.IOC ? BookCommands.LIMIT_IOC : BookCommands.LIMIT_FOK;
        final long exchangePrice = tif == TimeInForce.FOK ? fokBudget(buy, price, quantity) : price;
        commands.add(kind, buy, orderId, account, price, quantity, exchangePrice, quantity);
        notePrice(priceTicks);

        final long tradesBefore = tracker.trades;
        final long assigned = engine.submit(account, SYMBOL, buy ? Side.BUY : Side.SELL, OrdType.LIMIT, tif, price,
            quantity);
        tracker.check(assigned == orderId, "order id");
        if (tif == TimeInForce.FOK && tracker.trades != tradesBefore)
        {
            foksFilled++;
        }
        final long resting = engine.restingQuantity(orderId);
        if (resting > 0)
        {
            tracker.add(orderId, buy, account, price, quantity, resting);
        }
    }

    private void move(final long orderId)
    {
        updateMid();
        final boolean buy = tracker.buy(orderId);
        final long tick = flow.tickSize();
        final long oldPrice = tracker.price(orderId);
        long priceTicks = passivePriceTicks(buy);
        for (int attempt = 0; attempt < 4 && priceTicks * tick == oldPrice; attempt++)
        {
            priceTicks = passivePriceTicks(buy);
        }
        if (priceTicks * tick == oldPrice)
        {
            priceTicks = buy ? Math.max(1, priceTicks - 1) : priceTicks + 1;
            if (priceTicks * tick == oldPrice)
            {
                priceTicks++;
            }
        }
        final long price = priceTicks * tick;
        final long quantity = tracker.quantity(orderId);
        commands.add(BookCommands.MOVE, buy, orderId, tracker.account(orderId), price, quantity, price, 0);
        notePrice(priceTicks);

        engine.replace(orderId, price, quantity);
        final long resting = engine.restingQuantity(orderId);
        if (resting == 0)
        {
            tracker.remove(orderId);
        }
        else
        {
            tracker.update(orderId, price, quantity, resting);
        }
    }

    private void reduce(final long orderId)
    {
        final long leaves = tracker.leaves(orderId);
        final long by = 1 + random.nextLong(Math.max(1, leaves / 2));
        final long quantity = tracker.quantity(orderId) - by;
        final long price = tracker.price(orderId);
        commands.add(
            BookCommands.REDUCE, tracker.buy(orderId), orderId, tracker.account(orderId), price, quantity, price, by);

        engine.replace(orderId, price, quantity);
        tracker.update(orderId, price, quantity, leaves - by);
        tracker.check(engine.restingQuantity(orderId) == leaves - by, "reduced leaves");
    }

    private void cancel(final long orderId)
    {
        final long price = tracker.price(orderId);
        commands.add(BookCommands.CANCEL, tracker.buy(orderId), orderId, tracker.account(orderId), price, 0, price, 0);

        engine.cancel(orderId);
        tracker.remove(orderId);
    }

    /**
     * exchange-core has no limit-price FOK, only FOK_BUDGET (fill completely if the total cost is within a budget).
     * The budget that makes it decide exactly as a limit FOK does on this book: the cost of the fill if the limit
     * FOK fills, one unit too tight if the liquidity is there but beyond the limit.
     */
    private long fokBudget(final boolean buy, final long limit, final long quantity)
    {
        final Side opposite = buy ? Side.SELL : Side.BUY;
        long remaining = quantity;
        long cost = 0;
        boolean withinLimit = true;
        for (int depth = 0, levels = book.levelCount(opposite); depth < levels; depth++)
        {
            final long price = book.levelPrice(opposite, depth);
            if (buy ? price > limit : price < limit)
            {
                withinLimit = false;
            }
            final long available = book.levelQuantity(opposite, depth);
            if (remaining <= available)
            {
                cost += remaining * price;
                return withinLimit ? cost : buy ? cost - 1 : cost + 1;
            }
            cost += available * price;
            remaining -= available;
        }
        return limit * quantity; // not enough liquidity at any price: both books expire it
    }

    private long passivePriceTicks(final boolean buy)
    {
        final double u = random.nextDouble();
        final long away = (long)(flow.depthTicks() * Math.pow(u, flow.concentration())) - flow.crossTicks();
        final long anchor = buy ? Math.floorDiv(midTwice, 2) : Math.floorDiv(midTwice + 1, 2);
        return Math.max(1, buy ? anchor - away : anchor + away);
    }

    private void updateMid()
    {
        final long tick = flow.tickSize();
        final long bid = book.bestBid();
        final long ask = book.bestAsk();
        final boolean hasBid = bid != Long.MIN_VALUE;
        final boolean hasAsk = ask != Long.MAX_VALUE;
        if (hasBid && hasAsk)
        {
            midTwice = bid / tick + ask / tick;
        }
        else if (hasBid)
        {
            midTwice = Math.max(midTwice, 2 * (bid / tick) + 1);
        }
        else if (hasAsk)
        {
            midTwice = Math.min(midTwice, 2 * (ask / tick) - 1);
        }
    }

    private void notePrice(final long priceTicks)
    {
        minTick = Math.min(minTick, priceTicks);
        maxTick = Math.max(maxTick, priceTicks);
    }

    /**
     * The generator's view of the live orders: fed by the engine's trades, and by the generator after each command.
     */
    private static final class Tracker implements MatchingListener
    {
        final long[] liveIds;
        int liveCount;
        long trades;
        private final Long2LongHashMap positions = new Long2LongHashMap(-1);
        private final Long2ObjectHashMap<long[]> orders = new Long2ObjectHashMap<>();

        Tracker(final int capacity)
        {
            liveIds = new long[capacity];
        }

        void add(
            final long orderId, final boolean buy, final long account, final long price, final long quantity,
            final long leaves)
        {
            check(liveCount < liveIds.length, "live order capacity");
            positions.put(orderId, liveCount);
            liveIds[liveCount++] = orderId;
            orders.put(orderId, new long[] { buy ? 1 : 0, account, price, quantity, leaves });
        }

        void update(final long orderId, final long price, final long quantity, final long leaves)
        {
            final long[] order = orders.get(orderId);
            order[2] = price;
            order[3] = quantity;
            order[4] = leaves;
        }

        void remove(final long orderId)
        {
            final int position = (int)positions.remove(orderId);
            check(position >= 0, "live order " + orderId);
            final long last = liveIds[--liveCount];
            liveIds[position] = last;
            if (last != orderId)
            {
                positions.put(last, position);
            }
            orders.remove(orderId);
        }

        boolean buy(final long orderId)
        {
            return orders.get(orderId)[0] == 1;
        }

        long account(final long orderId)
        {
            return orders.get(orderId)[1];
        }

        long price(final long orderId)
        {
            return orders.get(orderId)[2];
        }

        long quantity(final long orderId)
        {
            return orders.get(orderId)[3];
        }

        long leaves(final long orderId)
        {
            return orders.get(orderId)[4];
        }

        void check(final boolean condition, final String what)
        {
            if (!condition)
            {
                throw new IllegalStateException("book flow generator out of step with the engine: " + what);
            }
        }

        public void onAccepted(
            final long orderId, final long account, final long symbol, final Side side, final long price,
            final long quantity)
        {
        }

        public void onRejected(final long orderId, final RejectReason reason)
        {
            check(false, "order " + orderId + " rejected " + reason);
        }

        public void onTrade(
            final long symbol, final long price, final long quantity, final long aggressorOrderId,
            final long aggressorLeavesQty, final long restingOrderId, final long restingLeavesQty)
        {
            trades++;
            if (restingLeavesQty == 0)
            {
                remove(restingOrderId);
            }
            else
            {
                orders.get(restingOrderId)[4] = restingLeavesQty;
            }
        }

        public void onCancelled(final long orderId, final long cancelledQuantity, final boolean selfTradePrevention)
        {
        }

        public void onExpired(final long orderId, final long expiredQuantity)
        {
        }

        public void onReplaced(
            final long orderId, final long newPrice, final long newQuantity, final long leavesQuantity)
        {
        }

        public void onCancelRejected(final long orderId, final RejectReason reason)
        {
            check(false, "cancel of " + orderId + " rejected " + reason);
        }

        public void onReplaceRejected(final long orderId, final RejectReason reason)
        {
            check(false, "replace of " + orderId + " rejected " + reason);
        }
    }
}
