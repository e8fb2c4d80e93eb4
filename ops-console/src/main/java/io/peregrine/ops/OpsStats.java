package io.peregrine.ops;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The ops console's own counts, exposed on {@code /metrics}: refused admin requests (401), bad requests (4xx) and
 * admin actions by result. Any thread.
 */
public final class OpsStats
{
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final AtomicLong adminApplied = new AtomicLong();
    private final AtomicLong adminRejected = new AtomicLong();

    /** Counts a request refused for a missing or wrong token. */
    public void onUnauthorized()
    {
        unauthorized.incrementAndGet();
    }

    /** Counts a request refused as malformed or not allowed. */
    public void onBadRequest()
    {
        badRequests.incrementAndGet();
    }

    /**
     * @param applied true if the command took effect.
     */
    public void onAdminAction(final boolean applied)
    {
        (applied ? adminApplied : adminRejected).incrementAndGet();
    }

    /** @return admin requests refused with 401. */
    public long unauthorized()
    {
        return unauthorized.get();
    }

    /** @return requests refused with another 4xx. */
    public long badRequests()
    {
        return badRequests.get();
    }

    /** @return admin actions applied. */
    public long adminApplied()
    {
        return adminApplied.get();
    }

    /** @return admin actions refused by their target (core or gateway). */
    public long adminRejected()
    {
        return adminRejected.get();
    }
}
