package io.peregrine.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one way a Peregrine process claims a file or directory for itself: an exclusive OS lock
 * ({@link FileChannel#tryLock()}) that the OS releases when the process dies, SIGKILL included, so a crash leaves
 * nothing to clean. Used by the FIX gateway for its data directory ({@code gateway.lock}) and by the core for its
 * risk state file.
 * <p>
 * A lock held by another process, or already by this one, is refused with one message shape:
 * {@code <file> is locked by another process (or already by this one): <holder>; stop it first, or <otherwise>}.
 * <p>
 * Edge code (start-up, tools): caller's thread, allocates.
 */
public final class ProcessFileLock implements AutoCloseable
{
    private final FileLock lock;

    private ProcessFileLock(final FileLock lock)
    {
        this.lock = lock;
    }

    /**
     * Opens (creating it and its directory if missing) a lock file and locks it.
     *
     * @param lockFile  the file that stands for what is claimed (e.g. {@code <data>/gateway.lock}).
     * @param holder    who holds it when it is refused, e.g. {@code "a gateway is running with data directory /x"}.
     * @param otherwise the other way out than stopping the holder, e.g. {@code "give this one another ..."}.
     * @return the held lock; {@link #close()} releases it.
     * @throws IllegalStateException naming the fix when another process (or this one) holds it.
     */
    public static ProcessFileLock acquire(final Path lockFile, final String holder, final String otherwise)
    {
        try
        {
            final Path directory = lockFile.toAbsolutePath().getParent();
            if (null != directory)
            {
                Files.createDirectories(directory);
            }
            final FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            try
            {
                return new ProcessFileLock(lockOrRefuse(channel, lockFile, holder, otherwise));
            }
            catch (final IOException | RuntimeException ex)
            {
                channel.close(); // not locked: the file is not kept open
                throw ex;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock " + lockFile.toAbsolutePath(), ex);
        }
    }

    /**
     * Locks a file the caller has open already (and keeps open: closing the channel releases the lock).
     *
     * @param channel   open for writing on {@code file}.
     * @param file      for the message.
     * @param holder    who holds it when it is refused.
     * @param otherwise the other way out than stopping the holder.
     * @return the lock.
     * @throws IllegalStateException naming the fix when another process (or this one) holds it.
     * @throws IOException           when the OS cannot lock it.
     */
    public static FileLock lockOrRefuse(
        final FileChannel channel, final Path file, final String holder, final String otherwise) throws IOException
    {
        FileLock lock;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            lock = null; // this process holds it already: refused like another process
        }
        if (null == lock)
        {
            throw new IllegalStateException(file.toAbsolutePath() + " is locked by another process (or already by " +
                "this one): " + holder + "; stop it first, or " + otherwise);
        }
        return lock;
    }

    /**
     * Releases the lock and closes its file (the file stays: it is not what the lock means).
     */
    public void close()
    {
        try
        {
            lock.release();
            lock.channel().close();
        }
        catch (final IOException ignore)
        {
            // closing: the OS drops the lock with the channel anyway
        }
    }
}
