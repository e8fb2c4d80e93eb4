package io.peregrine.gateway.broker;

import io.aeron.Publication;
import io.peregrine.client.ClientRequestEncoder;
import io.peregrine.core.egress.RetryingPublication;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.TimeUnit;

/**
 * Encodes the broker side's requests as SBE {@code NewOrder}/{@code CancelOrder}/{@code ReplaceOrder}/
 * {@code OrderStatusRequest} and offers
 * them on the ingress stream (1001), stamped with the gateway's clientId. The layout is {@link ClientRequestEncoder}'s,
 * the one {@code PeregrineClient} uses.
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
    private final ThreadLocal<ClientRequestEncoder> encoders;

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
        // One clock for every thread's encoder: the system clock keeps no state, so it is safe to share.
        final EpochNanoClock clock = new SystemEpochNanoClock();
        encoders = ThreadLocal.withInitial(
            () -> new ClientRequestEncoder(new UnsafeBuffer(new byte[256]), clientId, clock));
    }

    public int clientId()
    {
        return clientId;
    }

    public Outcome newOrder(
        final long clOrdId, final long account, final long symbol, final Side side, final OrdType ordType,
        final TimeInForce timeInForce, final long price, final long quantity)
    {
        final ClientRequestEncoder requests = encoders.get();
        return offer(requests.buffer(),
            requests.newOrder(clOrdId, account, symbol, side, ordType, timeInForce, price, quantity));
    }

    public Outcome cancel(final long clOrdId, final long origClOrdId, final long orderId, final long account)
    {
        final ClientRequestEncoder requests = encoders.get();
        return offer(requests.buffer(), requests.cancel(clOrdId, origClOrdId, orderId, account));
    }

    public Outcome replace(
        final long clOrdId, final long origClOrdId, final long orderId, final long account, final long price,
        final long quantity)
    {
        final ClientRequestEncoder requests = encoders.get();
        return offer(requests.buffer(), requests.replace(clOrdId, origClOrdId, orderId, account, price, quantity));
    }

    /**
     * Asks the core for an order's current state (answered by an ExecutionReport ExecType ORDER_STATUS).
     *
     * @param requestId   the request's own id (its SBE clOrdId, which the core journal keeps: whether the core received
     *                    it can be told after a crash), see {@link OrderRoutes#onStatusAsked}.
     * @param origClOrdId the order's current gateway clOrdId.
     * @param orderId     its core order id in the current core run, or 0 to find it by (account, origClOrdId).
     * @param account     packed account of the order.
     */
    public Outcome orderStatus(final long requestId, final long origClOrdId, final long orderId, final long account)
    {
        final ClientRequestEncoder requests = encoders.get();
        return offer(requests.buffer(), requests.orderStatus(requestId, origClOrdId, orderId, account));
    }

    private Outcome offer(final DirectBuffer buffer, final int length)
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
}
