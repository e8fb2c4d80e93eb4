package io.peregrine.sim.fix;

import quickfix.Message;
import quickfix.SessionID;

/**
 * An application message a QuickFIX/J thread received, handed to the engine thread. QuickFIX/J parses each
 * inbound message into a new {@link Message} and never touches it again after {@code fromApp} returns, so the
 * hand-over needs no copy. Immutable reference holder.
 */
final class InboundMessage
{
    final SessionID sessionID;
    final Message message;

    InboundMessage(final SessionID sessionID, final Message message)
    {
        this.sessionID = sessionID;
        this.message = message;
    }
}
