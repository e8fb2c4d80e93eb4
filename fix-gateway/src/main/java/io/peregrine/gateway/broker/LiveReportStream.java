package io.peregrine.gateway.broker;

import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.SessionID;

/**
 * Reads the core's live report stream (1002) for the broker report agent and hands each report to
 * {@link BrokerReportDispatch}. The stream keeps nothing for later: a report its session cannot take now is read again
 * from the stream (Aeron's ABORT) instead of being skipped.
 * <p>
 * <b>Without a core journal</b> ({@link #poll()}) every report is read here, at most the count bound a duty cycle and,
 * while the agent keeps up, at most {@code cycleBudgetNs} of time: handing a report to QuickFIX/J allocates, takes
 * locks and writes the FIX store, and on the shared thread ({@code peregrine.threading=shared}) the core waits
 * meanwhile. Once a cycle's budget is spent the reading stops after the report in hand, unless it is behind:
 * {@link #lagThreshold(int)} bytes or more of reports already written after it. A budget that held then would let the
 * core write more per cycle than is read (with sends of c us each, about budget/c a cycle), the egress window would
 * fill and the core, with no journal, would drop live reports (its egress dropped, 7014). Behind, it reads on up to
 * the count, which is more than the core writes in a cycle. Either way the next cycle reads on from where it stopped:
 * no report is skipped. A report held by its session's reset logon ({@link ResetLogonHold}) stops the reading there,
 * read again on the next duty cycle (every session's later reports wait behind it for the length of that logon's
 * handling, milliseconds).
 * <p>
 * <b>With a core journal</b> ({@link #pollRefusals()}) the journal delivers the reports and the stream is only
 * skimmed, by count alone (a time bound would let it fall behind the core, which would then count live reports
 * dropped, 7014), for the reports the journal never holds: the core's refusals of requests it could not journal
 * (JOURNAL_UNAVAILABLE). Skimming also keeps the core's egress publication from waiting on this subscription. A
 * refusal its session cannot take, or whose session's older reports wait for its store, stops the skim there: read
 * again on the next duty cycle if held by a reset logon, else after {@link BrokerReportAgent#UNSTORED_RETRY_NS} (it
 * must neither be lost nor overtake them).
 * <p>
 * <b>A fault of a mapped file</b> (a full tmpfs, a file cut short: SIGBUS, which the JVM raises as an InternalError,
 * possibly later than the access) while a report is delivered, without a core journal, is what it is on the journal's
 * path ({@link JournalCursor}): one ERROR per episode, counted ({@link #countFaultsIn}), the stream not read for
 * {@link JournalCursor#FAULT_RETRY_NS}, and the agent lives on. The report in hand is read again then unless it was
 * handed to QuickFIX/J (stored: reading it again would send it twice under one ExecID). A fault the JVM raises outside
 * a delivery (in the stream's own log buffer, under the Aeron directory) may have passed the report being read: the
 * ERROR says so.
 * <p>
 * Broker report agent's thread only. Allocates nothing per report it skips.
 */
final class LiveReportStream
{
    private static final Logger LOG = LoggerFactory.getLogger(LiveReportStream.class);
    private static final int MAX_LAG_THRESHOLD = 64 * 1024;
    /** Only measures how far the reports written reach (nothing is read). */
    private static final ControlledFragmentHandler MEASURE =
        (buffer, offset, length, header) -> ControlledFragmentHandler.Action.CONTINUE;

    private final Subscription egress;
    private final OrderRoutes routes;
    private final BrokerReportDispatch dispatch;
    private final BrokerReportProgress progress;
    private final int fragmentLimit;
    private final NanoClock clock;
    private final long cycleBudgetNs;
    private long cycleDeadlineNs;
    private boolean stoppedByBudget;
    /** Whether the skim waits for {@link #refusalRetryNs} to read a refusal again. */
    private boolean refusalWaits;
    private long refusalRetryNs;
    private BrokerDelivery.Outcome outcome;
    /** Counts faults (an Aeron counter of the gateway's), or null until {@link #countFaultsIn}. */
    private AtomicCounter faults;
    /** Whether a fault paused the stream (said once per episode), and until when. */
    private boolean faulted;
    private long retryAtNs;
    /** A fault met delivering the report in hand, and whether that report was handed over; null: none. */
    private InternalError deliveryFault;
    private boolean faultHandedOver;

