package io.peregrine.gateway.broker;

import io.aeron.ExclusivePublication;
import io.peregrine.gateway.store.StoreWriteWatch;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.TempDirs;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.MemoryStore;
import quickfix.Session;
import quickfix.SessionID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report the broker session could not take at its first delivery (held by the session's reset logon, or refused by
 * its FIX store) is read again and delivered as it would have been the first time: nothing about the order or its
 * status requests changed by the attempt that did not take.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BrokerReportRetryTest
{
    private static final SessionID SESSION = new SessionID("FIX.4.4", "PEREGRINE", "BROKER9");
    private static final int CLIENT_ID = 9880;

    private final ExecutorService logonThread = Executors.newSingleThreadExecutor();
    private final UnsafeBuffer counters = new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH * 3]);
    private final AtomicCounter inconsistent = new AtomicCounter(counters, 0);
    private final AtomicCounter unroutable = new AtomicCounter(counters, 2);
    private volatile boolean storeFails;
    /** Writes the store refuses before it takes them again. */
    private volatile int refusedWrites;
    private Path dir;
    private Session session;

    @BeforeEach
    void createSession() throws Exception
    {
        dir = TempDirs.create("broker-report-retry-");
        session = UnconnectedSessions.create(SESSION, new StoreWriteWatch((id) -> failingStore()));
    }

    @AfterEach
    void close() throws Exception
    {
        ResetLogonHold.release(SESSION);
        logonThread.shutdownNow();
        assertTrue(logonThread.awaitTermination(5, TimeUnit.SECONDS));
        session.close();
        TempDirs.delete(dir);
    }

    @Test
    void aNewOrdersRejectHeldAtItsFirstDeliveryIsDeliveredNotIgnoredAsInconsistent() throws Exception
    {
        liveAgent((routes, egress, agent) ->
        {
            final OrderRoutes.Route route = routes.newOrder(SESSION, "REJ-1", "ACC1", "AAPL", '1');
            publish(egress, report(route.clOrdId(), ExecType.REJECTED, OrdStatus.REJECTED, RejectReason.NONE));

            heldThenReleased(agent);

            assertEquals(0, inconsistent.get(), "the retry is checked against the status the broker last got");
            assertEquals(1, stored().size());
            assertTrue(stored().get(0).contains("\u000111=REJ-1\u0001"));
            assertTrue(stored().get(0).contains("\u000139=8\u0001"));
        });
    }

    @Test
    void aStatusAnswerHeldAtItsFirstDeliveryStillFindsTheRequestOfAnOrderNoLongerRouted() throws Exception
    {
        liveAgent((routes, egress, agent) ->
        {
            final OrderRoutes.Route route = routes.newOrder(SESSION, "ASK-1", "ACC1", "AAPL", '1');
            final long retiredClOrdId = route.clOrdId() + 1_000; // no route has it: the order was retired meanwhile
            routes.onStatusAsked(SESSION, "ASK-1", retiredClOrdId, route);
            publish(egress, report(retiredClOrdId, ExecType.ORDER_STATUS, OrdStatus.NEW, RejectReason.NONE));

            heldThenReleased(agent);

            assertEquals(0, unroutable.get(), "the request's route answers it at the retry too");
            assertEquals(1, stored().size());
            assertTrue(stored().get(0).contains("\u0001150=I\u0001"));
            assertTrue(stored().get(0).contains("\u000111=ASK-1\u0001"));
        });
    }

    @Test
    void aLiveOnlyRefusalTheStoreCouldNotTakeIsReadAgainAfterThePauseNotSkipped() throws Exception
    {
        CoreJournal.open(dir.resolve("core"), 0).close(); // an empty journal: the refusal is on the live stream only
        try (LiveEgress live = new LiveEgress(dir, SESSION);
            ChronicleQueue queue = CoreJournal.openReadOnly(dir.resolve("core"));
            ReportPosition position = new ReportPosition(dir.resolve("position"));
            BrokerReportProgress progress = new BrokerReportProgress(position, dir, List.of(SESSION)))
        {
            final OrderRoutes routes = live.routes;
            final ExclusivePublication egress = live.egress;
            final BrokerReportAgent agent = new BrokerReportAgent(live.subscription, CLIENT_ID, routes,
                new BrokerReports(), CoreJournal.reader(queue), CoreJournal.reader(queue), progress, inconsistent,
                new AtomicCounter(counters, 1), unroutable, 32, Long.MAX_VALUE, SystemNanoClock.INSTANCE);
            final OrderRoutes.Route route = routes.newOrder(SESSION, "REF-1", "ACC1", "AAPL", '1');
            publish(egress, report(route.clOrdId(), ExecType.REJECTED, OrdStatus.REJECTED,
                RejectReason.JOURNAL_UNAVAILABLE));

            storeFails = true;
            agent.doWork();
            agent.doWork();
            storeFails = false;
            final long firstTry = System.nanoTime();
            agent.doWork();
            assertEquals(List.of(), stored(), "not read again before the store's retry pause");

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stored().isEmpty() && System.nanoTime() - deadline < 0)
            {
                agent.doWork();
                Thread.sleep(1);
            }
            assertEquals(1, stored().size(), "delivered once the store takes it");
            assertTrue(System.nanoTime() - firstTry >= BrokerReportAgent.UNSTORED_RETRY_NS / 2, "no busy retry");
            assertTrue(stored().get(0).contains("\u000111=REF-1\u0001"));
            assertTrue(stored().get(0).contains("\u000139=8\u0001"));
        }
    }

    @Test
    void aWaitingReportWhoseOrderIsNoLongerRoutedIsCountedUnroutable() throws Exception
    {
        final long before;
        final long unrouted;
        try (CoreJournal journal = CoreJournal.open(dir.resolve("core"), 0))
        {
            report(1, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE).clientId(CLIENT_ID + 1); // another client's
            assertTrue(journal.append(JournalEntry.REPORT, 0, 0, buffer, 0, length));
            before = journal.lastIndex();
            report(777, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE); // its route gone
            assertTrue(journal.append(JournalEntry.REPORT, 0, 0, buffer, 0, length));
            unrouted = journal.lastIndex();
        }
        try (LiveEgress live = new LiveEgress(dir, SESSION);
            ChronicleQueue queue = CoreJournal.openReadOnly(dir.resolve("core"));
            ReportPosition position = new ReportPosition(dir.resolve("position"));
            BrokerReportProgress progress = new BrokerReportProgress(position, dir, List.of(SESSION)))
        {
            // The session waited from before the report; the lead, past it, left it to the session's reading.
            progress.read(before);
            progress.startWaiting(SESSION);
            progress.read(unrouted);
            final BrokerReportAgent agent = new BrokerReportAgent(live.subscription, CLIENT_ID, live.routes,
                new BrokerReports(), CoreJournal.reader(queue), CoreJournal.reader(queue), progress, inconsistent,
                new AtomicCounter(counters, 1), unroutable, 32, Long.MAX_VALUE, SystemNanoClock.INSTANCE);

            agent.doWork();
            agent.doWork();

            assertTrue(progress.waiting().isEmpty(), "the session's waiting reports read");
            assertEquals(1, unroutable.get(), "not dropped silently");
        }
    }

    @Test
    void aLiveOnlyRefusalWaitsForItsSessionsOlderReportsThatWaitForItsStore() throws Exception
    {
        final long before;
        final long waiting;
        try (LiveEgress live = new LiveEgress(dir, SESSION))
        {
            final OrderRoutes.Route older = live.routes.newOrder(SESSION, "OLD-1", "ACC1", "AAPL", '1');
            final OrderRoutes.Route refused = live.routes.newOrder(SESSION, "REF-2", "ACC1", "AAPL", '1');
            try (CoreJournal journal = CoreJournal.open(dir.resolve("core"), 0))
            {
                report(1, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE).clientId(CLIENT_ID + 1);
                assertTrue(journal.append(JournalEntry.REPORT, 0, 0, buffer, 0, length));
                before = journal.lastIndex();
                report(older.clOrdId(), ExecType.NEW, OrdStatus.NEW, RejectReason.NONE);
                assertTrue(journal.append(JournalEntry.REPORT, 0, 0, buffer, 0, length));
                waiting = journal.lastIndex();
            }
            try (ChronicleQueue queue = CoreJournal.openReadOnly(dir.resolve("core"));
                ReportPosition position = new ReportPosition(dir.resolve("position"));
                BrokerReportProgress progress = new BrokerReportProgress(position, dir, List.of(SESSION)))
            {
                progress.read(before);
                progress.startWaiting(SESSION);
                progress.read(waiting);
                final BrokerReportAgent agent = new BrokerReportAgent(live.subscription, CLIENT_ID, live.routes,
                    new BrokerReports(), CoreJournal.reader(queue), CoreJournal.reader(queue), progress,
                    inconsistent, new AtomicCounter(counters, 1), unroutable, 32, Long.MAX_VALUE,
                    SystemNanoClock.INSTANCE);
                publish(live.egress, report(refused.clOrdId(), ExecType.REJECTED, OrdStatus.REJECTED,
                    RejectReason.JOURNAL_UNAVAILABLE));

                refusedWrites = 1; // the waiting report's retry fails once; the store takes the refusal at once
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (stored().size() < 2 && System.nanoTime() - deadline < 0)
                {
                    agent.doWork();
                    Thread.sleep(1);
                }
                assertEquals(2, stored().size());
                assertTrue(stored().get(0).contains("\u000111=OLD-1\u0001"), "the older report first");
                assertTrue(stored().get(1).contains("\u000111=REF-2\u0001"));
            }
        }
    }

    /** The report is held by the session's reset logon (on another thread), then read again once it is done. */
    private void heldThenReleased(final BrokerReportAgent agent) throws Exception
    {
        logonThread.submit(() -> ResetLogonHold.hold(SESSION)).get(10, TimeUnit.SECONDS);
        for (int cycle = 0; cycle < 3; cycle++)
        {
            agent.doWork(); // held: read again on the next duty cycle
        }
        assertEquals(List.of(), stored());
        logonThread.submit(() -> ResetLogonHold.release(SESSION)).get(10, TimeUnit.SECONDS);
        agent.doWork();
    }

    private interface LiveAgentTest
    {
        void run(OrderRoutes routes, ExclusivePublication egress, BrokerReportAgent agent) throws Exception;
    }

    private void liveAgent(final LiveAgentTest test) throws Exception
    {
        try (LiveEgress live = new LiveEgress(dir, SESSION))
        {
            test.run(live.routes, live.egress, new BrokerReportAgent(live.subscription, CLIENT_ID, live.routes,
                new BrokerReports(), null, null, null, inconsistent, new AtomicCounter(counters, 1), unroutable, 32,
                Long.MAX_VALUE, System::nanoTime));
        }
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private int length;

    private ExecutionReportEncoder report(
        final long clOrdId, final ExecType execType, final OrdStatus ordStatus, final RejectReason reason)
    {
        final ExecutionReportEncoder report = new ExecutionReportEncoder().wrapAndApplyHeader(buffer, 0,
            new MessageHeaderEncoder()).clientId(CLIENT_ID).clOrdId(clOrdId).orderId(ExecType.ORDER_STATUS == execType ?
            1 : 0).execId(1).execType(execType).ordStatus(ordStatus).side(Side.BUY).symbol("AAPL").account("ACC1")
            .ordType(io.peregrine.sbe.OrdType.LIMIT).timeInForce(io.peregrine.sbe.TimeInForce.DAY).price(1)
            .quantity(10).leavesQty(0).rejectReason(reason).text("");
        length = MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
        return report;
    }

    private void publish(final ExclusivePublication egress, final ExecutionReportEncoder report)
    {
        Await.until("the report published", () -> egress.offer(buffer, 0, length) > 0, 10_000);
    }

    private MemoryStore failingStore()
    {
        try
        {
            return new MemoryStore()
            {
                public boolean set(final int sequence, final String message) throws IOException
                {
                    if (storeFails || refusedWrites-- > 0)
                    {
                        throw new IOException("No space left on device");
                    }
                    return super.set(sequence, message);
                }
            };
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private List<String> stored() throws IOException
    {
        return UnconnectedSessions.stored(session);
    }
}
