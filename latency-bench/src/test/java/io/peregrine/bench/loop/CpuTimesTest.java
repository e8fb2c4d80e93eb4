package io.peregrine.bench.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTimesTest
{
    private static final ThreadGroup CLIENT = new ThreadGroup("cpu-times-test-client");

    @Test
    void groupsThreadsByNameWithoutNumbersOrSessionAndTheClientsThreadsTogether()
    {
        final Thread sender = new Thread(() -> { }, "main");
        assertEquals("NioProcessor", CpuTimes.groupOf(new Thread(() -> { }, "NioProcessor-15"), CLIENT, sender));
        assertEquals("QF/J Session dispatcher", CpuTimes.groupOf(
            new Thread(() -> { }, "QF/J Session dispatcher: FIX.4.4:PEREGRINE->BROKER1"), CLIENT, sender));
        assertEquals("GC Thread", CpuTimes.groupOf(new Thread(() -> { }, "GC Thread#0"), CLIENT, sender));
        assertEquals(CpuTimes.AERON_DRIVER, CpuTimes.groupOf(new Thread(() -> { },
            "/dev/shm/peregrine-fixloop-1-2 [sender,receiver,driver-conductor]"), CLIENT, sender));
        assertEquals(CpuTimes.AERON_DRIVER, CpuTimes.groupOf(new Thread(() -> { }, "driver-conductor"), CLIENT,
            sender));
        assertEquals("peregrine-shared-agents", CpuTimes.groupOf(new Thread(() -> { }, "peregrine-shared-agents"),
            CLIENT, sender));
        assertEquals(CpuTimes.CLIENT, CpuTimes.groupOf(sender, CLIENT, sender));
        assertEquals(CpuTimes.CLIENT, CpuTimes.groupOf(new Thread(CLIENT, () -> { }, "NioProcessor-3"), CLIENT,
            sender));
        final ThreadGroup child = new ThreadGroup(CLIENT, "child");
        assertEquals(CpuTimes.CLIENT, CpuTimes.groupOf(new Thread(child, () -> { }, "QFJ Timer"), CLIENT, sender));
    }

    @Test
    void perOrderChargesEachGroupWhatItUsedInTheWindowAndTheJvmTheRestOfTheProcess()
    {
        final Thread sender = new Thread(() -> { }, "load-sender");
        final Thread nio1 = new Thread(() -> { }, "NioProcessor-1");
        final Thread nio2 = new Thread(() -> { }, "NioProcessor-2");
        final Thread agents = new Thread(() -> { }, "peregrine-shared-agents");
        final CpuTimes before = new CpuTimes(1_000_000,
            Map.of(1L, sender, 2L, nio1, 3L, agents), Map.of(1L, 0L, 2L, 100_000L, 3L, 0L),
            Map.of(CpuTimes.GC, 50_000L), 10);
        // nio2 started in the window; the JIT threads appear only at its end
        final CpuTimes after = new CpuTimes(11_000_000,
            Map.of(1L, sender, 2L, nio1, 3L, agents, 4L, nio2),
            Map.of(1L, 2_000_000L, 2L, 1_100_000L, 3L, 4_000_000L, 4L, 500_000L),
            Map.of(CpuTimes.GC, 1_050_000L, CpuTimes.JIT, 300_000L), 30);

        final CpuTimes.PerOrder perOrder = CpuTimes.perOrder(before, after, 10, CLIENT, sender);

        assertEquals(1_000.0, perOrder.processMicros());
        assertEquals(List.of(
            new CpuTimes.Share("peregrine-shared-agents", 1, 400.0),
            new CpuTimes.Share(CpuTimes.CLIENT, 1, 200.0),
            new CpuTimes.Share("NioProcessor", 2, 150.0),
            new CpuTimes.Share(CpuTimes.JVM, 0, 120.0),
            new CpuTimes.Share(CpuTimes.GC, 0, 100.0),
            new CpuTimes.Share(CpuTimes.JIT, 0, 30.0)), perOrder.groups(), "most first; the jvm gets 10 - 8.8 ms");
        assertEquals(2.0, perOrder.switchesPerOrder());
        assertEquals("1000.0 us/order: peregrine-shared-agents 400.0, load client 200.0, NioProcessor (2) 150.0, "
            + "jvm (other, ended threads) 120.0, jvm gc 100.0, jvm jit 30.0, rest 0.0; 2.0 wake-ups/order",
            perOrder.describe());
    }

    @Test
    void readsUserPlusSystemTicksOfAProcStatLineAndKnowsHotSpotsGcAndJitThreads()
    {
        assertEquals(17 + 5, CpuTimes.ticksOf(
            "4242 (C2 CompilerThre) S 4200 4200 4200 0 -1 4194368 312 0 0 0 17 5 0 0 20 0 30 0 1234 0 0"));
        assertEquals(3 + 4, CpuTimes.ticksOf("4243 (a (b) c) R 1 1 1 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 9 0 0"),
            "a name with spaces and parentheses");
        assertEquals(CpuTimes.GC, CpuTimes.jvmGroupOf("GC Thread#1"));
        assertEquals(CpuTimes.GC, CpuTimes.jvmGroupOf("G1 Refine#0"));
        assertEquals(CpuTimes.JIT, CpuTimes.jvmGroupOf("C2 CompilerThre"));
        assertEquals(CpuTimes.JIT, CpuTimes.jvmGroupOf("C1 CompilerThre"));
        assertEquals(null, CpuTimes.jvmGroupOf("NioProcessor-15"));
        assertEquals(null, CpuTimes.jvmGroupOf("VM Thread"));
    }

    @Test
    @Timeout(60)
    void chargesABusyThreadsCpuToItsGroupPerOrderAndTheWholeProcessAtLeastAsMuch() throws Exception
    {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch pause = new CountDownLatch(1);
        final CountDownLatch stop = new CountDownLatch(1);
        final Thread busy = new Thread(() ->
        {
            started.countDown();
            long x = 0;
            while (pause.getCount() > 0)
            {
                x += System.nanoTime() & 7;
            }
            if (x == 42)
            {
                System.out.print("");
            }
            // alive but idle while the end of the window is read: CpuTimes reads the process and each thread one
            // after the other, and a thread still burning CPU between those reads makes the groups add up to more
            // than the process (seen at load 30)
            try
            {
                stop.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "cpu-times-busy-7");
        busy.start();
        started.await();
        final CpuTimes before = CpuTimes.now();
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        final long busyBefore = bean.getThreadCpuTime(busy.getId());
        while (bean.getThreadCpuTime(busy.getId()) - busyBefore < 200_000_000L) // 200 ms of its CPU
        {
            Thread.onSpinWait();
        }
        pause.countDown();
        while (busy.getState() != Thread.State.WAITING)
        {
            Thread.onSpinWait();
        }
        final CpuTimes after = CpuTimes.now();
        stop.countDown();
        busy.join();

        final CpuTimes.PerOrder perOrder = CpuTimes.perOrder(before, after, 1_000, CLIENT, Thread.currentThread());

        final double busyMicros = perOrder.of("cpu-times-busy");
        assertTrue(busyMicros >= 200.0, "200 ms over 1,000 orders is at least 200 us each: " + perOrder.describe());
        assertTrue(perOrder.processMicros() >= busyMicros, perOrder.describe());
        double groups = 0;
        for (final CpuTimes.Share share : perOrder.groups())
        {
            groups += share.microsPerOrder();
        }
        // The GC and JIT groups come from /proc in clock ticks (10 ms): each may be a tick off at either end of the
        // window, 40 ms over the 1,000 orders on top of the 5 % the reads one after the other allow.
        final double tickSlackMicrosPerOrder = 4 * 10_000.0 / 1_000;
        assertEquals(perOrder.processMicros(), groups, perOrder.processMicros() * 0.05 + tickSlackMicrosPerOrder + 1,
            "the groups (with the jvm's remainder) add up to the process: " + perOrder.describe());
        assertTrue(perOrder.describe().startsWith(String.format(java.util.Locale.ROOT, "%.1f us/order:",
            perOrder.processMicros())), perOrder.describe());
        assertTrue(perOrder.describe().contains("cpu-times-busy "), perOrder.describe());
        assertTrue(perOrder.groups().get(0).microsPerOrder() >= perOrder.groups().get(perOrder.groups().size() - 1)
            .microsPerOrder(), "most first: " + perOrder.describe());
    }

    @Test
    void readsTheVoluntarySwitchesOfATaskStatus()
    {
        assertEquals(4_321, CpuTimes.voluntarySwitchesOf("Name:\tNioProcessor-2\nState:\tS (sleeping)\n" +
            "voluntary_ctxt_switches:\t4321\nnonvoluntary_ctxt_switches:\t17\n"));
        assertEquals(0, CpuTimes.voluntarySwitchesOf("Name:\tx\n"));
    }

    @Test
    void countsTheWakeUpsOfThreadsThatParkAndAreWoken() throws Exception
    {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(
            java.nio.file.Paths.get("/proc/self/task")), "Linux only");
        final int wakeUps = 200;
        final java.util.concurrent.SynchronousQueue<Integer> handOff = new java.util.concurrent.SynchronousQueue<>();
        final CountDownLatch counted = new CountDownLatch(1);
        final Thread taker = new Thread(() ->
        {
            try
            {
                for (int i = 0; i < wakeUps; i++)
                {
                    handOff.take();
                }
                counted.await(); // alive until counted: an ended thread's switches leave /proc with it
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "cpu-times-taker");
        taker.start();
        final CpuTimes before = CpuTimes.now();
        for (int i = 0; i < wakeUps; i++)
        {
            Thread.sleep(1); // the taker is asleep in take() before each hand-off
            handOff.put(i);
        }
        final CpuTimes after = CpuTimes.now();
        counted.countDown();
        taker.join();

        final CpuTimes.PerOrder perOrder = CpuTimes.perOrder(before, after, 100, CLIENT, Thread.currentThread());

        assertTrue(perOrder.switchesPerOrder() * 100 >= wakeUps,
            "each sleep of this thread and each take of the other is a voluntary switch: " + perOrder.describe());
        assertTrue(perOrder.describe().endsWith(String.format(java.util.Locale.ROOT, "; %.1f wake-ups/order",
            perOrder.switchesPerOrder())), perOrder.describe());
    }
}
