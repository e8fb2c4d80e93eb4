package io.peregrine.gateway.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cuts a torn last record off a line journal (one record per line, every record ends with '\n') before it is
 * replayed and appended to: a process killed in the middle of a write leaves a last line without its newline, and
 * appending the next record onto it would glue the two into one line that a later replay drops (or, worse, misreads).
 * The torn record's message was never offered or sent (records reach the OS before their message), so nothing else
 * refers to it. Caller's thread (start-up only); allocates.
 */
public final class TornTail
{
    private static final Logger LOG = LoggerFactory.getLogger(TornTail.class);
    private static final int CHUNK = 4096;

    private TornTail()
    {
    }

    /**
     * @param file a line journal (may be missing).
     * @return how many bytes were cut (0 when the file ends with a newline, is empty or is missing).
     * @throws IOException when the file cannot be read or truncated.
     */
    public static long cut(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = channel.size();
            final long keep = lengthThroughLastNewline(channel, size);
            if (keep == size)
            {
                return 0;
            }
            channel.truncate(keep);
            channel.force(true);
            LOG.warn("{}: cut a torn last record of {} bytes (written when the process died; never sent)", file,
                size - keep);
            return size - keep;
        }
    }

    private static long lengthThroughLastNewline(final FileChannel channel, final long size) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long end = size;
        while (end > 0)
        {
            final long start = Math.max(0, end - CHUNK);
            buffer.clear().limit((int)(end - start));
            while (buffer.hasRemaining())
            {
                if (channel.read(buffer, start + buffer.position()) < 0)
                {
                    break;
                }
            }
            for (int i = (int)(end - start) - 1; i >= 0; i--)
            {
                if (buffer.get(i) == '\n')
                {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }
}
