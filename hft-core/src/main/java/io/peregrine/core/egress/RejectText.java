package io.peregrine.core.egress;

import io.peregrine.sbe.RejectReason;

import java.nio.charset.StandardCharsets;

/**
 * The text put on reject reports: the reason's name as ASCII bytes, encoded once at class load so the hot path
 * copies bytes instead of building strings.
 */
public final class RejectText
{
    private static final byte[][] TEXT_BY_REASON = new byte[256][];
    private static final byte[] NONE = new byte[0];

    static
    {
        for (final RejectReason reason : RejectReason.values())
        {
            if (reason != RejectReason.NULL_VAL && reason != RejectReason.NONE)
            {
                TEXT_BY_REASON[reason.value()] = reason.name().getBytes(StandardCharsets.US_ASCII);
            }
        }
    }

    private RejectText()
    {
    }

    /**
     * @param reason of a reject.
     * @return its text bytes (shared, do not modify); empty for NONE.
     */
    public static byte[] of(final RejectReason reason)
    {
        final byte[] text = TEXT_BY_REASON[reason.value() & 0xFF];
        return null == text ? NONE : text;
    }
}
