package io.peregrine.gateway;

import io.peregrine.gateway.broker.OrderRoutes;
import io.peregrine.gateway.venue.VenueClOrdId;
import io.peregrine.gateway.venue.VenueOrderJournal;
import io.peregrine.gateway.venue.VenueReportJournal;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.TimeInForce;
import org.junit.jupiter.api.Test;
import quickfix.SessionID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures what a gateway start spends on its journals after a trading day: fills a data directory's ClOrdID journal
 * ({@code broker/clordids.log}) and venue journals ({@code venue/orders.log}, {@code venue/reports.log}) with a day
 * of orders (two broker sessions, every order done, one in three with a cancel, two venue reports each), then times
 * opening each as the gateway does at start (replay, retirement, compaction: until the constructor returns), twice:
 * the first start after the day, and a second start after a further day of the same size. The ClOrdID journal is
 * opened four times each time, each on a copy of the stopped day's files: alternately with the journal alone (as after
 * a crash: the whole journal read) and with the start snapshot the clean stop wrote. Prints one line per
 * journal and start, with the wall-clock time and the opening thread's CPU time (steadier on a shared machine). A measurement, not
 * a test: it asserts nothing and is not part of the build (its name does not match surefire's patterns). One command,
 * from the repository root:
 * <pre>
 * mvn -B -o -pl fix-gateway -am test -Dtest=StartTimeProbe -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Options: {@code -Dperegrine.startTimeProbe.orders=50000} (orders per day), {@code -Dperegrine.startTimeProbe.dir}
 * (the data directory; a temporary one, deleted, by default), {@code -Dperegrine.startTimeProbe.jfr=/tmp/start}
 * (records each start with Flight Recorder into {@code /tmp/start-start1.jfr} and {@code -start2.jfr}).
 */
public final class StartTimeProbe
{
    /** Orders per simulated day. */
    public static final String ORDERS_PROP = "peregrine.startTimeProbe.orders";
    /** The data directory to fill (kept); a temporary one by default (deleted). */
    public static final String DIR_PROP = "peregrine.startTimeProbe.dir";

    /** A file name prefix: each start is recorded by Flight Recorder into {@code <prefix>-start<n>.jfr}. */
    public static final String JFR_PROP = "peregrine.startTimeProbe.jfr";

    private static final SessionID BROKER1 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER1");
    private static final SessionID BROKER2 = new SessionID("FIX.4.4", "PEREGRINE", "BROKER2");
    private static final List<SessionID> SESSIONS = List.of(BROKER1, BROKER2);
    private static final long RUN = 1;
    private static final java.lang.management.ThreadMXBean CPU =
        java.lang.management.ManagementFactory.getThreadMXBean();

    @Test
    void measureTheJournalsLoadAtStartAfterADayOfOrders() throws Exception
    {
        final int orders = Integer.getInteger(ORDERS_PROP, 50_000);
        final String dirName = System.getProperty(DIR_PROP);
        final Path dir = null == dirName ? Files.createTempDirectory("start-time-probe") : Path.of(dirName);
        try
        {
            Files.createDirectories(dir.resolve("broker"));
            Files.createDirectories(dir.resolve("venue"));
            for (int day = 0; day < 2; day++)
            {
                fill(dir, day * orders, orders);
                System.out.printf("day %d: %,d orders; clordids.log %,d bytes, orders.log %,d, reports.log %,d%n",
                    day + 1, orders, Files.size(routesFile(dir)), Files.size(venueOrdersFile(dir)),
                    Files.size(venueReportsFile(dir)));
                final jdk.jfr.Recording recording = startRecording();
                final int n = day + 1;
                for (int repeat = 0; repeat < 2; repeat++) // twice each, alternating: the first pays the JIT
                {
                    // Each on a copy of the stopped day, so that neither finds the other's compaction: as after a
                    // crash (the journal alone: read whole), then after the clean stop (from its start snapshot).
                    for (final boolean snapshot : new boolean[] { false, true })
                    {
                        final Path copy = copyOfRoutes(dir, snapshot);
                        time(n, "OrderRoutes", () -> new OrderRoutes(routesFile(copy), SESSIONS),
                            StartTimeProbe::routes);
                        delete(copy);
                    }
                }
                // The day's own directory starts the next day from its snapshot.
                time(n, "VenueOrderJournal", () -> new VenueOrderJournal(venueOrdersFile(dir)),
                    (journal) -> String.format("%,d working orders", journal.workingOrders()));
                time(n, "VenueReportJournal", () -> new VenueReportJournal(venueReportsFile(dir)),
                    (journal) -> String.format("%,d keys held", journal.keysHeld()));
                if (null != recording)
                {
                    final Path jfr = Path.of(System.getProperty(JFR_PROP) + "-start" + (day + 1) + ".jfr");
                    recording.dump(jfr);
                    recording.close();
                    System.out.println("recorded the start in " + jfr.toAbsolutePath());
                }
            }
        }
        finally
        {
            if (null == dirName)
            {
                delete(dir);
            }
        }
    }

    /**
     * Opens a journal as a start does and prints how long its constructor took (wall clock and this thread's CPU), then
     * the CPU its close took on this thread (closing waits for its compaction in the background, which is not
     * counted).
     */
    private static <T extends AutoCloseable> void time(
        final int start, final String what, final java.util.function.Supplier<T> open,
        final java.util.function.Function<T, String> held) throws Exception
    {
        final long wallNs = System.nanoTime();
        final long cpuNs = CPU.getCurrentThreadCpuTime();
        final T journal = open.get();
        try
        {
            System.out.printf("start %d: %s %,d ms, %,d ms of CPU (%s)%n", start, what,
                (System.nanoTime() - wallNs) / 1_000_000, (CPU.getCurrentThreadCpuTime() - cpuNs) / 1_000_000,
                held.apply(journal));
        }
        finally
        {
            // The closing thread's CPU: the stop's own work (the ClOrdID journal's start snapshot), not the wait for
            // a compaction still running in the background.
            final long closeCpuNs = CPU.getCurrentThreadCpuTime();
            journal.close();
            System.out.printf("stop %d: %s %,d ms of CPU%n", start, what,
                (CPU.getCurrentThreadCpuTime() - closeCpuNs) / 1_000_000);
        }
    }

    /**
     * A directory holding a copy of the ClOrdID journal, and with {@code snapshot} its start snapshot and, hard-linked
     * (a start refuses copies of them: another inode), its scratch files; beside {@code dir}, on its file system.
     */
    private static Path copyOfRoutes(final Path dir, final boolean snapshot) throws java.io.IOException
    {
        final Path copy = Files.createDirectories(Files.createTempDirectory(dir.toAbsolutePath().getParent(),
            "start-time-probe").resolve("broker")).getParent();
        for (final String name : snapshot ? List.of("clordids.log", "clordids.log.snapshot") : List.of("clordids.log"))
        {
            Files.copy(routesFile(dir).resolveSibling(name), routesFile(copy).resolveSibling(name));
        }
        if (snapshot)
        {
            for (final String name : List.of("clordids.log.retired", "clordids.log.retired-index"))
            {
                Files.createLink(routesFile(copy).resolveSibling(name), routesFile(dir).resolveSibling(name));
            }
        }
        return copy;
    }

    private static void delete(final Path dir) throws java.io.IOException
    {
        try (var files = Files.walk(dir))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
        }
    }

    private static String routes(final OrderRoutes routes)
    {
        return String.format("%,d retired ClOrdIDs, %,d orders held, %s, %,d journal lines read",
            routes.retiredClOrdIds(), routes.ordersHeld(), routes.startedFromSnapshot() ? "from the start snapshot" :
            "no snapshot (as after a crash)", routes.journalLinesReplayedAtStart());
    }

    /** With {@link #JFR_PROP}: a Flight Recorder recording (profile settings) of one start. */
    private static jdk.jfr.Recording startRecording() throws Exception
    {
        if (null == System.getProperty(JFR_PROP))
        {
            return null;
        }
        final jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.start();
        return recording;
    }

    private static Path routesFile(final Path dir)
    {
        return dir.resolve("broker").resolve("clordids.log");
    }

    private static Path venueOrdersFile(final Path dir)
    {
        return dir.resolve("venue").resolve("orders.log");
    }

    private static Path venueReportsFile(final Path dir)
    {
        return dir.resolve("venue").resolve("reports.log");
    }

    /** A day of {@code orders} orders after the first {@code from}, every one done. */
    private static void fill(final Path dir, final int from, final int orders)
    {
        final long start = System.nanoTime();
        try (OrderRoutes routes = new OrderRoutes(routesFile(dir), SESSIONS);
            VenueOrderJournal venueOrders = new VenueOrderJournal(venueOrdersFile(dir));
            VenueReportJournal reports = new VenueReportJournal(venueReportsFile(dir)))
        {
            if (null == venueOrders.run())
            {
                venueOrders.startRun(7, RUN);
            }
            for (int i = from; i < from + orders; i++)
            {
                final SessionID session = i % 2 == 0 ? BROKER1 : BROKER2;
                final OrderRoutes.Route order = routes.newOrder(session, "ORD-2026-12-07-" + i, "ACC1", "AAPL", '1',
                    new OrderRoutes.Terms(OrdType.LIMIT, TimeInForce.DAY, 1_900_000 + i % 100, 100));
                routes.onOffered(order);
                final long orderId = 1 + i;
                routes.onOrderId(order.order(), orderId, 0);
                venueOrders.onSent(1, orderId, '1', "AAPL");
                final String venueClOrdId = VenueClOrdId.format(RUN, orderId, 0);
                reports.forwarded(reports.accept(1, "A" + i, report(venueClOrdId, "A" + i, '0')));
                if (i % 3 == 0)
                {
                    final OrderRoutes.Route cancel =
                        routes.request(order.order(), "CXL-2026-12-07-" + i, OrderRoutes.Kind.CANCEL);
                    routes.onOffered(cancel);
                    venueOrders.onRequest(orderId, 1_000_000_000L + i, false);
                    venueOrders.onAnswered(orderId, 1_000_000_000L + i);
                }
                reports.forwarded(reports.accept(1, "F" + i, report(venueClOrdId, "F" + i, '2')));
                reports.orderClosed(1, venueClOrdId);
                venueOrders.onDone(orderId);
                order.order().lastOrdStatus(quickfix.field.OrdStatus.FILLED);
                routes.onDone(order.order());
            }
        }
        System.out.printf("filled %,d orders in %,d ms%n", orders, (System.nanoTime() - start) / 1_000_000);
    }

    private static String report(final String clOrdId, final String execId, final char ordStatus)
    {
        return "8=FIX.4.4\u00019=120\u000135=8\u000134=7\u000149=SIMVENUE\u000156=PEREGRINE\u000111=" + clOrdId +
            "\u000117=" + execId + "\u000137=V" + execId + "\u000139=" + ordStatus +
            "\u000155=AAPL\u000154=1\u000138=100\u000144=190.00\u000110=000\u0001";
    }
}
