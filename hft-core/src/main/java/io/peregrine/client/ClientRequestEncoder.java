package io.peregrine.client;

import io.peregrine.sbe.CancelOrderEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.OrderStatusRequestEncoder;
import io.peregrine.sbe.ReplaceOrderEncoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Encodes a client's order requests ({@code NewOrder}, {@code CancelOrder}, {@code ReplaceOrder},
 * {@code OrderStatusRequest}, each with its SBE
 * header) at the start of one buffer, stamped with the client's id and with the sending time read from the client's
 * clock as the last field is written. The one place the ingress order messages are laid out: {@link PeregrineClient}
 * and the FIX gateway's broker side both encode through it, so what they put on the wire cannot drift apart.
 * <p>
 * The fields are those of the client's calls ({@link PeregrineClient#newOrder}, {@link PeregrineClient#cancel},
 * {@link PeregrineClient#replace}, {@link PeregrineClient#orderStatus}); account and symbol arrive packed ({@code PackedAscii.pack}) and are written as
 * the 8 bytes the schema's character arrays hold.
 * <p>
 * Not thread-safe (it owns its buffer and stateful SBE flyweights): one per thread. Allocates nothing per message.
 */
public final class ClientRequestEncoder
{
    private final MutableDirectBuffer buffer;
    private final int clientId;
    private final EpochNanoClock clock;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancel = new CancelOrderEncoder();
    private final ReplaceOrderEncoder replace = new ReplaceOrderEncoder();
    private final OrderStatusRequestEncoder orderStatus = new OrderStatusRequestEncoder();

    /**
     * @param buffer   every request is encoded at its start.
     * @param clientId stamped on every request.
     * @param clock    read for each request's sending time; must be safe to read from the thread that encodes.
     */
    public ClientRequestEncoder(final MutableDirectBuffer buffer, final int clientId, final EpochNanoClock clock)
    {
        this.buffer = buffer;
        this.clientId = clientId;
        this.clock = clock;
    }

    /**
     * @return the buffer the requests are encoded into, each at offset 0.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Encodes a new order.
     *
     * @return the encoded length, header included.
     */
    public int newOrder(
        final long clOrdId, final long account, final long symbol, final Side side, final OrdType ordType,
        final TimeInForce timeInForce, final long price, final long quantity)
    {
        newOrder.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .clOrdId(clOrdId);
        putPacked(NewOrderEncoder.accountEncodingOffset(), account);
        putPacked(NewOrderEncoder.symbolEncodingOffset(), symbol);
        newOrder
            .side(side)
            .ordType(ordType)
            .timeInForce(timeInForce)
            .price(price)
            .quantity(quantity)
            .sendingTime(clock.nanoTime());
        return MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength();
    }

    /**
     * Encodes a cancel of a working order.
     *
     * @return the encoded length, header included.
     */
    public int cancel(final long clOrdId, final long origClOrdId, final long orderId, final long account)
    {
        cancel.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(orderId);
        putPacked(CancelOrderEncoder.accountEncodingOffset(), account);
        cancel.sendingTime(clock.nanoTime());
        return MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength();
    }

    /**
     * Encodes a replace of a working order's price and/or quantity.
     *
     * @return the encoded length, header included.
     */
    public int replace(
        final long clOrdId, final long origClOrdId, final long orderId, final long account, final long price,
        final long quantity)
    {
        replace.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(orderId);
        putPacked(ReplaceOrderEncoder.accountEncodingOffset(), account);
        replace
            .price(price)
            .quantity(quantity)
            .sendingTime(clock.nanoTime());
        return MessageHeaderEncoder.ENCODED_LENGTH + replace.encodedLength();
    }

    /**
     * Encodes a request for an order's current state (schema version 3).
     *
     * @return the encoded length, header included.
     */
    public int orderStatus(final long clOrdId, final long origClOrdId, final long orderId, final long account)
    {
        orderStatus.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(orderId);
        putPacked(OrderStatusRequestEncoder.accountEncodingOffset(), account);
        orderStatus.sendingTime(clock.nanoTime());
        return MessageHeaderEncoder.ENCODED_LENGTH + orderStatus.encodedLength();
    }

    /**
     * Puts a packed account or symbol at its offset in the body: the encoders take these fields as character
     * arrays, and the callers hold them already packed into a long.
     */
    private void putPacked(final int fieldOffset, final long packed)
    {
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset, packed, MessageHeaderEncoder.BYTE_ORDER);
    }
}
