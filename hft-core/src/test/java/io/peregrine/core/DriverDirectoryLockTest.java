package io.peregrine.core;

import io.peregrine.testsupport.TempDirs;
import org.junit.jupiter.api.Test;

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

    private static PeregrineContext core(final String aeronDir)
    {
        return new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .idleStrategyName("sleeping")
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true);
    }
}
