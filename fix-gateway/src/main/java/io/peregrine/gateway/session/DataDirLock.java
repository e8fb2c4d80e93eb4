package io.peregrine.gateway.session;

import io.peregrine.config.ProcessFileLock;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An exclusive OS lock on {@code <data>/gateway.lock}, held by a running gateway (and briefly by
 * {@code reset-session}) so that two processes never use the same FIX stores and journals. The OS releases it when
 * the process dies, SIGKILL included, so a crash leaves nothing to clean ({@link ProcessFileLock}, the one lock home
 * the core's risk state file shares). Caller's thread.
 */
public final class DataDirLock implements AutoCloseable
{
    private static final String LOCK_FILE = "gateway.lock";

    private final ProcessFileLock lock;

    private DataDirLock(final ProcessFileLock lock)
    {
        this.lock = lock;
    }

    /**
     * @param dataDir the gateway data directory (created if missing).
     * @return the held lock.
     * @throws IllegalStateException naming the fix when another process (or this one) holds it.
     */
    public static DataDirLock acquire(final Path dataDir)
    {
        return new DataDirLock(ProcessFileLock.acquire(dataDir.resolve(LOCK_FILE),
            "a gateway is running with data directory " + dataDir.toAbsolutePath(),
            "give this one another peregrine.gateway.data.dir"));
    }

    /**
     * Refuses as {@link #acquire} does when another process (or this one) holds the lock, without creating the
     * directory or the lock file (a start checks it before anything else starts; a directory without the file is
     * one no gateway runs on).
     *
     * @param dataDir the gateway data directory.
     * @throws IllegalStateException naming the fix when the lock is held.
     */
    public static void requireFree(final Path dataDir)
    {
        if (Files.exists(dataDir.resolve(LOCK_FILE)))
        {
            acquire(dataDir).close();
        }
    }

    public void close()
    {
        lock.close();
    }
}
