package io.peregrine.risk;

import io.peregrine.sbe.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.px;
import static io.peregrine.sbe.OrdType.LIMIT;
import static io.peregrine.sbe.Side.BUY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Another thread swaps between two consistent snapshots while the core thread evaluates. The snapshots disagree on
 * every limit the probe orders touch (reference price, instrument and account max quantity, account position
 * limit), so an evaluation that mixed fields of both would give an outcome neither snapshot gives.
 * <ul>
 *     <li>A: ref 100.00 (collar 90..110), max qty 1,000 (instrument and account), max position 1,000</li>
 *     <li>B: ref 200.00 (collar 180..220), max qty 2,000 (instrument and account), max position 2,000</li>
 * </ul>
 */
@Timeout(120)
class LimitSwapAtomicityTest
{
    private static final RiskLimits A = limits("100.00", "1000");
    private static final RiskLimits B = limits("200.00", "2000");

    @TempDir
    Path dir;

    /**
     * @param referencePrice AAPL's reference price (collar 10 % around it).
     * @param maxQuantity    max order quantity of AAPL and ACC1, and ACC1's max position.
     * @return the fixture's limits with these, and the other limits of ACC1 far from the test's orders.
     */
    private static RiskLimits limits(final String referencePrice, final String maxQuantity)
    {
        return RiskFixture.limits(
            "instrument.AAPL.referencePrice", referencePrice, "instrument.AAPL.collarBps", "1000",
            "instrument.AAPL.maxOrderQty", maxQuantity, "instrument.AAPL.lotSize", "1",
            "account.ACC1.maxOrderQty", maxQuantity, "account.ACC1.maxPosition", maxQuantity,
            "account.ACC1.maxOrderNotional", "10000000.00", "account.ACC1.dailyNotional", "9000000000.00",
            "account.ACC1.maxOpenOrders", "10", "account.ACC1.maxOrdersPerSecond", "1000000000",
            "risk.clOrdIdWindow", "64");
    }

    @ParameterizedTest(name = "persistent={0}")
    @ValueSource(booleans = { false, true })
    void everyEvaluationSeesOneWholeSnapshot(final boolean persistent) throws InterruptedException
    {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong swaps = new AtomicLong();
        final Throwable[] swapperFailure = new Throwable[1];

        try (PreTradeRisk risk = persistent ? PreTradeRisk.persistent(A, dir) : PreTradeRisk.inMemory(A))
        {
            final Thread swapper = new Thread(() ->
            {
                try
                {
                    while (running.get())
                    {
                        risk.swapLimits(swaps.get() % 2 == 0 ? B : A);
                        swaps.incrementAndGet();
                        Thread.yield();
                    }
                }
                catch (final Throwable t)
                {
                    swapperFailure[0] = t;
                }
            }, "limit-swapper");
            swapper.setDaemon(true);
            swapper.start();

            long seenA = 0;
            long seenB = 0;
            long clOrdId = 1;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            try
            {
                while ((seenA < 2_000 || seenB < 2_000 || swaps.get() < 100) && System.nanoTime() < deadline)
                {
                    for (int probe = 0; probe < 3; probe++)
                    {
                        final long price = probe == 0 ? px("100.00") : px("200.00");
                        final long qty = probe == 2 ? 1_500 : (probe == 0 ? 1_000 : 2_000);
                        final RejectReason reason =
                            risk.evaluateNewOrder(new RiskReservation(),
                                ACC1, AAPL, clOrdId++, BUY, LIMIT, price, qty, clOrdId);
                        final RiskLimits used = risk.limits();
                        final RejectReason expected;
                        if (used == A)
                        {
                            seenA++;
                            expected = probe == 0 ? RejectReason.NONE : RejectReason.QUANTITY_ABOVE_MAX;
                        }
                        else if (used == B)
                        {
                            seenB++;
                            expected = probe == 0 ? RejectReason.PRICE_OUTSIDE_COLLAR : RejectReason.NONE;
                        }
                        else
                        {
                            fail("evaluated with a snapshot that was never published: " + used);
                            return;
                        }
                        if (expected != reason)
                        {
                            fail("probe " + probe + " got " + reason + " but snapshot " + (used == A ? "A" : "B") +
                                " gives " + expected + ": the evaluation mixed two snapshots");
                        }
                        if (reason == RejectReason.NONE)
                        {
                            risk.onOrderClosed(ACC1, AAPL, BUY, price, qty);
                        }
                    }
                }
            }
            finally
            {
                running.set(false);
                swapper.join(10_000);
            }
            assertNull(swapperFailure[0]);
            assertTrue(seenA > 0 && seenB > 0, "both snapshots must have been used: A " + seenA + " B " + seenB);
            assertTrue(swaps.get() > 1, "swaps " + swaps.get());
            assertEquals(0, risk.openOrders(ACC1));
        }
    }

    @Test
    void swapIsAdoptedWholeAtTheNextEvaluationNotBefore()
    {
        try (PreTradeRisk risk = PreTradeRisk.inMemory(A))
        {
            risk.swapLimits(B);
            assertSame(A, risk.limits(), "not adopted until the core thread evaluates");
            assertEquals(RejectReason.NONE,
                risk.evaluateNewOrder(new RiskReservation(), ACC1, AAPL, 1, BUY, LIMIT, px("200.00"), 2_000, 0));
            assertSame(B, risk.limits());
        }
    }
}
