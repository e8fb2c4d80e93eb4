package io.peregrine.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ThreadAllocationTest
{
    /** What the workloads allocate is stored here: it escapes, so escape analysis cannot remove the allocation. */
    private static volatile Object sink;

    @Test
    void passesAtTheFirstWindowThatAllocatesNothingAfterOneOffAllocations()
    {
        final int[] windows = { 0 };
        final long[] bytes = ThreadAllocation.ofCurrentThread().assertSomeWindowAllocatesNothing(
            "a workload that allocates in its first three windows only", 50, () ->
            {
                if (windows[0]++ < 3)
                {
                    allocate(100);
                }
            });

        assertEquals(0, bytes[bytes.length - 1]);
        assertEquals(windows[0], bytes.length, "one reading per window run");
        for (int i = 0; i < 3; i++)
        {
            assertTrue(bytes[i] >= 100 * 16, "100 objects are at least 1,600 bytes: " + Arrays.toString(bytes));
        }
    }

    @Test
    void failsWhenEveryWindowAllocatesOnceAndShowsEveryWindow()
    {
        final AssertionError failure = assertThrows(AssertionError.class, () -> ThreadAllocation.ofCurrentThread()
            .assertSomeWindowAllocatesNothing("one allocation", 30, () -> allocate(1)));

        final long[] bytes = windowsIn(failure.getMessage());
        assertEquals(30, bytes.length, failure.getMessage());
        for (final long window : bytes)
        {
            assertTrue(window >= 16, "the smallest object is 16 bytes: " + failure.getMessage());
        }
    }

    @Test
    void measuresAnotherThreadThatTheWindowDrives() throws InterruptedException
    {
        final Worker worker = new Worker();
        final Thread thread = new Thread(worker, "allocation-test-worker");
        thread.start();
        try
        {
            final ThreadAllocation allocation = ThreadAllocation.ofThread(thread.getId());

            final long[] quiet = allocation.assertSomeWindowAllocatesNothing("a step that allocates nothing", 50,
                () -> worker.step(false));
            assertEquals(0, quiet[quiet.length - 1]);

            final AssertionError failure = assertThrows(AssertionError.class,
                () -> allocation.assertSomeWindowAllocatesNothing("a step that allocates 1,000 objects", 10, () -> worker.step(true)));
            final long[] bytes = windowsIn(failure.getMessage());
            assertEquals(10, bytes.length, failure.getMessage());
            for (final long window : bytes)
            {
                assertTrue(window >= 1_000 * 16, "1,000 objects on the worker: " + failure.getMessage());
            }
            assertTrue(failure.getMessage().contains("allocation-test-worker"), failure.getMessage());
        }
        finally
        {
            worker.running = false;
            thread.join(10_000);
        }
    }

    @Test
    void refusesAThreadThatHasEnded() throws InterruptedException
    {
        final CountDownLatch release = new CountDownLatch(1);
        final Thread thread = new Thread(() -> awaitQuietly(release), "allocation-test-short-lived");
        thread.start();
        final ThreadAllocation allocation = ThreadAllocation.ofThread(thread.getId());
        release.countDown();
        thread.join(10_000);

        final IllegalStateException ended = assertThrows(IllegalStateException.class, allocation::allocatedBytes);
        assertTrue(ended.getMessage().contains("has ended"), ended.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThreadAllocation.ofThread(thread.getId()));
    }

    @Test
    void refusesFewerThanOneWindow()
    {
        assertThrows(IllegalArgumentException.class,
            () -> ThreadAllocation.ofCurrentThread().assertSomeWindowAllocatesNothing("nothing", 0, () -> { }));
        assertThrows(IllegalArgumentException.class,
            () -> ThreadAllocation.ofCurrentThread().assertEveryWindowAllocatesNothing("nothing", 0, () -> { }));
    }

    @Test
    void everyWindowFailsOnAnAllocationInOneWindowOnlyThatSomeWindowForgives()
    {
        final Runnable everyThirdWindow = new Runnable()
        {
            private int windows;

            public void run()
            {
                if (windows++ % 3 == 2)
                {
                    allocate(10);
                }
            }
        };
        final ThreadAllocation thread = ThreadAllocation.ofCurrentThread();
        // warm: the check's own first calls are done
        thread.assertSomeWindowAllocatesNothing("nothing", 50, () -> { });
        assertEquals(0, thread.assertSomeWindowAllocatesNothing("an allocation every third window", 50,
            everyThirdWindow)[0]);

        final AssertionError failure = assertThrows(AssertionError.class,
            () -> thread.assertEveryWindowAllocatesNothing("an allocation every third window", 3, everyThirdWindow));

        final long[] bytes = windowsIn(failure.getMessage());
        assertEquals(3, bytes.length, failure.getMessage());
        assertTrue(bytes[1] >= 10 * 16, "the third window of the workload: " + failure.getMessage());
    }

    @Test
    void everyWindowPassesWhenNoWindowAllocates()
    {
        final ThreadAllocation thread = ThreadAllocation.ofCurrentThread();
        final int[] runs = { 0 };
        final Runnable counting = () -> runs[0]++;
        thread.assertSomeWindowAllocatesNothing("warm-up", 50, counting);
        runs[0] = 0;

        final long[] bytes = thread.assertEveryWindowAllocatesNothing("a counter increment", 20, counting);

        assertEquals(20, bytes.length);
        assertEquals(20, runs[0], "every window ran");
        assertTrue(Arrays.stream(bytes).allMatch((b) -> b == 0), Arrays.toString(bytes));
    }

    private static void allocate(final int objects)
    {
        for (int i = 0; i < objects; i++)
        {
            sink = new Object();
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static long[] windowsIn(final String message)
    {
        final String list = message.substring(message.lastIndexOf('[') + 1, message.lastIndexOf(']'));
        return Arrays.stream(list.split(", ")).mapToLong(Long::parseLong).toArray();
    }

    /** A thread that runs one step each time the test asks (allocating 1,000 objects or nothing), yielding between. */
    private static final class Worker implements Runnable
    {
        volatile boolean running = true;
        volatile boolean allocating;
        volatile int requested;
        volatile int done;

        public void run()
        {
            while (running)
            {
                final int request = requested;
                if (request != done)
                {
                    if (allocating)
                    {
                        allocate(1_000);
                    }
                    done = request;
                }
                else
                {
                    Thread.yield();
                }
            }
        }

        void step(final boolean allocate)
        {
            allocating = allocate;
            final int request = requested + 1;
            requested = request;
            Await.until("the worker's steps", () -> done == request, 10_000);
        }
    }
}
