package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.RejectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.ACC2;
import static io.peregrine.risk.RiskFixture.ACC9;
import static io.peregrine.risk.RiskFixture.MSFT;
import static io.peregrine.risk.RiskFixture.TSLA;
import static io.peregrine.risk.RiskFixture.px;
import static io.peregrine.sbe.OrdType.LIMIT;
import static io.peregrine.sbe.RejectReason.NONE;
import static io.peregrine.sbe.Side.BUY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class LimitUpdateTest
{
    private static final long BLANK = PackedAscii.BLANK;

    private PreTradeRisk risk;
    private long clOrdId = 1;

    @BeforeEach
    void open()
    {
        risk = PreTradeRisk.inMemory(RiskFixture.limits());
    }

    @AfterEach
    void close()
    {
        risk.close();
    }

    private RejectReason update(final long account, final long symbol, final Object... typeValues)
    {
        final int count = typeValues.length / 2;
        final LimitType[] types = new LimitType[count];
        final long[] values = new long[count];
        for (int i = 0; i < count; i++)
        {
            types[i] = (LimitType)typeValues[2 * i];
            values[i] = ((Number)typeValues[2 * i + 1]).longValue();
        }
        return risk.applyLimitUpdate(account, symbol, types, values, count);
    }

    private RejectReason buy(final long price, final long qty)
    {
        return risk.evaluateNewOrder(new RiskReservation(), ACC1, AAPL, clOrdId++, BUY, LIMIT, price, qty, 0);
    }

    @Test
    void appliesEveryAccountEntryTogether()
    {
        assertEquals(NONE, update(ACC1, BLANK,
            LimitType.MAX_ORDER_QTY, 300,
            LimitType.MAX_POSITION, 50,
            LimitType.MAX_OPEN_ORDERS, 2,
            LimitType.MAX_ORDERS_PER_SECOND, 7,
            LimitType.MAX_ORDER_NOTIONAL, px("12340.00"),
            LimitType.DAILY_NOTIONAL, px("99999.00")));
        final AccountLimits acc1 = risk.limits().account(ACC1);
        assertEquals(300, acc1.maxOrderQty());
        assertEquals(50, acc1.maxPosition());
        assertEquals(2, acc1.maxOpenOrders());
        assertEquals(7, acc1.maxOrdersPerSecond());
        assertEquals(px("12340.00"), acc1.maxOrderNotional());
        assertEquals(px("99999.00"), acc1.dailyNotional());
        assertEquals(RejectReason.POSITION_LIMIT_EXCEEDED, buy(px("100.00"), 60));
        assertEquals(RiskFixture.limits().account(ACC2).toString(), risk.limits().account(ACC2).toString());
    }

    @Test
    void appliesInstrumentEntriesAndMovesTheCollar()
    {
        assertEquals(NONE, buy(px("105.00"), 10));
        assertEquals(NONE, update(BLANK, AAPL,
            LimitType.REFERENCE_PRICE, px("110.00"),
            LimitType.COLLAR_BPS, 100,
            LimitType.MAX_ORDER_QTY, 20));
        assertEquals(RejectReason.PRICE_OUTSIDE_COLLAR, buy(px("105.00"), 10));
        assertEquals(NONE, buy(px("111.10"), 20));
        assertEquals(RejectReason.PRICE_OUTSIDE_COLLAR, buy(px("111.15"), 10));
        assertEquals(RejectReason.QUANTITY_ABOVE_MAX, buy(px("110.00"), 30));
        assertEquals(px("110.00"), risk.referencePrice(AAPL));

        assertEquals(NONE, update(BLANK, AAPL, LimitType.TRADABLE, 0));
        assertEquals(RejectReason.INSTRUMENT_NOT_TRADABLE, buy(px("110.00"), 10));
        assertEquals(NONE, update(BLANK, AAPL, LimitType.TRADABLE, 1, LimitType.RESTRICTED, 1));
        assertEquals(RejectReason.RESTRICTED_INSTRUMENT, buy(px("110.00"), 10));
    }

    @Test
    void restrictedWithAccountAndSymbolChangesOnlyThatAccountsList()
    {
        assertEquals(NONE, update(ACC1, AAPL, LimitType.RESTRICTED, 1));
        assertEquals(RejectReason.RESTRICTED_INSTRUMENT, buy(px("100.00"), 10));
        assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
            ACC2, AAPL, clOrdId++, BUY, LIMIT, px("100.00"), 10, 0));
        assertEquals(NONE, update(ACC1, AAPL, LimitType.RESTRICTED, 0));
        assertEquals(NONE, buy(px("100.00"), 10));
    }

    @Test
    void oneBadEntryRefusesTheWholeUpdate()
    {
        final RiskLimits before = risk.limits();
        assertEquals(RejectReason.INVALID_LIMIT, update(ACC1, BLANK,
            LimitType.MAX_POSITION, 5, LimitType.MAX_ORDERS_PER_SECOND, 0));
        assertEquals(RejectReason.INVALID_LIMIT, update(ACC1, BLANK,
            LimitType.MAX_POSITION, 5, LimitType.REFERENCE_PRICE, px("1.00")));
        assertEquals(RejectReason.INVALID_LIMIT, update(BLANK, AAPL,
            LimitType.COLLAR_BPS, 10, LimitType.MAX_POSITION, 5));
        assertEquals(RejectReason.INVALID_LIMIT, update(BLANK, AAPL, LimitType.REFERENCE_PRICE, 0));
        assertEquals(RejectReason.INVALID_LIMIT, update(BLANK, AAPL, LimitType.TRADABLE, 2));
        assertEquals(RejectReason.INVALID_LIMIT, update(ACC1, BLANK, LimitType.NULL_VAL, 1));
        assertEquals(RejectReason.INVALID_LIMIT, update(ACC1, BLANK));
        assertSame(before, risk.limits());
        assertEquals(1000, risk.limits().account(ACC1).maxPosition());
    }

    @Test
    void unknownAccountOrInstrumentIsNamedAsSuch()
    {
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, update(ACC9, BLANK, LimitType.MAX_POSITION, 5));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, update(BLANK, TSLA, LimitType.COLLAR_BPS, 5));
    }

    @Test
    void countBeyondTheArraysIsInvalid()
    {
        assertEquals(RejectReason.INVALID_LIMIT,
            risk.applyLimitUpdate(ACC1, BLANK, new LimitType[]{ LimitType.MAX_POSITION }, new long[]{ 5 }, 2));
        assertEquals(RejectReason.INVALID_LIMIT, risk.applyLimitUpdate(ACC1, BLANK, null, null, 1));
    }

    @Test
    void positionsAndOpenExposureSurviveUpdatesAndSwaps()
    {
        assertEquals(NONE, buy(px("100.00"), 100));
        risk.onFill(ACC1, AAPL, BUY, px("100.00"), 40, px("100.00"));
        assertEquals(NONE, update(ACC1, BLANK, LimitType.MAX_POSITION, 900));
        risk.swapLimits(RiskFixture.limits("account.ACC1.maxPosition", "150"));
        assertEquals(RejectReason.POSITION_LIMIT_EXCEEDED, buy(px("100.00"), 60));
        assertEquals(40, risk.position(ACC1, AAPL));
        assertEquals(60, risk.openBuyQty(ACC1, AAPL));
        assertEquals(1, risk.openOrders(ACC1));
        assertEquals(NONE, buy(px("100.00"), 50));
    }

    @Test
    void swapAddsNewAccountsAndInstrumentsAndRemovedOnesBecomeUnknown()
    {
        assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
            ACC2, AAPL, 1, BUY, LIMIT, px("100.00"), 10, 0));
        risk.onFill(ACC2, AAPL, BUY, px("100.00"), 10, px("200.00"));
        final java.util.Properties p = RiskFixture.properties();
        p.keySet().removeIf((k) -> k.toString().startsWith("account.ACC2."));
        p.setProperty("account.ACC9.maxPosition", "10");
        p.setProperty("instrument.TSLA.referencePrice", "300.00");
        risk.swapLimits(RiskLimits.fromProperties(p));

        assertEquals(RejectReason.UNKNOWN_ACCOUNT,
            risk.evaluateNewOrder(new RiskReservation(), ACC2, AAPL, 2, BUY, LIMIT, px("100.00"), 10, 0));
        assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
            ACC9, TSLA, 3, BUY, LIMIT, px("300.00"), 10, 0));
        assertEquals(10, risk.position(ACC2, AAPL), "state of a removed account is kept");
        assertEquals(0, risk.slotOverflows());
    }

    @Test
    void swapBeyondTheCapacityIsRefusedOnTheCallingThread()
    {
        final java.util.Properties p = RiskFixture.properties();
        p.setProperty("risk.accountCapacity", "20");
        for (int i = 0; i < 12; i++)
        {
            p.setProperty("account.X" + i + ".maxPosition", "1");
        }
        final RiskLimits tooMany = RiskLimits.fromProperties(p);
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> risk.swapLimits(tooMany));
        assertTrue(ex.getMessage().contains("capacity"), ex.getMessage());
    }
}
