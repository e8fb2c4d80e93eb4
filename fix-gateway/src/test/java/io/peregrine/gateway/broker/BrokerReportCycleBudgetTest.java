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
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.SessionID;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The broker report agent's work per duty cycle on the live stream is bounded by time as well as by count: on the
 * shared thread the core waits while the agent hands reports to QuickFIX/J. The clock is the test's: each look at it
 * moves it on as a slow send would, so the bound is exact, not a wall-clock race.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerReportCycleBudgetTest
{
    private static final String CHANNEL = "aeron:ipc?term-length=65536";
    private static final int STREAM_ID = 1002;
    private static final int GATEWAY_CLIENT_ID = 9880;
    private static final int REPORTS = 100;
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
        final long[] now = {0};
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ExclusivePublication egress = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
            Subscription subscription = aeron.addSubscription(CHANNEL, STREAM_ID);
            OrderRoutes routes = new OrderRoutes(dir.resolve("clordids.log"), List.of(BROKER1)))
        {
            Await.until("the egress subscription connected", subscription::isConnected, 10_000);
            publishReportsOfAnotherClient(egress);
            final BrokerReportAgent agent = new BrokerReportAgent(subscription, GATEWAY_CLIENT_ID, routes,
                new BrokerReports(), null, null, null, aeron.addCounter(1, "inconsistent"),
                aeron.addCounter(1, "delivered"), aeron.addCounter(1, "unroutable"), 32, CYCLE_BUDGET_NS,
                () -> now[0] += NS_PER_REPORT);

            // The cycle's start reads the clock once, each report once more: the tenth report spends the budget.
            final int perCycle = (int)(CYCLE_BUDGET_NS / NS_PER_REPORT);
            int read = 0;
            int cycles = 0;
            while (read < REPORTS)
            {
                final int work = agent.doWork();
                cycles++;
                assertEquals(Math.min(perCycle, REPORTS - read), work, "reports read in duty cycle " + cycles);
                read += work;
            }
            assertEquals(REPORTS / perCycle, cycles, "duty cycles");
            assertEquals(egress.position(), subscription.imageAtIndex(0).position(), "every report was read");
            assertEquals(0, agent.doWork(), "nothing left");
        }
    }

    /** Reports for another client id: the agent reads and skips them, so nothing but the budget stops it. */
    private static void publishReportsOfAnotherClient(final ExclusivePublication egress)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final ExecutionReportEncoder encoder = new ExecutionReportEncoder();
        for (int i = 1; i <= REPORTS; i++)
        {
            encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).clientId(GATEWAY_CLIENT_ID + 1)
                .clOrdId(i).orderId(i).execId(i).execType(ExecType.NEW).ordStatus(OrdStatus.NEW).text("");
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            Await.until("report " + i + " offered", () -> egress.offer(buffer, 0, length) > 0, 10_000);
        }
    }
}
