package io.peregrine.fixedge.mapping;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The one conversion between the core's timestamps (nanoseconds since the epoch, UTC) and the {@link LocalDateTime}
 * in UTC that QuickFIX/J reads and writes for UTCTimestamp fields such as TransactTime(60).
 * <p>
 * Stateless; any thread; allocates the {@link LocalDateTime} (edge).
 */
public final class FixTimestamps
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private FixTimestamps()
    {
    }

    /**
     * @param epochNanos nanoseconds since the epoch, 0 or more.
     * @return the same instant as a UTC date-time, nanoseconds kept.
     */
    public static LocalDateTime utc(final long epochNanos)
    {
        return LocalDateTime.ofEpochSecond(
            epochNanos / NANOS_PER_SECOND, (int)(epochNanos % NANOS_PER_SECOND), ZoneOffset.UTC);
    }

    /**
     * @param utc a UTC date-time, e.g. a TransactTime(60) as QuickFIX/J read it.
     * @return the same instant in nanoseconds since the epoch.
     */
    public static long epochNanos(final LocalDateTime utc)
    {
        return utc.toEpochSecond(ZoneOffset.UTC) * NANOS_PER_SECOND + utc.getNano();
    }
}
