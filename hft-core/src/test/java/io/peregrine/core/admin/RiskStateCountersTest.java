package io.peregrine.core.admin;

import io.peregrine.core.journal.LogicClock;
import io.peregrine.protocol.CounterSet;
import io.peregrine.protocol.InProcessCounters;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.risk.Notional;
import io.peregrine.risk.PreTradeRisk;
import io.peregrine.risk.RiskLimits;
import io.peregrine.risk.RiskReservation;
import io.peregrine.risk.TradingDay;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The executed-notional gauge is today's by the core's logic clock: after the trading-day boundary it shows 0 though
 * the risk state, which moves its day only with the times of orders and fills, still holds yesterday's.
 */
@Timeout(30)
class RiskStateCountersTest
{
    private static final long ACC1 = PackedAscii.pack("ACC1");
    private static final long AAPL = PackedAscii.pack("AAPL");
    /** Monday 2026-12-07 00:00 UTC. */
    private static final long MONDAY = TimeUnit.SECONDS.toNanos(Instant.parse("2026-12-07T00:00:00Z").getEpochSecond());
    private static final long TUESDAY = MONDAY + TimeUnit.DAYS.toNanos(1);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long PRICE = 100_000_000; // 100.00, fixed point 6 decimals

    @Test
    void executedNotionalShowsZeroOnceTheLogicClockIsOnALaterTradingDayWithoutMovingTheRiskStatesDay()
    {
        final CountersManager manager = InProcessCounters.manager(1024);
        final LogicClock logicClock = new LogicClock();
        try (CounterSet counters = new CounterSet(manager::newCounter);
            PreTradeRisk risk = PreTradeRisk.inMemory(
                RiskLimits.demo().withSettings("instrument.AAPL.referencePrice", "100.00"), TradingDay.UTC_MIDNIGHT))
        {
            final RiskStateCounters gauges =
                new RiskStateCounters(counters, risk, new Gate(manager.newCounter("symbol kills")), logicClock);
            final RiskReservation order = new RiskReservation();
            final long monday = MONDAY + 15 * HOUR;
            assertEquals(RejectReason.NONE, risk.evaluateNewOrder(
                order, ACC1, AAPL, 1, Side.BUY, OrdType.LIMIT, PRICE, 10, monday));
            logicClock.time(monday);
            risk.onTime(monday);
            risk.onFill(order, 10, PRICE);
            risk.onOrderClosed(order);
            gauges.refreshAll();
            final long executed = Notional.of(PRICE, 10);
            assertEquals(executed, executedNotionalGauge(manager), "Monday's");

            logicClock.time(TUESDAY + HOUR); // an input of Tuesday that hands no time to the risk state (an admin one)
            gauges.refreshAll();

            assertEquals(0, executedNotionalGauge(manager), "nothing yet on Tuesday");
            assertEquals(TradingDay.UTC_MIDNIGHT.dayOf(monday), risk.tradingDay(), "the gauge moved no day");
            assertEquals(executed, risk.executedNotional(ACC1), "the risk state is left as it was");
        }
    }

    /** The gauge's value for ACC1, read as the ops console reads it: by type id and key. */
    private static long executedNotionalGauge(final CountersReader counters)
    {
        final long[] value = {Long.MIN_VALUE};
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (RiskStateCounters.ACCOUNT_EXECUTED_NOTIONAL.typeId() == typeId && ACC1 == keyBuffer.getLong(0))
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }
}
