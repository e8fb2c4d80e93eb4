package io.peregrine.core.journal;

import org.agrona.concurrent.EpochNanoClock;

/**
 * The time the core's logic sees: set from each input's journal entry before the input is handled, so that a
 * replay of the journal sees exactly the times the live run saw (reports' transact times, venue request
 * timestamps, the risk rate throttle). The logic never reads a real clock.
 * <p>
 * Core thread only (or the recovering thread before the core thread starts); allocation free.
 */
public final class LogicClock implements EpochNanoClock
{
    private long nanos;

    /**
     * @param nanos the timestamp of the input about to be handled.
     */
    public void time(final long nanos)
    {
        this.nanos = nanos;
    }

    /**
     * @return the timestamp of the input being handled.
     */
    public long nanoTime()
    {
        return nanos;
    }
}
