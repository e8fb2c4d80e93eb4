package io.peregrine.core.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * Opens hft-core's package-private test hook to the gateway's tests: core journals opened from now on in this JVM
 * roll a new cycle file every second of {@code time}, so that retention deletes files within a test.
 */
public final class SecondlyJournals
{
    private SecondlyJournals()
    {
    }

    /**
     * @param time the clock the journals roll by; null restores daily files read by the system clock.
     */
    public static void rollBy(final TimeProvider time)
    {
        CoreJournal.rollCycleForTests(null == time ? null : TestRollCycles.TEST_SECONDLY, time);
    }
}
