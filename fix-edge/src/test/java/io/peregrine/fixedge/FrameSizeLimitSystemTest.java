package io.peregrine.fixedge;

import io.peregrine.testsupport.Await;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.ApplicationAdapter;
import quickfix.DoNotSend;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.PossDupFlag;
import quickfix.fix44.News;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An {@link InlineSocketInitiator} whose counterparty (a real QuickFIX/J acceptor on loopback) sends a message above
 * the initiator's maximum message size: the initiator closes the connection before decoding it, counts it, reconnects
 * and logs on again, and messages within the limit are delivered before and after.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FrameSizeLimitSystemTest
{
    private static final long WAIT_MS = 15_000;
    private static final int MAX_MESSAGE_BYTES = 4_096;

    @AutoClose
    private final LoopbackSessions sessions = new LoopbackSessions("LIMITED");

    @Test
    void aFrameAboveTheLimitClosesTheConnectionUndecodedAndTheSessionReconnects() throws Exception
    {
        final Peer venue = new Peer();
        final Peer gateway = new Peer();
        final FrameSizeLimit limit = FrameSizeLimit.counted("test initiator", MAX_MESSAGE_BYTES);
        final InlineSocketAcceptor acceptor = sessions.acceptor(venue);
        final InlineSocketInitiator initiator = sessions.initiator(gateway, limit);
        final SessionID venueSide = sessions.venueSide;
        try
        {
            acceptor.start();
            initiator.start();
            Await.until("logged on", () -> gateway.loggedOn.get() == 1, WAIT_MS);

            assertTrue(Session.sendToTarget(news("small", 1_000), venueSide));
            final Message small = gateway.received.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(small, "a message within the limit");
            assertEquals("small", small.getString(quickfix.field.Headline.FIELD));

            assertTrue(Session.sendToTarget(news("huge", 100_000), venueSide));
            Await.until("the oversize frame cut off", () -> limit.oversizeFrames() == 1, WAIT_MS);
            Await.until("logged on again", () -> gateway.loggedOn.get() == 2, WAIT_MS);
            // The initiator asks for the message it missed, and the venue gap-fills it: only once that is done is a new
            // message sent as new (one sent before would be in the resent range, and gap-filled too).
            final SessionID gatewaySide = sessions.clientSide;
            Await.until("the initiator caught up with the venue's sequence numbers",
                () -> nextTarget(gatewaySide) == nextSender(venueSide), WAIT_MS);

            // the venue gap-fills the huge message instead of resending it (Peer.toApp): the session goes on
            assertTrue(Session.sendToTarget(news("after", 1_000), venueSide));
            final Message after = gateway.received.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(after, "a message within the limit after the reconnect");
            assertEquals("after", after.getString(quickfix.field.Headline.FIELD), "the huge one was never decoded");
            assertNull(gateway.received.poll(200, TimeUnit.MILLISECONDS));
            assertEquals(1, limit.oversizeFrames());
            assertEquals(0, limit.malformedFrames());
        }
        finally
        {
            initiator.stop(true);
            acceptor.stop(true);
        }
    }

    private static int nextTarget(final SessionID sessionId)
    {
        try
        {
            return Session.lookupSession(sessionId).getStore().getNextTargetMsgSeqNum();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static int nextSender(final SessionID sessionId)
    {
        try
        {
            return Session.lookupSession(sessionId).getStore().getNextSenderMsgSeqNum();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static News news(final String headline, final int textLength)
    {
        final News news = new News(new quickfix.field.Headline(headline));
        final News.LinesOfText line = new News.LinesOfText();
        line.set(new quickfix.field.Text("x".repeat(textLength)));
        news.addGroup(line);
        return news;
    }

    /** Counts logons, keeps the application messages received, gap-fills resends. */
    private static final class Peer extends ApplicationAdapter
    {
        final AtomicInteger loggedOn = new AtomicInteger();
        final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

        @Override
        public void onLogon(final SessionID sessionId)
        {
            loggedOn.incrementAndGet();
        }

        @Override
        public void toApp(final Message message, final SessionID sessionId) throws DoNotSend
        {
            try
            {
                if (message.getHeader().isSetField(PossDupFlag.FIELD) &&
                    message.getHeader().getBoolean(PossDupFlag.FIELD))
                {
                    throw new DoNotSend();
                }
            }
            catch (final FieldNotFound ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public void fromApp(final Message message, final SessionID sessionId)
        {
            received.add(message);
        }
    }
}
