package io.peregrine.gateway.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.SessionID;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.TimeInForce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderRoutesTest
{
    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final SessionID BROKER2 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER2");
    @TempDir
    Path dir;

    private Path file()
    {
        return dir.resolve("clordids.log");
    }

    @Test
    void detectsDuplicatesPerSessionOnly()
    {
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            assertNotNull(routes.newOrder(BROKER1, "X", "ACC1", "AAPL", '1'));
            assertNull(routes.newOrder(BROKER1, "X", "ACC1", "AAPL", '1'));
            assertNotNull(routes.newOrder(BROKER2, "X", "ACC2", "AAPL", '1'));
        }
    }

    @Test
    void aRequestTheCoreJournalShowsNeverReceivedIsReofferedAsNewSoADuplicateRefusalOfItReachesTheBroker()
    {
        final OrderRoutes.Terms terms = new OrderRoutes.Terms(
            io.peregrine.sbe.OrdType.LIMIT, io.peregrine.sbe.TimeInForce.DAY, 189, 10);
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            final OrderRoutes.Route unknown = routes.newOrder(BROKER1, "R1", "ACC1", "AAPL", '1', terms);
            final OrderRoutes.Route received = routes.newOrder(BROKER1, "R2", "ACC1", "AAPL", '1', terms);
            final OrderRoutes.Route neverReceived = routes.newOrder(BROKER1, "R3", "ACC1", "AAPL", '1', terms);
            // A pruned core journal whose files left hold R2 only: R1 (older) cannot be told, R3 was never received.
            routes.reconcile(CoreHistoryTest.history(true, received.clOrdId()));
            for (final OrderRoutes.Route route : List.of(unknown, received, neverReceived))
            {
                routes.markReoffered(route);
            }
            assertTrue(unknown.wasReoffered(), "the core may have it: its duplicate refusal is not the broker's");
            assertTrue(received.wasReoffered(), "the core has it: its duplicate refusal is not the broker's");
            assertFalse(neverReceived.wasReoffered(), "a duplicate refusal is another client's ClOrdID: the broker's");
        }
    }

    @Test
    void aStatusRequestEndsWithItsAnswerUnderTheClOrdIdAskedOrUnderANewerOneOfTheOrder()
    {
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            final OrderRoutes.Route first = routes.newOrder(BROKER1, "S1", "ACC1", "AAPL", '1');
            final OrderRoutes.Route other = routes.newOrder(BROKER1, "S9", "ACC1", "AAPL", '1');
            routes.onStatusAsked(BROKER1, "S1", first.clOrdId(), first);
            routes.onStatusAsked(BROKER1, "S1", first.clOrdId(), first);
            assertSame(first, routes.onStatusAnswered(first.clOrdId()));
            assertEquals(1, routes.statusRequestsAsked(), "two asked, one answered");
            assertNull(routes.onStatusAnswered(other.clOrdId()), "another order's answer ends nothing");

            // A replace takes effect between the request and the answer: the core answers under the new clOrdId.
            final OrderRoutes.Route replace = routes.request(first.order(), "S2", OrderRoutes.Kind.REPLACE);
            routes.onReplaced(first.order(), replace.clOrdId());
            assertSame(replace, routes.onStatusAnswered(replace.clOrdId()));
            assertEquals(0, routes.statusRequestsAsked());
            assertNull(routes.onStatusAnswered(replace.clOrdId()), "nothing left to end");
        }
    }

    @Test
    void aStatusRequestNotAnsweredBeforeARestartIsAskedAgainUnlessTheCoreJournalShowsTheCoreReceivedIt()
    {
        final long oldest;
        final long second;
        final long retiredAsked;
        final long answered;
        final long answeredHere;
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 0, 1024))
        {
            final OrderRoutes.Route order = routes.newOrder(BROKER1, "Q1", "ACC1", "AAPL", '1');
            final OrderRoutes.Route retiring = routes.newOrder(BROKER2, "Q2", "ACC1", "AAPL", '1');
            oldest = routes.onStatusAsked(BROKER1, "Q1", order.clOrdId(), order);
            second = routes.onStatusAsked(BROKER1, "Q1", order.clOrdId(), order);
            retiredAsked = routes.onStatusAsked(BROKER2, "Q2", retiring.clOrdId(), retiring);
            answered = routes.onStatusAsked(BROKER1, "Q1", order.clOrdId(), order);
            answeredHere = routes.onStatusAsked(BROKER1, "Q1", order.clOrdId(), order);
            assertTrue(order.clOrdId() < oldest && oldest < second, "ids allocated like clOrdIds");
            routes.onStatusAnsweredHere(answeredHere);
            retiring.order().lastOrdStatus(quickfix.field.OrdStatus.CANCELED);
            routes.onDone(retiring.order()); // retired at once (no done order retained)
            assertEquals(4, routes.statusRequestsAsked());
            // The core answers in turn, naming the order: the oldest requests end first.
            assertSame(order, routes.onStatusAnswered(order.clOrdId()));
            assertSame(order, routes.onStatusAnswered(order.clOrdId()));
            assertTrue(routes.takeStatusRequestsNeverReceived().isEmpty(), "nothing of an earlier run");
        }
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 0, 1024))
        {
            // "answered" (never answered after all) and the retired order's request are left.
            final List<OrderRoutes.StatusRequest> earlier = routes.statusRequestsOfEarlierRuns();
            assertEquals(List.of(retiredAsked, answered), List.of(earlier.get(0).id(), earlier.get(1).id()),
                "oldest first");
            assertEquals(List.of("Q2", "Q1"),
                List.of(earlier.get(0).route().brokerClOrdId(), earlier.get(1).route().brokerClOrdId()));
            assertEquals(earlier.get(1).route().clOrdId(), earlier.get(1).askedClOrdId());
            assertEquals(2, routes.statusRequestsAsked(), "recorded as asked again: a late answer ends them");
            final org.agrona.collections.LongHashSet core = new org.agrona.collections.LongHashSet();
            core.add(answered);
            routes.reconcileStatusRequests(core);
            final List<OrderRoutes.StatusRequest> again = routes.takeStatusRequestsNeverReceived();
            assertEquals(1, again.size(), "the core never received the retired order's request: asked again");
            assertEquals(retiredAsked, again.get(0).id());
            assertEquals("Q2", again.get(0).route().brokerClOrdId());
            assertTrue(again.get(0).route().order().isRetired());
            assertTrue(routes.takeStatusRequestsNeverReceived().isEmpty(), "taken once");
            routes.onStatusAnsweredHere(retiredAsked);
            final OrderRoutes.Route order = routes.find(BROKER1, "Q1");
            assertSame(order, routes.onStatusAnswered(order.clOrdId()), "the core's answer, delivered again, ends it");
            assertEquals(0, routes.statusRequestsAsked());
        }
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 0, 1024))
        {
            assertTrue(routes.statusRequestsOfEarlierRuns().isEmpty(), "all answered");
            assertTrue(routes.lastClOrdId() >= answeredHere, "status request ids are never allocated again");
        }
    }

    @Test
    void aStatusRequestNotAnsweredSurvivesACompactionOfTheJournal()
    {
        final long asked;
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 0, 1024))
        {
            final OrderRoutes.Route working = routes.newOrder(BROKER1, "W1", "ACC1", "AAPL", '1');
            final OrderRoutes.Route done = routes.newOrder(BROKER1, "W2", "ACC1", "AAPL", '1');
            asked = routes.onStatusAsked(BROKER1, "W1", working.clOrdId(), working);
            done.order().lastOrdStatus(quickfix.field.OrdStatus.FILLED);
            routes.onDone(done.order());
        }
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 0, 1024))
        {
            assertEquals(1, routes.retiredClOrdIds(), "the replay retired an order: the journal was compacted");
        }
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 0, 1024))
        {
            final List<OrderRoutes.StatusRequest> again = routes.takeStatusRequestsNeverReceived();
            assertEquals(1, again.size());
            assertEquals(asked, again.get(0).id());
            assertEquals("W1", again.get(0).route().brokerClOrdId());
            assertTrue(routes.lastClOrdId() >= asked);
        }
    }

    @Test
    void replaysMappingsOrderIdsReplacesAndDoneOrdersAfterRestart() throws Exception
    {
        final long root;
        final long replaceId;
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            final OrderRoutes.Route first = routes.newOrder(BROKER1, "A 1", "ACC1", "AAPL", '2');
            root = first.clOrdId();
            routes.onOrderId(first.order(), 900, 11);
            final OrderRoutes.Route replace = routes.request(first.order(), "A2", OrderRoutes.Kind.REPLACE);
            replaceId = replace.clOrdId();
            routes.onReplaced(first.order(), replaceId);
            final OrderRoutes.Route other = routes.newOrder(BROKER2, "Z", "ACC2", "MSFT", '1');
            routes.onDone(other.order());
        }
        Files.writeString(file(), "N\t99\t99\tFIX.4", StandardOpenOption.APPEND); // torn last record

        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            final OrderRoutes.Route first = routes.find(BROKER1, "A 1");
            assertEquals(root, first.clOrdId());
            assertEquals(OrderRoutes.Kind.NEW, first.kind());
            assertEquals(BROKER1, first.order().sessionId());
            assertEquals(900, first.order().orderId());
            assertEquals(900, first.order().orderIdIn(11));
            assertEquals(0, first.order().orderIdIn(12), "an order id of another core run is not used");
            assertEquals(replaceId, first.order().currentClOrdId());
            assertEquals("A2", routes.route(replaceId).brokerClOrdId());
            assertEquals(OrderRoutes.Kind.REPLACE, routes.route(replaceId).kind());
            assertTrue(routes.find(BROKER2, "Z").order().isDone());
            assertEquals(1, routes.workingOrders(BROKER1).size());
            assertEquals(0, routes.workingOrders(BROKER2).size());
            final OrderRoutes.Route next = routes.newOrder(BROKER1, "B", "ACC1", "AAPL", '1');
            assertTrue(next.clOrdId() > replaceId, "allocation continues after the journal's highest id");
        }
    }

    @Test
    void aRecordAppendedAfterATornTailSurvivesTheNextRestart() throws Exception
    {
        final long first;
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            first = routes.newOrder(BROKER1, "A", "ACC1", "AAPL", '1').clOrdId();
        }
        // A SIGKILL in the middle of a write: a record cut short.
        Files.writeString(file(), "N\t99\t99\tFIX.4.4:PEREGR", StandardOpenOption.APPEND);

        final long second;
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            second = routes.newOrder(BROKER1, "B", "ACC1", "AAPL", '1').clOrdId();
        }
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            assertEquals(first, routes.find(BROKER1, "A").clOrdId());
            assertNotNull(routes.find(BROKER1, "B"), "the record written after the torn one is not glued onto it");
            assertEquals(second, routes.find(BROKER1, "B").clOrdId());
            assertNull(routes.newOrder(BROKER1, "B", "ACC1", "AAPL", '1'), "B is still a known ClOrdID");
        }
        assertFalse(new String(Files.readAllBytes(file()), StandardCharsets.ISO_8859_1).contains("N\t99\t99\t"),
            "the torn record was cut");
    }

    @Test
    void aLineJournalOfAnEarlierVersionIsMigratedWithItsRoutesTermsAndOffers() throws Exception
    {
        Files.writeString(file(), String.join("\n",
            "P\t1\tLIMIT\tDAY\t1900000\t10",
            "N\t1\t1\t" + BROKER1 + "\tACC1\tAAPL\t1\tA",
            "O\t1",
            "I\t1\t900\t11",
            "P\t2\tLIMIT\tDAY\t1900000\t5",
            "N\t2\t2\t" + BROKER1 + "\tACC1\tAAPL\t2\tB",
            "N\t3\t3\tFIX.4") + "\n" + "D\t1"); // the last line torn by a crash

        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            assertEquals(900, routes.find(BROKER1, "A").order().orderIdIn(11));
            assertFalse(routes.find(BROKER1, "A").order().isDone(), "the torn D line is not migrated");
            assertEquals(1, routes.unoffered().size(), "B was journaled with its terms and never offered");
            assertEquals("B", routes.unoffered().get(0).brokerClOrdId());
            assertEquals(5, routes.unoffered().get(0).terms().quantity());
            assertTrue(routes.newOrder(BROKER1, "C", "ACC1", "AAPL", '1').clOrdId() > 2);
        }
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2)))
        {
            assertNotNull(routes.find(BROKER1, "C"), "records after the migration survive the next restart");
        }
    }

    @Test
    void doneOrdersBeyondTheRetainedWindowKeepOnlyTheirClOrdIds()
    {
        final int window = 10;
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), window, 1024))
        {
            final OrderRoutes.Route working = routes.newOrder(BROKER2, "W", "ACC2", "AAPL", '1');
            final List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++)
            {
                final OrderRoutes.Route order = routes.newOrder(BROKER1, "O" + i, "ACC1", "AAPL", '1');
                routes.onOffered(order);
                final OrderRoutes.Route cancel = routes.request(order.order(), "X" + i, OrderRoutes.Kind.CANCEL);
                ids.add(order.clOrdId());
                ids.add(cancel.clOrdId());
                order.order().lastOrdStatus(quickfix.field.OrdStatus.CANCELED);
                routes.onDone(order.order());
                assertTrue(routes.routesHeld() <= 2 * window + 1, "routes held: " + routes.routesHeld());
            }
            assertEquals(window + 1, routes.ordersHeld(), "the working order and the last 10 done ones");
            assertEquals(2 * window + 1, routes.routesHeld());
            assertEquals(2 * (1_000 - window), routes.retiredClOrdIds(), "both ClOrdIDs of each retired order");
            for (int i = 0; i < ids.size(); i++)
            {
                assertEquals(i >= ids.size() - 2 * window, null != routes.route(ids.get(i)),
                    "only the last done orders' routes are held: " + i);
            }
            assertTrue(routes.find(BROKER1, "O0").order().isRetired());
            assertTrue(routes.isKnown(BROKER1, "X0"));
            assertEquals(1, routes.workingOrders(BROKER2).size());
            assertEquals(working, routes.find(BROKER2, "W"));
        }
    }

    @Test
    void aRetiredClOrdIdIsStillRefusedAndALateCancelFindsTheOrderDoneAcrossARestart() throws Exception
    {
        final long last;
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 1, 1024))
        {
            final OrderRoutes.Route filled = routes.newOrder(BROKER1, "F", "ACC1", "AAPL", '2');
            routes.onOffered(filled);
            routes.onOrderId(filled.order(), 900, 0);
            final OrderRoutes.Route replace = routes.request(filled.order(), "F-R", OrderRoutes.Kind.REPLACE);
            routes.onReplaced(filled.order(), replace.clOrdId());
            filled.order().lastOrdStatus(quickfix.field.OrdStatus.FILLED);
            routes.onDone(filled.order());
            final OrderRoutes.Route canceled = routes.newOrder(BROKER1, "G", "ACC1", "AAPL", '1');
            canceled.order().lastOrdStatus(quickfix.field.OrdStatus.CANCELED);
            routes.onDone(canceled.order()); // F leaves the window of 1
            last = canceled.clOrdId();

            assertNull(routes.route(filled.clOrdId()), "F's routes are dropped");
            assertNull(routes.route(replace.clOrdId()));
            assertRetired(routes);
            assertNull(routes.newOrder(BROKER1, "F", "ACC1", "AAPL", '2'), "a retired ClOrdID is a duplicate");
            assertNull(routes.request(canceled.order(), "F-R", OrderRoutes.Kind.CANCEL), "the replace's too");
            assertNotNull(routes.newOrder(BROKER2, "F", "ACC2", "AAPL", '2'), "per session only");
        }
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 1, 1024))
        {
            assertRetired(routes);
            assertEquals(0, routes.workingOrders(BROKER1).size());
            assertNull(routes.newOrder(BROKER1, "F", "ACC1", "AAPL", '2'), "still a duplicate after a restart");
            assertNull(routes.newOrder(BROKER1, "F-R", "ACC1", "AAPL", '2'));
            assertTrue(routes.find(BROKER1, "G").order().isDone());
            assertEquals(quickfix.field.OrdStatus.CANCELED, routes.find(BROKER1, "G").order().lastOrdStatus());
            assertTrue(routes.newOrder(BROKER1, "H", "ACC1", "AAPL", '1').clOrdId() > last + 1,
                "allocation continues after every id ever allocated, retired ones included");
        }
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 1, 1024))
        {
            assertRetired(routes);
            assertNotNull(routes.find(BROKER1, "H"));
        }
    }

    /**
     * What a late cancel, replace or PossDup copy naming F (or its replace) finds: a done order with its core order id
     * and final OrdStatus, so BrokerFixApplication answers "too late to cancel" / the order's status, not "unknown".
     */
    private static void assertRetired(final OrderRoutes routes)
    {
        for (final String clOrdId : List.of("F", "F-R"))
        {
            final OrderRoutes.Route late = routes.find(BROKER1, clOrdId);
            assertNotNull(late, clOrdId);
            assertTrue(routes.isKnown(BROKER1, clOrdId));
            assertTrue(late.order().isDone());
            assertTrue(late.order().isRetired());
            assertEquals(900, late.order().orderId());
            assertEquals(quickfix.field.OrdStatus.FILLED, late.order().lastOrdStatus());
            assertEquals("AAPL", late.order().symbol());
            assertEquals('2', late.order().side());
            assertNull(late.terms(), "nothing to offer again");
            assertFalse(routes.claimOffer(late), "never offered again");
        }
    }

    @Test
    void aCancelOrReplaceTheBrokerWasToldWasNotSentIsNeverOfferedAgainAcrossRestartsAndACompaction()
    {
        final OrderRoutes.Terms terms = new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 189, 10);
        final long orderClOrdId;
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 1, 1024))
        {
            final OrderRoutes.Route order = routes.newOrder(BROKER1, "A", "ACC1", "AAPL", '1', terms);
            routes.onOffered(order);
            orderClOrdId = order.clOrdId();
            final OrderRoutes.Route replace = routes.request(order.order(), "A-R", OrderRoutes.Kind.REPLACE,
                new OrderRoutes.Terms(OrdType.LIMIT, null, 190, 20));
            final OrderRoutes.Route cancel = routes.request(order.order(), "A-C", OrderRoutes.Kind.CANCEL);
            for (final OrderRoutes.Route refused : List.of(replace, cancel))
            {
                routes.onRefused(refused); // the offer of a fresh route failed; the broker got "not sent"
            }
            assertTrue(routes.unoffered().isEmpty());
            assertFalse(routes.claimOffer(replace), "a PossDup copy of it is not offered either");
            // Two more orders done: at the next start one of them is retired, so the journal is compacted.
            for (final String clOrdId : List.of("D1", "D2"))
            {
                final OrderRoutes.Route done = routes.newOrder(BROKER1, clOrdId, "ACC1", "AAPL", '1', terms);
                routes.onOffered(done);
                done.order().lastOrdStatus(quickfix.field.OrdStatus.FILLED);
                routes.onDone(done.order());
            }
        }
        for (int start = 0; start < 2; start++)
        {
            try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 1, 1024))
            {
                // The core journal shows the core received the order and neither request.
                routes.reconcile(CoreHistoryTest.history(false, orderClOrdId));
                assertTrue(routes.unoffered().isEmpty(), "start " + start + ": " + routes.unoffered().size());
                assertFalse(routes.claimOffer(routes.find(BROKER1, "A-R")), "start " + start);
                assertTrue(routes.find(BROKER1, "A-R").wasRefused(), "a PossDup copy is refused again");
                assertFalse(routes.claimOffer(routes.find(BROKER1, "A-C")), "start " + start);
            }
        }
    }

    @Test
    void aDoneOrderThatCannotBeRetiredOnAFullDiskStaysHeldInFullAndEveryClOrdIdOfItStaysADuplicate()
    {
        final FullDisk disk = new FullDisk();
        // No done order retained, an index of 1,024 slots (512 ClOrdIDs): the 512th and 513th ClOrdIDs grow it.
        try (OrderRoutes routes =
            new OrderRoutes(file(), List.of(BROKER1), 0, 1, disk, io.peregrine.gateway.store.RecordLog.BACKGROUND))
        {
            for (int i = 0; i < 511; i++)
            {
                final OrderRoutes.Route route = routes.newOrder(BROKER1, "O" + i, "ACC1", "AAPL", '1');
                routes.onDone(route.order());
            }
            assertEquals(511, routes.retiredClOrdIds());
            final OrderRoutes.Route order = routes.newOrder(BROKER1, "A", "ACC1", "AAPL", '1');
            final OrderRoutes.Route cancel = routes.request(order.order(), "B", OrderRoutes.Kind.CANCEL);
            disk.full = true;
            routes.onDone(order.order()); // the report agent's thread: a full disk must not throw here

            assertEquals(511, routes.retiredClOrdIds());
            assertEquals(1, routes.ordersHeld(), "held in full");
            assertSame(cancel, routes.find(BROKER1, "B"));
            assertSame(cancel, routes.route(cancel.clOrdId()));
            assertSame(order, routes.find(BROKER1, "A"));
            assertNull(routes.newOrder(BROKER1, "A", "ACC1", "AAPL", '1'), "A is still a duplicate");
            assertNull(routes.newOrder(BROKER1, "B", "ACC1", "AAPL", '1'), "B is still a duplicate");

            disk.full = false; // room again: the next done order retires the one held over too
            final OrderRoutes.Route next = routes.newOrder(BROKER1, "C", "ACC1", "AAPL", '1');
            routes.onDone(next.order());
            assertEquals(514, routes.retiredClOrdIds());
            assertEquals(0, routes.ordersHeld());
            assertEquals(0, routes.routesHeld());
            assertTrue(routes.find(BROKER1, "B").order().isRetired());
            for (final String clOrdId : List.of("A", "B", "C", "O0", "O510"))
            {
                assertNull(routes.newOrder(BROKER1, clOrdId, "ACC1", "AAPL", '1'), clOrdId);
            }
        }
    }

    @Test
    void twoSessionsRetiringAtOnceOnAFullDiskNeverRetireAnOrderHalfSoARetryNeverAddsAClOrdIdTwice() throws Exception
    {
        // An index of 1,024 slots (512 ClOrdIDs), full after the fillers and A's ClOrdIDs: B's one ClOrdID taken
        // while A is retired must fail B (held over), not A half way. Several rounds: the race is the scheduler's.
        final int ofA = 480;
        final int fillers = 512 - ofA;
        for (int round = 0; round < 20; round++)
        {
            final FullDisk disk = new FullDisk();
            final Path file = dir.resolve("round" + round).resolve("clordids.log");
            Files.createDirectories(file.getParent());
            try (OrderRoutes routes =
                new OrderRoutes(file, List.of(BROKER1, BROKER2), 0, 1, disk,
                    io.peregrine.gateway.store.RecordLog.BACKGROUND))
            {
                for (int i = 0; i < fillers; i++)
                {
                    routes.onDone(routes.newOrder(BROKER1, "O" + i, "ACC1", "AAPL", '1').order());
                }
                final OrderRoutes.Route a = routes.newOrder(BROKER1, "A", "ACC1", "AAPL", '1');
                for (int i = 1; i < ofA; i++)
                {
                    routes.request(a.order(), "A-" + i, OrderRoutes.Kind.CANCEL);
                }
                final OrderRoutes.Route b = routes.newOrder(BROKER2, "B", "ACC2", "AAPL", '2');
                final int held = routes.routesHeld();
                disk.full = true;
                final Thread sessionB = new Thread(() ->
                {
                    final long deadline = System.nanoTime() + 10_000_000_000L;
                    while (routes.routesHeld() == held && System.nanoTime() < deadline)
                    {
                        Thread.onSpinWait(); // until A's retirement has begun
                    }
                    routes.onDone(b.order());
                }, "session-B");
                sessionB.start();
                routes.onDone(a.order());
                sessionB.join(20_000);
                assertFalse(sessionB.isAlive());

                disk.full = false; // room again: the next done order retires those held over
                routes.onDone(routes.newOrder(BROKER1, "T", "ACC1", "AAPL", '1').order());
                assertEquals(fillers + ofA + 2, routes.retiredClOrdIds(), "round " + round + ": each ClOrdID once");
                assertEquals(0, routes.ordersHeld(), "round " + round);
                assertEquals(0, routes.routesHeld(), "round " + round);
                for (final String clOrdId : List.of("A", "A-1", "A-" + (ofA - 1), "T", "O0"))
                {
                    assertTrue(routes.find(BROKER1, clOrdId).order().isRetired(), clOrdId);
                }
                assertTrue(routes.find(BROKER2, "B").order().isRetired());
            }
        }
    }

    @Test
    void aStartDoesNotWaitForTheCompactionAndWhatIsTakenMeanwhileIsInTheCompactedJournal() throws Exception
    {
        final OrderRoutes.Terms terms = new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 190, 5);
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 10, 1_000))
        {
            for (int i = 0; i < 500; i++)
            {
                final OrderRoutes.Route route = routes.newOrder(i % 2 == 0 ? BROKER1 : BROKER2, "O" + i, "ACC1",
                    "AAPL", '1', terms);
                routes.onOffered(route);
                routes.onOrderId(route.order(), 1_000 + i, 0);
                if (i % 50 != 0)
                {
                    routes.onDone(route.order());
                }
            }
        }
        final long full = Files.size(file());
        // The compaction is handed to this executor and runs only when the test says: a start that waited for it
        // would have compacted the journal before the constructor returned.
        final List<Runnable> compactions = new java.util.ArrayList<>();
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 10, 1_000,
            RetiredClOrdIds.ZEROS, compactions::add))
        {
            assertEquals(1, compactions.size(), "the compaction is asked for, and the start did not wait for it");
            assertEquals(full, Files.size(file()), "not compacted yet");
            // Brokers are served meanwhile: duplicates (retired and held) refused, new orders journaled.
            for (int i = 0; i < 500; i++)
            {
                assertNull(routes.newOrder(i % 2 == 0 ? BROKER1 : BROKER2, "O" + i, "ACC1", "AAPL", '1'), "O" + i);
            }
            final OrderRoutes.Route taken = routes.newOrder(BROKER1, "during", "ACC1", "AAPL", '1', terms);
            final OrderRoutes.Route cancel =
                routes.request(routes.find(BROKER1, "O0").order(), "cancel O0", OrderRoutes.Kind.CANCEL);
            routes.onOffered(cancel);

            final Thread compaction = new Thread(compactions.get(0));
            compaction.start();
            final OrderRoutes.Route alongside = routes.newOrder(BROKER2, "alongside", "ACC1", "AAPL", '1', terms);
            routes.onOffered(alongside);
            compaction.join(30_000);
            final OrderRoutes.Route after = routes.newOrder(BROKER1, "after", "ACC1", "AAPL", '1', terms);
            routes.onOffered(after);
            assertTrue(Files.size(file()) < full / 2, "compacted: " + Files.size(file()) + " of " + full);
            assertFalse(Files.exists(dir.resolve("clordids.log.migrating")));
            assertNotNull(taken);
        }
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 10, 1_000))
        {
            for (int i = 0; i < 500; i++)
            {
                assertTrue(routes.isKnown(i % 2 == 0 ? BROKER1 : BROKER2, "O" + i), "O" + i);
            }
            assertEquals(terms, routes.find(BROKER1, "during").terms());
            assertTrue(routes.unoffered().stream().anyMatch((route) -> route.brokerClOrdId().equals("during")),
                "taken, never offered: offered after the restart");
            assertFalse(routes.find(BROKER1, "O0").order().isDone());
            assertEquals(1_000, routes.find(BROKER1, "O0").order().orderId());
            for (final String clOrdId : List.of("cancel O0", "alongside", "after"))
            {
                final SessionID session = clOrdId.equals("alongside") ? BROKER2 : BROKER1;
                assertNotNull(routes.find(session, clOrdId), clOrdId);
                assertFalse(routes.unoffered().stream().anyMatch((route) -> route.brokerClOrdId().equals(clOrdId)),
                    clOrdId + " was offered");
            }
            final OrderRoutes.Route next = routes.newOrder(BROKER1, "next", "ACC1", "AAPL", '1');
            assertTrue(next.clOrdId() > routes.find(BROKER1, "after").clOrdId());
        }
    }

    @Test
    void theJournalIsCompactedAtStartToTheHeldOrdersAndTheRetiredClOrdIds() throws Exception
    {
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 1_000_000, 1024))
        {
            for (int i = 0; i < 2_000; i++)
            {
                final OrderRoutes.Route order = routes.newOrder(BROKER1, "O" + i, "ACC1", "AAPL", '1',
                    new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 1_000_000 + i, 10));
                routes.onOffered(order);
                routes.onOrderId(order.order(), 10_000 + i, 0);
                if (i % 100 != 0)
                {
                    order.order().lastOrdStatus(quickfix.field.OrdStatus.FILLED);
                    routes.onDone(order.order());
                }
            }
        }
        final long before = Files.size(file());
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 5, 1024))
        {
            assertEquals(20 + 5, routes.ordersHeld(), "20 working orders and the 5 most recently done");
        }
        final long after = Files.size(file());
        assertTrue(after < before / 2, "compacted from " + before + " to " + after + " bytes");
        assertFalse(Files.exists(dir.resolve("clordids.log.migrating")), "no temporary file left");
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 5, 1024))
        {
            assertEquals(after, Files.size(file()), "nothing more to compact");
            assertEquals(25, routes.ordersHeld());
            assertEquals(2_000 - 25, routes.retiredClOrdIds());
            final OrderRoutes.Route working = routes.find(BROKER1, "O1900");
            assertFalse(working.order().isDone());
            assertEquals(10_000 + 1900, working.order().orderIdIn(0));
            assertEquals(new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 1_001_900, 10), working.terms());
            assertTrue(routes.unoffered().isEmpty(), "offers survive compaction");
            final OrderRoutes.Route recent = routes.find(BROKER1, "O1999");
            assertFalse(recent.order().isRetired(), "the most recently done orders are held in full");
            assertEquals(recent, routes.route(recent.clOrdId()));
            assertTrue(routes.find(BROKER1, "O1").order().isRetired());
            for (int i = 0; i < 2_000; i++)
            {
                assertTrue(routes.isKnown(BROKER1, "O" + i), "O" + i);
            }
            assertEquals(2_000 + 1, routes.newOrder(BROKER1, "N", "ACC1", "AAPL", '1').clOrdId());
        }
    }

    @Test
    void aSessionNoLongerConfiguredDoesNotBlockTheCompactionAndItsClOrdIdsAreStillDuplicatesWhenItComesBack()
        throws Exception
    {
        final OrderRoutes.Terms terms = new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 1_000_000, 10);
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 1_000_000, 1024))
        {
            for (int i = 0; i < 500; i++)
            {
                final OrderRoutes.Route order = routes.newOrder(BROKER1, "O" + i, "ACC1", "AAPL", '1', terms);
                routes.onOffered(order);
                order.order().lastOrdStatus(quickfix.field.OrdStatus.FILLED);
                routes.onDone(order.order());
            }
            final OrderRoutes.Route done = routes.newOrder(BROKER2, "B-DONE", "ACC2", "MSFT", '2', terms);
            routes.onOffered(done);
            routes.onOrderId(done.order(), 77, 5);
            done.order().lastOrdStatus(quickfix.field.OrdStatus.CANCELED);
            routes.onDone(done.order());
            final OrderRoutes.Route working = routes.newOrder(BROKER2, "B-WORKING", "ACC2", "MSFT", '2', terms);
            routes.onOffered(working);
            routes.onOrderId(working.order(), 78, 5);
            final OrderRoutes.Route replace = routes.request(working.order(), "B-REPLACE", OrderRoutes.Kind.REPLACE,
                new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 1_000_100, 20));
            routes.onOffered(replace);
            routes.onReplaced(working.order(), replace.clOrdId());
            routes.newOrder(BROKER2, "B-UNOFFERED", "ACC2", "MSFT", '2', terms); // taken, never offered
        }
        final long before = Files.size(file());

        // BROKER2 removed from the configuration: its records are carried over, BROKER1's retired orders compacted.
        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1), 5, 1024))
        {
            assertEquals(5, routes.ordersHeld());
            assertEquals(495, routes.retiredClOrdIds());
        }
        final long after = Files.size(file());
        assertTrue(after < before, "compacted from " + before + " to " + after + " bytes");
        assertTrue(firstLine(file()).startsWith("L\t"), "rewritten: a compacted journal starts with its L record");

        try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 5, 1024))
        {
            for (final String clOrdId : List.of("B-DONE", "B-WORKING", "B-REPLACE", "B-UNOFFERED"))
            {
                assertTrue(routes.isKnown(BROKER2, clOrdId), clOrdId);
                assertNull(routes.newOrder(BROKER2, clOrdId, "ACC2", "MSFT", '2'), clOrdId + " is a duplicate");
            }
            final OrderRoutes.Order working = routes.find(BROKER2, "B-WORKING").order();
            assertFalse(working.isDone());
            assertEquals(78, working.orderIdIn(5));
            assertEquals(routes.find(BROKER2, "B-REPLACE").clOrdId(), working.currentClOrdId());
            assertEquals(new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 1_000_100, 20),
                routes.find(BROKER2, "B-REPLACE").terms());
            final OrderRoutes.Order done = routes.find(BROKER2, "B-DONE").order();
            assertTrue(done.isDone());
            assertEquals(quickfix.field.OrdStatus.CANCELED, done.lastOrdStatus());
            assertEquals(List.of("B-UNOFFERED"), routes.unoffered().stream().map(OrderRoutes.Route::brokerClOrdId)
                .toList(), "only the request never offered is offered after the restart");
            for (int i = 0; i < 500; i++)
            {
                assertTrue(routes.isKnown(BROKER1, "O" + i), "O" + i);
            }
            assertEquals(500 + 4 + 1, routes.newOrder(BROKER1, "NEXT", "ACC1", "AAPL", '1').clOrdId(),
                "ids continue above the removed session's too");
        }
    }

    private static String firstLine(final Path journal) throws Exception
    {
        final Path copy = journal.resolveSibling("first-line-copy.log");
        Files.copy(journal, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        final List<String> lines = new java.util.ArrayList<>();
        io.peregrine.gateway.store.RecordLog.openText(copy, "copy", null, lines::add).close();
        Files.delete(copy);
        return lines.isEmpty() ? "" : lines.get(0);
    }

    @Test
    void aJournalWrittenByTheRound8VersionLoadsAndIsCompactedWithoutLosingAnything() throws Exception
    {
        // Written by OrderRoutes of 5d4d7ec (main before retention): B1 "A" filled (order id 900), B1 "B" replaced
        // by "B-R" then canceled by "B-C", B2 "C" working, replaced by "C-R" (order id 902), B2 "D" taken and never
        // offered. D records there carry no OrdStatus.
        try (var in = OrderRoutesTest.class.getResourceAsStream("clordids-5d4d7ec.journal"))
        {
            Files.write(file(), in.readAllBytes());
        }
        for (int run = 0; run < 2; run++)
        {
            try (OrderRoutes routes = new OrderRoutes(file(), List.of(BROKER1, BROKER2), 1, 1024))
            {
                for (final String clOrdId : List.of("A", "B", "B-R", "B-C"))
                {
                    assertTrue(routes.isKnown(BROKER1, clOrdId), clOrdId);
                    assertTrue(routes.find(BROKER1, clOrdId).order().isDone(), clOrdId);
                    assertNull(routes.newOrder(BROKER1, clOrdId, "ACC1", "AAPL", '1'), clOrdId);
                }
                assertTrue(routes.find(BROKER1, "A").order().isRetired(), "A left the window of 1 (B is in it)");
                assertEquals(900, routes.find(BROKER1, "A").order().orderId());
                assertFalse(routes.find(BROKER1, "B").order().isRetired());
                assertEquals(routes.find(BROKER1, "B-R").clOrdId(), routes.find(BROKER1, "B").order().currentClOrdId());
                final OrderRoutes.Route c = routes.find(BROKER2, "C");
                assertFalse(c.order().isDone());
                assertEquals(902, c.order().orderIdIn(0));
                assertEquals(routes.find(BROKER2, "C-R").clOrdId(), c.order().currentClOrdId());
                assertEquals(OrderRoutes.Kind.REPLACE, routes.find(BROKER2, "C-R").kind());
                assertEquals(1_810_000, routes.find(BROKER2, "C-R").terms().price());
                assertEquals(1, routes.unoffered().size(), "D was never offered");
                assertEquals("D", routes.unoffered().get(0).brokerClOrdId());
                assertEquals(OrdType.MARKET, routes.unoffered().get(0).terms().ordType());
                assertEquals(2 + run, routes.workingOrders(BROKER2).size(), "C, D and the E orders");
                final OrderRoutes.Route next = routes.newOrder(BROKER2, "E" + run, "ACC2", "AAPL", '1');
                assertTrue(next.clOrdId() > 7 + run);
                routes.onOffered(next);
            }
        }
    }
}
