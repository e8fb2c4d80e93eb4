package io.peregrine.fixedge;

import org.agrona.concurrent.status.AtomicCounter;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a {@link RollingFixLog} per session under one directory: {@code <dir>/<BeginString>-<Sender>-<Target>
 * .messages.log} (unless messages are off) and {@code .event.log}, each rolled by {@link RollingLogLimits}. Replaces
 * QuickFIX/J's {@code FileLogFactory}, whose files grow without bound. Any thread; close it with its connector.
 */
public final class RollingFixLogFactory implements LogFactory, AutoCloseable
{
    private final Path dir;
    private final RollingLogLimits limits;
    private final boolean logHeartbeats;
    private final boolean logMessages;
    private final AtomicCounter errorEvents;
    private final List<RollingFixLog> logs = new ArrayList<>();

    /**
     * @param dir           directory of the files (created if missing).
     * @param limits        file size and count per log.
     * @param logHeartbeats whether heartbeats are written.
     */
    public RollingFixLogFactory(final Path dir, final RollingLogLimits limits, final boolean logHeartbeats)
    {
        this(dir, limits, logHeartbeats, true);
    }

    /**
     * @param dir           directory of the files (created if missing).
     * @param limits        file size and count per log.
     * @param logHeartbeats whether heartbeats are written.
     * @param logMessages   whether messages are written at all; false keeps the event log alone (no write per
     *                      message on the session thread).
     */
    public RollingFixLogFactory(
        final Path dir, final RollingLogLimits limits, final boolean logHeartbeats, final boolean logMessages)
    {
        this(dir, limits, logHeartbeats, logMessages, null);
    }

    /**
     * @param dir           directory of the files (created if missing).
     * @param limits        file size and count per log.
     * @param logHeartbeats whether heartbeats are written.
     * @param logMessages   whether messages are written at all; false keeps the event log alone (no write per
     *                      message on the session thread).
     * @param errorEvents   incremented for every error event a log of this factory writes (garbled messages
     *                      QuickFIX/J drops, session-level rejects), or null to count none.
     */
    public RollingFixLogFactory(
        final Path dir, final RollingLogLimits limits, final boolean logHeartbeats, final boolean logMessages,
        final AtomicCounter errorEvents)
    {
        this.errorEvents = errorEvents;
        this.dir = dir;
        this.limits = limits;
        this.logHeartbeats = logHeartbeats;
        this.logMessages = logMessages;
    }

    public synchronized Log create(final SessionID sessionID)
    {
        final String name = sessionID.getBeginString() + "-" + sessionID.getSenderCompID() + "-" +
            sessionID.getTargetCompID();
        final RollingFixLog log = new RollingFixLog(
            logMessages ?
                new RollingFile(dir.resolve(name + ".messages.log"), limits.maxFileBytes(), limits.maxFiles()) : null,
            new RollingFile(dir.resolve(name + ".event.log"), limits.maxFileBytes(), limits.maxFiles()),
            logHeartbeats, errorEvents);
        logs.add(log);
        return log;
    }

    /**
     * @return the directory of the logs.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * Closes every log made.
     */
    public synchronized void close()
    {
        logs.forEach(RollingFixLog::close);
        logs.clear();
    }
}
