package io.peregrine.core;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.peregrine.core.admin.TradingGates;
import io.peregrine.core.egress.ClientReports;
import io.peregrine.core.ingress.ClientAuthorisation;
import io.peregrine.core.ingress.IngressValidator;
import io.peregrine.core.journal.CoreJournal;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.LogicClock;
import io.peregrine.core.order.OrderTable;
import io.peregrine.core.venue.VenueRequests;
import io.peregrine.core.venue.VenueRoutes;
import io.peregrine.core.venue.VenueSessions;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.risk.PreTradeRisk;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchDecoder;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.LimitUpdateDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.ReplaceOrderDecoder;
import io.peregrine.sbe.ResumeDecoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.SymbolKillSwitchDecoder;
import io.peregrine.sbe.SymbolResumeDecoder;
import io.peregrine.sbe.TimeInForce;
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
 * The core's duty cycle: takes venue messages (stream 2002) and client messages (stream 1001), keeps the order
 * state, runs pre-trade risk, routes to venues (stream 2001) and reports to clients (stream 1002).
 * <p>
 * <b>Order status flow.</b> A new order that passes validation, the venue's session state and risk gets the core's
 * order id and is PENDING_NEW while it is routed; no report is sent yet. The venue's ack turns it NEW and the client
 * gets its first ExecutionReport (NEW, with the order id). Fills move it to PARTIALLY_FILLED and FILLED; a cancel
 * to CANCELED; a venue reject to REJECTED; an expiry to EXPIRED. Cancel and replace requests are forwarded to the
 * venue and answered when the venue answers (CANCELED / REPLACED reports, or a CancelReject); one cancel and one
 * replace at most may be pending per order (a second request gets REQUEST_PENDING). Orders refused by the core
 * itself get a REJECTED report with the reason and order id 0 (or the assigned id if the venue-out offer failed).
 * <p>
 * <b>Journal.</b> With a {@link CoreJournal}, every input is appended to the journal, with the time the logic will
 * use ({@link LogicClock}), before it is handled; the logic never reads a clock itself, so {@link #replayInput}
 * of the journal rebuilds the same state and outputs (recovery). An input that cannot be journaled is not acted on:
 * client messages are refused JOURNAL_UNAVAILABLE, venue messages stay on their stream until the journal is back.
 * <p>
 * <b>Threading.</b> Runs on one thread (an {@code AgentRunner}); owns the order table, the risk state, the venue
 * session states and both publications. Nothing on the message paths allocates after warm-up; admin commands
 * (limit update) may allocate inside {@code PreTradeRisk}.
 */
public final class CoreAgent implements Agent
{
    /** Most entries of one LimitUpdate. */
    public static final int MAX_LIMITS_PER_UPDATE = 32;

    private static final Logger LOG = LoggerFactory.getLogger(CoreAgent.class);
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private final Subscription ingress;
    private final Subscription venueIn;
    private final OrderTable orders;
    private final PreTradeRisk risk;
    private final ClientReports reports;
    private final VenueRequests venueRequests;
    private final VenueRoutes routes;
    private final VenueSessions sessions;
    private final TradingGates gates;
    private final CoreCounters counters;
    private final LatencyStats latency;
    private final EpochNanoClock clock;
    private final LogicClock logicClock;
    private final CoreJournal journal;
    private final AtomicCounter journalRefused;
    private final ErrorHandler errorHandler;
    private final int fragmentLimit;
    private final int cpuAffinity;
    private final ClientAuthorisation authorisation;

    private final FragmentAssembler ingressAssembler;
    private final ControlledFragmentHandler venueHandler;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
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
    private final LimitType[] limitTypes = new LimitType[MAX_LIMITS_PER_UPDATE];
    private final long[] limitValues = new long[MAX_LIMITS_PER_UPDATE];

    private long lastOrderId;
    private long lastRequestId;
    private AffinityLock affinityLock;
    private volatile long threadId = -1;

    /**
     * Wires the agent (edge, allocates). {@link Peregrine#launch(PeregrineContext)} does this for you.
     *
     * @param clock          the real clock: stamps each input (journaled with it when the journal is on).
     * @param logicClock     the time the logic reads, set from each input's stamp; reports and venue requests
     *                       should be built with it.
     * @param journal        the core journal, or null to run without one.
     * @param journalRefused counts input refused (or held back) because the journal was unavailable.
     */
    public CoreAgent(
        final Subscription ingress,
        final Subscription venueIn,
        final OrderTable orders,
        final PreTradeRisk risk,
        final ClientReports reports,
        final VenueRequests venueRequests,
        final VenueRoutes routes,
        final VenueSessions sessions,
        final TradingGates gates,
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
        this.orders = orders;
        this.risk = risk;
        this.reports = reports;
        this.venueRequests = venueRequests;
        this.routes = routes;
        this.sessions = sessions;
        this.gates = gates;
        this.counters = counters;
        this.latency = latency;
        this.clock = clock;
        this.logicClock = logicClock;
        this.journal = journal;
        this.journalRefused = journalRefused;
        this.errorHandler = errorHandler;
        this.fragmentLimit = fragmentLimit;
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
     * One duty cycle: venue messages first (they close orders and free capacity), then client messages.
     *
     * @return fragments handled.
     */
    public int doWork()
    {
        counters.heartbeat().incrementRelease();
        return venueIn.controlledPoll(venueHandler, fragmentLimit) + ingress.poll(ingressAssembler, fragmentLimit);
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
        return "peregrine-core";
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
        return orders;
    }

    /**
     * Handles one journaled input again (recovery): the same logic as when it arrived, at its journaled time.
     * Launching thread, before the agent runs; the outputs go to the journaled publications, which answer from the
     * journal while it is being replayed.
     *
     * @param type      {@link JournalEntry#INGRESS} or {@link JournalEntry#VENUE_IN}.
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
        if (JournalEntry.VENUE_IN == type)
        {
            onVenueMessage(buffer, offset, length);
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
        else if (null != journal &&
            !journal.append(JournalEntry.INGRESS, now, header.sessionId(), buffer, offset, length))
        {
            refuseUnjournaled(buffer, offset, length);
        }
        else
        {
            onIngressMessage(buffer, offset, length, header.sessionId());
        }
        latency.recordIngress(System.nanoTime() - start);
    }

    private void refuseUnjournaled(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.ingressMessages().incrementRelease();
        journalRefused.incrementRelease();
        try
        {
            counters.ordersRejected().incrementRelease();
            rejectUnread(buffer, offset, length, RejectReason.JOURNAL_UNAVAILABLE);
        }
        catch (final RuntimeException ex)
        {
            counters.errors().incrementRelease();
            errorHandler.onError(ex);
        }
    }

    private void onIngressMessage(final DirectBuffer buffer, final int offset, final int length, final int source)
    {
        counters.ingressMessages().incrementRelease();
        authorisation.source(source);
        try
        {
            final RejectReason headerCheck = IngressValidator.checkHeader(buffer, offset, length);
            if (RejectReason.NONE != headerCheck)
            {
                onUndecodable(buffer, offset, length, headerCheck);
            }
            else
            {
                headerDecoder.wrap(buffer, offset);
                final int blockLength = headerDecoder.blockLength();
                final int version = headerDecoder.version();
                final int bodyOffset = offset + HEADER_LENGTH;
                switch (headerDecoder.templateId())
                {
                    case NewOrderDecoder.TEMPLATE_ID:
                        onNewOrder(newOrder.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case CancelOrderDecoder.TEMPLATE_ID:
                        onCancel(cancelOrder.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case ReplaceOrderDecoder.TEMPLATE_ID:
                        onReplace(replaceOrder.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case KillSwitchDecoder.TEMPLATE_ID:
                        onKillSwitch(killSwitch.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case ResumeDecoder.TEMPLATE_ID:
                        onResume(resume.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case LimitUpdateDecoder.TEMPLATE_ID:
                        limitUpdate.wrap(buffer, bodyOffset, blockLength, version);
                        onLimitUpdate(limitUpdate, length - HEADER_LENGTH);
                        break;
                    case SymbolKillSwitchDecoder.TEMPLATE_ID:
                        onSymbolKillSwitch(symbolKill.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case SymbolResumeDecoder.TEMPLATE_ID:
                        onSymbolResume(symbolResume.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case VenuePauseDecoder.TEMPLATE_ID:
                        onVenuePause(venuePause.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case VenueResumeDecoder.TEMPLATE_ID:
                        onVenueResume(venueResume.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    default:
                        onUndecodable(buffer, offset, length, RejectReason.UNKNOWN_TEMPLATE);
                        break;
                }
            }
        }
        catch (final RuntimeException ex)
        {
            counters.errors().incrementRelease();
            errorHandler.onError(ex);
        }
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
            if (RejectReason.NONE != IngressValidator.checkHeader(buffer, offset, length))
            {
                counters.venueMalformed().incrementRelease();
            }
            else
            {
                headerDecoder.wrap(buffer, offset);
                final int blockLength = headerDecoder.blockLength();
                final int version = headerDecoder.version();
                final int bodyOffset = offset + HEADER_LENGTH;
                switch (headerDecoder.templateId())
                {
                    case VenueExecutionDecoder.TEMPLATE_ID:
                        onVenueExecution(venueExecution.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case VenueCancelRejectDecoder.TEMPLATE_ID:
                        onVenueCancelReject(venueCancelReject.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    case VenueSessionStatusDecoder.TEMPLATE_ID:
                        onVenueSessionStatus(venueSessionStatus.wrap(buffer, bodyOffset, blockLength, version));
                        break;
                    default:
                        counters.venueMalformed().incrementRelease();
                        break;
                }
            }
        }
        catch (final RuntimeException ex)
        {
            counters.errors().incrementRelease();
            errorHandler.onError(ex);
        }
    }

    private void onUndecodable(final DirectBuffer buffer, final int offset, final int length, final RejectReason reason)
    {
        countInvalid(reason);
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
            final boolean orderMessage = MessageHeaderDecoder.SCHEMA_ID == schemaId &&
                (NewOrderDecoder.TEMPLATE_ID == templateId || CancelOrderDecoder.TEMPLATE_ID == templateId ||
                ReplaceOrderDecoder.TEMPLATE_ID == templateId);
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

    private void countInvalid(final RejectReason reason)
    {
        switch (reason)
        {
            case UNKNOWN_TEMPLATE:
                counters.unknownTemplates().incrementRelease();
                break;
            case UNSUPPORTED_SCHEMA:
                counters.unsupportedSchema().incrementRelease();
                break;
            case INVALID_ENUM_VALUE:
                counters.invalidEnumValues().incrementRelease();
                break;
            case NOT_AUTHORISED:
                break; // counted by ClientAuthorisation
            default:
                counters.malformedMessages().incrementRelease();
                break;
        }
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
            countInvalid(check);
            counters.ordersRejected().incrementRelease();
            reports.messageRejected(clientId, clOrdId, PackedAscii.isValid(account) ? account : 0, check);
            return;
        }

        final long symbol = PackedAscii.read(buffer, offset + NewOrderDecoder.symbolEncodingOffset());
        final Side side = order.side();
        final OrdType ordType = order.ordType();
        final TimeInForce timeInForce = order.timeInForce();
        // A market order carries no price: 0 on its reports; risk reserves it at its worst-case price.
        final long price = OrdType.MARKET == ordType ? 0 : order.price();
        final long quantity = order.quantity();
        final long sendingTime = order.sendingTime();

        final int venueId = routes.venueFor(symbol);
        // An account at its share of the order table is THROTTLED, so it can never exhaust the table for others.
        RejectReason reason = authorisation.newOrder(clientId, account);
        reason = RejectReason.NONE != reason ? reason : !orders.hasCapacity() ? RejectReason.ORDER_CAPACITY_EXHAUSTED :
            !orders.accountHasCapacity(account) ? RejectReason.THROTTLED : sessions.admission(venueId);
        if (RejectReason.NONE != reason)
        {
            if (RejectReason.ORDER_CAPACITY_EXHAUSTED != reason && RejectReason.NOT_AUTHORISED != reason &&
                RejectReason.THROTTLED != reason)
            {
                counters.venueUnavailableRejects().incrementRelease();
            }
        }
        else
        {
            // Operator gates (symbol kill switch, venue pause) before risk: nothing is reserved for a gated order.
            reason = gates.admission(symbol, venueId);
        }
        if (RejectReason.NONE == reason)
        {
            reason = risk.evaluateNewOrder(
                account, symbol, clOrdId, side, ordType, price, quantity, logicClock.nanoTime());
            if (RejectReason.NONE != reason)
            {
                counters.riskRejects().incrementRelease();
            }
        }
        if (RejectReason.NONE != reason)
        {
            counters.ordersRejected().incrementRelease();
            reports.newOrderRejected(
                clientId, clOrdId, account, symbol, side, ordType, timeInForce, price, quantity, sendingTime, reason);
            return;
        }

        final int slot = orders.allocate();
        orders.orderId(slot, ++lastOrderId);
        orders.clOrdId(slot, clOrdId);
        orders.account(slot, account);
        orders.symbol(slot, symbol);
        orders.price(slot, price);
        orders.riskPrice(slot, risk.reservedPrice(symbol, ordType, price));
        orders.quantity(slot, quantity);
        orders.sendingTime(slot, sendingTime);
        orders.clientId(slot, clientId);
        orders.venueId(slot, venueId);
        orders.sideRaw(slot, side.value());
        orders.ordTypeRaw(slot, ordType.value());
        orders.timeInForceRaw(slot, timeInForce.value());
        orders.index(slot);

        final RejectReason routed = venueRequests.newOrder(orders, slot);
        if (RejectReason.NONE != routed)
        {
            // Venue-out failure policy: the order never reached a venue, so it is closed, its risk released and
            // the client told why (BACK_PRESSURED, or VENUE_UNAVAILABLE when no adapter is subscribed).
            if (RejectReason.BACK_PRESSURED == routed)
            {
                counters.venueOutBackPressured().incrementRelease();
            }
            else
            {
                counters.venueUnavailableRejects().incrementRelease();
            }
            counters.ordersRejected().incrementRelease();
            risk.onOrderClosed(account, symbol, side, orders.riskPrice(slot), quantity);
            orders.close(slot, OrdStatus.REJECTED);
            reports.orderReport(orders, slot, ExecType.REJECTED, OrdStatus.REJECTED, routed, clientId, clOrdId, 0, 0, 0,
                sendingTime);
            return;
        }
        counters.ordersAccepted().incrementRelease();
        counters.workingOrders().setRelease(orders.workingCount());
    }

    private int findOrder(final long orderId, final long account, final long origClOrdId)
    {
        final int slot = 0 != orderId ?
            orders.slotByOrderId(orderId) : orders.slotByClientOrderId(account, origClOrdId);
        return OrderTable.NO_SLOT == slot || orders.account(slot) != account ? OrderTable.NO_SLOT : slot;
    }

    private void onCancel(final CancelOrderDecoder cancel)
    {
        final int clientId = cancel.clientId();
        final long clOrdId = cancel.clOrdId();
        final long origClOrdId = cancel.origClOrdId();
        final long orderId = cancel.orderId();
        final long account =
            PackedAscii.read(cancel.buffer(), cancel.offset() + CancelOrderDecoder.accountEncodingOffset());
        final long sendingTime = cancel.sendingTime();
        final RejectReason check = IngressValidator.checkCancel(cancel);
        if (RejectReason.NONE != check)
        {
            countInvalid(check);
            rejectCancel(clientId, clOrdId, origClOrdId, orderId, 0, OrdStatus.REJECTED, CancelRejectResponseTo.CANCEL,
                check, sendingTime);
            return;
        }

        final int slot = findOrder(orderId, account, origClOrdId);
        if (OrderTable.NO_SLOT == slot)
        {
            rejectCancel(clientId, clOrdId, origClOrdId, orderId, account, OrdStatus.REJECTED,
                CancelRejectResponseTo.CANCEL, RejectReason.UNKNOWN_ORDER, sendingTime);
            return;
        }
        final RejectReason denied = authorisation.amend(clientId, orders.clientId(slot));
        if (RejectReason.NONE != denied)
        {
            rejectCancel(clientId, clOrdId, origClOrdId, orderId, account, OrdStatus.REJECTED,
                CancelRejectResponseTo.CANCEL, denied, sendingTime);
            return;
        }
        final RejectReason reason = !orders.isWorking(slot) ? RejectReason.TOO_LATE_TO_CANCEL :
            hasPendingRequest(slot) ? RejectReason.REQUEST_PENDING :
            venueRequests.cancel(orders, slot, lastRequestId + 1);
        if (RejectReason.NONE != reason)
        {
            if (RejectReason.BACK_PRESSURED == reason)
            {
                counters.venueOutBackPressured().incrementRelease();
            }
            rejectCancel(clientId, clOrdId, origClOrdId, orders.orderId(slot), account, orders.status(slot),
                CancelRejectResponseTo.CANCEL, reason, sendingTime);
            return;
        }
        orders.pendingCancel(slot, ++lastRequestId, clOrdId, clientId, sendingTime);
    }

    private void onReplace(final ReplaceOrderDecoder replace)
    {
        final int clientId = replace.clientId();
        final long clOrdId = replace.clOrdId();
        final long origClOrdId = replace.origClOrdId();
        final long orderId = replace.orderId();
        final long account =
            PackedAscii.read(replace.buffer(), replace.offset() + ReplaceOrderDecoder.accountEncodingOffset());
        final long sendingTime = replace.sendingTime();
        final RejectReason check = IngressValidator.checkReplace(replace);
        if (RejectReason.NONE != check)
        {
            countInvalid(check);
            rejectCancel(clientId, clOrdId, origClOrdId, orderId, 0, OrdStatus.REJECTED,
                CancelRejectResponseTo.REPLACE, check, sendingTime);
            return;
        }

        final int slot = findOrder(orderId, account, origClOrdId);
        if (OrderTable.NO_SLOT == slot)
        {
            rejectCancel(clientId, clOrdId, origClOrdId, orderId, account, OrdStatus.REJECTED,
                CancelRejectResponseTo.REPLACE, RejectReason.UNKNOWN_ORDER, sendingTime);
            return;
        }
        final long newPrice = replace.price();
        final long newQuantity = replace.quantity();
        final long cumQty = orders.cumQty(slot);
        final RejectReason denied = authorisation.amend(clientId, orders.clientId(slot));
        if (RejectReason.NONE != denied)
        {
            rejectCancel(clientId, clOrdId, origClOrdId, orderId, account, OrdStatus.REJECTED,
                CancelRejectResponseTo.REPLACE, denied, sendingTime);
            return;
        }
        RejectReason reason = RejectReason.NONE;
        if (!orders.isWorking(slot))
        {
            reason = RejectReason.TOO_LATE_TO_CANCEL;
        }
        else if (hasPendingRequest(slot))
        {
            reason = RejectReason.REQUEST_PENDING;
        }
        else if (newQuantity <= cumQty || clOrdId == orders.clOrdId(slot))
        {
            reason = RejectReason.INVALID_REPLACE;
        }
        if (RejectReason.NONE != reason)
        {
            rejectCancel(clientId, clOrdId, origClOrdId, orders.orderId(slot), account, orders.status(slot),
                CancelRejectResponseTo.REPLACE, reason, sendingTime);
            return;
        }

        final long symbol = orders.symbol(slot);
        final Side side = Side.get(orders.sideRaw(slot));
        final OrdType ordType = OrdType.get(orders.ordTypeRaw(slot));
        final long oldRiskPrice = orders.riskPrice(slot);
        final long oldLeaves = orders.leavesQty(slot);
        // Until the venue confirms, it may still fill under the old terms: risk holds the larger quantity at the
        // new price, and a replace down gives back the difference on REPLACED.
        final long riskQuantity = Math.max(orders.quantity(slot), newQuantity);
        final long newLeaves = riskQuantity - cumQty;
        reason = risk.evaluateReplace(account, symbol, clOrdId, side, ordType, oldRiskPrice, oldLeaves, newPrice,
            newLeaves, logicClock.nanoTime());
        final long newRiskPrice = risk.reservedPrice(symbol, ordType, newPrice);
        if (RejectReason.NONE == reason)
        {
            reason = venueRequests.replace(orders, slot, lastRequestId + 1, newPrice, newQuantity);
            if (RejectReason.NONE != reason)
            {
                if (RejectReason.BACK_PRESSURED == reason)
                {
                    counters.venueOutBackPressured().incrementRelease();
                }
                risk.onReplaceReverted(account, symbol, side, newRiskPrice, newLeaves, oldRiskPrice, oldLeaves);
            }
        }
        if (RejectReason.NONE != reason)
        {
            rejectCancel(clientId, clOrdId, origClOrdId, orders.orderId(slot), account, orders.status(slot),
                CancelRejectResponseTo.REPLACE, reason, sendingTime);
            return;
        }
        orders.pendingReplace(
            slot, ++lastRequestId, clOrdId, clientId, newPrice, newRiskPrice, riskQuantity, newQuantity, sendingTime);
    }

    private boolean hasPendingRequest(final int slot)
    {
        return 0 != orders.cancelRequestId(slot) || 0 != orders.replaceRequestId(slot);
    }

    private void rejectCancel(
        final int clientId,
        final long clOrdId,
        final long origClOrdId,
        final long orderId,
        final long account,
        final OrdStatus ordStatus,
        final CancelRejectResponseTo responseTo,
        final RejectReason reason,
        final long sendingTime)
    {
        counters.cancelRejects().incrementRelease();
        reports.cancelReject(clientId, clOrdId, origClOrdId, orderId, account, ordStatus, responseTo, reason,
            sendingTime);
    }

    private void onKillSwitch(final KillSwitchDecoder kill)
    {
        counters.adminCommands().incrementRelease();
        final long commandId = kill.commandId();
        final RejectReason denied = authorisation.admin(kill.clientId());
        final RejectReason check = RejectReason.NONE != denied ? denied : IngressValidator.checkKillSwitch(kill);
        if (RejectReason.NONE != check)
        {
            countInvalid(check);
            reports.adminResponse(commandId, KillSwitchDecoder.TEMPLATE_ID, AdminResult.REJECTED, check, 0);
            return;
        }
        final boolean global = KillScope.GLOBAL == kill.scope();
        final long account = PackedAscii.read(kill.buffer(), kill.offset() + KillSwitchDecoder.accountEncodingOffset());
        if (global)
        {
            risk.killGlobal();
            counters.killSwitchGlobal().setRelease(1);
        }
        else if (!risk.killAccount(account))
        {
            reports.adminResponse(
                commandId, KillSwitchDecoder.TEMPLATE_ID, AdminResult.REJECTED, RejectReason.UNKNOWN_ACCOUNT, 0);
            return;
        }

        final int affected = 1 == kill.cancelWorkingRaw() ? cancelWorking(global, account, 0) : 0;
        reports.adminResponse(
            commandId, KillSwitchDecoder.TEMPLATE_ID, AdminResult.APPLIED, RejectReason.NONE, affected);
    }

    /**
     * Sends a cancel for every working order in scope that has no cancel pending (kill switches).
     *
     * @param all     every order.
     * @param account only this account's orders (when not all and not 0).
     * @param symbol  only this symbol's orders (when not all and not 0).
     * @return cancels sent.
     */
    private int cancelWorking(final boolean all, final long account, final long symbol)
    {
        int affected = 0;
        for (int slot = 0, capacity = orders.capacity(); slot < capacity; slot++)
        {
            if (orders.isWorking(slot) && 0 == orders.cancelRequestId(slot) &&
                (all || (0 != account && orders.account(slot) == account) ||
                (0 != symbol && orders.symbol(slot) == symbol)))
            {
                final RejectReason sent = venueRequests.cancel(orders, slot, lastRequestId + 1);
                if (RejectReason.NONE == sent)
                {
                    orders.pendingCancel(slot, ++lastRequestId, 0, orders.clientId(slot), orders.sendingTime(slot));
                    affected++;
                }
                else if (RejectReason.BACK_PRESSURED == sent)
                {
                    counters.venueOutBackPressured().incrementRelease();
                }
            }
        }
        return affected;
    }

    private void onSymbolKillSwitch(final SymbolKillSwitchDecoder kill)
    {
        counters.adminCommands().incrementRelease();
        final long commandId = kill.commandId();
        final long symbol =
            PackedAscii.read(kill.buffer(), kill.offset() + SymbolKillSwitchDecoder.symbolEncodingOffset());
        final short cancelWorking = kill.cancelWorkingRaw();
        RejectReason reason = authorisation.admin(kill.clientId());
        if (RejectReason.NONE != reason)
        {
            countInvalid(reason);
        }
        else if (0 != cancelWorking && 1 != cancelWorking)
        {
            reason = RejectReason.INVALID_ENUM_VALUE;
        }
        else if (!PackedAscii.isValid(symbol) || PackedAscii.BLANK == symbol)
        {
            reason = RejectReason.MALFORMED_MESSAGE;
        }
        else if (!risk.isKnownInstrument(symbol))
        {
            reason = RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (RejectReason.NONE != reason)
        {
            reports.adminResponse(commandId, SymbolKillSwitchDecoder.TEMPLATE_ID, AdminResult.REJECTED, reason, 0);
            return;
        }
        gates.killSymbol(symbol);
        final int affected = 1 == cancelWorking ? cancelWorking(false, 0, symbol) : 0;
        reports.adminResponse(
            commandId, SymbolKillSwitchDecoder.TEMPLATE_ID, AdminResult.APPLIED, RejectReason.NONE, affected);
    }

    private void onSymbolResume(final SymbolResumeDecoder resume)
    {
        counters.adminCommands().incrementRelease();
        final long symbol =
            PackedAscii.read(resume.buffer(), resume.offset() + SymbolResumeDecoder.symbolEncodingOffset());
        final RejectReason denied = authorisation.admin(resume.clientId());
        final RejectReason reason = RejectReason.NONE != denied ? denied :
            !PackedAscii.isValid(symbol) || PackedAscii.BLANK == symbol ? RejectReason.MALFORMED_MESSAGE :
            risk.isKnownInstrument(symbol) ? RejectReason.NONE : RejectReason.UNKNOWN_INSTRUMENT;
        if (RejectReason.NONE == reason)
        {
            gates.resumeSymbol(symbol);
        }
        reports.adminResponse(resume.commandId(), SymbolResumeDecoder.TEMPLATE_ID,
            RejectReason.NONE == reason ? AdminResult.APPLIED : AdminResult.REJECTED, reason, 0);
    }

    private void onVenuePause(final VenuePauseDecoder pause)
    {
        counters.adminCommands().incrementRelease();
        final int venueId = pause.venueId();
        final RejectReason denied = authorisation.admin(pause.clientId());
        final boolean valid = RejectReason.NONE == denied && venueId > 0;
        if (valid)
        {
            gates.pauseVenue(venueId);
        }
        reports.adminResponse(pause.commandId(), VenuePauseDecoder.TEMPLATE_ID,
            valid ? AdminResult.APPLIED : AdminResult.REJECTED,
            valid ? RejectReason.NONE : RejectReason.NONE != denied ? denied : RejectReason.MALFORMED_MESSAGE, 0);
    }

    private void onVenueResume(final VenueResumeDecoder resume)
    {
        counters.adminCommands().incrementRelease();
        final int venueId = resume.venueId();
        final RejectReason denied = authorisation.admin(resume.clientId());
        final boolean valid = RejectReason.NONE == denied && venueId > 0;
        if (valid)
        {
            gates.resumeVenue(venueId);
        }
        reports.adminResponse(resume.commandId(), VenueResumeDecoder.TEMPLATE_ID,
            valid ? AdminResult.APPLIED : AdminResult.REJECTED,
            valid ? RejectReason.NONE : RejectReason.NONE != denied ? denied : RejectReason.MALFORMED_MESSAGE, 0);
    }

    private void onResume(final ResumeDecoder resume)
    {
        counters.adminCommands().incrementRelease();
        final long commandId = resume.commandId();
        final RejectReason denied = authorisation.admin(resume.clientId());
        final RejectReason check = RejectReason.NONE != denied ? denied : IngressValidator.checkResume(resume);
        if (RejectReason.NONE != check)
        {
            countInvalid(check);
            reports.adminResponse(commandId, ResumeDecoder.TEMPLATE_ID, AdminResult.REJECTED, check, 0);
            return;
        }
        if (KillScope.GLOBAL == resume.scope())
        {
            risk.resumeGlobal();
            counters.killSwitchGlobal().setRelease(0);
        }
        else if (!risk.resumeAccount(
            PackedAscii.read(resume.buffer(), resume.offset() + ResumeDecoder.accountEncodingOffset())))
        {
            reports.adminResponse(
                commandId, ResumeDecoder.TEMPLATE_ID, AdminResult.REJECTED, RejectReason.UNKNOWN_ACCOUNT, 0);
            return;
        }
        reports.adminResponse(commandId, ResumeDecoder.TEMPLATE_ID, AdminResult.APPLIED, RejectReason.NONE, 0);
    }

    private void onLimitUpdate(final LimitUpdateDecoder update, final int length)
    {
        counters.adminCommands().incrementRelease();
        final long commandId = update.commandId();
        final RejectReason denied = authorisation.admin(update.clientId());
        final RejectReason check = RejectReason.NONE != denied ? denied :
            IngressValidator.checkLimitUpdate(update, length, MAX_LIMITS_PER_UPDATE);
        if (RejectReason.NONE != check)
        {
            countInvalid(check);
            reports.adminResponse(commandId, LimitUpdateDecoder.TEMPLATE_ID, AdminResult.REJECTED, check, 0);
            return;
        }
        final DirectBuffer buffer = update.buffer();
        final long account = PackedAscii.read(buffer, update.offset() + LimitUpdateDecoder.accountEncodingOffset());
        final long symbol = PackedAscii.read(buffer, update.offset() + LimitUpdateDecoder.symbolEncodingOffset());
        int count = 0;
        for (final LimitUpdateDecoder.LimitsDecoder limit : update.limits())
        {
            limitTypes[count] = limit.limitType();
            limitValues[count] = limit.value();
            count++;
        }
        final RejectReason reason = risk.applyLimitUpdate(account, symbol, limitTypes, limitValues, count);
        reports.adminResponse(commandId, LimitUpdateDecoder.TEMPLATE_ID,
            RejectReason.NONE == reason ? AdminResult.APPLIED : AdminResult.REJECTED, reason, 0);
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
    }

    private void onVenueExecution(final VenueExecutionDecoder execution)
    {
        if (RejectReason.NONE != IngressValidator.checkVenueExecution(execution))
        {
            counters.venueMalformed().incrementRelease();
            return;
        }
        final int slot = orders.slotByOrderId(execution.orderId());
        if (OrderTable.NO_SLOT == slot || !orders.isWorking(slot))
        {
            counters.venueUnknownOrders().incrementRelease();
            return;
        }
        switch (execution.execType())
        {
            case NEW:
                onVenueAck(slot);
                break;
            case PARTIAL_FILL:
            case FILL:
                onVenueFill(slot, execution.lastQty(), execution.lastPx(), execution.cumQty());
                break;
            case CANCELED:
                // VENUE_LOST_ORDER: the venue no longer knew the order when the gateway asked; the owner is told why.
                onVenueClosed(slot, ExecType.CANCELED, OrdStatus.CANCELED,
                    RejectReason.VENUE_LOST_ORDER == execution.rejectReason() ?
                    RejectReason.VENUE_LOST_ORDER : RejectReason.NONE);
                break;
            case EXPIRED:
                onVenueClosed(slot, ExecType.EXPIRED, OrdStatus.EXPIRED, RejectReason.NONE);
                break;
            case REPLACED:
                onVenueReplaced(slot, execution.requestId());
                break;
            case REJECTED:
                onVenueRejected(slot, execution.requestId(), execution.rejectReason());
                break;
            default:
                counters.venueMalformed().incrementRelease();
                break;
        }
    }

    private void onVenueAck(final int slot)
    {
        if (OrdStatus.PENDING_NEW.value() == orders.statusRaw(slot))
        {
            orders.status(slot, OrdStatus.NEW);
            reports.orderReport(orders, slot, ExecType.NEW, OrdStatus.NEW, RejectReason.NONE, orders.clientId(slot),
                orders.clOrdId(slot), 0, 0, 0, orders.sendingTime(slot));
        }
    }

    private void onVenueFill(final int slot, final long reportedLastQty, final long lastPx, final long venueCumQty)
    {
        // The venue's cumulative quantity decides: a fill reported by an OrderStatusRequest answer carries the whole
        // cumQty as lastQty, and only what the core has not booked yet is booked.
        final long lastQty = venueCumQty > 0 ?
            Math.min(reportedLastQty, venueCumQty - orders.cumQty(slot)) : reportedLastQty;
        if (reportedLastQty <= 0)
        {
            counters.venueMalformed().incrementRelease();
            return;
        }
        if (venueCumQty > 0 && venueCumQty <= orders.cumQty(slot))
        {
            // A fill the core already booked, sent again by an adapter that could not know what the core had
            // journaled before a restart: venue messages are idempotent, a fill is never booked twice.
            counters.venueUnknownOrders().incrementRelease();
            return;
        }
        counters.fills().incrementRelease();
        risk.onFill(orders.account(slot), orders.symbol(slot), Side.get(orders.sideRaw(slot)), riskPrice(slot), lastQty,
            lastPx);
        orders.addFill(slot, lastQty, lastPx);
        if (orders.cumQty(slot) >= orders.quantity(slot))
        {
            // A pending replace can no longer apply: release what risk booked beyond the filled quantity, and tell
            // whoever asked for a cancel or replace that it is too late (after the fill report).
            releaseRisk(slot);
            orders.close(slot, OrdStatus.FILLED);
            counters.workingOrders().setRelease(orders.workingCount());
            reports.orderReport(orders, slot, ExecType.FILL, OrdStatus.FILLED, RejectReason.NONE, orders.clientId(slot),
                orders.clOrdId(slot), 0, lastQty, lastPx, orders.sendingTime(slot));
            answerPendingTooLate(slot, OrdStatus.FILLED);
        }
        else
        {
            orders.status(slot, OrdStatus.PARTIALLY_FILLED);
            reports.orderReport(orders, slot, ExecType.PARTIAL_FILL, OrdStatus.PARTIALLY_FILLED, RejectReason.NONE,
                orders.clientId(slot), orders.clOrdId(slot), 0, lastQty, lastPx, orders.sendingTime(slot));
        }
    }

    private void onVenueClosed(
        final int slot, final ExecType execType, final OrdStatus status, final RejectReason reason)
    {
        releaseRisk(slot);
        // A CANCELED that answers a client's cancel is reported under the cancel's ids; anything else (unsolicited
        // cancel, kill-switch cancel, expiry, venue reject) under the order's, and a pending cancel is too late.
        final boolean requested = ExecType.CANCELED == execType &&
            0 != orders.cancelRequestId(slot) && 0 != orders.cancelClOrdId(slot);
        final int clientId = requested ? orders.cancelClientId(slot) : orders.clientId(slot);
        final long clOrdId = requested ? orders.cancelClOrdId(slot) : orders.clOrdId(slot);
        final long origClOrdId = requested ? orders.clOrdId(slot) : 0;
        final long sendingTime = requested ? orders.cancelSendingTime(slot) : orders.sendingTime(slot);
        if (ExecType.CANCELED == execType)
        {
            orders.clearPendingCancel(slot);
        }
        orders.close(slot, status);
        counters.workingOrders().setRelease(orders.workingCount());
        reports.orderReport(orders, slot, execType, status, reason, clientId, clOrdId, origClOrdId, 0, 0, sendingTime);
        answerPendingTooLate(slot, status);
    }

    private void onVenueReplaced(final int slot, final long requestId)
    {
        if (0 == requestId || requestId != orders.replaceRequestId(slot))
        {
            counters.venueUnknownOrders().incrementRelease();
            return;
        }
        final long origClOrdId = orders.clOrdId(slot);
        final long cumQty = orders.cumQty(slot);
        final long newQuantity = orders.replaceQuantity(slot);
        final long riskQuantity = orders.replaceRiskQuantity(slot);
        if (riskQuantity > newQuantity)
        {
            // A confirmed replace down: release what was held for the old, larger quantity.
            final long riskPrice = orders.replaceRiskPrice(slot);
            risk.onReplaceReverted(orders.account(slot), orders.symbol(slot), Side.get(orders.sideRaw(slot)),
                riskPrice, Math.max(0, riskQuantity - cumQty), riskPrice, Math.max(0, newQuantity - cumQty));
        }
        orders.price(slot, orders.replacePrice(slot));
        orders.riskPrice(slot, orders.replaceRiskPrice(slot));
        orders.quantity(slot, orders.replaceQuantity(slot));
        orders.changeClOrdId(slot, orders.replaceClOrdId(slot));
        orders.clearPendingReplace(slot);
        if (OrdStatus.PENDING_NEW.value() == orders.statusRaw(slot))
        {
            orders.status(slot, OrdStatus.NEW);
        }
        final boolean filled = orders.cumQty(slot) >= orders.quantity(slot);
        if (filled)
        {
            // Fills that crossed the replace on the wire used up the new quantity: the order is done.
            releaseRisk(slot);
            orders.close(slot, OrdStatus.FILLED);
            counters.workingOrders().setRelease(orders.workingCount());
        }
        reports.orderReport(orders, slot, ExecType.REPLACED, orders.status(slot), RejectReason.NONE,
            orders.replaceClientId(slot), orders.clOrdId(slot), origClOrdId, 0, 0, orders.replaceSendingTime(slot));
        if (filled)
        {
            answerPendingTooLate(slot, OrdStatus.FILLED);
        }
    }

    private void onVenueRejected(final int slot, final long requestId, final RejectReason venueReason)
    {
        final RejectReason reason = RejectReason.NONE == venueReason || RejectReason.NULL_VAL == venueReason ?
            RejectReason.VENUE_REJECT : venueReason;
        if (0 == requestId)
        {
            onVenueClosed(slot, ExecType.REJECTED, OrdStatus.REJECTED, reason);
        }
        else if (requestId == orders.cancelRequestId(slot))
        {
            onVenueCancelRefused(slot, reason);
        }
        else if (requestId == orders.replaceRequestId(slot))
        {
            onVenueReplaceRefused(slot, reason);
        }
        else
        {
            counters.venueUnknownOrders().incrementRelease();
        }
    }

    private void onVenueCancelReject(final VenueCancelRejectDecoder reject)
    {
        if (RejectReason.NONE != IngressValidator.checkVenueCancelReject(reject))
        {
            counters.venueMalformed().incrementRelease();
            return;
        }
        final int slot = orders.slotByOrderId(reject.orderId());
        final long requestId = reject.requestId();
        if (OrderTable.NO_SLOT == slot || !orders.isWorking(slot) || 0 == requestId)
        {
            counters.venueUnknownOrders().incrementRelease();
            return;
        }
        final RejectReason venueReason = reject.rejectReason();
        final RejectReason reason = RejectReason.NONE == venueReason ? RejectReason.VENUE_REJECT : venueReason;
        if (requestId == orders.cancelRequestId(slot))
        {
            onVenueCancelRefused(slot, reason);
        }
        else if (requestId == orders.replaceRequestId(slot))
        {
            onVenueReplaceRefused(slot, reason);
        }
        else
        {
            counters.venueUnknownOrders().incrementRelease();
        }
    }

    private void onVenueCancelRefused(final int slot, final RejectReason reason)
    {
        final long cancelClOrdId = orders.cancelClOrdId(slot);
        orders.clearPendingCancel(slot);
        if (0 != cancelClOrdId)
        {
            rejectCancel(orders.cancelClientId(slot), cancelClOrdId, orders.clOrdId(slot), orders.orderId(slot),
                orders.account(slot), orders.status(slot), CancelRejectResponseTo.CANCEL, reason,
                orders.cancelSendingTime(slot));
        }
    }

    private void onVenueReplaceRefused(final int slot, final RejectReason reason)
    {
        final long cumQty = orders.cumQty(slot);
        risk.onReplaceReverted(orders.account(slot), orders.symbol(slot), Side.get(orders.sideRaw(slot)),
            orders.replaceRiskPrice(slot), Math.max(0, orders.replaceRiskQuantity(slot) - cumQty),
            orders.riskPrice(slot), orders.leavesQty(slot));
        orders.clearPendingReplace(slot);
        rejectCancel(orders.replaceClientId(slot), orders.replaceClOrdId(slot), orders.clOrdId(slot),
            orders.orderId(slot), orders.account(slot), orders.status(slot), CancelRejectResponseTo.REPLACE, reason,
            orders.replaceSendingTime(slot));
    }

    private void answerPendingTooLate(final int slot, final OrdStatus finalStatus)
    {
        if (0 != orders.cancelRequestId(slot))
        {
            final long cancelClOrdId = orders.cancelClOrdId(slot);
            orders.clearPendingCancel(slot);
            if (0 != cancelClOrdId)
            {
                rejectCancel(orders.cancelClientId(slot), cancelClOrdId, orders.clOrdId(slot), orders.orderId(slot),
                    orders.account(slot), finalStatus, CancelRejectResponseTo.CANCEL,
                    RejectReason.TOO_LATE_TO_CANCEL, orders.cancelSendingTime(slot));
            }
        }
        if (0 != orders.replaceRequestId(slot))
        {
            orders.clearPendingReplace(slot);
            rejectCancel(orders.replaceClientId(slot), orders.replaceClOrdId(slot), orders.clOrdId(slot),
                orders.orderId(slot), orders.account(slot), finalStatus, CancelRejectResponseTo.REPLACE,
                RejectReason.TOO_LATE_TO_CANCEL, orders.replaceSendingTime(slot));
        }
    }

    /**
     * The price risk holds the order's open exposure at: what it reserved at acceptance (exact for market orders),
     * or, while a replace is pending, the replace's (evaluateReplace already moved the exposure).
     */
    private long riskPrice(final int slot)
    {
        return 0 != orders.replaceRequestId(slot) ? orders.replaceRiskPrice(slot) : orders.riskPrice(slot);
    }

    private long riskLeaves(final int slot)
    {
        final long quantity =
            0 != orders.replaceRequestId(slot) ? orders.replaceRiskQuantity(slot) : orders.quantity(slot);
        return Math.max(0, quantity - orders.cumQty(slot));
    }

    private void releaseRisk(final int slot)
    {
        risk.onOrderClosed(orders.account(slot), orders.symbol(slot), Side.get(orders.sideRaw(slot)), riskPrice(slot),
            riskLeaves(slot));
    }
}
