package io.peregrine.gateway.broker;

import io.peregrine.core.OwnerOnlyFiles;
import io.peregrine.core.journal.ReaderPosition;
import quickfix.SessionID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the broker report agent has delivered the core journal's reports, per broker session, saved so that a
 * restarted gateway delivers each report once more at most and loses none. Three kinds of file in
 * {@code <dataDir>/broker}:
 * <ul>
 * <li>{@code core-report-position} ({@link ReportPosition}, the format of earlier versions): every report at or before
 * it was delivered, to every session. The core's retention, the pairing check and {@link CoreHistory} read it: while
 * a session waits it stays at or before the first report of the session not delivered;</li>
 * <li>{@code core-report-lead} (same format): while a session waits, the last report the agent read in order,
 * delivered or left to the waiting sessions ({@link #lead()}); when none waits the lead is the saved position, and
 * this file is not read;</li>
 * <li>{@code report-waits/<session>} ({@link ReportWait}, one per configured broker session): whether the session's
 * reports wait for its FIX store, and after which position (every report of the session at or before it was
 * delivered; those after it up to the lead were not).</li>
 * </ul>
 * A report at position {@code i} was delivered iff its session does not wait and {@code i <= lead}, or it waits after
 * a position at or after {@code i}. Each save is one in-place write into a file written at start, so that a disk full
 * since does not stop it; the order of the writes keeps that true at every instant a process can die. A directory of
 * an earlier version (no lead, no wait files) reads as no session waiting, at its saved position. Broker report
 * agent's thread, opened and closed by the caller; edge code.
 */
public final class BrokerReportProgress implements AutoCloseable
{
    /** The lead's file name beside {@code core-report-position}. */
    public static final String LEAD_FILE = "core-report-lead";
    /** The directory of the sessions' wait files beside {@code core-report-position}. */
    public static final String WAITS_DIR = "report-waits";

    private final ReportPosition position;
    private final ReaderPosition leadFile;
    private final Map<SessionID, ReportWait> waits = new LinkedHashMap<>();
    private final List<SessionID> waiting = new ArrayList<>();
    private final WaitingBrokerSessions waitingSessions = new WaitingBrokerSessions();
    private long saved;
    private long lead;

    /**
     * Opens the lead and a wait file per session, writing what is missing (nothing waits in a directory of an earlier
     * version), and brings {@code core-report-position} up to the lead when no session waits.
     *
     * @param position the saved report position, {@code <dir>/core-report-position}.
     * @param dir      the broker directory holding it.
     * @param sessions the configured broker sessions.
     * @throws IllegalStateException if the reports of a session no longer configured wait, naming it and the fix.
     */
    public BrokerReportProgress(final ReportPosition position, final Path dir, final Collection<SessionID> sessions)
    {
        this.position = position;
        final Path waitsDir = dir.resolve(WAITS_DIR);
        checkBeforeStart(dir, sessions);
        OwnerOnlyFiles.createDirectories(waitsDir);
        leadFile = new ReaderPosition(dir.resolve(LEAD_FILE));
        try
        {
            for (final SessionID session : sessions)
            {
                final ReportWait wait = new ReportWait(waitsDir.resolve(fileName(session)));
                waits.put(session, wait);
                if (ReportWait.NOT_WAITING != wait.load())
                {
                    waiting.add(session);
                    waitingSessions.started(session, System.currentTimeMillis());
                }
            }
            saved = position.load();
            lead = waiting.isEmpty() ? saved : Math.max(saved, leadFile.load());
            // Both slots written now (later saves write in place); with no session waiting this also sets aside a
            // lead of an earlier wait, which a later one must not take for its own.
            leadFile.save(lead);
            leadFile.save(lead);
            savePosition();
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Refuses, reading only, a data directory in which the reports of a broker session no longer configured wait for
     * its FIX store: they could never be delivered. For {@code FixGateway.checkBeforeStart} and this constructor.
     *
     * @param dir      the broker directory holding {@code core-report-position}.
     * @param sessions the configured broker sessions.
     * @throws IllegalStateException naming the session's wait file and the fix.
     */
    public static void checkBeforeStart(final Path dir, final Collection<SessionID> sessions)
    {
        final Path waitsDir = dir.resolve(WAITS_DIR);
        final List<String> configured = new ArrayList<>();
        for (final SessionID session : sessions)
        {
            configured.add(fileName(session));
        }
        if (!Files.isDirectory(waitsDir))
        {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(waitsDir))
        {
            for (final Path file : files)
            {
                final long since = ReportWait.peek(file);
                if (!configured.contains(file.getFileName().toString()) && ReportWait.NOT_WAITING != since)
                {
                    throw new IllegalStateException("the core journal reports of broker session " +
                        file.getFileName() + ", which is no longer configured, wait for its FIX store after core " +
                        "journal position " + hex(since) + " (" + file + "): they were never delivered. Configure " +
                        "the session again to deliver them once its store takes them, or delete " + file +
                        " to give them up (the broker then asks for its orders' status)");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + waitsDir, ex);
        }
    }

    /**
     * @param session a broker session.
     * @return its wait file's name: as QuickFIX/J names its store files ({@code FIX.4.4-PEREGRINE-BROKER1}).
     */
    static String fileName(final SessionID session)
    {
        return (session.getBeginString() + '-' + session.getSenderCompID() + '-' + session.getTargetCompID())
            .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Whether the data directory ever saved a report position: the saved position, or, while a session waits, the
     * lead (saved while every report before it waited).
     *
     * @param positionFile {@code <dataDir>/broker/core-report-position}.
     * @return true if one is saved. Reads only.
     */
    public static boolean anySaved(final Path positionFile)
    {
        if (ReportPosition.NONE != ReaderPosition.peek(positionFile))
        {
            return true;
        }
        final Path waitsDir = positionFile.resolveSibling(WAITS_DIR);
        if (!Files.isDirectory(waitsDir))
        {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(waitsDir))
        {
            for (final Path file : files)
            {
                if (ReportWait.NOT_WAITING != ReportWait.peek(file))
                {
                    return ReportPosition.NONE != ReaderPosition.peek(positionFile.resolveSibling(LEAD_FILE));
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + waitsDir, ex);
        }
    }

    /**
     * @return the last report read in order (delivered, or left to a session that waits), {@link ReportPosition#NONE}
     *         before the first: the reader resumes after it.
     */
    public long lead()
    {
        return lead;
    }

    /**
     * The report at {@code index} was delivered, or left to its waiting session: the lead moves to it.
     *
     * @param index its journal position.
     */
    public void read(final long index)
    {
        lead = index;
        if (waiting.isEmpty())
        {
            saved = index;
            position.save(index);
        }
        else
        {
            leadFile.save(index);
        }
    }

    /**
     * @param session a broker session.
     * @return whether its reports wait for its FIX store (delivered by the agent's catch-up, not in order).
     */
    public boolean isWaiting(final SessionID session)
    {
        return !waiting.isEmpty() && waiting.contains(session);
    }

    /**
     * @return the sessions whose reports wait, in the order they began to (a live view).
     */
    public List<SessionID> waiting()
    {
        return waiting;
    }

    /**
     * @param session a waiting session.
     * @return the position its reports wait after: every one of its reports at or before it was delivered.
     */
    public long waitingAfter(final SessionID session)
    {
        return waits.get(session).load();
    }

    /**
     * The session's store could not take its report after the lead: its reports wait from there (saved before the
     * lead moves past that report).
     *
     * @param session a configured session not waiting.
     */
    public void startWaiting(final SessionID session)
    {
        waits.get(session).save(lead);
        waiting.add(session);
        waitingSessions.started(session, System.currentTimeMillis());
    }

    /**
     * Every report of a waiting session up to {@code index} (at or before the lead) was delivered.
     *
     * @param session a waiting session.
     * @param index   a journal position.
     */
    public void deliveredUpTo(final SessionID session, final long index)
    {
        final ReportWait wait = waits.get(session);
        if (index > wait.load())
        {
            wait.save(index);
        }
    }

    /**
     * Every report of the session up to the lead was delivered: it waits no more, and the lead delivers its next ones.
     *
     * @param session a waiting session.
     */
    public void caughtUp(final SessionID session)
    {
        // In this order: at every instant, a restart finds the session waiting with nothing left, or the saved
        // position at the lead when it finds none waiting (the lead file is read only while one waits).
        deliveredUpTo(session, lead);
        waiting.remove(session);
        waitingSessions.ended(session);
        savePosition();
        waits.get(session).save(ReportWait.NOT_WAITING);
    }

    /**
     * @return the waiting sessions and since when, for other threads (the counter sampling, {@code /health}).
     */
    public WaitingBrokerSessions waitingSessions()
    {
        return waitingSessions;
    }

    /**
     * Moves {@code core-report-position} up to the first report not delivered to every session, if it moved.
     */
    public void savePosition()
    {
        long delivered = lead;
        for (int i = 0; i < waiting.size(); i++)
        {
            delivered = Math.min(delivered, waits.get(waiting.get(i)).load());
        }
        if (delivered > saved)
        {
            saved = delivered;
            position.save(delivered);
        }
    }

    static String hex(final long position)
    {
        return ReportPosition.NONE == position ? "none (the journal's first entry)" : Long.toHexString(position);
    }

    public void close()
    {
        leadFile.close();
        for (final ReportWait wait : waits.values())
        {
            wait.close();
        }
    }
}
