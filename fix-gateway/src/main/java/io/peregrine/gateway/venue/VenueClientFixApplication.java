package io.peregrine.gateway.venue;

import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.fixedge.RollingFixLog;
import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.fixedge.mapping.FixTimestamps;
import io.peregrine.gateway.GatewayCounters;
import io.peregrine.gateway.session.ClockSkewRefusal;
import io.peregrine.gateway.session.LogonRefusalGuard;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.VenueCancelRejectEncoder;
import io.peregrine.sbe.VenueExecutionEncoder;
import io.peregrine.sbe.VenueSessionStatusEncoder;
import io.peregrine.sbe.VenueStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.DoNotSend;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.BusinessRejectRefID;
import quickfix.field.ClOrdID;
import quickfix.field.AvgPx;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrderQty;
import quickfix.field.PossDupFlag;
import quickfix.field.Price;
import quickfix.field.RefMsgType;
import quickfix.field.RefSeqNum;
import quickfix.field.Text;
import quickfix.field.TransactTime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * QuickFIX/J application of the venue initiator sessions: turns the venues' ExecutionReports, OrderCancelRejects
 * and BusinessMessageRejects, and session logons/logouts, into SBE {@code VenueExecution},
 * {@code VenueCancelReject} and {@code VenueSessionStatus} messages, and writes them to the {@link VenueClient}'s
 * inbox ring buffer. The agent owns all per-venue state and the stream 2002 publication; this class only
 * translates.
 * <p>
 * Runs on QuickFIX/J's threads (message processing, timer and I/O threads): encoders are per thread, the inbox
 * is a many-to-one ring buffer. Allocates (FIX parsing); it is the edge.
 * <p>
 * Orders are never re-sent: when a venue asks for a resend, {@link #toApp} refuses application messages marked
 * PossDup so QuickFIX/J sends a gap fill instead. A stale order reaching a venue late is worse than one the core
 * already saw answered or timed out. The agent is told of each gap-filled order request
 * ({@link #NOT_DELIVERED_MSG_TYPE}): the venue never got it, so what is still pending of it is answered as not
 * delivered. OrderStatusRequests are the exception: a query changes nothing at the venue,
 * and the ones sent right after a logon usually fall inside the range of the venue's ResendRequest (a restarted
 * venue that lost the last messages it was sent asks for everything from there on, EndSeqNo 0, which includes
 * what the gateway sent after the logon); gap-filled, they would never be answered.
 */
public final class VenueClientFixApplication implements Application
{
    private static final Logger LOG = LoggerFactory.getLogger(VenueClientFixApplication.class);
    private static final int MAX_TEXT_BYTES = 512;
    private static final int RECENT_REQUESTS = 16_384;

    /**
     * Inbox message type (not an SBE template: never forwarded) of a pending-new/cancel/replace acknowledgement;
     * the payload is the order id and the venue id, as longs (the agent counts it in the venue's reports in).
     */
    static final int PENDING_ACK_MSG_TYPE = 1_000;

    /**
     * Inbox message type of the venue's answer to an OrderStatusRequest (ExecutionReport with ExecType I): the
     * payload is {@code orderId, requestId, ordStatus (FIX char, 0 = the venue does not know the order), cumQty,
     * leavesQty, avgPx ({@code VenueInMessages.AVG_PX_UNKNOWN} when absent), orderQty, price, venueId, resent (1:
     * a PossDup resend, else 0)} as longs (fixed point prices), then the Text as UTF-8.
     */
    static final int ORDER_STATUS_MSG_TYPE = 1_001;

    /** {@code ordStatus} of an {@link #ORDER_STATUS_MSG_TYPE} record for an order the venue does not know. */
    static final long UNKNOWN_ORDER_STATUS = 0;

    /**
     * Inbox message type of a SequenceReset-GapFill the venue sent (usually instead of resending messages the gateway
     * asked for: a fill among them would be lost until the order's next report): the payload is the venue id. The
     * agent asks about the venue's working orders.
     */
    static final int GAP_FILL_MSG_TYPE = 1_002;

    /**
     * Inbox message type of an order request (NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest) the
     * venue asked to be resent that the gateway gap-filled instead ({@link #toApp}): the venue never received it and,
     * skipping its sequence number, never will. The payload is {@code orderId, requestId (0 for the order itself),
     * venueId} as longs; the agent answers a request still pending as not delivered.
     */
    static final int NOT_DELIVERED_MSG_TYPE = 1_003;

    /**
     * Every inbox record starts with the core run id named by the report's ClOrdID (0 for session status), so the
     * agent can tell reports for orders of an earlier core run from current ones, then the report's
     * {@link VenueReportJournal} sequence (0 when not journaled), so the agent can record that it was forwarded;
     * the SBE message follows.
     */
    static final int RUN_LENGTH = 2 * Long.BYTES;

    /** Offset of the report journal sequence in an inbox record. */
    static final int JOURNAL_SEQ_OFFSET = Long.BYTES;

    private final Map<SessionID, Integer> venueIdBySession;
    private final LogonRefusalGuard logonGuard;
    private final VenueReportJournal reportJournal;
    private final AtomicCounter duplicateReports;
    private final RingBuffer inbox;
    private volatile Runnable inboxWaker = () -> { };
    private final VenueSessionHealth health;
    private final ClockSkewRefusal clockSkew = new ClockSkewRefusal();
    private final AtomicCounter unmappedMessages;
    private final AtomicCounter malformedStatusAnswers;
    /** The application messages of a venue's resend request that are not re-sent: first ones listed, one summary. */
    private final VenueEpisodes notResentLines = VenueEpisodes.warnedOn(LOG, "venue {} asked for a resend: {} " +
        "order request(s) not re-sent, gap-filled instead: requests are never sent twice, a stale order reaching " +
        "the venue late is worse than one the core already saw answered or timed out");
    private final ThreadLocal<Encoders> encoders = ThreadLocal.withInitial(Encoders::new);
    /** Per session, the side whose Logout started the current logout exchange ("gateway" or "venue"). */
    private final Map<SessionID, String> logoutStartedBy = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per session, the connection loss last logged at WARN: the same again is logged at DEBUG until a logon. */
    private final Map<SessionID, String> lastWarnedLoss = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<SentKey, SentRequest> recentRequests = new java.util.LinkedHashMap<>(1024, 0.75f, false)
    {
        private static final long serialVersionUID = 1L;

        protected boolean removeEldestEntry(final Map.Entry<SentKey, SentRequest> eldest)
        {
            return size() > RECENT_REQUESTS;
        }
    };

    /**
     * @param venueIdBySession the venue id of each initiator session.
     * @param inbox            the agent's inbox (many producers).
     * @param health           told of logons, logouts and refused logons with their reasons.
     * @param logonGuard       stale-store detection, backoff and reset-session handling (null: none).
     * @param reportJournal    exactly-once venue reports: de-duplication by (venue, ExecID) and replay of reports
     *                         not yet forwarded when the gateway died (null: none).
     * @param counters         the gateway's counters (duplicate and unmapped venue messages are counted there).
     */
    public VenueClientFixApplication(
        final Map<SessionID, Integer> venueIdBySession,
        final RingBuffer inbox,
        final VenueSessionHealth health,
        final LogonRefusalGuard logonGuard,
        final VenueReportJournal reportJournal,
        final GatewayCounters counters)
    {
        this.duplicateReports = counters.venueDuplicateReports();
        this.unmappedMessages = counters.venueUnmappedMessages();
        this.malformedStatusAnswers = counters.venueMalformedStatusAnswers();
        this.venueIdBySession = Map.copyOf(venueIdBySession);
        this.inbox = inbox;
        this.health = health;
        this.logonGuard = logonGuard;
        this.reportJournal = reportJournal;
    }
    /**
     * Hands the reports the journal recorded but did not forward before the gateway stopped to the agent again,
     * in their order. Call once, before the initiator starts (caller's thread).
     *
     * @return how many reports were replayed.
     */
    public int replayUnforwarded()
    {
        if (null == reportJournal)
        {
            return 0;
        }
        int replayed = 0;
        try
        {
            final quickfix.DataDictionary dictionary = new quickfix.DataDictionary("FIX44.xml");
            for (final VenueReportJournal.Unforwarded report : reportJournal.unforwarded())
            {
                try
                {
                    final Message message = new Message(report.rawFix(), dictionary, new quickfix.ValidationSettings(), false);
                    if (MsgType.ORDER_CANCEL_REJECT.equals(message.getHeader().getString(MsgType.FIELD)))
                    {
                        onCancelReject(report.venueId(), message, report.seq());
                    }
                    else
                    {
                        onExecutionReport(report.venueId(), message, report.seq());
                    }
                    replayed++;
                }
                catch (final quickfix.InvalidMessage | FieldNotFound | RuntimeException ex)
                {
                    unmappedMessages.increment();
                    LOG.warn("venue report {} in the journal cannot be replayed: {}", report.seq(), ex.toString());
                }
            }
        }
        catch (final quickfix.ConfigError ex)
        {
            throw new IllegalStateException("FIX44.xml not on the class path", ex);
        }
        if (replayed > 0)
        {
            LOG.warn("{} venue reports accepted before the gateway stopped but not yet handed to the core: replayed",
                replayed);
        }
        return replayed;
    }

    public void onCreate(final SessionID sessionId)
    {
    }

    public void onLogon(final SessionID sessionId)
    {
        LOG.info("venue session {} logged on", sessionId);
        lastWarnedLoss.remove(sessionId);
        logoutStartedBy.remove(sessionId);
        final Integer venueId = venueIdBySession.get(sessionId);
        if (null != venueId)
        {
            health.onLogon(venueId);
        }
        clockSkew.onLogon(sessionId);
        if (null != logonGuard)
        {
            logonGuard.onLogon(sessionId);
        }
        writeStatus(sessionId, VenueStatus.CONNECTED);
    }

    /**
     * The connection ended. Its cause goes to {@code /health} and to the log: a logout this gateway started (a clean
     * stop, an operator's) at INFO; any other at WARN once, and at DEBUG while it repeats (a venue that accepts the
     * connection but never answers our Logon fails again every logon timeout plus reconnect interval).
     */
    public void onLogout(final SessionID sessionId)
    {
        final String startedBy = logoutStartedBy.remove(sessionId);
        final Integer venueId = venueIdBySession.get(sessionId);
        if ("gateway".equals(startedBy))
        {
            final String problem = null == venueId ? null : health.lastProblem(venueId);
            if (null == problem || health.isHeldOut(venueId))
            {
                // A clean stop (a Logout without text) or an operator's: nothing went wrong.
                if (null != venueId && null == problem)
                {
                    health.onLoggedOut(venueId, "by this gateway (stopping)");
                }
                LOG.info("venue session {} logged out by this gateway{}", sessionId,
                    null == problem ? "" : ": " + problem);
            }
            else
            {
                warnOnce(sessionId, "logged out by this gateway: " + problem);
            }
        }
        else if (null != startedBy)
        {
            final Session session = Session.lookupSession(sessionId);
            if (null != session && !session.isLogonReceived())
            {
                // A refused logon: its WARN named the reason already.
                LOG.debug("venue session {} disconnected after its logon was refused", sessionId);
            }
            else if (!clockSkew.lastSuppressed(sessionId))
            {
                final String problem = null == venueId ? null : health.lastProblem(venueId);
                warnOnce(sessionId, "logged out by the venue" + (null == problem ? "" : ": " + problem));
            }
        }
        else
        {
            // No Logout either way: the TCP connection ended, or QuickFIX/J gave up waiting for the venue's Logon
            // (its reason, "Timed out waiting for logon response", goes to its event log only).
            final Session session = Session.lookupSession(sessionId);
            final boolean logonUnanswered = null != session && session.isLogonSent() && !session.isLogonReceived();
            final String cause = !logonUnanswered ? "connection lost" : session.isLogonTimedOut() ?
                "no answer to our Logon within " + session.getLogonTimeout() + " s (the venue accepts the " +
                "connection but does not answer: is it frozen, or not expecting these CompIDs?)" :
                "the connection closed before the venue answered our Logon";
            if (null != venueId)
            {
                if (logonUnanswered)
                {
                    health.onLogonFailed(venueId, cause);
                }
                else
                {
                    health.onLoggedOut(venueId, cause);
                }
            }
            warnOnce(sessionId, (logonUnanswered ? "logon failed: " : "logged out: ") + cause);
        }
        if (null != logonGuard)
        {
            logonGuard.onLogout(sessionId);
        }
        writeStatus(sessionId, VenueStatus.DISCONNECTED);
    }

    private void warnOnce(final SessionID sessionId, final String what)
    {
        if (what.equals(lastWarnedLoss.put(sessionId, what)))
        {
            LOG.debug("venue session {} {} (again)", sessionId, what);
        }
        else
        {
            LOG.warn("venue session {} {}", sessionId, what);
        }
    }

    public void toAdmin(final Message message, final SessionID sessionId)
    {
        if (null != logonGuard)
        {
            logonGuard.onOutgoingAdmin(message, sessionId);
        }
        if (isMsgType(message, MsgType.SEQUENCE_RESET) || isMsgType(message, MsgType.LOGOUT))
        {
            // The gap fill of a resend's messages not re-sent (or the end of the session): their one summary.
            final Integer venueId = venueIdBySession.get(sessionId);
            if (null != venueId)
            {
                notResentLines.end(venueId);
            }
        }
        if (isMsgType(message, MsgType.LOGOUT))
        {
            onLogoutMessage(message, sessionId, "gateway");
        }
    }

    private void onLogoutMessage(final Message logout, final SessionID sessionId, final String from)
    {
        final String startedBy = logoutStartedBy.putIfAbsent(sessionId, from);
        final Integer venueId = venueIdBySession.get(sessionId);
        if (null == venueId || (null != startedBy && !startedBy.equals(from)))
        {
            // The answer to the other side's Logout: the reason is the first one's (the venue's "Logout
            // acknowledged", or nothing, must not replace an operator's reason).
            return;
        }
        String text = "";
        try
        {
            text = logout.isSetField(Text.FIELD) ? logout.getString(Text.FIELD) : "";
        }
        catch (final FieldNotFound ex)
        {
            text = "";
        }
        if (text.isEmpty() && "gateway".equals(from))
        {
            // Our bare answer to the venue's Logout: the venue's message already said why.
            return;
        }
        final Session session = Session.lookupSession(sessionId);
        final boolean clockSkewed = ClockSkewRefusal.isClockSkew(text);
        final String reason = text.isEmpty() ? "" : text + " (" + from + " Logout)" +
            (clockSkewed ? ": " + ClockSkewRefusal.fix() : "");
        if (null != session && !session.isLoggedOn())
        {
            // Refused for the clock, the session retries every reconnect interval: one line a minute says it.
            if (!clockSkewed || clockSkew.admit(sessionId, System.nanoTime()) >= 0)
            {
                LOG.warn("venue session {} logon refused: {}", sessionId, reason);
            }
            health.onLogonRefused(venueId, reason);
        }
        else
        {
            health.onLoggedOut(venueId, reason.isEmpty() ? "by the " + from + " (no reason given)" : reason);
        }
    }

    public void fromAdmin(final Message message, final SessionID sessionId)
    {
        if (isMsgType(message, MsgType.LOGOUT))
        {
            onLogoutMessage(message, sessionId, "venue");
        }
        if (null != logonGuard)
        {
            logonGuard.onIncomingAdmin(message, sessionId);
        }
        if (isMsgType(message, MsgType.REJECT))
        {
            onSessionReject(message, sessionId);
        }
        if (isMsgType(message, MsgType.SEQUENCE_RESET))
        {
            onSequenceReset(message, sessionId);
        }
    }

    /**
     * A SequenceReset-GapFill skips sequence numbers the venue did not resend: if an execution report was among them,
     * the gateway would not hear of it until the order's next report. The agent is told, and asks the venue about
     * its working orders (as at a logon). A plain SequenceReset (no GapFillFlag) is a session reset, not a gap fill.
     */
    private void onSequenceReset(final Message reset, final SessionID sessionId)
    {
        final Integer venueId = venueIdBySession.get(sessionId);
        try
        {
            if (null == venueId || !reset.isSetField(quickfix.field.GapFillFlag.FIELD) ||
                !reset.getBoolean(quickfix.field.GapFillFlag.FIELD))
            {
                return;
            }
            LOG.warn("venue {} gap-filled sequence numbers {} to {} instead of resending them: asking about its " +
                "working orders", sessionId, reset.getHeader().getInt(MsgSeqNum.FIELD),
                reset.getInt(quickfix.field.NewSeqNo.FIELD) - 1);
        }
        catch (final FieldNotFound ex)
        {
            LOG.warn("venue {} gap fill without its sequence numbers: asking about its working orders", sessionId);
        }
        final Encoders e = encoders.get();
        e.buffer.putLong(RUN_LENGTH, venueId);
        write(GAP_FILL_MSG_TYPE, 0, e, Long.BYTES);
    }

    public void toApp(final Message message, final SessionID sessionId) throws DoNotSend
    {
        try
        {
            final Message.Header header = message.getHeader();
            if (header.isSetField(PossDupFlag.FIELD) && header.getBoolean(PossDupFlag.FIELD) &&
                !MsgType.ORDER_STATUS_REQUEST.equals(header.getString(MsgType.FIELD)))
            {
                notResent(message, sessionId);
                notDelivered(message, sessionId);
                throw new DoNotSend();
            }
            // The sequence number is already assigned here: remember it so a session-level Reject, which names
            // only the sequence number, can be mapped back to the order.
            if (header.isSetField(MsgSeqNum.FIELD) && message.isSetField(ClOrdID.FIELD))
            {
                final SentRequest request = new SentRequest(header.getString(MsgType.FIELD),
                    message.getString(ClOrdID.FIELD));
                synchronized (recentRequests)
                {
                    recentRequests.put(new SentKey(sessionId, header.getInt(MsgSeqNum.FIELD)), request);
                }
            }
        }
        catch (final FieldNotFound ignore)
        {
            // isSetField was checked
        }
    }

    /**
     * One line for each of the first application messages of a resend that are not re-sent, at DEBUG for the rest:
     * the summary comes with the gap fill that ends them ({@link #toAdmin}).
     */
    private void notResent(final Message message, final SessionID sessionId)
    {
        final Integer venueId = venueIdBySession.get(sessionId);
        if (null != venueId && notResentLines.onEvent(venueId, System.nanoTime()))
        {
            LOG.info("venue {} asked for a resend: not re-sending {} (gap fill instead)", sessionId,
                RollingFixLog.readable(message.toString()));
        }
        else if (LOG.isDebugEnabled())
        {
            LOG.debug("venue {} asked for a resend: not re-sending {} (gap fill instead)", sessionId,
                RollingFixLog.readable(message.toString()));
        }
    }

    /**
     * Tells the agent that an order request of the current session's resend is gap-filled: the venue asked for it
     * because it never received it, and the gap fill tells it to skip it. Called before QuickFIX/J sends the gap fill,
     * so the agent hears of it before any later venue report about the order.
     */
    private void notDelivered(final Message message, final SessionID sessionId) throws FieldNotFound
    {
        final Integer venueId = venueIdBySession.get(sessionId);
        final String msgType = message.getHeader().getString(MsgType.FIELD);
        if (null == venueId || !message.isSetField(ClOrdID.FIELD) || !(MsgType.NEW_ORDER_SINGLE.equals(msgType) ||
            MsgType.ORDER_CANCEL_REQUEST.equals(msgType) || MsgType.ORDER_CANCEL_REPLACE_REQUEST.equals(msgType)))
        {
            return;
        }
        final VenueClOrdId.Parts ids = VenueClOrdId.parse(message.getString(ClOrdID.FIELD));
        if (null == ids)
        {
            return;
        }
        final Encoders e = encoders.get();
        e.buffer.putLong(RUN_LENGTH, ids.orderId());
        e.buffer.putLong(RUN_LENGTH + Long.BYTES, ids.requestId());
        e.buffer.putLong(RUN_LENGTH + 2 * Long.BYTES, venueId);
        write(NOT_DELIVERED_MSG_TYPE, ids.runId(), e, 3 * Long.BYTES);
    }

    private void onSessionReject(final Message reject, final SessionID sessionId)
    {
        final Integer venueId = venueIdBySession.get(sessionId);
        try
        {
            final SentRequest request;
            synchronized (recentRequests)
            {
                request = null == venueId || !reject.isSetField(RefSeqNum.FIELD) ? null :
                    recentRequests.remove(new SentKey(sessionId, reject.getInt(RefSeqNum.FIELD)));
            }
            if (null == request)
            {
                unmappedMessages.increment();
                LOG.warn("venue {} rejected a message at session level: {}", sessionId, reject);
                return;
            }
            LOG.warn("venue {} rejected {} {} at session level: {}", sessionId, request.msgType, request.clOrdId,
                reject);
            // MALFORMED_MESSAGE, not VENUE_REJECT: the venue's FIX layer refused the message, which counts against the
            // venue's circuit breaker (a business reject is an answer and does not).
            rejectRequest(venueId, request.msgType, request.clOrdId, RejectReason.MALFORMED_MESSAGE,
                "venue session reject: " + text(reject));
        }
        catch (final FieldNotFound | RuntimeException ex)
        {
            unmappedMessages.increment();
            LOG.warn("venue {} session reject the gateway cannot map: {} ({})", sessionId, reject, ex.toString());
        }
    }

    public void fromApp(final Message message, final SessionID sessionId)
    {
        final Integer venueId = venueIdBySession.get(sessionId);
        if (null == venueId)
        {
            unmappedMessages.increment();
            return;
        }

        try
        {
            final String msgType = message.getHeader().getString(MsgType.FIELD);
            switch (msgType)
            {
                case MsgType.EXECUTION_REPORT:
                    onExecutionReport(venueId, message, 0);
                    break;
                case MsgType.ORDER_CANCEL_REJECT:
                    onCancelReject(venueId, message, 0);
                    break;
                case MsgType.BUSINESS_MESSAGE_REJECT:
                    onBusinessReject(venueId, message);
                    break;
                default:
                    unmappedMessages.increment();
                    LOG.warn("venue {} sent unsupported message type {}", sessionId, msgType);
            }
        }
        catch (final FieldNotFound | RuntimeException ex)
        {
            unmappedMessages.increment();
            LOG.warn("venue {} sent a message the gateway cannot map: {} ({})", sessionId, message, ex.toString());
        }
    }

    private void onExecutionReport(final int venueId, final Message report, final long replaySeq)
        throws FieldNotFound
    {
        final String clOrdId = report.getString(ClOrdID.FIELD);
        final VenueClOrdId.Parts ids = gatewayIds(venueId, clOrdId, "execution report for foreign ClOrdID");
        if (null == ids)
        {
            return;
        }
        final char fixExecType = report.getChar(quickfix.field.ExecType.FIELD);
        final long leavesQty = quantity(report, LeavesQty.FIELD);
        if (fixExecType == quickfix.field.ExecType.ORDER_STATUS)
        {
            // Terminal: done at the venue, or unknown to it (Rejected).
            if (writeOrderStatus(venueId, ids, report, leavesQty) && null != reportJournal &&
                FixOrderEnums.isTerminal(FixOrderEnums.ordStatus(report.getChar(OrdStatus.FIELD))))
            {
                reportJournal.orderClosed(venueId, clOrdId); // its reports' ExecIDs join the closed window
            }
            return;
        }
        final boolean filled = report.isSetField(OrdStatus.FIELD) ?
            report.getChar(OrdStatus.FIELD) == OrdStatus.FILLED : leavesQty == 0;
        final ExecType execType = FixOrderEnums.execType(fixExecType, filled);
        if (FixOrderEnums.isPending(fixExecType))
        {
            // No SBE exec type for it, but it is the venue's answer: the request is no longer unanswered.
            final Encoders e = encoders.get();
            e.buffer.putLong(RUN_LENGTH, ids.orderId());
            e.buffer.putLong(RUN_LENGTH + Long.BYTES, venueId);
            write(PENDING_ACK_MSG_TYPE, ids.runId(), e, 2 * Long.BYTES);
            return;
        }
        if (null == execType)
        {
            unmappedMessages.increment();
            LOG.info("venue {} exec type {} for {} not forwarded", venueId, fixExecType, clOrdId);
            return;
        }

        long journalSeq = replaySeq;
        if (0 == replaySeq && null != reportJournal && report.isSetField(ExecID.FIELD))
        {
            // Recorded before fromApp returns, i.e. before QuickFIX/J counts the sequence number as received.
            journalSeq = reportJournal.accept(venueId, report.getString(ExecID.FIELD), report.toString());
            if (journalSeq == VenueReportJournal.DUPLICATE)
            {
                duplicateReports.increment();
                final boolean possDup = report.getHeader().isSetField(PossDupFlag.FIELD) &&
                    report.getHeader().getBoolean(PossDupFlag.FIELD);
                LOG.info("venue {} report ExecID {}{} was applied before: ignored", venueId,
                    report.getString(ExecID.FIELD), possDup ? " (PossDup resend)" : "");
                return;
            }
        }

        final boolean answersRequest = execType == ExecType.CANCELED || execType == ExecType.REPLACED;
        final Encoders e = encoders.get();
        write(VenueExecutionEncoder.TEMPLATE_ID, ids.runId(), journalSeq, e, e.venueIn.execution(
            ids.orderId(), answersRequest ? ids.requestId() : 0, venueId, execType,
            execType == ExecType.REJECTED ? RejectReason.VENUE_REJECT : RejectReason.NONE,
            price(report, Price.FIELD), quantity(report, OrderQty.FIELD), quantity(report, LastQty.FIELD),
            price(report, LastPx.FIELD), quantity(report, CumQty.FIELD), leavesQty, averagePrice(report),
            transactTime(report), text(report)));
    }

    /**
     * @return the ids a gateway ClOrdID names, or null after counting and logging a message that names none.
     */
    private VenueClOrdId.Parts gatewayIds(final int venueId, final String clOrdId, final String what)
    {
        final VenueClOrdId.Parts ids = VenueClOrdId.parse(clOrdId);
        if (null == ids)
        {
            unmappedMessages.increment();
            LOG.warn("venue {} {} {}", venueId, what, clOrdId);
        }
        return ids;
    }

    /**
     * Hands the venue's answer to an OrderStatusRequest to the agent, which decides the order's state by it; an answer
     * with a negative CumQty, LeavesQty or OrderQty says nothing the gateway can act on: it is counted as malformed,
     * logged, and not handed on (the question stays open and is asked again).
     *
     * @return whether the answer was handed on.
     */
    private boolean writeOrderStatus(final int venueId, final VenueClOrdId.Parts ids, final Message report,
        final long leavesQty) throws FieldNotFound
    {
        final char ordStatus = report.getChar(OrdStatus.FIELD);
        final boolean unknown = ordStatus == OrdStatus.REJECTED && report.isSetField(OrdRejReason.FIELD) &&
            report.getInt(OrdRejReason.FIELD) == OrdRejReason.UNKNOWN_ORDER;
        final long cumQty = quantity(report, CumQty.FIELD);
        final long avgPx = averagePrice(report);
        final long orderQty = quantity(report, OrderQty.FIELD);
        final long price = price(report, Price.FIELD);
        if (cumQty < 0 || leavesQty < 0 || orderQty < 0)
        {
            malformedStatusAnswers.increment();
            LOG.warn("venue {} status answer for {} not acted on: a negative quantity (CumQty {}, LeavesQty {}, " +
                "OrderQty {}); the order is asked about again", venueId, report.getString(ClOrdID.FIELD), cumQty,
                leavesQty, orderQty);
            return false;
        }
        final Encoders e = encoders.get();
        int index = RUN_LENGTH;
        e.buffer.putLong(index, ids.orderId());
        e.buffer.putLong(index += Long.BYTES, ids.requestId());
        e.buffer.putLong(index += Long.BYTES, unknown ? UNKNOWN_ORDER_STATUS : ordStatus);
        e.buffer.putLong(index += Long.BYTES, cumQty);
        e.buffer.putLong(index += Long.BYTES, leavesQty);
        e.buffer.putLong(index += Long.BYTES, avgPx);
        e.buffer.putLong(index += Long.BYTES, orderQty);
        e.buffer.putLong(index += Long.BYTES, price);
        e.buffer.putLong(index += Long.BYTES, venueId);
        // A resend (PossDup) answers a question of an earlier session, perhaps asked before a pending request.
        final boolean resent = report.getHeader().isSetField(PossDupFlag.FIELD) &&
            report.getHeader().getBoolean(PossDupFlag.FIELD);
        e.buffer.putLong(index += Long.BYTES, resent ? 1 : 0);
        index += Long.BYTES;
        final int textLength = e.buffer.putStringWithoutLengthUtf8(index, text(report));
        write(ORDER_STATUS_MSG_TYPE, ids.runId(), e, index + textLength - RUN_LENGTH);
        return true;
    }

    /**
     * An OrderCancelReject carries no ExecID: it is journaled (exactly once, like the execution reports) under the
     * ClOrdID of the cancel or replace it refuses, which the gateway made unique per request ({@link VenueClOrdId}),
     * so the venue's PossDup resend of it is ignored and one accepted but not yet handed to the core when the
     * gateway died is replayed at the next start.
     */
    private void onCancelReject(final int venueId, final Message reject, final long replaySeq) throws FieldNotFound
    {
        final String clOrdId = reject.getString(ClOrdID.FIELD);
        final VenueClOrdId.Parts ids = gatewayIds(venueId, clOrdId, "cancel reject for foreign ClOrdID");
        if (null == ids)
        {
            return;
        }
        final CancelRejectResponseTo responseTo =
            reject.isSetField(CxlRejResponseTo.FIELD) && reject.getChar(CxlRejResponseTo.FIELD) == '2' ?
            CancelRejectResponseTo.REPLACE : CancelRejectResponseTo.CANCEL;
        final int reason = reject.isSetField(CxlRejReason.FIELD) ? reject.getInt(CxlRejReason.FIELD) : 99;
        long journalSeq = replaySeq;
        if (0 == replaySeq && null != reportJournal)
        {
            // Recorded before fromApp returns, like an execution report (see onExecutionReport).
            journalSeq = reportJournal.acceptCancelReject(venueId, clOrdId, reject.toString());
            if (journalSeq == VenueReportJournal.DUPLICATE)
            {
                duplicateReports.increment();
                LOG.info("venue {} cancel reject of {} was applied before: ignored", venueId, clOrdId);
                return;
            }
        }
        writeCancelReject(venueId, ids, journalSeq, responseTo, FixRejectReasons.fromCxlRejReason(reason),
            text(reject), transactTime(reject));
    }

    private void onBusinessReject(final int venueId, final Message reject) throws FieldNotFound
    {
        final String refMsgType = reject.isSetField(RefMsgType.FIELD) ? reject.getString(RefMsgType.FIELD) : "";
        final String refId =
            reject.isSetField(BusinessRejectRefID.FIELD) ? reject.getString(BusinessRejectRefID.FIELD) : null;
        rejectRequest(venueId, refMsgType, refId, RejectReason.VENUE_REJECT, "venue business reject: " + text(reject));
    }

    private void rejectRequest(
        final int venueId, final String refMsgType, final String clOrdId, final RejectReason reason, final String text)
    {
        final VenueClOrdId.Parts ids = gatewayIds(venueId, clOrdId, "reject names no gateway ClOrdID: " + text + ":");
        if (null == ids)
        {
            return;
        }
        if (MsgType.NEW_ORDER_SINGLE.equals(refMsgType))
        {
            final Encoders e = encoders.get();
            write(VenueExecutionEncoder.TEMPLATE_ID, ids.runId(), e, e.venueIn.execution(ids.orderId(), 0, venueId,
                ExecType.REJECTED, reason, 0, 0, 0, 0, 0, 0, 0, nowNanos(), truncate(text)));
        }
        else
        {
            final CancelRejectResponseTo responseTo = MsgType.ORDER_CANCEL_REPLACE_REQUEST.equals(refMsgType) ?
                CancelRejectResponseTo.REPLACE : CancelRejectResponseTo.CANCEL;
            writeCancelReject(venueId, ids, 0, responseTo, reason, text, nowNanos());
        }
    }

    private void writeCancelReject(
        final int venueId,
        final VenueClOrdId.Parts ids,
        final long journalSeq,
        final CancelRejectResponseTo responseTo,
        final RejectReason reason,
        final String text,
        final long transactTime)
    {
        final Encoders e = encoders.get();
        write(VenueCancelRejectEncoder.TEMPLATE_ID, ids.runId(), journalSeq, e, e.venueIn.cancelReject(
            ids.orderId(), ids.requestId(), venueId, responseTo, reason, transactTime, truncate(text)));
    }

    private void writeStatus(final SessionID sessionId, final VenueStatus status)
    {
        final Integer venueId = venueIdBySession.get(sessionId);
        if (null == venueId)
        {
            return;
        }
        final Encoders e = encoders.get();
        e.status.wrapAndApplyHeader(e.buffer, RUN_LENGTH, e.header)
            .venueId(venueId)
            .status(status)
            .timestamp(nowNanos());
        write(VenueSessionStatusEncoder.TEMPLATE_ID, 0, e,
            MessageHeaderEncoder.ENCODED_LENGTH + e.status.encodedLength());
    }

    private void write(final int templateId, final long runId, final Encoders e, final int length)
    {
        write(templateId, runId, 0, e, length);
    }

    private void write(
        final int templateId, final long runId, final long journalSeq, final Encoders e, final int length)
    {
        e.buffer.putLong(0, runId);
        e.buffer.putLong(JOURNAL_SEQ_OFFSET, journalSeq);
        // A full inbox means the agent is behind: wait rather than lose a venue report.
        while (!inbox.write(templateId, e.buffer, 0, RUN_LENGTH + length))
        {
            Thread.onSpinWait();
            Thread.yield();
        }
        inboxWaker.run();
    }

    /**
     * @param waker run after each inbox write: wakes the venue adapter's thread if it is parked, so a venue report
     *              does not wait out its idle park. Set before the initiator starts.
     */
    public void inboxWaker(final Runnable waker)
    {
        this.inboxWaker = waker;
    }

    private static boolean isMsgType(final Message message, final String msgType)
    {
        try
        {
            return msgType.equals(message.getHeader().getString(MsgType.FIELD));
        }
        catch (final FieldNotFound ex)
        {
            return false;
        }
    }

    private static long price(final Message message, final int tag) throws FieldNotFound
    {
        if (!message.isSetField(tag))
        {
            return 0;
        }
        return message.getDecimal(tag).setScale(io.peregrine.protocol.Prices.DECIMALS, RoundingMode.HALF_EVEN)
            .unscaledValue().longValueExact();
    }

    /**
     * @return the report's AvgPx(6), the venue's average price of its CumQty (what the core prices a fill it never
     *         saw by), or {@link VenueInMessages#AVG_PX_UNKNOWN} when the venue left it out.
     */
    private static long averagePrice(final Message report) throws FieldNotFound
    {
        return report.isSetField(AvgPx.FIELD) ? price(report, AvgPx.FIELD) : VenueInMessages.AVG_PX_UNKNOWN;
    }

    private static long quantity(final Message message, final int tag) throws FieldNotFound
    {
        if (!message.isSetField(tag))
        {
            return 0;
        }
        final BigDecimal value = message.getDecimal(tag);
        return value.setScale(0, RoundingMode.DOWN).longValueExact();
    }

    private static long transactTime(final Message message) throws FieldNotFound
    {
        if (!message.isSetField(TransactTime.FIELD))
        {
            return nowNanos();
        }
        return FixTimestamps.epochNanos(message.getUtcTimeStamp(TransactTime.FIELD));
    }

    private static String text(final Message message) throws FieldNotFound
    {
        return message.isSetField(Text.FIELD) ? truncate(message.getString(Text.FIELD)) : "";
    }

    private static String truncate(final String text)
    {
        return text.length() > MAX_TEXT_BYTES ? text.substring(0, MAX_TEXT_BYTES) : text;
    }

    static long nowNanos()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private record SentKey(SessionID sessionId, int seqNum)
    {
    }

    private record SentRequest(String msgType, String clOrdId)
    {
    }

    private static final class Encoders
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RUN_LENGTH + 4 * MAX_TEXT_BYTES + 256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final VenueInMessages venueIn = new VenueInMessages(buffer, RUN_LENGTH);
        final VenueSessionStatusEncoder status = new VenueSessionStatusEncoder();
    }
}
