package io.peregrine.core;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.peregrine.config.ProcessFileLock;
import io.peregrine.core.liveness.LivenessTimeouts;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
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
 * A driver that takes no such lock (an older Peregrine, or any Aeron application, e.g. one on Aeron's default
 * directory) is found by Aeron's own sign of life instead: the heartbeat its conductor writes into the directory's
 * CnC file, fresh within the client driver timeout, from a process that is still alive (the CnC file names it). A
 * driver killed with SIGKILL leaves a fresh heartbeat behind for a while, but its process is gone: that directory is
 * stale and cleaned as before; a driver that closed cleanly marks its heartbeat as ended.
 * <p>
 * Start-up and shutdown only: caller's thread, allocates.
 */
final class DriverDirectoryLock implements AutoCloseable
{
    private static final long NO_DRIVER = -1;
    /** Process start times come from the kernel's clock ticks, the driver's from the wall clock. */
    private static final long START_CLOCK_SLACK_MS = 1000;

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
        final DriverDirectoryLock claim = new DriverDirectoryLock(file, ProcessFileLock.acquire(file,
            "a Peregrine process runs its embedded media driver in " + directory,
            "give this process another peregrine.aeron.dir"));
        final long driverPid = activeDriverPid(directory.toFile(),
            LivenessTimeouts.applyTo(new Aeron.Context()).driverTimeoutMs());
        if (NO_DRIVER != driverPid)
        {
            claim.close();
            throw new IllegalStateException("a media driver is active in the Aeron directory " + directory +
                " (process " + driverPid + ", its CnC heartbeat is fresh): starting an embedded driver there would " +
                "delete that directory under it. Stop that driver first, or give this process another " +
                "peregrine.aeron.dir (or set peregrine.driver.embedded=false to use that driver)");
        }
        return claim;
    }

    /**
     * @param directory       an Aeron directory.
     * @param driverTimeoutMs how old a heartbeat may be and still count as a running driver's.
     * @return the process id of the media driver running in the directory, or {@link #NO_DRIVER} when there is no
     *         CnC file, it is not readable as one, its heartbeat is old or ended, or its process is gone.
     */
    static long activeDriverPid(final File directory, final long driverTimeoutMs)
    {
        final File cncFile = new File(directory, CncFileDescriptor.CNC_FILE);
        if (!cncFile.isFile() || cncFile.length() < CncFileDescriptor.END_OF_METADATA_OFFSET)
        {
            return NO_DRIVER;
        }
        MappedByteBuffer cnc = null;
        try
        {
            cnc = IoUtil.mapExistingFile(cncFile, CncFileDescriptor.CNC_FILE);
            if (!CommonContext.isDriverActive(driverTimeoutMs, (message) -> { }, cnc))
            {
                return NO_DRIVER;
            }
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cnc);
            final long pid = CncFileDescriptor.pid(metaData);
            return isDriverProcess(pid, CncFileDescriptor.startTimestampMs(metaData)) ? pid : NO_DRIVER;
        }
        catch (final RuntimeException ex)
        {
            // Not a CnC file of a driver this Aeron can read (another version, half written): nothing to protect
            // that this check can see; the driver's own start decides, as before.
            return NO_DRIVER;
        }
        finally
        {
            IoUtil.unmap(cnc);
        }
    }

    /**
     * A process id is reused: a container's JVM is process 1 again after a kill and restart within the heartbeat's
     * timeout. So the driver that wrote the CnC file is taken to be alive only if a process of that id runs and had
     * started by the time the driver did (this process too: a driver it launched itself is one to protect).
     */
    static boolean isDriverProcess(final long pid, final long driverStartMs)
    {
        return ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .map((process) -> process.info().startInstant()
                .map((started) -> started.toEpochMilli() <= driverStartMs + START_CLOCK_SLACK_MS)
                .orElse(true))
            .orElse(false);
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
