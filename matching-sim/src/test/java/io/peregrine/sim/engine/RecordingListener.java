package io.peregrine.sim.engine;

import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * Test listener: records every event as a readable line, in order.
 */
public final class RecordingListener implements MatchingListener
{
    public final List<String> events = new ArrayList<>();

    public List<String> drain()
    {
        final List<String> copy = new ArrayList<>(events);
        events.clear();
        return copy;
    }

    public static String accepted(final long orderId, final long account, final long symbol, final Side side,
        final long price, final long quantity)
    {
        return "ACCEPTED id=" + orderId + " account=" + account + " symbol=" + symbol + " side=" + side +
            " price=" + price + " qty=" + quantity;
    }

    public static String rejected(final long orderId, final RejectReason reason)
    {
        return "REJECTED id=" + orderId + " reason=" + reason;
    }

    public static String trade(final long symbol, final long price, final long quantity, final long aggressorOrderId,
        final long aggressorLeavesQty, final long restingOrderId, final long restingLeavesQty)
    {
        return "TRADE symbol=" + symbol + " price=" + price + " qty=" + quantity + " aggressor=" + aggressorOrderId +
            " aggressorLeaves=" + aggressorLeavesQty + " resting=" + restingOrderId + " restingLeaves=" +
            restingLeavesQty;
    }

    public static String cancelled(final long orderId, final long cancelledQuantity, final boolean selfTradePrevention)
    {
        return "CANCELLED id=" + orderId + " qty=" + cancelledQuantity + " stp=" + selfTradePrevention;
    }

    public static String expired(final long orderId, final long expiredQuantity)
    {
        return "EXPIRED id=" + orderId + " qty=" + expiredQuantity;
    }

    public static String replaced(final long orderId, final long newPrice, final long newQuantity, final long leaves)
    {
        return "REPLACED id=" + orderId + " price=" + newPrice + " qty=" + newQuantity + " leaves=" + leaves;
    }

    public static String cancelRejected(final long orderId, final RejectReason reason)
    {
        return "CANCEL_REJECTED id=" + orderId + " reason=" + reason;
    }

    public static String replaceRejected(final long orderId, final RejectReason reason)
    {
        return "REPLACE_REJECTED id=" + orderId + " reason=" + reason;
    }

    public void onAccepted(final long orderId, final long account, final long symbol, final Side side,
        final long price, final long quantity)
    {
        events.add(accepted(orderId, account, symbol, side, price, quantity));
    }

    public void onRejected(final long orderId, final RejectReason reason)
    {
        events.add(rejected(orderId, reason));
    }

    public void onTrade(final long symbol, final long price, final long quantity, final long aggressorOrderId,
        final long aggressorLeavesQty, final long restingOrderId, final long restingLeavesQty)
    {
        events.add(trade(symbol, price, quantity, aggressorOrderId, aggressorLeavesQty, restingOrderId,
            restingLeavesQty));
    }

    public void onCancelled(final long orderId, final long cancelledQuantity, final boolean selfTradePrevention)
    {
        events.add(cancelled(orderId, cancelledQuantity, selfTradePrevention));
    }

    public void onExpired(final long orderId, final long expiredQuantity)
    {
        events.add(expired(orderId, expiredQuantity));
    }

    public void onReplaced(final long orderId, final long newPrice, final long newQuantity, final long leavesQuantity)
    {
        events.add(replaced(orderId, newPrice, newQuantity, leavesQuantity));
    }

    public void onCancelRejected(final long orderId, final RejectReason reason)
    {
        events.add(cancelRejected(orderId, reason));
    }

    public void onReplaceRejected(final long orderId, final RejectReason reason)
    {
        events.add(replaceRejected(orderId, reason));
    }
}
