package io.peregrine.fixedge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * An append-only text file that rolls by size: when the next record would take {@code file} past
 * {@code maxBytes}, it becomes {@code file.1} ({@code file.1} becomes {@code file.2} ... and the oldest beyond
 * {@code maxFiles - 1} rolled files is deleted), so the file and its rolled copies never hold more than
 * {@code maxBytes * maxFiles} bytes. A record longer than {@code maxBytes} is cut to fit and says so. Files are
 * created owner-only (0600, directory 0700) where the file system has POSIX permissions.
 * <p>
 * A write that fails (a full or read-only disk) never reaches the caller: QuickFIX/J logs from its session and timer
 * threads, and an exception there left sessions half closed, refusing every logon until a restart. The line is
 * dropped, one ERROR says so, the file is reopened at most once a second, and a WARN says how many lines were lost
 * once it can be written again.
 * <p>
 * Thread-safe (synchronized): QuickFIX/J may log from its timer thread and a session thread. Edge code: allocates
 * per record.
 */
public final class RollingFile implements AutoCloseable
{
    private static final byte[] CUT = "...[cut]\n".getBytes(StandardCharsets.US_ASCII);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RollingFile.class);
    private static final long REOPEN_INTERVAL_MS = 1_000;

    private FileChannel channel;
    private long size;
    private boolean closed;
    private long dropped;
    private long reopenAtMs;

    /**
     * @param file     path of the current file (created with its directory if missing; appended to if present).
     * @param maxBytes largest size of one file, at least 1,024.
     * @param maxFiles files kept, the current one included, at least 1.
     */
    public RollingFile(final Path file, final long maxBytes, final int maxFiles)
    {
        if (maxBytes < 1024 || maxFiles < 1)
        {
            throw new IllegalArgumentException("a rolling file needs maxBytes >= 1024 and maxFiles >= 1: " +
                maxBytes + ", " + maxFiles);
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        open();
    }

    /**
     * Appends one line (a newline is added).
     *
     * @param line text.
     */
    public synchronized void append(final String line)
    {
        if (null == channel && !reopen())
        {
            if (!closed)
            {
                dropped++;
            }
            return;
        }
        byte[] bytes = (line + '\n').getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes)
        {
            final byte[] cut = new byte[(int)maxBytes];
            System.arraycopy(bytes, 0, cut, 0, cut.length - CUT.length);
            System.arraycopy(CUT, 0, cut, cut.length - CUT.length, CUT.length);
            bytes = cut;
        }
        try
        {
            if (size + bytes.length > maxBytes)
            {
                roll();
            }
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining())
            {
                size += channel.write(buffer);
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            onWriteFailure(ex);
        }
    }

    /**
     * @return lines dropped because the file could not be written, since it was opened.
     */
    public synchronized long dropped()
    {
        return dropped;
    }

    private void onWriteFailure(final Exception ex)
    {
        dropped++;
        if (null != channel)
        {
            LOG.error("cannot write {} ({}): its lines are dropped until it can be written again (the FIX sessions go " +
                "on)", file, ex.toString());
            closeChannel();
        }
        reopenAtMs = System.currentTimeMillis() + REOPEN_INTERVAL_MS;
    }

    private boolean reopen()
    {
        if (closed || System.currentTimeMillis() < reopenAtMs)
        {
            return false;
        }
        try
        {
            open();
        }
        catch (final UncheckedIOException ex)
        {
            reopenAtMs = System.currentTimeMillis() + REOPEN_INTERVAL_MS;
            return false;
        }
        LOG.warn("{} is written again; {} lines were dropped while it could not be", file, dropped);
        return true;
    }

    /**
     * Empties the current file (rolled copies are kept).
     */
    public synchronized void clear()
    {
        if (null == channel && !reopen())
        {
            return;
        }
        try
        {
            channel.truncate(0);
            size = 0;
        }
        catch (final IOException ex)
        {
            onWriteFailure(ex);
        }
    }

    private void roll() throws IOException
    {
        channel.close();
        Files.deleteIfExists(rolled(maxFiles - 1));
        for (int i = maxFiles - 2; i >= 1; i--)
        {
            final Path from = rolled(i);
            if (Files.exists(from))
            {
                Files.move(from, rolled(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (maxFiles > 1)
        {
            Files.move(file, rolled(1), StandardCopyOption.REPLACE_EXISTING);
        }
        else
        {
            Files.deleteIfExists(file);
        }
        open();
    }

    private Path rolled(final int index)
    {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    private void open()
    {
        try
        {
            // Owner-only (0700 directory, 0600 files) where the file system has POSIX permissions: FIX logs hold
            // every order of every client.
            final Path dir = file.toAbsolutePath().getParent();
            if (POSIX && !Files.isDirectory(dir))
            {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            }
            else
            {
                Files.createDirectories(dir);
            }
            final Set<StandardOpenOption> options =
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            channel = POSIX ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_FILE)) :
                FileChannel.open(file, options);
            size = channel.size();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + file, ex);
        }
    }

    /**
     * @return the current file.
     */
    public Path file()
    {
        return file;
    }

    public synchronized void close()
    {
        closed = true;
        closeChannel();
    }

    private void closeChannel()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // nothing more to write to it
            }
            channel = null;
        }
    }
}
