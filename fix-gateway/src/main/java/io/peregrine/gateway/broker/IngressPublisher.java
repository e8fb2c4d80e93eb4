package io.peregrine.gateway.broker;

import io.aeron.Publication;
import io.peregrine.core.egress.RetryingPublication;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.CancelOrderEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.ReplaceOrderEncoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.TimeUnit;

/**
 * Encodes the broker side's requests as SBE {@code NewOrder}/{@code CancelOrder}/{@code ReplaceOrder} and offers
 * them on the ingress stream (1001), stamped with the gateway's clientId.
 * <p>
 * Thread-safe: any QuickFIX/J thread may call it; offers are serialised on the publication (an exclusive one, so
 * the core can tie the gateway's client id to it, is not thread-safe on its own); the encoders and buffer are
 * per thread. A back-pressured offer is retried ({@link RetryingPublication}, counted) for up to the
 * configured timeout, then reported as failed so the caller can reject the FIX request instead of losing it. Allocation-free per call
 * after a thread's first use.
 */
public final class IngressPublisher
{
    /** Outcome of an offer. */
    public enum Outcome
    {
        SENT, BACK_PRESSURED, NOT_CONNECTED
    }

    private final RetryingPublication publication;
    private final int clientId;
    private final Runnable coreWaker;
    private final EpochNanoClock clock = new SystemEpochNanoClock();
    private final ThreadLocal<Encoders> encoders = ThreadLocal.withInitial(Encoders::new);

    /**
     * @param publication    ingress publication.
     * @param clientId       the gateway's clientId.
     * @param offerTimeoutMs how long to retry a back-pressured offer.
     * @param retries        counts every retry of a back-pressured offer.
     */
    public IngressPublisher(
        final Publication publication, final int clientId, final long offerTimeoutMs, final AtomicCounter retries)
    {
        this(publication, clientId, offerTimeoutMs, retries, () -> { });
    }

    /**
     * @param publication    ingress publication.
     * @param clientId       the gateway's clientId.
     * @param offerTimeoutMs how long to retry a back-pressured offer.
     * @param retries        counts every retry of a back-pressured offer.
     * @param coreWaker      run after each successful offer: wakes the core's thread if it is parked in this
     *                       process (see {@code StreamWakeups}), so the request does not wait out its park.
     */
    public IngressPublisher(
        final Publication publication,
        final int clientId,
        final long offerTimeoutMs,
        final AtomicCounter retries,
        final Runnable coreWaker)
    {
        this.publication = RetryingPublication.withTimeout(publication, TimeUnit.MILLISECONDS.toNanos(offerTimeoutMs),
            SystemNanoClock.INSTANCE, new BackoffIdleStrategy(10, 20, 1_000, 50_000), retries);
        this.clientId = clientId;
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
        e.buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.symbolEncodingOffset(), symbol,
            NewOrderEncoder.BYTE_ORDER);
        return offer(e, NewOrderEncoder.accountEncodingOffset(), account, e.newOrder.encodedLength());
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
        return offer(e, CancelOrderEncoder.accountEncodingOffset(), account, e.cancel.encodedLength());
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
        return offer(e, ReplaceOrderEncoder.accountEncodingOffset(), account, e.replace.encodedLength());
    }

    /**
     * Puts the account, packed already by the caller, at its offset in the body (the encoders take it as a
     * character array), then offers the request.
     */
    private Outcome offer(final Encoders e, final int accountOffset, final long account, final int bodyLength)
    {
        e.buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + accountOffset, account, MessageHeaderEncoder.BYTE_ORDER);
        return offer(e.buffer, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }

    private Outcome offer(final UnsafeBuffer buffer, final int length)
    {
        final long result;
        // One caller at a time, for its whole bounded offer: the exclusive publication and the retry idler are
        // single threaded. A second session's request waits behind the first, which back-pressure holds anyway.
        synchronized (publication)
        {
            result = publication.offer(buffer, 0, length);
        }
        if (result > 0)
        {
            coreWaker.run();
            return Outcome.SENT;
        }
        return result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION ?
            Outcome.BACK_PRESSURED : Outcome.NOT_CONNECTED;
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
