package io.peregrine.core.system;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import io.peregrine.core.CoreCounters;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.egress.RetryingPublication;
import io.peregrine.core.threading.AgentThreading;
import io.peregrine.core.threading.SharedAgentThread;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow consumers on the core's publications (small terms, a subscriber that never polls): nothing is dropped
 * silently. Venue-out: the order is rejected BACK_PRESSURED and its risk released. Egress: the report is counted
 * in egressDropped and the core keeps processing, paying one retry bound for a stalled reader, not one per report.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackPressureSystemTest
{
    private static final String SMALL_TERM_CHANNEL = "aeron:ipc?term-length=65536";

    private TestStack stack;

    @AfterEach
    void tearDown()
    {
        CloseHelper.close(stack);
    }

    @Test
    void rejectsOrdersBackPressuredOnVenueOutAndReleasesTheirRisk()
    {
        stack = new TestStack(
            AutoFillVenue.Mode.FILL, new PeregrineContext().channel(SMALL_TERM_CHANNEL).offerRetries(2), false);
        final Subscription stalledVenue = stack.venueAeron.addSubscription(SMALL_TERM_CHANNEL, 2001);
        stack.awaitTrue(stalledVenue::isConnected, "stalled venue connected");

        final int orders = 1_000;
        final CoreCounters counters = buyOneEachAndAwaitProcessed(orders);
        // Every order was accepted or refused (ingressMessages counts an order before it is handled, so wait for
        // that too), and every back-pressured one reported to the client, or (the small egress full too) counted.
        stack.awaitTrue(() -> counters.ordersAccepted().get() + counters.venueOutBackPressured().get() == orders &&
            stack.reports.executions.size() + counters.egressDropped().get() ==
            counters.venueOutBackPressured().get(), "every order accepted or rejected, every reject accounted for");

        final long rejected = counters.venueOutBackPressured().get();
        assertTrue(rejected > 0, "some orders were back-pressured");
        assertTrue(stack.reports.executions.size() > 0, "rejects reached the client");
        for (final ReportCollector.Execution reject : stack.reports.executions)
        {
            assertEquals(ExecType.REJECTED, reject.execType());
            assertEquals(RejectReason.BACK_PRESSURED, reject.rejectReason());
            assertTrue(reject.orderId() > 0);
        }
        // The first request the stalled venue back-pressured was retried; the later ones were tried once (the
        // publication is stalled until the venue reads again), so retries stay far below two per reject.
        assertTrue(counters.offerRetries().get() >= 2, "the first back-pressured request was retried");

        final long accepted = counters.ordersAccepted().get();
        stalledVenue.close();
        stack.close();
        assertEquals(accepted, stack.core.risk().openOrders(ACC1), "rejected orders released their risk");
        stack = null;
    }

    @Test
    void countsEgressReportsDroppedBySlowClientAndKeepsProcessing()
    {
        stack = new TestStack(
            AutoFillVenue.Mode.FILL, new PeregrineContext().channel(SMALL_TERM_CHANNEL).offerRetries(1));
        final Subscription stalledClient = stack.venueAeron.addSubscription(SMALL_TERM_CHANNEL, 1002);
        stack.awaitTrue(stalledClient::isConnected, "stalled client connected");

        final int orders = 2_000;
        final CoreCounters counters = buyOneEachAndAwaitProcessed(orders);
        // Each routed order gets two reports (NEW, FILL); one back-pressured on venue-out gets one (REJECTED).
        // Every one of them either reached the client or was counted as dropped.
        stack.awaitTrue(() -> counters.ordersAccepted().get() + counters.venueOutBackPressured().get() == orders &&
            counters.fills().get() == counters.ordersAccepted().get() &&
            stack.reports.executions.size() + counters.egressDropped().get() ==
            2 * counters.ordersAccepted().get() + counters.venueOutBackPressured().get(), "all reports accounted for");
        assertTrue(counters.egressDropped().get() > 0, "reports were dropped and counted");
        assertTrue(stack.reports.executions.size() > 0, "reports reached the fast client");

        // The stalled subscription is gone only once the media driver's conductor has processed its removal; until
        // then it still limits egress and, with one offer retry, the core keeps dropping reports. On a starved machine
        // a single order sent right after close() had both its reports dropped, so probe with fresh orders until one
        // fill reaches the client.
        stalledClient.close();
        final long firstProbe = orders + 1;
        final long[] nextProbe = {firstProbe};
        final long[] nextProbeAtNanos = {System.nanoTime()};
        stack.awaitTrue(() ->
        {
            if (stack.reports.executions.stream()
                .anyMatch((e) -> e.clOrdId() >= firstProbe && e.execType() == ExecType.FILL))
            {
                return true;
            }
            final long now = System.nanoTime();
            if (now - nextProbeAtNanos[0] >= 0 && stack.client.newOrder(
                nextProbe[0], ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, AAPL_PX, 1))
            {
                nextProbe[0]++;
                nextProbeAtNanos[0] = now + TimeUnit.MILLISECONDS.toNanos(100);
            }
            return false;
        }, "reports flow again");
    }

    @Test
    void aClientThatNeverReadsCostsTheCoreOneRetryBoundNotOnePerReport()
    {
        final int offerRetries = 64;
        stack = new TestStack(
            AutoFillVenue.Mode.FILL, new PeregrineContext().channel(SMALL_TERM_CHANNEL).offerRetries(offerRetries));
        final Subscription stalledClient = stack.venueAeron.addSubscription(SMALL_TERM_CHANNEL, 1002);
        stack.awaitTrue(stalledClient::isConnected, "stalled client connected");

        // The 32 KiB window the stalled client holds takes some 150 reports.
        final CoreCounters counters = refuseEachAndAwaitReportsAccountedFor(500);

        final long dropped = counters.egressDropped().get();
        assertTrue(dropped >= 100, "the stalled client held egress at its limit: " + dropped + " dropped");
        // One retry bound when the window filled (plus, at most, a retried term rotation); before, every dropped
        // report cost the core thread a whole retry bound of idling: 64 x 300+ here.
        assertTrue(counters.offerRetries().get() <= 2L * offerRetries,
            "offer retries " + counters.offerRetries().get() + " for " + dropped + " reports dropped");
        stalledClient.close();
    }

    @Test
    void aReaderOnTheCoresSharedThreadThatFellBehindIsNotWaitedForInVain()
    {
        // run.sh stack: the gateway's broker report agent reads 1002 on the core's shared thread, 16 messages a duty
        // cycle, while the core answers up to 32 client messages a cycle. A flood leaves that reader a window behind,
        // and retrying for it cannot succeed: it only reads when the core's turn is over. Before, every report then
        // cost 64 idles of the shared thread in vain (~100 reports/s, all dropped: hostileipc #2's stall that
        // outlasted the slow clients); now one offer each, plus one retry bound per clearance the reader frees.
        final int offerRetries = 64;
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().channel(SMALL_TERM_CHANNEL)
            .threading(AgentThreading.SHARED).offerRetries(offerRetries), false);
        final Subscription egress = stack.venueAeron.addSubscription(SMALL_TERM_CHANNEL, 1002);
        final long[] bytesRead = {0};
        final FragmentHandler counting = (buffer, offset, length, header) ->
            bytesRead[0] += BitUtil.align(length + DataHeaderFlyweight.HEADER_LENGTH, FrameDescriptor.FRAME_ALIGNMENT);
        final Agent gatewayLikeReader = new Agent()
        {
            public int doWork()
            {
                return egress.poll(counting, 16);
            }

            public String roleName()
            {
                return "gateway-like egress reader";
            }
        };
        final SharedAgentThread shared = SharedAgentThread.add(stack.core.aeronDirectoryName(),
            () -> { throw new IllegalStateException("the core started the shared thread"); },
            Throwable::printStackTrace, gatewayLikeReader);
        try
        {
            stack.awaitTrue(egress::isConnected, "shared-thread reader connected");
            final CoreCounters counters = refuseEachAndAwaitReportsAccountedFor(3_000);

            final long dropped = counters.egressDropped().get();
            assertTrue(dropped > 0, "the shared-thread reader fell a window behind");
            final long clearance = RetryingPublication.stallClearance(64 * 1024);
            final long retryBounds = 1 + bytesRead[0] / clearance;
            assertTrue(counters.offerRetries().get() <= retryBounds * offerRetries, "offer retries " +
                counters.offerRetries().get() + " for " + dropped + " reports dropped; the reader read " +
                bytesRead[0] + " bytes, at most " + retryBounds + " stalls");
        }
        finally
        {
            shared.remove(gatewayLikeReader);
            egress.close();
        }
    }

    /**
     * Offers {@code orders} buys of an unknown instrument (ClOrdIDs 1 to orders), refused by the core itself: one
     * report each on egress, nothing on venue-out, so every offer retry counted is an egress one. Waits until every
     * report reached the test client or was counted as dropped.
     */
    private CoreCounters refuseEachAndAwaitReportsAccountedFor(final int orders)
    {
        final long unknownSymbol = PackedAscii.pack("ZZZZ");
        for (int i = 1; i <= orders; i++)
        {
            stack.newLimitOrder(i, ACC1, unknownSymbol, Side.BUY, AAPL_PX, 1);
        }
        final CoreCounters counters = stack.core.counters();
        stack.awaitTrue(() -> stack.reports.executions.size() + counters.egressDropped().get() >= orders,
            "all reports accounted for");
        return counters;
    }

    /** Offers {@code orders} buys of 1 AAPL (ClOrdIDs 1 to orders) and waits until the core has read them all. */
    private CoreCounters buyOneEachAndAwaitProcessed(final int orders)
    {
        for (int i = 1; i <= orders; i++)
        {
            stack.newLimitOrder(i, ACC1, AAPL, Side.BUY, AAPL_PX, 1);
        }
        final CoreCounters counters = stack.core.counters();
        stack.awaitTrue(() -> counters.ingressMessages().get() == orders, "all orders processed");
        return counters;
    }
}
