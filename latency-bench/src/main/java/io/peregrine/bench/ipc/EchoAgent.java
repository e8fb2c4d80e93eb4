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
                return; // nobody to answer: drop it, never block the agent on a client that went away
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public String roleName()
    {
        return "ipc-echo";
    }
}
