package io.peregrine.risk;

import io.peregrine.sbe.Side;

/**
 * What {@link PreTradeRisk} holds for one order: the account, instrument and side, the price the exposure is
 * reserved at, the total quantity reserved and how much of it has been filled. The open reservation is
 * {@code max(0, quantity - filledQty)} at {@link #price()}.
 * <p>
 * A mutable value owned by the caller and reused: risk fills it in when it accepts an order
 * ({@link PreTradeRisk#evaluateNewOrder}), moves it on a replace ({@link PreTradeRisk#evaluateReplace},
 * {@link PreTradeRisk#onReplaceSettled}) and books against it ({@link PreTradeRisk#onFill},
 * {@link PreTradeRisk#onOrderClosed}); the caller hands the same values back, typically by keeping them in its own
 * order record and {@link #load loading} them into one instance before each call. No hidden state in the risk
 * engine links those calls.
 * <p>
 * Single threaded (the thread that calls risk); allocation free after construction.
 */
public final class RiskReservation
{
    private long account;
    private long symbol;
    private Side side = Side.NULL_VAL;
    private long price;
    private long quantity;
    private long filledQty;
    private boolean released;

    // Working values of the evaluation in progress, in the caller's object rather than in fields of the engine.
    int accountSlot = SlotIndex.MISSING;
    int instrumentSlot = SlotIndex.MISSING;
    int pair;
    long evaluatedPrice;
    long notional;

    /**
     * Sets every value, e.g. from the caller's order record before a bookkeeping call. Allocation free.
     *
     * @param account   packed account.
     * @param symbol    packed symbol.
     * @param side      side of the order.
     * @param price     price the exposure is reserved at (what risk set when it accepted the order).
     * @param quantity  total quantity reserved.
     * @param filledQty quantity filled so far.
     * @return this.
     */
    public RiskReservation load(
        final long account,
        final long symbol,
        final Side side,
        final long price,
        final long quantity,
        final long filledQty)
    {
        this.account = account;
        this.symbol = symbol;
        this.side = side;
        this.price = price;
        this.quantity = quantity;
        this.filledQty = filledQty;
        this.released = false;
        return this;
    }

    /**
     * @return packed account.
     */
    public long account()
    {
        return account;
    }

    /**
     * @return packed symbol.
     */
    public long symbol()
    {
        return symbol;
    }

    /**
     * @return side of the order.
     */
    public Side side()
    {
        return side;
    }

    /**
     * @return price the exposure is reserved at: the limit price, or for a MARKET order the instrument's worst-case
     * price when risk accepted it (exact even if the reference price moves later).
     */
    public long price()
    {
        return price;
    }

    /**
     * @return total quantity reserved.
     */
    public long quantity()
    {
        return quantity;
    }

    /**
     * @return quantity filled so far.
     */
    public long filledQty()
    {
        return filledQty;
    }

    /**
     * @return quantity still reserved: {@code max(0, quantity - filledQty)}.
     */
    public long openQty()
    {
        return Math.max(0, quantity - filledQty);
    }

    /**
     * @return whether {@link PreTradeRisk#onOrderClosed(RiskReservation)} released it (until the next {@link #load}).
     */
    public boolean isReleased()
    {
        return released;
    }

    void release()
    {
        quantity = filledQty;
        released = true;
    }

    void accept(
        final long account, final long symbol, final Side side, final long price, final long quantity)
    {
        load(account, symbol, side, price, quantity, 0);
    }

    void terms(final long price, final long quantity)
    {
        this.price = price;
        this.quantity = quantity;
    }

    void filled(final long fillQty)
    {
        filledQty += fillQty;
    }

    public String toString()
    {
        return "RiskReservation{account=" + account + ", symbol=" + symbol + ", side=" + side + ", price=" + price +
            ", quantity=" + quantity + ", filledQty=" + filledQty + '}';
    }
}
