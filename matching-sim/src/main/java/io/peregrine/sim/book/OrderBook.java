package io.peregrine.sim.book;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sim.engine.MatchingListener;

/**
 * The limit order book of one instrument: price-time priority matching of LIMIT (DAY/GTC rest, IOC/FOK do not) and
 * MARKET orders, cancel and replace, with tick and lot validation and optional self-trade prevention.
 * <p>
 * Rules:
 * <ul>
 *     <li>Incoming orders sweep the opposite side best price first, oldest order first within a price, and never
 *     beyond their limit (no trade-through). Every trade is at the resting order's price.</li>
 *     <li>A MARKET order and the remainder of an IOC order expire instead of resting. A FOK order trades completely
 *     at once or expires without trading.</li>
 *     <li>A replace that keeps the price and does not raise the quantity keeps time priority; any other replace
 *     moves the order to the back of its (new) level and, if now marketable, matches as an incoming order.</li>
 *     <li>Self-trade prevention (when on): an incoming order whose next match would be against a resting order of
 *     the same account has its remainder cancelled (cancel-newest); the resting order is untouched. A FOK order
 *     only counts the liquidity it can reach before such a resting order.</li>
 *     <li>Capacity: a LIMIT DAY/GTC order is rejected with ORDER_CAPACITY_EXHAUSTED, before matching, when the book
 *     already holds its maximum number of resting orders. IOC, FOK and MARKET orders never rest and are always
 *     accepted.</li>
 * </ul>
 * Single-threaded and not thread-safe: every method runs on the matching thread. Allocation free after
 * construction. All outcomes are reported synchronously to the {@link MatchingListener}; a callback must not call
 * back into the book.
 */
public final class OrderBook
{
    /**
     * Largest accepted order quantity (2^35, about 34 billion): with at most 2^27 resting orders, sums of quantities
     * (a level's total, the liquidity a FOK can reach) cannot overflow a long.
     */
    public static final long MAX_QUANTITY = 1L << 35;

    private final long symbol;
    private final long tickSize;
    private final long lotSize;
    private final int bookId;
    private final boolean selfTradePrevention;
    private final MatchingListener listener;
    private final OrderIndex index;
    private final OrderStore orders;
    private final LevelStore levels;
    private final BookSide bids;
    private final BookSide asks;

    private boolean stoppedBySelfTrade;

    /**
     * Creates a book that shares an {@link OrderIndex} with other books (as {@code MatchingEngine} does). Allocates
     * its whole capacity up front and reserves room for it in {@code index}.
     *
     * @param bookId              id of this book in {@code index}, unique among the books sharing it.
     * @param symbol              packed symbol, reported in events.
     * @param tickSize            price increment (fixed point, > 0); limit prices must be multiples of it.
     * @param lotSize             quantity increment (> 0); quantities must be multiples of it.
     * @param capacity            maximum number of resting orders.
     * @param selfTradePrevention whether an order may not trade with a resting order of its own account.
     * @param listener            receives every outcome.
     * @param index               order id index shared by the books of one engine.
     */
    public OrderBook(
        final int bookId,
        final long symbol,
        final long tickSize,
        final long lotSize,
        final int capacity,
        final boolean selfTradePrevention,
        final MatchingListener listener,
        final OrderIndex index)
    {
        if (tickSize <= 0 || lotSize <= 0)
        {
            throw new IllegalArgumentException("tickSize and lotSize must be > 0: " + tickSize + ", " + lotSize);
        }
        if (capacity <= 0 || capacity > (1 << 27))
        {
            throw new IllegalArgumentException("capacity must be in 1..2^27: " + capacity);
        }
        this.bookId = bookId;
        this.symbol = symbol;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.selfTradePrevention = selfTradePrevention;
        this.listener = listener;
        this.index = index;
        index.reserve(capacity);
        orders = new OrderStore(capacity);
        levels = new LevelStore(capacity);
        bids = new BookSide(true, tickSize, capacity);
        asks = new BookSide(false, tickSize, capacity);
    }

    /**
     * Creates a stand-alone book with its own order index.
     *
     * @param symbol              packed symbol, reported in events.
     * @param tickSize            price increment (fixed point, > 0).
     * @param lotSize             quantity increment (> 0).
     * @param capacity            maximum number of resting orders.
     * @param selfTradePrevention whether an order may not trade with a resting order of its own account.
     * @param listener            receives every outcome.
     */
    public OrderBook(
        final long symbol,
        final long tickSize,
        final long lotSize,
        final int capacity,
        final boolean selfTradePrevention,
        final MatchingListener listener)
    {
        this(0, symbol, tickSize, lotSize, capacity, selfTradePrevention, listener, new OrderIndex());
    }

