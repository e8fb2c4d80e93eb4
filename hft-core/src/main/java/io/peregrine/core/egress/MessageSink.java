package io.peregrine.core.egress;

import org.agrona.DirectBuffer;

/**
 * Where one of the core's output streams goes (client reports, venue requests): an Aeron publication with bounded
 * retries ({@link RetryingPublication}) when the core runs, or a plain buffer when the core's logic is driven
 * without transport ({@code io.peregrine.core.DirectCore}, benchmarks, tests).
 * <p>
 * Called on the core thread only; implementations must not allocate.
 */
public interface MessageSink
{
    /**
     * Takes one encoded message.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message.
     * @return &gt; 0 when taken (a stream position), else an {@code io.aeron.Publication} result code
     *         (NOT_CONNECTED, BACK_PRESSURED, ADMIN_ACTION, CLOSED or MAX_POSITION_EXCEEDED).
     */
    long offer(DirectBuffer buffer, int offset, int length);

    /**
     * @return whether a reader is connected.
     */
    boolean isConnected();
}
