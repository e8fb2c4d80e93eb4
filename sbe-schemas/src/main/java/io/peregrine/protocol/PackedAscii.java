package io.peregrine.protocol;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Packs the 8-byte ASCII fields of the schema ({@code Symbol}, {@code Account}) into a {@code long} so the hot
 * path can use them as primitive map keys without decoding to a {@link String}.
 * <p>
 * The packing is the little-endian read of the 8 bytes on the wire, so {@link #read(DirectBuffer, int)} on an
 * encoded message and {@link #pack(CharSequence)} of the same text give the same value. Unused trailing bytes are
 * NUL; {@code 0L} is the blank value. Thread-safe (stateless).
 */
public final class PackedAscii
{
    /** Bytes in a packed field. */
    public static final int LENGTH = 8;

    /** The packed value of an empty field. */
    public static final long BLANK = 0L;

    private PackedAscii()
    {
    }

    /**
     * Packs up to 8 printable ASCII characters. Allocates nothing.
     *
     * @param text 0 to 8 printable ASCII characters.
     * @return the packed value.
     * @throws IllegalArgumentException if the text is longer than 8 characters or not printable ASCII.
     */
    public static long pack(final CharSequence text)
    {
        final int length = text.length();
        if (length > LENGTH)
        {
            throw new IllegalArgumentException("at most 8 ASCII characters, got " + length + ": " + text);
        }

        long packed = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c <= ' ' || c > '~')
            {
                throw new IllegalArgumentException("not printable ASCII at index " + i + ": " + text);
            }
            packed |= ((long)c) << (8 * i);
        }

        return packed;
    }

    /**
     * Whether {@code text} could be packed: 1 to 8 printable ASCII characters.
     *
     * @param text to check, may be null.
     * @return true if {@link #pack(CharSequence)} would accept it and give a non-blank value.
     */
    public static boolean isPackable(final CharSequence text)
    {
        if (null == text || text.length() == 0 || text.length() > LENGTH)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c <= ' ' || c > '~')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a packed field from an encoded message. Allocates nothing.
     *
     * @param buffer holding the message.
     * @param index  of the field's first byte.
     * @return the packed value.
     */
    public static long read(final DirectBuffer buffer, final int index)
    {
        return buffer.getLong(index, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Whether a packed value is well formed: printable ASCII followed only by NUL padding.
     *
     * @param packed value read from the wire.
     * @return true if it is non-blank and well formed.
     */
    public static boolean isValid(final long packed)
    {
        if (packed == BLANK)
        {
            return false;
        }
        boolean ended = false;
        for (int i = 0; i < LENGTH; i++)
        {
            final int b = (int)((packed >>> (8 * i)) & 0xFF);
            if (b == 0)
            {
                ended = true;
            }
            else if (ended || b <= ' ' || b > '~')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Unpacks to a String, for edges and diagnostics (allocates).
     *
     * @param packed value.
     * @return the text without NUL padding.
     */
    public static String unpack(final long packed)
    {
        final StringBuilder sb = new StringBuilder(LENGTH);
        appendTo(packed, sb);
        return sb.toString();
    }

    /**
     * Appends the text of a packed value, stopping at the first NUL.
     *
     * @param packed value.
     * @param sb     to append to.
     * @return sb.
     */
    public static StringBuilder appendTo(final long packed, final StringBuilder sb)
    {
        for (int i = 0; i < LENGTH; i++)
        {
            final int b = (int)((packed >>> (8 * i)) & 0xFF);
            if (b == 0)
            {
                break;
            }
            sb.append((char)b);
        }
        return sb;
    }
}
