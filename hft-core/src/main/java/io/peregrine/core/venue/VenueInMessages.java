package io.peregrine.core.venue;

import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.VenueCancelRejectEncoder;
import io.peregrine.sbe.VenueExecutionEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.ArrayUtil;

import java.nio.charset.StandardCharsets;

/**
 * Encodes what a venue adapter sends the core on the venue-in stream (2002) about its orders: a
 * {@code VenueExecution} (ack, fill, cancel, replace, expiry, reject) or a {@code VenueCancelReject}. The one writer
 * of these messages for every adapter (the fix-gateway's venue client, {@link AutoFillVenue}, tests), so the fields
 * the core reads (see the adapter contract in hft-core/README.md) are filled the same way everywhere.
 * <p>
 * Encodes at the offset of the buffer it was given (0, or after a record header of the caller's, e.g. a journal's)
 * and returns the length to offer. One instance per thread; allocation free, but for a text given as a
 * {@code String} (its bytes; a null text encodes as empty, free).
 */
public final class VenueInMessages
{
    /**
     * The {@code avgPx} of an execution whose venue did not say its average price (FIX AvgPx(6) absent), or that has
     * no fill to average: the field's null value, which is also what a version-3 message reads as.
     */
    public static final long AVG_PX_UNKNOWN = VenueExecutionEncoder.avgPxNullValue();

    private final MutableDirectBuffer buffer;
    private final int offset;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final VenueExecutionEncoder execution = new VenueExecutionEncoder();
    private final VenueCancelRejectEncoder cancelReject = new VenueCancelRejectEncoder();

    /**
     * @param buffer where the messages are encoded, at offset 0: at least 256 bytes plus the longest text.
     */
    public VenueInMessages(final MutableDirectBuffer buffer)
    {
        this(buffer, 0);
    }

    /**
     * @param buffer where the messages are encoded: at least {@code offset} + 256 bytes plus the longest text.
     * @param offset where in the buffer each message starts.
     */
    public VenueInMessages(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
    }

    /**
     * @return the buffer the messages are encoded in (at the offset given at construction).
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Encodes a VenueExecution.
     *
     * @param orderId      core order id.
     * @param requestId    the core's request it answers (cancel, replace), else 0.
     * @param venueId      venue of the order.
     * @param execType     what the venue did.
     * @param reason       why (rejects, lost orders), else NONE.
     * @param price        the order's price.
     * @param quantity     the order's quantity.
     * @param lastQty      quantity of this fill, else 0.
     * @param lastPx       price of this fill, else 0.
     * @param cumQty       the venue's cumulative filled quantity.
     * @param leavesQty    what is left working at the venue.
     * @param avgPx        the venue's average price of its {@code cumQty} (FIX AvgPx), or {@link #AVG_PX_UNKNOWN}:
     *                     with it the core prices a quantity it books without its own fill report exactly (the
     *                     adapter contract in hft-core/README.md).
     * @param transactTime when, nanoseconds since the epoch.
     * @param text         free text, or null; allocates its UTF-8 bytes when not empty.
     * @return the encoded length (header included).
     */
    public int execution(
        final long orderId,
        final long requestId,
        final int venueId,
        final ExecType execType,
        final RejectReason reason,
        final long price,
        final long quantity,
        final long lastQty,
        final long lastPx,
        final long cumQty,
        final long leavesQty,
        final long avgPx,
        final long transactTime,
        final String text)
    {
        final byte[] bytes = null == text ? ArrayUtil.EMPTY_BYTE_ARRAY : text.getBytes(StandardCharsets.UTF_8);
        return execution(orderId, requestId, venueId, execType, reason, price, quantity, lastQty, lastPx, cumQty,
            leavesQty, avgPx, transactTime, bytes, 0, bytes.length);
    }

    /**
     * Encodes a VenueExecution whose text is already UTF-8 bytes (e.g. a constant): allocation free.
     *
     * @param textBytes  holds the text, UTF-8.
     * @param textOffset where it starts.
     * @param textLength its length in bytes, 0 for none (at most the schema's 4,096).
     * @return the encoded length (header included).
     * @see #execution(long, long, int, ExecType, RejectReason, long, long, long, long, long, long, long, long, String)
     *      the other parameters.
     */
    public int execution(
        final long orderId,
        final long requestId,
        final int venueId,
        final ExecType execType,
        final RejectReason reason,
        final long price,
        final long quantity,
        final long lastQty,
        final long lastPx,
        final long cumQty,
        final long leavesQty,
        final long avgPx,
        final long transactTime,
        final byte[] textBytes,
        final int textOffset,
        final int textLength)
    {
        execution.wrapAndApplyHeader(buffer, offset, header)
            .orderId(orderId)
            .requestId(requestId)
            .venueId(venueId)
            .execType(execType)
            .rejectReason(reason)
            .price(price)
            .quantity(quantity)
            .lastQty(lastQty)
            .lastPx(lastPx)
            .cumQty(cumQty)
            .leavesQty(leavesQty)
            .transactTime(transactTime)
            .avgPx(avgPx)
            .putText(textBytes, textOffset, textLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + execution.encodedLength();
    }

    /**
     * Encodes a VenueCancelReject: the venue refused a cancel or replace.
     *
     * @param orderId      core order id.
     * @param requestId    the refused request.
     * @param venueId      venue of the order.
     * @param responseTo   CANCEL or REPLACE.
     * @param reason       why.
     * @param transactTime when, nanoseconds since the epoch.
     * @param text         free text, or null.
     * @return the encoded length (header included).
     */
    public int cancelReject(
        final long orderId,
        final long requestId,
        final int venueId,
        final CancelRejectResponseTo responseTo,
        final RejectReason reason,
        final long transactTime,
        final String text)
    {
        cancelReject.wrapAndApplyHeader(buffer, offset, header)
            .orderId(orderId)
            .requestId(requestId)
            .venueId(venueId)
            .responseTo(responseTo)
            .rejectReason(reason)
            .transactTime(transactTime)
            .text(text);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancelReject.encodedLength();
    }
}
