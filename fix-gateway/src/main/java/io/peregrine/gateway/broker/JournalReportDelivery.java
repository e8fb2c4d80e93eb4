package io.peregrine.gateway.broker;

import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalNotReadableException;
import io.peregrine.core.journal.JournalReader;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.SessionID;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delivers the core journal's reports to the broker sessions, in order, through {@link BrokerReportDispatch}, and saves
 * how far it got per session ({@link BrokerReportProgress}). Two readers, each a {@link JournalCursor} with its own
 * fault state:
 * <ul>
 * <li>the <b>lead</b> reads the journal in order and delivers each report, but those of a session that waits;</li>
 * <li>the <b>waiting reader</b> reads again, every {@link BrokerReportAgent#UNSTORED_RETRY_NS}, the reports of each
 * session that waits, from its first not delivered up to the lead, and delivers them in order once the session takes
 * them; a session that caught up waits no more (the lead delivers its next reports).</li>
 * </ul>
 * A session waits from a report its FIX store could not persist (a full disk: {@link BrokerDelivery} drops the
 * session), or that its reset logon held ({@link ResetLogonHold}): one broker whose store is broken does not hold the
 * others' fills, and nothing is kept in memory per waiting report.
 * <p>
 * A fault of a mapped file pauses only the reader that was reading or delivering, and re-reads only that reader's
 * entry, only if it was not handed to QuickFIX/J: a report handed over is never delivered again (it would reach the
 * broker twice under one ExecID, without PossDupFlag).
 * <p>
 * Broker report agent's thread only. Allocates nothing per report it skips; a report delivered allocates in
 * QuickFIX/J (edge code).
 */
final class JournalReportDelivery
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalReportDelivery.class);
    /** Deliveries per duty cycle. */
    static final int DELIVERY_LIMIT = 16;
    private static final long NONE = -1;

    private final JournalCursor lead;
    private final JournalCursor waitingReports;
    private final BrokerReportProgress progress;
    private final BrokerReportDispatch dispatch;
    private long lastUnreadableIndex = -1;
    /** The session {@link #waitingReports} is positioned for, after {@link #waitingReportsIndex}, or null. */
    private SessionID waitingReportsSession;
    private long waitingReportsIndex = NONE;
    /** When each waiting session's reports are read again. */
    private final Map<SessionID, Long> retryAtNs = new HashMap<>();
    /** The waiting sessions whose store failed at the last attempt (said when it takes a report again). */
    private final Set<SessionID> storeFailed = new HashSet<>();
    /**
     * The journal indexes of reports no route has that were already counted (by the lead, or by the reading of a
     * waiting session's reports), while a session waits: each is counted and said once, though every waiting session
     * reads past it.
     */
    private final LongHashSet unroutedCounted = new LongHashSet();
    /** Reports delivered in this duty cycle. */
    private int delivered;
    /** The entry a reader returned last: its index, whether it was dispatched, whether all it needed is done. */
    private long inHandIndex = NONE;
    private boolean dispatched;
    private boolean settled = true;

    /**
     * Positions both readers after the saved progress, on the caller's thread, and hands them over to the agent's.
     *
     * @param lead           reader of the core journal for the reports in order.
     * @param waitingReports a second reader of the core journal, for the reports of sessions that wait.
     * @param progress       where the reports delivered are saved, per session.
     * @param dispatch       hands a report to its session.
     * @throws IllegalStateException if a saved position is not in the journal (it lost entries).
     */
    JournalReportDelivery(
        final JournalReader lead,
        final JournalReader waitingReports,
        final BrokerReportProgress progress,
        final BrokerReportDispatch dispatch)
    {
        this.lead = new JournalCursor(lead, "the reports read in order");
        this.waitingReports = new JournalCursor(waitingReports, "the reports of the sessions that wait");
        this.progress = progress;
        this.dispatch = dispatch;
        final long saved = progress.lead();
        if (ReportPosition.NONE == saved)
        {
            LOG.info("broker reports: no saved position, reading the core journal from its start");
        }
        else
        {
            resumeAfter(lead, saved, "the saved broker report position " + Long.toHexString(saved));
            LOG.info("broker reports: resuming after core journal position {}", Long.toHexString(saved));
        }
        for (final SessionID session : progress.waiting())
        {
            final long after = progress.waitingAfter(session);
            resumeAfter(waitingReports, after, "the saved position of broker session " + session +
                "'s reports waiting for its FIX store, " + BrokerReportProgress.hex(after) + ",");
            LOG.warn("broker session {}: its reports after core journal position {} wait for its FIX store, " +
                "which could not persist one before the restart: delivered, once each, as soon as it takes them",
                session, BrokerReportProgress.hex(after));
            retryAtNs.put(session, System.nanoTime());
            storeFailed.add(session);
        }
        lead.handOver(); // positioned here, polled on the agent thread
        waitingReports.handOver();
    }

    private static void resumeAfter(final JournalReader reader, final long position, final String what)
    {
        if (!reader.resumeAfter(position))
        {
            // The pairing check (CoreJournalMatch) found this the gateway's own journal: it lost entries.
            throw new IllegalStateException(what + " (as run.sh journal prints indexes) is not in the core " +
                "journal, though it is the journal this gateway data directory was used beside: the journal lost " +
                "entries the gateway had already delivered reports from (a power loss before its pages reached the " +
                "disk, or damage), and the core no longer knows what they held. Restore the core journal from a " +
                "backup. Starting over (moving both directories aside) leaves every order of the lost entries " +
                "working at the venue with no one tracking it: cancel them there first");
        }
    }

    /**
     * Counts the faults both readers meet from now on ({@link JournalCursor}).
     *
     * @param counter the gateway's counter of broker report faults.
     */
    void countFaultsIn(final AtomicCounter counter)
    {
        lead.countFaultsIn(counter);
        waitingReports.countFaultsIn(counter);
    }

    /**
     * One duty cycle's deliveries: the waiting sessions' whose retry is due, then the reports in order, at most
     * {@link #DELIVERY_LIMIT} in all. A reader that faulted less than {@link JournalCursor#FAULT_RETRY_NS} ago is not
     * read; the other is.
     *
     * @return reports delivered.
     */
    int poll()
    {
        delivered = 0;
        final long now = System.nanoTime();
        if (!progress.waiting().isEmpty() && !waitingReports.paused(now))
        {
            deliverWaitingUnlessFaulted();
        }
        if (!unroutedCounted.isEmpty())
        {
            forgetUnroutedNoLongerRead();
        }
        if (!lead.paused(now))
        {
            deliverInOrderUnlessFaulted();
        }
        return delivered;
    }

    private void deliverInOrderUnlessFaulted()
    {
        try
        {
            deliverInOrder();
        }
        catch (final JournalNotReadableException ex)
        {
            lead.readFault(ex);
        }
        catch (final InternalError ex)
        {
            final boolean handedOver = !settled && dispatched && dispatch.handedOver();
            if (handedOver)
            {
                progress.read(inHandIndex); // taken: the lead reads on after it
            }
            lead.lateFault(ex, inHandIndex, settled || handedOver);
            settled = true;
        }
    }

    private void deliverWaitingUnlessFaulted()
    {
        try
        {
            deliverWaiting();
        }
        catch (final JournalNotReadableException ex)
        {
            waitingReports.readFault(ex);
            waitingReportsSession = null; // read again after the session's last report delivered
        }
        catch (final InternalError ex)
        {
            // Dispatched only while positioned for a session (the one it is for).
            final boolean handedOver = !settled && dispatched && dispatch.handedOver() && null != waitingReportsSession;
            if (handedOver)
            {
                progress.deliveredUpTo(waitingReportsSession, inHandIndex); // taken: not read again
                progress.savePosition();
            }
            waitingReports.lateFault(ex, inHandIndex, settled || handedOver);
            settled = true;
            waitingReportsSession = null; // read again after the session's last report delivered
        }
    }

    /**
     * Reads the journal in order: delivers each report but those of a waiting session, which are left to
     * {@link #deliverWaiting()}; one its session does not take makes the session wait from it.
     */
    private void deliverInOrder()
    {
        final JournalReader journal = lead.reader();
        for (int entries = 0; entries < DELIVERY_LIMIT * 8 && delivered < DELIVERY_LIMIT; entries++)
        {
            final int result = journal.next();
            lead.readOn();
            if (JournalReader.CORRUPT == result)
            {
                if (journal.index() == lastUnreadableIndex && !journal.missingEntries())
                {
                    break; // the queue could not move past it: try again on the next duty cycle, said once
                }
                lastUnreadableIndex = journal.index();
                // A damaged entry is passed (the reader moved on), entries missing before a sound one are said and
                // the entry read next: never silently.
                LOG.error("core journal entry {} cannot be read ({}): if a report was there, the broker did not " +
                    "get it; `run.sh journal` shows the entries around it, an OrderStatusRequest (35=H) the " +
                    "order's state", Long.toHexString(journal.index()), journal.corruption());
                continue;
            }
            if (JournalReader.END == result)
            {
                break; // nothing new
            }
            if (JournalEntry.REPORT == journal.type())
            {
                final long index = journal.index();
                inHand(index);
                // Whose report it is matters only while a session waits.
                final boolean anyWaiting = !progress.waiting().isEmpty();
                final SessionID owner = anyWaiting ? dispatch.owner(journal.payload(), 0, journal.length()) : null;
                if (anyWaiting && null == owner && dispatch.ownerUnknown())
                {
                    unroutedCounted.add(index); // counted by its delivery now: not again where a waiting session reads
                }
                if (null == owner || !progress.isWaiting(owner))
                {
                    if (BrokerDelivery.Outcome.TAKEN == deliver(journal))
                    {
                        delivered++;
                    }
                    else
                    {
                        startWaiting(index);
                    }
                }
                progress.read(index); // a waiting session's report is left to deliverWaiting
                settled = true;
            }
        }
    }

    /** The lead's report at {@code index} was not taken: its session's reports wait from it. */
    private void startWaiting(final long index)
    {
        final SessionID failed = dispatch.owedSession();
        // Saved before the lead passes this report: its session's reports wait from here.
        progress.startWaiting(failed);
        retryAtNs.put(failed, System.nanoTime() + BrokerReportAgent.UNSTORED_RETRY_NS);
        if (BrokerDelivery.Outcome.HELD == dispatch.outcome())
        {
            LOG.info("broker session {} is handling its ResetSeqNumFlag=Y logon: its reports wait from " +
                "core journal report {}, delivered in order after the reports sent again to it",
                failed, Long.toHexString(index));
        }
        else
        {
            storeFailed.add(failed);
            LOG.error("core journal report {} could not be persisted in broker session {}'s FIX " +
                "store (disk full?): not delivered; that session's reports wait from it, read again " +
                "every second until its store takes them, while the other sessions' reports go on",
                Long.toHexString(index), failed);
        }
    }

    private void inHand(final long index)
    {
        inHandIndex = index;
        dispatched = false;
        settled = false;
    }

    /**
     * Hands the report the reader is on to its broker session.
     */
    private BrokerDelivery.Outcome deliver(final JournalReader reader)
    {
        dispatched = true;
        return dispatch.deliver(reader.payload(), 0, reader.length(), BrokerReportAgent.JOURNALED_CORE_SESSION);
    }

    /**
     * Delivers the reports of the waiting sessions whose retry is due, each in order from its first one not delivered
     * up to the lead, read from the journal again; a session whose store takes every one of them waits no more.
     */
    private void deliverWaiting()
    {
        final List<SessionID> waiting = progress.waiting();
        final long now = System.nanoTime();
        for (int i = waiting.size() - 1; i >= 0 && delivered < DELIVERY_LIMIT; i--)
        {
            final SessionID session = waiting.get(i);
            if (now - retryAtNs.get(session) >= 0)
            {
                deliverWaiting(session);
            }
        }
    }

    private void deliverWaiting(final SessionID session)
    {
        final JournalReader reader = waitingReports.reader();
        final long after = progress.waitingAfter(session);
        if (!session.equals(waitingReportsSession) || after != waitingReportsIndex)
        {
            resumeAfter(reader, after, "the position of broker session " + session + "'s reports waiting " +
                "for its FIX store, " + BrokerReportProgress.hex(after) + ",");
            waitingReportsSession = session;
            waitingReportsIndex = after;
        }
        final long leadIndex = progress.lead();
        long lastCorrupt = NONE;
        for (int entries = 0; entries < DELIVERY_LIMIT * 8 && delivered < DELIVERY_LIMIT; entries++)
        {
            final int result = reader.next();
            waitingReports.readOn();
            if (JournalReader.END == result || reader.index() > leadIndex)
            {
                // The lead delivers what comes after it, this session's reports too from now on.
                waitingReportsSession = null;
                progress.caughtUp(session);
                retryAtNs.remove(session);
                LOG.info("broker session {}: every report that waited for its FIX store is delivered, up to core " +
                    "journal position {}", session, BrokerReportProgress.hex(leadIndex));
                return;
            }
            if (JournalReader.CORRUPT == result)
            {
                if (reader.index() == lastCorrupt && !reader.missingEntries())
                {
                    break; // said by the reading in order; tried again on the next duty cycle
                }
                lastCorrupt = reader.index();
                continue;
            }
            inHand(reader.index());
            final SessionID owner = JournalEntry.REPORT == reader.type() ?
                dispatch.owner(reader.payload(), 0, reader.length()) : null;
            if (null == owner && dispatch.ownerUnknown() && unroutedCounted.add(reader.index()))
            {
                // Its order's route went while its session waited (the lead left the report to it): said, not silent.
                dispatch.countUnroutable();
                LOG.warn("core journal report {} waited for its broker session's FIX store, but no route has its " +
                    "order any more: not delivered", Long.toHexString(reader.index()));
            }
            if (session.equals(owner))
            {
                if (BrokerDelivery.Outcome.TAKEN != deliver(reader))
                {
                    // Read again, from the report after the last one delivered, once the retry is due.
                    retryAtNs.put(session, System.nanoTime() + BrokerReportAgent.UNSTORED_RETRY_NS);
                    if (BrokerDelivery.Outcome.HELD != dispatch.outcome())
                    {
                        storeFailed.add(session);
                    }
                    waitingReportsSession = null;
                    progress.deliveredUpTo(session, waitingReportsIndex);
                    progress.savePosition();
                    settled = true;
                    return;
                }
                if (storeFailed.remove(session))
                {
                    LOG.info("broker session {}: its FIX store took core journal report {}, which waited",
                        session, Long.toHexString(reader.index()));
                }
                delivered++;
                progress.deliveredUpTo(session, reader.index());
            }
            waitingReportsIndex = reader.index();
            settled = true;
        }
        progress.deliveredUpTo(session, waitingReportsIndex);
        progress.savePosition();
    }

    /**
     * Drops the counted unroutable reports no waiting session reads again: all of them once none waits, else those at
     * or before every waiting session's last delivered report.
     */
    private void forgetUnroutedNoLongerRead()
    {
        final List<SessionID> waiting = progress.waiting();
        if (waiting.isEmpty())
        {
            unroutedCounted.clear();
            return;
        }
        long readFrom = Long.MAX_VALUE;
        for (int i = 0; i < waiting.size(); i++)
        {
            readFrom = Math.min(readFrom, progress.waitingAfter(waiting.get(i)));
        }
        final LongHashSet.LongIterator counted = unroutedCounted.iterator();
        while (counted.hasNext())
        {
            if (counted.nextValue() <= readFrom)
            {
                counted.remove();
            }
        }
    }
}
