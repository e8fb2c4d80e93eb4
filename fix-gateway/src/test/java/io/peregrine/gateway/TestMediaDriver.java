package io.peregrine.gateway;

import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TempDirs;

import java.nio.file.Path;

/**
 * Forwards to test-support while tests written against it are migrated: use {@link MediaDriverFixture},
 * {@link FreePorts} and {@link TempDirs}. Delete once nothing uses it.
 */
@Deprecated(forRemoval = true)
public final class TestMediaDriver implements AutoCloseable
{
    private final MediaDriverFixture driver;

    private TestMediaDriver(final MediaDriverFixture driver)
    {
        this.driver = driver;
    }

    public static TestMediaDriver launch()
    {
        return new TestMediaDriver(MediaDriverFixture.launch());
    }

    public String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    public void close()
    {
        driver.close();
    }

    public static int freePort()
    {
        return FreePorts.freePort();
    }

    public static Path tempDir(final String prefix)
    {
        return TempDirs.create(prefix);
    }

    public static void deleteRecursively(final Path dir)
    {
        TempDirs.delete(dir);
    }
}
