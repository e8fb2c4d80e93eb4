package io.peregrine.gateway.security;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Rate limit of failed broker logons, per session (CompID) and per source address: after {@code maxFailures}
 * failures in a row on either key, further logons on that key are refused without checking credentials until
 * {@code lockout} has passed. A successful logon clears both keys' failures.
 * <p>
 * Thread-safe (synchronized: logons are rare, and QuickFIX/J may call from several threads). Edge code, allocates.
 * Memory is bounded: at most {@link #MAX_TRACKED} keys are kept; beyond that, entries whose lockout has expired
 * and which are not locked are dropped first.
 */
public final class LogonGuard
{
    /** Most keys (sessions plus addresses) tracked at once. */
    public static final int MAX_TRACKED = 10_000;

    private final int maxFailures;
    private final long lockoutNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new HashMap<>();
    private long throttled;

    private static final class Entry
    {
        int failures;
        long lockedUntil;
        boolean locked;
    }

    /**
     * @param maxFailures   failures in a row that lock a key, at least 1.
     * @param lockoutMillis how long a locked key stays locked.
     * @param nanoClock     monotonic clock in nanoseconds ({@code System::nanoTime}).
     */
    public LogonGuard(final int maxFailures, final long lockoutMillis, final LongSupplier nanoClock)
    {
        if (maxFailures < 1 || lockoutMillis < 0)
        {
            throw new IllegalArgumentException("logon rate limit needs max failures >= 1 and lockout >= 0: " +
                maxFailures + ", " + lockoutMillis);
        }
        this.maxFailures = maxFailures;
        this.lockoutNanos = TimeUnit.MILLISECONDS.toNanos(lockoutMillis);
        this.nanoClock = nanoClock;
    }

    /**
     * @param session       the session key (broker CompID).
     * @param sourceAddress the peer's address without the port, or null when unknown.
     * @return milliseconds (at least 1) until either key may try again, or 0 when a logon may be checked now.
     *         A refusal is counted in {@link #throttled()}.
     */
    public synchronized long lockedForMillis(final String session, final String sourceAddress)
    {
        final long now = nanoClock.getAsLong();
        final long remaining = Math.max(remaining("session:" + session, now),
            null == sourceAddress ? 0 : remaining("address:" + sourceAddress, now));
        if (remaining > 0)
        {
            throttled++;
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
        }
        return 0;
    }

    /**
     * Records a failed logon on both keys.
     */
    public synchronized void onFailure(final String session, final String sourceAddress)
    {
        final long now = nanoClock.getAsLong();
        fail("session:" + session, now);
        if (null != sourceAddress)
        {
            fail("address:" + sourceAddress, now);
        }
    }

    /**
     * Clears the failures of both keys.
     */
    public synchronized void onSuccess(final String session, final String sourceAddress)
    {
        entries.remove("session:" + session);
        if (null != sourceAddress)
        {
            entries.remove("address:" + sourceAddress);
        }
    }

    /**
     * @return logons refused because their session or address was locked out.
     */
    public synchronized long throttled()
    {
        return throttled;
    }

    private long remaining(final String key, final long now)
    {
        final Entry entry = entries.get(key);
        if (null == entry || !entry.locked)
        {
            return 0;
        }
        if (now - entry.lockedUntil >= 0)
        {
            entries.remove(key);   // lockout over: a fresh run of attempts
            return 0;
        }
        return entry.lockedUntil - now;
    }

    private void fail(final String key, final long now)
    {
        if (entries.size() >= MAX_TRACKED && !entries.containsKey(key))
        {
            entries.values().removeIf((e) -> !e.locked || now - e.lockedUntil >= 0);
            if (entries.size() >= MAX_TRACKED)
            {
                return;   // everything tracked is locked: the newcomer is not tracked
            }
        }
        final Entry entry = entries.computeIfAbsent(key, (k) -> new Entry());
        entry.failures++;
        if (entry.failures >= maxFailures)
        {
            entry.locked = true;
            entry.lockedUntil = now + lockoutNanos;
        }
    }

    /**
     * @param remoteAddress QuickFIX/J's {@code Session.getRemoteAddress()}, e.g. {@code /127.0.0.1:51234}.
     * @return the address without the port and leading slash, or null.
     */
    public static String hostOf(final String remoteAddress)
    {
        if (null == remoteAddress || remoteAddress.isEmpty())
        {
            return null;
        }
        String host = remoteAddress;
        final int slash = host.lastIndexOf('/');
        if (slash >= 0)
        {
            host = host.substring(slash + 1);
        }
        final int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }
}
