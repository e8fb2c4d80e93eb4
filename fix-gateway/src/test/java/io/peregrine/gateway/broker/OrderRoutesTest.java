package io.peregrine.gateway.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.SessionID;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
}
