package io.peregrine.sim.engine;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.peregrine.sbe.OrdType.LIMIT;
import static io.peregrine.sbe.OrdType.MARKET;
import static io.peregrine.sbe.Side.BUY;
import static io.peregrine.sbe.Side.SELL;
import static io.peregrine.sbe.TimeInForce.DAY;
import static io.peregrine.sbe.TimeInForce.FOK;
import static io.peregrine.sbe.TimeInForce.GTC;
import static io.peregrine.sbe.TimeInForce.IOC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per matching rule, through the public engine API.
 */
@Timeout(10)
class MatchingEngineRulesTest
{
    private static final long AAPL = PackedAscii.pack("AAPL");
    private static final long ACC1 = PackedAscii.pack("ACC1");
    private static final long ACC2 = PackedAscii.pack("ACC2");
    private static final long TICK = 10_000;
    private static final long LOT = 5;

    private final RecordingListener listener = new RecordingListener();
    private MatchingEngine engine = newEngine(false, 1_000);

    private MatchingEngine newEngine(final boolean stp, final int capacity)
    {
        final MatchingEngine engine = new MatchingEngine(listener, stp, capacity);
        engine.addInstrument(AAPL, TICK, LOT);
        return engine;
    }

    private static long px(final String price)
    {
        return io.peregrine.protocol.Prices.parse(price);
    }

    private long limit(final long account, final Side side, final String price, final long quantity)
    {
        return engine.submit(account, AAPL, side, LIMIT, DAY, px(price), quantity);
    }

    private long rest(final Side side, final String price, final long quantity)
    {
        return rest(ACC1, side, DAY, price, quantity);
    }

    /** Submits a limit order that rests (or is refused) and forgets its events. @return its id. */
    private long rest(
        final long account, final Side side, final TimeInForce tif, final String price, final long quantity)
    {
        final long id = engine.submit(account, AAPL, side, LIMIT, tif, px(price), quantity);
        listener.events.clear();
        return id;
    }

    private static String trade(final String price, final long qty, final long aggressor, final long aggressorLeaves,
        final long resting, final long restingLeaves)
    {
        return RecordingListener.trade(AAPL, px(price), qty, aggressor, aggressorLeaves, resting, restingLeaves);
    }

    private static String accepted(final long id, final long account, final Side side, final long price,
        final long qty)
    {
        return RecordingListener.accepted(id, account, AAPL, side, price, qty);
    }

    @Test
    void betterPriceTradesFirst()
    {
        final long worse = rest(SELL, "101.00", 10);
        final long better = rest(SELL, "100.50", 10);

        final long buy = limit(ACC2, BUY, "101.00", 10);

        assertEquals(List.of(accepted(buy, ACC2, BUY, px("101.00"), 10), trade("100.50", 10, buy, 0, better, 0)),
            listener.drain());
        assertEquals(10, engine.restingQuantity(worse));
    }

