package io.peregrine.core.egress;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The one bounded offer of Peregrine: offers to a publication and, while it is back-pressured or the driver is busy
 * (admin action), retries, idling with the given strategy between attempts, until a bound: a number of retries (the
 * core thread, which must not wait long) or a timeout (the edges: the FIX gateway's ingress and venue-in
 * publications, the in-process test venue). It never gives up silently: the caller gets the final result (see
 * {@link #describe(long)}) and applies its documented failure policy; every retry is counted, so back-pressure
 * shows on the counters even when the offer finally succeeds.
 * <p>
 * Closed and max-position results are final at once: retrying cannot help them; so is not connected, unless the
 * publication was made to wait for a subscriber ({@link #awaitingSubscriber}).
 * <p>
 * <b>Stalled readers (the retry bound only).</b> Retries are for the short back-pressure of a reader that keeps up.
 * A subscriber that stopped reading (never polls, SIGSTOPped, or died and is not yet timed out by the driver) holds
 * the publication at its limit for good, and any IPC client may subscribe: retrying for it would idle the core
 * thread for {@code maxRetries} parks per message, for every client. So once an offer gave up back-pressured after
 * its retries, the publication is <i>stalled</i>: every later offer is tried once, without retries or idling (it
 * still succeeds when there is room; an ADMIN_ACTION, a term rotation, is offered again once at once, counted as a
 * retry), until the readers have freed {@link #stallClearance(int)} bytes of the window
 * again ({@code availableWindow()}); then retries resume. Room, not one successful offer, ends the stall: a reader
 * trickling one message at a time would otherwise re-arm a full retry bound for every message it reads. The cost of
 * a stalled reader is therefore one offer per message, plus at most one retry bound per clearance's worth of bytes
 * it reads. The time bound ({@link #withTimeout}, the edges' own threads) keeps retrying every offer.
 * <p>
 * Single threaded (a caller sharing one across threads holds a lock around {@link #offer}); allocation free.
 */
public final class RetryingPublication implements MessageSink
{
    /** Longest room that ends a stall (with the IPC default term of 64 MiB: 64 KiB, some 300 reports). */
    static final int MAX_STALL_CLEARANCE = 64 * 1024;

    private final Publication publication;
    private final int maxRetries;
    private final long timeoutNanos;
    private final NanoClock clock;
    private final IdleStrategy idleStrategy;
    private final AtomicCounter retries;
    private final boolean retryNotConnected;
    private final long stallClearance;
    private boolean stalled;

    /**
     * Bounded by a number of retries.
     *
     * @param publication  to offer to.
     * @param maxRetries   extra attempts after a back-pressured or admin-action result.
     * @param idleStrategy idled between attempts (an instance owned by this thread, not the duty cycle's).
     * @param retries      counts every retry.
     */
    public RetryingPublication(
        final Publication publication,
        final int maxRetries,
        final IdleStrategy idleStrategy,
        final AtomicCounter retries)
    {
        this(publication, maxRetries, 0, null, idleStrategy, retries, false);
    }

    private RetryingPublication(
        final Publication publication,
        final int maxRetries,
        final long timeoutNanos,
        final NanoClock clock,
        final IdleStrategy idleStrategy,
        final AtomicCounter retries,
        final boolean retryNotConnected)
    {
        if (maxRetries < 0 || timeoutNanos < 0)
        {
            throw new IllegalArgumentException("maxRetries and timeout must not be negative: " + maxRetries + ", " +
                timeoutNanos);
        }
        this.publication = publication;
        this.maxRetries = maxRetries;
        this.timeoutNanos = timeoutNanos;
        this.clock = clock;
        this.idleStrategy = idleStrategy;
        this.retries = retries;
        this.retryNotConnected = retryNotConnected;
        this.stallClearance = null == clock ? stallClearance(publication.termBufferLength()) : Long.MAX_VALUE;
    }

    /**
     * @param termBufferLength the publication's term length.
     * @return the room (bytes of {@code availableWindow()}) that ends a stall: an eighth of the term (a quarter of
     *         Aeron's default IPC window, which is half a term), at most {@link #MAX_STALL_CLEARANCE}.
     */
    public static long stallClearance(final int termBufferLength)
    {
        return Math.min(termBufferLength / 8, MAX_STALL_CLEARANCE);
    }

    /**
     * Bounded by time: retries until {@code timeoutNanos} after the first attempt.
     *
     * @param publication  to offer to.
     * @param timeoutNanos how long to keep retrying a back-pressured offer (the configured offer timeout).
     * @param clock        the time the timeout is measured with.
     * @param idleStrategy idled between attempts (owned by the offering thread).
     * @param retries      counts every retry.
     * @return the retrying publication.
     */
    public static RetryingPublication withTimeout(
        final Publication publication,
        final long timeoutNanos,
        final NanoClock clock,
        final IdleStrategy idleStrategy,
        final AtomicCounter retries)
    {
        return new RetryingPublication(
            publication, Integer.MAX_VALUE, timeoutNanos, clock, idleStrategy, retries, false);
    }

    /**
     * The same bound, also waiting (within it) for a subscriber while there is none: for a producer whose messages
     * must not be lost while the consumer restarts (the in-process test venue's executions).
     *
     * @return a new instance over the same publication, clock, idle strategy and retry counter.
     */
    public RetryingPublication awaitingSubscriber()
    {
        return new RetryingPublication(publication, maxRetries, timeoutNanos, clock, idleStrategy, retries, true);
    }

    /**
     * Offers a message, retrying while back-pressured, within the bound; once only while {@link #isStalled stalled}.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message.
     * @return the new stream position (&gt; 0) on success, else the last {@link Publication} result code
     *         (NOT_CONNECTED, BACK_PRESSURED, ADMIN_ACTION, CLOSED or MAX_POSITION_EXCEEDED).
     */
    @Override
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (stalled && publication.availableWindow() >= stallClearance)
        {
            stalled = false;
        }
        long result = publication.offer(buffer, offset, length);
        if (stalled && Publication.ADMIN_ACTION == result && maxRetries > 0)
        {
            // The log rotated to a new term: offer again at once (no idling), or a message that fits is lost.
            retries.incrementRelease();
            result = publication.offer(buffer, offset, length);
        }
        if (result > 0 || stalled)
        {
            return result;
        }
        idleStrategy.reset();
        final boolean timed = null != clock;
        final long deadline = timed ? clock.nanoTime() + timeoutNanos : 0;
        int attempts = 0;
        while (isRetryable(result) && attempts < maxRetries && (!timed || clock.nanoTime() - deadline < 0))
        {
            attempts++;
            retries.incrementRelease();
            idleStrategy.idle();
            result = publication.offer(buffer, offset, length);
        }
        stalled = Publication.BACK_PRESSURED == result && !timed;
        return result;
    }

    /**
     * @return whether the publication is stalled: an offer gave up back-pressured after its retries and the readers
     *         have not freed the clearance since, so offers are tried once (the retry bound only; offering thread).
     */
    public boolean isStalled()
    {
        return stalled;
    }

    private boolean isRetryable(final long result)
    {
        return Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result ||
            (retryNotConnected && Publication.NOT_CONNECTED == result);
    }

    /**
     * @param result an offer result.
     * @return what it means, for a log line or a reject text. Allocation free (constants).
     */
    public static String describe(final long result)
    {
        if (result > 0)
        {
            return "sent";
        }
        if (Publication.NOT_CONNECTED == result)
        {
            return "not connected (no subscriber)";
        }
        if (Publication.BACK_PRESSURED == result)
        {
            return "back-pressured (gave up after the offer bound, or at once while the publication is stalled)";
        }
        if (Publication.ADMIN_ACTION == result)
        {
            return "driver admin action (gave up after the offer bound)";
        }
        if (Publication.CLOSED == result)
        {
            return "publication closed";
        }
        if (Publication.MAX_POSITION_EXCEEDED == result)
        {
            return "max position exceeded";
        }
        return "offer failed";
    }

    /**
     * @return whether a subscriber is connected.
     */
    @Override
    public boolean isConnected()
    {
        return publication.isConnected();
    }

    /**
     * @return the underlying publication.
     */
    public Publication publication()
    {
        return publication;
    }
}
