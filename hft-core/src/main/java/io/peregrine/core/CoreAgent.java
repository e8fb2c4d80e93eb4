package io.peregrine.core;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.peregrine.core.admin.AdminCommands;
import io.peregrine.core.egress.ClientReports;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.ingress.IngressValidator;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.DecisionVersion;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.LogicClock;
import io.peregrine.core.order.OrderLifecycle;
import io.peregrine.core.order.OrderTable;
import io.peregrine.core.venue.VenueSessions;
import io.peregrine.core.venue.VenueText;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.KillSwitchDecoder;
import io.peregrine.sbe.LimitUpdateDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.OrderStatusRequestDecoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.ReplaceOrderDecoder;
import io.peregrine.sbe.ResumeDecoder;
import io.peregrine.sbe.SymbolKillSwitchDecoder;
import io.peregrine.sbe.SymbolResumeDecoder;
import io.peregrine.sbe.VenueCancelRejectDecoder;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenuePauseDecoder;
import io.peregrine.sbe.VenueResumeDecoder;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import net.openhft.affinity.AffinityLock;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;

/**
 * The core's duty cycle: takes venue messages (stream 2002) and client messages (stream 1001), decodes and
 * format-checks them ({@link IngressValidator}) and dispatches them: order messages (new, cancel, replace) and venue
 * answers to the {@link OrderLifecycle}, which owns the order state and its risk reservation, routes to venues
 * (stream 2001) and reports to clients (stream 1002); admin commands (kill switches, resumes, limit updates, symbol
 * and venue gates) to the {@link AdminCommands}; venue session statuses to the {@link VenueSessions}.
 * Messages that do not decode are refused here with the reason, and counted. A venue's text ({@link VenueText}, a
 * view over the message being handled) is passed on to the lifecycle with the answer it came with; a text that runs
 * past its frame is counted malformed and dropped, and its answer still handled.
 * <p>
 * <b>Journal.</b> With a {@link CoreJournal}, every input is appended to the journal, with the time the logic will
 * use ({@link LogicClock}), before it is handled; the logic never reads a clock itself, so {@link #replayInput}
 * of the journal rebuilds the same state and outputs (recovery). An input that cannot be journaled is not acted on:
 * client messages are refused JOURNAL_UNAVAILABLE, venue messages stay on their stream until the journal is back.
 * Below the journal's minimum free space ({@link CoreJournal#isAvailable()} false) client input that adds risk is
 * refused before it is journaled ({@link #lowersRisk}); what lowers it is journaled from the reserve until the hard
 * minimum, so that an operator can still cancel, kill and pause on a filling disk.
 * <p>
 * <b>Threading.</b> Runs on one thread (an {@code AgentRunner}); owns the lifecycle (order table, risk state), the
 * venue session states and both publications. Nothing on the message paths allocates after warm-up; admin commands
 * (limit update) may allocate inside {@code PreTradeRisk}.
 */
public final class CoreAgent implements Agent
{
    /** The core agent's role name (its thread's name in threading dedicated). */
    public static final String ROLE_NAME = "peregrine-core";

    /** Most entries of one LimitUpdate. */
    public static final int MAX_LIMITS_PER_UPDATE = AdminCommands.MAX_LIMITS_PER_UPDATE;

    private static final Logger LOG = LoggerFactory.getLogger(CoreAgent.class);
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    /**
     * Venue messages taken per duty cycle for each client message: an order brings at least two back (ack, fill),
     * and they close orders. With equal limits a saturated core admitted 32 orders a cycle and closed 16, so working
     * orders piled up until an account's share of the table refused new ones (THROTTLED). Public for the readers of
     * the core's egress, which size their reads per duty cycle from what the core can take in one (fix-gateway's
     * {@code BrokerReportAgent}).
     */
    public static final int VENUE_FRAGMENTS_PER_INGRESS_FRAGMENT = 4;

    private final Subscription ingress;
    private final Subscription venueIn;
    private final OrderLifecycle lifecycle;
    private final AdminCommands admin;
    private final ClientReports reports;
    private final VenueSessions sessions;
    private final CoreCounters counters;
    private final LatencyStats latency;
    private final EpochNanoClock clock;
    private final LogicClock logicClock;
    private final CoreJournal journal;
    private final AtomicCounter journalRefused;
    private final ErrorHandler errorHandler;
    private final int fragmentLimit;
    private final int venueFragmentLimit;
    private final int cpuAffinity;
    private final ClientAuthorisation authorisation;

