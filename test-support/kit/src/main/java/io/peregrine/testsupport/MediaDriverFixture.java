package io.peregrine.testsupport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * An embedded media driver for a test: shared threading mode with a 1 ms sleeping idle strategy (cheap on a 2-core
 * machine), in a unique directory deleted on start and on close.
 */
public final class MediaDriverFixture implements AutoCloseable
{
    private final MediaDriver driver;

    private MediaDriverFixture(final MediaDriver driver)
    {
        this.driver = driver;
    }

    /**
     * @return a running driver in a fresh directory from {@link TempDirs#uniqueAeronDir(String)}.
     */
    public static MediaDriverFixture launch()
    {
        return new MediaDriverFixture(MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(TempDirs.uniqueAeronDir("peregrine-test-driver-"))
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)));
    }

    /**
     * @return the directory clients connect to.
     */
    public String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    /**
     * Stops the driver and deletes its directory.
     */
    public void close()
    {
        driver.close();
    }
}
