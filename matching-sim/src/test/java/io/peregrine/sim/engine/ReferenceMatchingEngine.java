package io.peregrine.sim.engine;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The obviously-correct model the fast engine is checked against: each book is a plain list of resting orders,
 * and every match sorts the opposite side by price then arrival. Slow on purpose; no shared code with the engine.
 */
final class ReferenceMatchingEngine
{
    private static final class Order
    {
        long id;
        long account;
        Side side;
        long price;
        long quantity;
        long leaves;
        long arrival;
    }

    private static final class Book
    {
        final long symbol;
        final long tickSize;
        final long lotSize;
        final List<Order> orders = new ArrayList<>();

        Book(final long symbol, final long tickSize, final long lotSize)
        {
            this.symbol = symbol;
            this.tickSize = tickSize;
            this.lotSize = lotSize;
        }
    }

    private final List<String> events;
    private final boolean selfTradePrevention;
    private final int maxOrdersPerBook;
    private final Map<Long, Book> booksBySymbol = new HashMap<>();
    private final Map<Long, Book> bookByOrderId = new HashMap<>();
    private long lastOrderId;
    private long arrivals;

    ReferenceMatchingEngine(final List<String> events, final boolean selfTradePrevention, final int maxOrdersPerBook)
    {
        this.events = events;
        this.selfTradePrevention = selfTradePrevention;
        this.maxOrdersPerBook = maxOrdersPerBook;
    }

    void addInstrument(final long symbol, final long tickSize, final long lotSize)
    {
        booksBySymbol.put(symbol, new Book(symbol, tickSize, lotSize));
    }

    long submit(final long account, final long symbol, final Side side, final OrdType ordType,
        final TimeInForce tif, final long price, final long quantity)
    {
        final long id = ++lastOrderId;
        final Book book = booksBySymbol.get(symbol);
        final RejectReason reason = book == null ?
            RejectReason.UNKNOWN_INSTRUMENT : validateNew(book, side, ordType, tif, price, quantity);
        if (reason != null)
        {
            events.add(RecordingListener.rejected(id, reason));
            return id;
        }

        final boolean market = ordType == OrdType.MARKET;
        events.add(RecordingListener.accepted(id, account, symbol, side, market ? 0 : price, quantity));

        final Order order = new Order();
        order.id = id;
        order.account = account;
        order.side = side;
        order.price = price;
        order.quantity = quantity;
        order.leaves = quantity;

        if (tif == TimeInForce.FOK && reachableQuantity(book, order, market) < quantity)
        {
            events.add(RecordingListener.expired(id, quantity));
            return id;
        }

        final boolean stopped = match(book, order, market);
        if (stopped)
        {
            events.add(RecordingListener.cancelled(id, order.leaves, true));
        }
        else if (order.leaves > 0)
        {
            if (market || tif == TimeInForce.IOC || tif == TimeInForce.FOK)
            {
                events.add(RecordingListener.expired(id, order.leaves));
            }
            else
            {
                rest(book, order);
            }
        }
        return id;
    }

    void cancel(final long orderId)
    {
        final Order order = find(orderId);
        if (order == null)
        {
            events.add(RecordingListener.cancelRejected(orderId, RejectReason.UNKNOWN_ORDER));
            return;
        }
        remove(order);
        events.add(RecordingListener.cancelled(orderId, order.leaves, false));
    }

    void replace(final long orderId, final long newPrice, final long newQuantity)
    {
        final Order order = find(orderId);
        final RejectReason reason = order == null ?
            RejectReason.UNKNOWN_ORDER : validateReplace(bookByOrderId.get(orderId), order, newPrice, newQuantity);
        if (reason != null)
        {
            events.add(RecordingListener.replaceRejected(orderId, reason));
            return;
        }

        final Book book = bookByOrderId.get(orderId);
        final long filled = order.quantity - order.leaves;
        final boolean keepsPriority = newPrice == order.price && newQuantity <= order.quantity;
        order.price = newPrice;
        order.quantity = newQuantity;
        order.leaves = newQuantity - filled;
        events.add(RecordingListener.replaced(orderId, newPrice, newQuantity, order.leaves));
        if (keepsPriority)
        {
            return;
        }

        remove(order);
        final boolean stopped = match(book, order, false);
        if (stopped)
        {
            events.add(RecordingListener.cancelled(orderId, order.leaves, true));
        }
        else if (order.leaves > 0)
        {
            rest(book, order);
        }
    }

    long bestBid(final long symbol)
    {
        return best(symbol, Side.BUY, Long.MIN_VALUE);
    }

    long bestAsk(final long symbol)
    {
        return best(symbol, Side.SELL, Long.MAX_VALUE);
    }

    /** @return the best price of one side: the highest bid or the lowest ask, {@code none} for an empty side. */
    private long best(final long symbol, final Side side, final long none)
    {
        final Book book = booksBySymbol.get(symbol);
        long best = none;
        if (book != null)
        {
            for (final Order order : book.orders)
            {
                if (order.side == side)
                {
                    best = side == Side.BUY ? Math.max(best, order.price) : Math.min(best, order.price);
                }
            }
        }
        return best;
    }

    long restingQuantity(final long orderId)
    {
        final Order order = find(orderId);
        return order == null ? 0 : order.leaves;
    }

