package io.peregrine.gateway.kill;

import io.peregrine.testsupport.TempDirs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The kill tests' outer loop: one run per random seed, each in a fresh temp directory that is deleted after the run
 * (kept for a post-mortem when asked). Runs on the test thread.
 */
final class SeedRuns
{
    /** One run of a kill test. */
    interface SeedRun
    {
        void run(int seed, Path dir) throws Exception;
    }

    /** One run of a kill test whose child JVM embeds the media driver. */
    interface DriverSeedRun
    {
        void run(int seed, Path dir, String aeronDir) throws Exception;
    }

    private SeedRuns()
    {
    }

    /**
     * {@link #each}, with a media driver directory of the seed's own (in /dev/shm where there is one), removed after
     * the seed with the claim a killed child's driver leaves beside it (DriverDirectoryLock).
     */
    static void eachWithAeronDir(
        final String name, final int first, final int count, final boolean keep, final DriverSeedRun run)
        throws Exception
    {
        each(name, first, count, keep, (seed, dir) ->
        {
            final String aeronDir = (Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" :
                System.getProperty("java.io.tmpdir")) + "/peregrine-" + name + "-" + UUID.randomUUID();
            try
            {
                run.run(seed, dir, aeronDir);
            }
            finally
            {
                TempDirs.delete(Path.of(aeronDir));
                TempDirs.delete(Path.of(aeronDir + ".lock"));
            }
        });
    }

    /**
     * @param name  names the temp directories ({@code name-seed-...}).
     * @param first the first seed.
     * @param count how many seeds, one after the other.
     * @param keep  whether each seed's directory is kept.
     * @param run   the run of one seed; the first failure ends the loop.
     */
    static void each(final String name, final int first, final int count, final boolean keep, final SeedRun run)
        throws Exception
    {
        for (int seed = first; seed < first + count; seed++)
        {
            final Path dir = TempDirs.create(name + "-" + seed + "-");
            try
            {
                run.run(seed, dir);
            }
            finally
            {
                if (!keep)
                {
                    TempDirs.delete(dir);
                }
            }
        }
    }
}
