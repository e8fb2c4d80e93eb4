package io.peregrine.core.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wall clock stepped back after the journal rolled to a new cycle file (across UTC midnight with daily files) must
 * not stop the journal: appends go on into the newest file, in order, and a restart with the clock still behind
 * opens the journal and appends. Journals here roll every second of a clock the test sets ({@code TEST_SECONDLY}).
 */
class JournalClockStepBackTest
{
    private static final long START_MILLIS = 1_796_000_000_000L;

    @TempDir
    Path dir;

    /** The wall clock, in epoch ms, which the test steps back. */
    private final AtomicLong wallClock = new AtomicLong(START_MILLIS);
    private final TimeProvider time = wallClock::get;
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);

    @BeforeEach
    void secondlyCycles()
    {
        CoreJournal.rollCycleForTests(TestRollCycles.TEST_SECONDLY, time);
    }

    @Test
    void keepsAppendingAfterTheWallClockStepsBackAcrossACycleAndReplaysEverything()
    {
        final List<Long> written = new ArrayList<>();
        try (CoreJournal journal = CoreJournal.open(dir, 0))
        {
            append(journal, 1, written);
            wallClock.addAndGet(1_500); // the next cycle (midnight passed)
            append(journal, 2, written);
            wallClock.set(START_MILLIS - TimeUnit.MINUTES.toMillis(5)); // stepped back behind the first cycle
            append(journal, 3, written);
            append(journal, 4, written);
            assertNull(journal.unavailableReason(), "the journal stays available");
            assertEquals(List.of(1L, 2L, 3L, 4L), replay(journal));
        }
    }

    @Test
    void reopensAndAppendsWithTheWallClockBehindItsNewestCycleFile()
    {
        final List<Long> written = new ArrayList<>();
        try (CoreJournal journal = CoreJournal.open(dir, 0))
        {
            append(journal, 1, written);
            wallClock.addAndGet(2_500);
            append(journal, 2, written);
        }
        wallClock.set(START_MILLIS - TimeUnit.HOURS.toMillis(2));
        try (CoreJournal journal = CoreJournal.open(dir, 0))
        {
            append(journal, 3, written);
            wallClock.addAndGet(1_000); // still behind
            append(journal, 4, written);
            assertEquals(List.of(1L, 2L, 3L, 4L), replay(journal));
        }
        wallClock.set(START_MILLIS + TimeUnit.SECONDS.toMillis(10)); // caught up: files follow the clock again
        try (CoreJournal journal = CoreJournal.open(dir, 0))
        {
            append(journal, 5, written);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), replay(journal));
        }
    }

    private void append(final CoreJournal journal, final long value, final List<Long> written)
    {
        payload.putLong(0, value);
        assertTrue(journal.append(JournalEntry.INGRESS, value, 1, payload, 0, 8),
            "append " + value + " refused: " + journal.unavailableReason() + " / " + journal.appendFailure());
        written.add(value);
    }

    private static List<Long> replay(final CoreJournal journal)
    {
        final List<Long> values = new ArrayList<>();
        try (JournalReader reader = journal.reader())
        {
            int result;
            while (JournalReader.ENTRY == (result = reader.next()))
            {
                if (JournalEntry.INGRESS == reader.type())
                {
                    values.add(reader.payload().getLong(0));
                }
            }
            assertEquals(JournalReader.END, result, reader.corruption());
        }
        return values;
    }

    @AfterEach
    void dailyCyclesAgain()
    {
        CoreJournal.rollCycleForTests(null, null);
    }
}
