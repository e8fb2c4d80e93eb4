package io.peregrine.fixedge.mapping;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FixTimestampsTest
{
    @Test
    void epochNanosBecomeTheSameUtcDateTimeAndBack()
    {
        final long epochNanos = 1_765_000_000_123_456_789L;
        final LocalDateTime utc = LocalDateTime.of(2025, 12, 6, 5, 46, 40, 123_456_789);

        assertEquals(utc, FixTimestamps.utc(epochNanos));
        assertEquals(epochNanos, FixTimestamps.epochNanos(utc));
    }

    @Test
    void theEpochItselfIsMidnightOfTheFirstOfJanuary1970()
    {
        assertEquals(LocalDateTime.of(1970, 1, 1, 0, 0), FixTimestamps.utc(0));
        assertEquals(0, FixTimestamps.epochNanos(LocalDateTime.of(1970, 1, 1, 0, 0)));
    }
}
