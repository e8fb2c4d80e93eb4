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

        // due times wrap past Long.MAX_VALUE as System.nanoTime() does; the sender compares them as now - due >= 0
        assertTrue(Long.MIN_VALUE + 10 - schedule.dueNanos(20) >= 0);
        assertFalse(Long.MIN_VALUE + 10 - schedule.dueNanos(30) >= 0);
    }

    @Test
    void refusesRatesItCannotSchedule()
    {
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, 2_000_000_000L));
    }
}
