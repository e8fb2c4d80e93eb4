package io.peregrine.gateway.broker;

import io.peregrine.gateway.store.StoreWriteWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;

import java.io.IOException;

/**
 * Sends a message to a broker session and does not let one its FIX store could not take vanish in silence.
 * <p>
 * QuickFIX/J persists a message before it writes it to the socket; when the store's write fails (a full or
 * read-only disk) it logs the error, sends nothing, uses no sequence number and returns false. A broker that is
 * logged on would then wait forever for the answer to its order, and its next logon would show no gap. So a send
 * that fails while the session is logged on disconnects the session, with the reason in the session's event log
 * (QuickFIX/J counts it as an error event, as it does the store's failure): the broker sees the session drop, and
 * once it logs on again (the gateway cannot answer its logon while the store still fails) it resends what the
 * gateway never acknowledged or asks for its orders' status, which the gateway answers (a ClOrdID it could not
 * journal is one it never forwarded: unknown). A session that is logged out keeps QuickFIX/J's behaviour: the
 * message is stored and resent on the broker's ResendRequest.
 * <p>
 * Only a store failure {@link StoreWriteWatch} recorded during the send counts: QuickFIX/J also returns false for a
 * message it stored for a session not (or not yet) logged on, e.g. during the broker's logon handshake, and a session
 * whose logon completes between the send and a look at its state is healthy, not to be dropped.
 * <p>
 * While a broker's Logon with ResetSeqNumFlag=Y is handled, deliveries from other threads are held
 * ({@link ResetLogonHold}).
 * <p>
 * Called on QuickFIX/J's threads and the report agent's; {@code Session} is thread-safe; a delivery holds its
 * session's gate while QuickFIX/J stores and sends. Allocates (edge code).
 */
public final class BrokerDelivery
{
    /** The reason a broker session is disconnected when the gateway cannot persist what it sends. */
    public static final String STORE_FAILURE =
        "gateway cannot persist messages (disk full?): disconnected, the message was not sent";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerDelivery.class);

    private BrokerDelivery()
    {
    }

    /** What became of a message handed to {@link #deliver}. */
    public enum Outcome
    {
        /** QuickFIX/J took it: written to the connection, or stored for a logged-out session. */
        TAKEN,
        /** The session's store could not persist it: nothing was sent; the session, if logged on, is dropped. */
        UNSTORED,
        /** The session's reset logon is being handled ({@link ResetLogonHold}): nothing was sent nor stored. */
        HELD
    }

    /**
     * Sends {@code message} to the broker session {@code sessionId}.
     *
     * @param message   the message, completed with the session's header fields.
     * @param sessionId the broker session.
     * @return true when QuickFIX/J took it: written to the connection, or stored for a logged-out session (resent on
     * its logon); false when it was not ({@link #deliver}): the caller still owes the broker this message.
     * @throws SessionNotFound when the session does not exist.
     */
    public static boolean send(final Message message, final SessionID sessionId) throws SessionNotFound
    {
        return deliver(message, sessionId) == Outcome.TAKEN;
    }

    /**
     * Sends {@code message} to the broker session {@code sessionId} unless its reset logon holds it.
     *
     * @param message   the message, completed with the session's header fields.
     * @param sessionId the broker session.
     * @return {@link Outcome#TAKEN}, {@link Outcome#UNSTORED} (the session, if logged on, is disconnected) or
     * {@link Outcome#HELD}; for the last two the caller still owes the broker this message.
     * @throws SessionNotFound when the session does not exist.
     */
    public static Outcome deliver(final Message message, final SessionID sessionId) throws SessionNotFound
    {
        final ResetLogonHold.Gate gate = ResetLogonHold.gate(sessionId);
        // The gate keeps a reset logon's copy of the store from starting while this message is half stored.
        synchronized (gate)
        {
            if (!gate.admits())
            {
                return Outcome.HELD;
            }
            StoreWriteWatch.begin();
            if (Session.sendToTarget(message, sessionId) || !StoreWriteWatch.failed())
            {
                return Outcome.TAKEN;
            }
            final Session session = Session.lookupSession(sessionId);
            if (null != session && session.isLoggedOn())
            {
                LOG.error("broker session {}: {}", sessionId, STORE_FAILURE);
                try
                {
                    session.disconnect(STORE_FAILURE, true);
                }
                catch (final IOException ex)
                {
                    LOG.error("broker session {} could not be disconnected: {}", sessionId, ex.toString());
                }
            }
            return Outcome.UNSTORED;
        }
    }
}
