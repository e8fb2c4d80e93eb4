package io.peregrine.risk;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Order-rate throttle per account: a token bucket holding up to {@code maxOrdersPerSecond} orders, refilled
 * continuously at {@code maxOrdersPerSecond} per second of the caller's clock ({@code nowNanos}), so it is
 * deterministic and testable.
 * <p>
 * Tokens are kept as credits in units of 1/10^9 of an order, so any whole rate refills exactly without fractions:
 * {@code elapsedNanos * rate} credits per elapsed interval, one order costs {@value #CREDITS_PER_ORDER}. With
 * {@code rate <= AccountLimits.MAX_ORDERS_PER_SECOND} and elapsed time capped at one second no product overflows.
 * A bucket starts full. A rejected order takes no token. A lowered rate (limit swap) clamps the bucket to the new
 * size on its next use.
 * <p>
 * <b>A clock stepped back</b> (the caller's clock is the core's wall clock, journaled) refills nothing for the step
 * and re-bases the bucket at the earlier time, tokens unchanged, on the first check that sees it, refused or not: the
 * bucket then refills from there as usual. Kept at the later time instead, a bucket emptied before a step back of two
 * hours would refuse the account's every order for two hours. The re-base depends only on the times passed in, so a
 * replay of the journal decides exactly as the live run did.
 * <p>
 * Core thread only; pre-sized per account slot, allocation free after construction.
 */
final class OrderRateThrottle
{
    static final long CREDITS_PER_ORDER = 1_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long[] credits;
    private final long[] lastNanos;
    private final boolean[] started;

    OrderRateThrottle(final int accountCapacity)
    {
        credits = new long[accountCapacity];
        lastNanos = new long[accountCapacity];
        started = new boolean[accountCapacity];
    }

    /**
     * @return true if the account may send one more order now; false, taking no token, if over the rate.
     */
    boolean canAcquire(final int accountSlot, final long maxOrdersPerSecond, final long nowNanos)
    {
        if (nowNanos < lastNanos[accountSlot])
        {
            lastNanos[accountSlot] = nowNanos; // the clock stepped back: refill from now on (see the class comment)
        }
        return available(accountSlot, maxOrdersPerSecond, nowNanos) >= CREDITS_PER_ORDER;
    }

    /**
     * Takes one token; call only after {@link #canAcquire} returned true for the same arguments.
     */
    void acquire(final int accountSlot, final long maxOrdersPerSecond, final long nowNanos)
    {
        credits[accountSlot] = available(accountSlot, maxOrdersPerSecond, nowNanos) - CREDITS_PER_ORDER;
        lastNanos[accountSlot] = nowNanos;
        started[accountSlot] = true;
    }

    private long available(final int accountSlot, final long maxOrdersPerSecond, final long nowNanos)
    {
        final long capacity = maxOrdersPerSecond * CREDITS_PER_ORDER;
        if (!started[accountSlot])
        {
            return capacity;
        }
        final long elapsed = nowNanos - lastNanos[accountSlot];
        final long stored = Math.min(credits[accountSlot], capacity);
        if (elapsed <= 0)
        {
            return stored;
        }
        if (elapsed >= NANOS_PER_SECOND)
        {
            return capacity;
        }
        return Math.min(capacity, stored + elapsed * maxOrdersPerSecond);
    }

    /**
     * Writes one account's bucket for a core snapshot. Core thread; allocation free.
     *
     * @return offset after what was written.
     */
    int snapshotTo(final int accountSlot, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, credits[accountSlot]);
        buffer.putLong(offset + 8, lastNanos[accountSlot]);
        buffer.putByte(offset + 16, started[accountSlot] ? (byte)1 : (byte)0);
        return offset + 17;
    }

    /**
     * Restores one account's bucket written by {@link #snapshotTo}. Launching thread.
     *
     * @return offset after what was read.
     */
    int restoreFrom(final int accountSlot, final DirectBuffer buffer, final int offset)
    {
        credits[accountSlot] = buffer.getLong(offset);
        lastNanos[accountSlot] = buffer.getLong(offset + 8);
        started[accountSlot] = 0 != buffer.getByte(offset + 16);
        return offset + 17;
    }
}
