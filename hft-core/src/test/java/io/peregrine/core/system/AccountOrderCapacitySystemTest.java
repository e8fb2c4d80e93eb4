package io.peregrine.core.system;

import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.ACC2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One account cannot take the order table from the others: past its share it is refused THROTTLED at once, while
 * another account's orders are still accepted.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AccountOrderCapacitySystemTest
{
    private TestStack stack;

    @AfterEach
    void close()
    {
        CloseHelper.close(stack);
    }

    @Test
    void anAccountAtItsShareOfTheOrderTableIsThrottledAndOthersAreNot()
    {
        stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY,
            new PeregrineContext().orderCapacity(16).orderAccountCapacity(4));
        for (long clOrdId = 1; clOrdId <= 6; clOrdId++)
        {
            send(clOrdId, ACC1);
        }
        for (long clOrdId = 101; clOrdId <= 104; clOrdId++)
        {
            send(clOrdId, ACC2);
        }
        stack.awaitTrue(() -> stack.reports.executions.size() == 10, "ten answers");
        int acc1Acked = 0;
        int acc1Throttled = 0;
        int acc2Acked = 0;
        for (final ReportCollector.Execution e : stack.reports.executions)
        {
            if (e.clOrdId() < 100)
            {
                if (e.execType() == ExecType.NEW)
                {
                    acc1Acked++;
                }
                else if (e.execType() == ExecType.REJECTED && e.rejectReason() == RejectReason.THROTTLED)
                {
                    assertTrue(e.text().startsWith("the account holds its share of the core's order table"),
                        "the owner is told which limit: " + e.text());
                    acc1Throttled++;
                }
            }
            else if (e.execType() == ExecType.NEW)
            {
                acc2Acked++;
            }
        }
        assertEquals(4, acc1Acked);
        assertEquals(2, acc1Throttled);
        assertEquals(4, acc2Acked);
    }

    private void send(final long clOrdId, final long account)
    {
        stack.newLimitOrder(clOrdId, account, AAPL, Side.BUY, AAPL_PX, 10);
        // One at a time, so the answers' order is the sending order.
        stack.awaitTrue(() -> stack.executionsFor(clOrdId).size() == 1, "answer to " + clOrdId);
    }
}
