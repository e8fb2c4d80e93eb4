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

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault of a mapped file (the JVM's InternalError, raised after a read returned) while the reader of a waiting
 * session's reports delivers one is that reader's: the report it had handed to QuickFIX/J (stored: QuickFIX/J stores
 * before it sends) is not delivered again, one QuickFIX/J had not stored is read again, and the reading in order is not
 * moved back, so every report reaches its broker once under its ExecID.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerReportWaitingFaultTest
{
    private static final SessionID WAITING = new SessionID("FIX.4.4", "PEREGRINE", "BROKER7");
    private static final SessionID OTHER = new SessionID("FIX.4.4", "PEREGRINE", "BROKER8");
    private static final int CLIENT_ID = 9880;
    /** More than one duty cycle delivers: the reading in order stops in the middle of them, on a report. */
    private static final int OTHER_REPORTS = 40;
    private static final long WAITING_EXEC_ID = 1_000;
    private static final Pattern EXEC_ID = Pattern.compile("\u000117=([^\u0001]+)\u0001");

    private final Path dir = TempDirs.create("broker-report-waiting-fault-");
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final UnsafeBuffer counters = new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 3]);
    /** The waiting session's store refuses every write (a full disk). */
    private volatile boolean storeFails;
    /** Faults' InternalErrors a session's store raises: when it stores a message, or once it has. */
    private final AtomicInteger faults = new AtomicInteger();
    private volatile boolean faultBeforeStoring;
    /** Whether the waiting session's store raises them (its report read again), else the other's (read in order). */
    private volatile boolean faultInWaiting;

    @AfterEach
    void delete()
    {
        TempDirs.delete(dir);
    }

    @Test
    void aFaultRaisedOnceTheStoreTookAWaitingReportDeliversEveryReportOnceEach() throws Exception
    {
        deliverWithAFault(true, false);
    }

    @Test
    void aFaultRaisedBeforeTheStoreTookAWaitingReportDeliversItOnceNotNever() throws Exception
    {
        deliverWithAFault(true, true);
    }

    @Test
    void aFaultRaisedOnceTheStoreTookAReportReadInOrderDeliversEveryReportOnceEach() throws Exception
    {
        deliverWithAFault(false, false);
    }

    @Test
    void aFaultRaisedBeforeTheStoreTookAReportReadInOrderDeliversItOnceNotNever() throws Exception
    {
        deliverWithAFault(false, true);
    }

    /**
     * The waiting session's report is refused once (the session waits from it); at the next duty cycle, past its
     * retry pause, its report is read again and the other session's next ones in order, and the send of one of them
     * (the waiting report, or the next read in order) meets a fault's error, before or after its store took it.
     */
    private void deliverWithAFault(final boolean inWaitingReader, final boolean beforeStoring) throws Exception
    {
        final Session waiting = UnconnectedSessions.create(WAITING, new StoreWriteWatch(stores(true)));
        final Session other = UnconnectedSessions.create(OTHER, new StoreWriteWatch(stores(false)));
        try (MediaDriverFixture driver = MediaDriverFixture.launch();
            Aeron aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
            Subscription egress = aeron.addSubscription("aeron:ipc", 1002);
            OrderRoutes routes = new OrderRoutes(dir.resolve("clordids.log"), List.of(WAITING, OTHER)))
        {
            try (CoreJournal journal = CoreJournal.open(dir.resolve("core"), 0))
            {
                append(journal, routes.newOrder(WAITING, "W-1", "ACC1", "AAPL", '1'), "ACC1", WAITING_EXEC_ID);
                for (int i = 1; i <= OTHER_REPORTS; i++)
                {
                    append(journal, routes.newOrder(OTHER, "O-" + i, "ACC2", "AAPL", '1'), "ACC2", i);
                }
            }
            try (ChronicleQueue queue = CoreJournal.openReadOnly(dir.resolve("core"));
                ReportPosition position = new ReportPosition(dir.resolve("position"));
                BrokerReportProgress progress = new BrokerReportProgress(position, dir, List.of(WAITING, OTHER)))
            {
                final BrokerReportAgent agent = new BrokerReportAgent(egress, CLIENT_ID, routes, new BrokerReports(),
                    CoreJournal.reader(queue), CoreJournal.reader(queue), progress, new AtomicCounter(counters, 0),
                    new AtomicCounter(counters, 1), new AtomicCounter(counters, 2), 32, Long.MAX_VALUE,
                    SystemNanoClock.INSTANCE);

                storeFails = true;
                agent.doWork(); // the waiting session's report is refused: it waits; the other's go on, in part
                assertEquals(List.of(WAITING), progress.waiting());
                assertTrue(execIds(other).size() < OTHER_REPORTS, "the reading in order stopped on a report");
                storeFails = false;
                faults.set(1);
                faultBeforeStoring = beforeStoring;
                faultInWaiting = inWaitingReader;
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(BrokerReportAgent.UNSTORED_RETRY_NS) + 100);

                // The fault, and every later duty cycle, past the fault's pause.
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                    2 * TimeUnit.NANOSECONDS.toSeconds(JournalCursor.FAULT_RETRY_NS) + 10);
                long quietSince = Long.MAX_VALUE;
                while (System.nanoTime() - deadline < 0)
                {
                    agent.doWork();
                    if (progress.waiting().isEmpty() && execIds(other).size() == OTHER_REPORTS)
                    {
                        quietSince = Math.min(quietSince, System.nanoTime());
                        if (System.nanoTime() - quietSince > 2 * JournalCursor.FAULT_RETRY_NS)
                        {
                            break; // long enough for any reading moved back to have delivered again
                        }
                    }
                    Thread.sleep(1);
                }
                assertEquals(0, faults.get(), "the fault was raised");
                assertTrue(progress.waiting().isEmpty(), "the waiting session caught up");
                assertEquals(Map.of(Long.toString(WAITING_EXEC_ID), 1), execIds(waiting),
                    "the waiting session's report, once");
                final Map<String, Integer> others = execIds(other);
                assertEquals(OTHER_REPORTS, others.size(), "every report of the other session");
                others.forEach((execId, count) -> assertEquals(1, count, "deliveries of ExecID " + execId));
            }
        }
        finally
        {
            waiting.close();
            other.close();
        }
    }

    private void append(final CoreJournal journal, final OrderRoutes.Route route, final String account, final long execId)
    {
        final ExecutionReportEncoder report = new ExecutionReportEncoder().wrapAndApplyHeader(buffer, 0,
            new MessageHeaderEncoder()).clientId(CLIENT_ID).clOrdId(route.clOrdId()).orderId(execId).execId(execId)
            .execType(ExecType.NEW).ordStatus(OrdStatus.NEW).side(Side.BUY).symbol("AAPL").account(account)
            .ordType(OrdType.LIMIT).timeInForce(TimeInForce.DAY).price(1).quantity(10).leavesQty(10)
            .rejectReason(RejectReason.NONE).text("");
        assertTrue(journal.append(JournalEntry.REPORT, 0, 0, buffer, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength()));
    }

    /** @return each ExecID the session's store holds, with how many messages carry it. */
    private static Map<String, Integer> execIds(final Session session) throws IOException
    {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final String message : UnconnectedSessions.stored(session))
        {
            final Matcher execId = EXEC_ID.matcher(message);
            assertTrue(execId.find(), message);
            counts.merge(execId.group(1), 1, Integer::sum);
        }
        return counts;
    }

    /** The waiting session's store, or the other's. */
    private FaultingStores stores(final boolean waitingSession)
    {
        return new FaultingStores(() -> waitingSession && storeFails,
            () -> waitingSession == faultInWaiting && faultBeforeStoring,
            () -> waitingSession == faultInWaiting && !faultBeforeStoring, faults);
    }
}