    private final FragmentAssembler ingressAssembler;
    private final ControlledFragmentHandler venueHandler;
    private final MessageFrame frame = new MessageFrame();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
    private final OrderStatusRequestDecoder orderStatus = new OrderStatusRequestDecoder();
    private final ReplaceOrderDecoder replaceOrder = new ReplaceOrderDecoder();
    private final KillSwitchDecoder killSwitch = new KillSwitchDecoder();
    private final ResumeDecoder resume = new ResumeDecoder();
    private final LimitUpdateDecoder limitUpdate = new LimitUpdateDecoder();
    private final SymbolKillSwitchDecoder symbolKill = new SymbolKillSwitchDecoder();
    private final SymbolResumeDecoder symbolResume = new SymbolResumeDecoder();
    private final VenuePauseDecoder venuePause = new VenuePauseDecoder();
    private final VenueResumeDecoder venueResume = new VenueResumeDecoder();
    private final VenueExecutionDecoder venueExecution = new VenueExecutionDecoder();
    private final VenueCancelRejectDecoder venueCancelReject = new VenueCancelRejectDecoder();
    private final VenueSessionStatusDecoder venueSessionStatus = new VenueSessionStatusDecoder();
    private final VenueText venueText = new VenueText();

    private AffinityLock affinityLock;
    private volatile long threadId = -1;
    private boolean resendOnVenueConnect;

    /**
     * Wires the agent (edge, allocates). {@link Peregrine#launch(PeregrineContext)} does this for you.
     *
     * @param lifecycle      handles order messages and venue answers.
     * @param admin          handles admin commands.
     * @param reports        answers what does not decode.
     * @param sessions       takes the venues' session statuses.
     * @param clock          the real clock: stamps each input (journaled with it when the journal is on).
     * @param logicClock     the time the logic reads, set from each input's stamp; reports and venue requests
     *                       should be built with it.
     * @param journal        the core journal, or null to run without one.
     * @param journalRefused counts input refused (or held back) because the journal was unavailable.
     */
    public CoreAgent(
        final Subscription ingress,
        final Subscription venueIn,
        final OrderLifecycle lifecycle,
        final AdminCommands admin,
        final ClientReports reports,
        final VenueSessions sessions,
        final CoreCounters counters,
        final LatencyStats latency,
        final EpochNanoClock clock,
        final LogicClock logicClock,
        final CoreJournal journal,
        final AtomicCounter journalRefused,
        final ErrorHandler errorHandler,
        final int fragmentLimit,
        final int cpuAffinity,
        final ClientAuthorisation authorisation)
    {
        this.authorisation = authorisation;
        this.ingress = ingress;
        this.venueIn = venueIn;
        this.lifecycle = lifecycle;
        this.admin = admin;
        this.reports = reports;
        this.sessions = sessions;
        this.counters = counters;
        this.latency = latency;
        this.clock = clock;
        this.logicClock = logicClock;
        this.journal = journal;
        this.journalRefused = journalRefused;
        this.errorHandler = errorHandler;
        this.fragmentLimit = fragmentLimit;
        this.venueFragmentLimit = VENUE_FRAGMENTS_PER_INGRESS_FRAGMENT * fragmentLimit;
        this.cpuAffinity = cpuAffinity;
        this.ingressAssembler = new FragmentAssembler(this::onIngressFragment);
        this.venueHandler = this::onVenueFragment;
    }

    /**
     * Pins the thread if configured (best effort: logs what it got and runs on either way) and records its id.
     */
    public void onStart()
    {
        threadId = Thread.currentThread().getId();
        if (cpuAffinity >= 0)
        {
            try
            {
                affinityLock = AffinityLock.acquireLock(cpuAffinity);
                if (affinityLock.isBound())
                {
                    LOG.info("core thread pinned to cpu {}", affinityLock.cpuId());
                }
                else
                {
                    LOG.warn("core thread could not be pinned to cpu {} ({}); running unpinned", cpuAffinity,
                        affinityLock);
                }
            }
            catch (final Throwable ex)
            {
                LOG.warn("core thread could not be pinned to cpu {}; running unpinned", cpuAffinity, ex);
            }
        }
    }