    /**
     * Time priority at one price: of two orders resting there, the earlier trades first, and keeps its place through
     * a replace only when the price stays and the quantity does not grow.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no replace: the earlier order trades first        | BUY  | 99.00  | 10 |                   | first
        quantity down at the same price keeps priority    | BUY  | 99.00  | 30 | 99.00x20          | first
        unchanged price and quantity keeps priority       | SELL | 101.00 | 10 | 101.00x10         | first
        quantity up at the same price loses priority      | BUY  | 99.00  | 10 | 99.00x20          | second
        another price loses priority even when moved back | BUY  | 99.00  | 10 | 98.99x10 99.00x10 | second
        """)
    void earlierOrderAtOnePriceTradesFirstUnlessAReplaceLostItsPlace(
        final String rule, final Side side, final String price, final long firstQuantity, final String replaces,
        final String tradesFirst)
    {
        final long first = rest(side, price, firstQuantity);
        final long second = rest(side, price, 10);
        long firstLeaves = firstQuantity;
        for (final String replace : null == replaces ? new String[0] : replaces.split(" "))
        {
            final String[] priceAndQuantity = replace.split("x");
            firstLeaves = Long.parseLong(priceAndQuantity[1]);
            engine.replace(first, px(priceAndQuantity[0]), firstLeaves);
            assertEquals(List.of(RecordingListener.replaced(first, px(priceAndQuantity[0]), firstLeaves, firstLeaves)),
                listener.drain());
        }

        final long crossing = limit(ACC2, side == BUY ? SELL : BUY, price, 10);

        final boolean firstTrades = "first".equals(tradesFirst);
        final long traded = firstTrades ? first : second;
        final long tradedLeaves = (firstTrades ? firstLeaves : 10) - 10;
        assertEquals(trade(price, 10, crossing, 0, traded, tradedLeaves), listener.drain().get(1));
        assertEquals(tradedLeaves, engine.restingQuantity(traded));
        assertEquals(firstTrades ? 10 : firstLeaves, engine.restingQuantity(firstTrades ? second : first));
    }

    @Test
    void partialFillLeavesTheRestingRemainderInPlace()
    {
        final long resting = rest(SELL, "100.00", 50);
        final long behind = rest(SELL, "100.00", 10);

        final long buy = limit(ACC2, BUY, "100.00", 20);

        assertEquals(trade("100.00", 20, buy, 0, resting, 30), listener.drain().get(1));
        assertEquals(30, engine.restingQuantity(resting));
        assertEquals(40, engine.book(AAPL).levelQuantity(SELL, 0));
        final long next = limit(ACC2, BUY, "100.00", 30);
        assertEquals(trade("100.00", 30, next, 0, resting, 0), listener.drain().get(1));
        assertEquals(10, engine.restingQuantity(behind));
    }

    @Test
    void incomingPartialFillRestsItsRemainder()
    {
        final long resting = rest(SELL, "100.00", 10);

        final long buy = limit(ACC2, BUY, "100.00", 30);

        assertEquals(List.of(accepted(buy, ACC2, BUY, px("100.00"), 30), trade("100.00", 10, buy, 20, resting, 0)),
            listener.drain());
        assertEquals(20, engine.restingQuantity(buy));
        assertEquals(px("100.00"), engine.bestBid(AAPL));
        assertEquals(Long.MAX_VALUE, engine.bestAsk(AAPL));
    }

    /**
     * An incoming order that crosses a resting one trades at the resting order's price, also when both are of one
     * account and self-trade prevention is off (the default of these tests).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        a sell below the resting bid trades at the bid                  | BUY  | 100.00 | ACC2 | 95.00
        without self-trade prevention an account trades with itself     | SELL | 100.00 | ACC1 | 100.00
        """)
    void crossingOrderTradesAtTheRestingOrdersPrice(
        final String rule, final Side restingSide, final String restingPrice, final String account, final String price)
    {
        final long resting = rest(restingSide, restingPrice, 10);

        final long incoming = limit(PackedAscii.pack(account), restingSide == BUY ? SELL : BUY, price, 10);

        assertEquals(trade(restingPrice, 10, incoming, 0, resting, 0), listener.drain().get(1));
    }

    @Test
    void sweepsLevelsBestFirstAndStopsAtTheLimit()
    {
        final long a = rest(SELL, "100.00", 10);
        final long b = rest(SELL, "100.01", 10);
        final long c = rest(SELL, "100.02", 10);

        final long buy = limit(ACC2, BUY, "100.01", 50);

        assertEquals(List.of(
            accepted(buy, ACC2, BUY, px("100.01"), 50),
            trade("100.00", 10, buy, 40, a, 0),
            trade("100.01", 10, buy, 30, b, 0)), listener.drain());
        assertEquals(10, engine.restingQuantity(c));
        assertEquals(30, engine.restingQuantity(buy));
        assertEquals(px("100.01"), engine.bestBid(AAPL));
        assertEquals(px("100.02"), engine.bestAsk(AAPL));
    }

    @Test
    void fillOrKillFillsCompletelyAcrossLevels()
    {
        final long a = rest(SELL, "100.00", 10);
        final long b = rest(SELL, "100.01", 20);

        final long fok = engine.submit(ACC2, AAPL, BUY, LIMIT, FOK, px("100.01"), 25);

        assertEquals(List.of(
            accepted(fok, ACC2, BUY, px("100.01"), 25),
            trade("100.00", 10, fok, 15, a, 0),
            trade("100.01", 15, fok, 0, b, 5)), listener.drain());
    }

    @Test
    void fillOrKillExpiresWithoutTradingWhenItCannotFillCompletely()
    {
        final long a = rest(SELL, "100.00", 10);
        rest(SELL, "100.02", 20);                                   // beyond the limit: does not count

        final long fok = engine.submit(ACC2, AAPL, BUY, LIMIT, FOK, px("100.01"), 20);

        assertEquals(List.of(accepted(fok, ACC2, BUY, px("100.01"), 20), RecordingListener.expired(fok, 20)),
            listener.drain());
        assertEquals(10, engine.restingQuantity(a));
        assertEquals(0, engine.restingQuantity(fok));
    }

    @Test
    void immediateOrCancelRemainderExpires()
    {
        final long a = rest(SELL, "100.00", 10);

        final long ioc = engine.submit(ACC2, AAPL, BUY, LIMIT, IOC, px("100.00"), 30);

        assertEquals(List.of(
            accepted(ioc, ACC2, BUY, px("100.00"), 30),
            trade("100.00", 10, ioc, 20, a, 0),
            RecordingListener.expired(ioc, 20)), listener.drain());
        assertEquals(Long.MIN_VALUE, engine.bestBid(AAPL));
    }

    @Test
    void marketOrderSweepsAnyPriceAndItsRemainderExpires()
    {
        final long a = rest(SELL, "100.00", 10);
        final long b = rest(SELL, "150.00", 10);

        final long market = engine.submit(ACC2, AAPL, BUY, MARKET, DAY, 0, 30);

        assertEquals(List.of(
            accepted(market, ACC2, BUY, 0, 30),
            trade("100.00", 10, market, 20, a, 0),
            trade("150.00", 10, market, 10, b, 0),
            RecordingListener.expired(market, 10)), listener.drain());
        assertEquals(Long.MIN_VALUE, engine.bestBid(AAPL));
    }

    @Test
    void marketOrderIntoAnEmptyBookExpires()
    {
        final long market = engine.submit(ACC2, AAPL, SELL, MARKET, GTC, 0, 10);

        assertEquals(List.of(accepted(market, ACC2, SELL, 0, 10), RecordingListener.expired(market, 10)),
            listener.drain());
        assertEquals(0, engine.book(AAPL).orderCount());
    }

    @Test
    void replaceToAMarketablePriceMatchesAndRestsTheRemainder()
    {
        final long ask = rest(SELL, "100.00", 10);
        final long bid = rest(BUY, "99.00", 30);

        engine.replace(bid, px("100.00"), 30);

        assertEquals(List.of(
            RecordingListener.replaced(bid, px("100.00"), 30, 30),
            trade("100.00", 10, bid, 20, ask, 0)), listener.drain());
        assertEquals(20, engine.restingQuantity(bid));
        assertEquals(px("100.00"), engine.bestBid(AAPL));
    }

    @Test
    void replaceQuantityCountsWhatWasAlreadyFilled()
    {
        final long bid = rest(BUY, "99.00", 30);
        limit(ACC2, SELL, "99.00", 10);
        listener.events.clear();

        engine.replace(bid, px("99.00"), 25);
        assertEquals(List.of(RecordingListener.replaced(bid, px("99.00"), 25, 15)), listener.drain());

        engine.replace(bid, px("99.00"), 10);
        assertEquals(List.of(RecordingListener.replaceRejected(bid, RejectReason.INVALID_REPLACE)), listener.drain());
        assertEquals(15, engine.restingQuantity(bid));
    }

    @Test
    void replaceRejectsBadTickLotQuantityAndUnknownOrders()
    {
        final long bid = rest(BUY, "99.00", 30);

        engine.replace(bid, px("99.00") + 1, 30);
        engine.replace(bid, px("99.00"), 33);
        engine.replace(bid, px("99.00"), 0);
        engine.replace(bid, 0, 30);
        engine.replace(bid + 1, px("99.00"), 30);

        assertEquals(List.of(
            RecordingListener.replaceRejected(bid, RejectReason.TICK_SIZE_VIOLATION),
            RecordingListener.replaceRejected(bid, RejectReason.LOT_SIZE_VIOLATION),
            RecordingListener.replaceRejected(bid, RejectReason.INVALID_QUANTITY),
            RecordingListener.replaceRejected(bid, RejectReason.INVALID_PRICE),
            RecordingListener.replaceRejected(bid + 1, RejectReason.UNKNOWN_ORDER)), listener.drain());
        assertEquals(30, engine.restingQuantity(bid));
        assertEquals(px("99.00"), engine.restingPrice(bid));
    }

    @Test
    void selfTradePreventionCancelsTheIncomingRemainderAndKeepsTheRestingOrder()
    {
        engine = newEngine(true, 1_000);
        final long other = rest(ACC2, SELL, DAY, "100.00", 10);
        final long own = rest(ACC1, SELL, DAY, "100.00", 10);

        final long buy = engine.submit(ACC1, AAPL, BUY, LIMIT, DAY, px("100.00"), 30);

        assertEquals(List.of(
            accepted(buy, ACC1, BUY, px("100.00"), 30),
            trade("100.00", 10, buy, 20, other, 0),
            RecordingListener.cancelled(buy, 20, true)), listener.drain());
        assertEquals(10, engine.restingQuantity(own));
        assertEquals(0, engine.restingQuantity(buy));
    }

    @Test
    void selfTradePreventionLimitsWhatFillOrKillCanReach()
    {
        engine = newEngine(true, 1_000);
        rest(ACC1, SELL, DAY, "100.00", 10);
        rest(ACC2, SELL, DAY, "100.00", 10);

        final long fok = engine.submit(ACC1, AAPL, BUY, LIMIT, FOK, px("100.00"), 10);

        assertEquals(List.of(accepted(fok, ACC1, BUY, px("100.00"), 10), RecordingListener.expired(fok, 10)),
            listener.drain());
    }

    @Test
    void rejectsInvalidOrdersWithTheirReason()
    {
        final long unknown = engine.submit(ACC1, PackedAscii.pack("MSFT"), BUY, LIMIT, DAY, px("1.00"), 10);
        final long offTick = engine.submit(ACC1, AAPL, BUY, LIMIT, DAY, px("1.00") + 1, 10);
        final long offLot = engine.submit(ACC1, AAPL, BUY, LIMIT, DAY, px("1.00"), 13);
        final long zero = engine.submit(ACC1, AAPL, BUY, LIMIT, DAY, px("1.00"), 0);
        final long negative = engine.submit(ACC1, AAPL, BUY, MARKET, DAY, 0, -10);
        final long noPrice = engine.submit(ACC1, AAPL, BUY, LIMIT, DAY, 0, 10);
        final long badType = engine.submit(ACC1, AAPL, BUY, OrdType.NULL_VAL, DAY, px("1.00"), 10);
        final long badTif = engine.submit(ACC1, AAPL, BUY, LIMIT, TimeInForce.NULL_VAL, px("1.00"), 10);
        final long badSide = engine.submit(ACC1, AAPL, null, LIMIT, DAY, px("1.00"), 10);
        final long huge = engine.submit(ACC1, AAPL, BUY, LIMIT, DAY, px("1.00"), (1L << 35) + LOT);

        assertEquals(List.of(
            RecordingListener.rejected(unknown, RejectReason.UNKNOWN_INSTRUMENT),
            RecordingListener.rejected(offTick, RejectReason.TICK_SIZE_VIOLATION),
            RecordingListener.rejected(offLot, RejectReason.LOT_SIZE_VIOLATION),
            RecordingListener.rejected(zero, RejectReason.INVALID_QUANTITY),
            RecordingListener.rejected(negative, RejectReason.INVALID_QUANTITY),
            RecordingListener.rejected(noPrice, RejectReason.INVALID_PRICE),
            RecordingListener.rejected(badType, RejectReason.UNSUPPORTED_ORDER_TYPE),
            RecordingListener.rejected(badTif, RejectReason.UNSUPPORTED_ORDER_TYPE),
            RecordingListener.rejected(badSide, RejectReason.INVALID_ENUM_VALUE),
            RecordingListener.rejected(huge, RejectReason.QUANTITY_ABOVE_MAX)), listener.drain());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L),
            List.of(unknown, offTick, offLot, zero, negative, noPrice, badType, badTif, badSide, huge));
        assertEquals(0, engine.book(AAPL).orderCount());
    }

    @Test
    void cancelRemovesTheOrderAndRejectsUnknownOrDoneOrders()
    {
        final long bid = rest(BUY, "99.00", 10);
        final long ask = rest(SELL, "100.00", 10);
        limit(ACC2, BUY, "100.00", 10);                              // fills the ask
        listener.events.clear();

        engine.cancel(bid);
        engine.cancel(bid);
        engine.cancel(ask);
        engine.cancel(12345);

        assertEquals(List.of(
            RecordingListener.cancelled(bid, 10, false),
            RecordingListener.cancelRejected(bid, RejectReason.UNKNOWN_ORDER),
            RecordingListener.cancelRejected(ask, RejectReason.UNKNOWN_ORDER),
            RecordingListener.cancelRejected(12345, RejectReason.UNKNOWN_ORDER)), listener.drain());
        assertEquals(Long.MIN_VALUE, engine.bestBid(AAPL));
        assertEquals(Long.MAX_VALUE, engine.bestAsk(AAPL));
        assertEquals(0, engine.book(AAPL).levelCount(BUY));
    }

    @Test
    void fullBookRejectsRestingOrdersButStaysConsistent()
    {
        engine = newEngine(false, 2);
        final long a = rest(ACC1, BUY, DAY, "99.00", 10);
        final long b = rest(ACC1, BUY, GTC, "98.00", 10);

        final long refused = engine.submit(ACC1, AAPL, SELL, LIMIT, DAY, px("99.00"), 10);
        final long ioc = engine.submit(ACC2, AAPL, SELL, LIMIT, IOC, px("99.00"), 10);

        assertEquals(List.of(
            RecordingListener.rejected(refused, RejectReason.ORDER_CAPACITY_EXHAUSTED),
            accepted(ioc, ACC2, SELL, px("99.00"), 10),
            trade("99.00", 10, ioc, 0, a, 0)), listener.drain());
        assertEquals(10, engine.restingQuantity(b));

        final long accepted = engine.submit(ACC1, AAPL, SELL, LIMIT, DAY, px("101.00"), 10);
        assertEquals(10, engine.restingQuantity(accepted));
        assertEquals(2, engine.book(AAPL).orderCount());
    }

    @Test
    void routesByInstrumentAndKeepsBooksApart()
    {
        final long msft = PackedAscii.pack("MSFT");
        engine.addInstrument(msft, TICK, 1);
        final long aapl = rest(SELL, "100.00", 10);

        final long buy = engine.submit(ACC2, msft, BUY, LIMIT, DAY, px("100.00"), 10);

        assertEquals(List.of(RecordingListener.accepted(buy, ACC2, msft, BUY, px("100.00"), 10)), listener.drain());
        assertEquals(px("100.00"), engine.bestBid(msft));
        assertEquals(10, engine.restingQuantity(aapl));
        engine.cancel(buy);
        assertEquals(RecordingListener.cancelled(buy, 10, false), listener.drain().get(0));
        assertNotNull(engine.book(msft));
        assertThrows(IllegalArgumentException.class, () -> engine.addInstrument(msft, TICK, 1));
    }

    @Test
    void addingInstrumentsWhileOrdersRestKeepsThemReachable()
    {
        final long bid = rest(BUY, "99.00", 10);
        for (final String symbol : new String[]{ "MSFT", "IBM", "TSLA", "NVDA" })
        {
            engine.addInstrument(PackedAscii.pack(symbol), TICK, LOT);  // grows the shared order index
        }

        assertEquals(10, engine.restingQuantity(bid));
        engine.cancel(bid);
        assertEquals(List.of(RecordingListener.cancelled(bid, 10, false)), listener.drain());
    }

    @Test
    void bookDepthIsReportedBestFirst()
    {
        rest(BUY, "99.00", 10);
        rest(BUY, "99.02", 20);
        rest(BUY, "99.01", 30);
        rest(BUY, "99.02", 5);

        final io.peregrine.sim.book.OrderBook book = engine.book(AAPL);
        assertEquals(3, book.levelCount(BUY));
        assertEquals(px("99.02"), book.levelPrice(BUY, 0));
        assertEquals(25, book.levelQuantity(BUY, 0));
        assertEquals(2, book.levelOrderCount(BUY, 0));
        assertEquals(px("99.01"), book.levelPrice(BUY, 1));
        assertEquals(px("99.00"), book.levelPrice(BUY, 2));
        assertTrue(book.levelCount(SELL) == 0);
    }
}
