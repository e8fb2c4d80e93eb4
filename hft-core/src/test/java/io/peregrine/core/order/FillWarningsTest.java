package io.peregrine.core.order;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A venue that floods overfills or fills of done orders gets {@link FillWarnings#LINES_PER_WINDOW} WARN lines per
 * window of the logic clock, and the next line says how many were left out (the counters count every one).
 */
class FillWarningsTest
{
    private static final long T0 = 5_000_000_000L;

    @Test
    void admitsTheFirstLinesOfAWindowThenLeavesOutTheRestAndTheNextLineCountsThem()
    {
        final FillWarnings.Window window = new FillWarnings.Window();
        for (int i = 0; i < FillWarnings.LINES_PER_WINDOW; i++)
        {
            assertEquals(0, window.admit(T0 + i), "line " + i + " is logged, nothing left out before it");
        }
        assertEquals(-1, window.admit(T0 + 100), "left out");
        assertEquals(-1, window.admit(T0 + FillWarnings.WINDOW_NANOS - 1), "still the same window");
        assertEquals(2, window.admit(T0 + FillWarnings.WINDOW_NANOS), "a new window: says the 2 left out");
        assertEquals(0, window.admit(T0 + FillWarnings.WINDOW_NANOS + 1), "and counts from 0 again");
    }

    @Test
    void aClockThatGoesBackStartsANewWindowRatherThanSilencingTheLogForever()
    {
        final FillWarnings.Window window = new FillWarnings.Window();
        for (int i = 0; i <= FillWarnings.LINES_PER_WINDOW; i++)
        {
            window.admit(T0);
        }
        assertEquals(1, window.admit(T0 - 1));
    }
}
