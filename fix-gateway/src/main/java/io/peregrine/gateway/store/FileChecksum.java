package io.peregrine.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The CRC-32C of a file's first bytes: what a snapshot records of the files it was taken beside, so that a start can
 * tell they are still the ones it describes (a file changed, cut or replaced since reads otherwise). Reads in blocks of
 * a megabyte through one direct buffer. Edge code (blocking I/O); any thread.
 */
public final class FileChecksum
{
    private static final int BLOCK_BYTES = 1 << 20;

    private FileChecksum()
    {
    }

    /**
     * @param file   the file.
     * @param length how many of its first bytes.
     * @return their CRC-32C.
     * @throws IOException when the file cannot be read, or is shorter than {@code length}.
     */
    public static long crc32c(final Path file, final long length) throws IOException
    {
        final CRC32C crc = new CRC32C();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ))
        {
            if (in.size() < length)
            {
                throw new IOException(file + " holds " + in.size() + " bytes, fewer than " + length);
            }
            final ByteBuffer block = ByteBuffer.allocateDirect((int)Math.max(1, Math.min(BLOCK_BYTES, length)));
            long at = 0;
            while (at < length)
            {
                block.clear().limit((int)Math.min(block.capacity(), length - at));
                while (block.hasRemaining())
                {
                    if (in.read(block, at + block.position()) < 0)
                    {
                        throw new IOException(file + " ended before byte " + length);
                    }
                }
                block.flip();
                crc.update(block);
                at += block.limit();
            }
        }
        return crc.getValue();
    }
}
