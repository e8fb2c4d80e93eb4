package io.peregrine.fixedge;

import org.apache.mina.core.buffer.IoBuffer;

/**
 * Follows the framing of a FIX byte stream as it arrives, without buffering it, so that a connection can be cut
 * off at the first frame that is malformed or larger than allowed, before the FIX decoder has buffered it.
 * <p>
 * A frame is {@code 8=<BeginString><SOH>9=<BodyLength><SOH>}, then BodyLength bytes, then
 * {@code 10=<3 digits><SOH>}. The scanner checks the BeginString (at most 16 printable bytes), the BodyLength
 * (1 to 9 digits, at most the configured maximum minus the header and trailer), and the trailer's shape; the
 * body itself is skipped by counting. One instance per connection; not thread-safe (MINA delivers a connection's
 * reads one at a time). Allocates nothing per byte.
 */
public final class FixFrameScanner
{
    /** What {@link #scan} found. */
    public enum Verdict
    {
        /** Every byte so far belongs to well-formed frames within the limit. */
        OK,
        /** A frame whose declared or actual size exceeds the maximum message size. */
        OVERSIZE,
        /** Bytes that are not a FIX frame (bad BeginString, BodyLength or trailer). */
        MALFORMED
    }

    private static final byte SOH = 1;
    private static final int MAX_BEGIN_STRING = 16;
    private static final int MAX_LENGTH_DIGITS = 9;
    private static final int TRAILER_LENGTH = 7; // 10=nnn<SOH>

    private static final int EXPECT_8 = 0;
    private static final int EXPECT_8_EQUALS = 1;
    private static final int BEGIN_STRING = 2;
    private static final int EXPECT_9 = 3;
    private static final int EXPECT_9_EQUALS = 4;
    private static final int BODY_LENGTH = 5;
    private static final int BODY = 6;
    private static final int TRAILER = 7;

    private final int maxMessageBytes;
    private int state = EXPECT_8;
    private int fieldLength;
    private long bodyLength;
    private long remaining;
    private int frameBytes;
    private long frames;

