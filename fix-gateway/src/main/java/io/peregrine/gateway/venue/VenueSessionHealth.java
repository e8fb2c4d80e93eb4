package io.peregrine.gateway.venue;

import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What an operator needs to know about each venue session that the session state alone does not say: why it last
 * went down (the venue's Logout text, or the one this side sent), and how many logons failed (an Aeron counter per
 * venue, registered with {@link #countLogonRefusals}). Written by
 * QuickFIX/J threads ({@link VenueClientFixApplication}), read by any thread (the ops console's {@code /health}).
 * Allocates (edge).
 */
public final class VenueSessionHealth
{
    private final ConcurrentHashMap<Integer, String> lastProblem = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, AtomicCounter> logonRefusals = new ConcurrentHashMap<>();

    /**
     * Counts a venue's refused logons in this counter. Call before its session starts.
     *
     * @param venueId venue.
     * @param counter its logon refusals counter.
     */
    public void countLogonRefusals(final int venueId, final AtomicCounter counter)
    {
        logonRefusals.put(venueId, counter);
    }

    /**
     * @param venueId venue whose logon was refused or failed.
     * @param reason  the Logout text (e.g. "MsgSeqNum too low, expecting 3034 but received 511").
     */
    public void onLogonRefused(final int venueId, final String reason)
    {
        final AtomicCounter refusals = logonRefusals.get(venueId);
        if (null != refusals)
        {
            refusals.increment();
        }
        lastProblem.put(venueId, "logon refused: " + (reason.isEmpty() ? "no reason given" : reason));
    }

    /**
     * @param venueId venue that logged out after being logged on.
     * @param reason  the Logout text, possibly empty.
     */
    public void onLoggedOut(final int venueId, final String reason)
    {
        lastProblem.put(venueId, "logged out" + (reason.isEmpty() ? "" : ": " + reason));
    }

    /**
     * @param venueId venue that logged on: its last problem is over.
     */
    public void onLogon(final int venueId)
    {
        lastProblem.remove(venueId);
    }

    /**
     * @param venueId venue.
     * @return why it last went down or failed to log on, or null if it has had no problem since its last logon.
     */
    public String lastProblem(final int venueId)
    {
        return lastProblem.get(venueId);
    }

    /**
     * @param venueId venue.
     * @return logons refused or failed so far (0 for a venue without a counter).
     */
    public long logonRefusals(final int venueId)
    {
        final AtomicCounter count = logonRefusals.get(venueId);
        return null == count ? 0 : count.get();
    }
}
