package io.peregrine.sim.fix;

import quickfix.Message;
import quickfix.SessionID;

/**
 * Where the engine thread sends the FIX messages it builds. The venue's sender is
 * {@link quickfix.Session#sendToTarget(Message, SessionID)}, which QuickFIX/J makes safe to call from any thread.
 */
@FunctionalInterface
public interface ReportSender
{
    /**
     * Sends, or (session logged out) stores for resend on the next logon.
     *
     * @param message   to send.
     * @param sessionID the venue-side session (SenderCompID = venue).
     */
    void send(Message message, SessionID sessionID);
}
