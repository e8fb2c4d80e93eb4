package io.peregrine.risk;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * When a trading day starts: a time of day in UTC ({@code HH:mm}). Days are numbered from the epoch, so the day of
 * an event is a pure function of its (journaled) timestamp: a replay of the journal finds the same boundaries as the
 * live run did, whatever the wall clock says at replay time. UTC only: a zone's daylight-saving shifts would need
 * zone rules on the core thread, and a desk that wants a local boundary sets its UTC equivalent. Changed only at
 * the daily data roll: the day numbers of a running state and journal were counted from the old start (risk-checks
 * README, "Changing the day start").
 * <p>
 * Immutable, any thread; {@link #dayOf(long)} allocates nothing.
 */
public final class TradingDay
{
    /** Days start at midnight UTC (the default). */
    public static final TradingDay UTC_MIDNIGHT = new TradingDay(LocalTime.MIDNIGHT);

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final LocalTime start;
    private final long startNanos;

    private TradingDay(final LocalTime start)
    {
        this.start = start;
        this.startNanos = start.toNanoOfDay();
    }

    /**
     * @param utcStart when each trading day starts, UTC.
     * @return the trading day starting then.
     */
    public static TradingDay startingAt(final LocalTime utcStart)
    {
        return new TradingDay(Objects.requireNonNull(utcStart, "utcStart"));
    }

    /**
     * Edge: parses the configured start.
     *
     * @param text {@code HH:mm} (or {@code HH:mm:ss}), UTC.
     * @return the trading day starting then.
     * @throws IllegalArgumentException if {@code text} is not a time of day.
     */
    public static TradingDay parse(final String text)
    {
        try
        {
            return startingAt(LocalTime.parse(text.trim()));
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException(
                "'" + text + "' is not a time of day: expected HH:mm in UTC, e.g. 00:00 or 22:00", ex);
        }
    }

    /**
     * @return when each trading day starts, UTC.
     */
    public LocalTime start()
    {
        return start;
    }

    /**
     * @param epochNanos a timestamp, nanoseconds since the epoch.
     * @return the number of the trading day holding it (days since the one that started on 1970-01-01 at
     *         {@link #start()}; negative before it). Allocation free.
     */
    public long dayOf(final long epochNanos)
    {
        return Math.floorDiv(epochNanos - startNanos, NANOS_PER_DAY);
    }

    @Override
    public String toString()
    {
        return start + " UTC";
    }
}
