package io.peregrine.gateway.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jol.info.GraphLayout;
import quickfix.SessionID;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap a trading day of done orders costs the broker side. A soak of 450,000 orders at 300/s found the gateway's
 * live heap growing about 156 bytes per order for ever (an {@code Order}, its ClOrdID's {@code String} and a map slot
 * per retired order): a 1 GB heap full within a trading day. Measured here as the bytes of the {@link OrderRoutes}
 * object graph (JOL walks it), which does not depend on the GC or the clock.
 */
class OrderRoutesHeapTest
{
    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final int WINDOW = 100;

    static
    {
        // JOL reads the field offsets of record classes (Terms, ...) this way only; set before its first use.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    @TempDir
    Path dir;

    @Test
    void retiredOrdersDoNotGrowTheHeapAndStillAnswerDuplicatesCancelsAndStatus()
    {
        final Path file = dir.resolve("clordids.log");
        final long after;
        try (OrderRoutes routes = new OrderRoutes(file, List.of(BROKER1), WINDOW, 16_384))
        {
            fill(routes, 0, 2_000);
            final long before = GraphLayout.parseInstance(routes).totalSize();
            fill(routes, 2_000, 6_000);
            after = GraphLayout.parseInstance(routes).totalSize();
            final double perOrder = (after - before) / 4_000.0;
            assertTrue(perOrder < 4, "heap bytes per retired order: " + perOrder + " (" + before + " -> " + after +
                ")");
            assertEquals(6_000 - WINDOW, routes.retiredClOrdIds());
            assertEquals(WINDOW, routes.ordersHeld());
            assertRetired(routes);
        }
        try (OrderRoutes routes = new OrderRoutes(file, List.of(BROKER1), WINDOW, 16_384))
        {
            assertEquals(6_000 - WINDOW, routes.retiredClOrdIds(), "rebuilt from the journal");
            assertRetired(routes);
            final long restarted = GraphLayout.parseInstance(routes).totalSize();
            // The graph reaches classes (enums, lambdas): the replay's add some 40 KB; a map of the replay's 5,900
            // retired orders kept after it (sized for them, cleared, never compacted) added 300 KB.
            assertTrue(restarted < after + 128 * 1024, "the replay leaves nothing per retired order on the heap: " +
                after + " -> " + restarted + " bytes");
        }
    }

    private static void fill(final OrderRoutes routes, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final OrderRoutes.Route route = routes.newOrder(BROKER1, clOrdId(i), "ACC1", "AAPL", '1');
            routes.onOffered(route);
            routes.onOrderId(route.order(), 1_000_000 + i, 0);
            route.order().lastOrdStatus(quickfix.field.OrdStatus.FILLED);
            routes.onDone(route.order());
        }
    }

    private static void assertRetired(final OrderRoutes routes)
    {
        assertNull(routes.newOrder(BROKER1, clOrdId(0), "ACC1", "AAPL", '1'), "a retired ClOrdID is a duplicate");
        final OrderRoutes.Route late = routes.find(BROKER1, clOrdId(17));
        assertNotNull(late, "a cancel or status request naming it finds the done order");
        assertTrue(late.order().isRetired());
        assertEquals(1_000_017, late.order().orderId());
        assertEquals(quickfix.field.OrdStatus.FILLED, late.order().lastOrdStatus());
        assertEquals("AAPL", late.order().symbol());
        assertEquals("ACC1", late.order().account());
        assertNull(routes.find(BROKER1, "SOAK-CLIENT-ORDER-never"));
    }

    private static String clOrdId(final int i)
    {
        return String.format("SOAK-CLIENT-ORDER-%06d", i);
    }
}
