package io.peregrine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folders a run writes its files to (journals, risk state, stores): a fresh temporary one when the run starts,
 * and deleting what the run created on disk when it ends, a directory and everything under it. Set-up and tear-down
 * only; allocates.
 */
public final class DirectoryTree
{
    private DirectoryTree()
    {
    }

    /**
     * @param prefix start of the new directory's name, e.g. {@code "peregrine-loop-"}.
     * @return a new, empty directory under {@code java.io.tmpdir}, for a run that deletes it when it ends.
     * @throws UncheckedIOException if it cannot be created.
     */
    public static Path createTemp(final String prefix)
    {
        try
        {
            return Files.createTempDirectory(prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temp data folder", ex);
        }
    }

    /**
     * Deletes the directory and everything under it, deepest first; a file that cannot be deleted is left behind
     * (the run's result does not depend on it).
     *
     * @param dir the directory, or null (nothing to delete).
     * @throws IOException if the directory cannot be walked.
     */
    public static void delete(final Path dir) throws IOException
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
    }
}
