package io.peregrine.risk;

/**
 * Value of one entry of {@code ChronicleRiskStore}'s state map (format v3): what one fill changes, written in one
 * query. A Chronicle Values value interface: fixed size (three longs, 24 bytes), so a reused heap instance is written
 * into the map without serialising anything or allocating.
 * <ul>
 *     <li>{@code position}: the pair's position; the flag (1 = on) of a kill-switch entry; 0 for a notional entry.</li>
 *     <li>{@code notional}: the account's executed notional of the day when the entry was written.</li>
 *     <li>{@code sequence}: the store's write counter at that write. An account's executed notional is the
 *     {@code notional} of its entry with the highest sequence.</li>
 * </ul>
 */
interface RiskStateValue
{
    long getPosition();

    void setPosition(long position);

    long getNotional();

    void setNotional(long notional);

    long getSequence();

    void setSequence(long sequence);
}
