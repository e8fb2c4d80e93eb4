package io.peregrine.gateway.session;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A logon refused because the two sides' sequence numbers disagree, read from the Text(58) of the Logout that ends
 * it: QuickFIX/J (and most engines) say "MsgSeqNum too low, expecting 3034 but received 511". Edge code: any
 * thread, allocates.
 *
 * @param expected  the sequence number the refusing side expected.
 * @param received  the sequence number it received.
 * @param byVenue   true when the counterparty refused our logon (its store is ahead of ours), false when this side
 *                  refused the counterparty's logon (our store is ahead of its).
 */
public record SequenceRefusal(long expected, long received, boolean byVenue)
{
    private static final Pattern TOO_LOW =
        Pattern.compile("MsgSeqNum too (low|high), expecting (\\d+) but received (\\d+)", Pattern.CASE_INSENSITIVE);

    /**
     * @param logoutText the Logout's Text(58), may be null.
     * @param byVenue    whether the counterparty sent the Logout.
     * @return the refusal, or null when the text is not about sequence numbers.
     */
    public static SequenceRefusal parse(final String logoutText, final boolean byVenue)
    {
        if (null == logoutText)
        {
            return null;
        }
        final Matcher matcher = TOO_LOW.matcher(logoutText);
        if (!matcher.find())
        {
            return null;
        }
        try
        {
            return new SequenceRefusal(Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3)), byVenue);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    /**
     * @param session the session name, {@code SENDER-TARGET}.
     * @return one sentence naming the session, both numbers and the fix.
     */
    public String describe(final String session)
    {
        final String who = byVenue ?
            "the counterparty refused our logon: it expects MsgSeqNum " + expected + " but we sent " + received :
            "we refused the counterparty's logon: we expect MsgSeqNum " + expected + " but it sent " + received;
        return "FIX session " + session + " cannot log on, sequence numbers disagree (" + who + "; a FIX store " +
            "was lost, restored or left from another run). Fix: stop the gateway, run " +
            "'./scripts/run.sh reset-session " + session + "' (the next logon asks the counterparty to reset " +
            "with ResetSeqNumFlag=Y; messages sent before the reset are not resent), or align the counterparty's " +
            "store, then start the gateway again";
    }
}
