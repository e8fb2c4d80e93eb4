package io.peregrine.gateway.broker;

import io.peregrine.core.AtomicFile;
import io.peregrine.gateway.store.FileChecksum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.SessionID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The start snapshot of the ClOrdID journal, {@code <journal>.snapshot}: what a clean stop of {@link OrderRoutes}
 * leaves so that the next start need not read the journal (which grows with every order of the day). It records which
 * journal it covers (its length and the CRC-32C of those bytes), the settings the state depends on (the broker
 * sessions configured, the done orders retained), the retired ClOrdIDs' scratch files kept beside it
 * ({@link RetiredClOrdIds.Kept}: sizes, checksums, and which files they are), and the state of the orders held in
 * full as the lines of a compacted journal. A start uses it only when all of that still matches; it is deleted before the start changes
 * anything, so that a crash later in that run leaves no snapshot (the next start reads the journal).
 * <p>
 * Text (UTF-8), one item a line, tab separated, ending with a line holding the CRC-32C of every byte before it (a
 * file cut short or changed is refused); written whole through {@link AtomicFile} (a stop killed while writing it
 * leaves no snapshot, or the one before, which no longer matches the journal). Edge code; allocates; one thread.
 */
final class StartSnapshot
{
    private static final Logger LOG = LoggerFactory.getLogger(StartSnapshot.class);
    private static final String WHAT = "ClOrdID journal";
    /** First line: what the file is, and its format version. */
    static final String HEADER = "peregrine ClOrdID journal start snapshot 2";

    /**
     * What a snapshot holds.
     *
     * @param journalLength      bytes of the journal it covers.
     * @param journalCrc         their CRC-32C.
     * @param doneOrdersRetained the retention it was taken with.
     * @param configured         the broker sessions configured then (their keys, in order).
     * @param lastClOrdId        the highest gateway clOrdId allocated.
     * @param uncompacted        orders retired since the journal was last compacted (a start compacts when any).
     * @param retired            the retired ClOrdIDs' scratch files, as kept.
     * @param lines              the orders held in full, and the status requests not answered, as journal lines.
     */
    record Image(long journalLength, long journalCrc, int doneOrdersRetained, List<String> configured,
        long lastClOrdId, long uncompacted, RetiredClOrdIds.Kept retired, List<String> lines)
    {
    }

    private StartSnapshot()
    {
    }

    /**
     * @param journal the ClOrdID journal.
     * @return its snapshot file.
     */
    static Path file(final Path journal)
    {
        return journal.resolveSibling(journal.getFileName() + ".snapshot");
    }

    /**
     * Writes the snapshot whole (temporary file, fsync, atomic rename, directory fsync).
     *
     * @throws IOException when it cannot (no snapshot is left: the next start reads the journal).
     */
    static void write(final Path journal, final Image image) throws IOException
    {
        final StringBuilder text = new StringBuilder(1 << 16);
        text.append(HEADER).append('\n');
        text.append("journal\t").append(image.journalLength()).append('\t').append(image.journalCrc()).append('\n');
        text.append("retention\t").append(image.doneOrdersRetained()).append('\n');
        text.append("lastClOrdId\t").append(image.lastClOrdId()).append('\n');
        text.append("uncompacted\t").append(image.uncompacted()).append('\n');
        image.configured().forEach((key) -> text.append("configured\t").append(key).append('\n'));
        final RetiredClOrdIds.Kept kept = image.retired();
        text.append("retired\t").append(kept.end()).append('\t').append(kept.allocated()).append('\t')
            .append(kept.size()).append('\t').append(kept.slotCount()).append('\t').append(kept.recordsCrc())
            .append('\t').append(kept.indexCrc()).append('\n');
        text.append("files\t").append(kept.files()).append('\n');
        kept.sessions().forEach((session) -> text.append("session\t").append(session).append('\n'));
        kept.names().forEach((name) -> text.append("name\t").append(name).append('\n'));
        image.lines().forEach((line) -> text.append("line\t").append(line).append('\n'));
        final byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        final CRC32C crc = new CRC32C();
        crc.update(body);
        final byte[] end = ("end\t" + crc.getValue() + '\n').getBytes(StandardCharsets.UTF_8);
        final ByteBuffer bytes = ByteBuffer.allocate(body.length + end.length).put(body).put(end).flip();
        AtomicFile.write(file(journal), bytes);
    }

