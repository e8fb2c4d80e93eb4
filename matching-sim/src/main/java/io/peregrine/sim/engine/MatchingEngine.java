package io.peregrine.sim.engine;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sim.book.OrderBook;
import io.peregrine.sim.book.OrderIndex;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * A multi-instrument matching engine: one {@link OrderBook} per instrument (price-time priority, see its rules),
 * venue order ids assigned here, cancels and replaces routed by order id.
 * <p>
 * Single-threaded and not thread-safe: construct it, add instruments and call it from one thread (or hand it over
 * with a happens-before edge). {@link #addInstrument} allocates the book's whole capacity up front; after that
 * {@link #submit}, {@link #cancel}, {@link #replace} and the queries allocate nothing. Every outcome arrives
 * synchronously on the {@link MatchingListener} before the call returns; business outcomes never throw.
 */
public final class MatchingEngine
{
    private final MatchingListener listener;
    private final boolean selfTradePrevention;
    private final int maxOrdersPerBook;
    private final OrderIndex index;
    private final Long2ObjectHashMap<OrderBook> booksBySymbol = new Long2ObjectHashMap<>();
    private OrderBook[] books = new OrderBook[0];
    private long lastOrderId;

    /**
     * @param listener            receives every outcome, on the calling thread.
     * @param selfTradePrevention when true an incoming order never trades with a resting order of its own account:
     *                            its remainder is cancelled instead ({@code onCancelled(.., true)}).
     * @param maxOrdersPerBook    maximum resting orders per instrument; a full book rejects new resting orders with
     *                            ORDER_CAPACITY_EXHAUSTED. Memory is about 200 bytes per order per instrument.
     */
    public MatchingEngine(
        final MatchingListener listener, final boolean selfTradePrevention, final int maxOrdersPerBook)
    {
        if (listener == null)
        {
            throw new NullPointerException("listener");
        }
        if (maxOrdersPerBook <= 0)
        {
            throw new IllegalArgumentException("maxOrdersPerBook must be > 0: " + maxOrdersPerBook);
        }
        this.listener = listener;
        this.selfTradePrevention = selfTradePrevention;
        this.maxOrdersPerBook = maxOrdersPerBook;
        index = new OrderIndex();
    }

    /**
     * Adds an empty book for an instrument. Allocates (set-up time only).
     *
     * @param symbol   packed symbol ({@code PackedAscii.pack("AAPL")}).
     * @param tickSize price increment, fixed point with 6 decimals (0.01 == 10_000), > 0.
     * @param lotSize  quantity increment, > 0.
     * @throws IllegalArgumentException if the symbol is already added, a size is not positive, or all books together
     *                                  would exceed {@link OrderIndex#MAX_ORDERS} resting orders.
     */
    public void addInstrument(final long symbol, final long tickSize, final long lotSize)
    {
        if (booksBySymbol.containsKey(symbol))
        {
            throw new IllegalArgumentException("instrument already added: " + symbol);
        }
        final int bookId = books.length;
        final OrderBook book = new OrderBook(
            bookId, symbol, tickSize, lotSize, maxOrdersPerBook, selfTradePrevention, listener, index);
        books = Arrays.copyOf(books, bookId + 1);
        books[bookId] = book;
        booksBySymbol.put(symbol, book);
    }

    /**
     * Submits an order. The id is assigned before validation, so a rejected order has one too. Reports
     * {@code onRejected}, or {@code onAccepted} then trades then, for a remainder that does not rest,
     * {@code onExpired} or {@code onCancelled(.., true)}.
     *
     * @param account  packed account.
     * @param symbol   packed symbol; an unknown one is rejected with UNKNOWN_INSTRUMENT.
     * @param side     BUY or SELL.
     * @param ordType  LIMIT or MARKET.
     * @param tif      DAY or GTC (a LIMIT remainder rests), IOC (remainder expires) or FOK (all or nothing).
     * @param price    limit price (fixed point, multiple of the tick); ignored for MARKET.
     * @param quantity total quantity (multiple of the lot).
     * @return the venue order id, > 0.
     */
    public long submit(
        final long account,
        final long symbol,
        final Side side,
        final OrdType ordType,
        final TimeInForce tif,
        final long price,
        final long quantity)
    {
        final long orderId = ++lastOrderId;
        final OrderBook book = booksBySymbol.get(symbol);
        if (book == null)
        {
            listener.onRejected(orderId, RejectReason.UNKNOWN_INSTRUMENT);
        }
        else
        {
            book.submit(orderId, account, side, ordType, tif, price, quantity);
        }
        return orderId;
    }

    /**
     * Cancels a resting order: {@code onCancelled(.., false)} or {@code onCancelRejected(UNKNOWN_ORDER)}.
     *
     * @param orderId venue order id.
     */
    public void cancel(final long orderId)
    {
        final OrderBook book = bookOf(orderId);
        if (book == null)
        {
            listener.onCancelRejected(orderId, RejectReason.UNKNOWN_ORDER);
        }
        else
        {
            book.cancel(orderId);
        }
    }

    /**
     * Replaces a resting order's price and total quantity: {@code onReplaced} (then trades if now marketable) or
     * {@code onReplaceRejected}. Lowering the quantity at the same price keeps time priority; anything else loses it.
     *
     * @param orderId     venue order id.
     * @param newPrice    new limit price (fixed point).
     * @param newQuantity new TOTAL quantity including what was already filled.
     */
    public void replace(final long orderId, final long newPrice, final long newQuantity)
    {
        final OrderBook book = bookOf(orderId);
        if (book == null)
        {
            listener.onReplaceRejected(orderId, RejectReason.UNKNOWN_ORDER);
        }
        else
        {
            book.replace(orderId, newPrice, newQuantity);
        }
    }

    /**
     * @param symbol packed symbol.
     * @return best bid price, or {@link Long#MIN_VALUE} if none (or unknown symbol).
     */
    public long bestBid(final long symbol)
    {
        final OrderBook book = booksBySymbol.get(symbol);
        return book == null ? Long.MIN_VALUE : book.bestBid();
    }

    /**
     * @param symbol packed symbol.
     * @return best ask price, or {@link Long#MAX_VALUE} if none (or unknown symbol).
     */
    public long bestAsk(final long symbol)
    {
        final OrderBook book = booksBySymbol.get(symbol);
        return book == null ? Long.MAX_VALUE : book.bestAsk();
    }

    /**
     * @param orderId venue order id.
     * @return leaves quantity of the order if it is resting, else 0.
     */
    public long restingQuantity(final long orderId)
    {
        final OrderBook book = bookOf(orderId);
        return book == null ? 0 : book.restingQuantity(orderId);
    }

    /**
     * @param orderId venue order id.
     * @return limit price of the order if it is resting, else 0.
     */
    public long restingPrice(final long orderId)
    {
        final OrderBook book = bookOf(orderId);
        return book == null ? 0 : book.restingPrice(orderId);
    }

    /**
     * Read access to one instrument's book, for depth queries ({@link OrderBook#levelPrice} etc.) and
     * {@link OrderBook#visit}. Do not submit to it directly: order ids are assigned by this engine.
     *
     * @param symbol packed symbol.
     * @return the book, or null if the instrument was not added.
     */
    public OrderBook book(final long symbol)
    {
        return booksBySymbol.get(symbol);
    }

    /**
     * @return whether self-trade prevention is on.
     */
    public boolean selfTradePrevention()
    {
        return selfTradePrevention;
    }

    /**
     * @return maximum resting orders per instrument.
     */
    public int maxOrdersPerBook()
    {
        return maxOrdersPerBook;
    }

    /**
     * @return the last order id assigned (0 before the first submit).
     */
    public long lastOrderId()
    {
        return lastOrderId;
    }

    private OrderBook bookOf(final long orderId)
    {
        final long entry = index.entry(orderId);
        return entry == OrderIndex.MISSING ? null : books[OrderIndex.bookId(entry)];
    }
}
