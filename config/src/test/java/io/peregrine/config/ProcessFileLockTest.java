package io.peregrine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessFileLockTest
{
    @TempDir
    Path dir;

    @Test
    void createsTheDirectoryAndRefusesASecondHolderUntilReleased()
    {
        final Path lockFile = dir.resolve("nested").resolve("x.lock");
        final ProcessFileLock held = ProcessFileLock.acquire(lockFile, "a test holds it", "use another file");
        try
        {
            assertTrue(Files.exists(lockFile), "the lock file is created with its directory");
            final IllegalStateException busy = assertThrows(IllegalStateException.class,
                () -> ProcessFileLock.acquire(lockFile, "a test holds it", "use another file"));
            assertEquals(lockFile.toAbsolutePath() + " is locked by another process (or already by this one): " +
                "a test holds it; stop it first, or use another file", busy.getMessage());
        }
        finally
        {
            held.close();
        }
        ProcessFileLock.acquire(lockFile, "a test holds it", "use another file").close();
    }

    @Test
    void locksAnOpenFileWithTheSameRefusal() throws IOException
    {
        final Path file = dir.resolve("state.dat");
        try (FileChannel first = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileChannel second = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            ProcessFileLock.lockOrRefuse(first, file, "the first", "another file");
            final IllegalStateException busy = assertThrows(IllegalStateException.class,
                () -> ProcessFileLock.lockOrRefuse(second, file, "the first", "another file"));
            assertTrue(busy.getMessage().endsWith("the first; stop it first, or another file"), busy.getMessage());
            assertThrows(IllegalStateException.class, () -> ProcessFileLock.acquire(file, "the first", "x"));
        }
        ProcessFileLock.acquire(file, "the first", "another file").close();
    }
}