    /**
     * One duty cycle: after a restart, once a venue adapter is connected, the pending venue requests are sent again
     * ({@link #resendAfterRestart()}); then venue messages (up to {@value #VENUE_FRAGMENTS_PER_INGRESS_FRAGMENT}
     * times the fragment limit: they close orders and free capacity), then client messages, then the cycle's fills
     * are persisted in one batch ({@link OrderLifecycle#endDutyCycle()}, a no-op in memory).
     *
     * @return fragments handled.
     */
    public int doWork()
    {
        counters.heartbeat().incrementRelease();
        int work = 0;
        if (resendOnVenueConnect && lifecycle.venueConnected())
        {
            work += onRestart();
        }
        if (authorisation.holderGone())
        {
            work += onGatewayIdHolderGone();
        }
        work += venueIn.controlledPoll(venueHandler, venueFragmentLimit);
        work += ingress.poll(ingressAssembler, fragmentLimit);
        if (work > 0)
        {
            lifecycle.endDutyCycle();
        }
        else
        {
            admin.onIdle(); // the operator's view of the risk state, one row per idle cycle
        }
        return work;
    }

    /**
     * After recovery (launching thread, before the agent runs): when the recovered state has venue requests the venue
     * has not answered, or kill-switch cancels owed ({@link OrderLifecycle#cancelWorking}), the agent's first duty
     * cycle with a venue adapter connected journals a {@link JournalEntry#RESTART} input and sends them again
     * ({@link OrderLifecycle#resendPending()}): one the dead process journaled as sent may never have been read, and
     * nothing else would send it. Journaled as an input, the re-send has its place in the journal's order of events,
     * so a replay reproduces it.
     *
     * @return requests pending (0: nothing to send again, nothing is journaled).
     */
    public int resendAfterRestart()
    {
        // kill-switch cancels owed count: a restart sends them too (OrderLifecycle.resendPending)
        final int pending = null == journal ? 0 : lifecycle.pendingVenueRequests() + lifecycle.owedKillCancels();
        resendOnVenueConnect = pending > 0;
        return pending;
    }

    private int onRestart()
    {
        final long now = clock.nanoTime();
        final int pending = lifecycle.pendingVenueRequests() + lifecycle.owedKillCancels();
        if (!journal.appendValue(JournalEntry.RESTART, now, pending))
        {
            journalRefused.incrementRelease();
            return 0; // again next cycle, once the journal is back: never acted on unjournaled
        }
        resendOnVenueConnect = false;
        logicClock.time(now);
        final int sent = lifecycle.resendPending();
        LOG.info("core restarted with {} venue requests pending: {} sent again", pending, sent);
        return 1;
    }

    /**
     * The publication holding the gateway's client id is gone, or the core just started with the id bound (or on a
     * journal whose releases are not recorded yet: the input marks where they begin): journaled as an input before
     * access control acts on it, so a replay frees the id at the same place in the order of events.
     */
    private int onGatewayIdHolderGone()
    {
        final long now = clock.nanoTime();
        final long value = authorisation.sourceGoneValue();
        if (null != journal && !journal.appendValue(JournalEntry.SOURCE_GONE, now, value))
        {
            // Again next cycle, once the journal is back: never acted on unjournaled. Not counted as a refused
            // input (it is the core's own, asked for every cycle until it is journaled).
            return 0;
        }
        logicClock.time(now);
        authorisation.holderGoneJournaled(value);
        return 1;
    }

    /**
     * Releases the CPU pinning.
     */
    public void onClose()
    {
        if (null != affinityLock)
        {
            affinityLock.release();
            affinityLock = null;
        }
    }

    public String roleName()
    {
        return ROLE_NAME;
    }

    /**
     * @return the order life cycle this agent dispatches to (core snapshots: core thread, or the agent stopped).
     */
    public OrderLifecycle lifecycle()
    {
        return lifecycle;
    }

    /**
     * @return id of the thread running the agent once started, else -1 (for allocation tests and diagnostics).
     */
    public long threadId()
    {
        return threadId;
    }

