package io.peregrine.gateway.kill;

import io.peregrine.testsupport.TempDirs;

import java.nio.file.Path;

/**
 * The kill tests' outer loop: one run per random seed, each in a fresh temp directory that is deleted after the run
 * (kept for a post-mortem when asked). Runs on the test thread.
 */
final class SeedRuns
{
    /**
     * Which seeds a kill test runs, and whether their directories are kept.
     *
     * @param first the first seed.
     * @param count how many seeds, one after the other.
     * @param keep  whether each seed's directory is kept.
     */
    record Seeds(int first, int count, boolean keep)
    {
        /**
         * @param property     the test's property prefix: {@code <property>.seeds} is the count,
         *                     {@code <property>.firstSeed} the first seed (default 1), {@code <property>.keep=true}
         *                     keeps the directories.
         * @param defaultCount the count without {@code <property>.seeds}.
         * @return the seeds the system properties ask for.
         */
        static Seeds fromProperties(final String property, final int defaultCount)
        {
            return new Seeds(Integer.getInteger(property + ".firstSeed", 1),
                Integer.getInteger(property + ".seeds", defaultCount), Boolean.getBoolean(property + ".keep"));
        }
    }

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
    static void eachWithAeronDir(final String name, final Seeds seeds, final DriverSeedRun run) throws Exception
    {
        each(name, seeds, (seed, dir) ->
        {
            final String aeronDir = TempDirs.uniqueAeronDir("peregrine-" + name + "-");
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
     * @param seeds the seeds to run, and whether their directories are kept.
     * @param run   the run of one seed; the first failure ends the loop.
     */
    static void each(final String name, final Seeds seeds, final SeedRun run) throws Exception
    {
        for (int seed = seeds.first(); seed < seeds.first() + seeds.count(); seed++)
        {
            final Path dir = TempDirs.create(name + "-" + seed + "-");
            try
            {
                run.run(seed, dir);
            }
            finally
            {
                if (!seeds.keep())
                {
                    TempDirs.delete(dir);
                }
            }
        }
    }
}