    /**
     * Validates, matches and, for a LIMIT DAY/GTC remainder, rests an order. Reports {@code onRejected}, or
     * {@code onAccepted} followed by any trades and a final {@code onExpired}/{@code onCancelled} for a remainder
     * that does not rest.
     *
     * @param orderId  venue order id, unique across every book sharing the index, assigned by the caller.
     * @param account  packed account.
     * @param side     BUY or SELL.
     * @param ordType  LIMIT or MARKET.
     * @param tif      DAY, GTC, IOC or FOK.
     * @param price    limit price (fixed point); ignored for MARKET.
     * @param quantity total quantity.
     */
    public void submit(
        final long orderId,
        final long account,
        final Side side,
        final OrdType ordType,
        final TimeInForce tif,
        final long price,
        final long quantity)
    {
        final RejectReason reason = validate(side, ordType, tif, price, quantity);
        if (reason != RejectReason.NONE)
        {
            listener.onRejected(orderId, reason);
            return;
        }

        final boolean buy = side == Side.BUY;
        final boolean market = ordType == OrdType.MARKET;
        final long limit = market ? (buy ? Long.MAX_VALUE : Long.MIN_VALUE) : price;
        listener.onAccepted(orderId, account, symbol, side, market ? 0 : price, quantity);

        if (tif == TimeInForce.FOK && !canFillCompletely(buy, limit, account, quantity))
        {
            listener.onExpired(orderId, quantity);
            return;
        }

        final long remaining = match(orderId, account, buy, limit, quantity);
        if (stoppedBySelfTrade)
        {
            listener.onCancelled(orderId, remaining, true);
        }
        else if (remaining > 0)
        {
            if (market || tif == TimeInForce.IOC || tif == TimeInForce.FOK)
            {
                listener.onExpired(orderId, remaining);
            }
            else
            {
                // Cannot fail: validate() checked for a free slot and matching only frees slots.
                final int slot = orders.allocate();
                orders.set(slot, orderId, account, price, quantity, remaining);
                link(slot, buy, price, remaining);
                index.put(orderId, bookId, slot);
            }
        }
    }

    /**
     * Cancels a resting order: {@code onCancelled(orderId, leaves, false)}, or {@code onCancelRejected} with
     * UNKNOWN_ORDER if the order is not resting in this book.
     *
     * @param orderId venue order id.
     */
    public void cancel(final long orderId)
    {
        // Remove first: one probe of the index instead of a lookup then a removal.
        final long entry = index.remove(orderId);
        if (entry == OrderIndex.MISSING || OrderIndex.bookId(entry) != bookId)
        {
            if (entry != OrderIndex.MISSING)
            {
                index.put(orderId, OrderIndex.bookId(entry), OrderIndex.slot(entry)); // another book's order
            }
            listener.onCancelRejected(orderId, RejectReason.UNKNOWN_ORDER);
            return;
        }

        final int slot = OrderIndex.slot(entry);
        final long leaves = orders.leaves(slot);
        unlink(slot);
        orders.free(slot);
        listener.onCancelled(orderId, leaves, false);
    }