    /**
     * @return the order table (read it only from the agent thread or when the agent is stopped).
     */
    public OrderTable orders()
    {
        return lifecycle.orders();
    }

    /**
     * Handles one journaled input again (recovery): the same logic as when it arrived, at its journaled time.
     * Launching thread, before the agent runs; the outputs go to the journaled publications, which answer from the
     * journal while it is being replayed.
     *
     * @param type      {@link JournalEntry#INGRESS}, {@link JournalEntry#VENUE_IN}, {@link JournalEntry#RESTART} or
     *                  {@link JournalEntry#SOURCE_GONE}.
     * @param timestamp the time the logic used.
     * @param source    Aeron session of the publication it came from (access control keys on it).
     * @param buffer    the message as it arrived.
     * @param offset    of the message.
     * @param length    of the message.
     */
    public void replayInput(
        final int type,
        final long timestamp,
        final int source,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        logicClock.time(timestamp);
        // A journal entry an earlier release decided replays as that release decided it (DecisionVersion).
        lifecycle.decidesAsVersion(null == journal ? DecisionVersion.CURRENT : journal.replayedDecisionVersion());
        replayed(type, source, buffer, offset, length);
        lifecycle.decidesAsVersion(DecisionVersion.CURRENT);
    }

    private void replayed(final int type, final int source, final DirectBuffer buffer, final int offset, final int length)
    {
        if (JournalEntry.VENUE_IN == type)
        {
            onVenueMessage(buffer, offset, length);
        }
        else if (JournalEntry.RESTART == type)
        {
            lifecycle.resendPending();
        }
        else if (JournalEntry.SOURCE_GONE == type)
        {
            authorisation.sourceGone(buffer.getLong(offset, java.nio.ByteOrder.LITTLE_ENDIAN));
        }
        else
        {
            onIngressMessage(buffer, offset, length, source);
        }
    }

