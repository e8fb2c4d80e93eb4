package io.peregrine.gateway.venue;

import io.peregrine.gateway.store.TornTail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exactly-once venue reports: an append-only journal ({@code venue/reports.log}) of every venue ExecutionReport and
 * OrderCancelReject the gateway accepted, written on the QuickFIX/J thread <em>before</em> {@code fromApp} returns
 * (so before QuickFIX/J counts the sequence number as received), and of the moment the adapter handed it to the core.
 * <ul>
 * <li>{@code R <seq> <venueId> <ExecID> <base64 FIX>}: accepted (an OrderCancelReject, which has no ExecID, under
 * {@link #cancelRejectKey} of the request it refuses); {@link #accept} refuses an (venue, ExecID) pair
 * already recorded, so a PossDup resend or a venue that repeats itself is applied once, across restarts too.</li>
 * <li>{@code F <seq>}: offered to stream 2002 (or deliberately dropped).</li>
 * </ul>
 * A report recorded but not forwarded when the gateway died is handed to the core again at the next start
 * ({@link #unforwarded()}): a crash cannot consume a sequence number and lose the report. The core applies a
 * repeated fill once (cumulative quantity), so the window between the offer and its {@code F} record is harmless.
 * <p>
 * Thread-safe (synchronized): QuickFIX/J threads accept, the adapter's agent marks forwarded. Edge code: allocates
 * per report. Grows for the life of the data directory, like the other journals.
 */
public final class VenueReportJournal implements AutoCloseable
{
    /** Returned by {@link #accept} for a report already recorded. */
    public static final long DUPLICATE = -1;

    private final FileChannel channel;
    private final Set<String> known = new HashSet<>();
    private final Map<Long, Unforwarded> unforwarded = new LinkedHashMap<>();
    private long lastSeq;
    private long duplicates;

    /**
     * Opens (creating if needed) the journal, cuts a torn tail and replays it.
     *
     * @param file journal file.
     */
    public VenueReportJournal(final Path file)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file))
            {
                TornTail.cut(file);
                replay(file);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open venue report journal " + file, ex);
        }
    }

    private void replay(final Path file) throws IOException
    {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                final String[] parts = line.split(" ");
                if (parts.length == 5 && "R".equals(parts[0]))
                {
                    final long seq = Long.parseLong(parts[1]);
                    final int venueId = Integer.parseInt(parts[2]);
                    final String execId = new String(Base64.getDecoder().decode(parts[3]), StandardCharsets.UTF_8);
                    known.add(key(venueId, execId));
                    unforwarded.put(seq, new Unforwarded(seq, venueId,
                        new String(Base64.getDecoder().decode(parts[4]), StandardCharsets.ISO_8859_1)));
                    lastSeq = Math.max(lastSeq, seq);
                }
                else if (parts.length == 2 && "F".equals(parts[0]))
                {
                    unforwarded.remove(Long.parseLong(parts[1]));
                }
            }
        }
    }

    /**
     * Records a report unless its (venue, ExecID) was recorded before. Returns after the record reached the OS.
     *
     * @param venueId the venue.
     * @param execId  the report's ExecID(17).
     * @param rawFix  the report as received (for a replay after a crash).
     * @return the report's journal sequence (positive), or {@link #DUPLICATE}.
     */
    public synchronized long accept(final int venueId, final String execId, final String rawFix)
    {
        if (!known.add(key(venueId, execId)))
        {
            duplicates++;
            return DUPLICATE;
        }
        final long seq = ++lastSeq;
        append("R " + seq + ' ' + venueId + ' ' +
            Base64.getEncoder().encodeToString(execId.getBytes(StandardCharsets.UTF_8)) + ' ' +
            Base64.getEncoder().encodeToString(rawFix.getBytes(StandardCharsets.ISO_8859_1)) + '\n');
        return seq;
    }

    /**
     * Records a venue OrderCancelReject (35=9), which has no ExecID, under the ClOrdID of the request it refuses
     * (unique per cancel or replace request: a request is refused at most once), unless it was recorded before.
     * Returns after the record reached the OS.
     *
     * @param venueId the venue.
     * @param clOrdId the reject's ClOrdID(11): the gateway's cancel or replace request.
     * @param rawFix  the reject as received (for a replay after a crash).
     * @return the reject's journal sequence (positive), or {@link #DUPLICATE}.
     */
    public long acceptCancelReject(final int venueId, final String clOrdId, final String rawFix)
    {
        return accept(venueId, cancelRejectKey(clOrdId), rawFix);
    }

    /**
     * @param clOrdId the ClOrdID of a refused cancel or replace request.
     * @return the identifier a venue OrderCancelReject is recorded under in place of an ExecID: the ClOrdID behind a
     * {@code "35=9 "} prefix, which keeps it apart from the venue's ExecIDs.
     */
    public static String cancelRejectKey(final String clOrdId)
    {
        return "35=9 " + clOrdId;
    }

    /**
     * @param venueId the venue.
     * @param execId  an ExecID.
     * @return whether that report was recorded.
     */
    public synchronized boolean isKnown(final int venueId, final String execId)
    {
        return known.contains(key(venueId, execId));
    }

    /**
     * The report with this sequence was offered to the core (or dropped on purpose). Agent thread.
     *
     * @param seq a sequence from {@link #accept}.
     */
    public synchronized void forwarded(final long seq)
    {
        append("F " + seq + '\n');
    }

    /**
     * @return reports recorded but not forwarded when the journal was last open, in order (start-up only).
     */
    public synchronized List<Unforwarded> unforwarded()
    {
        return new ArrayList<>(unforwarded.values());
    }

    /**
     * @return reports refused as already recorded since this journal was opened.
     */
    public synchronized long duplicates()
    {
        return duplicates;
    }

    private static String key(final int venueId, final String execId)
    {
        return venueId + "/" + execId;
    }

    private void append(final String record)
    {
        try
        {
            final ByteBuffer bytes = ByteBuffer.wrap(record.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("venue report journal write failed", ex);
        }
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

    /**
     * A report that was recorded but not yet handed to the core when the gateway stopped.
     *
     * @param seq     its journal sequence.
     * @param venueId the venue.
     * @param rawFix  the FIX message.
     */
    public record Unforwarded(long seq, int venueId, String rawFix)
    {
    }
}
