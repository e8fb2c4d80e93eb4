package io.peregrine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Media driver directories for benchmark and load runs: a fresh one per run, so a run never meets another's driver
 * (or a running Peregrine stack on the default directory). The runs delete them on close.
 */
public final class AeronDirs
{
    private AeronDirs()
    {
    }

    /**
     * @param purpose short name that ends up in the directory name, e.g. {@code "loadrun"}.
     * @return {@code /dev/shm/peregrine-<purpose>-<pid>-<nanoTime>} (under {@code java.io.tmpdir} where there is no
     *         {@code /dev/shm}); not created.
     */
    public static String fresh(final String purpose)
    {
        final Path shm = Paths.get("/dev/shm");
        final Path base = Files.isDirectory(shm) ? shm : Paths.get(System.getProperty("java.io.tmpdir"));
        return base.resolve("peregrine-" + purpose + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
            .toString();
    }
}
