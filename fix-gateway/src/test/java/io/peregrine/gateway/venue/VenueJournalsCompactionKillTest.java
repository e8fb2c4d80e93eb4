package io.peregrine.gateway.venue;

import io.peregrine.gateway.store.CompactionKill;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The venue journals' compaction at start survives a SIGKILL at any point: a child JVM opens a venue order journal
 * and a venue report journal of {@link #ORDERS} orders (most done, their reports forwarded but a few) with small
 * retention windows, so that both are rewritten, then sends new orders and accepts new reports, saying after each
 * that it returned. Per seed the test kills it (SIGKILL) at a random instant of one of three phases: anywhere from its
 * start, shortly after a compaction's temporary file appeared (in the middle of a rewrite or its rename), or after a
 * random number of acknowledged appends on the compacted journals. It then reopens both journals and checks that
 * nothing a restart needs was lost: the core run, every working order whole (venue, side, symbol, current venue
 * ClOrdID, pending cancel, requests handled), the most recently done orders still "already sent" with their
 * requests, every report not yet forwarded byte for byte and in order, the keys of open orders and of the most
 * recently closed ones, every acknowledged append; no temporary file is left, and both journals end compacted.
 * Bounded: {@link #SEEDS} children, each killed within seconds.
 */
class VenueJournalsCompactionKillTest
{
    private static final int ORDERS = 20_000;
    /** Every this many orders one stays working; the others are done. */
    private static final int WORKING_EVERY = 100;
    /** Done orders the venue order journal keeps as sent. */
    private static final int DONE_WINDOW = 1_000;
    /** Keys of closed orders the venue report journal keeps. */
    private static final int KEY_WINDOW = 2_000;
    /** About one report in this many is left unforwarded. */
    private static final int UNFORWARDED_EVERY = 997;
    private static final int SEEDS = 6;
    private static final long RUN = 1;
    private static final long REQUESTS = 1_000_000;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;
    private static Path preparedOrders;
    private static Path preparedReports;
    private static final List<VenueReportJournal.Unforwarded> PREPARED_UNFORWARDED = new ArrayList<>();

    @BeforeAll
    static void prepareJournals()
    {
        preparedOrders = shared.resolve("orders.log");
        preparedReports = shared.resolve("reports.log");
        try (VenueOrderJournal orders = new VenueOrderJournal(preparedOrders, ORDERS);
            VenueReportJournal reports = new VenueReportJournal(preparedReports, 2 * ORDERS))
        {
            orders.startRun(7, RUN);
            for (long id = 1; id <= ORDERS; id++)
            {
                orders.onSent(venueOf(id), id, sideOf(id), "SYM" + id % 7);
                if (id % 3 == 0)
                {
                    orders.onRequest(id, cancelOf(id), false);
                    orders.onAnswered(id, cancelOf(id));
                }
                report(reports, "A" + id, VenueJournalActivity.report(VenueClOrdId.format(RUN, id, 0), "A" + id, '0'));
                if (working(id))
                {
                    orders.onRequest(id, replaceOf(id), true);
                    orders.onReplaced(id, replaceOf(id));
                    orders.onAnswered(id, replaceOf(id));
                    orders.onRequest(id, pendingCancelOf(id), false);
                }
                else
                {
                    report(reports, "F" + id,
                        VenueJournalActivity.report(VenueClOrdId.format(RUN, id, 0), "F" + id, '2'));
                    orders.onDone(id);
                }
            }
        }
    }

    private static void report(final VenueReportJournal reports, final String execId, final String rawFix)
    {
        final long seq = reports.accept(VenueJournalActivity.VENUE, execId, rawFix);
        if (seq % UNFORWARDED_EVERY == 0)
        {
            PREPARED_UNFORWARDED.add(new VenueReportJournal.Unforwarded(seq, VenueJournalActivity.VENUE, rawFix));
        }
        else
        {
            reports.forwarded(seq);
        }
    }

    private static boolean working(final long id)
    {
        return id % WORKING_EVERY == 0;
    }

    private static int venueOf(final long id)
    {
        return 1 + (int)(id % 2);
    }

    private static char sideOf(final long id)
    {
        return id % 5 == 0 ? '2' : '1';
    }

    private static long cancelOf(final long id)
    {
        return REQUESTS + id;
    }

    private static long replaceOf(final long id)
    {
        return 2 * REQUESTS + id;
    }

    private static long pendingCancelOf(final long id)
    {
        return 3 * REQUESTS + id;
    }

    @Test
    void aSigkillAtAnyPointOfTheVenueJournalsCompactionLeavesJournalsThatLoseNothingARestartNeeds() throws Exception
    {
        final long preparedOrdersSize = Files.size(preparedOrders);
        final long preparedReportsSize = Files.size(preparedReports);
        for (int seed = 1; seed <= SEEDS; seed++)
        {
            final Path seedDir = Files.createDirectory(dir.resolve("seed-" + seed));
            final Path orders = seedDir.resolve("orders.log");
            final Path reports = seedDir.resolve("reports.log");
            Files.copy(preparedOrders, orders);
            Files.copy(preparedReports, reports);
            final int acknowledged = CompactionKill.killDuring(new SplittableRandom(seed), seed % 3,
                List.of(seedDir.resolve("orders.log.migrating"), seedDir.resolve("reports.log.migrating")), "appended ",
                Appender.class, orders.toString(), reports.toString()).size();
            final String at = "seed " + seed;

            try (VenueOrderJournal journal = new VenueOrderJournal(orders, DONE_WINDOW))
            {
                assertEquals(new VenueOrderJournal.CoreRun(7, RUN), journal.run(), at);
                int sentByChild = 0; // acknowledged or not: what reached the journal before the kill
                while (journal.wasSent(ORDERS + 1 + sentByChild))
                {
                    sentByChild++;
                }
                assertTrue(sentByChild >= acknowledged, at + ": " + sentByChild + " < acknowledged " + acknowledged);
                assertEquals(ORDERS / WORKING_EVERY + sentByChild, journal.workingOrders(), at);
                int doneSeen = 0;
                for (long id = ORDERS; id >= 1; id--)
                {
                    final String order = at + ": order " + id;
                    if (working(id))
                    {
                        assertTrue(journal.wasSent(id), order);
                        assertEquals(venueOf(id), journal.venueOf(id), order);
                        assertEquals(sideOf(id), journal.sideOf(id), order);
                        assertEquals("SYM" + id % 7, journal.symbolOf(id), order);
                        assertEquals(replaceOf(id), journal.currentRequestId(id), order);
                        assertEquals(pendingCancelOf(id), journal.pendingRequest(id, false), order);
                        assertEquals(0, journal.pendingRequest(id, true), order);
                        assertTrue(journal.wasHandled(replaceOf(id)) && journal.wasHandled(pendingCancelOf(id)), order);
                        assertEquals(id % 3 == 0, journal.wasHandled(cancelOf(id)), order);
                    }
                    else
                    {
                        final boolean retained = ++doneSeen <= DONE_WINDOW;
                        assertEquals(retained, journal.wasSent(id), order + " (done " + doneSeen + " ago)");
                        assertEquals(retained && id % 3 == 0, journal.wasHandled(cancelOf(id)), order);
                        assertEquals(VenueOrderJournal.UNKNOWN, journal.venueOf(id), order);
                    }
                }
            }
            try (VenueReportJournal journal = new VenueReportJournal(reports, KEY_WINDOW))
            {
                final List<VenueReportJournal.Unforwarded> unforwarded = journal.unforwarded();
                assertEquals(PREPARED_UNFORWARDED, unforwarded.subList(0, PREPARED_UNFORWARDED.size()), at);
                final List<VenueReportJournal.Unforwarded> byChild =
                    unforwarded.subList(PREPARED_UNFORWARDED.size(), unforwarded.size());
                assertTrue(byChild.size() >= acknowledged, at + ": " + byChild.size() + " < " + acknowledged);
                for (int n = 0; n < byChild.size(); n++)
                {
                    assertEquals(childReport(n), byChild.get(n).rawFix(), at + ": the child's report " + n);
                    assertTrue(journal.isKnown(VenueJournalActivity.VENUE, "new" + n), at + ": new" + n);
                }
                int closedKeysSeen = 0;
                for (long id = ORDERS; id >= 1; id--)
                {
                    final String order = at + ": order " + id;
                    if (working(id))
                    {
                        assertTrue(journal.isKnown(VenueJournalActivity.VENUE, "A" + id), order);
                    }
                    else if ((closedKeysSeen += 2) <= KEY_WINDOW)
                    {
                        assertTrue(journal.isKnown(VenueJournalActivity.VENUE, "A" + id), order);
                        assertTrue(journal.isKnown(VenueJournalActivity.VENUE, "F" + id), order);
                    }
                }
                assertEquals(ORDERS / WORKING_EVERY + byChild.size(), journal.openOrders(), at);
            }
            // Leftovers are deleted at open; the opens' own compactions (in the background) have ended at close.
            assertFalse(Files.exists(seedDir.resolve("orders.log.migrating")), at);
            assertFalse(Files.exists(seedDir.resolve("reports.log.migrating")), at);
            assertTrue(Files.size(orders) < preparedOrdersSize / 4, at + ": the order journal ends compacted");
            assertTrue(Files.size(reports) < preparedReportsSize / 4, at + ": the report journal ends compacted");
        }
    }

    private static String childReport(final long n)
    {
        return VenueJournalActivity.report(VenueClOrdId.format(RUN, ORDERS + 1 + n, 0), "new" + n, '0');
    }

    /**
     * The child: opens both journals with small windows (replay, compaction), then sends a new order and accepts a
     * new report of it, forever, acknowledging each pair after both returned (until killed).
     */
    public static final class Appender
    {
        public static void main(final String[] args)
        {
            try (VenueOrderJournal orders = new VenueOrderJournal(Path.of(args[0]), DONE_WINDOW);
                VenueReportJournal reports = new VenueReportJournal(Path.of(args[1]), KEY_WINDOW))
            {
                for (long n = 0; ; n++)
                {
                    orders.onSent(1, ORDERS + 1 + n, '1', "NEW");
                    reports.accept(VenueJournalActivity.VENUE, "new" + n, childReport(n));
                    System.out.println("appended " + n);
                    System.out.flush();
                }
            }
        }
    }
}