    private final ControlledFragmentHandler handler = (buffer, offset, length, header) ->
    {
        if (deliverHeld(buffer, offset, length, header.sessionId()))
        {
            return afterHeldOrFaulted(); // read again on the next duty cycle, unless handed over before a fault
        }
        if (budgetSpent())
        {
            stoppedByBudget = true;
            return ControlledFragmentHandler.Action.BREAK;
        }
        return ControlledFragmentHandler.Action.CONTINUE;
    };
    /** Reads on past the budget, while behind (a held report is read again as by {@link #handler}). */
    private final ControlledFragmentHandler behindHandler = (buffer, offset, length, header) ->
        deliverHeld(buffer, offset, length, header.sessionId()) ?
        afterHeldOrFaulted() : ControlledFragmentHandler.Action.CONTINUE;
    private final ControlledFragmentHandler refusalHandler = (buffer, offset, length, header) ->
    {
        final boolean readOn = onRefusal(buffer, offset, length);
        if (null != deliveryFault)
        {
            return afterHeldOrFaulted();
        }
        if (readOn)
        {
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        if (BrokerDelivery.Outcome.HELD != outcome)
        {
            refusalRetryNs = System.nanoTime() + BrokerReportAgent.UNSTORED_RETRY_NS;
            refusalWaits = true;
        }
        return ControlledFragmentHandler.Action.ABORT;
    };

    /**
     * @param egress        subscription to stream 1002 (closed by the owner).
     * @param routes        ClOrdID mappings: told the core run whose order ids the live reports carry.
     * @param dispatch      hands a report to its session.
     * @param progress      the journal's delivery progress (which sessions wait), or null without a journal.
     * @param fragmentLimit reports read per duty cycle at most.
     * @param cycleBudgetNs how long one duty cycle may work without a journal, while not behind.
     * @param clock         measures the budget.
     */
    LiveReportStream(
        final Subscription egress,
        final OrderRoutes routes,
        final BrokerReportDispatch dispatch,
        final BrokerReportProgress progress,
        final int fragmentLimit,
        final long cycleBudgetNs,
        final NanoClock clock)
    {
        this.egress = egress;
        this.routes = routes;
        this.dispatch = dispatch;
        this.progress = progress;
        this.fragmentLimit = fragmentLimit;
        this.cycleBudgetNs = cycleBudgetNs;
        this.clock = clock;
    }

    /**
     * Counts the faults met on the live stream from now on ({@link #poll()}).
     *
     * @param counter the gateway's counter of broker report read faults.
     */
    void countFaultsIn(final AtomicCounter counter)
    {
        faults = counter;
    }

    /**
     * One duty cycle without a core journal: delivers the live reports, within the budget unless behind; nothing
     * while a fault pauses the stream.
     *
     * @return reports read.
     */
    int poll()
    {
        return unlessFaulted(false);
    }

    /**
     * Polls the stream ({@link #pollLive()}, or the skim for refusals) unless a fault pauses it, and handles a fault
     * met doing so (also one raised after a delivery, at any point of the thread: it cannot be told apart).
     */
    private int unlessFaulted(final boolean refusals)
    {
        if (faulted && System.nanoTime() - retryAtNs < 0)
        {
            return 0;
        }
        deliveryFault = null;
        final int read;
        try
        {
            read = refusals ? egress.controlledPoll(refusalHandler, fragmentLimit) : pollLive();
        }
        catch (final InternalError ex)
        {
            // Raised outside a delivery (or late, after the report's): the fragments Aeron counted as read stay read.
            onFault(ex, "the report being read when it was raised may not have reached its broker (an " +
                "OrderStatusRequest, 35=H, answers the order's state)");
            return 0;
        }
        if (null != deliveryFault)
        {
            onFault(deliveryFault, faultHandedOver ? "the report in hand was handed to QuickFIX/J (stored): it is " +
                "not read again" : "the report in hand was not handed to QuickFIX/J: it is read again");
            return read;
        }
        if (faulted)
        {
            faulted = false;
            LOG.info("live report stream readable again: reports are delivered on");
        }
        return read;
    }

    private void onFault(final InternalError ex, final String inHand)
    {
        if (null != faults)
        {
            faults.incrementRelease();
        }
        if (!faulted)
        {
            LOG.error("a memory-mapped file faulted ({}) while the core's live reports were delivered: a full file " +
                "system (tmpfs) or a file cut short, under the Aeron directory or the gateway data directory (its " +
                "retired ClOrdIDs are mapped files): free space there. The reports wait and are read again every " +
                "second; {}", ex.getMessage(), inHand);
        }
        faulted = true;
        retryAtNs = System.nanoTime() + JournalCursor.FAULT_RETRY_NS;
    }

    private int pollLive()
    {
        cycleDeadlineNs = clock.nanoTime() + cycleBudgetNs;
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
        final int read = egress.controlledPoll(handler, fragmentLimit);
        if (stoppedByBudget && read < fragmentLimit && images > 0 && behind(egress.imageAtIndex(images - 1)))
        {
            // Holding to the budget now would let the core's egress window fill: read on up to the count.
            return read + egress.controlledPoll(behindHandler, fragmentLimit - read);
        }
        return read;
    }

    /**
     * One duty cycle's skim with a core journal: delivers the live-only refusals, unless one waits for its retry.
     *
     * @return reports read.
     */
    int pollRefusals()
    {
        if (refusalWaits && System.nanoTime() - refusalRetryNs < 0)
        {
            return 0;
        }
        refusalWaits = false;
        return unlessFaulted(true);
    }

    /**
     * @return whether the report was held by its session's reset logon: read again on the next duty cycle. One its
     * session's store could not take is not read again (the live stream cannot wait for a store).
     */
    private boolean deliverHeld(final DirectBuffer buffer, final int offset, final int length, final int coreSession)
    {
        try
        {
            return BrokerDelivery.Outcome.HELD == dispatch.deliver(buffer, offset, length, coreSession);
        }
        catch (final InternalError ex)
        {
            // Caught here, where the report's fate is known, not in Aeron's loop (which counts the fragment as read).
            faultInDelivery(ex);
            return true;
        }
    }

    private void faultInDelivery(final InternalError ex)
    {
        deliveryFault = ex;
        faultHandedOver = dispatch.handedOver();
    }

    /**
     * @return for a report held by its session's reset logon, or whose delivery faulted before it was handed over:
     * ABORT (read again); for one handed over before a fault: BREAK (read on from after it, once the pause is over).
     */
    private ControlledFragmentHandler.Action afterHeldOrFaulted()
    {
        return null != deliveryFault && faultHandedOver ?
            ControlledFragmentHandler.Action.BREAK : ControlledFragmentHandler.Action.ABORT;
    }

    /**
     * A report on the live stream while the reports are read from the journal: delivered only if it is a live-only
     * refusal, else skipped (the journal delivers it).
     *
     * @return whether the skim reads on past it; false: it is read again later.
     */
    private boolean onRefusal(final DirectBuffer buffer, final int offset, final int length)
    {
        outcome = BrokerDelivery.Outcome.TAKEN;
        if (!dispatch.isLiveOnlyRefusal(buffer, offset, length))
        {
            return true;
        }
        if (!progress.waiting().isEmpty())
        {
            final SessionID owner = dispatch.owner(buffer, offset, length);
            if (null != owner && progress.isWaiting(owner))
            {
                return false;
            }
        }
        try
        {
            outcome = dispatch.deliver(buffer, offset, length, BrokerReportAgent.JOURNALED_CORE_SESSION);
        }
        catch (final InternalError ex)
        {
            faultInDelivery(ex);
            return false;
        }
        return BrokerDelivery.Outcome.TAKEN == outcome;
    }

    /**
     * @param termLength the egress image's term length.
     * @return the bytes of reports written after the reading position from which it is behind: an eighth of the term
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
}
