package io.peregrine.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps what Peregrine writes readable by its own user only: directories {@code rwx------} (0700), files
 * {@code rw-------} (0600), whatever the process umask. Used for the FIX gateway's data directory (stores, message
 * logs, journals), the core journal (and its snapshots), the ops console's data directory (admin token, audit log),
 * the persistent risk state, TLS material and the embedded media driver's Aeron directory.
 * <p>
 * Edge code (start-up and shutdown, allocates, blocking I/O); any thread. On a file system without POSIX
 * permissions (Windows) it only creates directories.
 */
public final class OwnerOnlyFiles
{
    /** Permissions of directories: 0700. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Permissions of files: 0600. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles()
    {
    }

    /**
     * Creates a directory and any missing parents owner-only; an existing directory is made owner-only too.
     *
     * @param dir to create.
     * @return {@code dir}.
     * @throws UncheckedIOException if it cannot be created or its permissions cannot be set.
     */
    public static Path createDirectories(final Path dir)
    {
        try
        {
            if (POSIX)
            {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(dir, DIRECTORY);
            }
            else
            {
                Files.createDirectories(dir);
            }
            return dir;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create owner-only directory " + dir, ex);
        }
    }

    /**
     * Makes every directory under {@code root} (and root) 0700 and every regular file 0600; symbolic links are not
     * followed. A missing root is fine (nothing to do); files that vanish meanwhile are skipped.
     *
     * @param root directory or file.
     * @throws UncheckedIOException if a permission cannot be set.
     */
    public static void restrict(final Path root)
    {
        if (!POSIX || !Files.exists(root, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.forEach(OwnerOnlyFiles::restrictOne);
        }
        catch (final UncheckedIOException ex)
        {
            if (!(ex.getCause() instanceof java.nio.file.NoSuchFileException))
            {
                throw ex;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot make " + root + " owner-only", ex);
        }
    }

    /**
     * @param path a file or directory.
     * @return whether users other than the owner can read, write or enter it (false on non-POSIX file systems).
     */
    public static boolean isOpenToOthers(final Path path)
    {
        if (!POSIX)
        {
            return false;
        }
        try
        {
            final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.stream().anyMatch((p) -> !p.name().startsWith("OWNER_"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the permissions of " + path, ex);
        }
    }

    private static void restrictOne(final Path path)
    {
        try
        {
            if (Files.isSymbolicLink(path))
            {
                return;
            }
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
            {
                Files.setPosixFilePermissions(path, DIRECTORY);
            }
            else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
            {
                Files.setPosixFilePermissions(path, FILE);
            }
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            // deleted while we walked: nothing left to protect
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot make " + path + " owner-only", ex);
        }
    }
}
