package io.peregrine.fixedge;

/**
 * Size limits of the FIX message and event logs of one connector. Immutable; any thread.
 *
 * @param maxFileBytes largest size of one log file before it rolls.
 * @param maxFiles     files kept per log, the current one included (older ones are deleted).
 */
public record RollingLogLimits(long maxFileBytes, int maxFiles)
{
    /** Default file size: 16 MiB. */
    public static final long MAX_FILE_BYTES_DEFAULT = 16L * 1024 * 1024;
    /** Default files per log: 4 (so a session's message log holds at most 64 MiB). */
    public static final int MAX_FILES_DEFAULT = 4;

    /**
     * Validates the values.
     */
    public RollingLogLimits
    {
        if (maxFileBytes < 1024)
        {
            throw new IllegalArgumentException("log file size must be at least 1024 bytes: " + maxFileBytes);
        }
        if (maxFiles < 1)
        {
            throw new IllegalArgumentException("log files kept must be at least 1: " + maxFiles);
        }
    }

    /**
     * @return the defaults.
     */
    public static RollingLogLimits defaults()
    {
        return new RollingLogLimits(MAX_FILE_BYTES_DEFAULT, MAX_FILES_DEFAULT);
    }

    /**
     * @param logsPerSession logs each session writes (2: messages and events).
     * @param sessions       sessions of the connector.
     * @return the most disk all the connector's logs can hold.
     */
    public long maxTotalBytes(final int logsPerSession, final int sessions)
    {
        return maxFileBytes * maxFiles * logsPerSession * sessions;
    }
}
