package io.peregrine.client;

import io.peregrine.sbe.CancelOrderEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.ReplaceOrderEncoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Encodes a client's order requests ({@code NewOrder}, {@code CancelOrder}, {@code ReplaceOrder}, each with its SBE
 * header) into a caller's buffer, stamped with the client's id and with the sending time read from the client's
 * clock as the last field is written. The one place the ingress order messages are laid out: {@link PeregrineClient}
 * and the FIX gateway's broker side both encode through it, so what they put on the wire cannot drift apart.
 * <p>
 * Not thread-safe (the SBE flyweights it holds are stateful): one per thread. Allocates nothing per message.
 * Account and symbol arrive packed ({@code PackedAscii.pack}) and are written as the 8 bytes the schema's character
 * arrays hold.
 */
public final class ClientRequestEncoder
{
    private final int clientId;
    private final EpochNanoClock clock;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancel = new CancelOrderEncoder();
    private final ReplaceOrderEncoder replace = new ReplaceOrderEncoder();

    /**
     * @param clientId stamped on every request.
     * @param clock    read for each request's sending time; must be safe to read from the thread that encodes.
     */
    public ClientRequestEncoder(final int clientId, final EpochNanoClock clock)
    {
        this.clientId = clientId;
        this.clock = clock;
    }

    /**
     * Encodes a new order.
     *
     * @param buffer      to encode into.
     * @param offset      where the message (its header first) starts.
     * @param clOrdId     client order id, unique per account.
     * @param account     packed account.
     * @param symbol      packed symbol.
     * @param side        buy or sell.
     * @param ordType     limit or market.
     * @param timeInForce time in force.
     * @param price       fixed-point limit price, ignored for market orders.
     * @param quantity    quantity.
     * @return the encoded length, header included.
     */
    public int newOrder(
        final MutableDirectBuffer buffer,
        final int offset,
        final long clOrdId,
        final long account,
        final long symbol,
        final Side side,
        final OrdType ordType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity)
    {
        newOrder.wrapAndApplyHeader(buffer, offset, header)
            .clientId(clientId)
            .clOrdId(clOrdId);
        putPacked(buffer, offset, NewOrderEncoder.accountEncodingOffset(), account);
        putPacked(buffer, offset, NewOrderEncoder.symbolEncodingOffset(), symbol);
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
     * @param buffer      to encode into.
     * @param offset      where the message (its header first) starts.
     * @param clOrdId     id of this cancel request.
     * @param origClOrdId current client order id of the order.
     * @param orderId     core order id, or 0 to find the order by (account, origClOrdId).
     * @param account     packed account of the order.
     * @return the encoded length, header included.
     */
    public int cancel(
        final MutableDirectBuffer buffer,
        final int offset,
        final long clOrdId,
        final long origClOrdId,
        final long orderId,
        final long account)
    {
        cancel.wrapAndApplyHeader(buffer, offset, header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(orderId);
        putPacked(buffer, offset, CancelOrderEncoder.accountEncodingOffset(), account);
        cancel.sendingTime(clock.nanoTime());
        return MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength();
    }

    /**
     * Encodes a replace of a working order's price and/or quantity.
     *
     * @param buffer      to encode into.
     * @param offset      where the message (its header first) starts.
     * @param clOrdId     client order id the order takes once replaced.
     * @param origClOrdId current client order id of the order.
     * @param orderId     core order id, or 0 to find the order by (account, origClOrdId).
     * @param account     packed account of the order.
     * @param price       new fixed-point price.
     * @param quantity    new total quantity (including what is already filled).
     * @return the encoded length, header included.
     */
    public int replace(
        final MutableDirectBuffer buffer,
        final int offset,
        final long clOrdId,
        final long origClOrdId,
        final long orderId,
        final long account,
        final long price,
        final long quantity)
    {
        replace.wrapAndApplyHeader(buffer, offset, header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(orderId);
        putPacked(buffer, offset, ReplaceOrderEncoder.accountEncodingOffset(), account);
        replace
            .price(price)
            .quantity(quantity)
            .sendingTime(clock.nanoTime());
        return MessageHeaderEncoder.ENCODED_LENGTH + replace.encodedLength();
    }

    /**
     * Puts a packed account or symbol at its offset in the body: the encoders take these fields as character
     * arrays, and the callers hold them already packed into a long.
     */
    private static void putPacked(
        final MutableDirectBuffer buffer, final int offset, final int fieldOffset, final long packed)
    {
        buffer.putLong(
            offset + MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset, packed, MessageHeaderEncoder.BYTE_ORDER);
    }
}
