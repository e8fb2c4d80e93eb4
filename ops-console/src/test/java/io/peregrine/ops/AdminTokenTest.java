package io.peregrine.ops;

import io.peregrine.ops.admin.AdminToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
        final String token = Files.readString(file).trim();
        assertEquals(64, token.length());
        assertTrue(first.matches(token));
        assertFalse(first.matches(token.substring(1)));
        assertFalse(first.matches(null));
        assertTrue(AdminToken.load(null, dir.resolve("ops")).matches(token), "the second start reuses it");
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
