package io.peregrine.fixedge;

import io.peregrine.testsupport.Await;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.ApplicationAdapter;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.TestReqID;
import quickfix.fix44.News;
import quickfix.fix44.TestRequest;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An {@link InlineSocketInitiator} and an {@link InlineSocketAcceptor} on loopback: they log on, exchange messages in
 * order with every callback on a MINA I/O thread (no QuickFIX/J processor thread), see the other side's disconnect,
 * keep their stores across a restart, and unregister their sessions when stopped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InlineSocketConnectorsSystemTest
{
    private static final long WAIT_MS = 15_000;

    /** Its port is held until the test ends: the second acceptor binds it again. */
    @AutoClose
    private final LoopbackSessions sessions = new LoopbackSessions("INLINE");

    @Test
    void messagesAreHandledInOrderOnTheIoThreadsAndStopUnregistersTheSessions() throws Exception
    {
        final Peer venue = new Peer();
        final Peer broker = new Peer();
        final InlineSocketAcceptor acceptor = sessions.acceptor(venue);
        final InlineSocketInitiator initiator = sessions.initiator(broker);
        final SessionID brokerSide = sessions.clientSide;
        final SessionID venueSide = sessions.venueSide;
        try
        {
            acceptor.start();
            initiator.start();
            Await.until("both logged on", () -> broker.loggedOn.get() == 1 && venue.loggedOn.get() == 1, WAIT_MS);

            final int count = 200;
            for (int i = 0; i < count; i++)
            {
                final News news = new News(new quickfix.field.Headline("n" + i));
                final News.LinesOfText line = new News.LinesOfText();
                line.set(new quickfix.field.Text("inline"));
                news.addGroup(line); // required by FIX44.xml
                assertTrue(Session.sendToTarget(news, brokerSide));
            }
            for (int i = 0; i < count; i++)
            {
                final Message received = venue.received.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                assertNotNull(received, "message " + i);
                assertEquals("n" + i, received.getString(quickfix.field.Headline.FIELD), "in order");
            }
            // a session-level round trip: the acceptor answers a TestRequest with a Heartbeat on its I/O thread
            Session.sendToTarget(new TestRequest(new TestReqID("ping")), brokerSide);
            Await.until("the heartbeat answering the test request", () -> broker.heartbeatsFor("ping") == 1, WAIT_MS);

            for (final String thread : venue.threads)
            {
                assertTrue(thread.startsWith("NioProcessor"), "acceptor callback on " + thread);
            }
            for (final String thread : broker.threads)
            {
                assertTrue(thread.startsWith("NioProcessor"), "initiator callback on " + thread);
            }
            assertEquals(0, acceptor.getQueueSize(), "nothing is ever queued");

            initiator.stop(true);
            Await.until("the acceptor saw the initiator go", () -> venue.loggedOut.get() == 1, WAIT_MS);
            assertNull(Session.lookupSession(brokerSide), "a stopped initiator unregisters its sessions");
            assertNotNull(Session.lookupSession(venueSide), "the acceptor's session stays");
        }
        finally
        {
            initiator.stop(true);
            acceptor.stop(true);
        }
        assertNull(Session.lookupSession(venueSide), "a stopped acceptor unregisters its sessions");

        // the same sessions again, with the stores the first run left: sequence numbers carry on
        final Peer again = new Peer();
        final InlineSocketAcceptor acceptor2 = sessions.acceptor(new Peer());
        final InlineSocketInitiator initiator2 = sessions.initiator(again);
        try
        {
            acceptor2.start();
            initiator2.start();
            Await.until("logged on again", () -> again.loggedOn.get() == 1, WAIT_MS);
            assertTrue(Session.lookupSession(brokerSide).getStore().getNextSenderMsgSeqNum() > 200,
                "the store kept the first run's sequence numbers");
        }
        finally
        {
            initiator2.stop(true);
            acceptor2.stop(true);
        }
    }

    /** Records what one side's application sees, and on which threads. */
    private static final class Peer extends ApplicationAdapter
    {
        final AtomicInteger loggedOn = new AtomicInteger();
        final AtomicInteger loggedOut = new AtomicInteger();
        final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> heartbeats = new CopyOnWriteArrayList<>();

        @Override
        public void onLogon(final SessionID sessionId)
        {
            loggedOn.incrementAndGet();
        }

        @Override
        public void onLogout(final SessionID sessionId)
        {
            loggedOut.incrementAndGet();
        }

        @Override
        public void fromAdmin(final Message message, final SessionID sessionId) throws FieldNotFound
        {
            threads.add(Thread.currentThread().getName());
            if (message.isSetField(TestReqID.FIELD) &&
                quickfix.field.MsgType.HEARTBEAT.equals(message.getHeader().getString(quickfix.field.MsgType.FIELD)))
            {
                heartbeats.add(message.getString(TestReqID.FIELD));
            }
        }

        @Override
        public void fromApp(final Message message, final SessionID sessionId)
        {
            threads.add(Thread.currentThread().getName());
            received.add(message);
        }

        long heartbeatsFor(final String testReqId)
        {
            return heartbeats.stream().filter(testReqId::equals).count();
        }
    }
}
