package io.peregrine.protocol;

/**
 * What the key of a Peregrine Aeron counter holds: nothing (one counter of its type per process) or the value that
 * tells apart the counters of one type (a reject reason, a venue, a symbol, an account, or an account and a symbol).
 * Every key is 8 bytes except {@link #ACCOUNT_SYMBOL}'s 16.
 */
public enum CounterKey
{
    /** No key: one counter of the type. */
    NONE,
    /** The {@code RejectReason} value. */
    REASON,
    /** A venue id. */
    VENUE,
    /** A packed ASCII symbol ({@link PackedAscii}). */
    SYMBOL,
    /** A packed ASCII account ({@link PackedAscii}). */
    ACCOUNT,
    /** 16 bytes: a packed ASCII account, then a packed ASCII symbol. */
    ACCOUNT_SYMBOL;

    /** @return the key's length in bytes: 16 for {@link #ACCOUNT_SYMBOL}, else 8. */
    public int length()
    {
        return ACCOUNT_SYMBOL == this ? 2 * Long.BYTES : Long.BYTES;
    }
}
