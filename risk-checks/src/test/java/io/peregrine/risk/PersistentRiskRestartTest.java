package io.peregrine.risk;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.peregrine.risk.RiskFixture.px;
import static io.peregrine.sbe.RejectReason.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.ACC2;
import static io.peregrine.risk.RiskFixture.ACC3;
import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.MSFT;
import static io.peregrine.risk.RiskFixture.NVDA;

/**
 * Regression for the state file the core could not reopen: with the demo limits, every entry the store binds at
 * startup is followed by more entries (other pairs, kill switches, accounts and instruments added by a swap), and
 * fills of one account then land in another entry's key. Trades the way the core does on several accounts and
 * instruments, restarts twice and checks every persisted number against what the running instance reported.
 */
@Timeout(180)
class PersistentRiskRestartTest
{
    private static final long[] ACCOUNTS = { ACC1, ACC2, ACC3 };
    private static final long[] SYMBOLS = { AAPL, MSFT, NVDA };

    @TempDir
    Path dir;

    private long clOrdId = 1;
    private long now = 1_000_000_000L;

    @Test
    void demoTradingStateSurvivesTwoRestartsExactly()
    {
        final Snapshot afterFirstRun;
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskLimits.demo(), dir))
        {
            // what the core's launch test does: one order of ACC1 filled on AAPL
            trade(risk, ACC1, AAPL, Side.BUY, px("190.00"), 5);
            trade(risk, ACC2, MSFT, Side.SELL, px("420.00"), 7);
            trade(risk, ACC1, MSFT, Side.BUY, px("419.50"), 11);
            trade(risk, ACC2, AAPL, Side.BUY, px("189.99"), 3);
            risk.killGlobal();
            risk.resumeGlobal();
            assertTrue(risk.killAccount(ACC2));
            // fills are booked while the account is killed
            risk.onFill(ACC2, AAPL, Side.SELL, px("190.00"), 1, px("190.00"));
            assertEquals(NONE, risk.applyLimitUpdate(ACC1, PackedAscii.BLANK,
                new LimitType[]{ LimitType.MAX_POSITION }, new long[]{ 5_000 }, 1));
            trade(risk, ACC1, AAPL, Side.SELL, px("190.10"), 2);

            assertEquals(3, risk.position(ACC1, AAPL));
            assertEquals(-7, risk.position(ACC2, MSFT));
            assertEquals(11, risk.position(ACC1, MSFT));
            assertEquals(2, risk.position(ACC2, AAPL));
            assertEquals(px("950.00") + px("4614.50") + px("380.20"), risk.executedNotional(ACC1));
            afterFirstRun = Snapshot.of(risk);
        }

        final Snapshot afterSecondRun;
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskLimits.demo(), dir))
        {
            assertEquals(afterFirstRun, Snapshot.of(risk));
            assertEquals(5_000, risk.limits().account(ACC1).maxPosition());
            assertTrue(risk.isAccountKilled(ACC2));

            // second round: a swap brings an account and an instrument the files have never seen
            risk.swapLimits(RiskLimits.fromProperties(withAccount3AndNvda(risk.limits())));
            trade(risk, ACC3, NVDA, Side.BUY, px("120.00"), 40);
            trade(risk, ACC1, NVDA, Side.SELL, px("120.01"), 4);
            trade(risk, ACC1, AAPL, Side.BUY, px("190.00"), 9);
            trade(risk, ACC3, AAPL, Side.SELL, px("190.00"), 6);
            assertTrue(risk.resumeAccount(ACC2));
            assertTrue(risk.killAccount(ACC3));
            risk.onFill(ACC2, MSFT, Side.BUY, px("420.00"), 7, px("420.00"));
            risk.killGlobal();

            assertEquals(12, risk.position(ACC1, AAPL));
            assertEquals(0, risk.position(ACC2, MSFT));
            assertEquals(-4, risk.position(ACC1, NVDA));
            assertEquals(40, risk.position(ACC3, NVDA));
            assertEquals(-6, risk.position(ACC3, AAPL));
            afterSecondRun = Snapshot.of(risk);
        }

        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskLimits.demo(), dir))
        {
            assertEquals(afterSecondRun, Snapshot.of(risk));
            assertTrue(risk.isKnownAccount(ACC3));
            assertTrue(risk.isKnownInstrument(NVDA));
            assertTrue(risk.isGlobalKilled());
            assertFalse(risk.isAccountKilled(ACC2));
            assertTrue(risk.isAccountKilled(ACC3));
        }
    }

    @Test
    void manyFillsOnEveryPairSurviveARestart()
    {
        final Snapshot before;
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskLimits.demo(), dir))
        {
            for (int round = 0; round < 200; round++)
            {
                final long account = round % 3 == 0 ? ACC1 : ACC2;
                final long symbol = round % 2 == 0 ? AAPL : MSFT;
                final long price = symbol == AAPL ? px("190.00") : px("420.00");
                trade(risk, account, symbol, round % 5 == 0 ? Side.SELL : Side.BUY, price, 1 + round);
                if (round % 50 == 0)
                {
                    risk.killAccount(account);
                    risk.resumeAccount(account);
                }
            }
            before = Snapshot.of(risk);
        }
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskLimits.demo(), dir))
        {
            assertEquals(before, Snapshot.of(risk));
        }
    }

    private void trade(
        final PreTradeRisk risk, final long account, final long symbol, final Side side, final long price, final long qty)
    {
        now += 1_000_000;
        assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
            account, symbol, clOrdId++, side, OrdType.LIMIT, price, qty, now));
        final long first = qty / 2;
        risk.onFill(account, symbol, side, price, first, price);
        risk.onFill(account, symbol, side, price, qty - first, price);
        risk.onOrderClosed(account, symbol, side, price, 0);
    }

    private static Properties withAccount3AndNvda(final RiskLimits limits)
    {
        final Properties p = limits.toProperties();
        p.setProperty("instrument.NVDA.referencePrice", "120.00");
        p.setProperty("account.ACC3.maxPosition", "1000000");
        return p;
    }

    /**
     * Everything that must survive a restart, as the running instance reports it.
     */
    private record Snapshot(List<Long> positions, List<Long> executed, List<Boolean> killed, boolean global,
        Properties limits)
    {
        static Snapshot of(final PreTradeRisk risk)
        {
            final List<Long> positions = new ArrayList<>();
            final List<Long> executed = new ArrayList<>();
            final List<Boolean> killed = new ArrayList<>();
            for (final long account : ACCOUNTS)
            {
                for (final long symbol : SYMBOLS)
                {
                    positions.add(risk.position(account, symbol));
                }
                executed.add(risk.executedNotional(account));
                killed.add(risk.isAccountKilled(account));
            }
            return new Snapshot(positions, executed, killed, risk.isGlobalKilled(), risk.limits().toProperties());
        }
    }
}
