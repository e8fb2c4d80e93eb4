package io.peregrine.sim.fix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.UnsupportedMessageType;
import quickfix.field.MsgType;

import java.util.concurrent.locks.LockSupport;

/**
 * The venue's QuickFIX/J {@link Application}. Runs on QuickFIX/J's threads: it checks the message type and
 * matches NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest and OrderStatusRequest on this thread
 * ({@link SimulatedExchangeAgent#process}, the default) or queues them for the {@link SimulatedExchangeAgent}'s engine thread. Any other application message type is answered by QuickFIX/J with a BusinessMessageReject
 * (BusinessRejectReason 3, unsupported message type) because this throws {@link UnsupportedMessageType}.
 * Malformed messages never get here: the session's data dictionary rejects them with a session-level Reject.
 * <p>
 * When the engine's queue is full the QuickFIX/J thread waits (back-pressure on the sessions) rather than drop an
 * order; once the venue is closing, messages are dropped and logged.
 */
public final class SimulatedExchangeFixApplication implements Application
{
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedExchangeFixApplication.class);
    private static final long FULL_QUEUE_PARK_NANOS = 50_000;

    private final SimulatedExchangeAgent agent;
    private final boolean matchOnSessionThread;
    private volatile boolean closing;

    /**
     * @param agent that processes the queued messages.
     */
    public SimulatedExchangeFixApplication(final SimulatedExchangeAgent agent)
    {
        this(agent, false);
    }

    /**
     * @param agent                that processes the messages.
     * @param matchOnSessionThread true: match each request on the QuickFIX/J thread that received it
     *                             ({@link SimulatedExchangeAgent#process}); false: queue it for the engine thread.
     */
    public SimulatedExchangeFixApplication(final SimulatedExchangeAgent agent, final boolean matchOnSessionThread)
    {
        this.agent = agent;
        this.matchOnSessionThread = matchOnSessionThread;
    }

    /** Stops queuing: later messages are dropped (the venue is shutting down). Any thread. */
    public void closing()
    {
        closing = true;
    }

    @Override
    public void onCreate(final SessionID sessionID)
    {
        LOG.debug("session created {}", sessionID);
    }

    @Override
    public void onLogon(final SessionID sessionID)
    {
        LOG.info("logon {}", sessionID.getTargetCompID());
    }

    @Override
    public void onLogout(final SessionID sessionID)
    {
        LOG.info("logout {}", sessionID.getTargetCompID());
    }

    @Override
    public void toAdmin(final Message message, final SessionID sessionID)
    {
    }

    @Override
    public void fromAdmin(final Message message, final SessionID sessionID)
    {
    }

    @Override
    public void toApp(final Message message, final SessionID sessionID)
    {
    }

    @Override
    public void fromApp(final Message message, final SessionID sessionID) throws FieldNotFound, UnsupportedMessageType
    {
        final String msgType = message.getHeader().getString(MsgType.FIELD);
        switch (msgType)
        {
            case MsgType.NEW_ORDER_SINGLE:
            case MsgType.ORDER_CANCEL_REQUEST:
            case MsgType.ORDER_CANCEL_REPLACE_REQUEST:
            case MsgType.ORDER_STATUS_REQUEST:
                if (matchOnSessionThread && !closing)
                {
                    agent.process(new InboundMessage(sessionID, message));
                }
                else
                {
                    enqueue(new InboundMessage(sessionID, message));
                }
                break;
            default:
                throw new UnsupportedMessageType();
        }
    }

    private void enqueue(final InboundMessage inbound)
    {
        while (!agent.offer(inbound))
        {
            if (closing)
            {
                LOG.warn("venue closing, dropped {}", inbound.message);
                return;
            }
            LockSupport.parkNanos(FULL_QUEUE_PARK_NANOS);
        }
    }
}
