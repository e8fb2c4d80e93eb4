package io.peregrine.core.egress;

import io.aeron.Publication;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link MessageSink} that keeps the messages offered to it, in order, in one pre-allocated buffer until they are
 * read with {@link #drain(Reader)}: the output side of the core's logic without a transport ({@code DirectCore}).
 * <p>
 * Full: the offer returns {@code BACK_PRESSURED}, like a publication whose reader is behind. Disconnected
 * ({@link #connected(boolean)}): {@code NOT_CONNECTED}. Single threaded; allocation free.
 */
public final class BufferedSink implements MessageSink
{
    /**
     * Reads one kept message.
     */
    @FunctionalInterface
    public interface Reader
    {
        /**
         * @param buffer holding the message (valid only during the call).
         * @param offset of the message.
         * @param length of the message.
         */
        void onMessage(DirectBuffer buffer, int offset, int length);
    }

    private static final int LENGTH_FIELD = 4;
    private static final int ALIGNMENT = 8;

    private final UnsafeBuffer buffer;
    private int limit;
    private int messages;
    private long position;
    private boolean connected = true;

    /**
     * @param capacity bytes kept until drained (each message takes its length plus 4, rounded up to 8).
     */
    public BufferedSink(final int capacity)
    {
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Math.max(ALIGNMENT, capacity), 64));
    }

    @Override
    public long offer(final DirectBuffer source, final int offset, final int length)
    {
        if (!connected)
        {
            return Publication.NOT_CONNECTED;
        }
        final int recordLength = align(LENGTH_FIELD + length);
        if (limit + recordLength > buffer.capacity())
        {
            return Publication.BACK_PRESSURED;
        }
        buffer.putInt(limit, length);
        buffer.putBytes(limit + LENGTH_FIELD, source, offset, length);
        limit += recordLength;
        messages++;
        position += recordLength;
        return position;
    }

    @Override
    public boolean isConnected()
    {
        return connected;
    }

    /**
     * @param connected whether offers are taken (false answers NOT_CONNECTED, as a publication with no reader).
     */
    public void connected(final boolean connected)
    {
        this.connected = connected;
    }

    /**
     * Hands every kept message to the reader, oldest first, and forgets them.
     *
     * @param reader told each message.
     * @return messages read.
     */
    public int drain(final Reader reader)
    {
        final int count = messages;
        for (int index = 0; index < limit; )
        {
            final int length = buffer.getInt(index);
            reader.onMessage(buffer, index + LENGTH_FIELD, length);
            index += align(LENGTH_FIELD + length);
        }
        clear();
        return count;
    }

    /**
     * Forgets every kept message.
     */
    public void clear()
    {
        limit = 0;
        messages = 0;
    }

    /**
     * @return messages kept.
     */
    public int size()
    {
        return messages;
    }

    private static int align(final int length)
    {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
