package io.peregrine.gateway.broker;

import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.peregrine.core.CoreAgent;
import io.peregrine.core.journal.JournalEntry;
import io.peregrine.core.journal.JournalNotReadableException;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.gateway.GatewayCounters;
import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.SessionNotFound;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * Delivers the core's reports (stream 1002) to broker sessions: keeps the {@code ExecutionReport}s and
 * {@code CancelReject}s whose clientId is this gateway's, finds the session and the broker's ClOrdID/OrigClOrdID
 * in {@link OrderRoutes}, and sends the FIX ExecutionReport / OrderCancelReject.
 * <p>
 * A session that is logged out still gets the message: QuickFIX/J's {@code Session.send} persists it in the
 * session's FileStore under the next sequence number without sending it, and the broker's ResendRequest on its
 * next logon (it sees the sequence gap) brings it, once, marked PossDupFlag=Y.
 * <p>
 * <p>
 * <b>From the core journal.</b> When the core journals, the agent reads the reports from the journal instead of
 * the live stream, and saves the position of the last report it handed to QuickFIX/J
 * ({@link BrokerReportProgress}): a gateway that was down or slow resumes after it and delivers every later report, in
 * order. A crash between the
 * hand-over and the save delivers that report again on restart, with the same ExecID (at least once; brokers
 * de-duplicate on ExecID). Order ids of a journaled core never repeat, so they are kept across core restarts.
 * <p>
 * <b>A broker whose FIX store fails.</b> A report the broker session's FIX store could not persist (a full disk:
 * {@link BrokerDelivery} drops the session) was neither sent nor stored. That session's reports then wait, from that
 * one, while the agent reads on and delivers the other sessions' reports: one broker whose store is broken does not
 * hold the others' fills. Every {@link #UNSTORED_RETRY_NS} the agent reads the waiting session's reports again from
 * the journal (a second reader; nothing is kept in memory per waiting report), from the first not delivered, and
 * delivers them in order once the store takes them (sent, or stored and resent on the broker's next logon), once each,
 * up to where the agent's reading in order has come; the session's next reports are then delivered in order again.
 * How far each session got is saved per session ({@link BrokerReportProgress}), so a restart while a session waits
 * neither loses nor repeats its reports, nor repeats the other sessions'.
 * <p>
 * <b>A broker's reset logon.</b> While a broker's Logon with ResetSeqNumFlag=Y is handled, up to the end of the
 * resend of what it had not received, its deliveries are held ({@link ResetLogonHold}): reading the journal, its
 * reports wait as above (no store failure said) and follow the ones sent again, in order; reading the live stream,
 * the agent stops at the held report and reads it again on its next duty cycle, so every session's later reports wait
 * behind it for the length of that logon's handling (milliseconds; a hold lapses after
 * {@link ResetLogonHold#LIMIT_NS}).
 * <p>
 * <b>Work per duty cycle.</b> From the journal: at most {@value #FRAGMENT_LIMIT} deliveries. From the live stream
 * (no journal): at most {@link #liveFragmentLimit(int)} reports and, while the agent keeps up, at most {@code
 * cycleBudgetNs} of time: handing a report to QuickFIX/J allocates, takes locks and writes the FIX store, and on the
 * shared thread ({@code peregrine.threading=shared}) the core waits meanwhile. Once a cycle's budget is spent the
 * agent stops after the report in hand, unless it is behind: {@link #lagThreshold(int)} bytes or more of reports
 * already written after it. A budget that held then would let the core write more per cycle than the agent reads
 * (with sends of c us each, the agent reads about budget/c a cycle), the egress window would fill and the core, with
 * no journal, would drop live reports (its egress dropped, 7014). Behind, the agent reads on up to the count, which
 * is more than the core writes in a cycle. Either way the next cycle reads on from where it stopped: no report is
 * skipped.
 * <p>
 * Runs on its own agent thread; sends through QuickFIX/J (thread-safe, allocates: edge).
 */
public final class BrokerReportAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(BrokerReportAgent.class);
    private static final int FRAGMENT_LIMIT = 16;
    private static final int MAX_LAG_THRESHOLD = 64 * 1024;
    /** Only measures how far the reports written reach (nothing is read). */
    private static final ControlledFragmentHandler MEASURE =
        (buffer, offset, length, header) -> ControlledFragmentHandler.Action.CONTINUE;
    /**
     * Live reports read per duty cycle for each message the core takes in one: a message the core takes yields about
     * one report, a few (a fill's, a kill switch's cancels) more.
     */
    private static final int LIVE_REPORTS_PER_CORE_INPUT = 2;
    /** How long a report the FIX store could not persist waits before it is read and sent again. */
    static final long UNSTORED_RETRY_NS = 1_000_000_000L;
    private static final long NONE = -1;
    /** How long the agent waits after a read of the journal faulted before it reads again. */
    static final long FAULT_RETRY_NS = 1_000_000_000L;
    /** Aeron counter of the reports ignored because they contradict the order they name. */
    public static final CounterDescriptor INCONSISTENT_COUNTER = CounterDescriptor.counter(1328, CounterKey.NONE,
        "gateway broker: reports ignored, inconsistent with their order",
        "peregrine_broker_reports_inconsistent",
        "core reports ignored: they contradict the order they name");

    private final Subscription egress;
    private final int clientId;
    private final OrderRoutes routes;
    private final BrokerReports reports;
    private final MessageFrame frame = new MessageFrame();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final CancelRejectDecoder cancelReject = new CancelRejectDecoder();
    private final ControlledFragmentHandler handler = (buffer, offset, length, header) ->
    {
        this.unstored = null;
        this.held = false;
        onReport(buffer, offset, length, header.sessionId());
        if (this.held)
        {
            // Read again on the next duty cycle: the live stream keeps no report for later.
            return ControlledFragmentHandler.Action.ABORT;
        }
        if (budgetSpent())
        {
            stoppedByBudget = true;
            return ControlledFragmentHandler.Action.BREAK;
        }
        return ControlledFragmentHandler.Action.CONTINUE;
    };
    /** Reads on past the budget, while the agent is behind (a held report is read again as by {@link #handler}). */
    private final ControlledFragmentHandler behindHandler = (buffer, offset, length, header) ->
    {
        this.unstored = null;
        this.held = false;
        onReport(buffer, offset, length, header.sessionId());
        return this.held ? ControlledFragmentHandler.Action.ABORT : ControlledFragmentHandler.Action.CONTINUE;
    };
    private boolean stoppedByBudget;
    private final ControlledFragmentHandler unjournaledHandler = (buffer, offset, length, header) ->
    {
        this.unstored = null;
        this.held = false;
        if (onUnjournaled(buffer, offset, length))
        {
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        // A refusal is on the live stream only: one held by its session's reset logon is read again on the next duty
        // cycle, one its session's store could not take, or whose session's older reports wait, after the store's
        // retry pause (the live stream waits for it: the refusal must neither be lost nor overtake them).
        if (!this.held)
        {
            unjournaledRetryNs = System.nanoTime() + UNSTORED_RETRY_NS;
            unjournaledWaits = true;
        }
        return ControlledFragmentHandler.Action.ABORT;
    };
    /** Whether the live stream waits for {@link #unjournaledRetryNs} to read a refusal again. */
    private boolean unjournaledWaits;
    private long unjournaledRetryNs;
    private final NanoClock clock;
    private final long cycleBudgetNs;
    private long cycleDeadlineNs;
    private final JournalReader journal;
    private final JournalReader waitingReports;
    private final int liveFragmentLimit;
    private final BrokerReportProgress progress;
    private final AtomicCounter delivered;
    private long lastUnreadableIndex = -1;
    private SessionID unstored;
    /** Whether {@link #unstored}'s report was held by its reset logon ({@link ResetLogonHold}), not refused by its store. */
    private boolean held;
    /** The session {@link #waitingReports} is positioned for, after {@link #waitingReportsIndex}, or null. */
    private SessionID waitingReportsSession;
    private long waitingReportsIndex = NONE;
    /** When each waiting session's reports are read again. */
    private final Map<SessionID, Long> retryAtNs = new HashMap<>();
    /** The waiting sessions whose store failed at the last attempt (said when it takes a report again). */
    private final Set<SessionID> storeFailed = new HashSet<>();
    /**
     * Whether the report {@link #owner} looked at last is this gateway's, for a clOrdId no route has (not another
     * client's, nor the claim's answer): one the broker never gets, counted unroutable.
     */
    private boolean ownerUnknown;
    /**
     * The journal indexes of such reports already counted (by the lead, or by the reading of a waiting session's
     * reports), while a session waits: each is counted and said once, though every waiting session reads past it.
     */
    private final LongHashSet unroutedCounted = new LongHashSet();
    private boolean journalFaulted;
    private long faultRetryNs;
    private final AtomicCounter unroutable;
    private final AtomicCounter inconsistent;

    /**
     * Reads the reports from the core journal, resuming after the saved position, or from the live stream.
     *
     * @param egress       subscription to stream 1002 (unused while reading the journal; closed by the owner).
     * @param clientId     this gateway's clientId.
     * @param routes       ClOrdID mappings.
     * @param reports      FIX report builder.
     * @param journal      reader of the core journal, or null to read the live stream.
     * @param waitingReports a second reader of the core journal, for the reports of sessions whose FIX store failed
     *                     (with a journal).
     * @param progress     where the reports delivered are saved, per session (with a journal).
     * @param inconsistent counts the reports ignored by {@link ReportConsistency} (an Aeron counter of type
     *                     {@link #INCONSISTENT_COUNTER}).
     * @param delivered    counts reports delivered to broker sessions (an Aeron counter of type
     *                     {@link GatewayCounters#BROKER_REPORTS_DELIVERED}).
     * @param unroutable   counts reports that could not be delivered ({@link
     *                     GatewayCounters#BROKER_REPORTS_UNROUTABLE}).
     * @param coreFragmentLimit the core's ingress messages per duty cycle ({@code peregrine.fragment.limit}): the
     *                     live stream is read {@link #liveFragmentLimit(int)} reports a duty cycle, more than the core
     *                     writes in one.
     * @param cycleBudgetNs how long one duty cycle may work ({@code peregrine.gateway.broker.reports.cycle.budget.us}):
     *                     it stops after the report during which the budget ran out, unless the agent is behind the
     *                     core (see the class comment).
     * @param clock        measures the budget ({@code SystemNanoClock.INSTANCE}; a test's own clock).
     */
    public BrokerReportAgent(
        final Subscription egress,
        final int clientId,
        final OrderRoutes routes,
        final BrokerReports reports,
        final JournalReader journal,
        final JournalReader waitingReports,
        final BrokerReportProgress progress,
        final AtomicCounter inconsistent,
        final AtomicCounter delivered,
        final AtomicCounter unroutable,
        final int coreFragmentLimit,
        final long cycleBudgetNs,
        final NanoClock clock)
    {
        this.liveFragmentLimit = liveFragmentLimit(coreFragmentLimit);
        this.cycleBudgetNs = cycleBudgetNs;
        this.clock = clock;
        this.inconsistent = inconsistent;
        this.delivered = delivered;
        this.unroutable = unroutable;
        this.egress = egress;
        this.clientId = clientId;
        this.routes = routes;
        this.reports = reports;
        this.journal = journal;
        this.waitingReports = waitingReports;
        this.progress = progress;
        if (null != journal)
        {
            final long saved = progress.lead();
            if (ReportPosition.NONE == saved)
            {
                LOG.info("broker reports: no saved position, reading the core journal from its start");
            }
            else
            {
                resumeAfter(journal, saved, "the saved broker report position " + Long.toHexString(saved));
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
            routes.coreSession(JOURNALED_CORE_SESSION);
            journal.handOver(); // positioned here, polled on the agent thread
            waitingReports.handOver();
        }
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
     * On the shared thread ({@code peregrine.threading=shared}) the core cannot write while this agent reads: a reader
     * that takes fewer reports a duty cycle than the core writes falls behind under a flood until the egress window
     * fills and the core drops live reports (counted in the core's egress dropped, 7014). So this agent takes up to
     * twice what the core can take in a duty cycle (its ingress limit and {@link
     * CoreAgent#VENUE_FRAGMENTS_PER_INGRESS_FRAGMENT} times that from the venues), 320 at the default limit of 32.
     *
     * @param coreFragmentLimit the core's ingress messages per duty cycle.
     * @return live reports read per duty cycle.
     */
    public static int liveFragmentLimit(final int coreFragmentLimit)
    {
        return LIVE_REPORTS_PER_CORE_INPUT * coreFragmentLimit * (1 + CoreAgent.VENUE_FRAGMENTS_PER_INGRESS_FRAGMENT);
    }

    /** The core session recorded for order ids of a journaled core: they stay valid across core restarts. */
    static final int JOURNALED_CORE_SESSION = 0;

    public String roleName()
    {
        return "peregrine-broker-reports";
    }

    public int doWork()
    {
        cycleDeadlineNs = clock.nanoTime() + cycleBudgetNs;
        if (null != journal)
        {
            // The live stream is only skimmed here (its reports are delivered from the journal; a send is rare: a
            // refusal the core could not journal), and read by count alone: a time bound after the journal's
            // deliveries would let it fall behind the core, which would then count live reports dropped (7014).
            final int delivered = pollJournalUnlessFaulted();
            if (unjournaledWaits && System.nanoTime() - unjournaledRetryNs < 0)
            {
                return delivered;
            }
            unjournaledWaits = false;
            return delivered + egress.controlledPoll(unjournaledHandler, liveFragmentLimit);
        }
        final int images = egress.imageCount();
        if (images > 0)
        {
            // The newest image is the current core run (the core's egress publication is exclusive).
            final int session = egress.imageAtIndex(images - 1).sessionId();
            if (session != routes.coreSession())
            {
                routes.coreSession(session);
            }
        }
        stoppedByBudget = false;
        final int read = egress.controlledPoll(handler, liveFragmentLimit);
        if (stoppedByBudget && read < liveFragmentLimit && images > 0 && behind(egress.imageAtIndex(images - 1)))
        {
            // Holding to the budget now would let the core's egress window fill: read on up to the count.
            return read + egress.controlledPoll(behindHandler, liveFragmentLimit - read);
        }
        return read;
    }

    /**
     * @param termLength the egress image's term length.
     * @return the bytes of reports written after the agent's position from which it is behind: an eighth of the term
     *         (a quarter of Aeron's default IPC window, half a term, whose filling makes the core drop), at most
     *         {@value #MAX_LAG_THRESHOLD} (a few hundred reports; what is measured is scanned once a cycle).
     */
    static int lagThreshold(final int termLength)
    {
        return Math.min(termLength / 8, MAX_LAG_THRESHOLD);
    }

    /**
     * Whether {@link #lagThreshold(int)} bytes or more of reports are written after the image's position; measured
     * by peeking at the frames (nothing is read, nothing allocated), into the next term when this one is complete.
     */
    private static boolean behind(final Image image)
    {
        final long position = image.position();
        final long limit = position + lagThreshold(image.termBufferLength());
        long reached = image.controlledPeek(position, MEASURE, limit);
        final int termMask = image.termBufferLength() - 1;
        if (reached > position && reached < limit && 0 == (reached & termMask))
        {
            reached = image.controlledPeek(reached, MEASURE, limit); // a peek stays in one term
        }
        return reached >= limit;
    }

    /**
     * @return whether this duty cycle has used its time budget: the report in hand is the last of the cycle.
     */
    private boolean budgetSpent()
    {
        return clock.nanoTime() - cycleDeadlineNs >= 0;
    }

    /**
     * @return reports ignored because they did not match the state of the order they named
     * ({@link ReportConsistency}).
     */
    public long inconsistent()
    {
        return inconsistent.get();
    }

    /**
     * Reads the journal, unless a read faulted less than {@link #FAULT_RETRY_NS} ago: a fault in the journal's memory
     * map (a full tmpfs) is passing, so the reports wait, said once per episode, and the reader (which repositions
     * itself after the last entry it returned) tries again; never a dead thread.
     */
    private int pollJournalUnlessFaulted()
    {
        if (journalFaulted && System.nanoTime() - faultRetryNs < 0)
        {
            return 0;
        }
        try
        {
            final int delivered = pollJournal();
            if (journalFaulted)
            {
                journalFaulted = false;
                LOG.info("core journal readable again: reports delivered on");
            }
            return delivered;
        }
        catch (final JournalNotReadableException | InternalError ex)
        {
            // An InternalError is the fault's, delivered by the JVM after the read returned: the reader reads the
            // entry it returned last again.
            final JournalNotReadableException fault =
                ex instanceof InternalError ? journal.faulted((InternalError)ex) : (JournalNotReadableException)ex;
            if (!journalFaulted)
            {
                LOG.error("{}; the reports wait (none lost), the journal is read again every second",
                    fault.getMessage());
            }
            journalFaulted = true;
            faultRetryNs = System.nanoTime() + FAULT_RETRY_NS;
            return 0;
        }
    }

    private int pollJournal()
    {
        int delivered = progress.waiting().isEmpty() ? 0 : deliverWaiting();
        if (!unroutedCounted.isEmpty())
        {
            forgetUnroutedNoLongerRead();
        }
        for (int entries = 0; entries < FRAGMENT_LIMIT * 8 && delivered < FRAGMENT_LIMIT; entries++)
        {
            final int result = journal.next();
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
                // Whose report it is matters only while a session waits.
                final boolean anyWaiting = !progress.waiting().isEmpty();
                final SessionID owner = anyWaiting ? owner(journal.payload(), 0, journal.length()) : null;
                if (anyWaiting && null == owner && ownerUnknown)
                {
                    unroutedCounted.add(index); // counted by its delivery now: not again where a waiting session reads
                }
                if (null == owner || !progress.isWaiting(owner))
                {
                    final SessionID failed = deliver(journal);
                    if (null != failed)
                    {
                        // Saved before the lead passes this report: its session's reports wait from here.
                        progress.startWaiting(failed);
                        retryAtNs.put(failed, System.nanoTime() + UNSTORED_RETRY_NS);
                        if (held)
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
                    else
                    {
                        delivered++;
                    }
                }
                progress.read(index); // a waiting session's report is left to deliverWaiting
            }
        }
        return delivered;
    }

    /**
     * Hands the report the reader is on to its broker session.
     *
     * @return null, or the session whose FIX store could not persist it, or whose reset logon held it ({@link #held}):
     * nothing was sent, it is still owed.
     */
    private SessionID deliver(final JournalReader reader)
    {
        unstored = null;
        held = false;
        onReport(reader.payload(), 0, reader.length(), JOURNALED_CORE_SESSION);
        return unstored;
    }

    /**
     * Delivers the reports of the waiting sessions whose retry is due, each in order from its first one not delivered
     * up to the lead, read from the journal again; a session whose store takes every one of them waits no more.
     *
     * @return reports delivered.
     */
    private int deliverWaiting()
    {
        final List<SessionID> waiting = progress.waiting();
        final long now = System.nanoTime();
        int delivered = 0;
        for (int i = waiting.size() - 1; i >= 0 && delivered < FRAGMENT_LIMIT; i--)
        {
            final SessionID session = waiting.get(i);
            if (now - retryAtNs.get(session) >= 0)
            {
                delivered += deliverWaiting(session, FRAGMENT_LIMIT - delivered);
            }
        }
        return delivered;
    }

    private int deliverWaiting(final SessionID session, final int limit)
    {
        final long after = progress.waitingAfter(session);
        if (!session.equals(waitingReportsSession) || after != waitingReportsIndex)
        {
            resumeAfter(waitingReports, after, "the position of broker session " + session + "'s reports waiting " +
                "for its FIX store, " + BrokerReportProgress.hex(after) + ",");
            waitingReportsSession = session;
            waitingReportsIndex = after;
        }
        final long lead = progress.lead();
        int delivered = 0;
        long lastCorrupt = NONE;
        for (int entries = 0; entries < FRAGMENT_LIMIT * 8 && delivered < limit; entries++)
        {
            final int result = waitingReports.next();
            if (JournalReader.END == result || waitingReports.index() > lead)
            {
                // The lead delivers what comes after it, this session's reports too from now on.
                waitingReportsSession = null;
                progress.caughtUp(session);
                retryAtNs.remove(session);
                LOG.info("broker session {}: every report that waited for its FIX store is delivered, up to core " +
                    "journal position {}", session, BrokerReportProgress.hex(lead));
                return delivered;
            }
            if (JournalReader.CORRUPT == result)
            {
                if (waitingReports.index() == lastCorrupt && !waitingReports.missingEntries())
                {
                    break; // said by the reading in order; tried again on the next duty cycle
                }
                lastCorrupt = waitingReports.index();
                continue;
            }
            final SessionID owner = JournalEntry.REPORT == waitingReports.type() ?
                owner(waitingReports.payload(), 0, waitingReports.length()) : null;
            if (null == owner && ownerUnknown && unroutedCounted.add(waitingReports.index()))
            {
                // Its order's route went while its session waited (the lead left the report to it): said, not silent.
                unroutable.incrementRelease();
                LOG.warn("core journal report {} waited for its broker session's FIX store, but no route has its " +
                    "order any more: not delivered", Long.toHexString(waitingReports.index()));
            }
            if (session.equals(owner))
            {
                if (null != deliver(waitingReports))
                {
                    // Read again, from the report after the last one delivered, once the retry is due.
                    retryAtNs.put(session, System.nanoTime() + UNSTORED_RETRY_NS);
                    if (!held)
                    {
                        storeFailed.add(session);
                    }
                    waitingReportsSession = null;
                    progress.deliveredUpTo(session, waitingReportsIndex);
                    progress.savePosition();
                    return delivered;
                }
                if (storeFailed.remove(session))
                {
                    LOG.info("broker session {}: its FIX store took core journal report {}, which waited",
                        session, Long.toHexString(waitingReports.index()));
                }
                delivered++;
                progress.deliveredUpTo(session, waitingReports.index());
            }
            waitingReportsIndex = waitingReports.index();
        }
        progress.deliveredUpTo(session, waitingReportsIndex);
        progress.savePosition();
        return delivered;
    }

    /**
     * @return the broker session the report in {@code buffer} is for, as {@link #onReport} routes it, changing
     * nothing; null for a report no session gets (another client's, the claim's answer, an unknown clOrdId).
     */
    private SessionID owner(final DirectBuffer buffer, final int offset, final int length)
    {
        ownerUnknown = false;
        final long clOrdId;
        boolean statusAnswer = false;
        try
        {
            switch (frame.wrapIfPeregrine(buffer, offset, length))
            {
                case ExecutionReportDecoder.TEMPLATE_ID:
                    frame.body(executionReport);
                    if (executionReport.clientId() != clientId || ClientIdClaim.isAnswer(executionReport))
                    {
                        return null;
                    }
                    clOrdId = executionReport.clOrdId();
                    statusAnswer = executionReport.execType() == ExecType.ORDER_STATUS;
                    break;
                case CancelRejectDecoder.TEMPLATE_ID:
                    frame.body(cancelReject);
                    if (cancelReject.clientId() != clientId)
                    {
                        return null;
                    }
                    clOrdId = cancelReject.clOrdId();
                    break;
                default:
                    return null;
            }
        }
        catch (final RuntimeException ex)
        {
            return null; // onReport says it
        }
        OrderRoutes.Route route = routes.route(clOrdId);
        if (null == route && statusAnswer)
        {
            route = routes.statusAskedRoute(clOrdId);
        }
        ownerUnknown = null == route;
        return null == route ? null : route.order().sessionId();
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

    /**
     * A report on the live stream while the reports are read from the journal: delivered only if it is one the
     * journal never holds, the core's refusal of a request it could not journal (JOURNAL_UNAVAILABLE: the core
     * publishes it on the live stream only), else skipped (the journal delivers it). Polling the stream also keeps the
     * core's egress publication from waiting on this subscription.
     */
    private boolean onUnjournaled(final DirectBuffer buffer, final int offset, final int length)
    {
        if (frame.wrapIfPeregrine(buffer, offset, length) == ExecutionReportDecoder.TEMPLATE_ID &&
            frame.body(executionReport).rejectReason() == RejectReason.JOURNAL_UNAVAILABLE)
        {
            if (!progress.waiting().isEmpty())
            {
                final SessionID owner = owner(buffer, offset, length);
                if (null != owner && progress.isWaiting(owner))
                {
                    return false;
                }
            }
            onReport(buffer, offset, length, JOURNALED_CORE_SESSION);
            return null == unstored;
        }
        return true;
    }

    private void onReport(final DirectBuffer buffer, final int offset, final int length, final int coreSession)
    {
        final int templateId = frame.wrapIfPeregrine(buffer, offset, length);
        try
        {
            switch (templateId)
            {
                case ExecutionReportDecoder.TEMPLATE_ID:
                    frame.body(executionReport);
                    if (executionReport.clientId() == clientId)
                    {
                        onExecutionReport(executionReport, coreSession);
                    }
                    break;
                case CancelRejectDecoder.TEMPLATE_ID:
                    frame.body(cancelReject);
                    if (cancelReject.clientId() == clientId)
                    {
                        onCancelReject(cancelReject, coreSession);
                    }
                    break;
                default:
                    break;
            }
        }
        catch (final RuntimeException ex)
        {
            // One report the gateway cannot translate must not stop the others.
            unroutable.incrementRelease();
            LOG.error("cannot deliver core report template {}", templateId, ex);
        }
    }

    private void onExecutionReport(final ExecutionReportDecoder report, final int coreSession)
    {
        if (ClientIdClaim.isAnswer(report))
        {
            return; // the answer to the gateway's claim of its client id at a start: no broker asked
        }
        // A status answer ends its request once it is sent (one held or unstored is read again and must still find
        // its route); the request's route answers it if the order was retired meanwhile.
        final boolean statusAnswer = report.execType() == ExecType.ORDER_STATUS;
        final OrderRoutes.Route asked = statusAnswer && null == routes.route(report.clOrdId()) ?
            routes.statusAskedRoute(report.clOrdId()) : null;
        final OrderRoutes.Route route = null != asked ? asked :
            routeOf("execution report", report.clOrdId(), report.orderId(), report.execType() == ExecType.REJECTED &&
            report.rejectReason() == RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        if (null == route)
        {
            endStatusRequest(statusAnswer, report.clOrdId());
            return;
        }
        final OrderRoutes.Order order = route.order();
        final String inconsistency = ReportConsistency.check(report, route, coreSession);
        if (null != inconsistency)
        {
            endStatusRequest(statusAnswer, report.clOrdId());
            inconsistent.increment();
            LOG.warn("ignored execution report {} for clOrdId {} of {}: {}", report.execType(), report.clOrdId(),
                order.sessionId(), inconsistency);
            return;
        }
        if (route.kind() == OrderRoutes.Kind.REPLACE && route.clOrdId() == report.clOrdId() &&
            report.execType() != ExecType.REJECTED)
        {
            // The core reports an order under its current clOrdId: one of a replace's means the replace took effect,
            // also when its REPLACED report never reached this gateway (published while it was down, reading the live
            // stream): cancels and replaces then name the order by it again.
            routes.onReplaced(order, route.clOrdId());
        }
        if (statusAnswer)
        {
            endStatusRequest(onOrderStatus(report, route), report.clOrdId());
            return;
        }
        if (route.kind() != OrderRoutes.Kind.NEW && report.execType() == ExecType.REJECTED)
        {
            // The core refuses a cancel or replace it could not journal (JOURNAL_UNAVAILABLE) with a plain rejected
            // ExecutionReport naming the request: the broker is owed the answer to a cancel or replace, an
            // OrderCancelReject, and the order is unchanged.
            sendCancelReject(route, report.origClOrdId(), OrdStatus.NULL_VAL,
                route.kind() == OrderRoutes.Kind.REPLACE, report.rejectReason(), report.text());
            return;
        }
        routes.onOrderId(order, report.orderId(), coreSession);
        final OrderRoutes.Route orig = 0 == report.origClOrdId() ? null : routes.route(report.origClOrdId());

        final Side side = report.side();
        final boolean sideKnown = side == Side.BUY || side == Side.SELL;
        final Message fix = reports.fromCore(report, route.brokerClOrdId(), null == orig ? null : orig.brokerClOrdId());
        // A refusal of a request the core could not read carries no symbol or side: the order's own are the truth.
        if (!fix.isSetField(quickfix.field.Symbol.FIELD) && null != order.symbol())
        {
            fix.setString(quickfix.field.Symbol.FIELD, order.symbol());
        }
        if (!sideKnown)
        {
            fix.setChar(quickfix.field.Side.FIELD, order.side());
        }
        final OrdStatus ordStatus = report.ordStatus();
        // Set before the send (a cancel reject another thread builds meanwhile names the status the broker is being
        // told), put back if the send did not take: the report is read again and checked against the status the
        // broker last got (ReportConsistency refuses a new order's reject once the order is no longer pending).
        final char previous = order.lastOrdStatus();
        order.lastOrdStatus(FixOrderEnums.fixOrdStatus(ordStatus));
        if (!send(fix, route.order().sessionId()))
        {
            order.lastOrdStatus(previous);
            return;
        }
        // Marked done only once the final report is in the session's FIX store (sendToTarget persists before it
        // returns): a crash in between, or a store that could not take it, must not leave a "done" order whose owner
        // never got its final report.
        if (FixOrderEnums.isTerminal(ordStatus))
        {
            routes.onDone(order);
        }
    }

    /**
     * Ends the status request a status answer answers, when {@code ended}: not for an answer its session's store could
     * not take or its reset logon held, which is read again and must find the request's route again.
     */
    private void endStatusRequest(final boolean ended, final long clOrdId)
    {
        if (ended)
        {
            routes.onStatusAnswered(clOrdId);
        }
    }

    /**
     * The core's answer to an OrderStatusRequest: to the broker as ExecutionReport ExecType I under the order's
     * current ClOrdID, changing nothing in the routes (no status recorded, nothing done or retired). When the core
     * answers without the order's state, the broker gets the last status the gateway reported, with why: the core no
     * longer holds the order (UNKNOWN_ORDER: its slot reused since it was done, or its request never reached the
     * core), or the core refused the request (e.g. JOURNAL_UNAVAILABLE).
     *
     * @return whether the answer was sent (false: held or unstored, read again).
     */
    private boolean onOrderStatus(final ExecutionReportDecoder report, final OrderRoutes.Route route)
    {
        final OrderRoutes.Order order = route.order();
        final RejectReason reason = report.rejectReason();
        if (report.ordStatus() == OrdStatus.REJECTED && reason != RejectReason.NONE)
        {
            return send(reports.orderStatus(route, reason == RejectReason.UNKNOWN_ORDER ?
                BrokerReports.STATUS_NOT_HELD : BrokerReports.statusRefused(reason, report.text())), order.sessionId());
        }
        return send(reports.fromCore(report, route.brokerClOrdId(), null), order.sessionId());
    }

    private void onCancelReject(final CancelRejectDecoder reject, final int coreSession)
    {
        final OrderRoutes.Route route = routeOf("cancel reject", reject.clOrdId(), reject.orderId(),
            reject.rejectReason() == RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        if (null == route)
        {
            return;
        }
        routes.onOrderId(route.order(), reject.orderId(), coreSession);
        sendCancelReject(route, reject.origClOrdId(), reject.ordStatus(),
            reject.responseTo() == CancelRejectResponseTo.REPLACE, reject.rejectReason(), reject.text());
    }

    /**
     * The OrderCancelReject answering the cancel or replace of {@code route}.
     *
     * @param origClOrdId the gateway clOrdId the core says the request named, or 0.
     * @param ordStatus   the order's status as the core gives it, or NULL_VAL for the last the gateway reported.
     */
    private void sendCancelReject(
        final OrderRoutes.Route route, final long origClOrdId, final OrdStatus ordStatus, final boolean replace,
        final RejectReason reason, final String coreText)
    {
        final OrderRoutes.Order order = route.order();
        final OrderRoutes.Route orig = 0 == origClOrdId ? null : routes.route(origClOrdId);
        final OrderRoutes.Route current = null != orig ? orig : routes.route(order.currentClOrdId());
        // No route for either once the order was retired (OrderRoutes' retention): the request's own ClOrdID then.
        final String brokerOrigClOrdId = null != current ? current.brokerClOrdId() : route.brokerClOrdId();
        final char fixOrdStatus = ordStatus == OrdStatus.NULL_VAL ? order.lastOrdStatus() :
            FixOrderEnums.fixOrdStatus(ordStatus);
        send(BrokerReports.cancelReject(order.orderId(), route.brokerClOrdId(), brokerOrigClOrdId, fixOrdStatus,
            replace, FixRejectReasons.cxlRejReason(reason), FixRejectReasons.withDetail(reason, coreText)),
            order.sessionId());
    }

    /**
     * @return the route of a report's clOrdId, or null (counted and logged) when no route has it, or when it is the
     * core's duplicate refusal of a request offered again after a restart that the core had after all (the first copy
     * is being served: not the broker's business).
     */
    private OrderRoutes.Route routeOf(
        final String what, final long clOrdId, final long orderId, final boolean duplicateRefusal)
    {
        final OrderRoutes.Route route = routes.route(clOrdId);
        if (null == route)
        {
            unroutable.incrementRelease();
            LOG.warn("{} for unknown clOrdId {} (orderId {})", what, clOrdId, orderId);
            return null;
        }
        if (route.wasReoffered() && duplicateRefusal)
        {
            LOG.info("core already had clOrdId {} offered again after a restart: its duplicate refusal ignored",
                clOrdId);
            return null;
        }
        return route;
    }

    /**
     * @return false when the session's FIX store could not persist the message, or its reset logon held it (the
     * session recorded in {@code unstored}, {@code held} set for the latter); true when QuickFIX/J took it, or the
     * session does not exist (counted unroutable: reading it again would not help).
     */
    private boolean send(final Message message, final SessionID sessionId)
    {
        try
        {
            // Disconnects a logged-on session whose store failed.
            final BrokerDelivery.Outcome outcome = BrokerDelivery.deliver(message, sessionId);
            if (outcome != BrokerDelivery.Outcome.TAKEN)
            {
                unstored = sessionId;
                held = outcome == BrokerDelivery.Outcome.HELD;
                return false;
            }
            delivered.incrementRelease();
        }
        catch (final SessionNotFound ex)
        {
            unroutable.incrementRelease();
            LOG.error("broker session {} not found", sessionId);
        }
        return true;
    }
}
