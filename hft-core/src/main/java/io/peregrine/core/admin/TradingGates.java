package io.peregrine.core.admin;

import io.peregrine.sbe.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The operator's gates in front of new orders that the risk engine does not own: per-symbol kill switches
 * ({@code SymbolKillSwitch}/{@code SymbolResume}, templates 14/15) and per-venue pauses ({@code VenuePause}/
 * {@code VenueResume}, templates 16/17). Global and account kill switches stay in {@code PreTradeRisk}.
 * <p>
 * Core thread only. Pre-sized sets; checking an order allocates nothing. The gauges ({@link #symbolsKilled()} and
 * {@link #venuesPaused()} counters) are written here with release semantics so the ops console can read them from
 * another thread or process. A journaled core keeps the gates across a restart (the commands are journaled inputs,
 * and the gates are part of the snapshot); without a journal a restart opens every gate.
 */
public final class TradingGates
{
    private final Gate killedSymbols;
    private final Gate pausedVenues;

    /**
     * @param symbolsKilled gauge of symbols with a kill switch on.
     * @param venuesPaused  gauge of venues paused.
     */
    public TradingGates(final AtomicCounter symbolsKilled, final AtomicCounter venuesPaused)
    {
        this.killedSymbols = new Gate(symbolsKilled);
        this.pausedVenues = new Gate(venuesPaused);
    }

    /**
     * @param symbol  packed symbol of a new order.
     * @param venueId venue the order routes to.
     * @return NONE, KILL_SWITCH_SYMBOL or VENUE_PAUSED.
     */
    public RejectReason admission(final long symbol, final int venueId)
    {
        return killedSymbols.isClosed(symbol) ? RejectReason.KILL_SWITCH_SYMBOL :
            pausedVenues.isClosed(venueId) ? RejectReason.VENUE_PAUSED : RejectReason.NONE;
    }

    /**
     * @return the per-symbol kill switches: closed for a symbol whose new orders are refused KILL_SWITCH_SYMBOL.
     */
    public Gate symbolKills()
    {
        return killedSymbols;
    }

    /**
     * @return the venue pauses: closed for a venue whose new orders are refused VENUE_PAUSED.
     */
    public Gate venuePauses()
    {
        return pausedVenues;
    }

    /**
     * Writes the symbols killed and venues paused, sorted (equal gates give equal bytes), for a core snapshot.
     * Core thread; allocation free while fewer than 64 of each are set.
     *
     * @return offset after what was written.
     */
    public int snapshotTo(final MutableDirectBuffer buffer, final int offset)
    {
        return pausedVenues.snapshotTo(buffer, killedSymbols.snapshotTo(buffer, offset));
    }

    /**
     * Replaces the gates with what {@link #snapshotTo} wrote. Launching thread.
     *
     * @return offset after what was read.
     */
    public int restoreFrom(final DirectBuffer buffer, final int offset)
    {
        return pausedVenues.restoreFrom(buffer, killedSymbols.restoreFrom(buffer, offset));
    }
}
