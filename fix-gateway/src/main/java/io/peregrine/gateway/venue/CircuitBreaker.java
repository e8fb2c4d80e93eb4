package io.peregrine.gateway.venue;

/**
 * Circuit breaker of one venue session. Closed: requests flow. After {@code failureThreshold} consecutive
 * failures it opens and refuses new orders; after {@code coolDownNanos} it half-opens and lets exactly one probe
 * order through; the probe's answer closes it again, a failure re-opens it. A (re)logon of the session closes it.
 * <p>
 * A failure is a sign that the venue session, not one order, is in trouble: a request the venue did not answer in
 * time (counted once per request, not once per OrderStatusRequest asked about it again), or a session-level Reject
 * (the venue's FIX layer refused the gateway's message). A business reject (an ExecutionReport Rejected, a
 * BusinessMessageReject) is an answer: the venue is up and refused that one order (an unknown symbol, a price band),
 * which says nothing about other accounts' orders, so it counts as a success.
 * <p>
 * A breaker opened by an unanswered request (not by a reject) does not need an order to find out whether the venue
 * answers again: {@link #wantsAskingProbe()} tells {@link VenueClient} to probe it itself, with an OrderStatusRequest
 * about a working order, so it does not wait half open for an order that may never come. One opened by a session-level
 * reject waits for a real order as its probe: only an accepted order shows that the venue accepts orders again. A probe
 * answered with neither (a pending ack, the refusal of a probing replace) gives its turn up ({@link #releaseProbe()}).
 * <p>
 * An unanswered request is timed by {@link VenueClient} from the moment it is handed to the venue's session, never
 * while it waits in the gateway: requests wait for the session in its {@link FairSendQueue}, which keeps at most a
 * window of them unanswered at the venue, and a deadline only passes once the venue answers received before it have
 * all been applied (none is still in the adapter's inbox). So a flood of valid orders at a venue that answers
 * promptly cannot open it; a venue that stops answering still does.
 * <p>
 * Single-threaded: owned by the {@link VenueClient} agent thread. Allocates nothing; the caller supplies time.
 */
public final class CircuitBreaker
{
    /** The three states. */
    public enum State
    {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int failureThreshold;
    private final long coolDownNanos;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAtNanos;
    private boolean probeInFlight;
    private boolean lastFailureUnanswered;
    private int failedProbes;

    /**
     * @param failureThreshold consecutive failures that open the breaker, at least 1.
     * @param coolDownNanos    how long it stays open before half-opening.
     */
    public CircuitBreaker(final int failureThreshold, final long coolDownNanos)
    {
        if (failureThreshold < 1)
        {
            throw new IllegalArgumentException("failureThreshold must be at least 1: " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDownNanos;
    }

    public State state()
    {
        return state;
    }

    public int consecutiveFailures()
    {
        return consecutiveFailures;
    }

    /**
     * @return how long an open breaker waits before half-opening, nanoseconds.
     */
    public long coolDownNanos()
    {
        return coolDownNanos;
    }

    /**
     * @return the probes that failed since the breaker last opened from CLOSED: 0 at an opening, more when a failed
     * probe re-opened it (the owner logs the opening once, not once per failed probe).
     */
    public int failedProbes()
    {
        return failedProbes;
    }

    /**
     * Asks to send a new order (or a replace). In HALF_OPEN the first caller becomes the probe.
     *
     * @return true if the order may go to the venue.
     */
    public boolean tryAcquire()
    {
        switch (state)
        {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (!probeInFlight)
                {
                    probeInFlight = true;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    /**
     * The venue answered something (an acknowledgement, a fill, a business reject).
     *
     * @return true if this closed a half-open breaker.
     */
    public boolean onSuccess()
    {
        consecutiveFailures = 0;
        if (state == State.HALF_OPEN)
        {
            reset();
            return true;
        }
        return false;
    }

    /**
     * The venue did not answer a request in time, or rejected it at session level.
     *
     * @param nowNanos   current time.
     * @param unanswered true for a request the venue did not answer in time, false for a session-level reject.
     * @return true if this opened the breaker (from CLOSED, or from HALF_OPEN: see {@link #failedProbes()}).
     */
    public boolean onFailure(final long nowNanos, final boolean unanswered)
    {
        consecutiveFailures++;
        lastFailureUnanswered = unanswered;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= failureThreshold))
        {
            failedProbes = state == State.HALF_OPEN ? failedProbes + 1 : 0;
            state = State.OPEN;
            openedAtNanos = nowNanos;
            probeInFlight = false;
            return true;
        }
        return false;
    }

    /**
     * Moves an open breaker to half-open once the cool-down has passed.
     *
     * @param nowNanos current time.
     * @return true if it half-opened now.
     */
    public boolean onTimer(final long nowNanos)
    {
        if (state == State.OPEN && nowNanos - openedAtNanos >= coolDownNanos)
        {
            state = State.HALF_OPEN;
            probeInFlight = false;
            return true;
        }
        return false;
    }

    /**
     * @return true when half open with no probe out and the last failure was an unanswered request: the owner should
     * take the probe ({@link #tryAcquire()}) with a question the venue only has to answer.
     */
    public boolean wantsAskingProbe()
    {
        return state == State.HALF_OPEN && !probeInFlight && lastFailureUnanswered;
    }

    /**
     * @return true when half open with its probe out (neither answered nor failed yet).
     */
    public boolean probing()
    {
        return state == State.HALF_OPEN && probeInFlight;
    }

    /**
     * The probe was answered with something that neither closes nor re-opens the breaker: the next order (or asking
     * probe) is the probe.
     */
    public void releaseProbe()
    {
        probeInFlight = false;
    }

    /**
     * Back to CLOSED with no failures, e.g. on a fresh logon.
     */
    public void reset()
    {
        state = State.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
        lastFailureUnanswered = false;
        failedProbes = 0;
    }
}
