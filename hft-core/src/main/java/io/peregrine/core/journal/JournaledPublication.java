package io.peregrine.core.journal;

import io.peregrine.core.egress.MessageSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * A core output stream (egress reports, or venue requests) that journals what it publishes, so that every output
 * is recoverable and a replay can check and reproduce it.
 * <ul>
 *   <li><b>Reports</b> are journaled before they are offered: a report a client never got (slow, absent, the
 *   process died) is still in the journal and a client resumes from it.</li>
 *   <li><b>Venue requests</b> are journaled after the offer: a success as the request itself, a failure as its
 *   result code, because the core's decision (reject the order, refuse the cancel) depends on it and a replay must
 *   take the same one.</li>
 * </ul>
 * While {@link Recovery} replays the journal it answers the offers the logic makes from the journaled outputs
 * (nothing is published again), until the journal ends: outputs of the last input that never reached the journal
 * are then published for real and journaled.
 * <p>
 * Without a journal it only forwards to the publication. Core thread only; allocation free.
 */
public final class JournaledPublication
{
    private final MessageSink publication;
    private final CoreJournal journal;
    private final byte outputType;
    private final EpochNanoClock logicClock;
    private Recovery recovery;

    /**
     * @param publication the stream to publish on (an Aeron publication with retries, or a buffer).
     * @param journal     the core journal, or null for none.
     * @param outputType  {@link JournalEntry#REPORT} or {@link JournalEntry#VENUE_REQUEST}.
     * @param logicClock  timestamps of the output entries.
     */
    public JournaledPublication(
        final MessageSink publication,
        final CoreJournal journal,
        final byte outputType,
        final EpochNanoClock logicClock)
    {
        if (JournalEntry.REPORT != outputType && JournalEntry.VENUE_REQUEST != outputType)
        {
            throw new IllegalArgumentException("output type must be REPORT or VENUE_REQUEST: " + outputType);
        }
        this.publication = publication;
        this.journal = journal;
        this.outputType = outputType;
        this.logicClock = logicClock;
    }

    /**
     * Publishes (and journals) one output.
     *
     * @return the publication's result: &gt; 0 published, else a {@code Publication} error code.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == journal)
        {
            return publication.offer(buffer, offset, length);
        }
        if (null != recovery)
        {
            final long replayed = recovery.onOutput(outputType, buffer, offset, length);
            if (Recovery.PUBLISH_LIVE != replayed)
            {
                return replayed;
            }
            if (JournalEntry.VENUE_REQUEST == outputType)
            {
                recovery.awaitConnected(publication);
            }
        }
        final long timestamp = logicClock.nanoTime();
        if (JournalEntry.REPORT == outputType)
        {
            // Not journaled only when the journal is unavailable, which is when the core answers unjournaled input
            // with JOURNAL_UNAVAILABLE: that refusal then lives only on the live stream.
            journal.append(JournalEntry.REPORT, timestamp, 0, buffer, offset, length);
            return publication.offer(buffer, offset, length);
        }
        final long result = publication.offer(buffer, offset, length);
        if (result > 0)
        {
            journal.append(JournalEntry.VENUE_REQUEST, timestamp, 0, buffer, offset, length);
        }
        else
        {
            journal.appendValue(JournalEntry.OFFER_FAILED, timestamp, result);
        }
        return result;
    }

    /**
     * @return whether a subscriber is connected.
     */
    public boolean isConnected()
    {
        return publication.isConnected();
    }

    /**
     * @return the underlying publication.
     */
    public MessageSink publication()
    {
        return publication;
    }

    void recovery(final Recovery recovery)
    {
        this.recovery = recovery;
    }
}
