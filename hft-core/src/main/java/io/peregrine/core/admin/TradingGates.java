package io.peregrine.core.admin;

import io.peregrine.sbe.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntHashSet;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The operator's gates in front of new orders that the risk engine does not own: per-symbol kill switches
 * ({@code SymbolKillSwitch}/{@code SymbolResume}, templates 14/15) and per-venue pauses ({@code VenuePause}/
 * {@code VenueResume}, templates 16/17). Global and account kill switches stay in {@code PreTradeRisk}.
 * <p>
 * Core thread only. Pre-sized sets; checking an order allocates nothing. The gauges ({@link #symbolsKilled()} and
 * {@link #venuesPaused()} counters) are written here with release semantics so the ops console can read them from
 * another thread or process. State is in memory: a restart opens every gate (the core journal, when it exists,
 * is what will replay these commands).
 */
public final class TradingGates
{
    private final LongHashSet killedSymbols = new LongHashSet(64);
    private final IntHashSet pausedVenues = new IntHashSet(64);
    private final AtomicCounter symbolsKilled;
    private final AtomicCounter venuesPaused;
    private long[] sortScratch = new long[128];

    /**
     * @param symbolsKilled gauge of symbols with a kill switch on.
     * @param venuesPaused  gauge of venues paused.
     */
    public TradingGates(final AtomicCounter symbolsKilled, final AtomicCounter venuesPaused)
    {
        this.symbolsKilled = symbolsKilled;
        this.venuesPaused = venuesPaused;
    }

    /**
     * @param symbol  packed symbol of a new order.
     * @param venueId venue the order routes to.
     * @return NONE, KILL_SWITCH_SYMBOL or VENUE_PAUSED.
     */
    public RejectReason admission(final long symbol, final int venueId)
    {
        if (!killedSymbols.isEmpty() && killedSymbols.contains(symbol))
        {
            return RejectReason.KILL_SWITCH_SYMBOL;
        }
        if (!pausedVenues.isEmpty() && pausedVenues.contains(venueId))
        {
            return RejectReason.VENUE_PAUSED;
        }
        return RejectReason.NONE;
    }

    /**
     * @param symbol packed symbol to stop.
     */
    public void killSymbol(final long symbol)
    {
        killedSymbols.add(symbol);
        symbolsKilled.setRelease(killedSymbols.size());
    }

    /**
     * @param symbol packed symbol to trade again.
     * @return false if it had no kill switch on.
     */
    public boolean resumeSymbol(final long symbol)
    {
        final boolean removed = killedSymbols.remove(symbol);
        symbolsKilled.setRelease(killedSymbols.size());
        return removed;
    }

    /**
     * @param symbol packed symbol.
     * @return true if its kill switch is on.
     */
    public boolean isSymbolKilled(final long symbol)
    {
        return killedSymbols.contains(symbol);
    }

    /**
     * @param venueId venue to pause.
     */
    public void pauseVenue(final int venueId)
    {
        pausedVenues.add(venueId);
        venuesPaused.setRelease(pausedVenues.size());
    }

    /**
     * @param venueId venue to resume.
     * @return false if it was not paused.
     */
    public boolean resumeVenue(final int venueId)
    {
        final boolean removed = pausedVenues.remove(venueId);
        venuesPaused.setRelease(pausedVenues.size());
        return removed;
    }

    /**
     * @param venueId venue.
     * @return true if paused.
     */
    public boolean isVenuePaused(final int venueId)
    {
        return pausedVenues.contains(venueId);
    }

    /**
     * Writes the symbols killed and venues paused, sorted (equal gates give equal bytes), for a core snapshot.
     * Core thread; allocation free while fewer than 64 of each are set.
     *
     * @return offset after what was written.
     */
    public int snapshotTo(final MutableDirectBuffer buffer, final int offset)
    {
        int at = offset;
        int count = 0;
        if (sortScratch.length < killedSymbols.size() + pausedVenues.size())
        {
            sortScratch = new long[2 * (killedSymbols.size() + pausedVenues.size())];
        }
        for (final LongHashSet.LongIterator it = killedSymbols.iterator(); it.hasNext(); )
        {
            sortScratch[count++] = it.nextValue();
        }
        at = putSorted(buffer, at, count);
        count = 0;
        for (final IntHashSet.IntIterator it = pausedVenues.iterator(); it.hasNext(); )
        {
            sortScratch[count++] = it.nextValue();
        }
        return putSorted(buffer, at, count);
    }

    /**
     * Replaces the gates with what {@link #snapshotTo} wrote. Launching thread.
     *
     * @return offset after what was read.
     */
    public int restoreFrom(final DirectBuffer buffer, final int offset)
    {
        int at = offset;
        killedSymbols.clear();
        pausedVenues.clear();
        final int symbols = buffer.getInt(at);
        at += 4;
        for (int i = 0; i < symbols; i++)
        {
            killedSymbols.add(buffer.getLong(at));
            at += 8;
        }
        final int venues = buffer.getInt(at);
        at += 4;
        for (int i = 0; i < venues; i++)
        {
            pausedVenues.add((int)buffer.getLong(at));
            at += 8;
        }
        symbolsKilled.setRelease(killedSymbols.size());
        venuesPaused.setRelease(pausedVenues.size());
        return at;
    }

    private int putSorted(final MutableDirectBuffer buffer, final int offset, final int count)
    {
        java.util.Arrays.sort(sortScratch, 0, count);
        int at = offset;
        buffer.putInt(at, count);
        at += 4;
        for (int i = 0; i < count; i++)
        {
            buffer.putLong(at, sortScratch[i]);
            at += 8;
        }
        return at;
    }
}
