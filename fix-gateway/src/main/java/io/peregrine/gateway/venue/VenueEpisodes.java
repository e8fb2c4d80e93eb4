package io.peregrine.gateway.venue;

import org.slf4j.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One kind of venue event that comes in bursts, logged without flooding the log: after a venue restart every order
 * it lost is one event, a resend request it makes one event per message not re-sent. Per venue, an episode starts
 * with its first event; only the first {@link #detailLines} events of an episode get their own line (the caller
 * logs it at INFO, the rest at DEBUG), and when the episode ends (the caller says so, or no event came for
 * {@code quietNanos}) the caller logs one WARN summary with the episode's count.
 * <p>
 * Edge code: allocates per episode, not per event. Thread-safe (QuickFIX/J threads and the venue adapter may share
 * one), the methods are short and rare.
 */
final class VenueEpisodes
{
    /** What the caller logs when an episode ends. */
    @FunctionalInterface
    interface Summary
    {
        /**
         * @param venueId  the venue.
         * @param count    events in the episode.
         * @param detailed of them, how many had their own line (the first ones).
         */
        void log(int venueId, long count, long detailed);
    }

    private static final class Episode
    {
        long count;
        long lastNanos;
    }

    /** Events of an episode that get their own line, for the episodes logged here. */
    static final int DETAIL_LINES = 10;
    /** An episode without an event for this long has ended, for the episodes logged here. */
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int[] NONE = new int[0];

    private final int detailLines;
    private final long quietNanos;
    private final Summary summary;
    private final Map<Integer, Episode> open = new HashMap<>();

    /**
     * @param detailLines events of an episode that get their own line.
     * @param quietNanos  an episode without an event for this long has ended ({@link #endQuiet}).
     * @param summary     logs the WARN of an ended episode.
     */
    VenueEpisodes(final int detailLines, final long quietNanos, final Summary summary)
    {
        this.detailLines = detailLines;
        this.quietNanos = quietNanos;
        this.summary = summary;
    }

    /**
     * The episodes of the gateway's venue side: the first {@link #DETAIL_LINES} events of each get their own line
     * (INFO, the rest at DEBUG), a second without an event ends it, and its summary is one WARN.
     *
     * @param log     where the summary goes.
     * @param summary the summary's SLF4J format with two {@code {}}, the venue id and the episode's count; how many
     *                events were listed, and at which levels, is added after it.
     * @return the episodes.
     */
    static VenueEpisodes warnedOn(final Logger log, final String summary)
    {
        final String format = summary + " ({} listed at INFO above, the rest at DEBUG)";
        return new VenueEpisodes(DETAIL_LINES, QUIET_NANOS,
            (venueId, count, detailed) -> log.warn(format, venueId, count, detailed));
    }

    /**
     * Counts one event.
     *
     * @param venueId   the venue.
     * @param nowNanos  a monotonic clock.
     * @return true when this event gets its own line (one of the first {@code detailLines} of its episode).
     */
    synchronized boolean onEvent(final int venueId, final long nowNanos)
    {
        final Episode episode = open.computeIfAbsent(venueId, (id) -> new Episode());
        episode.lastNanos = nowNanos;
        return ++episode.count <= detailLines;
    }

    /**
     * Ends the venue's episode now, if one is open: its summary is logged.
     *
     * @param venueId the venue.
     */
    void end(final int venueId)
    {
        final Episode ended;
        synchronized (this)
        {
            ended = open.remove(venueId);
        }
        if (null != ended)
        {
            summary.log(venueId, ended.count, Math.min(ended.count, detailLines));
        }
    }

    /**
     * Ends every episode without an event for {@code quietNanos}, logging their summaries.
     *
     * @param nowNanos the clock of {@link #onEvent}.
     * @return episodes ended.
     */
    int endQuiet(final long nowNanos)
    {
        int ended = 0;
        for (final int venueId : venues(nowNanos))
        {
            end(venueId);
            ended++;
        }
        return ended;
    }

    /**
     * Ends every open episode, logging their summaries: when the owner stops, so that none is left untold.
     */
    void endAll()
    {
        for (final int venueId : venues(Long.MIN_VALUE))
        {
            end(venueId);
        }
    }

    /** @param nowNanos the clock, or Long.MIN_VALUE for every open episode. */
    private synchronized int[] venues(final long nowNanos)
    {
        if (open.isEmpty())
        {
            return NONE; // the usual case, on every timer tick of the venue adapter: nothing allocated
        }
        return open.entrySet().stream()
            .filter((e) -> Long.MIN_VALUE == nowNanos || nowNanos - e.getValue().lastNanos >= quietNanos)
            .mapToInt(Map.Entry::getKey).toArray();
    }
}
