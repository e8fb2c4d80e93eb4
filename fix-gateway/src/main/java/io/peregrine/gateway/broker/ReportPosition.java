package io.peregrine.gateway.broker;

import io.peregrine.core.journal.ReaderPosition;

import java.nio.file.Path;

/**
 * The gateway's position in the core journal: every report at or before it was handed to QuickFIX/J, so that a
 * restarted gateway resumes after it and no report is lost while it was away (while a broker session's reports wait
 * for its FIX store, {@link BrokerReportProgress} keeps it before them and saves the rest per session). The file
 * format (two slots written alternately, so a torn write leaves the other valid) is hft-core's {@link ReaderPosition},
 * which the core's retention also reads when the file is named in {@code peregrine.journal.retain.reader.positions}.
 * Owned by the broker report agent's thread; edge code.
 */
public final class ReportPosition implements AutoCloseable
{
    /** {@link #load()} when no position was ever saved. */
    public static final long NONE = ReaderPosition.NONE;

    private final ReaderPosition position;

    /**
     * @param file position file (created if missing).
     */
    public ReportPosition(final Path file)
    {
        position = new ReaderPosition(file);
    }

    /**
     * @return the last saved position, or {@link #NONE}.
     */
    public long load()
    {
        return position.load();
    }

    /**
     * @param position journal position of the last report delivered.
     */
    public void save(final long position)
    {
        this.position.save(position);
    }

    public void close()
    {
        position.close();
    }
}
