package io.peregrine.core.venue;

import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.testsupport.ThreadAllocation;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class VenueInMessagesTest
{
    private static final byte[] TEXT = "rejected: the venue is closed é".getBytes(StandardCharsets.UTF_8);

    private final VenueInMessages messages = new VenueInMessages(new UnsafeBuffer(new byte[512]), 16);

    @Test
    void anExecutionWithTextBytesEncodesAsWithTheSameTextAsAString()
    {
        final int fromString = reject(new String(TEXT, StandardCharsets.UTF_8));
        final byte[] asString = copy(fromString);

        final int fromBytes = rejectWithBytes();

        assertArrayEquals(asString, copy(fromBytes), "the same message, byte for byte");
        assertEquals(new String(TEXT, StandardCharsets.UTF_8), decode().text());
    }

    @Test
    void anExecutionWithoutTextEncodesAnEmptyText()
    {
        reject(null);

        assertEquals("", decode().text());
    }

    @Test
    void anExecutionCarriesTheVenuesAveragePriceAndOneOfVersion3ReadsItAsNotKnown()
    {
        final int length = messages.execution(7, 0, 1, ExecType.PARTIAL_FILL, RejectReason.NONE, 100, 10, 4, 101, 6,
            4, 99, 123, "partial");
        assertEquals(99, decode().avgPx());

        OlderVenueExecution.rewrite(messages.buffer(), 16, length, 3);
        final VenueExecutionDecoder older = decode();
        assertEquals(3, older.actingVersion());
        assertEquals(VenueInMessages.AVG_PX_UNKNOWN, older.avgPx(), "the null value: not known");
        assertEquals(6, older.cumQty());
        assertEquals(101, older.lastPx());
        assertEquals(123, older.transactTime());
        assertEquals("partial", older.text());
    }

    @Test
    void anExecutionWithTextBytesAllocatesNothing()
    {
        ThreadAllocation.ofCurrentThread().assertSomeWindowAllocatesNothing("10,000 rejects with a text", 20, () ->
        {
            for (int i = 0; i < 10_000; i++)
            {
                rejectWithBytes();
            }
        });
    }

    private int reject(final String text)
    {
        return messages.execution(7, 0, 1, ExecType.REJECTED, RejectReason.VENUE_REJECT, 100, 10, 0, 0, 0, 0, 0, 123,
            text);
    }

    private int rejectWithBytes()
    {
        return messages.execution(7, 0, 1, ExecType.REJECTED, RejectReason.VENUE_REJECT, 100, 10, 0, 0, 0, 0, 0, 123,
            TEXT, 0, TEXT.length);
    }

    private byte[] copy(final int length)
    {
        final byte[] bytes = new byte[length];
        messages.buffer().getBytes(16, bytes);
        return bytes;
    }

    private VenueExecutionDecoder decode()
    {
        return new VenueExecutionDecoder().wrapAndApplyHeader(messages.buffer(), 16, new MessageHeaderDecoder());
    }
}
