package io.peregrine.risk;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.ACC2;
import static io.peregrine.risk.RiskFixture.ACC9;
import static io.peregrine.risk.RiskFixture.IBM;
import static io.peregrine.risk.RiskFixture.MSFT;
import static io.peregrine.risk.RiskFixture.TSLA;
import static io.peregrine.risk.RiskFixture.px;
import static io.peregrine.sbe.OrdType.LIMIT;
import static io.peregrine.sbe.OrdType.MARKET;
import static io.peregrine.sbe.RejectReason.NONE;
import static io.peregrine.sbe.Side.BUY;
import static io.peregrine.sbe.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every check at its boundary: exactly at the limit passes, one unit (tick, lot, share, order, nanosecond) beyond
 * fails with the check's own reason. Numbers come from {@link RiskFixture}.
 */
@Timeout(30)
class PreTradeRiskChecksTest
{
    private PreTradeRisk risk;
    private long clOrdId = 1;
    private long now = 1_000_000_000_000L;

    private RiskLimits use(final RiskLimits limits)
    {
        CloseHelper.close(risk);
        risk = PreTradeRisk.inMemory(limits);
        return limits;
    }

    @AfterEach
    void close()
    {
        CloseHelper.close(risk);
    }

    private RejectReason order(
        final long account, final long symbol, final Side side, final OrdType type, final long price, final long qty)
    {
        return risk.evaluateNewOrder(new RiskReservation(), account, symbol, clOrdId++, side, type, price, qty, now);
    }

    private RejectReason buy(final long price, final long qty)
    {
        return order(ACC1, AAPL, BUY, LIMIT, price, qty);
    }

    private RejectReason buyWithId(
        final long account, final long symbol, final long id, final long price, final long qty)
    {
        return risk.evaluateNewOrder(new RiskReservation(), account, symbol, id, BUY, LIMIT, price, qty, now);
    }

    private RejectReason sell(final long price, final long qty)
    {
        return order(ACC1, AAPL, SELL, LIMIT, price, qty);
    }

