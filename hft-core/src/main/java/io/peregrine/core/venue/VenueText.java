package io.peregrine.core.venue;

import io.peregrine.core.ingress.IngressValidator;
import io.peregrine.sbe.VarStringEncodingDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * A venue's own words for an answer: the {@code text} var data of a VenueExecution or VenueCancelReject (the
 * exchange's Text(58), or the adapter's reason, e.g. its queue being full). The core passes it, as a method argument,
 * to the client report the answer causes (a venue reject's ExecutionReport, a refused cancel or replace's
 * CancelReject), where it replaces the reason's name as the report's text.
 * <p>
 * A view, not a copy: it is wrapped over the venue message's own bytes (the Aeron term, or the journal entry being
 * replayed), so it is valid only while that message is handled, which the core does in one call. Because it is read
 * from the journaled input, a replay publishes the same text. At most {@value #MAX_LENGTH} bytes reach the report;
 * a longer text is cut at that length, or before it where the cut would split a UTF-8 character.
 * <p>
 * Core thread (one instance per core agent); allocation free. A view's capacity is the text's length, as with SBE's
 * {@code wrapText}.
 */
public final class VenueText
{
    /** Most bytes of a venue's text put on a client report (the rest is dropped). */
    public static final int MAX_LENGTH = 256;

    /**
     * No venue text: zero capacity. Reports given it keep the reason's name as their text. Shared: never wrap it.
     */
    public static final DirectBuffer NONE = new UnsafeBuffer(new byte[0]);

    private static final int LENGTH_OFFSET = VarStringEncodingDecoder.lengthEncodingOffset();
    private static final int DATA_OFFSET = VarStringEncodingDecoder.varDataEncodingOffset();

    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);

    /**
     * Wraps this view over the text of a venue message.
     *
     * @param buffer     holding a venue message whose text passed
     *                   {@link IngressValidator#checkVenueText(DirectBuffer, int, int)} with the same offset.
     * @param textOffset where the text starts (its length header): the body decoder's limit after the fixed fields.
     * @param end        end of the message in the buffer.
     * @return the text, at most {@value #MAX_LENGTH} bytes (capacity = length): this view, valid until the next wrap
     *         and while the message's buffer holds the message; {@link #NONE} when the message has no text.
     */
    public DirectBuffer wrap(final DirectBuffer buffer, final int textOffset, final int end)
    {
        if (textOffset + DATA_OFFSET > end)
        {
            return NONE;
        }
        final int fullLength = buffer.getInt(textOffset + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int dataOffset = textOffset + DATA_OFFSET;
        int length = Math.min(fullLength, MAX_LENGTH);
        if (0 == length)
        {
            return NONE;
        }
        // A cut in the middle of a character would end the report's text with an invalid byte sequence: when the
        // first byte dropped continues a character (10xxxxxx), that character is dropped whole.
        while (length < fullLength && length > 0 && (buffer.getByte(dataOffset + length) & 0xC0) == 0x80)
        {
            length--;
        }
        if (0 == length)
        {
            return NONE;
        }
        view.wrap(buffer, dataOffset, length);
        return view;
    }
}
