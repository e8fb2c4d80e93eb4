package io.peregrine.core.system;

import io.peregrine.core.CoreCounters;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.ThreadAllocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.AAPL;

/**
 * The core thread allocates nothing in steady state: after a warm-up, 50,000 orders decoded, risk checked, routed,
 * acked, filled (three partial fills each) and reported cost zero bytes of heap on the agent thread.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CoreAllocationTest
{
    private static final long PX = 190 * Prices.SCALE;
    private static final int WARM_UP_ORDERS = 30_000;
    private static final int MEASURED_ORDERS = 50_000;
    private static final int MAX_WINDOWS = 12;

    @TempDir
    Path journalDir;

    @Test
    void coreThreadAllocatesNothingForOrdersWithFills()
    {
        // Small terms and a small order table make the rare paths (term rotation on every stream, reuse of closed
        // order slots) run many times during the warm-up, so the JIT has compiled them before the measurement.
        assertNoAllocationForOrdersWithFills(new PeregrineContext()
            .channel("aeron:ipc?term-length=1m")
            .orderCapacity(4096)
            .offerRetries(1_000_000));
    }

    @Test
    void coreThreadAllocatesNothingForOrdersWithFillsWithTheJournalOn()
    {
        // Every input, report and venue request is appended to the journal on the core thread.
        assertNoAllocationForOrdersWithFills(new PeregrineContext()
            .channel("aeron:ipc?term-length=1m")
            .orderCapacity(4096)
            .offerRetries(1_000_000)
            .journalDir(journalDir.resolve("core")));
    }

    private static void assertNoAllocationForOrdersWithFills(final PeregrineContext ctx)
    {
        try (TestStack stack = new TestStack(AutoFillVenue.Mode.PARTIAL_FILLS, ctx))
        {
            final long coreThreadId = stack.core.agent().threadId();
            assertTrue(coreThreadId > 0);
            final ThreadAllocation coreThread = ThreadAllocation.ofThread(coreThreadId);

            // The warm-up also lets the latency recorders flip phase several times (the reporting thread does it
            // once a second): until C2 has seen both phases, the flip costs a deoptimization.
            final long[] clOrdId = { 1 };
            for (int batch = 0; batch < 10; batch++)
            {
                clOrdId[0] = pushOrders(stack, clOrdId[0], WARM_UP_ORDERS / 10);
                stack.core.latency().sample();
            }

            // A window can still see a few hundred bytes that are not Peregrine's: when the core thread is the one
            // that queues a method for C2, HotSpot resolves that class's String constants on it. That happens a
            // handful of times, then never again; a real allocation on the message path would show in every window
            // (50,000 orders x at least 16 bytes). So one window must be exactly zero.
            final long[] windows = coreThread.assertSomeWindowAllocatesNothing(
                MEASURED_ORDERS + " orders with fills", MAX_WINDOWS,
                () -> clOrdId[0] = pushOrders(stack, clOrdId[0], MEASURED_ORDERS));

            System.out.println("core thread bytes allocated per window of " + MEASURED_ORDERS + " orders: " +
                Arrays.toString(windows));
            final CoreCounters counters = stack.core.counters();
            assertEquals(WARM_UP_ORDERS + (long)MEASURED_ORDERS * windows.length, counters.ordersAccepted().get());
            assertEquals(0, counters.ordersRejected().get());
            assertEquals(0, counters.egressDropped().get());
        }
    }

    private static long pushOrders(final TestStack stack, final long firstClOrdId, final int count)
    {
        final CoreCounters counters = stack.core.counters();
        final long fillsBefore = counters.fills().get();
        long clOrdId = firstClOrdId;
        for (int i = 0; i < count; i++)
        {
            // Bounded in flight, so the order table (sized small on purpose) never fills while the venue lags.
            final int sent = i;
            stack.awaitTrue(() -> sent - (counters.fills().get() - fillsBefore) / 3 < 256, "venue catching up");
            final long id = clOrdId++;
            final Side side = (id & 1) == 0 ? Side.BUY : Side.SELL;
            stack.offer(() -> stack.client.newOrder(id, ACC1, AAPL, side, OrdType.LIMIT, TimeInForce.DAY, PX, 3));
            if ((i & 1023) == 0)
            {
                stack.reports.executions.clear();
            }
        }
        // Three fills per order (PARTIAL_FILLS mode, three slices).
        stack.awaitTrue(() -> counters.fills().get() == fillsBefore + 3L * count, "orders filled");
        stack.reports.executions.clear();
        return clOrdId;
    }

    @Test
    void coreThreadAllocatesNothingForReplacesStatusRequestsAndCancels()
    {
        final PeregrineContext ctx = new PeregrineContext()
            .channel("aeron:ipc?term-length=1m")
            .orderCapacity(4096)
            .offerRetries(1_000_000);
        try (TestStack stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY, ctx))
        {
            final ThreadAllocation coreThread = ThreadAllocation.ofThread(stack.core.agent().threadId());

            final long[] clOrdId = { 1 };
            for (int batch = 0; batch < 10; batch++)
            {
                clOrdId[0] = replaceAndCancel(stack, clOrdId[0], 2_000);
                stack.core.latency().sample();
            }

            final long[] windows = coreThread.assertSomeWindowAllocatesNothing(
                "20,000 new/replace/status/cancel", MAX_WINDOWS,
                () -> clOrdId[0] = replaceAndCancel(stack, clOrdId[0], 20_000));
            System.out.println("core thread bytes allocated per window of 20000 new/replace/status/cancel: " +
                Arrays.toString(windows));
            assertEquals(0, stack.core.counters().cancelRejects().get());
        }
    }

    /**
     * In batches: new orders and their replaces, then, once replaced, a status request and a cancel for each. Four
     * client messages and three venue answers per order.
     */
    private static long replaceAndCancel(final TestStack stack, final long firstClOrdId, final int count)
    {
        final CoreCounters counters = stack.core.counters();
        final int batch = 200;
        long clOrdId = firstClOrdId;
        for (int done = 0; done < count; done += batch)
        {
            final long first = clOrdId;
            final long closedBefore = counters.ordersAccepted().get() - counters.workingOrders().get();
            for (int i = 0; i < batch; i++)
            {
                final long id = first + 2L * i;
                final Side side = (id & 2) == 0 ? Side.BUY : Side.SELL;
                stack.offer(() -> stack.client.newOrder(id, ACC1, AAPL, side, OrdType.LIMIT, TimeInForce.DAY, PX, 5));
                stack.offer(() -> stack.client.replace(id + 1, id, 0, ACC1, PX - Prices.SCALE / 100, 7));
            }
            stack.awaitTrue(() -> stack.reports.executions.stream()
                .filter((e) -> e.execType() == io.peregrine.sbe.ExecType.REPLACED).count() == batch, "replaced");
            for (int i = 0; i < batch; i++)
            {
                final long replacedId = first + 2L * i + 1;
                stack.offer(() -> stack.client.orderStatus(0, replacedId, 0, ACC1));
                stack.offer(() -> stack.client.cancel(replacedId + 1_000_000_000L, replacedId, 0, ACC1));
            }
            stack.awaitTrue(
                () -> counters.ordersAccepted().get() - counters.workingOrders().get() == closedBefore + batch,
                "canceled");
            stack.reports.executions.clear();
            clOrdId = first + 2L * batch;
        }
        return clOrdId;
    }
}
