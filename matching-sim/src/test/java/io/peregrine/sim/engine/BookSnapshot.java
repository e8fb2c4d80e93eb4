package io.peregrine.sim.engine;

import io.peregrine.sbe.Side;
import io.peregrine.sim.book.BookVisitor;
import io.peregrine.sim.book.OrderBook;

import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: the resting state of a book as readable lines (levels best first, orders in priority).
 */
final class BookSnapshot implements BookVisitor
{
    private final List<String> lines = new ArrayList<>();

    static List<String> of(final OrderBook book)
    {
        final BookSnapshot snapshot = new BookSnapshot();
        book.visit(snapshot);
        return snapshot.lines;
    }

    static String level(final Side side, final long price, final long quantity, final int orderCount)
    {
        return side + " level price=" + price + " qty=" + quantity + " orders=" + orderCount;
    }

    static String order(final long orderId, final long account, final long leaves, final long quantity)
    {
        return "  order id=" + orderId + " account=" + account + " leaves=" + leaves + " qty=" + quantity;
    }

    public void onLevel(final Side side, final long price, final long quantity, final int orderCount)
    {
        lines.add(level(side, price, quantity, orderCount));
    }

    public void onOrder(final long orderId, final long account, final long leavesQuantity, final long quantity)
    {
        lines.add(order(orderId, account, leavesQuantity, quantity));
    }
}
