package io.peregrine.bench.ipc;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * Sends every message it receives straight back on another stream: the floor of an Aeron IPC round trip, the
 * transport with no work on it. Runs on its own {@link org.agrona.concurrent.AgentRunner} thread with the same
 * idle strategy as the core it is compared with. Allocation free once running.
 */
public final class EchoAgent implements Agent, FragmentHandler
{
    private static final int FRAGMENT_LIMIT = 32;

    private final Subscription requests;
    private final Publication replies;
    private long echoed;
    private long backPressured;
    private long dropped;

    /**
     * @param requests where messages arrive.
     * @param replies  where they go back; exclusively used by this agent.
     */
    public EchoAgent(final Subscription requests, final Publication replies)
    {
        this.requests = requests;
        this.replies = replies;
    }

    @Override
    public int doWork()
    {
        return requests.poll(this, FRAGMENT_LIMIT);
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        long result;
        while ((result = replies.offer(buffer, offset, length)) < 0)
        {
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                dropped++; // nobody to answer: never block the agent on a client that went away
                return;
            }
            backPressured++;
            Thread.onSpinWait();
        }
        echoed++;
    }

    /** @return messages that could not be sent back because the reply stream had no subscriber. */
    public long dropped()
    {
        return dropped;
    }

    @Override
    public String roleName()
    {
        return "ipc-echo";
    }

    /** @return messages echoed so far (read after the agent stopped, or as an estimate). */
    public long echoed()
    {
        return echoed;
    }

    /** @return offers that had to be retried. */
    public long backPressured()
    {
        return backPressured;
    }
}
