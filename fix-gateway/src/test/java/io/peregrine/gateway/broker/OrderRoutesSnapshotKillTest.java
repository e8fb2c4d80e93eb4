package io.peregrine.gateway.broker;

import io.peregrine.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start snapshot survives a SIGKILL at any point: a child JVM plays random days ({@link RoutesDay}) on one journal,
 * stopping cleanly after each (the stop writes the snapshot, the next start uses and deletes it), saying what it took
 * after each day and when each stop ended. Per seed the test kills it (SIGKILL) at a random instant once it created the
 * journal, while a snapshot is being written, or just after a stop (in the next start); then a start on what it left
 * (with the snapshot if one is there) must hold exactly what a start that reads the whole journal holds, every ClOrdID
 * the child said it took included. Then two children killed at points it stops at and says so, so that the start from a
 * snapshot is certainly covered: right after a stop renamed its snapshot into place, and in the next start after it
 * read the snapshot and mapped the scratch files, before it deleted the snapshot; the start on what either left uses
 * the snapshot. Bounded: {@link #SEEDS} + 2 children, each killed within seconds.
 */
class OrderRoutesSnapshotKillTest
{
    private static final int SEEDS = 9;
    private static final int RETAINED = 10;
    /** The child's kill points: after a stop ({@link Cycler}), and in a start ({@link OrderRoutes}'s test point). */
    private static final List<String> KILL_POINTS = List.of("stopped", OrderRoutes.SNAPSHOT_READ_POINT);

    @TempDir
    Path dir;

    @Test
    void aSigkillAtAnyPointOfAStopOrAStartLeavesWhatAFullReadOfTheJournalHolds() throws Exception
    {
        for (int seed = 1; seed <= SEEDS + KILL_POINTS.size(); seed++)
        {
            final String killPoint = seed > SEEDS ? KILL_POINTS.get(seed - SEEDS - 1) : "none";
            final CountDownLatch atPoint = new CountDownLatch(1);
            final Path file = Files.createDirectory(dir.resolve("seed-" + seed)).resolve("clordids.log");
            final List<String> taken = new ArrayList<>();
            final java.util.concurrent.atomic.AtomicInteger stops = new java.util.concurrent.atomic.AtomicInteger();
            final SplittableRandom random = new SplittableRandom(seed);
            final Process child = new ProcessBuilder(ChildJvm.command("256m", Cycler.class, file.toString(),
                String.valueOf(seed), killPoint)).redirectError(dir.resolve("child-" + seed + ".err").toFile()).start();
            final Thread reader = new Thread(() -> read(child, taken, stops, atPoint), "child-output");
            reader.start();
            try
            {
                final long deadline = System.currentTimeMillis() + 180_000; // generous: the cores are shared
                while (!Files.exists(file) && child.isAlive()) // a JVM start takes seconds on a loaded machine
                {
                    assertTrue(System.currentTimeMillis() < deadline, "the child never started");
                    LockSupport.parkNanos(1_000_000);
                }
                switch (seed > SEEDS ? -1 : seed % 3)
                {
                    case -1 -> assertTrue(atPoint.await(180, TimeUnit.SECONDS), "the child never reached " + killPoint);
                    case 0 -> Thread.sleep(random.nextInt(3_000));
                    case 1 ->
                    {
                        final Path writing = file.resolveSibling("clordids.log.snapshot.tmp");
                        while (!Files.exists(writing) && child.isAlive())
                        {
                            assertTrue(System.currentTimeMillis() < deadline, "the child never stopped");
                            LockSupport.parkNanos(50_000);
                        }
                        LockSupport.parkNanos(random.nextInt(3_000_000));
                    }
                    default ->
                    {
                        final int after = 1 + random.nextInt(3);
                        while (stops.get() < after && child.isAlive())
                        {
                            assertTrue(System.currentTimeMillis() < deadline, "the child is too slow");
                            LockSupport.parkNanos(100_000);
                        }
                        LockSupport.parkNanos(random.nextInt(30_000_000));
                    }
                }
                child.destroyForcibly(); // SIGKILL
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            }
            finally
            {
                child.destroyForcibly();
                reader.join(10_000);
            }

            final List<String> acknowledged;
            synchronized (taken)
            {
                acknowledged = new ArrayList<>(taken);
            }
            assertTrue(Files.exists(file), "seed " + seed + ": the child wrote no journal: " + errors(seed));
            final Path crashed = Files.createDirectory(dir.resolve("full-" + seed)).resolve("clordids.log");
            Files.copy(file, crashed);
            final String fullRead;
            try (OrderRoutes routes = open(crashed))
            {
                assertFalse(routes.startedFromSnapshot());
                fullRead = RoutesDay.state(routes, acknowledged);
            }
            final boolean snapshotLeft = Files.exists(StartSnapshot.file(file));
            try (OrderRoutes routes = open(file))
            {
                final String state = RoutesDay.state(routes, acknowledged);
                assertFalse(state.contains("unknown"), "seed " + seed + ": a ClOrdID the child took is lost");
                assertEquals(fullRead, state, "seed " + seed + " (snapshot left: " + snapshotLeft + ", used: " +
                    routes.startedFromSnapshot() + ")");
                if (seed > SEEDS)
                {
                    assertTrue(routes.startedFromSnapshot(), "killed at " + killPoint + ": the snapshot is used");
                }
            }
        }
    }

    private String errors(final int seed)
    {
        try
        {
            return Files.readString(dir.resolve("child-" + seed + ".err"));
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }

    private static void read(
        final Process child, final List<String> taken, final java.util.concurrent.atomic.AtomicInteger stops,
        final CountDownLatch atPoint)
    {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
        {
            final List<String> day = new ArrayList<>();
            String line;
            while (null != (line = out.readLine()))
            {
                if (line.startsWith("taken "))
                {
                    day.add(line.substring("taken ".length()));
                }
                else if (line.startsWith("played"))
                {
                    synchronized (taken)
                    {
                        taken.addAll(day); // whole days only: a day cut by the kill was partly printed
                    }
                    day.clear();
                }
                else if (line.startsWith("stopped"))
                {
                    stops.incrementAndGet();
                }
                else if (line.startsWith("at "))
                {
                    atPoint.countDown();
                }
            }
        }
        catch (final java.io.IOException ex)
        {
            // the kill closed the pipe
        }
    }

    private static OrderRoutes open(final Path file)
    {
        return new OrderRoutes(file, RoutesDay.SESSIONS, RETAINED, 1, RetiredClOrdIds.ZEROS,
            io.peregrine.gateway.store.RecordLog.BACKGROUND);
    }

    /**
     * The child: random days on the journal, each from a start (from the snapshot after the first) to a clean stop,
     * until killed; prints the ClOrdIDs of each day once it was played, and a line when each stop ended. With a kill
     * point (the third argument), once a day was stopped it says {@code at <point>} there and waits to be killed.
     */
    public static final class Cycler
    {
        public static void main(final String[] args)
        {
            final Path file = Path.of(args[0]);
            final SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]) * 1_000_003L);
            final String killPoint = args[2];
            final java.util.function.Consumer<String> testPoint = (point) ->
            {
                if (point.equals(killPoint))
                {
                    waitToBeKilled(point);
                }
            };
            for (int day = 0; ; day++)
            {
                try (OrderRoutes routes = new OrderRoutes(file, RoutesDay.SESSIONS, RETAINED, 1,
                    RetiredClOrdIds.ZEROS, io.peregrine.gateway.store.RecordLog.BACKGROUND, testPoint))
                {
                    final List<String> taken = RoutesDay.play(routes, random, 50 + random.nextInt(200), day + "-");
                    final StringBuilder out = new StringBuilder();
                    taken.forEach((key) -> out.append("taken ").append(key).append('\n'));
                    System.out.print(out.append("played ").append(day).append('\n'));
                    System.out.flush();
                }
                System.out.println("stopped " + day);
                System.out.flush();
                testPoint.accept("stopped");
            }
        }

        private static void waitToBeKilled(final String point)
        {
            System.out.println("at " + point);
            System.out.flush();
            while (true)
            {
                LockSupport.park();
            }
        }
    }
}
