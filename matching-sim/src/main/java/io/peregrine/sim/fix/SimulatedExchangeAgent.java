package io.peregrine.sim.fix;

import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.fixedge.mapping.FixOrderValues;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sim.VenueEngineCounters;
import io.peregrine.sim.VenueInstrument;
import io.peregrine.sim.engine.MatchingEngine;
import io.peregrine.sim.engine.MatchingListener;
import io.peregrine.sim.maker.MarketMaker;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.ClOrdID;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrigClOrdID;
import quickfix.field.PossDupFlag;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The venue's engine thread: drains the FIX messages the QuickFIX/J threads queued, validates and translates them
 * into {@link MatchingEngine} calls, turns the engine's callbacks into ExecutionReports and OrderCancelRejects for
 * the owning sessions, and lets the {@link MarketMaker} replenish its quotes after each message.
 * <p>
 * Why a queue and one thread rather than a lock around the engine: the engine and all FIX order state have a
 * single writer, so there is nothing to lock and nothing to get wrong; QuickFIX/J's threads never wait on matching;
 * and each session's requests are applied in the order they arrived (one producer per session into a FIFO). The
 * engine calls back synchronously from inside {@code submit}/{@code cancel}/{@code replace}, before {@code submit}
 * has returned the new order id, so the order being submitted is bound to its id in the first callback.
 * <p>
 * Everything here runs on the agent's thread, except {@link #offer(Object)}, which any thread may call, and
 * {@link #process(InboundMessage)}, with which a session's QuickFIX/J thread matches its own request (the engine's
 * monitor then serialises it with the engine thread; see {@code peregrine.sim.matching.thread}).
 * Allocates per message: this is the FIX edge, not the hot path.
 */
