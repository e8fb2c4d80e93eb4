package io.peregrine.risk;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.concurrent.TimeUnit;

import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.px;
import static io.peregrine.sbe.RejectReason.CREDIT_LIMIT_EXCEEDED;
import static io.peregrine.sbe.RejectReason.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The executed daily notional starts again from zero at the trading-day boundary, decided from the times handed in
 * (the core's journaled event times), once per day whatever the clock does, and across restarts and snapshots.
 * ACC1's daily notional is 200,000.00; five fills of 400 AAPL at 100.00 use it up.
 */
@Timeout(60)
class TradingDayRolloverTest
{
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long DAY = TimeUnit.DAYS.toNanos(1);
    /** Monday 2026-12-07 00:00 UTC. */
    private static final long MONDAY = TimeUnit.SECONDS.toNanos(Instant.parse("2026-12-07T00:00:00Z").getEpochSecond());
    private static final long TUESDAY = MONDAY + DAY;
    private static final long PRICE = px("100.00");
    private static final long SMALL_ORDER = Notional.of(PRICE, 10);

    @TempDir
    Path dir;

    private long clOrdId = 1;

    @Test
    void orderRefusedForCreditBeforeTheBoundaryIsAcceptedAfterIt()
    {
        try (PreTradeRisk risk = PreTradeRisk.inMemory(RiskFixture.limits()))
        {
            useUpTheDay(risk, MONDAY + 15 * HOUR);
            final RiskReservation open = new RiskReservation();
            assertEquals(CREDIT_LIMIT_EXCEEDED, order(risk, open, Side.BUY, 10, TUESDAY - 1));
            final long position = risk.position(ACC1, AAPL);

            assertEquals(NONE, order(risk, open, Side.BUY, 10, TUESDAY), "a new day: yesterday's fills do not count");
            assertEquals(0, risk.executedNotional(ACC1));
            assertEquals(SMALL_ORDER, risk.openNotional(ACC1), "the open order's reservation stays");
            assertEquals(position, risk.position(ACC1, AAPL), "positions are not part of the day");
        }
    }

    @Test
    void openReservationCarriesOverTheBoundary()
    {
        try (PreTradeRisk risk = PreTradeRisk.inMemory(RiskFixture.limits()))
        {
            final RiskReservation open = new RiskReservation();
            assertEquals(NONE, order(risk, open, Side.BUY, 400, TUESDAY - HOUR));
            risk.onTime(TUESDAY + MINUTE);
            assertEquals(Notional.of(PRICE, 400), risk.dailyNotionalUsed(ACC1), "open notional still counts");
            risk.onFill(open, 400, PRICE);
            risk.onOrderClosed(open);
            assertEquals(Notional.of(PRICE, 400), risk.executedNotional(ACC1), "filled on the new day");
        }
    }

    @Test
    void fillAfterTheBoundaryBelongsToTheNewDay()
    {
        try (PreTradeRisk risk = PreTradeRisk.inMemory(RiskFixture.limits()))
        {
            assertEquals(NONE, trade(risk, Side.BUY, 400, MONDAY + 20 * HOUR));
            final RiskReservation open = new RiskReservation();
            assertEquals(NONE, order(risk, open, Side.SELL, 10, MONDAY + 20 * HOUR));
            risk.onTime(TUESDAY + MINUTE); // the core hands the fill's time before booking it
            risk.onFill(open, 10, PRICE);
            risk.onOrderClosed(open);
            assertEquals(SMALL_ORDER, risk.executedNotional(ACC1));
            assertEquals(NONE, order(risk, new RiskReservation(), Side.BUY, 10, TUESDAY + 2 * MINUTE),
                "the first order of the day does not reset the fill of the day again");
            assertEquals(SMALL_ORDER, risk.executedNotional(ACC1));
        }
    }

    @Test
    void clockSteppedBackAcrossTheBoundaryResetsOnceAndTheNextBoundaryStillResets()
    {
        try (PreTradeRisk risk = PreTradeRisk.inMemory(RiskFixture.limits()))
        {
            useUpTheDay(risk, MONDAY + 22 * HOUR);
            assertEquals(NONE, trade(risk, Side.BUY, 10, TUESDAY + MINUTE));
            assertEquals(SMALL_ORDER, risk.executedNotional(ACC1));

            // stepped back two hours, into Monday: booked into Tuesday, nothing reset
            assertEquals(NONE, trade(risk, Side.SELL, 10, TUESDAY - 2 * HOUR));
            assertEquals(2 * SMALL_ORDER, risk.executedNotional(ACC1));
            // forward again past the boundary it already crossed: no second reset
            assertEquals(NONE, trade(risk, Side.BUY, 10, TUESDAY + 2 * MINUTE));
            assertEquals(3 * SMALL_ORDER, risk.executedNotional(ACC1));
            assertEquals(TradingDay.UTC_MIDNIGHT.dayOf(TUESDAY), risk.tradingDay());

            assertEquals(NONE, trade(risk, Side.SELL, 10, TUESDAY + DAY));
            assertEquals(SMALL_ORDER, risk.executedNotional(ACC1), "Wednesday resets once");
        }
    }

    @Test
    void configuredBoundaryIsTheDayStartInUtc()
    {
        final TradingDay tenPm = TradingDay.parse("22:00");
        assertEquals(LocalTime.of(22, 0), tenPm.start());
        try (PreTradeRisk risk = PreTradeRisk.inMemory(RiskFixture.limits(), tenPm))
        {
            useUpTheDay(risk, MONDAY + 12 * HOUR);
            assertEquals(CREDIT_LIMIT_EXCEEDED, order(risk, new RiskReservation(), Side.BUY, 10, MONDAY + 22 * HOUR - 1));
            assertEquals(NONE, order(risk, new RiskReservation(), Side.BUY, 10, MONDAY + 22 * HOUR));
        }
        assertThrows(IllegalArgumentException.class, () -> TradingDay.parse("25:00"));
    }

    @Test
    void persistentStateKeepsTheDayAcrossRestarts()
    {
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            useUpTheDay(risk, MONDAY + 9 * HOUR);
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(CREDIT_LIMIT_EXCEEDED, order(risk, new RiskReservation(), Side.BUY, 10, MONDAY + 10 * HOUR),
                "restarted on the same day: the day's fills still count");
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(NONE, trade(risk, Side.BUY, 10, TUESDAY + HOUR), "restarted on a later day: reset");
            assertEquals(SMALL_ORDER, risk.executedNotional(ACC1));
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(SMALL_ORDER, risk.executedNotional(ACC1));
            assertEquals(NONE, order(risk, new RiskReservation(), Side.BUY, 10, TUESDAY + 2 * HOUR));
            assertEquals(SMALL_ORDER, risk.executedNotional(ACC1), "the new day is stored: no second reset");
        }
    }

    @Test
    void snapshotCarriesTheDaySoARestoreOnALaterDayResets()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = snapshotOfMondayUsedUp(buffer);
        try (PreTradeRisk restored = PreTradeRisk.inMemory(RiskFixture.limits()))
        {
            assertEquals(length, restored.restoreFrom(buffer, 0));
            assertEquals(TradingDay.UTC_MIDNIGHT.dayOf(MONDAY), restored.tradingDay());
            assertEquals(NONE, order(restored, new RiskReservation(), Side.BUY, 10, TUESDAY + HOUR));
            assertEquals(0, restored.executedNotional(ACC1));
        }
    }

    @Test
    void snapshotOfAnEarlierReleaseWithoutTheDayTakesTheDayOfTheFirstTimeWithoutResetting()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = snapshotOfMondayUsedUp(buffer);
        try (PreTradeRisk restored = PreTradeRisk.inMemory(RiskFixture.limits()))
        {
            // format 1 is format 2 without the trailing day
            assertEquals(length - 8, restored.restoreFrom(buffer, 0, false));
            assertEquals(PreTradeRisk.NO_TRADING_DAY, restored.tradingDay());
            restored.onTime(MONDAY + 10 * HOUR); // the core hands it the snapshot's clock
            assertEquals(Notional.of(PRICE, 2_000), restored.executedNotional(ACC1), "no reset without a known day");
            assertEquals(NONE, order(restored, new RiskReservation(), Side.BUY, 10, TUESDAY));
            assertEquals(0, restored.executedNotional(ACC1));
        }
    }

    /** @return the length of the snapshot, taken on Monday with the day's credit used up. */
    private int snapshotOfMondayUsedUp(final ExpandableArrayBuffer buffer)
    {
        try (PreTradeRisk risk = PreTradeRisk.inMemory(RiskFixture.limits()))
        {
            useUpTheDay(risk, MONDAY + 9 * HOUR);
            return risk.snapshotTo(buffer, 0);
        }
    }

    private void useUpTheDay(final PreTradeRisk risk, final long now)
    {
        for (int i = 0; i < 5; i++)
        {
            assertEquals(NONE, trade(risk, (i & 1) == 0 ? Side.BUY : Side.SELL, 400, now + i));
        }
        assertEquals(Notional.of(PRICE, 2_000), risk.executedNotional(ACC1));
        assertEquals(CREDIT_LIMIT_EXCEEDED, order(risk, new RiskReservation(), Side.BUY, 10, now + 10));
    }

    /** A new order filled completely at its price at {@code now}. */
    private RejectReason trade(final PreTradeRisk risk, final Side side, final long qty, final long now)
    {
        final RiskReservation reservation = new RiskReservation();
        final RejectReason reason = order(risk, reservation, side, qty, now);
        if (NONE == reason)
        {
            risk.onTime(now);
            risk.onFill(reservation, qty, PRICE);
            risk.onOrderClosed(reservation);
        }
        return reason;
    }

    private RejectReason order(
        final PreTradeRisk risk, final RiskReservation into, final Side side, final long qty, final long now)
    {
        return risk.evaluateNewOrder(into, ACC1, AAPL, clOrdId++, side, OrdType.LIMIT, PRICE, qty, now);
    }
}
