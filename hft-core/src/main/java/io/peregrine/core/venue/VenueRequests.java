package io.peregrine.core.venue;

import io.aeron.Publication;
import io.peregrine.core.journal.JournaledPublication;
import io.peregrine.core.order.OrderTable;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueCancelOrderEncoder;
import io.peregrine.sbe.VenueNewOrderEncoder;
import io.peregrine.sbe.VenueReplaceOrderEncoder;
import org.agrona.BufferUtil;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Encodes and publishes the core's requests to venue adapters on the venue-out stream (VenueNewOrder,
 * VenueCancelOrder, VenueReplaceOrder), from the order's state in the {@link OrderTable}.
 * <p>
 * Each method answers with a {@link RejectReason}: NONE when published, VENUE_UNAVAILABLE when no adapter is
 * subscribed, BACK_PRESSURED when the offer still failed after the bounded retries. The caller turns a failure
 * into a reject to the client (see the core's back-pressure policy). Core thread only; allocation free.
 */
public final class VenueRequests
{
    private final JournaledPublication publication;
    private final EpochNanoClock clock;
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final VenueNewOrderEncoder newOrder = new VenueNewOrderEncoder();
    private final VenueCancelOrderEncoder cancelOrder = new VenueCancelOrderEncoder();
    private final VenueReplaceOrderEncoder replaceOrder = new VenueReplaceOrderEncoder();

    /**
     * @param publication venue-out publication with bounded retry (journaling the requests if the journal is on).
     * @param clock       request timestamps: the core's logic clock.
     */
    public VenueRequests(final JournaledPublication publication, final EpochNanoClock clock)
    {
        this.publication = publication;
        this.clock = clock;
    }

    /**
     * Sends a new order to its venue.
     *
     * @param orders order table.
     * @param slot   of the order.
     * @return NONE, VENUE_UNAVAILABLE or BACK_PRESSURED.
     */
    public RejectReason newOrder(final OrderTable orders, final int slot)
    {
        newOrder.wrapAndApplyHeader(buffer, 0, header)
            .orderId(orders.orderId(slot))
            .venueId(orders.venueId(slot));
        putLong(VenueNewOrderEncoder.accountEncodingOffset(), orders.account(slot));
        putLong(VenueNewOrderEncoder.symbolEncodingOffset(), orders.symbol(slot));
        newOrder
            .side(Side.get(orders.sideRaw(slot)))
            .ordType(OrdType.get(orders.ordTypeRaw(slot)))
            .timeInForce(TimeInForce.get(orders.timeInForceRaw(slot)))
            .price(orders.price(slot))
            .quantity(orders.quantity(slot))
            .timestamp(clock.nanoTime());
        return offer(MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength());
    }

    /**
     * Asks the venue to cancel an order.
     *
     * @param orders    order table.
     * @param slot      of the order.
     * @param requestId id the venue echoes on its answer.
     * @return NONE, VENUE_UNAVAILABLE or BACK_PRESSURED.
     */
    public RejectReason cancel(final OrderTable orders, final int slot, final long requestId)
    {
        cancelOrder.wrapAndApplyHeader(buffer, 0, header)
            .orderId(orders.orderId(slot))
            .requestId(requestId)
            .venueId(orders.venueId(slot));
        putLong(VenueCancelOrderEncoder.accountEncodingOffset(), orders.account(slot));
        putLong(VenueCancelOrderEncoder.symbolEncodingOffset(), orders.symbol(slot));
        cancelOrder
            .side(Side.get(orders.sideRaw(slot)))
            .quantity(orders.quantity(slot))
            .timestamp(clock.nanoTime());
        return offer(MessageHeaderEncoder.ENCODED_LENGTH + cancelOrder.encodedLength());
    }

    /**
     * Asks the venue to replace an order.
     *
     * @param orders    order table.
     * @param slot      of the order.
     * @param requestId id the venue echoes on its answer.
     * @param price     new price.
     * @param quantity  new total quantity.
     * @return NONE, VENUE_UNAVAILABLE or BACK_PRESSURED.
     */
    public RejectReason replace(
        final OrderTable orders, final int slot, final long requestId, final long price, final long quantity)
    {
        replaceOrder.wrapAndApplyHeader(buffer, 0, header)
            .orderId(orders.orderId(slot))
            .requestId(requestId)
            .venueId(orders.venueId(slot));
        putLong(VenueReplaceOrderEncoder.accountEncodingOffset(), orders.account(slot));
        putLong(VenueReplaceOrderEncoder.symbolEncodingOffset(), orders.symbol(slot));
        replaceOrder
            .side(Side.get(orders.sideRaw(slot)))
            .ordType(OrdType.get(orders.ordTypeRaw(slot)))
            .timeInForce(TimeInForce.get(orders.timeInForceRaw(slot)))
            .price(price)
            .quantity(quantity)
            .timestamp(clock.nanoTime());
        return offer(MessageHeaderEncoder.ENCODED_LENGTH + replaceOrder.encodedLength());
    }

    /**
     * @return whether a venue adapter reads the venue-out stream.
     */
    public boolean isConnected()
    {
        return publication.isConnected();
    }

    private void putLong(final int fieldOffset, final long value)
    {
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset, value, ByteOrder.LITTLE_ENDIAN);
    }

    private RejectReason offer(final int length)
    {
        final long result = publication.offer(buffer, 0, length);
        if (result > 0)
        {
            return RejectReason.NONE;
        }
        return Publication.NOT_CONNECTED == result || Publication.CLOSED == result ?
            RejectReason.VENUE_UNAVAILABLE : RejectReason.BACK_PRESSURED;
    }
}
