package io.peregrine.core;

import io.aeron.CncFileDescriptor;
import io.aeron.driver.MediaDriver;
import io.peregrine.testsupport.TempDirs;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second core with an embedded media driver on an Aeron directory whose driver runs is refused before its driver
 * starts (Aeron's driver would otherwise delete the running one's directory), and the claim goes with the first core.
 */
class DriverDirectoryLockTest
{
    @Test
    void aSecondEmbeddedDriverOnARunningDriversDirectoryIsRefusedAndLeavesItAlone()
    {
        final String aeronDir = TempDirs.uniqueAeronDir("peregrine-test-");
        final Path lockFile = Path.of(aeronDir + ".lock");
        try
        {
            try (Peregrine first = Peregrine.launch(core(aeronDir)))
            {
                final Path cnc = Path.of(first.aeronDirectoryName()).resolve("cnc.dat");
                assertTrue(Files.exists(lockFile), "the running driver's claim");
                final IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> Peregrine.launch(core(aeronDir)));
                assertTrue(refused.getMessage().contains(
                    "a Peregrine process runs its embedded media driver in " + Path.of(aeronDir)) &&
                    refused.getMessage().contains("stop it first, or give this process another peregrine.aeron.dir"),
                    refused.getMessage());
                assertTrue(Files.exists(cnc), "the running driver's directory is untouched");
                assertFalse(first.aeronClient().isLost(), "the running core still has its driver");
            }
            assertFalse(Files.exists(lockFile), "a clean stop removes the claim");
            try (Peregrine again = Peregrine.launch(core(aeronDir)))
            {
                assertTrue(Files.exists(lockFile) && !again.aeronClient().isLost(),
                    "the directory can be claimed again once the first core stopped");
            }
        }
        finally
        {
            TempDirs.delete(Path.of(aeronDir));
            TempDirs.delete(lockFile);
        }
    }

    @Test
    void aRunningMediaDriverThatTakesNoLockKeepsItsDirectory()
    {
        final String aeronDir = TempDirs.uniqueAeronDir("peregrine-test-");
        try (MediaDriver other = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir).dirDeleteOnStart(true).dirDeleteOnShutdown(true)))
        {
            final Path cnc = Path.of(other.aeronDirectoryName()).resolve(CncFileDescriptor.CNC_FILE);
            final IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> Peregrine.launch(core(aeronDir)));
            assertTrue(refused.getMessage().contains("a media driver is active in the Aeron directory " +
                Path.of(aeronDir).toAbsolutePath()) && refused.getMessage().contains("another peregrine.aeron.dir"),
                refused.getMessage());
            assertTrue(Files.exists(cnc),
                "the running driver's directory is untouched");
            assertTrue(DriverDirectoryLock.activeDriverPid(new File(aeronDir), 10_000) > 0,
                "the other driver still runs there");
            assertFalse(Files.exists(Path.of(aeronDir + ".lock")), "the refused start leaves no claim behind");
        }
        finally
        {
            TempDirs.delete(Path.of(aeronDir));
            TempDirs.delete(Path.of(aeronDir + ".lock"));
        }
    }

    @Test
    void aDeadDriversDirectoryIsCleanedAndUsed() throws Exception
    {
        final String aeronDir = TempDirs.uniqueAeronDir("peregrine-test-");
        try
        {
            MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir).dirDeleteOnStart(true).dirDeleteOnShutdown(false)).close();
            // What SIGKILL leaves: a heartbeat still fresh, written by a process that is gone.
            final Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            final MappedByteBuffer mapped =
                IoUtil.mapExistingFile(Path.of(aeronDir, CncFileDescriptor.CNC_FILE).toFile(), "cnc");
            try
            {
                final UnsafeBuffer meta = CncFileDescriptor.createMetaDataBuffer(mapped);
                meta.putLong(CncFileDescriptor.pidOffset(0), gone.pid());
                new ManyToOneRingBuffer(CncFileDescriptor.createToDriverBuffer(mapped, meta))
                    .consumerHeartbeatTime(System.currentTimeMillis());
            }
            finally
            {
                IoUtil.unmap(mapped);
            }
            try (Peregrine started = Peregrine.launch(core(aeronDir)))
            {
                assertFalse(started.aeronClient().isLost(), "the stale directory was cleaned and used");
            }
        }
        finally
        {
            TempDirs.delete(Path.of(aeronDir));
            TempDirs.delete(Path.of(aeronDir + ".lock"));
        }
    }

    /**
     * A container's JVM is process 1 again after a kill and a restart within the heartbeat's timeout: the CnC file then
     * names a live process, which started after the driver that wrote it, so it is not that driver.
     */
    @Test
    void aProcessIdReusedSinceTheDriverStartedIsNoDriver()
    {
        final long thisPid = ProcessHandle.current().pid();
        final long thisStartMs = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();

        assertTrue(DriverDirectoryLock.isDriverProcess(thisPid, System.currentTimeMillis()),
            "a driver started after its process did");
        assertFalse(DriverDirectoryLock.isDriverProcess(thisPid, thisStartMs - 60_000),
            "a driver started before this process: the id was reused");
    }

    private static PeregrineContext core(final String aeronDir)
    {
        return new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .idleStrategyName("sleeping")
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true);
    }
}
