package io.peregrine.fixedge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixFrameScannerTest
{
    private static final String HEARTBEAT_BODY =
        "35=0\u000134=2\u000149=SENDER\u000152=20261206-00:00:00.000\u000156=TARGET\u0001112=TEST-REQUEST\u0001";

    static byte[] frame(final String body)
    {
        final String head = "8=FIX.4.4\u00019=" + body.length() + "\u0001" + body;
        int sum = 0;
        for (final byte b : head.getBytes(StandardCharsets.US_ASCII))
        {
            sum += b & 0xFF;
        }
        return (head + String.format("10=%03d\u0001", sum % 256)).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void acceptsWellFormedFramesDeliveredInAnyChunks()
    {
        final byte[] one = frame(HEARTBEAT_BODY);
        final byte[] stream = new byte[one.length * 3];
        for (int i = 0; i < 3; i++)
        {
            System.arraycopy(one, 0, stream, i * one.length, one.length);
        }
        final FixFrameScanner whole = new FixFrameScanner(1024);
        assertEquals(FixFrameScanner.Verdict.OK, whole.scan(stream, 0, stream.length));
        assertEquals(3, whole.frames());
        assertTrue(whole.betweenFrames());

        final FixFrameScanner byteByByte = new FixFrameScanner(1024);
        for (final byte b : stream)
        {
            assertEquals(FixFrameScanner.Verdict.OK, byteByByte.scan(b));
        }
        assertEquals(3, byteByByte.frames());

        final FixFrameScanner chunks = new FixFrameScanner(1024);
        for (int i = 0; i < stream.length; i += 7)
        {
            assertEquals(FixFrameScanner.Verdict.OK, chunks.scan(stream, i, Math.min(7, stream.length - i)));
        }
        assertEquals(3, chunks.frames());
    }

    @Test
    void refusesADeclaredBodyLengthAboveTheLimitBeforeTheBodyArrives()
    {
        final FixFrameScanner scanner = new FixFrameScanner(65_536);
        final byte[] header = "8=FIX.4.4\u00019=2000000000\u0001".getBytes(StandardCharsets.US_ASCII);
        FixFrameScanner.Verdict verdict = FixFrameScanner.Verdict.OK;
        int consumed = 0;
        while (FixFrameScanner.Verdict.OK == verdict && consumed < header.length)
        {
            verdict = scanner.scan(header[consumed++]);
        }
        assertEquals(FixFrameScanner.Verdict.OVERSIZE, verdict);
        // Refused on the sixth length digit (65,536 cannot be exceeded by five digits plus the header).
        assertEquals("8=FIX.4.4\u00019=200000".length(), consumed);
    }

    @Test
    void refusesAFrameJustAboveTheLimitAndAcceptsOneAtIt()
    {
        final byte[] frame = frame(HEARTBEAT_BODY);
        assertEquals(FixFrameScanner.Verdict.OK, new FixFrameScanner(frame.length).scan(frame, 0, frame.length));
        assertEquals(FixFrameScanner.Verdict.OVERSIZE,
            new FixFrameScanner(frame.length - 1).scan(frame, 0, frame.length));
    }

    @Test
    void refusesBytesThatAreNotFixFraming()
    {
        assertEquals(FixFrameScanner.Verdict.MALFORMED, scan("GET / HTTP/1.1\r\n"));
        assertEquals(FixFrameScanner.Verdict.MALFORMED, scan("8=FIX.4.4\u00019=abc\u0001"));
        assertEquals(FixFrameScanner.Verdict.MALFORMED, scan("8=FIX.4.4\u000135=0\u0001"));
        assertEquals(FixFrameScanner.Verdict.MALFORMED, scan("8=\u00019=5\u0001"));
        assertEquals(FixFrameScanner.Verdict.MALFORMED, scan("8=FIX.4.4\u00019=0\u0001"));
        assertEquals(FixFrameScanner.Verdict.MALFORMED, scan("8=FIX.4.4.THIS.IS.TOO.LONG\u0001"));
        // BodyLength that does not match the body: the trailer is not where it should be.
        assertEquals(FixFrameScanner.Verdict.MALFORMED, scan("8=FIX.4.4\u00019=3\u000135=0\u000110=000\u0001"));
    }

    @Test
    void namesTheDeclaredSizeAndTheLimitOfAnOversizeFrameReadFromAMinaBuffer()
    {
        final FixFrameScanner scanner = new FixFrameScanner(65_536);
        final byte[] header = "8=FIX.4.4\u00019=100000123\u0001".getBytes(StandardCharsets.US_ASCII);
        final org.apache.mina.core.buffer.IoBuffer direct = org.apache.mina.core.buffer.IoBuffer.allocate(64, true);
        direct.put(header).flip();
        assertEquals(FixFrameScanner.Verdict.OVERSIZE, scanner.scan(direct));
        assertEquals(0, direct.position(), "the buffer is left as read");
        // the digits are refused as soon as they say too much: 100000 already does
        assertEquals("a frame of at least 100025 bytes (BodyLength starting 100000), above the maximum message size " +
            "of 65536 bytes", scanner.describe(FixFrameScanner.Verdict.OVERSIZE));

        final FixFrameScanner garbage = new FixFrameScanner(65_536);
        final byte[] http = "GET / HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
        assertEquals(FixFrameScanner.Verdict.MALFORMED, garbage.scan(org.apache.mina.core.buffer.IoBuffer.wrap(http)));
        assertEquals("bytes that are not FIX framing (a bad BeginString, BodyLength or trailer)",
            garbage.describe(FixFrameScanner.Verdict.MALFORMED));
    }

    @Test
    void rejectsAnUnusableLimit()
    {
        assertThrows(IllegalArgumentException.class, () -> new FixFrameScanner(10));
    }

    private static FixFrameScanner.Verdict scan(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return new FixFrameScanner(4096).scan(bytes, 0, bytes.length);
    }
}