    /**
     * Same format as {@link BookSnapshot}: levels best first, bids then asks, orders by arrival.
     */
    List<String> snapshot(final long symbol)
    {
        final List<String> lines = new ArrayList<>();
        final Book book = booksBySymbol.get(symbol);
        for (final Side side : new Side[]{ Side.BUY, Side.SELL })
        {
            final List<Order> sorted = new ArrayList<>();
            for (final Order order : book.orders)
            {
                if (order.side == side)
                {
                    sorted.add(order);
                }
            }
            sorted.sort(priority(side));
            int i = 0;
            while (i < sorted.size())
            {
                final long price = sorted.get(i).price;
                final List<Order> level = new ArrayList<>();
                while (i < sorted.size() && sorted.get(i).price == price)
                {
                    level.add(sorted.get(i++));
                }
                final long quantity = level.stream().mapToLong(o -> o.leaves).sum();
                lines.add(BookSnapshot.level(side, price, quantity, level.size()));
                for (final Order order : level)
                {
                    lines.add(BookSnapshot.order(order.id, order.account, order.leaves, order.quantity));
                }
            }
        }
        return lines;
    }

    private RejectReason validateNew(final Book book, final Side side, final OrdType ordType,
        final TimeInForce tif, final long price, final long quantity)
    {
        if (side != Side.BUY && side != Side.SELL)
        {
            return RejectReason.INVALID_ENUM_VALUE;
        }
        if (ordType != OrdType.LIMIT && ordType != OrdType.MARKET)
        {
            return RejectReason.UNSUPPORTED_ORDER_TYPE;
        }
        if (tif != TimeInForce.DAY && tif != TimeInForce.GTC && tif != TimeInForce.IOC && tif != TimeInForce.FOK)
        {
            return RejectReason.UNSUPPORTED_ORDER_TYPE;
        }
        final RejectReason badQuantity = quantityReject(book, quantity);
        if (null != badQuantity)
        {
            return badQuantity;
        }
        if (ordType == OrdType.LIMIT)
        {
            final RejectReason badPrice = priceReject(book, price);
            if (null != badPrice)
            {
                return badPrice;
            }
            final boolean mayRest = tif == TimeInForce.DAY || tif == TimeInForce.GTC;
            if (mayRest && book.orders.size() >= maxOrdersPerBook)
            {
                return RejectReason.ORDER_CAPACITY_EXHAUSTED;
            }
        }
        return null;
    }

    private static RejectReason validateReplace(final Book book, final Order order, final long newPrice,
        final long newQuantity)
    {
        final RejectReason badQuantity = quantityReject(book, newQuantity);
        if (null != badQuantity)
        {
            return badQuantity;
        }
        final RejectReason badPrice = priceReject(book, newPrice);
        if (null != badPrice)
        {
            return badPrice;
        }
        if (newQuantity <= order.quantity - order.leaves)
        {
            return RejectReason.INVALID_REPLACE;
        }
        return null;
    }

    /** The quantity rules of a new order and of a replace, in the engine's order; null when the quantity is fine. */
    private static RejectReason quantityReject(final Book book, final long quantity)
    {
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity > 34_359_738_368L)
        {
            return RejectReason.QUANTITY_ABOVE_MAX;
        }
        if (quantity % book.lotSize != 0)
        {
            return RejectReason.LOT_SIZE_VIOLATION;
        }
        return null;
    }

    /** The limit-price rules of a new order and of a replace; null when the price is fine. */
    private static RejectReason priceReject(final Book book, final long price)
    {
        if (price <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (price % book.tickSize != 0)
        {
            return RejectReason.TICK_SIZE_VIOLATION;
        }
        return null;
    }

    /**
     * Resting orders the incoming order may trade with, in the order it would trade with them.
     */
    private static List<Order> crossingOrders(final Book book, final Order incoming, final boolean market)
    {
        final Side opposite = incoming.side == Side.BUY ? Side.SELL : Side.BUY;
        final List<Order> crossing = new ArrayList<>();
        for (final Order order : book.orders)
        {
            if (order.side == opposite && (market || crosses(incoming, order)))
            {
                crossing.add(order);
            }
        }
        crossing.sort(priority(opposite));
        return crossing;
    }

    private static boolean crosses(final Order incoming, final Order resting)
    {
        return incoming.side == Side.BUY ? resting.price <= incoming.price : resting.price >= incoming.price;
    }

    private long reachableQuantity(final Book book, final Order incoming, final boolean market)
    {
        long reachable = 0;
        for (final Order resting : crossingOrders(book, incoming, market))
        {
            if (selfTradePrevention && resting.account == incoming.account)
            {
                break;
            }
            reachable += resting.leaves;
        }
        return reachable;
    }

    /**
     * @return true if self-trade prevention stopped the order.
     */
    private boolean match(final Book book, final Order incoming, final boolean market)
    {
        for (final Order resting : crossingOrders(book, incoming, market))
        {
            if (incoming.leaves == 0)
            {
                break;
            }
            if (selfTradePrevention && resting.account == incoming.account)
            {
                return true;
            }
            final long fill = Math.min(incoming.leaves, resting.leaves);
            incoming.leaves -= fill;
            resting.leaves -= fill;
            if (resting.leaves == 0)
            {
                remove(resting);
            }
            events.add(RecordingListener.trade(book.symbol, resting.price, fill, incoming.id, incoming.leaves,
                resting.id, resting.leaves));
        }
        return false;
    }

    private void rest(final Book book, final Order order)
    {
        order.arrival = ++arrivals;
        book.orders.add(order);
        bookByOrderId.put(order.id, book);
    }

    private void remove(final Order order)
    {
        final Book book = bookByOrderId.remove(order.id);
        book.orders.remove(order);
    }

    private Order find(final long orderId)
    {
        final Book book = bookByOrderId.get(orderId);
        if (book != null)
        {
            for (final Order order : book.orders)
            {
                if (order.id == orderId)
                {
                    return order;
                }
            }
        }
        return null;
    }

    private static Comparator<Order> priority(final Side side)
    {
        final Comparator<Order> byPrice = Comparator.comparingLong(o -> o.price);
        return (side == Side.BUY ? byPrice.reversed() : byPrice).thenComparingLong(o -> o.arrival);
    }
}
