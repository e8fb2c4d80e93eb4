package io.peregrine.bench.book;

import io.peregrine.sbe.Side;
import io.peregrine.sim.book.BookVisitor;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * exchange-core's {@code OrderBookDirectImpl} as a second, independent reference for matching-sim's book: on the
 * realistic streams of {@link BookFlowGenerator} (deep and shallow), both books must produce the same trades (price,
 * quantity, maker, taker, in order) and hold the same resting orders (side, price, id, leaves, account, in priority
 * order) at regular checkpoints and at the end of the steady state; neither may refuse a command.
 */
@Timeout(120)
class BookVsExchangeCoreDifferentialTest
{
    private static final int CHECKPOINT = 25_000;

    static Stream<Named<BookFlow>> flows()
    {
        return Stream.of(
            Named.of("deep stream", BookFlow.deep().commands(200_000).seed(11)),
            Named.of("shallow stream", BookFlow.shallow().commands(200_000).seed(12)),
            Named.of("deep stream with another mix and seed",
                BookFlow.deep().commands(100_000).seed(13).liveOrders(300).depthTicks(400).mix(40, 20, 10, 10, 12, 8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flows")
    void streamGivesTheSameTradesAndBooks(final BookFlow flow)
    {
        compare(flow);
    }

    @Test
    void secondPassWithShiftedIdsGivesTheSameTradesAgain()
    {
        final BookCommands commands = BookFlowGenerator.generate(BookFlow.shallow().commands(20_000).seed(14));
        final TradeLog ours = new TradeLog();
        final TradeLog theirs = new TradeLog();
        final PeregrineReplay peregrine = new PeregrineReplay(commands, 1 << 14, ours);
        final ExchangeCoreReplay exchangeCore = new ExchangeCoreReplay(commands, theirs);
        peregrine.runPass();
        exchangeCore.runPass();
        final int firstPassTrades = ours.size();
        peregrine.runPass();
        exchangeCore.runPass();

        assertEquals(2 * firstPassTrades, ours.size());
        assertEquals(ours, theirs);
        for (int t = 0; t < firstPassTrades; t++)
        {
            assertEquals(ours.maker(t) + commands.newOrders(), ours.maker(firstPassTrades + t));
            assertEquals(ours.taker(t) + commands.newOrders(), ours.taker(firstPassTrades + t));
        }
        assertEquals(0, peregrine.failures());
        assertEquals(0, exchangeCore.failures());
        assertEquals(0, peregrine.book().orderCount());
        assertEquals(0, exchangeCore.orderCount());
    }

    private static void compare(final BookFlow flow)
    {
        final BookCommands commands = BookFlowGenerator.generate(flow);
        final BookFlowStats stats = commands.stats();
        final TradeLog ours = new TradeLog();
        final TradeLog theirs = new TradeLog();
        final PeregrineReplay peregrine = new PeregrineReplay(commands, 1 << 16, ours);
        final ExchangeCoreReplay exchangeCore = new ExchangeCoreReplay(commands, theirs);

        final int steadyEnd = commands.count() - stats.drainCommands();
        int checkpoints = 0;
        for (int i = 0; i < commands.count(); i++)
        {
            peregrine.next();
            exchangeCore.next();
            if ((i + 1) % CHECKPOINT == 0 || i + 1 == steadyEnd)
            {
                assertEquals(ours.size(), theirs.size(), "trades after command " + i);
                final List<String> ourBook = peregrineBook(peregrine);
                assertEquals(ourBook, exchangeCoreBook(exchangeCore), "books after command " + i);
                assertTrue(ourBook.size() > flow.liveOrders() / 2, "a book of " + ourBook.size() + " orders");
                checkpoints++;
            }
        }

        assertTrue(checkpoints >= 2);
        assertTrue(ours.size() > commands.count() / 100, "trades: " + ours.size());
        assertEquals(stats.trades(), ours.size());
        assertEquals(ours, theirs);
        assertEquals(0, peregrine.failures());
        assertEquals(0, exchangeCore.failures());
        assertEquals(0, peregrine.book().orderCount());
        assertEquals(0, exchangeCore.orderCount());
    }

    private static List<String> peregrineBook(final PeregrineReplay replay)
    {
        final List<String> orders = new ArrayList<>();
        replay.book().visit(new BookVisitor()
        {
            private String level;

            public void onLevel(final Side side, final long price, final long quantity, final int orderCount)
            {
                level = (side == Side.BUY ? "bid " : "ask ") + price;
            }

            public void onOrder(final long orderId, final long account, final long leavesQuantity, final long quantity)
            {
                orders.add(level + " #" + orderId + " leaves " + leavesQuantity + " account " + account);
            }
        });
        return orders;
    }

    private static List<String> exchangeCoreBook(final ExchangeCoreReplay replay)
    {
        final List<String> orders = new ArrayList<>();
        replay.visit(
            order -> orders.add("bid " + order.getPrice() + " #" + order.getOrderId() + " leaves " +
                (order.getSize() - order.getFilled()) + " account " + order.getUid()),
            order -> orders.add("ask " + order.getPrice() + " #" + order.getOrderId() + " leaves " +
                (order.getSize() - order.getFilled()) + " account " + order.getUid()));
        return orders;
    }

    /** Trades as four parallel columns; equal when every trade is equal, in order. */
    private static final class TradeLog implements TradeSink
    {
        private final LongArrayList prices = new LongArrayList();
        private final LongArrayList quantities = new LongArrayList();
        private final LongArrayList makers = new LongArrayList();
        private final LongArrayList takers = new LongArrayList();

        public void onTrade(final long price, final long quantity, final long makerOrderId, final long takerOrderId)
        {
            prices.addLong(price);
            quantities.addLong(quantity);
            makers.addLong(makerOrderId);
            takers.addLong(takerOrderId);
        }

        int size()
        {
            return prices.size();
        }

        long maker(final int t)
        {
            return makers.getLong(t);
        }

        long taker(final int t)
        {
            return takers.getLong(t);
        }

        public boolean equals(final Object other)
        {
            if (!(other instanceof TradeLog))
            {
                return false;
            }
            final TradeLog that = (TradeLog)other;
            return prices.equals(that.prices) && quantities.equals(that.quantities) && makers.equals(that.makers) &&
                takers.equals(that.takers);
        }

        public int hashCode()
        {
            return prices.hashCode();
        }

        public String toString()
        {
            final StringBuilder text = new StringBuilder(size() + " trades");
            for (int t = 0; t < size(); t++)
            {
                if (t > 0 && t < size())
                {
                    text.append(t < 20 ? "," : "");
                }
                if (t < 20)
                {
                    text.append(' ').append(prices.getLong(t)).append('x').append(quantities.getLong(t))
                        .append(' ').append(makers.getLong(t)).append('/').append(takers.getLong(t));
                }
            }
            return text.toString();
        }
    }
}