    /**
     * @param maxMessageBytes largest whole frame (header, body and trailer) accepted, at least 64.
     */
    public FixFrameScanner(final int maxMessageBytes)
    {
        if (maxMessageBytes < 64)
        {
            throw new IllegalArgumentException("maxMessageBytes must be at least 64: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Scans the next bytes of the stream.
     *
     * @param bytes  buffer holding them.
     * @param offset first byte.
     * @param length number of bytes.
     * @return {@link Verdict#OK}, or the first problem found (the scanner then stays in that verdict's state:
     * the connection is to be closed).
     */
    public Verdict scan(final byte[] bytes, final int offset, final int length)
    {
        for (int i = offset, end = offset + length; i < end; i++)
        {
            if (BODY == state)
            {
                // Skip the body by counting: whole body chunks cost one subtraction.
                final int skip = (int)Math.min(remaining, end - i);
                remaining -= skip;
                frameBytes += skip;
                i += skip - 1;
                if (0 == remaining)
                {
                    state = TRAILER;
                    fieldLength = 0;
                }
                continue;
            }
            final Verdict verdict = next(bytes[i]);
            if (Verdict.OK != verdict)
            {
                return verdict;
            }
        }
        return Verdict.OK;
    }

    /**
     * Scans a MINA read buffer's remaining bytes, leaving its position where it was.
     *
     * @param buffer the bytes just read.
     * @return {@link Verdict#OK} or the first problem found.
     */
    public Verdict scan(final IoBuffer buffer)
    {
        final int position = buffer.position();
        final int remaining = buffer.remaining();
        if (buffer.hasArray())
        {
            return scan(buffer.array(), buffer.arrayOffset() + position, remaining);
        }
        for (int i = 0; i < remaining; i++)
        {
            final Verdict verdict = scan(buffer.get(position + i));
            if (Verdict.OK != verdict)
            {
                return verdict;
            }
        }
        return Verdict.OK;
    }

    /**
     * @param verdict what {@link #scan} just returned.
     * @return what it means for the log: for {@link Verdict#OVERSIZE} the frame size its BodyLength declared so far
     * (the scanner stops reading the digits as soon as they exceed the limit) and the limit.
     */
    public String describe(final Verdict verdict)
    {
        if (Verdict.OVERSIZE == verdict)
        {
            return "a frame of at least " + (frameBytes + bodyLength + TRAILER_LENGTH) + " bytes (BodyLength " +
                (BODY_LENGTH == state ? "starting " : "") + bodyLength + "), above the maximum message size of " +
                maxMessageBytes + " bytes";
        }
        // A malformed frame breaks the framing at any size: the size limit has nothing to do with it.
        return Verdict.MALFORMED == verdict ? "bytes that are not FIX framing (a bad BeginString, BodyLength or " +
            "trailer)" : "well-formed frames";
    }

    /**
     * @param b the next byte of the stream.
     * @return {@link Verdict#OK} or the problem it reveals.
     */
    public Verdict scan(final byte b)
    {
        if (BODY == state)
        {
            frameBytes++;
            if (0 == --remaining)
            {
                state = TRAILER;
                fieldLength = 0;
            }
            return Verdict.OK;
        }
        return next(b);
    }

    private Verdict next(final byte b)
    {
        frameBytes++;
        switch (state)
        {
            case EXPECT_8:
                frameBytes = 1;
                return expect(b, '8', EXPECT_8_EQUALS);
            case EXPECT_8_EQUALS:
                return expect(b, '=', BEGIN_STRING);
            case BEGIN_STRING:
                if (SOH == b)
                {
                    return 0 == fieldLength ? Verdict.MALFORMED : moveTo(EXPECT_9);
                }
                return b < 0x21 || b > 0x7e || ++fieldLength > MAX_BEGIN_STRING ? Verdict.MALFORMED : Verdict.OK;
            case EXPECT_9:
                return expect(b, '9', EXPECT_9_EQUALS);
            case EXPECT_9_EQUALS:
                bodyLength = 0;
                return expect(b, '=', BODY_LENGTH);
            case BODY_LENGTH:
                return onBodyLengthByte(b);
            case TRAILER:
                return onTrailerByte(b);
            default:
                return Verdict.MALFORMED;
        }
    }

    private Verdict onBodyLengthByte(final byte b)
    {
        if (SOH == b)
        {
            if (0 == fieldLength || 0 == bodyLength)
            {
                return Verdict.MALFORMED;
            }
            if (frameBytes + bodyLength + TRAILER_LENGTH > maxMessageBytes)
            {
                return Verdict.OVERSIZE;
            }
            remaining = bodyLength;
            return moveTo(BODY);
        }
        if (b < '0' || b > '9' || ++fieldLength > MAX_LENGTH_DIGITS)
        {
            return Verdict.MALFORMED;
        }
        bodyLength = bodyLength * 10 + (b - '0');
        // Refuse as soon as the digits already say too much: a slow sender cannot keep a huge length pending.
        return frameBytes + bodyLength + TRAILER_LENGTH > maxMessageBytes ? Verdict.OVERSIZE : Verdict.OK;
    }

    private Verdict onTrailerByte(final byte b)
    {
        final int position = fieldLength++;
        final boolean ok;
        switch (position)
        {
            case 0:
                ok = '1' == b;
                break;
            case 1:
                ok = '0' == b;
                break;
            case 2:
                ok = '=' == b;
                break;
            case 3:
            case 4:
            case 5:
                ok = b >= '0' && b <= '9';
                break;
            default:
                ok = SOH == b;
                break;
        }
        if (!ok)
        {
            return Verdict.MALFORMED;
        }
        if (TRAILER_LENGTH == fieldLength)
        {
            frames++;
            state = EXPECT_8;
        }
        return Verdict.OK;
    }

    private Verdict expect(final byte b, final char expected, final int nextState)
    {
        if (expected != b)
        {
            return Verdict.MALFORMED;
        }
        return moveTo(nextState);
    }

    private Verdict moveTo(final int nextState)
    {
        state = nextState;
        fieldLength = 0;
        return Verdict.OK;
    }

    /**
     * @return whole frames seen so far.
     */
    public long frames()
    {
        return frames;
    }

    /**
     * @return true between frames (no partial frame pending).
     */
    public boolean betweenFrames()
    {
        return EXPECT_8 == state;
    }
}
