package io.peregrine.bench.loop;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time this process and each of its live threads had used at one moment; two of them give where a run's CPU
 * went, per order and per thread group ({@link #perOrder}). CPU per order depends much less than latency on the
 * machine's other load (which still changes how often idle threads park and how much the JIT compiles), so a
 * thread group's share compares builds on a busy machine.
 * <p>
 * Threads are grouped by name with their numbers and session names left out ({@code NioProcessor-15} and
 * {@code NioProcessor-7} are one group, {@code QF/J Session dispatcher: FIX.4.4:...} is one), except that the load
 * client's threads (the sending thread and every thread of the client's {@link ThreadGroup}) form one group, whatever
 * their names. The JVM's own threads, which {@code ThreadMXBean} does not list, are read from Linux's
 * {@code /proc/self/task} (clock ticks, 10 ms): {@link #GC} and {@link #JIT}. What the process used beyond all of
 * these (other JVM threads, threads that ended in between) is the {@link #JVM} group. Edge code: allocates; call
 * outside measured windows.
 *
 * @param processNanos      CPU the whole process had used.
 * @param threads           every live thread that had a CPU time, by id.
 * @param threadNanos       the CPU each of them had used, by id.
 * @param jvmThreadNanos    CPU of the JVM's own threads by group ({@link #GC}, {@link #JIT}; empty off Linux).
 * @param voluntarySwitches voluntary context switches of the process's live threads (0 off Linux).
 */
record CpuTimes(
    long processNanos,
    Map<Long, Thread> threads,
    Map<Long, Long> threadNanos,
    Map<String, Long> jvmThreadNanos,
    long voluntarySwitches)
{
    /** Group of the load client's threads. */
    static final String CLIENT = "load client";
    /** Group of what the process used beyond its live Java threads and the GC and JIT threads. */
    static final String JVM = "jvm (other, ended threads)";
    /** Group of the garbage collector's threads (Linux only). */
    static final String GC = "jvm gc";
    /** Group of the JIT compilers' threads (Linux only). */
    static final String JIT = "jvm jit";
    private static final Path TASKS = Paths.get("/proc/self/task");
    /** Linux's USER_HZ: /proc times are in hundredths of a second. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    /** Group of the media driver's agent thread(s), whose names are the Aeron directory. */
    static final String AERON_DRIVER = "aeron media driver";
    // Looked up once, before any snapshot. The first look-up of the operating system's bean loads and registers it
    // (about 6 ms); made between the threads' reads and the process's read, it charged the running threads' CPU of
    // that time to their groups and not to the process (two snapshots in a row beside one busy thread: the groups
    // 18-45 ms over the process; 0 +- 6 ms with the beans looked up first).
    private static final java.lang.management.ThreadMXBean THREAD_BEAN = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS_BEAN =
        (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();

    /**
     * @return the process's and every live thread's CPU time now.
     */
    static CpuTimes now()
    {
        final Map<Long, Thread> threads = new HashMap<>();
        final Map<Long, Long> nanos = new HashMap<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            final long cpu = THREAD_BEAN.getThreadCpuTime(thread.getId());
            if (cpu >= 0)
            {
                threads.put(thread.getId(), thread);
                nanos.put(thread.getId(), cpu);
            }
        }
        final long process = PROCESS_BEAN.getProcessCpuTime();
        return new CpuTimes(process, Map.copyOf(threads), Map.copyOf(nanos), Map.copyOf(jvmThreads()),
            voluntarySwitchesNow());
    }

    /**
     * @return CPU of the JVM's GC and JIT threads by group, from {@code /proc/self/task/<tid>/{comm,stat}}; empty
     * where there is no such file system.
     */
    private static Map<String, Long> jvmThreads()
    {
        final Map<String, Long> nanos = new HashMap<>();
        if (!Files.isDirectory(TASKS))
        {
            return nanos;
        }
        try (Stream<Path> tasks = Files.list(TASKS))
        {
            tasks.forEach((task) ->
            {
                try
                {
                    final String group = jvmGroupOf(Files.readString(task.resolve("comm")).trim());
                    if (null != group)
                    {
                        nanos.merge(group, ticksOf(Files.readString(task.resolve("stat"))) * NANOS_PER_TICK,
                            Long::sum);
                    }
                }
                catch (final IOException ex)
                {
                    // the thread ended while listed: its time is in the JVM remainder
                }
            });
        }
        catch (final IOException ex)
        {
            nanos.clear();
        }
        return nanos;
    }

    /**
     * @return the voluntary context switches of every live thread of the process so far (a thread gave the CPU up:
     * it parked, waited or blocked on I/O, and something woke it), from {@code /proc/self/task/<tid>/status}; 0 where
     * there is no such file system. Per order, it counts the wake-ups a message costs: each thread hand-off into a
     * sleeping thread is one.
     */
    private static long voluntarySwitchesNow()
    {
        if (!Files.isDirectory(TASKS))
        {
            return 0;
        }
        final long[] total = new long[1];
        try (Stream<Path> tasks = Files.list(TASKS))
        {
            tasks.forEach((task) ->
            {
                try
                {
                    total[0] += voluntarySwitchesOf(Files.readString(task.resolve("status")));
                }
                catch (final IOException ex)
                {
                    // the thread ended while listed: its switches are lost with it
                }
            });
        }
        catch (final IOException ex)
        {
            return 0;
        }
        return total[0];
    }

    /**
     * @return the {@code voluntary_ctxt_switches} of a {@code /proc/<pid>/task/<tid>/status} text, 0 without one.
     */
    static long voluntarySwitchesOf(final String status)
    {
        for (final String line : status.split("\n"))
        {
            if (line.startsWith("voluntary_ctxt_switches:"))
            {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    /**
     * @return {@link #GC} or {@link #JIT} for HotSpot's thread names (as Linux keeps them: 15 characters), else null.
     */
    static String jvmGroupOf(final String comm)
    {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 "))
        {
            return GC;
        }
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre") || comm.startsWith("Sweeper"))
        {
            return JIT;
        }
        return null;
    }

    /**
     * @return utime + stime of a {@code /proc/<pid>/task/<tid>/stat} line, in clock ticks (fields 14 and 15; the
     * name in parentheses may hold spaces, so counting starts after its closing parenthesis).
     */
    static long ticksOf(final String stat)
    {
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * @param before  taken at the start of the window.
     * @param after   taken at its end.
     * @param orders  orders sent in the window (at least 1).
     * @param client  the load client's thread group.
     * @param sender  the load client's sending thread.
     * @return microseconds of CPU per order: the process first, then each group, most first.
     */
    static PerOrder perOrder(
        final CpuTimes before, final CpuTimes after, final long orders, final ThreadGroup client, final Thread sender)
    {
        final Map<String, Long> nanosByGroup = new HashMap<>();
        final Map<String, Integer> threadsByGroup = new HashMap<>();
        long threadsTotal = 0;
        for (final Map.Entry<Long, Long> entry : after.threadNanos.entrySet())
        {
            final Thread thread = after.threads.get(entry.getKey());
            final long used = entry.getValue() - before.threadNanos.getOrDefault(entry.getKey(), 0L);
            final String group = groupOf(thread, client, sender);
            nanosByGroup.merge(group, used, Long::sum);
            threadsByGroup.merge(group, used > 0 ? 1 : 0, Integer::sum);
            threadsTotal += used;
        }
        for (final Map.Entry<String, Long> entry : after.jvmThreadNanos.entrySet())
        {
            final long used = Math.max(0, entry.getValue() - before.jvmThreadNanos.getOrDefault(entry.getKey(), 0L));
            nanosByGroup.put(entry.getKey(), used);
            threadsTotal += used;
        }
        final long process = after.processNanos - before.processNanos;
        nanosByGroup.put(JVM, Math.max(0, process - threadsTotal));
        final List<Share> shares = new ArrayList<>();
        for (final Map.Entry<String, Long> entry : nanosByGroup.entrySet())
        {
            if (entry.getValue() > 0)
            {
                shares.add(new Share(entry.getKey(), threadsByGroup.getOrDefault(entry.getKey(), 0),
                    micros(entry.getValue(), orders)));
            }
        }
        shares.sort((a, b) -> Double.compare(b.microsPerOrder, a.microsPerOrder));
        return new PerOrder(micros(process, orders), shares,
            Math.max(0, after.voluntarySwitches - before.voluntarySwitches) / (double)Math.max(1, orders));
    }

    /**
     * @return the thread's group: {@link #CLIENT} for the load client's threads, {@link #AERON_DRIVER} for the media
     * driver's, else its name without the text after a colon and without numbers at the end.
     */
    static String groupOf(final Thread thread, final ThreadGroup client, final Thread sender)
    {
        if (thread == sender || isIn(thread.getThreadGroup(), client))
        {
            return CLIENT;
        }
        final String name = thread.getName();
        if (name.contains("driver-conductor") || name.contains("[sender") || name.contains("[receiver"))
        {
            return AERON_DRIVER;
        }
        final int colon = name.indexOf(':');
        return (colon < 0 ? name : name.substring(0, colon)).replaceAll("[-#\\s]*\\d+$", "").trim();
    }

    private static boolean isIn(final ThreadGroup group, final ThreadGroup client)
    {
        for (ThreadGroup g = group; null != g; g = g.getParent())
        {
            if (g == client)
            {
                return true;
            }
        }
        return false;
    }

    private static double micros(final long nanos, final long orders)
    {
        return nanos / 1_000.0 / Math.max(1, orders);
    }

    /**
     * One group's share.
     *
     * @param group          the group's name.
     * @param threads        its threads that used CPU in the window.
     * @param microsPerOrder its CPU per order.
     */
    record Share(String group, int threads, double microsPerOrder)
    {
    }

    /**
     * CPU per order in a window.
     *
     * @param processMicros      the whole process's CPU per order.
     * @param groups             each group's, most first.
     * @param switchesPerOrder   voluntary context switches of the process's threads per order (wake-ups).
     */
    record PerOrder(double processMicros, List<Share> groups, double switchesPerOrder)
    {
        /**
         * @return the group's CPU per order, 0 when it used none.
         */
        double of(final String group)
        {
            for (final Share share : groups)
            {
                if (share.group.equals(group))
                {
                    return share.microsPerOrder;
                }
            }
            return 0;
        }

        /**
         * @return e.g. {@code 212.4 us/order: load client 60.1, QFJ Message Processor (2) 50.2, ..., rest 0.3; 9.5
         * wake-ups/order}: groups under 0.5 us are summed as "rest"; wake-ups are voluntary context switches.
         */
        String describe()
        {
            final StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.1f us/order:", processMicros));
            double rest = 0;
            for (final Share share : groups)
            {
                if (share.microsPerOrder < 0.5)
                {
                    rest += share.microsPerOrder;
                    continue;
                }
                text.append(' ').append(share.group);
                if (share.threads > 1)
                {
                    text.append(" (").append(share.threads).append(')');
                }
                text.append(String.format(Locale.ROOT, " %.1f,", share.microsPerOrder));
            }
            text.append(String.format(Locale.ROOT, " rest %.1f; %.1f wake-ups/order", rest, switchesPerOrder));
            return text.toString();
        }
    }
}
