package io.peregrine.bench.book;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sim.book.OrderBook;
import io.peregrine.sim.engine.MatchingEngine;
import io.peregrine.sim.engine.MatchingListener;

/**
 * Replays a {@link BookCommands} stream, one command per {@link #next()}, into a matching-sim {@link MatchingEngine}
 * with one instrument, looping forever: each pass shifts the stream's order ids by {@link BookCommands#newOrders()},
 * which is exactly the ids the engine assigns, since every pass starts and ends with an empty book.
 * <p>
 * It is the engine's listener and counts what it reports; refused commands (which a correct book never produces on
 * this stream) are counted in {@link #failures()}. Single-threaded; allocates nothing after construction.
 */
public final class PeregrineReplay extends BookReplay implements MatchingListener
{
    /** Symbol of the one instrument. */
    public static final long SYMBOL = 1;

    private final MatchingEngine engine;

    /**
     * @param commands the stream.
     * @param capacity most resting orders the book holds (comfortably above the stream's live orders).
     * @param trades   receives every trade ({@link TradeSink#NONE} in benchmarks).
     */
    public PeregrineReplay(final BookCommands commands, final int capacity, final TradeSink trades)
    {
        super(commands, trades);
        engine = new MatchingEngine(this, false, capacity);
        engine.addInstrument(SYMBOL, commands.flow().tickSize(), 1);
    }

    /** {@inheritDoc} */
    public long next()
    {
        final BookCommands commands = this.commands;
        final int i = index();
        final long orderId = orderId(i);
        switch (commands.kind(i))
        {
            case BookCommands.LIMIT_GTC:
                submit(i, TimeInForce.GTC);
                break;
            case BookCommands.LIMIT_IOC:
                submit(i, TimeInForce.IOC);
                break;
            case BookCommands.LIMIT_FOK:
                submit(i, TimeInForce.FOK);
                break;
            case BookCommands.CANCEL:
                engine.cancel(orderId);
                break;
            default: // MOVE and REDUCE: a replace with the new price and total quantity
                engine.replace(orderId, commands.price(i), commands.quantity(i));
                break;
        }
        advance();
        return events;
    }

    private void submit(final int i, final TimeInForce tif)
    {
        engine.submit(commands.account(i), SYMBOL, commands.buy(i) ? Side.BUY : Side.SELL, OrdType.LIMIT, tif,
            commands.price(i), commands.quantity(i));
    }

    /**
     * @return the book, for final-state checks.
     */
    public OrderBook book()
    {
        return engine.book(SYMBOL);
    }

    public void onAccepted(
        final long orderId, final long account, final long symbol, final Side side, final long price,
        final long quantity)
    {
        events++;
    }

    public void onRejected(final long orderId, final RejectReason reason)
    {
        failures++;
    }

    public void onTrade(
        final long symbol, final long price, final long quantity, final long aggressorOrderId,
        final long aggressorLeavesQty, final long restingOrderId, final long restingLeavesQty)
    {
        events++;
        tradeCount++;
        trades.onTrade(price, quantity, restingOrderId, aggressorOrderId);
    }

    public void onCancelled(final long orderId, final long cancelledQuantity, final boolean selfTradePrevention)
    {
        events++;
    }

    public void onExpired(final long orderId, final long expiredQuantity)
    {
        events++;
    }

    public void onReplaced(final long orderId, final long newPrice, final long newQuantity, final long leavesQuantity)
    {
        events++;
    }

    public void onCancelRejected(final long orderId, final RejectReason reason)
    {
        failures++;
    }

    public void onReplaceRejected(final long orderId, final RejectReason reason)
    {
        failures++;
    }
}
