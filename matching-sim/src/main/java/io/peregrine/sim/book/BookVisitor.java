package io.peregrine.sim.book;

import io.peregrine.sbe.Side;

/**
 * Walks the resting state of an {@link OrderBook}: bids best first, then asks best first; within a level, orders in
 * time priority. Used for depth snapshots and by tests. Called on the book's thread, allocation free if the visitor
 * is.
 */
public interface BookVisitor
{
    /**
     * A price level, visited before its orders.
     *
     * @param side       side of the level.
     * @param price      level price.
     * @param quantity   sum of the leaves quantity of its orders.
     * @param orderCount number of orders at the level.
     */
    void onLevel(Side side, long price, long quantity, int orderCount);

    /**
     * A resting order at the level last given to {@link #onLevel}.
     *
     * @param orderId        venue order id.
     * @param account        packed account.
     * @param leavesQuantity what is left to trade.
     * @param quantity       total quantity, including what has been filled.
     */
    void onOrder(long orderId, long account, long leavesQuantity, long quantity);
}