    private void onIngressFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long start = System.nanoTime();
        final long now = clock.nanoTime();
        logicClock.time(now);
        if (length > JournalEntry.MAX_PAYLOAD_LENGTH)
        {
            // Longer than any message of the schema: refused as such, never acted on, so not journaled.
            counters.ingressMessages().incrementRelease();
            onUndecodable(buffer, offset, length, RejectReason.MALFORMED_MESSAGE);
        }
        else if (null != journal && ((!journal.isAvailable() && !lowersRisk(buffer, offset, length)) ||
            !journal.append(JournalEntry.INGRESS, now, header.sessionId(), buffer, offset, length)))
        {
            refuseUnjournaled(buffer, offset, length);
        }
        else
        {
            onIngressMessage(buffer, offset, length, header.sessionId());
        }
        latency.recordIngress(IngressValidator.clientIdOf(buffer, offset, length), System.nanoTime() - start);
    }

    /**
     * What the journal's reserve (free space between its two minimums) is kept for: input that lowers risk (cancels,
     * kill switches, venue pauses). New orders, replaces (which can raise an order's quantity or price), resumes,
     * limit updates and status requests (they change nothing, and a flood of them would spend the reserve) are
     * refused there. Only called while the journal is short of space; allocation free.
     */
    private boolean lowersRisk(final DirectBuffer buffer, final int offset, final int length)
    {
        if (RejectReason.NONE != IngressValidator.checkIngressHeader(buffer, offset, length))
        {
            return false;
        }
        switch (frame.wrap(buffer, offset))
        {
            case CancelOrderDecoder.TEMPLATE_ID:
            case KillSwitchDecoder.TEMPLATE_ID:
            case SymbolKillSwitchDecoder.TEMPLATE_ID:
            case VenuePauseDecoder.TEMPLATE_ID:
                return true;
            default:
                return false;
        }
    }

    private void refuseUnjournaled(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.ingressMessages().incrementRelease();
        journalRefused.incrementRelease();
        try
        {
            final int templateId = RejectReason.NONE == IngressValidator.checkIngressHeader(buffer, offset, length) ?
                frame.wrap(buffer, offset) : MessageFrame.NOT_PEREGRINE;
            if (MessageFrame.NOT_PEREGRINE != templateId && !IngressValidator.isOrderMessage(templateId))
            {
                // An admin command (every one starts with its commandId): answered as admin commands are, so that the
                // operator's console says at once that nothing was applied, rather than waiting for an answer that
                // never comes. Not an order: the order rejects do not count it.
                reports.adminResponse(buffer.getLong(offset + HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN), templateId,
                    AdminResult.REJECTED, RejectReason.JOURNAL_UNAVAILABLE, 0);
                return;
            }
            counters.ordersRejected().incrementRelease();
            if (OrderStatusRequestDecoder.TEMPLATE_ID == templateId)
            {
                // Refused like any status request the core cannot answer (ExecType ORDER_STATUS naming the order as
                // asked): a plain reject would name the query's own id (0 from the gateway), which names no order.
                final OrderStatusRequestDecoder request = frame.body(orderStatus);
                lifecycle.refuseStatus(request.clientId(), request.origClOrdId(), request.orderId(), PackedAscii.read(
                    buffer, request.offset() + OrderStatusRequestDecoder.accountEncodingOffset()),
                    RejectReason.JOURNAL_UNAVAILABLE, request.sendingTime());
                return;
            }
            rejectUnread(buffer, offset, length, RejectReason.JOURNAL_UNAVAILABLE);
        }
        catch (final RuntimeException ex)
        {
            onError(ex);
        }
    }

    private void onIngressMessage(final DirectBuffer buffer, final int offset, final int length, final int source)
    {
        counters.ingressMessages().incrementRelease();
        authorisation.source(source);
        try
        {
            final RejectReason headerCheck = IngressValidator.checkIngressHeader(buffer, offset, length);
            if (RejectReason.NONE != headerCheck)
            {
                onUndecodable(buffer, offset, length, headerCheck);
                return;
            }
            switch (frame.wrap(buffer, offset))
            {
                case NewOrderDecoder.TEMPLATE_ID:
                    onNewOrder(frame.body(newOrder));
                    break;
                case CancelOrderDecoder.TEMPLATE_ID:
                    onCancel(frame.body(cancelOrder));
                    break;
                case ReplaceOrderDecoder.TEMPLATE_ID:
                    onReplace(frame.body(replaceOrder));
                    break;
                case OrderStatusRequestDecoder.TEMPLATE_ID:
                    onOrderStatus(frame.body(orderStatus));
                    break;
                case KillSwitchDecoder.TEMPLATE_ID:
                    admin.killSwitch(frame.body(killSwitch));
                    break;
                case ResumeDecoder.TEMPLATE_ID:
                    admin.resume(frame.body(resume));
                    break;
                case LimitUpdateDecoder.TEMPLATE_ID:
                    admin.limitUpdate(frame.body(limitUpdate), length - HEADER_LENGTH);
                    break;
                case SymbolKillSwitchDecoder.TEMPLATE_ID:
                    admin.symbolKillSwitch(frame.body(symbolKill));
                    break;
                case SymbolResumeDecoder.TEMPLATE_ID:
                    admin.symbolResume(frame.body(symbolResume));
                    break;
                case VenuePauseDecoder.TEMPLATE_ID:
                    admin.venuePause(frame.body(venuePause));
                    break;
                case VenueResumeDecoder.TEMPLATE_ID:
                    admin.venueResume(frame.body(venueResume));
                    break;
                default:
                    onUndecodable(buffer, offset, length, RejectReason.UNKNOWN_TEMPLATE);
                    break;
            }
        }
        catch (final RuntimeException ex)
        {
            onError(ex);
        }
    }

    private void onError(final RuntimeException ex)
    {
        counters.errors().incrementRelease();
        errorHandler.onError(ex);
    }

    private ControlledFragmentHandler.Action onVenueFragment(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long start = System.nanoTime();
        final long now = clock.nanoTime();
        if (length > JournalEntry.MAX_PAYLOAD_LENGTH)
        {
            counters.venueMessages().incrementRelease();
            counters.venueMalformed().incrementRelease();
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        if (null != journal &&
            !journal.append(JournalEntry.VENUE_IN, now, header.sessionId(), buffer, offset, length))
        {
            // A fill cannot be refused: leave it on the stream (the adapter is back-pressured) until it can be
            // journaled, rather than act on it unjournaled.
            journalRefused.incrementRelease();
            return ControlledFragmentHandler.Action.ABORT;
        }
        logicClock.time(now);
        onVenueMessage(buffer, offset, length);
        latency.recordVenueIn(System.nanoTime() - start);
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    private void onVenueMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.venueMessages().incrementRelease();
        try
        {
            final int templateId = RejectReason.NONE == IngressValidator.checkHeader(buffer, offset, length) ?
                frame.wrap(buffer, offset) : MessageFrame.NOT_PEREGRINE;
            switch (templateId)
            {
                case VenueExecutionDecoder.TEMPLATE_ID:
                    onVenueExecution(frame.body(venueExecution), offset + length);
                    break;
                case VenueCancelRejectDecoder.TEMPLATE_ID:
                    onVenueCancelReject(frame.body(venueCancelReject), offset + length);
                    break;
                case VenueSessionStatusDecoder.TEMPLATE_ID:
                    onVenueSessionStatus(frame.body(venueSessionStatus));
                    break;
                default:
                    counters.venueMalformed().incrementRelease();
                    break;
            }
        }
        catch (final RuntimeException ex)
        {
            onError(ex);
        }
    }

    private void onUndecodable(final DirectBuffer buffer, final int offset, final int length, final RejectReason reason)
    {
        counters.onInvalid(reason);
        counters.ordersRejected().incrementRelease();
        rejectUnread(buffer, offset, length, reason);
    }

    private void rejectUnread(final DirectBuffer buffer, final int offset, final int length, final RejectReason reason)
    {
        int clientId = 0;
        long clOrdId = 0;
        if (length >= HEADER_LENGTH)
        {
            final int templateId = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int schemaId = buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final boolean orderMessage =
                MessageHeaderDecoder.SCHEMA_ID == schemaId && IngressValidator.isOrderMessage(templateId);
            // Every order message of every version of this schema starts with clientId (int32) then clOrdId
            // (int64). The clientId is echoed when present, so the reject reaches its sender. The clOrdId only for a
            // frame that decodes (one refused unread, JOURNAL_UNAVAILABLE): a frame the core cannot parse names no
            // order, so a forged one carrying another order's clOrdId cannot make that order look rejected.
            if (orderMessage && length >= HEADER_LENGTH + 4)
            {
                clientId = buffer.getInt(offset + HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
            }
            if (orderMessage && length >= HEADER_LENGTH + 12 &&
                RejectReason.NONE == IngressValidator.checkHeader(buffer, offset, length))
            {
                clOrdId = buffer.getLong(offset + HEADER_LENGTH + 4, ByteOrder.LITTLE_ENDIAN);
            }
        }
        reports.messageRejected(clientId, clOrdId, PackedAscii.BLANK, reason);
    }

    private void onNewOrder(final NewOrderDecoder order)
    {
        final int clientId = order.clientId();
        final long clOrdId = order.clOrdId();
        final DirectBuffer buffer = order.buffer();
        final int offset = order.offset();
        final long account = PackedAscii.read(buffer, offset + NewOrderDecoder.accountEncodingOffset());
        final RejectReason check = IngressValidator.checkNewOrder(order);
        if (RejectReason.NONE != check)
        {
            counters.onInvalid(check);
            counters.ordersRejected().incrementRelease();
            reports.messageRejected(clientId, clOrdId, PackedAscii.isValid(account) ? account : 0, check);
            return;
        }
        final OrdType ordType = order.ordType();
        // A market order carries no price: 0 on its reports; risk reserves it at its worst-case price.
        lifecycle.accept(clientId, clOrdId, account,
            PackedAscii.read(buffer, offset + NewOrderDecoder.symbolEncodingOffset()), order.side(), ordType,
            order.timeInForce(), OrdType.MARKET == ordType ? 0 : order.price(), order.quantity(), order.sendingTime());
    }

    private void onCancel(final CancelOrderDecoder cancel)
    {
        final long account =
            PackedAscii.read(cancel.buffer(), cancel.offset() + CancelOrderDecoder.accountEncodingOffset());
        final RejectReason check = IngressValidator.checkCancel(cancel);
        if (RejectReason.NONE != check)
        {
            counters.onInvalid(check);
            lifecycle.refuseRequest(CancelRejectResponseTo.CANCEL, cancel.clientId(), cancel.clOrdId(),
                cancel.origClOrdId(), cancel.orderId(), check, cancel.sendingTime());
            return;
        }
        lifecycle.cancel(cancel.clientId(), cancel.clOrdId(), cancel.origClOrdId(), cancel.orderId(), account,
            cancel.sendingTime());
    }

    private void onReplace(final ReplaceOrderDecoder replace)
    {
        final long account =
            PackedAscii.read(replace.buffer(), replace.offset() + ReplaceOrderDecoder.accountEncodingOffset());
        final RejectReason check = IngressValidator.checkReplace(replace);
        if (RejectReason.NONE != check)
        {
            counters.onInvalid(check);
            lifecycle.refuseRequest(CancelRejectResponseTo.REPLACE, replace.clientId(), replace.clOrdId(),
                replace.origClOrdId(), replace.orderId(), check, replace.sendingTime());
            return;
        }
        lifecycle.replace(replace.clientId(), replace.clOrdId(), replace.origClOrdId(), replace.orderId(), account,
            replace.price(), replace.quantity(), replace.sendingTime());
    }

    private void onOrderStatus(final OrderStatusRequestDecoder request)
    {
        final long account = PackedAscii.read(
            request.buffer(), request.offset() + OrderStatusRequestDecoder.accountEncodingOffset());
        final RejectReason check = IngressValidator.checkOrderStatus(request);
        if (RejectReason.NONE != check)
        {
            counters.onInvalid(check);
            lifecycle.refuseStatus(
                request.clientId(), request.origClOrdId(), request.orderId(), account, check, request.sendingTime());
            return;
        }
        lifecycle.status(
            request.clientId(), request.origClOrdId(), request.orderId(), account, request.sendingTime());
    }

    private void onVenueSessionStatus(final VenueSessionStatusDecoder status)
    {
        if (RejectReason.NONE != IngressValidator.checkVenueSessionStatus(status))
        {
            counters.venueMalformed().incrementRelease();
            return;
        }
        sessions.onStatus(status.venueId(), status.status());
        reports.venueSessionStatus(status.venueId(), status.status(), status.timestamp());
        lifecycle.onVenueSessionStatus(status.venueId());
    }

    /**
     * @param end end of the message in its buffer: the text (var data, after the fixed fields) must lie before it.
     */
    private void onVenueExecution(final VenueExecutionDecoder execution, final int end)
    {
        final int textOffset = execution.limit();
        if (RejectReason.NONE != IngressValidator.checkVenueExecution(execution) || textOffset > end)
        {
            counters.venueMalformed().incrementRelease();
            return;
        }
        // avgPx reads as its null value (not known) in a message of schema version 3 or older: the decoder is wrapped
        // at the header's version.
        lifecycle.onExecution(execution.orderId(), execution.execType(), execution.requestId(), execution.lastQty(),
            execution.lastPx(), execution.cumQty(), execution.avgPx(), execution.rejectReason(),
            venueText(execution.buffer(), textOffset, end));
    }

    /**
     * @param end end of the message in its buffer: the text (var data, after the fixed fields) must lie before it.
     */
    private void onVenueCancelReject(final VenueCancelRejectDecoder reject, final int end)
    {
        final int textOffset = reject.limit();
        if (RejectReason.NONE != IngressValidator.checkVenueCancelReject(reject) || textOffset > end)
        {
            counters.venueMalformed().incrementRelease();
            return;
        }
        lifecycle.onCancelReject(
            reject.orderId(), reject.requestId(), reject.rejectReason(), venueText(reject.buffer(), textOffset, end));
    }

    /**
     * The venue's text of an answer whose fixed fields are whole. A text running past the frame is counted malformed
     * and dropped, but the answer is still acted on: a fill or a reject must never be lost to its cosmetic field.
     */
    private DirectBuffer venueText(final DirectBuffer buffer, final int textOffset, final int end)
    {
        if (RejectReason.NONE != IngressValidator.checkVenueText(buffer, textOffset, end))
        {
            counters.venueMalformed().incrementRelease();
            return VenueText.NONE;
        }
        return venueText.wrap(buffer, textOffset, end);
    }
}
