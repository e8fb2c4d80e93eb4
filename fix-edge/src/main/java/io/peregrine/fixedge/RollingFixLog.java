package io.peregrine.fixedge;

import org.agrona.concurrent.status.AtomicCounter;
import quickfix.Log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A QuickFIX/J {@link Log} for one session writing two size-rolled files: {@code <session>.messages.log} (incoming
 * and outgoing messages, heartbeats optional; none when there is no messages file) and {@code <session>.event.log}
 * (session events and errors).
 * <p>
 * Each message is written once: QuickFIX/J's error events about an invalid message quote it again, so with a
 * messages file a FIX message embedded in an event is replaced by a reference to its MsgSeqNum; without one (the
 * gateway's default) the event keeps it, SOH shown as '|', so an invalid message is still written once. An event
 * longer than {@link #MAX_EVENT_CHARS} is cut. Disk use is bounded by {@link RollingLogLimits}.
 * <p>
 * Threads: QuickFIX/J session and timer threads (the files are synchronized). Edge code: allocates per record.
 *
 * @param messages      messages file, or null to write no messages (the event log alone).
 * @param events        events file.
 * @param logHeartbeats whether heartbeats go to the messages file.
 * @param errorEvents   incremented for each error event written (QuickFIX/J's garbled messages, which FIX says to
 *                      drop without an answer, would otherwise be visible only here), or null to count none.
 */
public record RollingFixLog(RollingFile messages, RollingFile events, boolean logHeartbeats, AtomicCounter errorEvents)
    implements Log, AutoCloseable
{
    /** Longest event text written; the rest is cut. */
    public static final int MAX_EVENT_CHARS = 2_048;
    /** What an event says instead of repeating a message (without a MsgSeqNum) already in the messages log. */
    public static final String QUOTED_INCOMING = "<message, see messages log>";

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final String HEARTBEAT = "\u000135=0\u0001";
    private static final String BEGIN_STRING_TAG = "8=FIX";
    private static final String CHECKSUM_TAG = "\u000110=";
    private static final String SEQ_NUM_TAG = "\u000134=";

    public void clear()
    {
        if (null != messages)
        {
            messages.clear();
        }
        events.clear();
    }

    public void onIncoming(final String message)
    {
        if (null != messages && (logHeartbeats || !message.contains(HEARTBEAT)))
        {
            messages.append(stamp() + " < " + message);
        }
    }

    public void onOutgoing(final String message)
    {
        if (null != messages && (logHeartbeats || !message.contains(HEARTBEAT)))
        {
            messages.append(stamp() + " > " + message);
        }
    }

    public void onEvent(final String text)
    {
        events.append(stamp() + " " + eventText(text));
    }

    public void onErrorEvent(final String text)
    {
        events.append(stamp() + " ERROR " + eventText(text));
        if (null != errorEvents)
        {
            errorEvents.increment();
        }
    }

    public void onWarnEvent(final String text)
    {
        events.append(stamp() + " WARN " + eventText(text));
    }

    private String eventText(final String text)
    {
        // QuickFIX/J's error events quote the message they are about (and log it at receive time, on another
        // thread, so it is rarely the last incoming one): with a messages log every embedded FIX message is replaced
        // by a reference to its MsgSeqNum, so each message is written once, in the messages log. Without one the
        // event is the only place the message is written: it stays, readable (SOH as '|'), cut with the event.
        if (null == messages)
        {
            return cut(readable(text));
        }
        String result = text;
        int start = result.indexOf(BEGIN_STRING_TAG);
        while (start >= 0)
        {
            final int checksum = result.indexOf(CHECKSUM_TAG, start);
            final int end = checksum < 0 ? result.length() :
                Math.min(result.length(), checksum + CHECKSUM_TAG.length() + 4);
            final String quoted = result.substring(start, end);
            final int seqStart = quoted.indexOf(SEQ_NUM_TAG);
            final int seqEnd = seqStart < 0 ? -1 : quoted.indexOf('\u0001', seqStart + SEQ_NUM_TAG.length());
            final String reference = seqStart < 0 || seqEnd < 0 ? QUOTED_INCOMING : "<message MsgSeqNum " +
                quoted.substring(seqStart + SEQ_NUM_TAG.length(), seqEnd) + ", see messages log>";
            result = result.substring(0, start) + reference + result.substring(end);
            start = result.indexOf(BEGIN_STRING_TAG, start + reference.length());
        }
        return cut(result);
    }

    private static String cut(final String text)
    {
        return text.length() > MAX_EVENT_CHARS ?
            text.substring(0, MAX_EVENT_CHARS) + "...[" + (text.length() - MAX_EVENT_CHARS) + " chars cut]" : text;
    }

    /**
     * @param text an event's text, which may quote a FIX message.
     * @return it with SOH shown as '|' and any other control character (a line break inside a field would start a
     *         line that looks like another record) as '?'. For any log line that quotes FIX.
     */
    public static String readable(final String text)
    {
        final StringBuilder readable = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            readable.append(c == '\u0001' ? '|' : Character.isISOControl(c) ? '?' : c);
        }
        return readable.toString();
    }

    private static String stamp()
    {
        return TIME.format(Instant.now());
    }

    public void close()
    {
        if (null != messages)
        {
            messages.close();
        }
        events.close();
    }
}
