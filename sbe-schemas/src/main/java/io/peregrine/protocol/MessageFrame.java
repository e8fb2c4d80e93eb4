package io.peregrine.protocol;

import io.peregrine.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

/**
 * A received SBE frame of the Peregrine schema: its message header read once, and the body decoder the template id
 * selects wrapped at the header's block length and version. The one home of what every reader of a Peregrine stream
 * (the core, the client, venue adapters) does before dispatching on the template id:
 * <pre>{@code
 * switch (frame.wrapIfPeregrine(buffer, offset, length))
 * {
 *     case ExecutionReportDecoder.TEMPLATE_ID:
 *         onReport(frame.body(reportDecoder));
 *         break;
 *     ...
 * }
 * }</pre>
 * A flyweight over the received buffer: one per reading thread; allocation free.
 */
public final class MessageFrame
{
    /** What {@link #wrapIfPeregrine} answers for a frame shorter than a header or of another schema. */
    public static final int NOT_PEREGRINE = -1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private DirectBuffer buffer;
    private int bodyOffset;

    /**
     * Reads the header of a frame already known to hold one of this schema (checked by the caller).
     *
     * @param buffer holding the frame.
     * @param offset of the frame.
     * @return its template id.
     */
    public int wrap(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        this.buffer = buffer;
        bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        return header.templateId();
    }

    /**
     * Reads the header of a frame that may be short or of another schema (skipped by readers of a shared stream).
     *
     * @param buffer holding the frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return its template id, or {@link #NOT_PEREGRINE}.
     */
    public int wrapIfPeregrine(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return NOT_PEREGRINE;
        }
        final int templateId = wrap(buffer, offset);
        return MessageHeaderDecoder.SCHEMA_ID == header.schemaId() ? templateId : NOT_PEREGRINE;
    }

    /**
     * Wraps the body decoder of the frame last read.
     *
     * @param decoder the decoder of the frame's template.
     * @param <T>     its type.
     * @return the decoder, wrapped.
     */
    public <T extends MessageDecoderFlyweight> T body(final T decoder)
    {
        decoder.wrap(buffer, bodyOffset, header.blockLength(), header.version());
        return decoder;
    }

    /**
     * @return block length the header of the frame last read declares.
     */
    public int blockLength()
    {
        return header.blockLength();
    }
}
