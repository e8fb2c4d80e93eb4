package io.peregrine.protocol;

/**
 * What the 8-byte key of a Peregrine Aeron counter holds: nothing (one counter of its type per process) or the value
 * that tells apart the counters of one type (a reject reason, a venue, a symbol).
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
    SYMBOL
}
