package io.peregrine.gateway.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Stands in for the gateway data disk under {@link RetiredClOrdIds}' scratch files: allocates as the real one does
 * until {@link #full} is set, then refuses every allocation as a full disk does (tmpfs of a small size is not
 * available to tests).
 */
final class FullDisk implements RetiredClOrdIds.Allocator
{
    /** Whether allocations are refused. */
    volatile boolean full;

    @Override
    public void allocate(final Path file, final FileChannel channel, final long from, final long to)
        throws IOException
    {
        if (full)
        {
            throw new IOException("No space left on device");
        }
        RetiredClOrdIds.ZEROS.allocate(file, channel, from, to);
    }
}
