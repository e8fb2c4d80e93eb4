package io.peregrine.gateway.broker;

import io.aeron.Publication;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.CancelOrderEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.ReplaceOrderEncoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Encodes the broker side's requests as SBE {@code NewOrder}/{@code CancelOrder}/{@code ReplaceOrder} and offers
 * them on the ingress stream (1001), stamped with the gateway's clientId.
 * <p>
 * Thread-safe: any QuickFIX/J thread may call it; offers are serialised on the publication (an exclusive one, so
 * the core can tie the gateway's client id to it, is not thread-safe on its own); the encoders and buffer are
 * per thread. A back-pressured offer is retried for up to the configured timeout, then
 * reported as failed so the caller can reject the FIX request instead of losing it. Allocation-free per call
 * after a thread's first use.
 */
public final class IngressPublisher
{
    /** Outcome of an offer. */
    public enum Outcome
    {
        SENT, BACK_PRESSURED, NOT_CONNECTED
    }

    private final Publication publication;
    private final int clientId;
    private final long offerTimeoutNanos;
    private final Runnable coreWaker;
    private final EpochNanoClock clock = new SystemEpochNanoClock();
    private final ThreadLocal<Encoders> encoders = ThreadLocal.withInitial(Encoders::new);

    /**
     * @param publication    ingress publication.
     * @param clientId       the gateway's clientId.
     * @param offerTimeoutMs how long to retry a back-pressured offer.
     */
    public IngressPublisher(final Publication publication, final int clientId, final long offerTimeoutMs)
    {
        this(publication, clientId, offerTimeoutMs, () -> { });
    }

    /**
     * @param publication    ingress publication.
     * @param clientId       the gateway's clientId.
     * @param offerTimeoutMs how long to retry a back-pressured offer.
     * @param coreWaker      run after each successful offer: wakes the core's thread if it is parked in this
     *                       process (see {@code StreamWakeups}), so the request does not wait out its park.
     */
    public IngressPublisher(
        final Publication publication, final int clientId, final long offerTimeoutMs, final Runnable coreWaker)
    {
        this.publication = publication;
        this.clientId = clientId;
        this.offerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(offerTimeoutMs);
        this.coreWaker = coreWaker;
    }

    public int clientId()
    {
        return clientId;
    }

    public Outcome newOrder(
        final long clOrdId, final long account, final long symbol, final Side side, final OrdType ordType,
        final TimeInForce timeInForce, final long price, final long quantity)
    {
        final Encoders e = encoders.get();
        e.newOrder.wrapAndApplyHeader(e.buffer, 0, e.header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .side(side)
            .ordType(ordType)
            .timeInForce(timeInForce)
            .price(price)
            .quantity(quantity)
            .sendingTime(clock.nanoTime());
        e.buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.accountEncodingOffset(), account,
            NewOrderEncoder.BYTE_ORDER);
        e.buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.symbolEncodingOffset(), symbol,
            NewOrderEncoder.BYTE_ORDER);
        return offer(e.buffer, MessageHeaderEncoder.ENCODED_LENGTH + e.newOrder.encodedLength());
    }

    public Outcome cancel(final long clOrdId, final long origClOrdId, final long orderId, final long account)
    {
        final Encoders e = encoders.get();
        e.cancel.wrapAndApplyHeader(e.buffer, 0, e.header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(orderId)
            .sendingTime(clock.nanoTime());
        e.buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + CancelOrderEncoder.accountEncodingOffset(), account,
            CancelOrderEncoder.BYTE_ORDER);
        return offer(e.buffer, MessageHeaderEncoder.ENCODED_LENGTH + e.cancel.encodedLength());
    }

    public Outcome replace(
        final long clOrdId, final long origClOrdId, final long orderId, final long account, final long price,
        final long quantity)
    {
        final Encoders e = encoders.get();
        e.replace.wrapAndApplyHeader(e.buffer, 0, e.header)
            .clientId(clientId)
            .clOrdId(clOrdId)
            .origClOrdId(origClOrdId)
            .orderId(orderId)
            .price(price)
            .quantity(quantity)
            .sendingTime(clock.nanoTime());
        e.buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + ReplaceOrderEncoder.accountEncodingOffset(), account,
            ReplaceOrderEncoder.BYTE_ORDER);
        return offer(e.buffer, MessageHeaderEncoder.ENCODED_LENGTH + e.replace.encodedLength());
    }

    private Outcome offer(final UnsafeBuffer buffer, final int length)
    {
        final long deadline = System.nanoTime() + offerTimeoutNanos;
        while (true)
        {
            final long result;
            synchronized (publication)
            {
                result = publication.offer(buffer, 0, length);
            }
            if (result > 0)
            {
                coreWaker.run();
                return Outcome.SENT;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED)
            {
                return Outcome.NOT_CONNECTED;
            }
            if (System.nanoTime() - deadline > 0)
            {
                return Outcome.BACK_PRESSURED;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * @param text 1 to 8 printable ASCII characters.
     * @return the packed value used in SBE Account/Symbol fields.
     */
    static long pack(final String text)
    {
        return PackedAscii.pack(text);
    }

    private static final class Encoders
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final NewOrderEncoder newOrder = new NewOrderEncoder();
        final CancelOrderEncoder cancel = new CancelOrderEncoder();
        final ReplaceOrderEncoder replace = new ReplaceOrderEncoder();
    }
}
