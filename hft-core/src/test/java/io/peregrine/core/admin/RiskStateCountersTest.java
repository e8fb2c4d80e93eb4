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
    private static final long MSFT = PackedAscii.pack("MSFT");
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
            final RiskStateCounters gauges = new RiskStateCounters(counters, risk,
                new Gate(manager.newCounter("symbol kills")), new Gate(manager.newCounter("venue pauses")), new int[0],
                logicClock);
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

    @Test
    void anAccountsRestrictedSymbolsAndThePauseOfEachRoutedVenueAreGauges()
    {
        final CountersManager manager = InProcessCounters.manager(1024);
        try (CounterSet counters = new CounterSet(manager::newCounter);
            PreTradeRisk risk = PreTradeRisk.inMemory(
                RiskLimits.demo().withSettings("account.ACC1.restrictedSymbols", "MSFT"), TradingDay.UTC_MIDNIGHT))
        {
            final Gate venuePauses = new Gate(manager.newCounter("venue pauses"));
            final RiskStateCounters gauges = new RiskStateCounters(counters, risk,
                new Gate(manager.newCounter("symbol kills")), venuePauses, new int[] {1, 2}, new LogicClock());
            venuePauses.close(2);
            gauges.refreshAll();

            assertEquals(1, gauge(manager, RiskStateCounters.ACCOUNT_SYMBOL_RESTRICTED.typeId(), ACC1, MSFT));
            assertEquals(0, gauge(manager, RiskStateCounters.ACCOUNT_SYMBOL_RESTRICTED.typeId(), ACC1, AAPL));
            assertEquals(0, gauge(manager, RiskStateCounters.VENUE_PAUSED.typeId(), 1, 0));
            assertEquals(1, gauge(manager, RiskStateCounters.VENUE_PAUSED.typeId(), 2, 0));

            venuePauses.open(2); // as a VenueResume leaves it: the idle refresh copies it, row by row
            for (int i = 0; i < 1000; i++)
            {
                gauges.refreshNext();
            }
            assertEquals(0, gauge(manager, RiskStateCounters.VENUE_PAUSED.typeId(), 2, 0));
        }
    }

    /** A gauge's value read as the ops console reads it: by type id and key (its first 8 bytes, then the next 8). */
    private static long gauge(final CountersReader counters, final int typeId, final long key, final long key2)
    {
        final long[] value = {Long.MIN_VALUE};
        counters.forEach((counterId, type, keyBuffer, label) ->
        {
            if (typeId == type && key == keyBuffer.getLong(0) && key2 == keyBuffer.getLong(8))
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
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