    /**
     * Replaces the price and total quantity of a resting order. Reports {@code onReplaceRejected}, or
     * {@code onReplaced} followed by any trades if the new price is marketable (and {@code onCancelled(.., true)}
     * if self-trade prevention stops it).
     *
     * @param orderId     venue order id.
     * @param newPrice    new limit price (fixed point).
     * @param newQuantity new total quantity, including what was already filled; must exceed the filled quantity.
     */
    public void replace(final long orderId, final long newPrice, final long newQuantity)
    {
        final int slot = restingSlot(orderId);
        final RejectReason reason = validateReplace(slot, newPrice, newQuantity);
        if (reason != RejectReason.NONE)
        {
            listener.onReplaceRejected(orderId, reason);
            return;
        }

        final long quantity = orders.quantity(slot);
        final long leaves = orders.leaves(slot);
        final long newLeaves = newQuantity - (quantity - leaves);
        final long price = orders.price(slot);
        final int level = orders.level(slot);

        if (newPrice == price && newQuantity <= quantity)
        {
            orders.quantity(slot, newQuantity);
            orders.leaves(slot, newLeaves);
            levels.addQuantity(level, newLeaves - leaves);
            listener.onReplaced(orderId, newPrice, newQuantity, newLeaves);
            return;
        }

        final boolean buy = levels.side(level) == LevelStore.BUY;
        unlink(slot);
        orders.price(slot, newPrice);
        orders.quantity(slot, newQuantity);
        orders.leaves(slot, newLeaves);
        if (!isMarketable(buy, newPrice))
        {
            link(slot, buy, newPrice, newLeaves);
            listener.onReplaced(orderId, newPrice, newQuantity, newLeaves);
            return;
        }

        // While it matches, the order is an aggressor, not a resting order: it leaves the index until it rests again.
        index.remove(orderId);
        listener.onReplaced(orderId, newPrice, newQuantity, newLeaves);
        final long remaining = match(orderId, orders.account(slot), buy, newPrice, newLeaves);
        if (stoppedBySelfTrade || remaining == 0)
        {
            orders.free(slot);
            if (stoppedBySelfTrade)
            {
                listener.onCancelled(orderId, remaining, true);
            }
        }
        else
        {
            orders.leaves(slot, remaining);
            link(slot, buy, newPrice, remaining);
            index.put(orderId, bookId, slot);
        }
    }

    /**
     * @return the best bid price, or {@link Long#MIN_VALUE} if there is none.
     */
    public long bestBid()
    {
        final int level = bids.best();
        return level == BookSide.NONE ? Long.MIN_VALUE : levels.price(level);
    }

    /**
     * @return the best ask price, or {@link Long#MAX_VALUE} if there is none.
     */
    public long bestAsk()
    {
        final int level = asks.best();
        return level == BookSide.NONE ? Long.MAX_VALUE : levels.price(level);
    }

    /**
     * @param orderId venue order id.
     * @return the leaves quantity of the order if it rests in this book, else 0.
     */
    public long restingQuantity(final long orderId)
    {
        final int slot = restingSlot(orderId);
        return slot == OrderStore.NONE ? 0 : orders.leaves(slot);
    }

    /**
     * @param orderId venue order id.
     * @return the limit price of the order if it rests in this book, else 0.
     */
    public long restingPrice(final long orderId)
    {
        final int slot = restingSlot(orderId);
        return slot == OrderStore.NONE ? 0 : orders.price(slot);
    }

    /**
     * @param side BUY or SELL.
     * @return number of price levels on that side.
     */
    public int levelCount(final Side side)
    {
        return sideOf(side).levelCount();
    }

    /**
     * @param side  BUY or SELL.
     * @param depth 0 for the best level, less than {@link #levelCount(Side)}; the side is walked from its best
     *              level, so the cost grows with the depth (walk a whole side with {@link #visit(BookVisitor)}).
     * @return price of the level.
     */
    public long levelPrice(final Side side, final int depth)
    {
        return levels.price(sideOf(side).levelAt(depth, levels));
    }

    /**
     * @param side  BUY or SELL.
     * @param depth 0 for the best level, less than {@link #levelCount(Side)}; the side is walked from its best
     *              level, so the cost grows with the depth (walk a whole side with {@link #visit(BookVisitor)}).
     * @return total leaves quantity at the level.
     */
    public long levelQuantity(final Side side, final int depth)
    {
        return levels.quantity(sideOf(side).levelAt(depth, levels));
    }

    /**
     * @param side  BUY or SELL.
     * @param depth 0 for the best level, less than {@link #levelCount(Side)}; the side is walked from its best
     *              level, so the cost grows with the depth (walk a whole side with {@link #visit(BookVisitor)}).
     * @return number of orders at the level.
     */
    public int levelOrderCount(final Side side, final int depth)
    {
        return levels.orderCount(sideOf(side).levelAt(depth, levels));
    }

    /**
     * @return number of resting orders.
     */
    public int orderCount()
    {
        return orders.size();
    }

    /**
     * @return maximum number of resting orders.
     */
    public int capacity()
    {
        return orders.capacity();
    }

    /**
     * @return the packed symbol.
     */
    public long symbol()
    {
        return symbol;
    }

    /**
     * @return price increment (fixed point).
     */
    public long tickSize()
    {
        return tickSize;
    }

    /**
     * @return quantity increment.
     */
    public long lotSize()
    {
        return lotSize;
    }

