package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.peregrine.gateway.store.StoreWriteWatch;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.Side;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.TempDirs;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.MemoryStoreFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.fix44.News;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ResetLogonResend} with a QuickFIX/J session that has no connection (what it sends is stored): the steps of a
 * broker's Logon with ResetSeqNumFlag=Y are called as QuickFIX/J calls them ({@code fromAdmin}, the store's reset,
 * {@code onLogon}), and the report agent's deliveries come from another thread.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResetLogonResendTest
{
    private static final SessionID SESSION = new SessionID("FIX.4.4", "PEREGRINE", "BROKER8");
    private static final String UNPARSEABLE = "8=FIX.4.4\u00019=5\u000135=8\u0001garbage\u000110=000\u0001";

    private final ExecutorService agentThread = Executors.newSingleThreadExecutor();
    private Path dir;
    private Session session;
    private ResetLogonResend resend;

    @BeforeEach
    void createSession() throws Exception
    {
        dir = TempDirs.create("reset-logon-resend-");
        session = UnconnectedSessions.create(SESSION, new StoreWriteWatch(new MemoryStoreFactory()));
        resend = new ResetLogonResend(dir.resolve("reset-resend"));
        resend.onCreate(SESSION, session.getStore());
    }

    @AfterEach
    void close() throws Exception
    {
        ResetLogonHold.release(SESSION);
        agentThread.shutdownNow();
        assertTrue(agentThread.awaitTermination(5, TimeUnit.SECONDS));
        session.close(); // unregisters it
        TempDirs.delete(dir);
    }

    @Test
    void aReportAnotherThreadDeliversDuringTheResetLogonIsHeldNotWipedByTheReset() throws Exception
    {
        assertEquals(BrokerDelivery.Outcome.TAKEN, fromAgent("A"));

        resend.beforeReset(SESSION, session.getStore()); // fromAdmin
        final BrokerDelivery.Outcome beforeTheReset = fromAgent("B"); // in the gap QuickFIX/J leaves unlocked
        session.reset(); // the store emptied
        final BrokerDelivery.Outcome beforeTheResend = fromAgent("C");
        resend.onLogon(SESSION);

        assertEquals(BrokerDelivery.Outcome.HELD, beforeTheReset, "not stored in the store the reset empties");
        assertEquals(BrokerDelivery.Outcome.HELD, beforeTheResend, "not sent before the older report sent again");
        assertEquals(List.of("A"), headlines(), "the kept report, sent again");
        assertTrue(stored().get(0).contains("\u000197=Y\u0001"), "PossResend=Y");

        // The report agent delivers the held ones again, in order, after the resend.
        assertEquals(BrokerDelivery.Outcome.TAKEN, fromAgent("B"));
        assertEquals(BrokerDelivery.Outcome.TAKEN, fromAgent("C"));
        assertEquals(List.of("A", "B", "C"), headlines());
    }

    @Test
    void aLogonRefusedAfterTheHoldBeganLetsTheReportsGoOnAtTheLogout() throws Exception
    {
        resend.beforeReset(SESSION, session.getStore());
        assertEquals(BrokerDelivery.Outcome.HELD, fromAgent("A"));
        resend.onLogout(SESSION);
        assertEquals(BrokerDelivery.Outcome.TAKEN, fromAgent("A"));
    }

    @Test
    void whatTheGatewaySentAfterTheBrokersLogoutIsSentAgainAfterItsResetLogon() throws Exception
    {
        fromAgent("A");
        resend.onLogoutReceived(SESSION); // the broker's Logout
        fromAgent("B"); // sent after it: a broker that closes right after its Logout never reads it
        resend.onLogoutSent(SESSION, session.getStore().getNextSenderMsgSeqNum()); // the gateway's answer
        resend.onLogout(SESSION);

        resetLogon();

        assertEquals(List.of("B"), headlines(), "only what the broker's Logout does not prove read");
    }

    @Test
    void aLogoutTheGatewayBeganAndTheBrokerAnsweredCountsAsReadThroughTheGatewaysLogout() throws Exception
    {
        fromAgent("A");
        resend.onLogoutSent(SESSION, session.getStore().getNextSenderMsgSeqNum() + 1);
        resend.onLogoutReceived(SESSION);
        resend.onLogout(SESSION);

        resetLogon();

        assertEquals(List.of(), headlines(), "the broker read through the gateway's Logout");
    }

    @Test
    void theKeptReportsAreSentEvenWhenTheResetCannotBeRecorded() throws Exception
    {
        fromAgent("A");
        resend.beforeReset(SESSION, session.getStore());
        session.reset();
        // The record cannot be replaced: a directory, not empty, where its file goes.
        final Path received = dir.resolve("reset-resend/PEREGRINE-BROKER8.received");
        Files.delete(received);
        Files.createDirectories(received.resolve("blocker"));
        resend.onLogon(SESSION);

        assertEquals(List.of("A"), headlines());
    }

    @Test
    void aKeptMessageThatDoesNotParseIsSetAsideAndTheOthersAreSent() throws Exception
    {
        session.getStore().set(1, UNPARSEABLE);
        session.getStore().incrNextSenderMsgSeqNum();
        fromAgent("A");

        resetLogon();

        assertEquals(List.of("A"), headlines(), "the others are sent");
        assertFalse(Files.exists(dir.resolve("reset-resend/PEREGRINE-BROKER8.pending")),
            "nothing left to stop the next logon's resend");
        assertEquals(UNPARSEABLE + "\n", Files.readString(dir.resolve("reset-resend/PEREGRINE-BROKER8.unsendable"),
            StandardCharsets.ISO_8859_1));
    }

    @Test
    void aDamagedPendingFileIsMovedAsideAndTheResetLogonGoesOn() throws Exception
    {
        fromAgent("A");
        final Path pending = dir.resolve("reset-resend/PEREGRINE-BROKER8.pending");
        Files.write(pending, new byte[] {0, 0, 0, 3, 0, 0, 0, 90, '8', '='}); // torn: 3 messages promised

        resetLogon(); // throws without the fix: every later reset logon refused

        assertEquals(List.of("A"), headlines(), "the reports in the store are still kept and sent again");
        try (Stream<Path> files = Files.list(dir.resolve("reset-resend")))
        {
            assertEquals(1, files.filter((file) -> file.getFileName().toString()
                .startsWith("PEREGRINE-BROKER8.pending.corrupt-")).count(), "the damaged file kept aside");
        }
    }

    @Test
    void theReportAgentReadingTheLiveStreamReadsAHeldReportAgainOnceTheResendIsDone() throws Exception
    {
        try (LiveEgress live = new LiveEgress(dir, SESSION))
        {
            final OrderRoutes routes = live.routes;
            final Aeron aeron = live.aeron;
            final OrderRoutes.Route route = routes.newOrder(SESSION, "HELD-1", "ACC1", "AAPL", '1');
            final BrokerReportAgent agent = new BrokerReportAgent(live.subscription, 9880, routes, new BrokerReports(),
                null, null, null, aeron.addCounter(1, "inconsistent"), aeron.addCounter(1, "delivered"),
                aeron.addCounter(1, "unroutable"), 32, Long.MAX_VALUE, System::nanoTime);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
            final ExecutionReportEncoder report = new ExecutionReportEncoder().wrapAndApplyHeader(buffer, 0,
                new MessageHeaderEncoder()).clientId(9880).clOrdId(route.clOrdId()).orderId(1).execId(1)
                .execType(ExecType.NEW).ordStatus(OrdStatus.NEW).side(Side.BUY).symbol("AAPL")
                .account("ACC1").ordType(io.peregrine.sbe.OrdType.LIMIT)
                .timeInForce(io.peregrine.sbe.TimeInForce.DAY).price(1).quantity(10).leavesQty(10).text("");
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();

            agentThread.submit(() -> resend.beforeReset(SESSION, session.getStore())).get(10, TimeUnit.SECONDS);
            Await.until("the report published", () -> live.egress.offer(buffer, 0, length) > 0, 10_000);
            for (int cycle = 0; cycle < 3; cycle++)
            {
                assertEquals(0, agent.doWork(), "held: read again on the next duty cycle");
            }
            assertEquals(List.of(), stored(), "nothing stored while the reset logon is handled");

            agentThread.submit(() -> resend.onLogon(SESSION)).get(10, TimeUnit.SECONDS);
            assertEquals(1, agent.doWork(), "delivered once the resend is done");
            assertEquals(1, stored().size());
            assertTrue(stored().get(0).contains("\u000111=HELD-1\u0001"));
        }
    }

    private void resetLogon() throws Exception
    {
        resend.beforeReset(SESSION, session.getStore());
        session.reset();
        resend.onLogon(SESSION);
    }

    /** A report handed over by the report agent's thread. */
    private BrokerDelivery.Outcome fromAgent(final String headline) throws Exception
    {
        return agentThread.submit(() -> BrokerDelivery.deliver(new News(new quickfix.field.Headline(headline)),
            SESSION)).get(10, TimeUnit.SECONDS);
    }

    private List<String> stored() throws IOException
    {
        return UnconnectedSessions.stored(session);
    }

    /** The Headline(148) of each message in the store, in sequence. */
    private List<String> headlines() throws IOException
    {
        final List<String> headlines = new ArrayList<>();
        for (final String message : stored())
        {
            final int start = message.indexOf("\u0001148=") + 5;
            headlines.add(message.substring(start, message.indexOf('\u0001', start)));
        }
        return headlines;
    }
}
