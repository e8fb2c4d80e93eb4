package io.peregrine.gateway.broker;

import io.peregrine.gateway.store.CompactionKill;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.TimeInForce;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.SessionID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ClOrdID journal's compaction at start survives a SIGKILL at any point: a child JVM opens a journal of
 * {@link #ORDERS} orders (most done) with a small retention window, so it retires almost all of them and rewrites
 * the journal, then allocates and offers new orders, saying after each that it returned. Per seed the test kills it
 * (SIGKILL) at a random instant of one of three phases: anywhere from its start, shortly after the compaction's
 * temporary file appeared (in the middle of the rewrite or its rename), or after a random number of allocations on
 * the compacted journal. It then reopens the journal and checks that nothing was lost: every ClOrdID ever taken is
 * still a duplicate, the working orders are whole (terms, core order id, offered), every acknowledged allocation is
 * there, the status requests never answered are still there to be asked again, ids continue above all of them, and
 * no temporary file is left. Bounded: {@link #SEEDS} children, each
 * killed within seconds.
 */
class OrderRoutesCompactionKillTest
{
    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final SessionID BROKER2 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER2");
    private static final List<SessionID> SESSIONS = List.of(BROKER1, BROKER2);
    private static final int ORDERS = 20_000;
    /** Every this many orders one stays working; the others are done. */
    private static final int WORKING_EVERY = 100;
    private static final int WINDOW = 50;
    private static final int SEEDS = 6;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;
    private static Path prepared;
    private static long lastPrepared;
    /** The status requests journaled and never answered: one per working order. */
    private static final java.util.Map<Long, String> unansweredStatus = new java.util.TreeMap<>();

    @BeforeAll
    static void prepareJournal()
    {
        prepared = shared.resolve("prepared.log");
        try (OrderRoutes routes = new OrderRoutes(prepared, SESSIONS, ORDERS, ORDERS))
        {
            for (int i = 0; i < ORDERS; i++)
            {
                final SessionID session = i % 2 == 0 ? BROKER1 : BROKER2;
                final OrderRoutes.Route order = routes.newOrder(session, "O" + i, "ACC", "AAPL", '1', terms(i));
                routes.onOffered(order);
                routes.onOrderId(order.order(), 1_000_000 + i, 0);
                lastPrepared = order.clOrdId();
                if (i % 3 == 0)
                {
                    final OrderRoutes.Route cancel = routes.request(order.order(), "X" + i, OrderRoutes.Kind.CANCEL);
                    routes.onOffered(cancel);
                    lastPrepared = cancel.clOrdId();
                }
                // A status request of every order: answered, but for the working orders'.
                final long status = routes.onStatusAsked(session, "O" + i, order.clOrdId(), order);
                lastPrepared = status;
                if (i % WORKING_EVERY != 0)
                {
                    routes.onStatusAnswered(order.clOrdId());
                    order.order().lastOrdStatus(quickfix.field.OrdStatus.CANCELED);
                    routes.onDone(order.order());
                }
                else
                {
                    unansweredStatus.put(status, "O" + i);
                }
            }
        }
    }

    private static OrderRoutes.Terms terms(final int i)
    {
        return new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 1_000_000 + i, 1 + i % 50);
    }

    @Test
    void aSigkillAtAnyPointOfTheCompactionLeavesAJournalThatLosesNothing() throws Exception
    {
        for (int seed = 1; seed <= SEEDS; seed++)
        {
            final Path file = Files.createDirectory(dir.resolve("seed-" + seed)).resolve("clordids.log");
            Files.copy(prepared, file);
            final List<String> acknowledged = CompactionKill.killDuring(new SplittableRandom(seed), seed % 3,
                List.of(file.resolveSibling("clordids.log.migrating")), "allocated ", Compactor.class, file.toString());

            try (OrderRoutes routes = new OrderRoutes(file, SESSIONS, WINDOW, ORDERS))
            {
                for (int i = 0; i < ORDERS; i++)
                {
                    final SessionID session = i % 2 == 0 ? BROKER1 : BROKER2;
                    assertTrue(routes.isKnown(session, "O" + i), "seed " + seed + ": O" + i);
                    if (i % 3 == 0)
                    {
                        assertTrue(routes.isKnown(session, "X" + i), "seed " + seed + ": X" + i);
                    }
                    final OrderRoutes.Order order = routes.find(session, "O" + i).order();
                    assertEquals(i % WORKING_EVERY != 0, order.isDone(), "seed " + seed + ": O" + i);
                    assertEquals(1_000_000 + i, order.orderId(), "seed " + seed + ": O" + i);
                    if (!order.isDone())
                    {
                        assertEquals(terms(i), routes.find(session, "O" + i).terms(), "seed " + seed + ": O" + i);
                    }
                }
                long highest = lastPrepared;
                for (final String clOrdId : acknowledged)
                {
                    final OrderRoutes.Route route = routes.find(BROKER1, clOrdId);
                    assertNotNull(route, "seed " + seed + ": acknowledged " + clOrdId);
                    highest = Math.max(highest, route.clOrdId());
                }
                final java.util.Map<Long, String> status = new java.util.TreeMap<>();
                routes.statusRequestsOfEarlierRuns().forEach(
                    (request) -> status.put(request.id(), request.route().brokerClOrdId()));
                assertEquals(unansweredStatus, status, "seed " + seed + ": the unanswered status requests");
                assertTrue(routes.unoffered().size() <= 1, "seed " + seed + ": at most the one being allocated " +
                    "when killed is unoffered: " + routes.unoffered().size());
                int allocatedByChild = 0; // acknowledged or not: what reached the journal before the kill
                while (routes.isKnown(BROKER1, "K" + allocatedByChild))
                {
                    highest = Math.max(highest, routes.find(BROKER1, "K" + allocatedByChild).clOrdId());
                    allocatedByChild++;
                }
                assertEquals(ORDERS / WORKING_EVERY + allocatedByChild + WINDOW, routes.ordersHeld(),
                    "seed " + seed + ": the working orders and the " + WINDOW + " most recently done ones are held");
                final OrderRoutes.Route next = routes.newOrder(BROKER1, "after", "ACC", "AAPL", '1');
                assertTrue(next.clOrdId() > highest, "seed " + seed + ": ids continue above every id taken");
            }
            // The leftover was deleted at open; this open's own compaction (in the background) has ended at close.
            assertFalse(Files.exists(file.resolveSibling("clordids.log.migrating")), "seed " + seed);
        }
    }

    /**
     * The child: opens the journal with a small window (replay, retirement, compaction), then allocates and offers
     * orders forever, acknowledging each after it returned (until killed).
     */
    public static final class Compactor
    {
        public static void main(final String[] args)
        {
            try (OrderRoutes routes = new OrderRoutes(Path.of(args[0]), SESSIONS, WINDOW, ORDERS))
            {
                for (long n = 0; ; n++)
                {
                    final String clOrdId = "K" + n;
                    final OrderRoutes.Route route = routes.newOrder(BROKER1, clOrdId, "ACC", "AAPL", '1', terms(7));
                    routes.onOffered(route);
                    System.out.println("allocated " + clOrdId);
                    System.out.flush();
                }
            }
        }
    }
}
