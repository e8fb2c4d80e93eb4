package io.peregrine.core.egress;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Offers to a publication with a bounded number of retries while it is back-pressured or the driver is busy
 * (admin action), idling with the configured strategy between attempts. It never gives up silently: the caller
 * gets the final result and applies its documented failure policy; every retry is counted.
 * <p>
 * Single threaded (the publishing agent's thread); allocation free.
 */
public final class RetryingPublication implements MessageSink
{
    private final Publication publication;
    private final int maxRetries;
    private final IdleStrategy idleStrategy;
    private final AtomicCounter retries;

    /**
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
        this.publication = publication;
        this.maxRetries = maxRetries;
        this.idleStrategy = idleStrategy;
        this.retries = retries;
    }

    /**
     * Offers a message, retrying while back-pressured.
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
        long result = publication.offer(buffer, offset, length);
        if (result > 0)
        {
            return result;
        }
        idleStrategy.reset();
        int attempts = 0;
        while ((Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result) && attempts < maxRetries)
        {
            attempts++;
            retries.incrementRelease();
            idleStrategy.idle();
            result = publication.offer(buffer, offset, length);
        }
        return result;
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
