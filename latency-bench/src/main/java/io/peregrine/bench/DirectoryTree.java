package io.peregrine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes what a run created on disk (journals, risk state, stores) when it ends: a directory and everything under
 * it. Set-up and tear-down only; allocates.
 */
public final class DirectoryTree
{
    private DirectoryTree()
    {
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
