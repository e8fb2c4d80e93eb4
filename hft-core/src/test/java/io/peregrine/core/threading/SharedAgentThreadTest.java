package io.peregrine.core.threading;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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

    private static String directory()
    {
        return Path.of(System.getProperty("java.io.tmpdir"), "shared-agents-" + UUID.randomUUID()).toString();
    }

    private static final class RecordingAgent implements Agent
    {
        private final String name;
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
