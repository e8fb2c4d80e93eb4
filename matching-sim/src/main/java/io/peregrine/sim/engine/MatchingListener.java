package io.peregrine.sim.engine;

import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;

/**
 * Receives every outcome of {@link MatchingEngine} calls, synchronously, on the thread that made the call.
 * <p>
 * Events for one call arrive in the order they happen: for a submit, {@code onAccepted} (or {@code onRejected})
 * first, then one {@code onTrade} per fill in priority order, then at most one of {@code onExpired} or
 * {@code onCancelled} for a remainder that does not rest. For a replace, {@code onReplaced} first, then any trades
 * it causes. An order that trades to zero leaves quantity is done: no extra event says so.
 * <p>
 * Implementations must not call back into the engine from a callback and must not throw (an exception would
 * abandon the rest of the operation, e.g. leave a remainder unrested); they should not allocate if the caller wants
 * the engine's steady-state path to stay garbage free. Book state is already updated when a callback runs, so
 * queries such as {@link MatchingEngine#restingQuantity} are allowed.
 */
public interface MatchingListener
{
    /**
     * A submitted order passed validation and is now being matched.
     *
     * @param orderId  venue order id returned by {@link MatchingEngine#submit}.
     * @param account  packed account of the order.
     * @param symbol   packed symbol of the order.
     * @param side     side of the order.
     * @param price    limit price (fixed point), 0 for a MARKET order.
     * @param quantity total quantity of the order.
     */
    void onAccepted(long orderId, long account, long symbol, Side side, long price, long quantity);

    /**
     * A submit was refused; the order never traded and never rests.
     *
     * @param orderId venue order id returned by {@link MatchingEngine#submit}.
     * @param reason  UNKNOWN_INSTRUMENT, INVALID_ENUM_VALUE (side), UNSUPPORTED_ORDER_TYPE (type or time in force),
     *                INVALID_QUANTITY, QUANTITY_ABOVE_MAX, LOT_SIZE_VIOLATION, INVALID_PRICE, TICK_SIZE_VIOLATION or
     *                ORDER_CAPACITY_EXHAUSTED.
     */
    void onRejected(long orderId, RejectReason reason);

    /**
     * Two orders traded. The price is always the resting order's price.
     *
     * @param symbol             packed symbol.
     * @param price              trade price (fixed point), the resting order's limit.
     * @param quantity           traded quantity.
     * @param aggressorOrderId   the incoming (or replaced, now marketable) order.
     * @param aggressorLeavesQty what the aggressor still has to match after this fill.
     * @param restingOrderId     the order that was resting in the book.
     * @param restingLeavesQty   what the resting order still has in the book after this fill (0: it is done).
     */
    void onTrade(
        long symbol,
        long price,
        long quantity,
        long aggressorOrderId,
        long aggressorLeavesQty,
        long restingOrderId,
        long restingLeavesQty);

    /**
     * An order's remaining quantity was cancelled: at the owner's request ({@link MatchingEngine#cancel}) or by
     * self-trade prevention, which cancels the incoming order's remainder when its next match would be against a
     * resting order of the same account.
     *
     * @param orderId             the cancelled order.
     * @param cancelledQuantity   the leaves quantity removed.
     * @param selfTradePrevention true when self-trade prevention cancelled it.
     */
    void onCancelled(long orderId, long cancelledQuantity, boolean selfTradePrevention);

    /**
     * The remainder of an order that never rests expired: MARKET or IOC after matching what it could, FOK that
     * could not fill completely (then without any trade).
     *
     * @param orderId         the expired order.
     * @param expiredQuantity the quantity that did not trade.
     */
    void onExpired(long orderId, long expiredQuantity);

    /**
     * A resting order was replaced. Any trades caused by a now marketable price follow this event; while they
     * happen the order is the aggressor and not resting (it rests again afterwards if it has a remainder).
     *
     * @param orderId        the replaced order (the id does not change).
     * @param newPrice       the new limit price.
     * @param newQuantity    the new total quantity, including what was already filled.
     * @param leavesQuantity the new leaves quantity, before any matching caused by the replace.
     */
    void onReplaced(long orderId, long newPrice, long newQuantity, long leavesQuantity);

    /**
     * A cancel was refused.
     *
     * @param orderId the order id the cancel named.
     * @param reason  UNKNOWN_ORDER: never existed, already filled, cancelled or expired.
     */
    void onCancelRejected(long orderId, RejectReason reason);

    /**
     * A replace was refused; the order, if it exists, is unchanged.
     *
     * @param orderId the order id the replace named.
     * @param reason  UNKNOWN_ORDER, INVALID_QUANTITY, QUANTITY_ABOVE_MAX, LOT_SIZE_VIOLATION, INVALID_PRICE,
     *                TICK_SIZE_VIOLATION or INVALID_REPLACE (new total quantity not above the filled quantity).
     */
    void onReplaceRejected(long orderId, RejectReason reason);
}