    /**
     * Walks all resting levels and orders: bids best first, then asks best first, orders in time priority.
     *
     * @param visitor receives each level and its orders.
     */
    public void visit(final BookVisitor visitor)
    {
        visitSide(bids, Side.BUY, visitor);
        visitSide(asks, Side.SELL, visitor);
    }

    private void visitSide(final BookSide bookSide, final Side side, final BookVisitor visitor)
    {
        for (int level = bookSide.best(); level != BookSide.NONE; level = bookSide.after(levels.price(level)))
        {
            visitor.onLevel(side, levels.price(level), levels.quantity(level), levels.orderCount(level));
            for (int slot = levels.head(level); slot != OrderStore.NONE; slot = orders.next(slot))
            {
                visitor.onOrder(orders.orderId(slot), orders.account(slot), orders.leaves(slot), orders.quantity(slot));
            }
        }
    }

    private RejectReason validate(
        final Side side, final OrdType ordType, final TimeInForce tif, final long price, final long quantity)
    {
        if (side != Side.BUY && side != Side.SELL)
        {
            return RejectReason.INVALID_ENUM_VALUE;
        }
        if ((ordType != OrdType.LIMIT && ordType != OrdType.MARKET) ||
            (tif != TimeInForce.DAY && tif != TimeInForce.GTC && tif != TimeInForce.IOC && tif != TimeInForce.FOK))
        {
            return RejectReason.UNSUPPORTED_ORDER_TYPE;
        }
        final RejectReason quantityReason = validateQuantity(quantity);
        if (quantityReason != RejectReason.NONE)
        {
            return quantityReason;
        }
        if (ordType == OrdType.LIMIT)
        {
            final RejectReason priceReason = validatePrice(price);
            if (priceReason != RejectReason.NONE)
            {
                return priceReason;
            }
            if ((tif == TimeInForce.DAY || tif == TimeInForce.GTC) && orders.isFull())
            {
                return RejectReason.ORDER_CAPACITY_EXHAUSTED;
            }
        }
        return RejectReason.NONE;
    }

    private RejectReason validateReplace(final int slot, final long newPrice, final long newQuantity)
    {
        if (slot == OrderStore.NONE)
        {
            return RejectReason.UNKNOWN_ORDER;
        }
        final RejectReason quantityReason = validateQuantity(newQuantity);
        if (quantityReason != RejectReason.NONE)
        {
            return quantityReason;
        }
        final RejectReason priceReason = validatePrice(newPrice);
        if (priceReason != RejectReason.NONE)
        {
            return priceReason;
        }
        if (newQuantity <= orders.quantity(slot) - orders.leaves(slot))
        {
            return RejectReason.INVALID_REPLACE;
        }
        return RejectReason.NONE;
    }

