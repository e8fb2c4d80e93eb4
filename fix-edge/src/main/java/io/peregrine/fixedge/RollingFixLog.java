package io.peregrine.fixedge;

import quickfix.Log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A QuickFIX/J {@link Log} for one session writing two size-rolled files: {@code <session>.messages.log} (incoming
 * and outgoing messages, heartbeats optional) and {@code <session>.event.log} (session events and errors).
 * <p>
 * Each inbound message is written once: QuickFIX/J's error events about an invalid message quote it again, so an
 * event that contains one of the last few incoming messages names it instead of copying it; an event longer than
 * {@link #MAX_EVENT_CHARS} is cut. Disk use is bounded by {@link RollingLogLimits}.
 * <p>
 * Threads: QuickFIX/J session and timer threads (the files are synchronized). Edge code: allocates per record.
 */
public final class RollingFixLog implements Log, AutoCloseable
{
    /** Longest event text written; the rest is cut. */
    public static final int MAX_EVENT_CHARS = 2_048;
    /** What an event says instead of repeating an incoming message already in the message log. */
    public static final String QUOTED_INCOMING = "<incoming message, see messages log>";

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final int RECENT = 4;
    private static final String HEARTBEAT = "\u000135=0\u0001";

    private final RollingFile messages;
    private final RollingFile events;
    private final boolean logHeartbeats;
    private final String[] recentIncoming = new String[RECENT];
    private int nextRecent;

    /**
     * @param messages      messages file.
     * @param events        events file.
     * @param logHeartbeats whether heartbeats go to the messages file.
     */
    public RollingFixLog(final RollingFile messages, final RollingFile events, final boolean logHeartbeats)
    {
        this.messages = messages;
        this.events = events;
        this.logHeartbeats = logHeartbeats;
    }

    public void clear()
    {
        messages.clear();
        events.clear();
    }

    public void onIncoming(final String message)
    {
        synchronized (recentIncoming)
        {
            recentIncoming[nextRecent] = message;
            nextRecent = (nextRecent + 1) % RECENT;
        }
        if (logHeartbeats || !message.contains(HEARTBEAT))
        {
            messages.append(stamp() + " < " + message);
        }
    }

    public void onOutgoing(final String message)
    {
        if (logHeartbeats || !message.contains(HEARTBEAT))
        {
            messages.append(stamp() + " > " + message);
        }
    }

    public void onEvent(final String text)
    {
        events.append(stamp() + " " + withoutQuotedMessages(text));
    }

    public void onErrorEvent(final String text)
    {
        events.append(stamp() + " ERROR " + withoutQuotedMessages(text));
    }

    public void onWarnEvent(final String text)
    {
        events.append(stamp() + " WARN " + withoutQuotedMessages(text));
    }

    private String withoutQuotedMessages(final String text)
    {
        String result = text;
        synchronized (recentIncoming)
        {
            for (final String incoming : recentIncoming)
            {
                if (null != incoming && !incoming.isEmpty() && result.contains(incoming))
                {
                    result = result.replace(incoming, QUOTED_INCOMING);
                }
            }
        }
        if (result.length() > MAX_EVENT_CHARS)
        {
            result = result.substring(0, MAX_EVENT_CHARS) + "...[" + (result.length() - MAX_EVENT_CHARS) +
                " chars cut]";
        }
        return result;
    }

    private static String stamp()
    {
        return TIME.format(Instant.now());
    }

    public void close()
    {
        messages.close();
        events.close();
    }
}
