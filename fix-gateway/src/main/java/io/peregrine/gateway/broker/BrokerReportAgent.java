package io.peregrine.gateway.broker;

import io.aeron.Subscription;
import io.peregrine.core.CoreAgent;
import io.peregrine.core.journal.JournalReader;
import io.peregrine.gateway.GatewayCounters;
import io.peregrine.protocol.CounterDescriptor;
import io.peregrine.protocol.CounterKey;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Delivers the core's reports (stream 1002, or the core journal) to broker sessions: the duty cycle of three parts.
 * <ul>
 * <li>{@link BrokerReportDispatch} hands one report to its session: keeps the {@code ExecutionReport}s and
 * {@code CancelReject}s whose clientId is this gateway's, finds the session and the broker's ClOrdID/OrigClOrdID in
 * {@link OrderRoutes}, and sends the FIX ExecutionReport / OrderCancelReject; a session that is logged out still gets
 * it (QuickFIX/J stores it and the broker's ResendRequest on its next logon brings it, once, PossDupFlag=Y).</li>
 * <li>{@link JournalReportDelivery}, when the core journals: reads the reports from the journal, in order, and saves
 * how far each session got ({@link BrokerReportProgress}): a gateway that was down or slow resumes after it, and a
 * crash between a hand-over and its save delivers that report again on restart, with the same ExecID (at least once;
 * brokers de-duplicate on ExecID). A session whose FIX store fails, or whose reset logon holds its deliveries
 * ({@link ResetLogonHold}), has its reports read again from the journal later, in order, while the other sessions'
 * go on. Each of its two journal readers has its own fault state ({@link JournalCursor}). Order ids of a journaled
 * core never repeat, so they are kept across core restarts.</li>
 * <li>{@link LiveReportStream}: without a journal, reads the live stream within a time budget per duty cycle (read
 * on past it when behind the core); with one, skims it for the refusals the core could not journal.</li>
 * </ul>
 * Runs on its own agent thread; sends through QuickFIX/J (thread-safe, allocates: edge).
 */
public final class BrokerReportAgent implements Agent
{
    /**
     * Live reports read per duty cycle for each message the core takes in one: a message the core takes yields about
     * one report, a few (a fill's, a kill switch's cancels) more.
     */
    private static final int LIVE_REPORTS_PER_CORE_INPUT = 2;
    /** How long a report the FIX store could not persist waits before it is read and sent again. */
    static final long UNSTORED_RETRY_NS = 1_000_000_000L;
    /** The core session recorded for order ids of a journaled core: they stay valid across core restarts. */
    static final int JOURNALED_CORE_SESSION = 0;
    /** Aeron counter of the reports ignored because they contradict the order they name. */
    public static final CounterDescriptor INCONSISTENT_COUNTER = CounterDescriptor.counter(1328, CounterKey.NONE,
        "gateway broker: reports ignored, inconsistent with their order",
        "peregrine_broker_reports_inconsistent",
        "core reports ignored: they contradict the order they name");

    private final BrokerReportDispatch dispatch;
    private final JournalReportDelivery journal;
    private final LiveReportStream live;

    /**
     * Reads the reports from the core journal, resuming after the saved position, or from the live stream.
     *
     * @param egress       subscription to stream 1002 (with a journal: skimmed for the refusals the core could not
     *                     journal; closed by the owner).
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
     * @param cycleBudgetNs how long one duty cycle may work on the live stream ({@code
     *                     peregrine.gateway.broker.reports.cycle.budget.us}): it stops after the report during which
     *                     the budget ran out, unless the agent is behind the core ({@link LiveReportStream}).
     * @param clock        measures the budget ({@code SystemNanoClock.INSTANCE}; a test's own clock).
     * @throws IllegalStateException if a saved position is not in the core journal (it lost entries).
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
        dispatch = new BrokerReportDispatch(clientId, routes, reports, inconsistent, delivered, unroutable);
        live = new LiveReportStream(egress, routes, dispatch, progress, liveFragmentLimit(coreFragmentLimit),
            cycleBudgetNs, clock);
        if (null != journal)
        {
            this.journal = new JournalReportDelivery(journal, waitingReports, progress, dispatch);
            routes.coreSession(JOURNALED_CORE_SESSION);
        }
        else
        {
            this.journal = null;
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

    public String roleName()
    {
        return "peregrine-broker-reports";
    }

    /**
     * From the journal: at most {@value JournalReportDelivery#DELIVERY_LIMIT} deliveries, then the live stream's
     * refusals; without one: the live stream, within the cycle's budget unless behind.
     */
    public int doWork()
    {
        if (null != journal)
        {
            return journal.poll() + live.pollRefusals();
        }
        return live.poll();
    }

    /**
     * Counts the faults of mapped files met reading or delivering reports (the journal's readers and the live
     * stream) from now on. Call before the agent starts.
     *
     * @param counter the gateway's counter of type {@link io.peregrine.gateway.GatewayCounters#BROKER_REPORT_FAULTS}.
     */
    public void countFaultsIn(final AtomicCounter counter)
    {
        live.countFaultsIn(counter);
        if (null != journal)
        {
            journal.countFaultsIn(counter);
        }
    }

    /**
     * @return reports ignored because they did not match the state of the order they named
     * ({@link ReportConsistency}).
     */
    public long inconsistent()
    {
        return dispatch.inconsistent();
    }
}
