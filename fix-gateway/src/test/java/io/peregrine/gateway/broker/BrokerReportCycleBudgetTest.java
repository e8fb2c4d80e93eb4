package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.SessionID;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The broker report agent's work per duty cycle on the live stream is bounded by time as well as by count while it
 * keeps up: on the shared thread the core waits while the agent hands reports to QuickFIX/J. Behind the core, the
 * budget gives way to the count, or the core's egress window would fill and the core drop reports. The clock is the
 * test's: each look at it moves it on as a slow send would, so the bound is exact, not a wall-clock race.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerReportCycleBudgetTest
{
    private static final String CHANNEL = "aeron:ipc?term-length=65536";
    private static final int STREAM_ID = 1002;
    private static final int GATEWAY_CLIENT_ID = 9880;
    /** Few enough that their bytes stay under the agent's lag threshold (8 KiB on a 64 KiB term): the budget holds. */
    private static final int REPORTS = 30;
    /** A flood: their bytes pass the lag threshold many times over. */
    private static final int FLOOD = 1_000;
    private static final String FLOOD_CHANNEL = "aeron:ipc?term-length=1m";
    private static final long CYCLE_BUDGET_NS = 1_000_000;
    /** What each report costs on the test's clock: ten fit in a budget, far fewer than the count limit (320). */
    private static final long NS_PER_REPORT = 100_000;
    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");

    @TempDir
    Path dir;

    @AutoClose
    private final MediaDriverFixture driver = MediaDriverFixture.launch();

    @Test
    void aDutyCycleStopsOnceItsTimeBudgetIsSpentAndTheNextCyclesReadOnWithoutSkippingAReport()
    {
        final List<Integer> cycles = readInDutyCycles(CHANNEL, REPORTS);

        // The cycle's start reads the clock once, each report once more: the tenth report spends the budget.
        assertEquals(List.of(10, 10, 10), cycles, "reports read per duty cycle");
    }

    @Test
    void aDutyCycleBehindTheCoreReadsOnPastItsBudgetUpToTheCountSoTheCoresEgressWindowDoesNotFill()
    {
        final List<Integer> cycles = readInDutyCycles(FLOOD_CHANNEL, FLOOD);

        final int countLimit = BrokerReportAgent.liveFragmentLimit(32);
        assertEquals(countLimit, (int)cycles.get(0), "the first cycle, far behind, reads up to the count");
        assertEquals(CYCLE_BUDGET_NS / NS_PER_REPORT, (long)cycles.get(cycles.size() - 1),
            "the budget holds again once the agent caught up");
    }

    /**
     * Publishes reports for another client id, then runs the agent's duty cycles until it has read them all, checking
     * each cycle's count: while the reports written after the point where the budget is spent reach the lag threshold
     * the agent reads on up to the count, else it stops at the budget.
     *
     * @return the reports read in each duty cycle.
     */
    private List<Integer> readInDutyCycles(final String channel, final int reports)
    {
        final long[] now = {0};
        try (Aeron aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
            ExclusivePublication egress = aeron.addExclusivePublication(channel, STREAM_ID);
            Subscription subscription = aeron.addSubscription(channel, STREAM_ID);
            OrderRoutes routes = new OrderRoutes(dir.resolve("clordids.log"), List.of(BROKER1)))
        {
            Await.until("the egress subscription connected", subscription::isConnected, 10_000);
            publishReportsOfAnotherClient(egress, reports);
            final BrokerReportAgent agent = new BrokerReportAgent(subscription, GATEWAY_CLIENT_ID, routes,
                new BrokerReports(), null, null, null, aeron.addCounter(1, "inconsistent"),
                aeron.addCounter(1, "delivered"), aeron.addCounter(1, "unroutable"), 32, CYCLE_BUDGET_NS,
                () -> now[0] += NS_PER_REPORT);

            final int perCycle = (int)(CYCLE_BUDGET_NS / NS_PER_REPORT);
            final int countLimit = BrokerReportAgent.liveFragmentLimit(32);
            final long frameLength = egress.position() / reports; // all alike, in one term: no padding
            final long threshold = LiveReportStream.lagThreshold(egress.termBufferLength());
            final List<Integer> cycles = new ArrayList<>();
            int read = 0;
            while (read < reports)
            {
                final int left = reports - read;
                final boolean behind = (left - perCycle) * frameLength >= threshold;
                final int work = agent.doWork();
                cycles.add(work);
                assertEquals(behind ? Math.min(countLimit, left) : Math.min(perCycle, left), work,
                    "reports read in duty cycle " + cycles.size() + " with " + left + " left");
                read += work;
            }
            assertEquals(egress.position(), subscription.imageAtIndex(0).position(), "every report was read");
            assertEquals(0, agent.doWork(), "nothing left");
            return cycles;
        }
    }

    /** Reports for another client id: the agent reads and skips them, so nothing but the budget stops it. */
    private static void publishReportsOfAnotherClient(final ExclusivePublication egress, final int reports)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final ExecutionReportEncoder encoder = new ExecutionReportEncoder();
        for (int i = 1; i <= reports; i++)
        {
            encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).clientId(GATEWAY_CLIENT_ID + 1)
                .clOrdId(i).orderId(i).execId(i).execType(ExecType.NEW).ordStatus(OrdStatus.NEW).text("");
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            Await.until("report " + i + " offered", () -> egress.offer(buffer, 0, length) > 0, 10_000);
        }
    }
}
