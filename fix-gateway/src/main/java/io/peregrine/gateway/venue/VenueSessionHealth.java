package io.peregrine.gateway.venue;

import org.agrona.concurrent.status.AtomicCounter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an operator needs to know about each venue session that the session state alone does not say: why it last
 * went down (the Logout text of the side that started the logout, the operator's reason while an operator holds it
 * out, or why the connection ended without one), and how many logons failed (an Aeron counter per
 * venue, registered with {@link #countLogonRefusals}). Written by
 * QuickFIX/J threads ({@link VenueClientFixApplication}), read by any thread (the ops console's {@code /health}).
 * Allocates (edge).
 */
public final class VenueSessionHealth
{
    private final ConcurrentHashMap<Integer, String> lastProblem = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, AtomicCounter> logonRefusals = new ConcurrentHashMap<>();
    /** Venues an operator logged out: kept out until the operator logs them on, their reason kept meanwhile. */
    private final Set<Integer> heldOut = ConcurrentHashMap.newKeySet();

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
        record(venueId, "logon refused: " + (reason.isEmpty() ? "no reason given" : reason));
    }

    /**
     * @param venueId venue whose logon went unanswered (counted as a refused logon).
     * @param reason  what happened, e.g. no answer to the Logon within the logon timeout.
     */
    public void onLogonFailed(final int venueId, final String reason)
    {
        final AtomicCounter refusals = logonRefusals.get(venueId);
        if (null != refusals)
        {
            refusals.increment();
        }
        record(venueId, "logon failed: " + reason);
    }

    /**
     * An operator logged the venue out: its reason stays the venue's problem, whatever the Logout exchange that follows
     * says, until {@link #onOperatorLogon} or a logon.
     *
     * @param venueId venue.
     * @param reason  the operator's reason (the Logout text sent).
     */
    public void onOperatorLogout(final int venueId, final String reason)
    {
        heldOut.add(venueId);
        lastProblem.put(venueId, "logged out by the operator: " + reason + "; held out until venue-logon (" +
            "run.sh admin venue-logon " + venueId + ")");
    }

    /**
     * @param venueId venue an operator asked to log on again: what happens next is its problem again.
     */
    public void onOperatorLogon(final int venueId)
    {
        // The logout's "held out until venue-logon" is no longer true: until the session says more, it is connecting.
        if (heldOut.remove(venueId))
        {
            lastProblem.put(venueId, "logon asked by the operator: connecting to the venue");
        }
    }

    /**
     * @param venueId venue.
     * @return whether an operator logged it out and has not asked it to log on since.
     */
    public boolean isHeldOut(final int venueId)
    {
        return heldOut.contains(venueId);
    }

    private void record(final int venueId, final String problem)
    {
        if (!heldOut.contains(venueId))
        {
            lastProblem.put(venueId, problem);
        }
    }

    /**
     * @param venueId venue that logged out after being logged on.
     * @param reason  the Logout text, possibly empty.
     */
    public void onLoggedOut(final int venueId, final String reason)
    {
        record(venueId, "logged out" + (reason.isEmpty() ? "" : ": " + reason));
    }

    /**
     * @param venueId venue that logged on: its last problem is over.
     */
    public void onLogon(final int venueId)
    {
        heldOut.remove(venueId);
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
