package io.peregrine.ops.launch;

import io.aeron.Aeron;
import io.peregrine.sim.VenueEngineCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import java.nio.charset.StandardCharsets;

/**
 * Puts the simulated venue's engine counters in a media driver's CnC file (next to the core's and the gateway's), so
 * {@code run.sh stat} and the ops console see them. Launch thread; allocates.
 */
public final class AeronVenueCounters implements VenueEngineCounters.Factory
{
    private final Aeron aeron;

    /**
     * @param aeron client of the driver whose CnC file gets the counters.
     */
    public AeronVenueCounters(final Aeron aeron)
    {
        this.aeron = aeron;
    }

    public AtomicCounter newCounter(final int typeId, final long key, final String label)
    {
        final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[8]);
        keyBuffer.putLong(0, key);
        final byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        return aeron.addCounter(typeId, keyBuffer, 0, 8, new UnsafeBuffer(labelBytes), 0, labelBytes.length);
    }

    public CountersReader reader()
    {
        return aeron.countersReader();
    }
}
