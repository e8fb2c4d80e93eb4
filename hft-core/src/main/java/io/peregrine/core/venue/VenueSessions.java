package io.peregrine.core.venue;

import io.peregrine.core.journal.SortedLongs;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.VenueStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2IntHashMap;

/**
 * The last session status each venue adapter reported on the venue-in stream.
 * <p>
 * A venue that never reported is taken as CONNECTED: the core does not wait for a status message before routing,
 * so an in-process venue (or an adapter that does not publish status) works out of the box; an adapter that
 * publishes DISCONNECTED or CIRCUIT_OPEN stops new orders for its venue until it publishes CONNECTED or
 * CIRCUIT_HALF_OPEN. Core thread only; allocation free for up to the pre-sized number of venues.
 */
public final class VenueSessions
{
    private static final int NEVER_REPORTED = 0;

    private final Int2IntHashMap statusByVenue = new Int2IntHashMap(64, 0.65f, NEVER_REPORTED);
    private long[] sortScratch = new long[64];

    /**
     * @param venueId venue.
     * @param status  its new session status.
     */
    public void onStatus(final int venueId, final VenueStatus status)
    {
        statusByVenue.put(venueId, status.value());
    }

    /**
     * @param venueId venue.
     * @return its last reported status, CONNECTED if it never reported.
     */
    public VenueStatus status(final int venueId)
    {
        final int status = statusByVenue.get(venueId);
        return NEVER_REPORTED == status ? VenueStatus.CONNECTED : VenueStatus.get((short)status);
    }

    /**
     * @param venueId venue.
     * @return NONE if new orders may go to it, VENUE_UNAVAILABLE if DISCONNECTED, CIRCUIT_BREAKER_OPEN if
     *         CIRCUIT_OPEN.
     */
    public RejectReason admission(final int venueId)
    {
        final int status = statusByVenue.get(venueId);
        if (VenueStatus.DISCONNECTED.value() == status)
        {
            return RejectReason.VENUE_UNAVAILABLE;
        }
        if (VenueStatus.CIRCUIT_OPEN.value() == status)
        {
            return RejectReason.CIRCUIT_BREAKER_OPEN;
        }
        return RejectReason.NONE;
    }

    /**
     * Writes the last status of each venue that reported one, sorted by venue (equal state, equal bytes), for a
     * core snapshot. Core thread; allocation free while fewer than 64 venues reported.
     *
     * @return offset after what was written.
     */
    public int snapshotTo(final MutableDirectBuffer buffer, final int offset)
    {
        if (sortScratch.length < statusByVenue.size())
        {
            sortScratch = new long[2 * statusByVenue.size()];
        }
        int count = 0;
        for (final Int2IntHashMap.EntryIterator it = statusByVenue.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            sortScratch[count++] = ((long)it.getIntKey() << 32) | (it.getIntValue() & 0xFFFF_FFFFL);
        }
        return SortedLongs.put(buffer, offset, sortScratch, count);
    }

    /**
     * Replaces the statuses with what {@link #snapshotTo} wrote. Launching thread.
     *
     * @return offset after what was read.
     */
    public int restoreFrom(final DirectBuffer buffer, final int offset)
    {
        statusByVenue.clear();
        for (int i = 0, count = SortedLongs.count(buffer, offset); i < count; i++)
        {
            final long entry = SortedLongs.get(buffer, offset, i);
            statusByVenue.put((int)(entry >> 32), (int)entry);
        }
        return SortedLongs.end(buffer, offset);
    }
}
