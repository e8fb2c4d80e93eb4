package io.peregrine.protocol;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.charset.StandardCharsets;

/**
 * Aeron-format counters kept in this process, for components that run without an Aeron client (the core's logic
 * driven directly, a FIX edge or a simulated venue in a test): the same {@link CountersManager} layout as a CnC file's
 * counters, in buffers of this process. Here, in the module that every counter owner already depends on, so there is
 * one home for it.
 * <p>
 * Allocates its buffers once; the manager it returns is not thread safe for allocation (allocate counters on one
 * thread), its counters are read and written with ordered/volatile access like any Aeron counter.
 */
public final class InProcessCounters
{
    private InProcessCounters()
    {
    }

    /**
     * @param capacity how many counters it holds.
     * @return a counters manager over direct buffers, aligned like a CnC file's, with US-ASCII labels.
     */
    public static CountersManager manager(final int capacity)
    {
        final UnsafeBuffer metaData = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            capacity * CountersReader.METADATA_LENGTH, CountersReader.COUNTER_LENGTH));
        final UnsafeBuffer values = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            capacity * CountersReader.COUNTER_LENGTH, CountersReader.COUNTER_LENGTH));
        return new CountersManager(metaData, values, StandardCharsets.US_ASCII);
    }
}
