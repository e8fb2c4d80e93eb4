package io.peregrine.core.journal;

import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.system.ReportCollector;
import io.peregrine.core.system.TestStack;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.risk.RiskLimits;
import io.peregrine.risk.TradingDay;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The executed daily notional starts again from zero at the trading-day boundary, decided from the journaled times
 * of the core's inputs: a core whose credit was used up before the boundary accepts orders after it, and a restart
 * after the boundary replays the journal to the same decisions (the refusal before the boundary included, which a
 * decision from the wall clock at replay time would turn into an acceptance) and the same risk state. The boundary
 * is set a few seconds ahead of the test's start ({@code peregrine.risk.day.start} takes seconds too).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TradingDayReplaySystemTest
{
    private static final long DAY_MILLIS = TimeUnit.DAYS.toMillis(1);
    /** Two orders of 100 AAPL at 190.00. */
    private static final String DAILY_NOTIONAL = "38000.00";

    @TempDir
    Path dir;

    @Test
    void creditUsedUpBeforeTheBoundaryIsFreeAfterItAndAReplayAcrossItReachesTheSameState()
    {
        final long boundaryMillis = (System.currentTimeMillis() / 1000 + 15) * 1000;
        final TradingDay tradingDay =
            TradingDay.startingAt(LocalTime.ofSecondOfDay(boundaryMillis % DAY_MILLIS / 1000));
        final Path journal = dir.resolve("core");

        final Peregrine first;
        try (TestStack stack = start(journal, tradingDay))
        {
            first = stack.core;
            fill(stack, 1);
            fill(stack, 2);
            refusedForCredit(stack, 3);
            assumeTrue(System.currentTimeMillis() < boundaryMillis - 500,
                "the machine was too slow to use the credit up before the boundary");
            sleepUntil(boundaryMillis + 200);
            fill(stack, 4);
            fill(stack, 5);
            refusedForCredit(stack, 6);
        }
        // the core thread has stopped: its risk state can be read here
        final long executed = first.risk().executedNotional(ACC1);
        final long day = first.risk().tradingDay();
        assertEquals(tradingDay.dayOf(TimeUnit.MILLISECONDS.toNanos(boundaryMillis)), day);

        final Peregrine second;
        try (TestStack stack = start(journal, tradingDay))
        {
            second = stack.core;
            assertEquals(0, second.recovery().mismatches(), "replay decides as the live run did");
            refusedForCredit(stack, 7); // the restart did not start the day again
        }
        assertEquals(executed, second.risk().executedNotional(ACC1));
        assertEquals(day, second.risk().tradingDay());
    }

    private static TestStack start(final Path journal, final TradingDay tradingDay)
    {
        return new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext()
            .journalDir(journal)
            .riskTradingDay(tradingDay)
            .riskLimits(RiskLimits.demo().withSettings("account.ACC1.dailyNotional", DAILY_NOTIONAL)));
    }

    private static void fill(final TestStack stack, final long clOrdId)
    {
        stack.newLimitOrder(clOrdId, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        stack.awaitExecution(clOrdId, ExecType.FILL, "fill of " + clOrdId);
    }

    private static void refusedForCredit(final TestStack stack, final long clOrdId)
    {
        stack.newLimitOrder(clOrdId, ACC1, AAPL, Side.BUY, AAPL_PX, 100);
        final ReportCollector.Execution refused = stack.awaitExecution(clOrdId, ExecType.REJECTED, "refusal of " +
            clOrdId);
        assertEquals(RejectReason.CREDIT_LIMIT_EXCEEDED, refused.rejectReason());
    }

    private static void sleepUntil(final long epochMillis)
    {
        long left;
        while ((left = epochMillis - System.currentTimeMillis()) > 0)
        {
            try
            {
                Thread.sleep(left);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }
}
