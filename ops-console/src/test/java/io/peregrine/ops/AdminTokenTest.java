package io.peregrine.ops;

import io.peregrine.ops.admin.AdminToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminTokenTest
{
    @TempDir
    Path dir;

    @Test
    void generatesAnOwnerOnlyTokenOnFirstStartAndReusesIt() throws Exception
    {
        final AdminToken first = AdminToken.load(null, dir.resolve("ops"));
        final Path file = dir.resolve("ops").resolve(AdminToken.FILE_NAME);
        assertEquals(file, first.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())),
            "the ops data directory is owner-only");
        final String token = Files.readString(file).trim();
        assertEquals(64, token.length());
        assertTrue(first.matches(token));
        assertFalse(first.matches(token.substring(1)));
        assertFalse(first.matches(null));
        assertTrue(AdminToken.load(null, dir.resolve("ops")).matches(token), "the second start reuses it");
    }

    /**
     * The split set-up's two consoles share {@code data/ops}: started at the same moment, each must start and accept
     * the token the file holds. Generating in place let the second read the file between its creation and its write
     * and refuse to start ("delete it to have one generated"); about 1 round in 100 did here, so 2,000 rounds make
     * that failure certain in practice.
     */
    @Test
    void consolesStartingAtOnceOnOneDataDirectoryAllUseTheTokenOnDisk() throws Exception
    {
        final ExecutorService consoles = Executors.newFixedThreadPool(2);
        final List<String> failures = new ArrayList<>();
        try
        {
            for (int round = 0; round < 2_000; round++)
            {
                final Path dataDir = dir.resolve("ops-" + round);
                final CyclicBarrier startTogether = new CyclicBarrier(2);
                final Callable<AdminToken> start = () ->
                {
                    startTogether.await();
                    return AdminToken.load(null, dataDir);
                };
                final Future<AdminToken> first = consoles.submit(start);
                final Future<AdminToken> second = consoles.submit(start);
                try
                {
                    final AdminToken a = first.get();
                    final AdminToken b = second.get();
                    final String onDisk = Files.readString(dataDir.resolve(AdminToken.FILE_NAME)).trim();
                    if (!a.matches(onDisk) || !b.matches(onDisk))
                    {
                        failures.add("round " + round + ": a console accepts a token other than the one on disk");
                    }
                    try (Stream<Path> files = Files.list(dataDir))
                    {
                        assertEquals(List.of(AdminToken.FILE_NAME), files.map((f) -> f.getFileName().toString())
                            .toList(), "round " + round + ": only the token is left in the data directory");
                    }
                }
                catch (final ExecutionException ex)
                {
                    failures.add("round " + round + ": " + ex.getCause().getMessage());
                }
            }
        }
        finally
        {
            consoles.shutdownNow();
        }
        assertTrue(failures.isEmpty(), failures.size() + " of 2000 rounds failed, e.g. " +
            failures.subList(0, Math.min(3, failures.size())));
    }

    @Test
    void refusesATokenFileOthersCanRead() throws Exception
    {
        final Path file = dir.resolve("token");
        Files.writeString(file, "0123456789abcdef0123\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> AdminToken.load(file, dir));
        assertTrue(ex.getMessage().contains("run 'chmod 600 " + file.toAbsolutePath() + "'"), ex.getMessage());
    }

    @Test
    void refusesAMissingOrShortConfiguredToken() throws Exception
    {
        final Path missing = dir.resolve("missing");
        assertTrue(assertThrows(IllegalStateException.class, () -> AdminToken.load(missing, dir)).getMessage()
            .contains("does not exist"));
        final Path shortToken = dir.resolve("short");
        Files.writeString(shortToken, "abc");
        Files.setPosixFilePermissions(shortToken, PosixFilePermissions.fromString("rw-------"));
        assertTrue(assertThrows(IllegalStateException.class, () -> AdminToken.load(shortToken, dir)).getMessage()
            .contains("at least 16 characters"));
        final Path good = dir.resolve("good");
        Files.writeString(good, "my-operator-token-2026\n");
        Files.setPosixFilePermissions(good, PosixFilePermissions.fromString("rw-------"));
        assertTrue(AdminToken.load(good, dir).matches("my-operator-token-2026"));
    }
}
