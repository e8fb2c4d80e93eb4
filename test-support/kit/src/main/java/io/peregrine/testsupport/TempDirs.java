package io.peregrine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Temporary directories of tests: created under {@code java.io.tmpdir} (surefire points it at the module's
 * {@code target/tmp}), Aeron directories on {@code /dev/shm} where it exists, and a recursive delete for clean-up.
 */
public final class TempDirs
{
    private TempDirs()
    {
    }

    /**
     * @param prefix start of the directory's name, to tell tests apart when one leaks.
     * @return a new, empty directory under {@code java.io.tmpdir}.
     */
    public static Path create(final String prefix)
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

    /**
     * @param prefix start of the directory's name.
     * @return a unique, not yet existing Aeron directory name: on {@code /dev/shm} (memory) where it exists, else
     * under {@code java.io.tmpdir}. Whoever launches the driver deletes it on shutdown.
     */
    public static String uniqueAeronDir(final String prefix)
    {
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve(prefix + UUID.randomUUID()).toAbsolutePath().toString();
    }

    /**
     * Deletes a directory and everything below it; nothing happens if it is null or absent.
     *
     * @param dir the directory.
     */
    public static void delete(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
