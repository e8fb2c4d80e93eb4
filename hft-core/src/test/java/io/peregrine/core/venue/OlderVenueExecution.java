package io.peregrine.core.venue;

import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.VenueExecutionEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Test kit: a {@code VenueExecution} as a venue adapter of schema version 3 (or older) wrote it, made from one this
 * version encoded. Before version 4 the message had no {@code avgPx}: its root block ends where that field starts
 * and its text follows at once, and the header names the older version. What a version-4 core reads from the
 * previous release's adapters and replays from the journals that release wrote.
 */
public final class OlderVenueExecution
{
    private static final int BLOCK_LENGTH_OFFSET = 0;
    private static final int TEMPLATE_ID_OFFSET = 2;
    private static final int VERSION_OFFSET = 6;

    private OlderVenueExecution()
    {
    }

    /**
     * Rewrites, in place, a VenueExecution encoded by this version (header included) as version {@code version}
     * laid it out: the block cut before {@code avgPx}, the text moved up to follow it, the header's block length
     * and version set.
     *
     * @param buffer  holding the message.
     * @param offset  of its header.
     * @param length  of the message, header included.
     * @param version the older schema version, 1 to 3.
     * @return the length of the older message (8 bytes shorter).
     */
    public static int rewrite(final MutableDirectBuffer buffer, final int offset, final int length, final int version)
    {
        if (version < 1 || version >= VenueExecutionEncoder.avgPxSinceVersion())
        {
            throw new IllegalArgumentException("version " + version + " is not older than avgPx");
        }
        final int body = offset + MessageHeaderEncoder.ENCODED_LENGTH;
        final int blockLength = buffer.getShort(offset + BLOCK_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int templateId = buffer.getShort(offset + TEMPLATE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (VenueExecutionEncoder.BLOCK_LENGTH != blockLength || VenueExecutionEncoder.TEMPLATE_ID != templateId)
        {
            throw new IllegalArgumentException("not a VenueExecution of this version");
        }
        final int oldBlockLength = VenueExecutionEncoder.avgPxEncodingOffset();
        final int textStart = body + VenueExecutionEncoder.BLOCK_LENGTH;
        final int textLength = offset + length - textStart;
        buffer.putBytes(body + oldBlockLength, buffer, textStart, textLength);
        buffer.putShort(offset + BLOCK_LENGTH_OFFSET, (short)oldBlockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + VERSION_OFFSET, (short)version, ByteOrder.LITTLE_ENDIAN);
        return length - (VenueExecutionEncoder.BLOCK_LENGTH - oldBlockLength);
    }
}