public final class SimulatedExchangeAgent implements Agent, MatchingListener, VenueEngineCounters.Counts
{
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedExchangeAgent.class);
    private static final int DRAIN_LIMIT = 256;
    private static final Runnable NO_WAKE = () -> { };
    private static final char CANCEL = CxlRejResponseTo.ORDER_CANCEL_REQUEST;
    private static final char REPLACE = CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST;

    private final ManyToOneConcurrentArrayQueue<Object> inbound;
    private Runnable offerWaker = NO_WAKE; // set before the threads that offer start
    private final MatchingEngine engine;
    private final ParticipantSessions sessions;
    private final Map<String, VenueInstrument> instruments;
    private final ReportSender sender;
    private final FixReports reports;
    private final MarketMaker maker;
    private final Long2ObjectHashMap<FixOrder> ordersById = new Long2ObjectHashMap<>();
    private final Consumer<Object> handler = this::onInbound;

    private FixOrder submitting;
    private FixOrder cancelling;
    private String cancelClOrdId;
    private FixOrder replacing;
    private String replaceClOrdId;

    private long messagesProcessed;
    private long ordersAccepted;
    private VenueEngineCounters counters;
    private long ordersRejected;
    private long trades;
    private long failures;
    private long possDupsIgnored;
    private long statusRequests;

    /**
     * @param queueCapacity       of the inbound queue (power of two).
     * @param sessions            the participant sessions.
     * @param instruments         by symbol.
     * @param selfTradePrevention passed to the engine.
     * @param maxOrdersPerBook    passed to the engine.
     * @param sender              sends the reports.
     * @param runId               prefix of ExecIDs and OrderIDs, unique per venue run.
     * @param makerFactory        builds the market maker over the engine, or null for none.
     */
    public SimulatedExchangeAgent(
        final int queueCapacity,
        final ParticipantSessions sessions,
        final Map<String, VenueInstrument> instruments,
        final boolean selfTradePrevention,
        final int maxOrdersPerBook,
        final ReportSender sender,
        final String runId,
        final Function<MatchingEngine, MarketMaker> makerFactory)
    {
        this.inbound = new ManyToOneConcurrentArrayQueue<>(queueCapacity);
        this.sessions = sessions;
        this.instruments = instruments;
        this.sender = sender;
        this.reports = new FixReports(runId);
        this.engine = new MatchingEngine(this, selfTradePrevention, maxOrdersPerBook);
        for (final VenueInstrument instrument : instruments.values())
        {
            engine.addInstrument(instrument.packedSymbol(), instrument.tickSize(), instrument.lotSize());
        }
        this.maker = null == makerFactory ? null : makerFactory.apply(engine);
    }

    /**
     * Queues an {@link InboundMessage} or a {@link Runnable} to run on the engine thread. Any thread.
     *
     * @param command to queue.
     * @return false if the queue is full.
     */
    public boolean offer(final Object command)
    {
        if (inbound.offer(command))
        {
            offerWaker.run();
            return true;
        }
        return false;
    }

    /**
     * Every piece of the engine thread's work arrives through {@link #offer}: after queueing it, {@code waker} cuts
     * a parked engine's park short, so the park does not delay work. Call before the agent and the sessions start.
     *
     * @param waker wakes the engine thread, e.g. {@code WakeableIdleStrategy.wakerOf} its idle strategy.
     */
    public void wakeOnOffer(final Runnable waker)
    {
        this.offerWaker = waker;
    }

    /**
     * Publishes the agent's counts to these counters after every message. Call before the agent starts.
     *
     * @param counters where to publish, or null for none.
     */
    public void counters(final VenueEngineCounters counters)
    {
        this.counters = counters;
    }

    @Override
    public synchronized void onStart()
    {
        if (null != maker)
        {
            maker.replenish();
        }
        if (null != counters)
        {
            counters.update(this);
        }
    }

    @Override
    public int doWork()
    {
        if (inbound.isEmpty())
        {
            return 0; // the common case with matching on the session threads: no lock taken
        }
        synchronized (this)
        {
            return inbound.drain(handler, DRAIN_LIMIT);
        }
    }

    /**
     * Matches a session's request now, on the calling QuickFIX/J thread, instead of queueing it for the engine
     * thread: the hand-off to a possibly parked engine thread is gone. The engine lock keeps one writer at a time
     * (other sessions' threads, queued tasks); anything queued earlier runs first, so each session's requests keep
     * their order. Any thread.
     *
     * @param message the request.
     */
    public void process(final InboundMessage message)
    {
        synchronized (this)
        {
            inbound.drain(handler);
            onInbound(message);
        }
    }

    @Override
    public String roleName()
    {
        return "venue-engine";
    }

    /** @return the engine; only for tasks queued with {@link #offer(Object)}, which run on the engine thread. */
    @Override
    public MatchingEngine engine()
    {
        return engine;
    }

    /** @return the market maker or null; engine thread only. */
    public MarketMaker marketMaker()
    {
        return maker;
    }

    /** @return application messages handled; engine thread only. */
    @Override
    public long messagesProcessed()
    {
        return messagesProcessed;
    }

    /** @return new orders accepted (participants' and the market maker's); engine thread only. */
    @Override
    public long ordersAccepted()
    {
        return ordersAccepted;
    }

    /** @return new orders rejected (by the venue or the engine); engine thread only. */
    @Override
    public long ordersRejected()
    {
        return ordersRejected;
    }

    /** @return trades matched; engine thread only. */
    @Override
    public long trades()
    {
        return trades;
    }

    /** @return resent (PossDupFlag=Y) requests ignored because their ClOrdID was already handled; engine thread only. */
    @Override
    public long possDupsIgnored()
    {
        return possDupsIgnored;
    }

    /** @return OrderStatusRequests answered; engine thread only. */
    @Override
    public long statusRequests()
    {
        return statusRequests;
    }

    /** @return messages whose handling failed unexpectedly (logged, the venue carries on); engine thread only. */
    @Override
    public long failures()
    {
        return failures;
    }

    private void onInbound(final Object command)
    {
        try
        {
            if (command instanceof InboundMessage)
            {
                final InboundMessage inboundMessage = (InboundMessage)command;
                onMessage(inboundMessage.sessionID, inboundMessage.message);
                if (null != maker)
                {
                    // After every message, so the next one (and any query) already sees the ladder restored.
                    maker.replenish();
                }
            }
            else
            {
                ((Runnable)command).run();
            }
        }
        catch (final Exception ex)
        {
            // A bug must not stop the venue: count it, log it, carry on with the next message.
            failures++;
            LOG.error("failed to process {}", command instanceof InboundMessage ? ((InboundMessage)command).message : command, ex);
        }
        finally
        {
            submitting = null;
            cancelling = null;
            replacing = null;
            if (null != counters)
            {
                counters.update(this);
            }
        }
    }

    private void onMessage(final SessionID sessionID, final Message message) throws FieldNotFound
    {
        final ParticipantSession session = sessions.get(sessionID);
        if (null == session)
        {
            LOG.warn("message from unconfigured session {} dropped", sessionID);
            return;
        }
        messagesProcessed++;
        if (MsgType.ORDER_STATUS_REQUEST.equals(message.getHeader().getString(MsgType.FIELD)))
        {
            // A query, not a request: it names an existing ClOrdID and changes nothing (PossDup or not).
            onStatusRequest(session, message);
            return;
        }
        final String clOrdId = message.getString(ClOrdID.FIELD);
        final boolean freshClOrdId = !session.hasUsed(clOrdId);
        if (!freshClOrdId && isPossDup(message))
        {
            // A resent copy of a request already handled: answering it as a duplicate would report the live
            // order as rejected to a participant that only replayed its own message.
            possDupsIgnored++;
            LOG.info("ignored possible duplicate {} ClOrdID {} from {}", message.getHeader().getString(MsgType.FIELD),
                clOrdId, session.compId());
            return;
        }
        final String msgType = message.getHeader().getString(MsgType.FIELD);
        switch (msgType)
        {
            case MsgType.NEW_ORDER_SINGLE:
                onNewOrder(session, message);
                break;
            case MsgType.ORDER_CANCEL_REQUEST:
                onCancel(session, message);
                break;
            case MsgType.ORDER_CANCEL_REPLACE_REQUEST:
                onReplace(session, message);
                break;
            default:
                // SimulatedExchangeFixApplication lets only the three types above through.
                throw new IllegalStateException("unexpected MsgType " + msgType);
        }
        if (freshClOrdId && null == session.order(clOrdId))
        {
            // Refused before it became (part of) an order: remember it for duplicate checks, bounded like closed orders.
            session.retireClOrdId(clOrdId);
        }
    }

    private void onStatusRequest(final ParticipantSession session, final Message request) throws FieldNotFound
    {
        statusRequests++;
        final String clOrdId = request.getString(ClOrdID.FIELD);
        final String ordStatusReqId = request.getOptionalString(quickfix.field.OrdStatusReqID.FIELD).orElse(null);
        final FixOrder order = session.order(clOrdId);
        send(null == order ? reports.unknownOrderStatus(request, session.account()) :
            reports.orderStatus(order, clOrdId, ordStatusReqId), session);
    }

    private static boolean isPossDup(final Message message) throws FieldNotFound
    {
        final Message.Header header = message.getHeader();
        return header.isSetField(PossDupFlag.FIELD) && header.getBoolean(PossDupFlag.FIELD);
    }

    private void onNewOrder(final ParticipantSession session, final Message request) throws FieldNotFound
    {
        final String clOrdId = request.getString(ClOrdID.FIELD);
        if (!session.useClOrdId(clOrdId))
        {
            rejectNew(session, request, RejectReason.DUPLICATE_CLIENT_ORDER_ID, "duplicate ClOrdID(11) " + clOrdId);
            return;
        }

        final String symbol = request.getString(Symbol.FIELD);
        final VenueInstrument instrument = instruments.get(symbol);
        if (null == instrument)
        {
            rejectNew(session, request, RejectReason.UNKNOWN_INSTRUMENT, "unknown symbol " + symbol);
            return;
        }

        final char side = request.getChar(Side.FIELD);
        final io.peregrine.sbe.Side engineSide = FixOrderEnums.side(side);
        final char ordType = request.getChar(OrdType.FIELD);
        final io.peregrine.sbe.OrdType engineOrdType = FixOrderEnums.ordType(ordType);
        final io.peregrine.sbe.TimeInForce engineTif = FixOrderEnums.timeInForce(request);
        final String unsupported = null == engineSide ? "unsupported Side(54)=" + side + ": only 1 (buy) and 2 (sell)" :
            null == engineOrdType ? "unsupported OrdType(40)=" + ordType + ": only 1 (market) and 2 (limit)" :
            null == engineTif ? "unsupported TimeInForce(59)=" + request.getString(TimeInForce.FIELD) +
            ": only 0 (day), 1 (GTC), 3 (IOC) and 4 (FOK)" : null;
        if (null != unsupported)
        {
            // One reason for all three: the first of side, type and time in force the venue does not trade.
            rejectNew(session, request, RejectReason.UNSUPPORTED_ORDER_TYPE, unsupported);
            return;
        }
        final char tif = FixOrderEnums.fixTimeInForce(engineTif);

        final FixOrderValues.Value orderQty = FixOrderValues.quantity(request);
        final String quantityError = quantityError(orderQty, instrument);
        if (null != quantityError)
        {
            rejectNew(session, request, RejectReason.INVALID_QUANTITY, quantityError);
            return;
        }
        final long quantity = orderQty.value();

        long price = 0;
        if (ordType == OrdType.LIMIT)
        {
            final FixOrderValues.Value limitPrice = FixOrderValues.price(request);
            final String priceError = priceError(limitPrice, instrument);
            if (null != priceError)
            {
                rejectNew(session, request, RejectReason.INVALID_PRICE, priceError);
                return;
            }
            price = limitPrice.value();
        }

        final FixOrder order = new FixOrder(session, instrument, clOrdId, side, ordType, tif, price, quantity);
        session.addOrder(clOrdId, order);
        submitting = order;
        final long orderId = engine.submit(
            session.accountId(),
            instrument.packedSymbol(),
            engineSide,
            engineOrdType,
            engineTif,
            price,
            quantity);
        submitting = null;
        if (order.orderId() == 0)
        {
            // The engine said nothing about it (should not happen): still give it its id so cancels can find it.
            bind(order, orderId);
        }
    }

    private void onCancel(final ParticipantSession session, final Message request) throws FieldNotFound
    {
        final String clOrdId = request.getString(ClOrdID.FIELD);
        final FixOrder order = session.order(request.getString(OrigClOrdID.FIELD));
        if (!checkCancelOrReplace(session, request, order, clOrdId, CANCEL))
        {
            return;
        }
        cancelling = order;
        cancelClOrdId = clOrdId;
        engine.cancel(order.orderId());
        cancelling = null;
    }

    private void onReplace(final ParticipantSession session, final Message request) throws FieldNotFound
    {
        final String clOrdId = request.getString(ClOrdID.FIELD);
        final FixOrder order = session.order(request.getString(OrigClOrdID.FIELD));
        if (!checkCancelOrReplace(session, request, order, clOrdId, REPLACE))
        {
            return;
        }
        final FixOrderValues.Value orderQty = FixOrderValues.quantity(request);
        final FixOrderValues.Value limitPrice = FixOrderValues.price(request);
        final Refusal refusal = replaceRefusal(request, order, orderQty, limitPrice);
        if (null != refusal)
        {
            cancelReject(session, request, order, REPLACE, refusal.reason(), refusal.text());
            return;
        }
        replacing = order;
        replaceClOrdId = clOrdId;
        engine.replace(order.orderId(), limitPrice.value(), orderQty.value());
        replacing = null;
    }

    /** Why the venue refuses a request: the reason the engine would give and the Text(58) of the answer. */
    private record Refusal(RejectReason reason, String text)
    {
    }

    /**
     * The checks of a replace, in the order they are answered: the order type cannot change, only limit orders are
     * replaced, the quantity must be valid and above what is filled, the price valid.
     *
     * @return the first check that fails, or null when the replace goes to the engine.
     */
    private static Refusal replaceRefusal(
        final Message request,
        final FixOrder order,
        final FixOrderValues.Value orderQty,
        final FixOrderValues.Value limitPrice) throws FieldNotFound
    {
        if (request.getChar(OrdType.FIELD) != order.ordType())
        {
            return new Refusal(RejectReason.INVALID_REPLACE, "OrdType(40) cannot be changed by a replace");
        }
        if (order.ordType() != OrdType.LIMIT)
        {
            return new Refusal(RejectReason.INVALID_REPLACE, "only limit orders can be replaced");
        }
        final String quantityError = quantityError(orderQty, order.instrument());
        if (null != quantityError)
        {
            return new Refusal(RejectReason.INVALID_QUANTITY, quantityError);
        }
        if (orderQty.value() <= order.cumQty())
        {
            return new Refusal(RejectReason.INVALID_REPLACE,
                "OrderQty(38)=" + orderQty.value() + " must exceed the filled quantity " + order.cumQty());
        }
        final String priceError = priceError(limitPrice, order.instrument());
        return null == priceError ? null : new Refusal(RejectReason.INVALID_PRICE, priceError);
    }

    private boolean checkCancelOrReplace(
        final ParticipantSession session,
        final Message request,
        final FixOrder order,
        final String clOrdId,
        final char responseTo) throws FieldNotFound
    {
        if (!session.useClOrdId(clOrdId))
        {
            cancelReject(session, request, order, responseTo, RejectReason.DUPLICATE_CLIENT_ORDER_ID,
                "duplicate ClOrdID(11) " + clOrdId);
            return false;
        }
        if (null == order)
        {
            cancelReject(session, request, null, responseTo, RejectReason.UNKNOWN_ORDER,
                "unknown order: no order with OrigClOrdID(41) " + request.getString(OrigClOrdID.FIELD) + " on this session");
            return false;
        }
        if (order.isClosed())
        {
            cancelReject(session, request, order, responseTo, RejectReason.TOO_LATE_TO_CANCEL,
                "too late: order is " + statusText(order.ordStatus()));
            return false;
        }
        if (!request.getString(Symbol.FIELD).equals(order.instrument().symbol()) || request.getChar(Side.FIELD) != order.side())
        {
            cancelReject(session, request, order, responseTo, RejectReason.INVALID_REPLACE,
                "Symbol(55) and Side(54) must match the order's " + order.instrument().symbol() + " " + order.side());
            return false;
        }
        return true;
    }

    /** @return why OrderQty(38) of a new order or a replace cannot trade on the instrument, or null when it can. */
    private static String quantityError(final FixOrderValues.Value orderQty, final VenueInstrument instrument)
    {
        if (!orderQty.valid())
        {
            return orderQty.error();
        }
        final long quantity = orderQty.value();
        return quantity % instrument.lotSize() == 0 ? null : "OrderQty(38)=" + quantity +
            " is not a multiple of the lot size " + instrument.lotSize() + " of " + instrument.symbol();
    }

    /** @return why Price(44) of a limit order or a replace cannot trade on the instrument, or null when it can. */
    private static String priceError(final FixOrderValues.Value limitPrice, final VenueInstrument instrument)
    {
        if (!limitPrice.valid())
        {
            return limitPrice.error();
        }
        final long price = limitPrice.value();
        return price % instrument.tickSize() == 0 ? null : "Price(44)=" + Prices.format(price) +
            " is not a multiple of the tick size " + Prices.format(instrument.tickSize()) + " of " +
            instrument.symbol();
    }

    private void rejectNew(
        final ParticipantSession session, final Message request, final RejectReason reason, final String text)
    {
        ordersRejected++;
        send(reports.newOrderReject(request, session.account(), FixRejectReasons.ordRejReason(reason), text), session);
    }

    private void cancelReject(
        final ParticipantSession session,
        final Message request,
        final FixOrder order,
        final char responseTo,
        final RejectReason reason,
        final String text)
    {
        send(reports.cancelReject(request, order, responseTo, FixRejectReasons.cxlRejReason(reason), text), session);
    }

    private void send(final Message message, final ParticipantSession session)
    {
        if (null == session)
        {
            LOG.warn("no session for report {}", message);
            return;
        }
        try
        {
            sender.send(message, session.sessionID());
        }
        catch (final RuntimeException ex)
        {
            // Often inside an engine callback, which must not throw: count, log and carry on.
            failures++;
            LOG.error("failed to send to {}: {}", session.compId(), message, ex);
        }
    }

    private void bind(final FixOrder order, final long orderId)
    {
        order.bind(orderId, reports.runId() + "-" + orderId);
        ordersById.put(orderId, order);
        retireIfClosed(order);
    }

    /**
     * The FIX order an engine callback is about, binding the order being submitted to its new id on first sight.
     * Null for the market maker's orders and for ids the venue does not know.
     */
    private FixOrder fixOrder(final long orderId)
    {
        final FixOrder order = ordersById.get(orderId);
        if (null != order)
        {
            return order;
        }
        if (null != maker && maker.claims(orderId))
        {
            return null;
        }
        if (null != submitting && submitting.orderId() == 0)
        {
            bind(submitting, orderId);
            return submitting;
        }
        LOG.warn("engine callback for unknown order id {}", orderId);
        return null;
    }

    /**
     * As {@link #fixOrder}, for the callbacks that end an order: when the order is not a participant's, the market
     * maker (if any) is told that its order {@code orderId} is done, and null is returned.
     */
    private FixOrder endedFixOrder(final long orderId)
    {
        final FixOrder order = fixOrder(orderId);
        if (null == order && null != maker)
        {
            maker.onDone(orderId);
        }
        return order;
    }

    private void closeOrder(final FixOrder order, final char status)
    {
        order.close(status);
        retireIfClosed(order);
    }

    private void retireIfClosed(final FixOrder order)
    {
        if (order.retireOnce())
        {
            ordersById.remove(order.orderId());
            order.session().retire(order);
        }
    }

    @Override
    public void onAccepted(
        final long orderId, final long account, final long symbol, final io.peregrine.sbe.Side side, final long price,
        final long quantity)
    {
        ordersAccepted++;
        final FixOrder order = fixOrder(orderId);
        if (null != order)
        {
            send(reports.executionReport(order, ExecType.NEW, order.clOrdId(), null, 0, 0, null), order.session());
        }
    }

    @Override
    public void onRejected(final long orderId, final RejectReason reason)
    {
        final FixOrder order = endedFixOrder(orderId);
        if (null != order)
        {
            ordersRejected++;
            closeOrder(order, OrdStatus.REJECTED);
            final Message report = reports.executionReport(
                order, ExecType.REJECTED, order.clOrdId(), null, 0, 0, "rejected by the matching engine: " + reason);
            report.setInt(OrdRejReason.FIELD, FixRejectReasons.ordRejReason(reason));
            send(report, order.session());
        }
    }

    @Override
    public void onTrade(
        final long symbol,
        final long price,
        final long quantity,
        final long aggressorOrderId,
        final long aggressorLeavesQty,
        final long restingOrderId,
        final long restingLeavesQty)
    {
        trades++;
        onFill(aggressorOrderId, price, quantity, aggressorLeavesQty);
        onFill(restingOrderId, price, quantity, restingLeavesQty);
    }

    private void onFill(final long orderId, final long price, final long quantity, final long leavesQty)
    {
        final FixOrder order = fixOrder(orderId);
        if (null != order)
        {
            order.fill(quantity, price, leavesQty);
            retireIfClosed(order);
            send(reports.executionReport(order, ExecType.TRADE, order.clOrdId(), null, quantity, price, null), order.session());
        }
        else if (null != maker && maker.claims(orderId))
        {
            maker.onFill(orderId, leavesQty);
        }
    }

    @Override
    public void onCancelled(final long orderId, final long cancelledQuantity, final boolean selfTradePrevention)
    {
        final FixOrder order = endedFixOrder(orderId);
        if (null == order)
        {
            return;
        }
        if (!selfTradePrevention && order == cancelling)
        {
            final String origClOrdId = order.clOrdId();
            order.clOrdId(cancelClOrdId);
            order.session().addOrder(cancelClOrdId, order);
            closeOrder(order, OrdStatus.CANCELED);
            send(reports.executionReport(order, ExecType.CANCELED, cancelClOrdId, origClOrdId, 0, 0, null), order.session());
        }
        else
        {
            closeOrder(order, OrdStatus.CANCELED);
            final String text = selfTradePrevention ?
                "cancelled by self-trade prevention: " + cancelledQuantity + " would have traded with the same account" :
                "cancelled by the venue";
            send(reports.executionReport(order, ExecType.CANCELED, order.clOrdId(), null, 0, 0, text), order.session());
        }
    }

    @Override
    public void onExpired(final long orderId, final long expiredQuantity)
    {
        final FixOrder order = endedFixOrder(orderId);
        if (null == order)
        {
            return;
        }
        closeOrder(order, OrdStatus.EXPIRED);
        send(reports.executionReport(order, ExecType.EXPIRED, order.clOrdId(), null, 0, 0, expiryText(order, expiredQuantity)),
            order.session());
    }

    private static String expiryText(final FixOrder order, final long expiredQuantity)
    {
        if (order.ordType() == OrdType.MARKET)
        {
            return "market order remainder of " + expiredQuantity + " expired: no more liquidity";
        }
        if (order.timeInForce() == TimeInForce.FILL_OR_KILL)
        {
            return "fill-or-kill: " + expiredQuantity + " could not be filled in full";
        }
        if (order.timeInForce() == TimeInForce.IMMEDIATE_OR_CANCEL)
        {
            return "immediate-or-cancel remainder of " + expiredQuantity + " expired";
        }
        return "expired: " + expiredQuantity;
    }

    @Override
    public void onReplaced(final long orderId, final long newPrice, final long newQuantity, final long leavesQuantity)
    {
        final FixOrder order = fixOrder(orderId);
        if (null == order)
        {
            return;
        }
        final boolean requested = order == replacing;
        final String origClOrdId = order.clOrdId();
        final String clOrdId = requested ? replaceClOrdId : origClOrdId;
        order.replaced(clOrdId, newPrice, newQuantity, leavesQuantity);
        if (requested)
        {
            order.session().addOrder(clOrdId, order);
        }
        retireIfClosed(order);
        send(reports.executionReport(order, ExecType.REPLACED, clOrdId, requested ? origClOrdId : null, 0, 0, null),
            order.session());
    }

    @Override
    public void onCancelRejected(final long orderId, final RejectReason reason)
    {
        rejectRequest(cancelling, cancelClOrdId, CANCEL, "cancel", reason);
    }

    @Override
    public void onReplaceRejected(final long orderId, final RejectReason reason)
    {
        rejectRequest(replacing, replaceClOrdId, REPLACE, "replace", reason);
    }

    /**
     * Answers the participant's cancel or replace the engine refused with an OrderCancelReject.
     *
     * @param order      the order of the request being handled, or null when no participant request is (nothing to
     *                   answer).
     * @param clOrdId    the request's ClOrdID(11).
     * @param responseTo CxlRejResponseTo(434).
     * @param request    "cancel" or "replace", for the text.
     * @param reason     the engine's reason.
     */
    private void rejectRequest(
        final FixOrder order, final String clOrdId, final char responseTo, final String request,
        final RejectReason reason)
    {
        if (null != order)
        {
            send(reports.cancelReject(requestStub(order, clOrdId), order, responseTo,
                FixRejectReasons.cxlRejReason(reason), request + " rejected: " + reason), order.session());
        }
    }

    private static Message requestStub(final FixOrder order, final String clOrdId)
    {
        final Message stub = new Message();
        stub.setString(ClOrdID.FIELD, clOrdId);
        stub.setString(OrigClOrdID.FIELD, order.clOrdId());
        return stub;
    }

    private static String statusText(final char ordStatus)
    {
        switch (ordStatus)
        {
            case OrdStatus.FILLED:
                return "filled";
            case OrdStatus.CANCELED:
                return "cancelled";
            case OrdStatus.REJECTED:
                return "rejected";
            case OrdStatus.EXPIRED:
                return "expired";
            default:
                return "closed";
        }
    }
}
