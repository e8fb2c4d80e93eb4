package io.peregrine.ops.admin;

import io.peregrine.core.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The admin API's bearer token. Read from the configured file ({@code peregrine.ops.admin.token.file}); when none is
 * configured, {@value #FILE_NAME} in the ops data directory is used, generated on first start (32 random bytes, hex)
 * with owner-only permissions, and its path is logged. Consoles sharing one data directory (the split set-up's
 * {@code run.sh venue} and {@code run.sh gateway}) share that token: the first to start generates it, whole, in one
 * step, and the others read it. A token file readable by group or others is refused with the {@code chmod} that fixes
 * it.
 * <p>
 * Immutable after loading; {@link #matches(String)} is constant time. Any thread.
 */
public final class AdminToken
{
    /** Name of the generated token file in the data directory. */
    public static final String FILE_NAME = "admin.token";

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int MIN_LENGTH = 16;

    private final byte[] token;
    private final Path file;

    private AdminToken(final String token, final Path file)
    {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.file = file;
    }

    /**
     * @param configured the configured token file, or null to use (and on first start generate) one in dataDir.
     * @param dataDir    the ops data directory.
     * @return the token.
     * @throws IllegalStateException with the fix when the file is missing, empty, too short or too open.
     */
    public static AdminToken load(final Path configured, final Path dataDir)
    {
        try
        {
            if (null != configured)
            {
                if (!Files.isRegularFile(configured))
                {
                    throw new IllegalStateException("admin token file " + configured.toAbsolutePath() +
                        " (peregrine.ops.admin.token.file) does not exist: create it with one line of at least " +
                        MIN_LENGTH + " characters, chmod 600, or unset the key to have one generated");
                }
                return read(configured);
            }
            OwnerOnlyFiles.createDirectories(dataDir);
            final Path file = dataDir.resolve(FILE_NAME);
            if (!Files.exists(file))
            {
                final byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                final String token = HexFormat.of().formatHex(random);
                if (publish(file, token))
                {
                    LOG.info("admin token generated at {} (owner-only); send it as 'Authorization: Bearer <token>'",
                        file.toAbsolutePath());
                    return new AdminToken(token, file);
                }
                // another console on this data directory published one in between: use theirs
            }
            final AdminToken token = read(file);
            LOG.info("admin token read from {}", file.toAbsolutePath());
            return token;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read or create the admin token: " + ex, ex);
        }
    }

    /**
     * Writes the token whole under a private name, then links it to {@code file} in one step that fails if
     * {@code file} exists: consoles starting at once on one data directory (the README's split set-up shares
     * {@code data/ops}) find either no token file or a complete one, and all use the one that was published. Writing
     * {@code file} in place let the other console read it empty, refuse to start, and ask for it to be deleted.
     *
     * @return true if this token is the one in {@code file}, false if another was there first.
     */
    private static boolean publish(final Path file, final String token) throws IOException
    {
        final Path draft = Files.createTempFile(file.getParent(), FILE_NAME + ".", ".new",
            PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try
        {
            Files.writeString(draft, token + System.lineSeparator());
            Files.createLink(file, draft);
            return true;
        }
        catch (final FileAlreadyExistsException ex)
        {
            return false;
        }
        finally
        {
            Files.deleteIfExists(draft);
        }
    }

    private static AdminToken read(final Path file) throws IOException
    {
        try
        {
            final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) ||
                permissions.contains(PosixFilePermission.OTHERS_READ) ||
                permissions.contains(PosixFilePermission.GROUP_WRITE) ||
                permissions.contains(PosixFilePermission.OTHERS_WRITE))
            {
                throw new IllegalStateException("admin token file " + file.toAbsolutePath() +
                    " is readable or writable by others (" + PosixFilePermissions.toString(permissions) +
                    "): run 'chmod 600 " + file.toAbsolutePath() + "'");
            }
        }
        catch (final UnsupportedOperationException ex)
        {
            LOG.warn("cannot check the permissions of {} on this file system", file);
        }
        final String token = Files.readString(file).trim();
        if (token.length() < MIN_LENGTH || token.chars().anyMatch(Character::isWhitespace))
        {
            throw new IllegalStateException("admin token file " + file.toAbsolutePath() + " must hold one token of " +
                "at least " + MIN_LENGTH + " characters without spaces; delete it to have one generated");
        }
        return new AdminToken(token, file);
    }

    /**
     * @param presented the token from a request, or null.
     * @return true if it is the token (constant time).
     */
    public boolean matches(final String presented)
    {
        return null != presented && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return where the token is.
     */
    public Path file()
    {
        return file;
    }
}
