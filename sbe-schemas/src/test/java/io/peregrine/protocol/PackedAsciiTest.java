package io.peregrine.protocol;

import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PackedAsciiTest
{
    @Test
    void packedValueEqualsWireReadOfEncodedField()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final NewOrderEncoder encoder = new NewOrderEncoder();
        encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).symbol("AAPL").account("ACC1");

        final NewOrderDecoder decoder = new NewOrderDecoder();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        decoder.wrapAndApplyHeader(buffer, 0, header);

        final long symbol = PackedAscii.read(buffer, decoder.offset() + NewOrderDecoder.symbolEncodingOffset());
        final long account = PackedAscii.read(buffer, decoder.offset() + NewOrderDecoder.accountEncodingOffset());
        assertEquals(PackedAscii.pack("AAPL"), symbol);
        assertEquals(PackedAscii.pack("ACC1"), account);
        assertEquals("AAPL", PackedAscii.unpack(symbol));
    }

    @Test
    void roundTripsEightCharacters()
    {
        assertEquals("ABCDEFGH", PackedAscii.unpack(PackedAscii.pack("ABCDEFGH")));
        assertTrue(PackedAscii.isValid(PackedAscii.pack("ABCDEFGH")));
    }

    @Test
    void rejectsTextThatCannotBePacked()
    {
        assertThrows(IllegalArgumentException.class, () -> PackedAscii.pack("NINECHARS"));
        assertThrows(IllegalArgumentException.class, () -> PackedAscii.pack("A B"));
        assertFalse(PackedAscii.isPackable(""));
        assertFalse(PackedAscii.isPackable("é"));
        assertTrue(PackedAscii.isPackable("MSFT"));
    }

    @Test
    void detectsMalformedWireValues()
    {
        assertFalse(PackedAscii.isValid(PackedAscii.BLANK));
        assertFalse(PackedAscii.isValid(0x41_00_41L), "text after NUL padding");
        assertFalse(PackedAscii.isValid(0x07L), "control character");
        assertTrue(PackedAscii.isValid(0x41L));
    }
}
