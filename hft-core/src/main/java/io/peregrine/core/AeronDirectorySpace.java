package io.peregrine.core;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.driver.Configuration;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.peregrine.config.PeregrineKeys.Core;
import org.agrona.SystemUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Checks, before an embedded media driver starts, that the Aeron directory's file system has room for what the stack
 * maps there: the driver's files (cnc and loss report, about 47 MiB with Aeron's defaults, mostly the counters'
 * buffers) and one log per IPC stream (1001, 1002, 2001, 2002), each three terms and a metadata page (192 MiB with the
 * default 64 MiB IPC term). Aeron alone fails late and obscurely on a small file system (Docker's default 64 MB
 * {@code /dev/shm}): {@code RegistrationException: insufficient usable storage for new log}, or a JVM
 * {@code InternalError} from a fault in a mapped page. The logs are sparse at first but every term is written in
 * turn, so all four must fit. Launch thread; allocates.
 */
public final class AeronDirectorySpace
{
    /** The stack's IPC streams, one publication log each: ingress, egress, venue out, venue in. */
    public static final int STACK_LOGS = 4;

    private AeronDirectorySpace()
    {
    }

    /**
     * @param channel the channel of the streams ({@code peregrine.channel}); its {@code term-length} if set, else
     *                Aeron's default for IPC or UDP.
     * @return the bytes the driver's files and {@link #STACK_LOGS} logs on that channel take.
     */
    public static long needed(final String channel)
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        final String termParam = uri.get(CommonContext.TERM_LENGTH_PARAM_NAME);
        final int termLength = null != termParam ?
            (int)SystemUtil.parseSize(CommonContext.TERM_LENGTH_PARAM_NAME, termParam) :
            uri.isIpc() ? Configuration.ipcTermBufferLength() : Configuration.termBufferLength();
        final long driverFiles = (long)Configuration.conductorBufferLength() + Configuration.toClientsBufferLength() +
            Configuration.counterValuesBufferLength() +
            Configuration.countersMetadataBufferLength(Configuration.counterValuesBufferLength()) +
            Configuration.errorBufferLength() + Configuration.lossReportBufferLength();
        return driverFiles + STACK_LOGS * LogBufferDescriptor.computeLogLength(termLength, Configuration.filePageSize());
    }

    /**
     * Refuses to start when the file system of {@code aeronDir} (or of its nearest existing parent) has less usable
     * space than {@code neededBytes}. A directory the driver deletes as it starts (the one a killed run left) counts
     * as free: its files are what a restart after a crash finds, and they go before the new logs are made. Their
     * apparent size is counted; a sparse log of a short run frees less, which Aeron's own check then reports.
     *
     * @param aeronDir         the Aeron directory, which may not exist yet.
     * @param neededBytes      from {@link #needed(String)}.
     * @param usableSpace      the probe: usable bytes of the file system holding an existing path.
     * @param deletedAtStart   whether the driver deletes {@code aeronDir} as it starts.
     * @throws IllegalStateException naming needed and free space and the fixes.
     */
    public static void require(
        final String aeronDir,
        final long neededBytes,
        final ToLongFunction<Path> usableSpace,
        final boolean deletedAtStart)
    {
        Path existing = Path.of(aeronDir).toAbsolutePath();
        while (null != existing.getParent() && !Files.exists(existing))
        {
            existing = existing.getParent();
        }
        final long reclaimed = deletedAtStart && existing.equals(Path.of(aeronDir).toAbsolutePath()) ?
            sizeOfFiles(existing) : 0;
        final long free = usableSpace.applyAsLong(existing) + reclaimed;
        if (free < neededBytes)
        {
            throw new IllegalStateException("the Aeron directory " + aeronDir + " has " + mib(free) + " MiB free, " +
                "the stack's " + STACK_LOGS + " IPC stream logs and the media driver's files need " + mib(neededBytes) +
                " MiB: give its file system more space (Docker: docker run --shm-size=1g), a shorter term " +
                "(" + Core.CHANNEL.name() + "=aeron:ipc?term-length=1m), or another " + Core.AERON_DIR.name() +
                " on a larger file system");
        }
    }

    private static long sizeOfFiles(final Path dir)
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(Files::isRegularFile).mapToLong(AeronDirectorySpace::sizeOf).sum();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return 0; // unreadable: count nothing as reclaimed, the plain check stands
        }
    }

    private static long sizeOf(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            return 0; // gone meanwhile
        }
    }

    /** The probe {@link #require} uses outside tests. */
    public static long usableSpace(final Path path)
    {
        try
        {
            return Files.getFileStore(path).getUsableSpace();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the free space of " + path, ex);
        }
    }

    private static String mib(final long bytes)
    {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