    /**
     * One check at its boundary: fresh limits (the fixture with {@code overrides}), then orders in sequence, each
     * with the result it must get.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("checkBoundaries")
    void eachOrderGetsItsCheckResultAtTheBoundary(final String check, final String[] overrides, final Step[] steps)
    {
        use(RiskFixture.limits(overrides));
        for (final Step step : steps)
        {
            final RejectReason result =
                order(step.account(), step.symbol(), step.side(), step.type(), step.price(), step.quantity());
            assertEquals(step.expected(), result, step::toString);
        }
    }

    private record Step(RejectReason expected, long account, long symbol, Side side, OrdType type, long price,
        long quantity)
    {
    }

    private static Step step(
        final RejectReason expected, final long account, final long symbol, final Side side, final OrdType type,
        final long price, final long quantity)
    {
        return new Step(expected, account, symbol, side, type, price, quantity);
    }

    private static Arguments check(final String name, final String[] overrides, final Step... steps)
    {
        return Arguments.of(name, overrides, steps);
    }

    private static String[] limits(final String... overrides)
    {
        return overrides;
    }

    static Stream<Arguments> checkBoundaries()
    {
        return Stream.of(
            check("rejectsInstrumentThatIsNotTradable", limits("instrument.AAPL.tradable", "false"),
                step(RejectReason.INSTRUMENT_NOT_TRADABLE, ACC1, AAPL, BUY, LIMIT, px("100.00"), 10),
                step(NONE, ACC1, MSFT, BUY, LIMIT, px("200.00"), 10)),
            check("rejectsGloballyRestrictedInstrument", limits("instrument.AAPL.restricted", "true"),
                step(RejectReason.RESTRICTED_INSTRUMENT, ACC1, AAPL, BUY, LIMIT, px("100.00"), 10),
                step(RejectReason.RESTRICTED_INSTRUMENT, ACC2, AAPL, BUY, LIMIT, px("100.00"), 10)),
            check("rejectsSymbolRestrictedForTheAccountOnly", limits(),
                step(RejectReason.RESTRICTED_INSTRUMENT, ACC1, IBM, BUY, LIMIT, px("150.00"), 10),
                step(NONE, ACC2, IBM, BUY, LIMIT, px("150.00"), 10),
                step(RejectReason.RESTRICTED_INSTRUMENT, ACC2, MSFT, BUY, LIMIT, px("200.00"), 10),
                step(NONE, ACC1, MSFT, BUY, LIMIT, px("200.00"), 10)),
            check("rejectsQuantityOfZeroOrBelow", limits(),
                step(RejectReason.INVALID_QUANTITY, ACC1, AAPL, BUY, LIMIT, px("100.00"), 0),
                step(RejectReason.INVALID_QUANTITY, ACC1, AAPL, BUY, LIMIT, px("100.00"), -10),
                step(RejectReason.INVALID_QUANTITY, ACC1, AAPL, BUY, LIMIT, px("100.00"), Long.MIN_VALUE)),
            check("quantityLimitIsTheAccountMaxWhenLowerThanTheInstrumentMax", limits(),
                step(NONE, ACC1, AAPL, BUY, LIMIT, px("100.00"), 500),
                step(RejectReason.QUANTITY_ABOVE_MAX, ACC1, AAPL, BUY, LIMIT, px("100.00"), 510),
                step(RejectReason.QUANTITY_ABOVE_MAX, ACC1, AAPL, BUY, LIMIT, px("100.00"), 501),
                step(RejectReason.QUANTITY_ABOVE_MAX, ACC1, AAPL, BUY, LIMIT, px("100.00"), Long.MAX_VALUE)),
            check("quantityLimitIsTheInstrumentMaxWhenLowerThanTheAccountMax", limits(),
                step(NONE, ACC1, MSFT, BUY, LIMIT, px("200.00"), 200),
                step(RejectReason.QUANTITY_ABOVE_MAX, ACC1, MSFT, BUY, LIMIT, px("200.00"), 201)),
            check("rejectsQuantityThatIsNotAWholeNumberOfLots", limits(),
                step(NONE, ACC1, AAPL, BUY, LIMIT, px("100.00"), 10),
                step(RejectReason.LOT_SIZE_VIOLATION, ACC1, AAPL, BUY, LIMIT, px("100.00"), 11),
                step(RejectReason.LOT_SIZE_VIOLATION, ACC1, AAPL, BUY, LIMIT, px("100.00"), 9),
                step(NONE, ACC1, AAPL, BUY, LIMIT, px("100.00"), 20)),
            check("rejectsLimitPriceOfZeroOrBelow", limits(),
                step(RejectReason.INVALID_PRICE, ACC1, AAPL, BUY, LIMIT, 0, 10),
                step(RejectReason.INVALID_PRICE, ACC1, AAPL, BUY, LIMIT, -px("100.00"), 10),
                step(RejectReason.INVALID_PRICE, ACC1, AAPL, BUY, LIMIT, Long.MIN_VALUE, 10)),
            check("rejectsLimitPriceThatIsNotAWholeNumberOfTicks", limits(),
                step(NONE, ACC1, AAPL, BUY, LIMIT, px("100.05"), 10),
                step(RejectReason.TICK_SIZE_VIOLATION, ACC1, AAPL, BUY, LIMIT, px("100.01"), 10),
                step(RejectReason.TICK_SIZE_VIOLATION, ACC1, AAPL, BUY, LIMIT, px("100.049999"), 10),
                step(RejectReason.TICK_SIZE_VIOLATION, ACC1, AAPL, BUY, LIMIT, px("100.04"), 10)),
            check("acceptsPricesOnTheCollarEdgesAndRejectsOneTickOutside", limits(),
                step(NONE, ACC1, AAPL, BUY, LIMIT, px("105.00"), 10),
                step(RejectReason.PRICE_OUTSIDE_COLLAR, ACC1, AAPL, BUY, LIMIT, px("105.05"), 10),
                step(NONE, ACC1, AAPL, SELL, LIMIT, px("95.00"), 10),
                step(RejectReason.PRICE_OUTSIDE_COLLAR, ACC1, AAPL, SELL, LIMIT, px("94.95"), 10),
                step(RejectReason.PRICE_OUTSIDE_COLLAR, ACC1, AAPL, BUY, LIMIT,
                    Long.MAX_VALUE - Long.MAX_VALUE % px("0.05"), 10)),
            check("collarIsPerInstrument", limits(),
                step(NONE, ACC1, MSFT, BUY, LIMIT, px("220.00"), 10),
                step(RejectReason.PRICE_OUTSIDE_COLLAR, ACC1, MSFT, BUY, LIMIT, px("220.01"), 10),
                step(NONE, ACC1, MSFT, SELL, LIMIT, px("180.00"), 10),
                step(RejectReason.PRICE_OUTSIDE_COLLAR, ACC1, MSFT, SELL, LIMIT, px("179.99"), 10)),
            check("acceptsOrderNotionalAtTheLimitAndRejectsOneTickAbove", limits(),
                step(NONE, ACC1, AAPL, BUY, LIMIT, px("100.00"), 500),
                step(RejectReason.MAX_NOTIONAL_EXCEEDED, ACC1, AAPL, BUY, LIMIT, px("100.05"), 500)),
            check("marketOrderIgnoresItsPriceField", limits(),
                step(NONE, ACC1, AAPL, BUY, MARKET, -1, 10),
                step(NONE, ACC1, AAPL, SELL, MARKET, px("100.01"), 10)),
            check("positionLimitIsPerInstrument", limits("account.ACC1.maxPosition", "100"),
                step(NONE, ACC1, AAPL, BUY, LIMIT, px("100.00"), 100),
                step(RejectReason.POSITION_LIMIT_EXCEEDED, ACC1, AAPL, BUY, LIMIT, px("100.00"), 10),
                step(NONE, ACC1, MSFT, BUY, LIMIT, px("200.00"), 100)));
    }

    @Test
    void acceptsAnOrdinaryOrderAndCountsItOpen()
    {
        use(RiskFixture.limits());
        assertEquals(NONE, buy(px("100.00"), 100));
        assertEquals(100, risk.openBuyQty(ACC1, AAPL));
        assertEquals(1, risk.openOrders(ACC1));
        assertEquals(px("10000.00"), risk.dailyNotionalUsed(ACC1));
        assertEquals(1, risk.accepted());
    }

    @Test
    void rejectsUnknownAccount()
    {
        use(RiskFixture.limits());
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, order(ACC9, AAPL, BUY, LIMIT, px("100.00"), 10));
        assertEquals(1, risk.rejects(RejectReason.UNKNOWN_ACCOUNT));
        assertFalse(risk.isKnownAccount(ACC9));
        assertTrue(risk.isKnownAccount(ACC1));
    }

    @Test
    void rejectsUnknownInstrument()
    {
        use(RiskFixture.limits());
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, order(ACC1, TSLA, BUY, LIMIT, px("100.00"), 10));
        assertFalse(risk.isKnownInstrument(TSLA));
    }

    @Test
    void globalKillSwitchStopsEveryAccountUntilResumed()
    {
        use(RiskFixture.limits());
        risk.killGlobal();
        assertTrue(risk.isGlobalKilled());
        assertEquals(RejectReason.KILL_SWITCH_GLOBAL, buy(px("100.00"), 10));
        assertEquals(RejectReason.KILL_SWITCH_GLOBAL, order(ACC2, AAPL, BUY, LIMIT, px("100.00"), 10));
        assertEquals(RejectReason.KILL_SWITCH_GLOBAL, order(ACC9, TSLA, BUY, LIMIT, 0, 0));
        risk.resumeGlobal();
        assertEquals(NONE, buy(px("100.00"), 10));
    }

    @Test
    void accountKillSwitchStopsOnlyThatAccount()
    {
        use(RiskFixture.limits());
        assertTrue(risk.killAccount(ACC1));
        assertFalse(risk.killAccount(ACC9));
        assertEquals(RejectReason.KILL_SWITCH_ACCOUNT, buy(px("100.00"), 10));
        assertEquals(NONE, order(ACC2, AAPL, BUY, LIMIT, px("100.00"), 10));
        assertTrue(risk.resumeAccount(ACC1));
        assertFalse(risk.resumeAccount(ACC9));
        assertEquals(NONE, buy(px("100.00"), 10));
    }

    @Test
    void killedAccountStillBooksFillsAndCloses()
    {
        use(RiskFixture.limits());
        assertEquals(NONE, buy(px("100.00"), 100));
        risk.killAccount(ACC1);
        risk.onFill(ACC1, AAPL, BUY, px("100.00"), 100, px("99.00"));
        risk.onOrderClosed(ACC1, AAPL, BUY, px("100.00"), 0);
        assertEquals(100, risk.position(ACC1, AAPL));
        assertEquals(0, risk.openOrders(ACC1));
    }

    @Test
    void marketOrderIsCheckedAtTheWorstCasePriceOfTheCollar()
    {
        // 470 * 105.00 = 49,350.00 (the limit); 480 * 105.00 = 50,400.00.
        use(RiskFixture.limits("account.ACC1.maxOrderNotional", "49350.00"));
        assertEquals(px("105.00"), risk.worstCasePrice(AAPL));
        assertEquals(NONE, order(ACC1, AAPL, BUY, MARKET, 0, 470));
        assertEquals(RejectReason.MAX_NOTIONAL_EXCEEDED, order(ACC1, AAPL, BUY, MARKET, 0, 480));
        assertEquals(RejectReason.MAX_NOTIONAL_EXCEEDED, order(ACC1, AAPL, SELL, MARKET, 0, 480));
        assertEquals(px("49350.00"), risk.dailyNotionalUsed(ACC1));
    }

    @Test
    void marketOrderReservationIsReleasedByFillAndClose()
    {
        use(RiskFixture.limits());
        assertEquals(NONE, order(ACC1, AAPL, BUY, MARKET, 0, 100));
        assertEquals(px("10500.00"), risk.openNotional(ACC1));
        risk.onFill(ACC1, AAPL, BUY, 0, 40, px("101.00"));
        assertEquals(px("6300.00"), risk.openNotional(ACC1));
        assertEquals(px("4040.00"), risk.executedNotional(ACC1));
        risk.onOrderClosed(ACC1, AAPL, BUY, 0, 60);
        assertEquals(0, risk.openNotional(ACC1));
        assertEquals(0, risk.openBuyQty(ACC1, AAPL));
    }

    @Test
    void reservationHandedBackIsReleasedExactlyOnce()
    {
        use(RiskFixture.limits());
        final RiskReservation order = new RiskReservation();
        assertEquals(NONE, risk.evaluateNewOrder(order, ACC1, AAPL, 77, BUY, LIMIT, px("100.00"), 100, now));
        assertEquals(100, order.openQty());
        risk.onFill(order, 40, px("99.00"));
        assertEquals(40, order.filledQty());
        assertEquals(60, order.openQty());
        assertEquals(60, risk.openBuyQty(ACC1, AAPL));
        assertEquals(px("6000.00"), risk.openNotional(ACC1));

        risk.onOrderClosed(order);
        assertTrue(order.isReleased());
        assertEquals(0, order.openQty());
        assertEquals(0, risk.openBuyQty(ACC1, AAPL));
        assertEquals(0, risk.openNotional(ACC1));
        assertEquals(0, risk.openOrders(ACC1));
        assertEquals(0, risk.bookkeepingAnomalies());

        assertEquals(NONE, buy(px("100.00"), 10)); // another order stays open through the second release
        risk.onOrderClosed(order);
        assertEquals(1, risk.openOrders(ACC1), "a second release of the same reservation changes nothing");
        assertEquals(10, risk.openBuyQty(ACC1, AAPL));
        assertEquals(1, risk.bookkeepingAnomalies(), "and is counted");
    }

    @Test
    void marketOrderReservationKeepsItsPriceAcrossAReferenceMove()
    {
        use(RiskFixture.limits());
        final RiskReservation order = new RiskReservation();
        assertEquals(NONE, risk.evaluateNewOrder(order, ACC1, AAPL, 78, BUY, MARKET, 0, 100, now));
        assertEquals(px("105.00"), order.price(), "a market order is reserved at the worst-case price");
        risk.swapLimits(RiskFixture.limits("instrument.AAPL.referencePrice", "110.00"));
        assertEquals(NONE, buy(px("110.00"), 10)); // adopts the new reference
        risk.onOrderClosed(order);
        assertEquals(px("1100.00"), risk.openNotional(ACC1));
        assertEquals(0, risk.bookkeepingAnomalies());
    }

    @Test
    void reservedPriceOfAMarketOrderReleasesExactlyAfterTheReferenceMoves()
    {
        use(RiskFixture.limits());
        final long reserved = risk.reservedPrice(AAPL, MARKET, 0);
        assertEquals(px("105.00"), reserved);
        assertEquals(px("100.05"), risk.reservedPrice(AAPL, LIMIT, px("100.05")));
        assertEquals(NONE, order(ACC1, AAPL, BUY, MARKET, 0, 100));
        assertEquals(NONE, buy(px("100.00"), 10));
        risk.swapLimits(RiskFixture.limits("instrument.AAPL.referencePrice", "110.00"));
        assertEquals(NONE, buy(px("110.00"), 10)); // adopts the new reference
        risk.onOrderClosed(ACC1, AAPL, BUY, reserved, 100);
        assertEquals(px("2100.00"), risk.openNotional(ACC1));
    }

    @ParameterizedTest
    @EnumSource(value = Side.class, names = {"BUY", "SELL"})
    void positionLimitCountsPositionOpenOrdersOfTheSideAndTheOrder(final Side side)
    {
        use(RiskFixture.limits("account.ACC1.maxOrderNotional", "1000000.00"));
        final Side other = BUY == side ? SELL : BUY;
        assertEquals(NONE, order(ACC1, AAPL, side, LIMIT, px("100.00"), 500));
        risk.onFill(ACC1, AAPL, side, px("100.00"), 500, px("100.00"));
        risk.onOrderClosed(ACC1, AAPL, side, px("100.00"), 0);
        assertEquals(BUY == side ? 500 : -500, risk.position(ACC1, AAPL));
        // max position 1,000 either way: position + open orders of the side + the order
        assertEquals(NONE, order(ACC1, AAPL, side, LIMIT, px("100.00"), 300));
        assertEquals(RejectReason.POSITION_LIMIT_EXCEEDED, order(ACC1, AAPL, side, LIMIT, px("100.00"), 210));
        assertEquals(NONE, order(ACC1, AAPL, side, LIMIT, px("100.00"), 200));
        assertEquals(RejectReason.POSITION_LIMIT_EXCEEDED, order(ACC1, AAPL, side, LIMIT, px("100.00"), 10));
        // the other side has room, and its open orders do not offset this side's worst case
        assertEquals(NONE, order(ACC1, AAPL, other, LIMIT, px("100.00"), 500));
        assertEquals(RejectReason.POSITION_LIMIT_EXCEEDED, order(ACC1, AAPL, side, LIMIT, px("100.00"), 10));
    }

    @Test
    void creditLimitCountsExecutedAndOpenNotionalAndCancelsReleaseTheOpenPart()
    {
        use(RiskFixture.limits("account.ACC1.dailyNotional", "100000.00", "account.ACC1.maxPosition", "100000"));
        assertEquals(NONE, buy(px("100.00"), 500));                   // open 50,000
        risk.onFill(ACC1, AAPL, BUY, px("100.00"), 200, px("100.00")); // executed 20,000, open 30,000
        assertEquals(px("50000.00"), risk.dailyNotionalUsed(ACC1));
        assertEquals(NONE, buy(px("100.00"), 500));                   // 100,000 exactly
        assertEquals(px("100000.00"), risk.dailyNotionalUsed(ACC1));
        assertEquals(RejectReason.CREDIT_LIMIT_EXCEEDED, buy(px("95.00"), 10));
        risk.onOrderClosed(ACC1, AAPL, BUY, px("100.00"), 300);       // cancel releases 30,000
        assertEquals(px("70000.00"), risk.dailyNotionalUsed(ACC1));
        assertEquals(NONE, buy(px("100.00"), 300));
        assertEquals(RejectReason.CREDIT_LIMIT_EXCEEDED, buy(px("95.00"), 10));
    }

    @Test
    void executedNotionalUsesTheFillPrice()
    {
        use(RiskFixture.limits("account.ACC1.dailyNotional", "10900.00"));
        assertEquals(NONE, buy(px("100.00"), 100));
        risk.onFill(ACC1, AAPL, BUY, px("100.00"), 100, px("99.00"));
        risk.onOrderClosed(ACC1, AAPL, BUY, px("100.00"), 0);
        assertEquals(px("9900.00"), risk.dailyNotionalUsed(ACC1));
        assertEquals(NONE, buy(px("100.00"), 10));
        assertEquals(RejectReason.CREDIT_LIMIT_EXCEEDED, buy(px("95.00"), 10));
    }

    @Test
    void openOrderLimitAcceptsUpToTheMaxAndFreesASlotWhenAnOrderCloses()
    {
        use(RiskFixture.limits());
        for (int i = 0; i < 5; i++)
        {
            assertEquals(NONE, buy(px("100.00"), 10));
        }
        assertEquals(RejectReason.OPEN_ORDER_LIMIT_EXCEEDED, buy(px("100.00"), 10));
        risk.onOrderClosed(ACC1, AAPL, BUY, px("100.00"), 10);
        assertEquals(NONE, buy(px("100.00"), 10));
        assertEquals(RejectReason.OPEN_ORDER_LIMIT_EXCEEDED, buy(px("100.00"), 10));
    }

    @Test
    void rateThrottleAllowsTheBurstThenOneOrderPerInterval()
    {
        use(RiskFixture.limits("account.ACC1.maxOrdersPerSecond", "3", "account.ACC1.maxOpenOrders", "100"));
        for (int i = 0; i < 3; i++)
        {
            assertEquals(NONE, buy(px("100.00"), 10));
        }
        assertEquals(RejectReason.ORDER_RATE_EXCEEDED, buy(px("100.00"), 10));
        // one token takes 1e9 / 3 = 333,333,333.3 ns to refill
        now += 333_333_333L;
        assertEquals(RejectReason.ORDER_RATE_EXCEEDED, buy(px("100.00"), 10));
        now += 1;
        assertEquals(NONE, buy(px("100.00"), 10));
        assertEquals(RejectReason.ORDER_RATE_EXCEEDED, buy(px("100.00"), 10));
        // after a full second the bucket is full again, and not fuller
        now += 1_000_000_000L;
        for (int i = 0; i < 3; i++)
        {
            assertEquals(NONE, buy(px("100.00"), 10));
        }
        assertEquals(RejectReason.ORDER_RATE_EXCEEDED, buy(px("100.00"), 10));
        assertEquals(NONE, order(ACC2, AAPL, BUY, LIMIT, px("100.00"), 10), "throttle is per account");
    }

    @Test
    void rateThrottleDoesNotRefillWhenTheClockGoesBackwards()
    {
        use(RiskFixture.limits("account.ACC1.maxOrdersPerSecond", "1"));
        assertEquals(NONE, buy(px("100.00"), 10));
        now -= 5_000_000_000L;
        assertEquals(RejectReason.ORDER_RATE_EXCEEDED, buy(px("100.00"), 10));
    }

    @Test
    void rejectsDuplicateClientOrderIdOfTheSameAccountOnly()
    {
        use(RiskFixture.limits());
        assertEquals(NONE, buyWithId(ACC1, AAPL, 42, px("100.00"), 10));
        assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID, buyWithId(ACC1, MSFT, 42, px("200.00"), 10));
        assertEquals(NONE, buyWithId(ACC2, AAPL, 42, px("100.00"), 10));
    }

    @Test
    void rejectedOrderDoesNotConsumeItsClientOrderId()
    {
        use(RiskFixture.limits());
        assertEquals(RejectReason.LOT_SIZE_VIOLATION, buyWithId(ACC1, AAPL, 7, px("100.00"), 11));
        assertEquals(NONE, buyWithId(ACC1, AAPL, 7, px("100.00"), 10));
        assertEquals(0, risk.rejects(RejectReason.DUPLICATE_CLIENT_ORDER_ID));
    }

    @Test
    void fullClientOrderIdWindowRefusesForgottenIdsInsteadOfAcceptingThem()
    {
        use(RiskFixture.limits("risk.clOrdIdWindow", "4", "account.ACC1.maxOpenOrders", "100"));
        for (long id = 1; id <= 6; id++)
        {
            assertEquals(NONE, buyWithId(ACC1, AAPL, id, px("100.00"), 10));
        }
        // ids 1 and 2 were forgotten: they are refused as possible duplicates, never silently accepted
        assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID, buyWithId(ACC1, AAPL, 1, px("100.00"), 10));
        assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID, buyWithId(ACC1, AAPL, 2, px("100.00"), 10));
        assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID, buyWithId(ACC1, AAPL, 6, px("100.00"), 10));
        assertEquals(NONE, buyWithId(ACC1, AAPL, 7, px("100.00"), 10));
    }

    @Test
    void rejectsBadSideAndUnsupportedOrderType()
    {
        use(RiskFixture.limits());
        assertEquals(RejectReason.INVALID_ENUM_VALUE, order(ACC1, AAPL, null, LIMIT, px("100.00"), 10));
        assertEquals(RejectReason.INVALID_ENUM_VALUE, order(ACC1, AAPL, Side.NULL_VAL, LIMIT, px("100.00"), 10));
        assertEquals(RejectReason.UNSUPPORTED_ORDER_TYPE, order(ACC1, AAPL, BUY, OrdType.NULL_VAL, px("100.00"), 10));
        assertEquals(RejectReason.UNSUPPORTED_ORDER_TYPE, order(ACC1, AAPL, BUY, null, px("100.00"), 10));
    }

    @Test
    void replaceMovesTheReservationAndChecksTheExposureAfterTheMove()
    {
        use(RiskFixture.limits("account.ACC1.maxOrderNotional", "1000000.00", "account.ACC1.maxPosition", "400"));
        assertEquals(NONE, buy(px("100.00"), 400));
        final RiskReservation order = new RiskReservation().load(ACC1, AAPL, BUY, px("100.00"), 400, 0);
        // the old 400 is released first, so a replace to 400 at another price fits the 400 position limit
        assertEquals(NONE, risk.evaluateReplace(order, 1000, LIMIT, px("101.00"), 400, now));
        assertEquals(px("101.00"), order.price());
        assertEquals(400, order.quantity());
        assertEquals(400, risk.openBuyQty(ACC1, AAPL));
        assertEquals(px("40400.00"), risk.openNotional(ACC1));
        assertEquals(1, risk.openOrders(ACC1));
        assertEquals(RejectReason.POSITION_LIMIT_EXCEEDED,
            risk.evaluateReplace(order, 1001, LIMIT, px("101.00"), 410, now));
        assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID,
            risk.evaluateReplace(order, 1000, LIMIT, px("101.00"), 400, now));
        assertEquals(RejectReason.PRICE_OUTSIDE_COLLAR,
            risk.evaluateReplace(order, 1002, LIMIT, px("105.05"), 400, now));
        assertEquals(RejectReason.INVALID_QUANTITY, risk.evaluateReplace(order, 1003, LIMIT, px("101.00"), 0, now));
        assertEquals(px("101.00"), order.price(), "a refused replace leaves the reservation as it was");
        assertEquals(400, order.quantity());
        assertEquals(NONE, risk.evaluateReplace(order, 1004, LIMIT, px("99.00"), 200, now));
        assertEquals(200, risk.openBuyQty(ACC1, AAPL));
        assertEquals(px("19800.00"), risk.openNotional(ACC1));
    }

    @Test
    void revertedReplaceRestoresTheOldReservation()
    {
        use(RiskFixture.limits());
        assertEquals(NONE, sell(px("100.00"), 300));
        final RiskReservation order = new RiskReservation().load(ACC1, AAPL, SELL, px("100.00"), 300, 0);
        assertEquals(NONE, risk.evaluateReplace(order, 500, LIMIT, px("102.00"), 100, now));
        assertEquals(100, risk.openSellQty(ACC1, AAPL));
        risk.onReplaceSettled(order, px("100.00"), 300);
        assertEquals(px("100.00"), order.price());
        assertEquals(300, order.quantity());
        assertEquals(300, risk.openSellQty(ACC1, AAPL));
        assertEquals(px("30000.00"), risk.openNotional(ACC1));
        assertEquals(1, risk.openOrders(ACC1));
    }

    @Test
    void bookkeepingForUnknownAccountsOrOverReleasesIsClampedAndCounted()
    {
        use(RiskFixture.limits());
        risk.onFill(ACC9, AAPL, BUY, px("100.00"), 10, px("100.00"));
        risk.onOrderClosed(ACC1, AAPL, BUY, px("100.00"), 10);
        assertEquals(0, risk.openBuyQty(ACC1, AAPL));
        assertEquals(0, risk.openOrders(ACC1));
        assertEquals(0, risk.openNotional(ACC1));
        assertTrue(risk.bookkeepingAnomalies() >= 2);
    }

    @Test
    void startNewDayResetsExecutedNotionalAndClientOrderIds()
    {
        use(RiskFixture.limits());
        assertEquals(NONE, buyWithId(ACC1, AAPL, 1, px("100.00"), 10));
        risk.onFill(ACC1, AAPL, BUY, px("100.00"), 10, px("100.00"));
        risk.onOrderClosed(ACC1, AAPL, BUY, px("100.00"), 0);
        risk.startNewDay();
        assertEquals(0, risk.dailyNotionalUsed(ACC1));
        assertEquals(10, risk.position(ACC1, AAPL));
        assertEquals(NONE, buyWithId(ACC1, AAPL, 1, px("100.00"), 10));
    }
}
