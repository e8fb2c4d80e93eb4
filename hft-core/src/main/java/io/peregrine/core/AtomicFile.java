package io.peregrine.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file whole, so that a process killed at any instant leaves either the old content or the new one,
 * never a mix, and the new content survives a power loss once {@link #write} returns: the bytes go to
 * {@code <file>.tmp}, which is forced to disk and renamed over the file, then the directory is forced (the rename is
 * durable only then). A left-over {@code .tmp} file is the trace of a write that died before its rename; the owner
 * deletes or ignores it. The file is owner-only (0600), whatever the umask. Edge code (blocking I/O); any thread.
 */
public final class AtomicFile
{
    /** The suffix of the temporary file a write goes through. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFile()
    {
    }

    /**
     * @param file  the file to replace (created if missing).
     * @param bytes its new content, from position to limit (the buffer's position is left unchanged).
     * @throws IOException if it cannot be written, forced or renamed (a file system that cannot rename atomically is
     *                     one); the old content is then still there and the temporary file deleted where possible.
     */
    public static void write(final Path file, final ByteBuffer bytes) throws IOException
    {
        final Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                OwnerOnlyFiles.restrict(temp); // 0600 whatever the umask, before anything is in it
                final ByteBuffer view = bytes.duplicate();
                while (view.hasRemaining())
                {
                    channel.write(view);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                throw new IOException("the file system of " + file.toAbsolutePath().getParent() +
                    " cannot rename atomically", ex);
            }
            try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ))
            {
                directory.force(true);
            }
        }
        catch (final IOException ex)
        {
            try
            {
                Files.deleteIfExists(temp);
            }
            catch (final IOException ignored)
            {
                // left for the owner to delete at its next start
            }
            throw ex;
        }
    }
}
