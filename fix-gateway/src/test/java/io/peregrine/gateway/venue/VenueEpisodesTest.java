package io.peregrine.gateway.venue;

import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of venue events (the orders a restarted venue lost, the messages of a resend not re-sent) is logged as its
 * first few lines and one summary per venue and episode, never one WARN per event.
 */
class VenueEpisodesTest
{
    private static final long QUIET = 1_000;

    private final List<String> summaries = new ArrayList<>();
    private final VenueEpisodes episodes = new VenueEpisodes(3, QUIET,
        (venueId, count, detailed) -> summaries.add("venue " + venueId + ": " + count + " (" + detailed + " listed)"));

    @Test
    void onlyTheFirstEventsOfAnEpisodeAreListedAndItsEndLogsOneSummaryWithTheCount()
    {
        int listed = 0;
        for (int i = 0; i < 4_683; i++)
        {
            listed += episodes.onEvent(1, i) ? 1 : 0;
        }
        assertEquals(3, listed);
        assertEquals(List.of(), summaries, "no summary while the episode goes on");
        episodes.end(1);
        episodes.end(1);
        assertEquals(List.of("venue 1: 4683 (3 listed)"), summaries, "one summary, once");
        assertTrue(episodes.onEvent(1, 10_000), "a new episode lists its first events again");
    }

    @Test
    void anEpisodeEndsAfterAQuietPeriodEachVenueOnItsOwn()
    {
        episodes.onEvent(1, 0);
        episodes.onEvent(2, 0);
        episodes.onEvent(2, 500);
        assertEquals(0, episodes.endQuiet(QUIET - 1));
        assertEquals(1, episodes.endQuiet(QUIET));
        assertEquals(List.of("venue 1: 1 (1 listed)"), summaries);
        assertEquals(1, episodes.endQuiet(500 + QUIET));
        assertEquals(List.of("venue 1: 1 (1 listed)", "venue 2: 2 (2 listed)"), summaries);
        assertEquals(0, episodes.endQuiet(10 * QUIET), "nothing open");
    }

    @Test
    void stoppingTellsEveryOpenEpisode()
    {
        episodes.onEvent(1, 0);
        episodes.onEvent(2, Long.MIN_VALUE + 1);
        episodes.endAll();
        assertEquals(List.of("venue 1: 1 (1 listed)", "venue 2: 1 (1 listed)"), summaries);
        episodes.endAll();
        assertEquals(2, summaries.size());
    }

    @Test
    void aShortEpisodeSaysAllItsEventsWereListed()
    {
        assertTrue(episodes.onEvent(7, 0));
        assertTrue(episodes.onEvent(7, 1));
        assertTrue(episodes.onEvent(7, 2));
        assertFalse(episodes.onEvent(7, 3));
        episodes.end(7);
        assertEquals(List.of("venue 7: 4 (3 listed)"), summaries);
    }

    @Test
    void theVenueSidesEpisodesListTenEventsEndAfterAQuietSecondAndSayItInOneWarn()
    {
        final Queue<SubstituteLoggingEvent> logged = new ArrayBlockingQueue<>(4);
        final EventRecordingLogger log = new EventRecordingLogger(new SubstituteLogger("t", logged, false), logged);
        final VenueEpisodes warned = VenueEpisodes.warnedOn(log, "venue {} lost {} order(s)");
        int listed = 0;
        for (int i = 0; i < 25; i++)
        {
            listed += warned.onEvent(7, i) ? 1 : 0;
        }
        assertEquals(VenueEpisodes.DETAIL_LINES, listed);
        assertEquals(0, warned.endQuiet(24 + VenueEpisodes.QUIET_NANOS - 1));
        assertEquals(1, warned.endQuiet(24 + VenueEpisodes.QUIET_NANOS));

        final SubstituteLoggingEvent summary = logged.remove();
        assertEquals(Level.WARN, summary.getLevel());
        assertEquals("venue 7 lost 25 order(s) (10 listed at INFO above, the rest at DEBUG)",
            MessageFormatter.basicArrayFormat(summary.getMessage(), summary.getArgumentArray()));
        assertTrue(logged.isEmpty(), "one WARN");
    }
}