    /** The quantity rules of a new order and of a replace: positive, at most {@code MAX_QUANTITY}, whole lots. */
    private RejectReason validateQuantity(final long quantity)
    {
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity > MAX_QUANTITY)
        {
            return RejectReason.QUANTITY_ABOVE_MAX;
        }
        if (quantity % lotSize != 0)
        {
            return RejectReason.LOT_SIZE_VIOLATION;
        }
        return RejectReason.NONE;
    }

    /** The price rules of a limit order and of a replace: positive, whole ticks. */
    private RejectReason validatePrice(final long price)
    {
        if (price <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (price % tickSize != 0)
        {
            return RejectReason.TICK_SIZE_VIOLATION;
        }
        return RejectReason.NONE;
    }

    private int restingSlot(final long orderId)
    {
        final long entry = index.entry(orderId);
        return entry == OrderIndex.MISSING || OrderIndex.bookId(entry) != bookId ?
            OrderStore.NONE : OrderIndex.slot(entry);
    }

    private BookSide sideOf(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }

    private boolean isMarketable(final boolean buy, final long limit)
    {
        final int best = (buy ? asks : bids).best();
        if (best == BookSide.NONE)
        {
            return false;
        }
        final long bestPrice = levels.price(best);
        return buy ? bestPrice <= limit : bestPrice >= limit;
    }

    /**
     * Whether {@code quantity} can trade right now within {@code limit}, counting with self-trade prevention only
     * the liquidity ahead of the first resting order of {@code account}.
     */
    private boolean canFillCompletely(final boolean buy, final long limit, final long account, final long quantity)
    {
        final BookSide opposite = buy ? asks : bids;
        long available = 0;
        for (int level = opposite.best(); level != BookSide.NONE; level = opposite.after(levels.price(level)))
        {
            final long levelPrice = levels.price(level);
            if (buy ? levelPrice > limit : levelPrice < limit)
            {
                return false;
            }
            if (!selfTradePrevention)
            {
                available += levels.quantity(level);
                if (available >= quantity)
                {
                    return true;
                }
            }
            else
            {
                for (int slot = levels.head(level); slot != OrderStore.NONE; slot = orders.next(slot))
                {
                    if (orders.account(slot) == account)
                    {
                        return false;
                    }
                    available += orders.leaves(slot);
                    if (available >= quantity)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Matches an incoming (or replaced, already unlinked) order against the opposite side.
     *
     * @return the quantity left unmatched; {@link #stoppedBySelfTrade} says whether self-trade prevention stopped it.
     */
    private long match(final long orderId, final long account, final boolean buy, final long limit, final long quantity)
    {
        final BookSide opposite = buy ? asks : bids;
        final boolean checkSelfTrade = selfTradePrevention;
        long remaining = quantity;
        stoppedBySelfTrade = false;

        while (remaining > 0)
        {
            final int level = opposite.best();
            if (level == BookSide.NONE)
            {
                break;
            }
            final long levelPrice = levels.price(level);
            if (buy ? levelPrice > limit : levelPrice < limit)
            {
                break;
            }

            final int slot = levels.head(level);
            if (checkSelfTrade && orders.account(slot) == account)
            {
                stoppedBySelfTrade = true;
                break;
            }

            final long restingId = orders.orderId(slot);
            final long restingLeaves = orders.leaves(slot);
            final long fill = Math.min(remaining, restingLeaves);
            final long restingLeft = restingLeaves - fill;
            remaining -= fill;

            if (restingLeft == 0)
            {
                unlinkHead(opposite, level, slot, fill);
                index.remove(restingId);
                orders.free(slot);
            }
            else
            {
                orders.leaves(slot, restingLeft);
                levels.addQuantity(level, -fill);
            }

            listener.onTrade(symbol, levelPrice, fill, orderId, remaining, restingId, restingLeft);
        }

        return remaining;
    }

    /**
     * Appends a slot whose fields are set at the back of the level at {@code price}, creating the level if needed.
     */
    private void link(final int slot, final boolean buy, final long price, final long leaves)
    {
        final BookSide bookSide = buy ? bids : asks;
        int level = bookSide.find(price);
        if (level == BookSide.NONE)
        {
            level = levels.allocate(price, buy ? LevelStore.BUY : LevelStore.SELL);
            bookSide.insert(price, level);
        }

        final int tail = levels.tail(level);
        orders.prev(slot, tail);
        orders.next(slot, OrderStore.NONE);
        orders.level(slot, level);
        if (tail == OrderStore.NONE)
        {
            levels.head(level, slot);
        }
        else
        {
            orders.next(tail, slot);
        }
        levels.tail(level, slot);
        levels.addQuantity(level, leaves);
        levels.addOrderCount(level, 1);
    }

    /**
     * Removes a slot from its level, and the level from its side if it becomes empty. The slot stays allocated.
     */
    private void unlink(final int slot)
    {
        final int level = orders.level(slot);
        final int prev = orders.prev(slot);
        final int next = orders.next(slot);
        if (prev == OrderStore.NONE)
        {
            levels.head(level, next);
        }
        else
        {
            orders.next(prev, next);
        }
        if (next == OrderStore.NONE)
        {
            levels.tail(level, prev);
        }
        else
        {
            orders.prev(next, prev);
        }
        levels.addQuantity(level, -orders.leaves(slot));
        levels.addOrderCount(level, -1);

        if (levels.head(level) == OrderStore.NONE)
        {
            final BookSide bookSide = levels.side(level) == LevelStore.BUY ? bids : asks;
            bookSide.remove(levels.price(level));
            levels.free(level);
        }
    }

    /**
     * Removes the filled head order of the best level of {@code bookSide}, and the level if it becomes empty.
     */
    private void unlinkHead(final BookSide bookSide, final int level, final int slot, final long fill)
    {
        final int next = orders.next(slot);
        if (next == OrderStore.NONE)
        {
            bookSide.removeBest();
            levels.free(level);
        }
        else
        {
            orders.prev(next, OrderStore.NONE);
            levels.head(level, next);
            levels.addQuantity(level, -fill);
            levels.addOrderCount(level, -1);
        }
    }
}
