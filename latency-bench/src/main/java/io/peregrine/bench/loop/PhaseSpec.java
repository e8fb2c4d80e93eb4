package io.peregrine.bench.loop;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * One phase of {@link FixLoopLatency} as the load client runs it: {@code warmupSeconds} of orders at {@code rate},
 * sent and answered before {@code seconds} of measured orders at the same rate. Immutable; it travels to a load
 * client in a child JVM as one line ({@link #encode()}).
 *
 * @param phaseId       unique per session and data directory: the prefix of the phase's ClOrdIDs.
 * @param rate          orders per second, at least 1.
 * @param warmupSeconds warm-up seconds, not recorded (0 for none).
 * @param seconds       measured seconds, at least 1.
 * @param echo          true when the counterparty answers each order once (the bare echo): the first report ends it.
 * @param hlog          HdrHistogram log the load client writes for the phase, or null for none.
 * @param comment       the log's first line.
 */
record PhaseSpec(String phaseId, long rate, long warmupSeconds, long seconds, boolean echo, Path hlog, String comment)
{
    private static final String SEPARATOR = "\t";

    /** Checks the values; the text fields may not hold the line's separators. */
    PhaseSpec
    {
        if (rate < 1 || seconds < 1 || warmupSeconds < 0)
        {
            throw new IllegalArgumentException("rate " + rate + ", seconds " + seconds + ", warm-up " + warmupSeconds);
        }
        for (final String text : new String[]{ phaseId, null == hlog ? "" : hlog.toString(), comment })
        {
            if (text.contains(SEPARATOR) || text.contains("\n") || text.contains("\r"))
            {
                throw new IllegalArgumentException("no tab or line break allowed in a phase field: " + text);
            }
        }
    }

    /** @return measured orders. */
    int measuredOrders()
    {
        return (int)(rate * seconds);
    }

    /** @return warm-up orders. */
    int warmupOrders()
    {
        return (int)(rate * warmupSeconds);
    }

    /** @return the phase as one line of tab-separated fields, read back by {@link #decode(String)}. */
    String encode()
    {
        return String.join(SEPARATOR, phaseId, Long.toString(rate), Long.toString(warmupSeconds),
            Long.toString(seconds), Boolean.toString(echo), null == hlog ? "" : hlog.toString(), comment);
    }

    /**
     * @param line what {@link #encode()} wrote.
     * @return the phase.
     * @throws IllegalArgumentException if the line is not one.
     */
    static PhaseSpec decode(final String line)
    {
        final String[] fields = line.split(SEPARATOR, -1);
        if (fields.length != 7)
        {
            throw new IllegalArgumentException("a phase has 7 tab-separated fields, got " + fields.length + ": " + line);
        }
        return new PhaseSpec(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]),
            Long.parseLong(fields[3]), bool(fields[4]), fields[5].isEmpty() ? null : Paths.get(fields[5]), fields[6]);
    }

    private static boolean bool(final String text)
    {
        if (!"true".equals(text) && !"false".equals(text))
        {
            throw new IllegalArgumentException("echo must be true or false, got " + text);
        }
        return Boolean.parseBoolean(text);
    }
}
