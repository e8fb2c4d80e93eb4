package io.peregrine.gateway.kill;

import io.peregrine.testsupport.TempDirs;

import java.nio.file.Path;

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

    private SeedRuns()
    {
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
