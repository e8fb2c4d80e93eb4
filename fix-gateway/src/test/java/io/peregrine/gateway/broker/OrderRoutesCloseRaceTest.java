package io.peregrine.gateway.broker;

import io.peregrine.gateway.store.RecordLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.peregrine.gateway.broker.RoutesDay.BROKER1;
import static io.peregrine.gateway.broker.RoutesDay.SESSIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop ({@link OrderRoutes#close}) while a thread that outlived the stop's wait (a broker session's dispatcher, the
 * report agent) is half way through retiring a done order or ending a status request: the next start knows what a
 * start that reads the whole journal knows (the order's ClOrdID, the request still unanswered). The thread is stopped
 * at the point by a latch, not a sleep.
 */
class OrderRoutesCloseRaceTest
{
    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path dir;

    /** Stops the thread that reaches {@code point} once armed, until released. */
    private static final class Pause implements Consumer<String>
    {
        private final String point;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean armed;

        Pause(final String point)
        {
            this.point = point;
        }

        @Override
        public void accept(final String at)
        {
            if (armed && point.equals(at))
            {
                armed = false;
                reached.countDown();
                await(released);
            }
        }
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "latch");
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Takes an order, runs {@code work} on it in a thread stopped at {@code point}, closes meanwhile, then lets the
     * thread finish.
     *
     * @return the journal.
     */
    private Path closedWhilePausedAt(final String point, final String clOrdId,
        final java.util.function.BiConsumer<OrderRoutes, OrderRoutes.Route> work) throws Exception
    {
        final Path file = Files.createDirectory(dir.resolve(point)).resolve("clordids.log");
        final Pause pause = new Pause(point);
        final OrderRoutes routes = open(file, pause);
        final OrderRoutes.Route order = routes.newOrder(BROKER1, clOrdId, "ACC1", "AAPL", '1');
        pause.armed = true;
        final Thread late = new Thread(() ->
        {
            try
            {
                work.accept(routes, order);
            }
            catch (final RuntimeException ex)
            {
                // After the stop: the journal or the retired ClOrdIDs are closed under it, as for any late caller.
            }
        }, "late-dispatcher");
        late.start();
        await(pause.reached);
        routes.close();
        pause.released.countDown();
        late.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(late.isAlive());
        return file;
    }

    private OrderRoutes open(final Path file, final Consumer<String> testPoint)
    {
        return new OrderRoutes(file, SESSIONS, 0, 1, RetiredClOrdIds.ZEROS, RecordLog.BACKGROUND, testPoint);
    }

    @Test
    void anOrderBeingRetiredWhenTheStopRunsIsStillKnownAtTheNextStart() throws Exception
    {
        final Path file = closedWhilePausedAt(OrderRoutes.RETIRE_POINT, "R1", (routes, order) ->
        {
            order.order().lastOrdStatus(quickfix.field.OrdStatus.FILLED);
            routes.onDone(order.order());
        });
        try (OrderRoutes next = open(file, (point) -> { }))
        {
            final OrderRoutes.Route found = next.find(BROKER1, "R1");
            assertNotNull(found, "a resend of R1 (PossDup) must be a duplicate, not a new order");
            assertTrue(found.order().isRetired() || found.order().isDone());
        }
    }

    @Test
    void aStatusRequestBeingAnsweredWhenTheStopRunsIsAskedAgainAtTheNextStartAsAFullReadDoes() throws Exception
    {
        final long[] asked = new long[1];
        final Path file = closedWhilePausedAt(OrderRoutes.ANSWER_POINT, "Q1", (routes, order) ->
        {
            asked[0] = routes.onStatusAsked(BROKER1, "Q1", order.clOrdId(), order);
            routes.onStatusAnswered(order.clOrdId()); // stopped before its answer is journaled
        });
        final Path crashed = Files.createDirectory(dir.resolve("crashed")).resolve("clordids.log");
        Files.copy(file, crashed);
        final List<Long> fullRead;
        try (OrderRoutes full = open(crashed, (point) -> { }))
        {
            assertFalse(full.startedFromSnapshot());
            fullRead = full.statusRequestsOfEarlierRuns().stream().map(OrderRoutes.StatusRequest::id).toList();
        }
        assertEquals(List.of(asked[0]), fullRead, "its answer was never journaled");
        try (OrderRoutes next = open(file, (point) -> { }))
        {
            assertTrue(next.startedFromSnapshot());
            assertEquals(fullRead,
                next.statusRequestsOfEarlierRuns().stream().map(OrderRoutes.StatusRequest::id).toList());
        }
    }
}
