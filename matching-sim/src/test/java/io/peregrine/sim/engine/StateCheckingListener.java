package io.peregrine.sim.engine;

import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * Test listener: forwards to a {@link RecordingListener} and checks, inside each callback, that the engine's
 * queries already agree with the event (the listener contract says book state is updated before a callback).
 */
final class StateCheckingListener implements MatchingListener
{
    final RecordingListener recorder = new RecordingListener();
    final List<String> violations = new ArrayList<>();
    MatchingEngine engine;

    private void expectResting(final long orderId, final long expected, final String event)
    {
        final long actual = engine.restingQuantity(orderId);
        if (actual != expected)
        {
            violations.add(event + ": restingQuantity(" + orderId + ") = " + actual + ", expected " + expected);
        }
    }

    public void onAccepted(final long orderId, final long account, final long symbol, final Side side,
        final long price, final long quantity)
    {
        recorder.onAccepted(orderId, account, symbol, side, price, quantity);
        expectResting(orderId, 0, "accepted");
    }

    public void onRejected(final long orderId, final RejectReason reason)
    {
        recorder.onRejected(orderId, reason);
        expectResting(orderId, 0, "rejected");
    }

    public void onTrade(final long symbol, final long price, final long quantity, final long aggressorOrderId,
        final long aggressorLeavesQty, final long restingOrderId, final long restingLeavesQty)
    {
        recorder.onTrade(symbol, price, quantity, aggressorOrderId, aggressorLeavesQty, restingOrderId,
            restingLeavesQty);
        expectResting(restingOrderId, restingLeavesQty, "trade");
        expectResting(aggressorOrderId, 0, "trade");
    }

    public void onCancelled(final long orderId, final long cancelledQuantity, final boolean selfTradePrevention)
    {
        recorder.onCancelled(orderId, cancelledQuantity, selfTradePrevention);
        expectResting(orderId, 0, "cancelled");
    }

    public void onExpired(final long orderId, final long expiredQuantity)
    {
        recorder.onExpired(orderId, expiredQuantity);
        expectResting(orderId, 0, "expired");
    }

    public void onReplaced(final long orderId, final long newPrice, final long newQuantity, final long leavesQuantity)
    {
        recorder.onReplaced(orderId, newPrice, newQuantity, leavesQuantity);
        final long resting = engine.restingQuantity(orderId);
        if (resting != 0 && (resting != leavesQuantity || engine.restingPrice(orderId) != newPrice))
        {
            violations.add("replaced " + orderId + ": resting " + resting + " @ " + engine.restingPrice(orderId));
        }
    }

    public void onCancelRejected(final long orderId, final RejectReason reason)
    {
        recorder.onCancelRejected(orderId, reason);
        expectResting(orderId, 0, "cancel rejected");
    }

    public void onReplaceRejected(final long orderId, final RejectReason reason)
    {
        recorder.onReplaceRejected(orderId, reason);
    }
}
