package io.peregrine.testsupport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Objects;

/**
 * The heap bytes one thread allocates while a workload runs, measured over windows of that workload: the one check
 * of every "this hot path allocates nothing once warm" test. Used on the test thread; the measured thread is the
 * test thread itself ({@link #ofCurrentThread()}) or one the test drives ({@link #ofThread(long)}, e.g. the core's
 * agent thread).
 *
 * <h2>The rule</h2>
 * {@link #assertSomeWindowAllocatesNothing} runs the workload window after window, at most {@code maxWindows} times,
 * reading the measured thread's allocated-bytes counter ({@code com.sun.management.ThreadMXBean
 * .getThreadAllocatedBytes}) before and after each. It passes at the first window in which the counter did not move,
 * and fails, showing every window's bytes, if none of them did. Warm-up needs no rule of its own: a cold window that
 * allocates is one more window; a test may still warm up first so that fewer windows are needed.
 *
 * <h2>Why it cannot pass for code that allocates per operation</h2>
 * <ul>
 *     <li>HotSpot's per-thread counter grows by the size of every object the thread allocates on the heap (inside a
 *     TLAB, up to its current top, or outside one) and never goes down.</li>
 *     <li>The smallest heap object on a 64-bit HotSpot is 16 bytes (a 12 or 16-byte header rounded up to the 8-byte
 *     object alignment). A window in which the workload allocated k objects on the thread reads at least 16k bytes;
 *     a window of N operations of code that allocates on every operation reads at least 16N.</li>
 *     <li>Reading the counter allocates nothing on HotSpot 17 ({@code HotSpotThreadImpl} reads it natively: 0 bytes
 *     over a million back-to-back reads, checked on this JDK). A JVM whose read allocated would add bytes to every
 *     window: the check could then never pass, it could not pass wrongly. Nothing is subtracted from a reading.</li>
 * </ul>
 * So if every window runs at least one allocating operation, no window reads 0 and the check fails, however many
 * windows it is allowed. What one window cannot see is an allocation rarer than once per window (an amortised growth,
 * an object created once): each window must run every path the test claims allocation-free, and the test should
 * assert, per window or in total, that it did (counts, results, paths taken). A test whose warm-up runs the window
 * itself can also require every window to read 0 ({@link #assertEveryWindowAllocatesNothing}), which sees those rarer
 * allocations as well.
 *
 * <h2>Why a one-off JVM event does not fail it</h2>
 * The JVM itself allocates on a running thread now and then: a thread that queues a method for compilation resolves
 * that class's String constants; a deoptimisation rematerialises the objects escape analysis had scalar-replaced
 * (and the method then runs interpreted, allocating what C2 had removed, until it is compiled again); OSR, class
 * initialisation of a rarely taken path. Each happens a bounded number of times for a fixed workload (HotSpot traps
 * at most {@code PerBytecodeTrapLimit} times at a bytecode and {@code PerMethodTrapLimit} times in a method before it
 * compiles the slow path in, and gives up recompiling a method after {@code PerMethodRecompilationCutoff}), so they
 * dirty a bounded number of windows, and a window without one reads exactly 0 for allocation-free code. On a
 * starved machine the compiler threads lag and these events come later and spread over
 * more windows, which is why the bound is a count of windows chosen generously by the caller: the check stops at the
 * first zero window, so a generous bound costs time only while it is failing. A single measured window after a fixed
 * warm-up (what the tests did before) fails whenever one event lands in it.
 *
 * <p>For another thread, read while it is between operations (the workload waits until the thread has done the
 * window's work before returning, as the core tests do): HotSpot reads another thread's TLAB unsynchronised and can
 * misplace bytes that thread is allocating at that very moment.
 */
public final class ThreadAllocation
{
    private final com.sun.management.ThreadMXBean threads;
    private final long threadId;
    private final String threadName;

