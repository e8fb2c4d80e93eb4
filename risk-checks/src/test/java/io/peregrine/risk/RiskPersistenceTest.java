package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.StringJoiner;

import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.ACC2;
import static io.peregrine.risk.RiskFixture.MSFT;
import static io.peregrine.risk.RiskFixture.px;
import static io.peregrine.sbe.OrdType.LIMIT;
import static io.peregrine.sbe.RejectReason.NONE;
import static io.peregrine.sbe.Side.BUY;
import static io.peregrine.sbe.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(180)
class RiskPersistenceTest
{
    @TempDir
    Path dir;

    @Test
    void positionsExecutedNotionalKillSwitchesAndLimitsSurviveAReopen()
    {
        final RiskLimits limits = RiskFixture.limits("account.ACC2.restrictedSymbols", "");
        try (PreTradeRisk risk = PreTradeRisk.persistent(limits, dir))
        {
            assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
                ACC1, AAPL, 1, BUY, LIMIT, px("100.00"), 100, 0));
            risk.onFill(ACC1, AAPL, BUY, px("100.00"), 60, px("99.50"));
            risk.onFill(ACC1, AAPL, BUY, px("100.00"), 40, px("100.00"));
            risk.onOrderClosed(ACC1, AAPL, BUY, px("100.00"), 0);
            assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
                ACC2, MSFT, 1, SELL, LIMIT, px("200.00"), 30, 0));
            risk.onFill(ACC2, MSFT, SELL, px("200.00"), 30, px("201.00"));
            assertTrue(risk.killAccount(ACC2));
        }
        assertTrue(Files.exists(dir.resolve(ChronicleRiskStore.STATE_FILE)));
        assertTrue(Files.exists(dir.resolve(ChronicleRiskStore.LIMITS_FILE)));

        try (PreTradeRisk risk = PreTradeRisk.persistent(limits, dir))
        {
            assertEquals(100, risk.position(ACC1, AAPL));
            assertEquals(-30, risk.position(ACC2, MSFT));
            assertEquals(0, risk.position(ACC1, MSFT));
            assertEquals(px("9970.00"), risk.executedNotional(ACC1));
            assertEquals(px("6030.00"), risk.executedNotional(ACC2));
            assertTrue(risk.isAccountKilled(ACC2));
            assertFalse(risk.isAccountKilled(ACC1));
            assertEquals(RejectReason.KILL_SWITCH_ACCOUNT,
                risk.evaluateNewOrder(new RiskReservation(), ACC2, MSFT, 2, SELL, LIMIT, px("200.00"), 30, 0));
            assertEquals(limits.toProperties(), risk.limits().toProperties());
            // open exposure is not persisted: the order that was still open is gone after the restart
            assertEquals(0, risk.openOrders(ACC2));
            assertEquals(0, risk.openSellQty(ACC2, MSFT));
        }
    }

    @Test
    void globalKillSwitchSurvivesAReopen()
    {
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            risk.killGlobal();
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertTrue(risk.isGlobalKilled());
            risk.resumeGlobal();
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertFalse(risk.isGlobalKilled());
        }
    }

    @Test
    void swappedLimitsWinOverTheConfiguredOnesAfterARestart()
    {
        final RiskLimits swapped = RiskFixture.limits("account.ACC1.maxPosition", "123", "risk.clOrdIdWindow", "77");
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            risk.swapLimits(swapped);
            assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
                ACC1, AAPL, 1, BUY, LIMIT, px("100.00"), 100, 0));
            risk.onFill(ACC1, AAPL, BUY, px("100.00"), 100, px("100.00"));
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(swapped.toProperties(), risk.limits().toProperties());
            assertEquals(123, risk.limits().account(ACC1).maxPosition());
            assertEquals(100, risk.position(ACC1, AAPL));
        }
    }

    @Test
    void updatedLimitsWinOverTheConfiguredOnesAfterARestart()
    {
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(NONE, risk.applyLimitUpdate(PackedAscii.BLANK, AAPL,
                new LimitType[]{ LimitType.REFERENCE_PRICE, LimitType.COLLAR_BPS },
                new long[]{ px("120.00"), 250 }, 2));
            assertEquals(NONE, risk.applyLimitUpdate(ACC1, PackedAscii.BLANK,
                new LimitType[]{ LimitType.MAX_OPEN_ORDERS }, new long[]{ 3 }, 1));
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(px("120.00"), risk.referencePrice(AAPL));
            assertEquals(250, risk.limits().instrument(AAPL).collarBps());
            assertEquals(3, risk.limits().account(ACC1).maxOpenOrders());
        }
    }

    @Test
    void positionOfAnAccountNoLongerInTheLimitsIsKept()
    {
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
                ACC2, AAPL, 1, BUY, LIMIT, px("100.00"), 50, 0));
            risk.onFill(ACC2, AAPL, BUY, px("100.00"), 50, px("100.00"));
            final Properties p = RiskFixture.properties();
            p.keySet().removeIf((k) -> k.toString().startsWith("account.ACC2."));
            risk.swapLimits(RiskLimits.fromProperties(p));
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertFalse(risk.isKnownAccount(ACC2));
            assertEquals(50, risk.position(ACC2, AAPL));
        }
    }

    @Test
    void longRestrictedListsAndManySwapsRoundTrip()
    {
        final StringJoiner symbols = new StringJoiner(",");
        for (int i = 0; i < 400; i++)
        {
            symbols.add("S" + i);
        }
        RiskLimits last = null;
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            for (int i = 0; i < 20; i++)
            {
                last = RiskFixture.limits(
                    "account.ACC2.restrictedSymbols", symbols.toString(), "account.ACC2.maxPosition", "" + (i + 1));
                risk.swapLimits(last);
            }
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(last.toProperties(), risk.limits().toProperties());
            assertEquals(400, risk.limits().account(ACC2).restrictedSymbolNames().size());
        }
    }

    @Test
    void refusesAStateFileOfTheCorruptingLayout() throws Exception
    {
        Files.writeString(dir.resolve(ChronicleRiskStore.LEGACY_STATE_FILE), "old");
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> PreTradeRisk.persistent(RiskFixture.limits(), dir));
        assertTrue(refused.getMessage().contains(ChronicleRiskStore.LEGACY_STATE_FILE), refused.getMessage());
        assertFalse(Files.exists(dir.resolve(ChronicleRiskStore.STATE_FILE)), "nothing new written beside it");
    }
}
