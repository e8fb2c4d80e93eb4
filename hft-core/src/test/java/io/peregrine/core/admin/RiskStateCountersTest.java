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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.Properties;
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
        final CountersManager manager = InProcessCounters.manager(32);
        final LogicClock logicClock = new LogicClock();
        try (CounterSet counters = new CounterSet(manager::newCounter);
            PreTradeRisk risk = PreTradeRisk.inMemory(limits(), TradingDay.UTC_MIDNIGHT))
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
            assertEquals(executed, counters.get(RiskStateCounters.ACCOUNT_EXECUTED_NOTIONAL).get(), "Monday's");

            logicClock.time(TUESDAY + HOUR); // an input of Tuesday that hands no time to the risk state (an admin one)
            gauges.refreshAll();

            assertEquals(0, counters.get(RiskStateCounters.ACCOUNT_EXECUTED_NOTIONAL).get(), "nothing yet on Tuesday");
            assertEquals(TradingDay.UTC_MIDNIGHT.dayOf(monday), risk.tradingDay(), "the gauge moved no day");
            assertEquals(executed, risk.executedNotional(ACC1), "the risk state is left as it was");
        }
    }

    private static RiskLimits limits()
    {
        final Properties p = new Properties();
        p.setProperty("instrument.AAPL.referencePrice", "100.00");
        p.setProperty("instrument.AAPL.tickSize", "0.01");
        p.setProperty("instrument.AAPL.lotSize", "1");
        p.setProperty("instrument.AAPL.collarBps", "1000");
        p.setProperty("instrument.AAPL.maxOrderQty", "1000");
        p.setProperty("instrument.AAPL.tradable", "true");
        p.setProperty("instrument.AAPL.restricted", "false");
        p.setProperty("account.ACC1.maxOrderQty", "1000");
        p.setProperty("account.ACC1.maxOrderNotional", "1000000.00");
        p.setProperty("account.ACC1.maxPosition", "1000");
        p.setProperty("account.ACC1.dailyNotional", "1000000.00");
        p.setProperty("account.ACC1.maxOpenOrders", "10");
        p.setProperty("account.ACC1.maxOrdersPerSecond", "1000");
        p.setProperty("account.ACC1.restrictedSymbols", "");
        return RiskLimits.fromProperties(p);
    }
}