    private ThreadAllocation(final long threadId)
    {
        threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled())
        {
            throw new IllegalStateException("this JVM does not measure the bytes a thread allocates " +
                "(ThreadMXBean.isThreadAllocatedMemorySupported/Enabled is false)");
        }
        final ThreadInfo info = threads.getThreadInfo(threadId);
        if (info == null)
        {
            throw new IllegalArgumentException("no live thread with id " + threadId);
        }
        this.threadId = threadId;
        this.threadName = info.getThreadName();
    }

    /**
     * @return the allocation of the calling thread.
     */
    public static ThreadAllocation ofCurrentThread()
    {
        return new ThreadAllocation(Thread.currentThread().getId());
    }

    /**
     * @param threadId the id of a live thread (e.g. an agent runner's thread) that the workload drives.
     * @return that thread's allocation.
     * @throws IllegalArgumentException if no live thread has that id.
     */
    public static ThreadAllocation ofThread(final long threadId)
    {
        return new ThreadAllocation(threadId);
    }

    /**
     * @return the bytes the thread has allocated on the heap since it started (allocates nothing).
     * @throws IllegalStateException if the thread has ended.
     */
    public long allocatedBytes()
    {
        final long bytes = threads.getThreadAllocatedBytes(threadId);
        if (bytes < 0)
        {
            throw new IllegalStateException("thread '" + threadName + "' (id " + threadId + ") has ended");
        }
        return bytes;
    }

    /**
     * Runs {@code window} on the calling thread up to {@code maxWindows} times and returns at the first run during
     * which the thread allocated nothing (the rule and why it is sound are in the class comment).
     *
     * @param what       what one window does, for the failure message (e.g. "60,000 encoded requests").
     * @param maxWindows how many windows at most; generous is cheap, the check stops at the first zero window.
     * @param window     one window of the workload; it may assert what it did (counts, paths taken).
     * @return the bytes allocated in each window run, in order; the last is 0.
     * @throws AssertionError           if every one of the {@code maxWindows} windows allocated, listing the bytes of
     *                                  each.
     * @throws IllegalArgumentException if {@code maxWindows} is below 1.
     */
    public long[] assertSomeWindowAllocatesNothing(final String what, final int maxWindows, final Runnable window)
    {
        final long[] bytes = new long[checkedWindows(what, "maxWindows", maxWindows, window)];
        for (int i = 0; i < maxWindows; i++)
        {
            bytes[i] = bytesOf(window);
            if (bytes[i] == 0)
            {
                return Arrays.copyOf(bytes, i + 1);
            }
        }
        throw new AssertionError("thread '" + threadName + "' allocated in every one of " + maxWindows +
            " windows of " + what + " (an allocation per operation shows in every window; a one-off JVM event does " +
            "not): bytes per window " + Arrays.toString(bytes));
    }

    /**
     * Runs {@code window} on the calling thread {@code windows} times and fails if the thread allocated in any of
     * them. Stricter than {@link #assertSomeWindowAllocatesNothing}: it also sees an allocation rarer than once per
     * window (a structure grown every few windows, a first call of a path) and does not forgive a one-off JVM event,
     * so the caller warms up first by running the window itself, every path and assertion in it included, until the
     * JIT is done with it.
     *
     * @param what    what one window does, for the failure message.
     * @param windows how many windows to run and measure.
     * @param window  one window of the workload; it may assert what it did (counts, paths taken).
     * @return the bytes allocated in each window run, all 0.
     * @throws AssertionError           if any window allocated, listing the bytes of each.
     * @throws IllegalArgumentException if {@code windows} is below 1.
     */
    public long[] assertEveryWindowAllocatesNothing(final String what, final int windows, final Runnable window)
    {
        final long[] bytes = new long[checkedWindows(what, "windows", windows, window)];
        boolean allocated = false;
        for (int i = 0; i < windows; i++)
        {
            bytes[i] = bytesOf(window);
            allocated |= bytes[i] != 0;
        }
        if (allocated)
        {
            throw new AssertionError("thread '" + threadName + "' allocated in some of " + windows + " windows of " +
                what + " after warm-up: bytes per window " + Arrays.toString(bytes));
        }
        return bytes;
    }

    private static int checkedWindows(final String what, final String name, final int windows, final Runnable window)
    {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(window, "window");
        if (windows < 1)
        {
            throw new IllegalArgumentException(name + " must be at least 1, was " + windows);
        }
        return windows;
    }

    private long bytesOf(final Runnable window)
    {
        final long before = allocatedBytes();
        window.run();
        return allocatedBytes() - before;
    }
}
