package io.peregrine.gateway.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@code <data>/gateway.lock}, held by a running gateway (and briefly by
 * {@code reset-session}) so that two processes never use the same FIX stores and journals. The OS releases it when
 * the process dies, SIGKILL included, so a crash leaves nothing to clean. Caller's thread.
 */
public final class DataDirLock implements AutoCloseable
{
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dataDir the gateway data directory (created if missing).
     * @return the held lock.
     * @throws IllegalStateException naming the fix when another process (or this one) holds it.
     */
    public static DataDirLock acquire(final Path dataDir)
    {
        try
        {
            Files.createDirectories(dataDir);
            final FileChannel channel = FileChannel.open(dataDir.resolve("gateway.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = null;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
            if (null == lock)
            {
                channel.close();
                throw new IllegalStateException("a gateway is running with data directory " +
                    dataDir.toAbsolutePath() + " (" + dataDir.resolve("gateway.lock") + " is locked): stop it first, " +
                    "or give this one another peregrine.gateway.data.dir");
            }
            return new DataDirLock(channel, lock);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public void close()
    {
        try
        {
            lock.release();
            channel.close();
        }
        catch (final IOException ignore)
        {
            // closing: the OS drops the lock with the channel anyway
        }
    }
}
