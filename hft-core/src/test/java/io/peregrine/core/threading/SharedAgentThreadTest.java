package io.peregrine.core.threading;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agents added for one media driver directory share one thread, started by the first and stopped by the last;
 * another directory gets its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedAgentThreadTest
{
    @Test
    void agentsOfOneDirectoryRunOnOneThreadThatStopsWithTheLast() throws Exception
    {
        final String directory = directory();
        final RecordingAgent first = new RecordingAgent("first");
        final RecordingAgent second = new RecordingAgent("second");
        final SharedAgentThread shared = SharedAgentThread.add(
            directory, () -> new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, first);
        final SharedAgentThread same = SharedAgentThread.add(
            directory + "/.", () -> new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, second);
        assertSame(shared, same, "the same directory, however spelled, has one shared thread");
        final Thread thread = shared.thread();
        assertEquals(SharedAgentThread.ROLE_NAME, thread.getName());
        first.awaitWork();
        second.awaitWork();
        assertSame(thread, first.startedOn);
        assertSame(thread, first.workedOn);
        assertSame(thread, second.workedOn);

        shared.remove(first);
        assertSame(thread, first.closedOn, "onClose runs on the shared thread");
        assertTrue(thread.isAlive(), "the thread runs on while an agent remains");
        shared.remove(second);
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(thread.isAlive(), "the last removal stops the thread");
        assertSame(thread, second.closedOn);
    }

    @Test
    void eachDirectoryHasItsOwnThreadAndAFreshOneAfterTheLastLeft()
    {
        final RecordingAgent a = new RecordingAgent("a");
        final RecordingAgent b = new RecordingAgent("b");
        final SharedAgentThread one = SharedAgentThread.add(
            directory(), () -> new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, a);
        final String other = directory();
        final SharedAgentThread two = SharedAgentThread.add(
            other, () -> new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, b);
        assertNotSame(one.thread(), two.thread());
        one.remove(a);
        two.remove(b);
        final RecordingAgent c = new RecordingAgent("c");
        final SharedAgentThread again = SharedAgentThread.add(
            other, () -> new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, c);
        assertNotSame(two, again, "a directory whose agents all left starts a new thread");
        again.remove(c);
    }

    @Test
    void whatAnAgentThrowsGoesToItsOwnErrorHandlerAndTheOtherAgentsRunOn()
    {
        final String directory = directory();
        final List<Throwable> firstErrors = new CopyOnWriteArrayList<>();
        final List<Throwable> failingErrors = new CopyOnWriteArrayList<>();
        final RecordingAgent first = new RecordingAgent("first");
        final IllegalStateException failure = new IllegalStateException("the second agent failed");
        final RecordingAgent failing = new RecordingAgent("failing")
        {
            public int doWork()
            {
                super.doWork();
                throw failure;
            }
        };
        // The first caller starts the thread: before, its handler got every agent's errors.
        final SharedAgentThread shared = SharedAgentThread.add(
            directory, () -> new SleepingMillisIdleStrategy(1), firstErrors::add, first);
        SharedAgentThread.add(directory, () -> new SleepingMillisIdleStrategy(1), failingErrors::add, failing);
        try
        {
            awaitTrue(() -> !failingErrors.isEmpty() || !firstErrors.isEmpty(), "the failure handled");
            final long works = first.works;
            awaitTrue(() -> first.works >= works + 3, "the other agent runs on");
        }
        finally
        {
            shared.remove(failing);
            shared.remove(first);
        }

        assertEquals(List.of(), firstErrors, "not the handler of the agent that started the thread");
        assertSame(failure, failingErrors.get(0));
    }

    @Test
    void anAgentsErrorIsLoggedUnderItsRoleName()
    {
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            new AgentErrorLog("peregrine-venue-adapter").onError(new IllegalStateException("boom"));
        }
        finally
        {
            System.setErr(err);
        }
        final String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("agent peregrine-venue-adapter failed"), log);
        assertTrue(log.contains("IllegalStateException: boom"), log);
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadline < 0, "not within 10 s: " + what);
            Thread.yield();
        }
    }

    private static String directory()
    {
        return Path.of(System.getProperty("java.io.tmpdir"), "shared-agents-" + UUID.randomUUID()).toString();
    }

    private static class RecordingAgent implements Agent
    {
        private final String name;
        volatile long works;
        volatile Thread startedOn;
        volatile Thread workedOn;
        volatile Thread closedOn;

        RecordingAgent(final String name)
        {
            this.name = name;
        }

        public void onStart()
        {
            startedOn = Thread.currentThread();
        }

        public int doWork()
        {
            workedOn = Thread.currentThread();
            works++;
            return 0;
        }

        public void onClose()
        {
            closedOn = Thread.currentThread();
        }

        public String roleName()
        {
            return name;
        }

        void awaitWork()
        {
            while (null == workedOn)
            {
                Thread.yield();
            }
        }
    }
}
