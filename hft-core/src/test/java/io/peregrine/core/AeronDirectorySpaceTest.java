package io.peregrine.core;

import io.aeron.driver.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An embedded driver's Aeron directory on a file system too small for the stack's logs (Docker's default 64 MB
 * {@code /dev/shm}) is one refusal naming needed and free space and the fixes, before anything is written; the
 * free-space probe stands in for a small tmpfs, which a test cannot mount.
 */
class AeronDirectorySpaceTest
{
    private static final long MIB = 1024 * 1024;
    /** The channel of the product's defaults: Aeron's 64 MiB IPC term. */
    private static final String DEFAULT_TERM = "aeron:ipc?term-length=64m";

    @TempDir
    Path dir;

    /**
     * The product's default IPC term is Aeron's, 64 MiB; test JVMs run with smaller Aeron defaults (the root pom's
     * {@code peregrine.test.aeron.flags}), so the 64 MiB term is named here.
     */
    @Test
    void theDefaultIpcTermNeedsFourLogsOfThreeTermsWhileAOneMegabyteTermFitsDockersDefault()
    {
        assertTrue(AeronDirectorySpace.needed(DEFAULT_TERM) > 4 * 3 * 64 * MIB);
        assertTrue(AeronDirectorySpace.needed("aeron:ipc?term-length=1m") < 64 * MIB);
        assertEquals(AeronDirectorySpace.needed("aeron:ipc?term-length=" + Configuration.ipcTermBufferLength()),
            AeronDirectorySpace.needed("aeron:ipc"), "a channel without term-length: Aeron's configured IPC term");
    }

    @Test
    void aLaunchOnTooSmallAFileSystemIsRefusedNamingTheFixesBeforeTheJournalIsCreated()
    {
        final Path journal = dir.resolve("journal");
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Peregrine.launch(
            new PeregrineContext()
                .aeronDirectoryName(dir.resolve("aeron").toString())
                .journalDir(journal)
                .channel(DEFAULT_TERM)
                .aeronDirUsableSpace((path) -> 64 * MIB)
                .conclude()));

        assertTrue(refused.getMessage().startsWith("the Aeron directory " + dir.resolve("aeron") + " has 64.0 MiB " +
            "free, the stack's 4 IPC stream logs and the media driver's files need "), refused.getMessage());
        assertTrue(refused.getMessage().contains("docker run --shm-size=1g") &&
            refused.getMessage().contains("peregrine.channel=aeron:ipc?term-length=1m") &&
            refused.getMessage().contains("another peregrine.aeron.dir"), refused.getMessage());
        assertFalse(Files.exists(journal.resolve("core.lock")), "no journal was created");
        assertFalse(Files.exists(dir.resolve("aeron")), "no driver started");
    }

    @Test
    void aLargeEnoughFileSystemPasses()
    {
        AeronDirectorySpace.require(dir.resolve("aeron").toString(), AeronDirectorySpace.needed(DEFAULT_TERM),
            (path) -> 1024 * MIB, true);
    }

    /**
     * A run killed after traffic leaves its logs behind; the restart deletes them before making its own, so they count
     * as free (on a 1 GiB /dev/shm, the size the refusal advises, the restart was refused until someone deleted them).
     */
    @Test
    void theFilesOfADirectoryTheDriverDeletesAtStartCountAsFree() throws Exception
    {
        final Path aeron = Files.createDirectories(dir.resolve("aeron"));
        try (RandomAccessFile log = new RandomAccessFile(aeron.resolve("1-2.logbuffer").toFile(), "rw"))
        {
            log.setLength(800 * MIB); // sparse: the apparent size is what counts
        }
        final long needed = AeronDirectorySpace.needed(DEFAULT_TERM);

        AeronDirectorySpace.require(aeron.toString(), needed, (path) -> 200 * MIB, true);
        final IllegalStateException kept = assertThrows(IllegalStateException.class,
            () -> AeronDirectorySpace.require(aeron.toString(), needed, (path) -> 200 * MIB, false));
        assertTrue(kept.getMessage().contains(" has 200.0 MiB free"), kept.getMessage());
    }
}
