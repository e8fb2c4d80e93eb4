package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.peregrine.gateway.store.StoreWriteWatch;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import quickfix.Session;
import quickfix.SessionID;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without a core journal ({@code peregrine.journal.enabled=false}) the broker report agent reads the live stream. A
 * fault of a mapped file there (the JVM's InternalError, raised here in QuickFIX/J's send) went out of the agent's
 * duty cycle, which Agrona rethrows: the agent's thread died and the gateway exited 4. Now it is handled as on the
 * journal's path: counted, the stream paused for a second, the report read again unless it had been stored, and the
 * agent lives on.
 */
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveReportFaultTest
{
    private static final SessionID BROKER = new SessionID("FIX.4.4", "PEREGRINE", "BROKER7");
    private static final int CLIENT_ID = 9880;

    private final Path dir = TempDirs.create("live-report-fault-");
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final UnsafeBuffer counters = new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 4]);
    private final AtomicInteger faultsToRaise = new AtomicInteger(1);

    @AfterEach
    void delete()
    {
        TempDirs.delete(dir);
    }

    @ParameterizedTest(name = "fault before storing: {0}")
    @ValueSource(booleans = {true, false})
    void aFaultDeliveringALiveReportIsCountedAndTheReportReachesTheBrokerOnce(final boolean beforeStoring)
        throws Exception
    {
        final Session session = UnconnectedSessions.create(BROKER, new StoreWriteWatch(
            new FaultingStores(() -> false, () -> beforeStoring, () -> !beforeStoring, faultsToRaise)));
        try (MediaDriverFixture driver = MediaDriverFixture.launch();
            Aeron aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
            Subscription egress = aeron.addSubscription("aeron:ipc", 1002);
            ExclusivePublication core = aeron.addExclusivePublication("aeron:ipc", 1002);
            OrderRoutes routes = new OrderRoutes(dir.resolve("clordids.log"), List.of(BROKER)))
        {
            final OrderRoutes.Route route = routes.newOrder(BROKER, "R-1", "ACC1", "AAPL", '1');
            final AtomicCounter faults = new AtomicCounter(counters, 3);
            final BrokerReportAgent agent = new BrokerReportAgent(egress, CLIENT_ID, routes, new BrokerReports(),
                null, null, null, new AtomicCounter(counters, 0), new AtomicCounter(counters, 1),
                new AtomicCounter(counters, 2), 32, Long.MAX_VALUE, SystemNanoClock.INSTANCE);
            agent.countFaultsIn(faults);
            Await.until("the agent's subscription to the test core", core::isConnected, 10_000);

            final ExecutionReportEncoder report = new ExecutionReportEncoder().wrapAndApplyHeader(buffer, 0,
                new MessageHeaderEncoder()).clientId(CLIENT_ID).clOrdId(route.clOrdId()).orderId(5).execId(77)
                .execType(ExecType.CANCELED).ordStatus(OrdStatus.CANCELED).side(Side.BUY).symbol("AAPL")
                .account("ACC1").ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).price(1).quantity(10)
                .leavesQty(0).rejectReason(RejectReason.NONE).text("");
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
            Await.until("the report offered", () -> core.offer(buffer, 0, length) > 0, 10_000);

            FaultingStores.dutyCyclesPastTheFaultPause(agent);
            assertEquals(0, faultsToRaise.get(), "the fault was raised");
            assertEquals(1, faults.get(), "the fault counted");
            assertEquals(1, UnconnectedSessions.stored(session).size(), "the report in the broker's store, once");
            assertTrue(route.order().isDone(), "the canceled order is done");
        }
        finally
        {
            session.close();
        }
    }
}
