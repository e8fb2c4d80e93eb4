package io.peregrine.ops.admin;

import io.peregrine.core.OwnerOnlyFiles;
import io.peregrine.ops.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The admin audit trail: one JSON line per admin request (who, what, when, result), appended to
 * {@value #FILE_NAME} in the ops data directory (created owner-only) and forced to disk before the HTTP answer is
 * sent. Refused requests (401, bad input) are recorded too. A core command has two lines: {@value #REQUESTED} with its
 * command id, forced before the command is sent, then the outcome.
 * <p>
 * Synchronized; any thread. Allocates (edge). Lines written before a crash are complete or absent: each line is one
 * write of a whole line followed by a force.
 */
public final class AuditLog implements AutoCloseable
{
    /** File name in the data directory. */
    public static final String FILE_NAME = "admin-audit.log";

    /** Result of the line written before a core command is sent; the outcome line follows it. */
    public static final String REQUESTED = "REQUESTED";

    /** Status of a REQUESTED line: no HTTP answer yet (written as JSON null). */
    public static final int NOT_ANSWERED = 0;

    private final Path file;
    private final FileChannel channel;

    /**
     * @param dataDir the ops data directory (created if missing).
     */
    public AuditLog(final Path dataDir)
    {
        try
        {
            OwnerOnlyFiles.createDirectories(dataDir);
            file = dataDir.resolve(FILE_NAME);
            if (!Files.exists(file))
            {
                // who did what is for the operators only, like the token
                Files.createFile(file,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot open the admin audit log in " + dataDir.toAbsolutePath() +
                ": " + ex.getMessage() + " (check the directory's permissions or peregrine.ops.data.dir)", ex);
        }
    }

    /**
     * Appends one record.
     *
     * @param who     who asked: operator name (header X-Peregrine-Operator, else "unknown") and remote address.
     * @param action  what: method and path.
     * @param request the request body as received (may be empty).
     * @param result  the outcome (APPLIED, REJECTED reason, UNAUTHORIZED, BAD_REQUEST message, ...).
     * @param status  HTTP status answered, or {@link #NOT_ANSWERED}.
     */
    public synchronized void record(
        final String who, final String action, final String request, final String result, final int status)
    {
        final String line = "{\"time\":" + Json.quote(Instant.now().toString()) +
            ",\"who\":" + Json.quote(who) +
            ",\"action\":" + Json.quote(action) +
            ",\"request\":" + Json.quote(request.length() > 2048 ? request.substring(0, 2048) + "..." : request) +
            ",\"result\":" + Json.quote(result) +
            ",\"status\":" + (NOT_ANSWERED == status ? "null" : Integer.toString(status)) + "}\n";
        try
        {
            final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the admin audit log " + file, ex);
        }
    }

    /**
     * @return the log file.
     */
    public Path file()
    {
        return file;
    }

    public synchronized void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
