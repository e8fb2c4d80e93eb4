package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.gateway.store.StoreWriteWatch;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.testsupport.TestAeronClients;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Session;
import quickfix.SessionID;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault of a mapped file (the JVM's InternalError, raised in QuickFIX/J's send) cutting short the delivery of a
 * report leaves the order as the broker knows it: a report the store had not taken is read again and checked against
 * the status the broker last got (a risk reject, naming no core order, is still the refusal of a pending order), and
 * what follows a report the store took is done although the report is not read again (a final report marks its order
 * done, a status answer ends its request).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerReportRejectFaultTest
{
    private static final SessionID BROKER = new SessionID("FIX.4.4", "PEREGRINE", "BROKER7");
    private static final int CLIENT_ID = 9880;
    private static final long CORE_ORDER_ID = 5;

    private final Path dir = TempDirs.create("broker-report-reject-fault-");
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final UnsafeBuffer counters = new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 3]);
    /** The one fault's InternalError the session's store raises: when it stores a message, or once it has. */
    private final AtomicInteger faults = new AtomicInteger(1);
    private volatile boolean faultBeforeStoring;

    @AfterEach
    void delete()
    {
        TempDirs.delete(dir);
    }

    @Test
    void aRiskRejectWhoseSendFaultedBeforeItWasStoredReachesTheBrokerWhenReadAgain() throws Exception
    {
        faultBeforeStoring = true;
        // As ClientReports.newOrderRejected journals a risk reject: no core order id.
        final OrderRoutes.Order order = deliverWithAFault(ExecType.REJECTED, OrdStatus.REJECTED, 0, false);
        assertTrue(order.isDone(), "the rejected order is done");
    }

    @Test
    void aFinalReportWhoseSendFaultedAfterItWasStoredMarksTheOrderDone() throws Exception
    {
        final OrderRoutes.Order order = deliverWithAFault(ExecType.CANCELED, OrdStatus.CANCELED, CORE_ORDER_ID, false);
        assertTrue(order.isDone(), "the canceled order is done");
    }

    @Test
    void aStatusAnswerWhoseSendFaultedAfterItWasStoredEndsItsRequest() throws Exception
    {
        deliverWithAFault(ExecType.ORDER_STATUS, OrdStatus.NEW, CORE_ORDER_ID, true);
    }

    /**
     * Journals the core's report about a new order (asked its status first, for {@code statusAsked}) and delivers it
     * through one fault, past the fault's pause: the broker's store holds it once, none ignored as inconsistent, no
     * status request left.
     *
     * @return the order.
     */
    private OrderRoutes.Order deliverWithAFault(
        final ExecType execType, final OrdStatus ordStatus, final long orderId, final boolean statusAsked)
        throws Exception
    {
        final Session session = UnconnectedSessions.create(BROKER, new StoreWriteWatch(
            new FaultingStores(() -> false, () -> faultBeforeStoring, () -> !faultBeforeStoring, faults)));
        try (MediaDriverFixture driver = MediaDriverFixture.launch();
            Aeron aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
            Subscription egress = aeron.addSubscription("aeron:ipc", 1002);
            OrderRoutes routes = new OrderRoutes(dir.resolve("clordids.log"), List.of(BROKER)))
        {
            final OrderRoutes.Route route = routes.newOrder(BROKER, "R-1", "ACC1", "AAPL", '1');
            if (statusAsked)
            {
                routes.onStatusAsked(BROKER, "R-1", route.clOrdId(), route);
            }
            try (CoreJournal journal = CoreJournal.open(dir.resolve("core"), 0))
            {
                final ExecutionReportEncoder report = new ExecutionReportEncoder().wrapAndApplyHeader(buffer, 0,
                    new MessageHeaderEncoder()).clientId(CLIENT_ID).clOrdId(route.clOrdId()).orderId(orderId)
                    .execId(77).execType(execType).ordStatus(ordStatus).side(Side.BUY).symbol("AAPL").account("ACC1")
                    .ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).price(1).quantity(10).leavesQty(0)
                    .rejectReason(execType == ExecType.REJECTED ? RejectReason.POSITION_LIMIT_EXCEEDED :
                    RejectReason.NONE).text("");
                assertTrue(journal.append(JournalEntry.REPORT, 0, 0, buffer, 0,
                    MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength()));
            }
            try (ChronicleQueue queue = CoreJournal.openReadOnly(dir.resolve("core"));
                ReportPosition position = new ReportPosition(dir.resolve("position"));
                BrokerReportProgress progress = new BrokerReportProgress(position, dir, List.of(BROKER)))
            {
                final AtomicCounter inconsistent = new AtomicCounter(counters, 0);
                final BrokerReportAgent agent = new BrokerReportAgent(egress, CLIENT_ID, routes, new BrokerReports(),
                    CoreJournal.reader(queue), CoreJournal.reader(queue), progress, inconsistent,
                    new AtomicCounter(counters, 1), new AtomicCounter(counters, 2), 32, Long.MAX_VALUE,
                    SystemNanoClock.INSTANCE);

                FaultingStores.dutyCyclesPastTheFaultPause(agent);
                assertEquals(0, faults.get(), "the fault was raised");
                assertEquals(0, inconsistent.get(), "reports ignored as inconsistent");
                assertEquals(1, UnconnectedSessions.stored(session).size(), "the report in the broker's store, once");
                assertEquals(0, routes.statusRequestsAsked(), "status requests not answered");
            }
            return route.order();
        }
        finally
        {
            session.close();
        }
    }
}
