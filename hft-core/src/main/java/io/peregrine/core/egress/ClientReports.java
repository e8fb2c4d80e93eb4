package io.peregrine.core.egress;

import io.aeron.Publication;
import io.peregrine.core.journal.JournaledPublication;
import io.peregrine.core.order.OrderTable;
import io.peregrine.core.venue.VenueText;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.AdminResponseEncoder;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.CancelRejectEncoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueSessionStatusEncoder;
import io.peregrine.sbe.VenueStatus;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Encodes and publishes the core's reports on the egress stream: ExecutionReport (an order's state change, or its
 * state as asked by an OrderStatusRequest: ExecType ORDER_STATUS), CancelReject, AdminResponse and forwarded
 * VenueSessionStatus. A report's text is the reason's name ({@link RejectText}), or, when the venue said why it
 * refused, canceled or expired, the venue's own text ({@link VenueText}, bounded).
 * <p>
 * <b>Back-pressure policy (egress):</b> an offer that is still back-pressured after the configured retries (or at its
 * one offer while the publication is stalled, see {@link RetryingPublication}), or whose publication closed, is not
 * retried further and is counted in {@code egressDropped}, its client id kept in {@code egressDroppedClient} (one
 * that finds no subscriber at all is counted in {@code egressUnsubscribed}); {@code Peregrine}'s reporting
 * thread logs a warning at most once per second while that counter moves. The core never blocks on a slow client.
 * With the core journal on, every report is journaled before it is offered, so a report missing on the live stream
 * is not lost: a client resumes from the journal ({@code PeregrineClient#resumeFrom}). Without the journal it is
 * lost, and the client can see the loss in the counter.
 * <p>
 * Core thread only; allocation free (one pre-allocated buffer, flyweight encoders).
 */
public final class ClientReports
{
    private static final int BUFFER_LENGTH = 1024;
    /** {@code egressDroppedClient}'s value for a report that names no client (AdminResponse, venue status). */
    private static final long NO_CLIENT = -1;
    /**
     * Where the ExecIDs of JOURNAL_UNAVAILABLE refusals begin (2^62): those reports are never journaled, so their ids
     * must not come from the journaled sequence (a replay never sees them, and would hand the same numbers to the
     * next journaled reports). A refusal's id is this plus the time of the refused input (epoch nanoseconds, real
     * time while the core runs live), raised to one above the previous refusal's: unique within a run, and above
     * every id of an earlier run as long as the wall clock does not go back across a restart. Journaled ids count
     * from 1 and never reach it; the sum stays below {@code Long.MAX_VALUE} until the year 2116.
     */
    public static final long UNJOURNALED_EXEC_ID_BASE = 1L << 62;

    private final JournaledPublication publication;
    private final AtomicCounter egressDropped;
    private final AtomicCounter egressDroppedClient;
    private final AtomicCounter egressUnsubscribed;
    private final AtomicCounter cancelRejects;
    private final EpochNanoClock clock;
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BUFFER_LENGTH, 64));
    private final UnsafeBuffer reasonText = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final CancelRejectEncoder cancelReject = new CancelRejectEncoder();
    private final AdminResponseEncoder adminResponse = new AdminResponseEncoder();
    private final VenueSessionStatusEncoder sessionStatus = new VenueSessionStatusEncoder();
    private final Consumer<RejectReason> rejectCounter;
    private long lastExecId;
    /** The last ExecID of a JOURNAL_UNAVAILABLE refusal (never journaled, never snapshotted), 0 before the first. */
    private long lastUnjournaledExecId;
    /** Client id of the report in the buffer, or {@link #NO_CLIENT} for one that names none. */
    private long recipient = NO_CLIENT;

    /**
     * @param publication   egress publication with bounded retry (journaling the reports if the journal is on).
     * @param egressDropped      counts reports that could not be published (back-pressured after retries, refused
     *                           while the publication is stalled, publication closed).
     * @param egressDroppedClient set to the client id of each ExecutionReport or CancelReject counted in
     *                           {@code egressDropped} (a gauge: who is missing reports).
     * @param egressUnsubscribed counts reports published while no client subscribed (not a loss for a journal-mode
     *                           reader).
     * @param cancelRejects      counts the CancelReject reports (cancel and replace requests refused).
     * @param clock              transact times: the core's logic clock (the time of the input being handled).
     * @param rejectCounter      told the reason of every reject report (order, cancel/replace, message); called on
     *                           the core thread, must not allocate (e.g. {@code CoreCounters::onReject}).
     */
    public ClientReports(
        final JournaledPublication publication,
        final AtomicCounter egressDropped,
        final AtomicCounter egressDroppedClient,
        final AtomicCounter egressUnsubscribed,
        final AtomicCounter cancelRejects,
        final EpochNanoClock clock,
        final Consumer<RejectReason> rejectCounter)
    {
        this.publication = publication;
        this.egressDropped = egressDropped;
        this.egressDroppedClient = egressDroppedClient;
        this.egressUnsubscribed = egressUnsubscribed;
        this.cancelRejects = cancelRejects;
        this.clock = clock;
        this.rejectCounter = rejectCounter;
    }

    /**
     * Reports a state change of an order held in the table, with its current quantities and average price.
     *
     * @param orders      order table.
     * @param slot        of the order.
     * @param execType    what happened.
     * @param ordStatus   status after it.
     * @param reason      reject reason, NONE unless rejected.
     * @param clientId    client the report is for.
     * @param clOrdId     client order id of the request the report answers.
     * @param origClOrdId previous client order id for cancel/replace, else 0.
     * @param lastQty     quantity of this fill, else 0.
     * @param lastPx      price of this fill, else 0.
     * @param sendingTime echo of the request's sending time.
     * @param venueText   the venue's text for a report its answer causes (a reject, cancel or expiry; capacity =
     *                    length, at most {@link VenueText#MAX_LENGTH} bytes): the report's text when not empty; with
     *                    {@link VenueText#NONE} the text is the reason's name ({@link RejectText}), none for NONE.
     * @param quantity    the order's quantity to report (OrderQty), LeavesQty being what is left of it after CumQty:
     *                    the table's, except for a fill within a pending replace to a larger quantity, booked as the
     *                    venue having applied the replace first, which says the replace's (never CumQty above
     *                    OrderQty with LeavesQty 0).
     * @return true if published.
     */
    public boolean orderReport(
        final OrderTable orders,
        final int slot,
        final ExecType execType,
        final OrdStatus ordStatus,
        final RejectReason reason,
        final int clientId,
        final long clOrdId,
        final long origClOrdId,
        final long lastQty,
        final long lastPx,
        final long sendingTime,
        final DirectBuffer venueText,
        final long quantity)
    {
        if (ExecType.REJECTED == execType)
        {
            rejectCounter.accept(reason);
        }
        startReport(clientId, clOrdId, origClOrdId, orders.orderId(slot), orders.account(slot), orders.symbol(slot),
            reason);
        final boolean closed = ordStatus == OrdStatus.CANCELED || ordStatus == OrdStatus.REJECTED ||
            ordStatus == OrdStatus.EXPIRED;
        report
            .side(Side.get(orders.sideRaw(slot)))
            .ordType(OrdType.get(orders.ordTypeRaw(slot)))
            .timeInForce(TimeInForce.get(orders.timeInForceRaw(slot)))
            .execType(execType)
            .ordStatus(ordStatus)
            .rejectReason(reason)
            .price(orders.price(slot))
            .quantity(quantity)
            .lastQty(lastQty)
            .lastPx(lastPx)
            .cumQty(orders.cumQty(slot))
            .leavesQty(closed ? 0 : Math.max(0, quantity - orders.cumQty(slot)))
            .avgPx(orders.avgPx(slot))
            .venueId(orders.venueId(slot));
        return sendReport(reason, sendingTime, venueText);
    }

    /**
     * Reports a new order refused before the core took it (no order id).
     *
     * @param text what to say beyond the reason (capacity = length), or {@link VenueText#NONE} for the reason's name.
     * @return true if published.
     */
    public boolean newOrderRejected(
        final int clientId,
        final long clOrdId,
        final long account,
        final long symbol,
        final Side side,
        final OrdType ordType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity,
        final long sendingTime,
        final RejectReason reason,
        final DirectBuffer text)
    {
        rejectCounter.accept(reason);
        startReport(clientId, clOrdId, 0, 0, account, symbol, reason);
        return sendWithoutOrder(ExecType.REJECTED, side, ordType, timeInForce, price, quantity, sendingTime, reason,
            text);
    }

    /**
     * Answers an OrderStatusRequest for an order the client cannot see (unknown, or not its own): ExecType
     * ORDER_STATUS, OrdStatus REJECTED, the order named as asked, no state. Counted as a reject by its reason.
     *
     * @param clientId    the requester.
     * @param clOrdId     client order id the request named.
     * @param orderId     core order id the request named, or 0.
     * @param account     packed account the request named (the requester's own input, echoed), or blank.
     * @param reason      UNKNOWN_ORDER, NOT_AUTHORISED, or why the request was malformed.
     * @param sendingTime echo of the request's sending time.
     * @return true if published.
     */
    public boolean orderStatusUnknown(
        final int clientId,
        final long clOrdId,
        final long orderId,
        final long account,
        final RejectReason reason,
        final long sendingTime)
    {
        rejectCounter.accept(reason);
        startReport(clientId, clOrdId, 0, orderId, account, PackedAscii.BLANK, reason);
        return sendWithoutOrder(ExecType.ORDER_STATUS, Side.NULL_VAL, OrdType.NULL_VAL, TimeInForce.NULL_VAL, 0, 0,
            sendingTime, reason, VenueText.NONE);
    }

    private boolean sendWithoutOrder(
        final ExecType execType,
        final Side side,
        final OrdType ordType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity,
        final long sendingTime,
        final RejectReason reason,
        final DirectBuffer text)
    {
        report
            .side(side)
            .ordType(ordType)
            .timeInForce(timeInForce)
            .execType(execType)
            .ordStatus(OrdStatus.REJECTED)
            .rejectReason(reason)
            .price(price)
            .quantity(quantity)
            .lastQty(0)
            .lastPx(0)
            .cumQty(0)
            .leavesQty(0)
            .avgPx(0)
            .venueId(0);
        return sendReport(reason, sendingTime, text);
    }

    private void startReport(
        final int clientId,
        final long clOrdId,
        final long origClOrdId,
        final long orderId,
        final long account,
        final long symbol,
        final RejectReason reason)
    {
        recipient = clientId;
        report.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(orderId)
            .execId(RejectReason.JOURNAL_UNAVAILABLE == reason ? nextUnjournaledExecId() : ++lastExecId);
        putLong(ExecutionReportEncoder.accountEncodingOffset(), account);
        putLong(ExecutionReportEncoder.symbolEncodingOffset(), symbol);
    }

    private boolean sendReport(final RejectReason reason, final long sendingTime, final DirectBuffer venueText)
    {
        report
            .transactTime(clock.nanoTime())
            .sendingTime(sendingTime);
        final DirectBuffer text = reportText(reason, venueText);
        report.putText(text, 0, text.capacity());
        return publish(reason, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
    }

    private boolean publish(final RejectReason reason, final int length)
    {
        if (RejectReason.JOURNAL_UNAVAILABLE == reason)
        {
            // The refusal of an input the journal could not take is never journaled either, even if the journal came
            // back in between: a replay (which never sees that input) would find an output nothing produced. It lives
            // on the live stream only, where a client reading the journal looks for it.
            return offered(publication.publication().offer(buffer, 0, length));
        }
        return offer(length);
    }

    /**
     * Reports an ingress message that could not be decoded, with whatever ids could be read (0 otherwise).
     *
     * @return true if published.
     */
    public boolean messageRejected(
        final int clientId, final long clOrdId, final long account, final RejectReason reason)
    {
        return newOrderRejected(clientId, clOrdId, account, 0, Side.NULL_VAL, OrdType.NULL_VAL, TimeInForce.NULL_VAL,
            0, 0, 0, reason, VenueText.NONE);
    }

    /**
     * Refuses a cancel or replace request; counted in {@code cancelRejects} and by its reason.
     *
     * @param venueText the venue's text when the venue refused it (capacity = length, at most
     *                  {@link VenueText#MAX_LENGTH} bytes): the reject's text when not empty; with
     *                  {@link VenueText#NONE} the text is the reason's name ({@link RejectText}).
     * @return true if published.
     */
    public boolean cancelReject(
        final int clientId,
        final long clOrdId,
        final long origClOrdId,
        final long orderId,
        final long account,
        final OrdStatus ordStatus,
        final CancelRejectResponseTo responseTo,
        final RejectReason reason,
        final long sendingTime,
        final DirectBuffer venueText)
    {
        cancelRejects.incrementRelease();
        rejectCounter.accept(reason);
        recipient = clientId;
        cancelReject.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(orderId);
        buffer.putLong(
            MessageHeaderEncoder.ENCODED_LENGTH + CancelRejectEncoder.accountEncodingOffset(), account,
            ByteOrder.LITTLE_ENDIAN);
        cancelReject
            .ordStatus(ordStatus)
            .responseTo(responseTo)
            .rejectReason(reason)
            .transactTime(clock.nanoTime())
            .sendingTime(sendingTime);
        final DirectBuffer text = reportText(reason, venueText);
        cancelReject.putText(text, 0, text.capacity());
        return offer(MessageHeaderEncoder.ENCODED_LENGTH + cancelReject.encodedLength());
    }

    /**
     * Answers an admin command. The refusal of one the journal could not take (REJECTED, JOURNAL_UNAVAILABLE) is, like
     * every such refusal, published on the live stream only, never journaled.
     *
     * @return true if published.
     */
    public boolean adminResponse(
        final long commandId,
        final int commandTemplateId,
        final AdminResult result,
        final RejectReason reason,
        final int affectedOrders)
    {
        recipient = NO_CLIENT;
        adminResponse.wrapAndApplyHeader(buffer, 0, header)
            .commandId(commandId)
            .commandTemplateId(commandTemplateId)
            .result(result)
            .rejectReason(reason)
            .affectedOrders(affectedOrders);
        return publish(reason, MessageHeaderEncoder.ENCODED_LENGTH + adminResponse.encodedLength());
    }

    /**
     * Forwards a venue session status to clients.
     *
     * @return true if published.
     */
    public boolean venueSessionStatus(final int venueId, final VenueStatus status, final long timestamp)
    {
        recipient = NO_CLIENT;
        sessionStatus.wrapAndApplyHeader(buffer, 0, header)
            .venueId(venueId)
            .status(status)
            .timestamp(timestamp);
        return offer(MessageHeaderEncoder.ENCODED_LENGTH + sessionStatus.encodedLength());
    }

    /**
     * The ExecID of a refusal that is not journaled (JOURNAL_UNAVAILABLE): from its own id space
     * ({@link #UNJOURNALED_EXEC_ID_BASE}), so that the journaled ids, and every decision a replay rebuilds, never
     * depend on an event the journal does not hold.
     */
    private long nextUnjournaledExecId()
    {
        lastUnjournaledExecId = Math.max(lastUnjournaledExecId + 1, UNJOURNALED_EXEC_ID_BASE + clock.nanoTime());
        return lastUnjournaledExecId;
    }

    /**
     * @return the last exec id used by a journaled report (increasing from 1; with the core journal on, recovered by
     *         replay, so unique for the life of the journal directory). Refusals the journal could not take
     *         (JOURNAL_UNAVAILABLE) use ids from {@link #UNJOURNALED_EXEC_ID_BASE} up instead, and never move it.
     */
    public long lastExecId()
    {
        return lastExecId;
    }

    /**
     * @param execId the last exec id used, from a core snapshot (launching thread, before the core runs).
     */
    public void restoreLastExecId(final long execId)
    {
        lastExecId = execId;
    }

    /**
     * @return the text of a reject: the venue's when it gave one, else the reason's name (a view over
     *         {@link RejectText}'s shared bytes, valid until the next call).
     */
    private DirectBuffer reportText(final RejectReason reason, final DirectBuffer venueText)
    {
        if (venueText.capacity() > 0)
        {
            return venueText;
        }
        reasonText.wrap(RejectText.of(reason));
        return reasonText;
    }

    private void putLong(final int fieldOffset, final long value)
    {
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset, value, ByteOrder.LITTLE_ENDIAN);
    }

    private boolean offer(final int length)
    {
        return offered(publication.offer(buffer, 0, length));
    }

    private boolean offered(final long result)
    {
        if (result > 0)
        {
            return true;
        }
        if (Publication.NOT_CONNECTED == result)
        {
            egressUnsubscribed.incrementRelease();
        }
        else
        {
            egressDropped.incrementRelease();
            if (NO_CLIENT != recipient)
            {
                egressDroppedClient.setRelease(recipient);
            }
        }
        return false;
    }
}
