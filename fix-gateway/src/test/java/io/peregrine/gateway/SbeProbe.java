package io.peregrine.gateway;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.OrderStatusRequestDecoder;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The test side of an Aeron stream pair: plays the core towards the gateway. Publishes SBE messages on one stream
 * and collects copies of every message on another, for a test thread to await.
 */
public final class SbeProbe implements AutoCloseable
{
    private final Aeron aeron;
    private final Publication publication;
    private final Subscription subscription;
    private final List<UnsafeBuffer> received = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderStatusRequestDecoder claim = new OrderStatusRequestDecoder();

    public SbeProbe(final String aeronDir, final int publishStream, final int subscribeStream)
    {
        aeron = Aeron.connect(TestAeronClients.context(aeronDir));
        // Exclusive, like the core's: every probe (every core run) is a new Aeron session.
        publication = aeron.addExclusivePublication("aeron:ipc", publishStream);
        subscription = aeron.addSubscription("aeron:ipc", subscribeStream);
    }

    public void publish(final DirectBuffer buffer, final int length)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (publication.offer(buffer, 0, length) <= 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("cannot publish: gateway not subscribed");
            }
            Await.pause(1);
        }
    }

    /**
     * Waits for the next message of a template matching a predicate (applied to the copy, body at offset 8),
     * consuming it and everything that did not match before it is left in place.
     */
    public UnsafeBuffer await(final int templateId, final Predicate<UnsafeBuffer> match, final long timeoutMs)
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (true)
        {
            subscription.poll((buffer, offset, length, h) ->
            {
                if (isClaim(buffer, offset))
                {
                    return;
                }
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                received.add(new UnsafeBuffer(copy));
            }, 64);
            for (final Iterator<UnsafeBuffer> it = received.iterator(); it.hasNext(); )
            {
                final UnsafeBuffer message = it.next();
                header.wrap(message, 0);
                if (header.templateId() == templateId && match.test(message))
                {
                    it.remove();
                    return message;
                }
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("no message of template " + templateId + " within " + timeoutMs + " ms");
            }
            Await.pause(1);
        }
    }

    public UnsafeBuffer await(final int templateId, final long timeoutMs)
    {
        return await(templateId, m -> true, timeoutMs);
    }

    /**
     * @return true if no message of the template arrived within the wait.
     */
    public boolean nothingOf(final int templateId, final long waitMs)
    {
        try
        {
            await(templateId, waitMs);
            return false;
        }
        catch (final AssertionError expected)
        {
            return true;
        }
    }

    /**
     * The gateway's claim of its client id at its start ({@code ClientIdClaim}: a status request for no order), which
     * a stand-in core does not answer (the gateway then goes on, as with a core of an earlier release): not one of
     * the requests a test awaits.
     */
    private boolean isClaim(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        if (header.templateId() != OrderStatusRequestDecoder.TEMPLATE_ID)
        {
            return false;
        }
        claim.wrapAndApplyHeader(buffer, offset, header);
        return 0 == claim.clOrdId() && 0 == claim.origClOrdId() && 0 == claim.orderId();
    }

    public void clear()
    {
        subscription.poll((buffer, offset, length, h) -> { }, Integer.MAX_VALUE);
        received.clear();
    }

    public static MutableDirectBuffer newBuffer()
    {
        return new UnsafeBuffer(new byte[1024]);
    }

    public void close()
    {
        aeron.close();
    }
}
