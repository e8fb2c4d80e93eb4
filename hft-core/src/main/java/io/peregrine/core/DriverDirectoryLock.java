package io.peregrine.core;

import io.peregrine.config.ProcessFileLock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The claim of an embedded media driver's Aeron directory by the process that runs it: a lock file beside the
 * directory ({@code <dir>.lock}), held from before the driver starts until after it has stopped.
 * <p>
 * Why: Aeron's driver deletes the directory it finds at start when told to ({@code peregrine.aeron.dir.delete.on.start},
 * the default) without asking whether a driver still runs in it. A second Peregrine process on the same Aeron
 * directory (another journal or data directory, but the same default Aeron directory) would pull the directory from
 * under the running one, whose tools ({@code run.sh stat}, the ops console) would then find nothing. With this lock the
 * second process stops before its driver starts, naming the fix. The OS releases the lock when the process dies,
 * SIGKILL included, so a crash leaves nothing to clean; a clean stop also removes the file.
 * <p>
 * Start-up and shutdown only: caller's thread, allocates.
 */
final class DriverDirectoryLock implements AutoCloseable
{
    private final Path file;
    private final ProcessFileLock lock;

    private DriverDirectoryLock(final Path file, final ProcessFileLock lock)
    {
        this.file = file;
        this.lock = lock;
    }

    /**
     * @param aeronDirectoryName the Aeron directory the embedded driver is about to use.
     * @return the held claim; {@link #close()} gives it up.
     * @throws IllegalStateException naming the fix when another process (or this one) runs a driver there.
     */
    static DriverDirectoryLock acquire(final String aeronDirectoryName)
    {
        final Path directory = Path.of(aeronDirectoryName).toAbsolutePath().normalize();
        final Path file = directory.resolveSibling(directory.getFileName() + ".lock");
        return new DriverDirectoryLock(file, ProcessFileLock.acquire(file,
            "a Peregrine process runs its embedded media driver in " + directory,
            "give this process another peregrine.aeron.dir"));
    }

    /**
     * Removes the lock file, then releases the lock (in that order: a process that opens the file meanwhile is still
     * refused rather than locking a file that is gone). Call after the driver has stopped.
     */
    public void close()
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignore)
        {
            // the file stays behind: harmless, the next driver locks it again
        }
        lock.close();
    }
}
