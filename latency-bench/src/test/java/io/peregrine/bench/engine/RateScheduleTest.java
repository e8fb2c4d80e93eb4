package io.peregrine.bench.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateScheduleTest
{
    @Test
    void spacesOrdersEvenlyFromTheStart()
    {
        final RateSchedule schedule = new RateSchedule(1_000, 50_000);

        assertEquals(1_000, schedule.dueNanos(0));
        assertEquals(21_000, schedule.dueNanos(1));
        assertEquals(1_000 + 1_000_000_000L, schedule.dueNanos(50_000));
    }

    @Test
    void roundingDoesNotAccumulateWhenTheIntervalIsNotWhole()
    {
        final RateSchedule schedule = new RateSchedule(0, 3);

        assertEquals(333_333_333, schedule.dueNanos(1));
        assertEquals(666_666_666, schedule.dueNanos(2));
        assertEquals(1_000_000_000L, schedule.dueNanos(3));
        assertEquals(1_000_000_000L * 1_000_000, schedule.dueNanos(3_000_000));
    }

    @Test
    void worksAcrossTheNanoTimeSignChange()
    {
        final RateSchedule schedule = new RateSchedule(Long.MAX_VALUE - 10, 1_000_000_000L);

        assertTrue(schedule.isDue(20, Long.MIN_VALUE + 10));
        assertFalse(schedule.isDue(30, Long.MIN_VALUE + 10));
    }

    @Test
    void countsOrdersDueByAGivenTime()
    {
        final RateSchedule schedule = new RateSchedule(500, 1_000);

        assertEquals(0, schedule.dueCount(499));
        assertEquals(1, schedule.dueCount(500));
        assertEquals(1, schedule.dueCount(500 + 999_999));
        assertEquals(2, schedule.dueCount(500 + 1_000_000));
        assertEquals(1_001, schedule.dueCount(500 + 1_000_000_000L));
    }

    @Test
    void dueCountAgreesWithIsDueForAwkwardRates()
    {
        for (final long rate : new long[]{ 1, 3, 7, 50_000, 999_999_937L })
        {
            final RateSchedule schedule = new RateSchedule(12_345, rate);
            for (long now = 12_000; now < 12_345 + 3_000_000_000L; now += 7_777_777)
            {
                final long due = schedule.dueCount(now);
                if (due > 0)
                {
                    assertTrue(schedule.isDue(due - 1, now), "rate " + rate + " now " + now);
                }
                assertFalse(schedule.isDue(due, now), "rate " + rate + " now " + now);
            }
        }
    }

    @Test
    void refusesRatesItCannotSchedule()
    {
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, 2_000_000_000L));
    }
}
