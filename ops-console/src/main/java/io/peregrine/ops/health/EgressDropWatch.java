package io.peregrine.ops.health;

/**
 * The {@code egress} part of {@code /health}: DEGRADED while the core is dropping reports on its live egress stream
 * (counter 7014 moved within the last {@link #WINDOW_MILLIS}), naming the client whose report was dropped last
 * (gauge 1208), else UP. Dropped reports mean a subscriber of the stream does not keep up and every live reader
 * misses them (the core offers each report once while the stream is stalled, hft-core README "Back-pressure"): a
 * loss worth an operator's look, not a reason to take the process out of service, so it is DEGRADED, not DOWN.
 * <p>
 * It sees the counter when asked ({@link #check}): drops made while nobody asked show at the next answer, which
 * says "since the last check" rather than guess when they happened. Thread safe (synchronized); allocates (edge).
 */
public final class EgressDropWatch
{
    /** How long after the last drop the part stays DEGRADED. */
    public static final long WINDOW_MILLIS = 60_000;

    /** The client-id gauge's value before any client's report was dropped. */
    public static final long NO_CLIENT = -1;

    /** How the DEGRADED reason starts: which stream. */
    private final String dropping;
    /** How it ends: whether anyone still gets the dropped reports. */
    private final String consequence;
    /** The count when it last moved: 0 until a drop is seen (the counter only grows). */
    private long lastDropped;
    private long lastDropNanos;

    /**
     * @param streamId  the core's egress stream id (named in the answer).
     * @param journalOn whether the core journals its reports (then journal readers miss nothing).
     */
    public EgressDropWatch(final int streamId, final boolean journalOn)
    {
        dropping = "live egress (stream " + streamId + ") is dropping reports: ";
        consequence = journalOn ?
            "They are in the core journal: journal readers (the fix-gateway's brokers, PeregrineClient with a " +
            "journalDir) miss nothing." :
            "Without the core journal the clients that missed them lost them (an OrderStatusRequest asks).";
    }

    /**
     * @param dropped  the core's count of dropped egress reports (counter 7014).
     * @param clientId the client id of the last report dropped (gauge 1208), {@link #NO_CLIENT} if none is known.
     * @param nowNanos the current {@link System#nanoTime()}.
     * @return the {@code egress} part.
     */
    public synchronized HealthCheck.Part check(final long dropped, final long clientId, final long nowNanos)
    {
        final boolean moved = dropped != lastDropped;
        final long before = lastDropped;
        if (moved)
        {
            lastDropped = dropped;
            lastDropNanos = nowNanos;
        }
        if (0 == lastDropped || nowNanos - lastDropNanos >= WINDOW_MILLIS * 1_000_000L)
        {
            return new HealthCheck.Part("egress", true, "no live egress reports dropped in the last " +
                WINDOW_MILLIS / 1000 + " s (" + dropped + " since the core started)");
        }
        final String recent = moved ? (dropped - before) + " since the last check" :
            "none since the last check, the last " + (nowNanos - lastDropNanos) / 1_000_000_000L + " s ago";
        final String client = NO_CLIENT == clientId ? "client id not known" : "the last for client id " + clientId;
        return HealthCheck.Part.degraded("egress", dropping + recent + ", " + dropped + " since the core started, " +
            client + ". A subscriber of the stream does not keep up (not polling, stopped, or dead and not yet timed " +
            "out by the driver): every live reader misses the dropped reports. " + consequence);
    }
}