    /**
     * The snapshot the last clean stop wrote, if it still describes the journal and this configuration: the journal
     * holds at least the bytes it covers, with the same checksum (a journal compacted, replaced or cut since does
     * not), and the broker sessions and the retention are those it was taken with. Otherwise null, with an INFO line
     * saying why (none when there is no snapshot and no journal: a first start). Its scratch files are checked when
     * they are mapped again ({@link RetiredClOrdIds#reopen}; a refusal there is {@link #refused}).
     *
     * @param journal            the ClOrdID journal.
     * @param sessions           the broker sessions configured now, by key.
     * @param doneOrdersRetained the retention now.
     */
    static Image usable(final Path journal, final Map<String, SessionID> sessions, final int doneOrdersRetained)
    {
        String refused;
        try
        {
            final Image image = read(journal, sessions);
            if (null == image)
            {
                if (Files.exists(journal) && Files.size(journal) > 0)
                {
                    LOG.info("{}: no start snapshot {} (the last stop was not clean, or wrote none): reading the " +
                        "whole journal", WHAT, file(journal));
                }
                return null;
            }
            if (!new java.util.HashSet<>(image.configured()).equals(sessions.keySet()))
            {
                refused = "taken with broker sessions " + image.configured() + ", configured now " + sessions.keySet();
            }
            else if (image.doneOrdersRetained() != doneOrdersRetained)
            {
                refused = "taken with " + image.doneOrdersRetained() + " done orders retained, " + doneOrdersRetained +
                    " now";
            }
            else if (!Files.exists(journal) || Files.size(journal) < image.journalLength() ||
                FileChecksum.crc32c(journal, image.journalLength()) != image.journalCrc())
            {
                refused = "the journal is not the one it was taken of: changed, cut or replaced since";
            }
            else
            {
                return image;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            refused = ex.getMessage();
        }
        refused(journal, refused);
        return null;
    }

    /**
     * Logs (INFO) that the snapshot is not used, and why: the start reads the whole journal.
     */
    static void refused(final Path journal, final String why)
    {
        LOG.info("{}: start snapshot {} not used ({}): reading the whole journal", WHAT, file(journal), why);
    }

    /**
     * Deletes the snapshot, durably (the directory fsynced), before a start changes anything: a crash later in that
     * run must not find it (a power loss bringing it back beside changed scratch files would be refused by its
     * checksums; the start does not rely on that).
     *
     * @throws UncheckedIOException when it cannot.
     */
    static void delete(final Path journal)
    {
        try
        {
            if (Files.deleteIfExists(file(journal)))
            {
                try (FileChannel directory =
                    FileChannel.open(journal.toAbsolutePath().getParent(), StandardOpenOption.READ))
                {
                    directory.force(true);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + file(journal) + " (a crash of this run would find it)",
                ex);
        }
    }

    /**
     * Reads a snapshot.
     *
     * @param journal  the ClOrdID journal.
     * @param sessions the broker sessions configured now, by key (a snapshot's sessions are named by key).
     * @return what it holds, or null when there is none.
     * @throws IllegalStateException when it cannot be used: cut short, damaged, of another format, or naming a
     *                               session not configured now (the message says which).
     * @throws IOException           when it cannot be read.
     */
    static Image read(final Path journal, final Map<String, SessionID> sessions) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file(journal));
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        int last = bytes.length - 1;
        if (last < 0 || bytes[last] != '\n')
        {
            throw new IllegalStateException("it is cut short (no end line)");
        }
        while (last > 0 && bytes[last - 1] != '\n')
        {
            last--;
        }
        final String endLine = new String(bytes, last, bytes.length - 1 - last, StandardCharsets.UTF_8);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, last);
        if (!endLine.startsWith("end\t") || !String.valueOf(crc.getValue()).equals(endLine.substring(4)))
        {
            throw new IllegalStateException("it is cut short or damaged (its checksum does not match)");
        }
        final String[] lines = new String(bytes, 0, last, StandardCharsets.UTF_8).split("\n", -1);
        if (!HEADER.equals(lines[0]))
        {
            throw new IllegalStateException("it is not of this release's format ('" + lines[0] + "')");
        }
        long journalLength = -1;
        long journalCrc = 0;
        int retention = -1;
        long lastClOrdId = 0;
        long uncompacted = 0;
        String[] retired = null;
        String files = null;
        final List<String> configured = new ArrayList<>();
        final List<SessionID> retiredSessions = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> held = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) // the last is empty: the text ends with a newline
        {
            final String[] parts = lines[i].split("\t", 2);
            final String value = parts.length > 1 ? parts[1] : "";
            switch (parts[0])
            {
                case "journal" ->
                {
                    final String[] journalParts = value.split("\t");
                    journalLength = Long.parseLong(journalParts[0]);
                    journalCrc = Long.parseLong(journalParts[1]);
                }
                case "retention" -> retention = Integer.parseInt(value);
                case "lastClOrdId" -> lastClOrdId = Long.parseLong(value);
                case "uncompacted" -> uncompacted = Long.parseLong(value);
                case "configured" -> configured.add(value);
                case "retired" -> retired = value.split("\t");
                case "files" -> files = value;
                case "session" ->
                {
                    final SessionID sessionId = sessions.get(value);
                    if (null == sessionId)
                    {
                        throw new IllegalStateException("it holds ClOrdIDs of broker session " + value +
                            ", which is not configured now");
                    }
                    retiredSessions.add(sessionId);
                }
                case "name" -> names.add(value);
                case "line" -> held.add(value);
                default -> throw new IllegalStateException("line " + (i + 1) + " is not of this format");
            }
        }
        if (journalLength < 0 || retention < 0 || null == retired || retired.length != 6 || null == files)
        {
            throw new IllegalStateException("it lacks what a start needs");
        }
        final RetiredClOrdIds.Kept kept = new RetiredClOrdIds.Kept(Long.parseLong(retired[0]),
            Long.parseLong(retired[1]), Integer.parseInt(retired[2]), Integer.parseInt(retired[3]),
            Long.parseLong(retired[4]), Long.parseLong(retired[5]), files, names, retiredSessions);
        return new Image(journalLength, journalCrc, retention, configured, lastClOrdId, uncompacted, kept, held);
    }
}
