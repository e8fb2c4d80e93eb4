package io.peregrine.gateway;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An embedded media driver in a unique directory, deleted on close, and other test plumbing.
 */
public final class TestMediaDriver implements AutoCloseable
{
    private final MediaDriver driver;

    private TestMediaDriver(final MediaDriver driver)
    {
        this.driver = driver;
    }

    public static TestMediaDriver launch()
    {
        final String dir = Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("aeron-fixgw-" + UUID.randomUUID()).toAbsolutePath().toString();
        return new TestMediaDriver(MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)));
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
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static Path tempDir(final String prefix)
    {
        try
        {
            final Path base = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static void deleteRecursively(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try (var paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
