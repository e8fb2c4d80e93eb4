package io.peregrine.gateway.venue;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.peregrine.core.egress.RetryingPublication;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.fixedge.mapping.FixTimestamps;
import io.peregrine.gateway.GatewayCounters;
import io.peregrine.protocol.MessageFrame;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueCancelOrderDecoder;
import io.peregrine.sbe.VenueCancelRejectEncoder;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueExecutionEncoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueReplaceOrderDecoder;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import io.peregrine.sbe.VenueSessionStatusEncoder;
import io.peregrine.sbe.VenueStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.field.ClOrdID;
import quickfix.field.HandlInst;
import quickfix.field.OrigClOrdID;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.OrderStatusRequest;
import quickfix.field.OrdStatus;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * The venue side of the gateway: one agent for all configured venues.
 * <ul>
 * <li>Polls stream 2001 and sends each {@code VenueNewOrder}/{@code VenueCancelOrder}/{@code VenueReplaceOrder}
 * to its venue as NewOrderSingle/OrderCancelRequest/OrderCancelReplaceRequest with ClOrdIDs from
 * {@link VenueClOrdId}; answers them itself with a REJECTED {@code VenueExecution} or a {@code VenueCancelReject}
 * when the venue is logged out (VENUE_UNAVAILABLE), unknown, or its circuit breaker is open
 * (CIRCUIT_BREAKER_OPEN). Cancels pass an open breaker: they only reduce risk.</li>
 * <li>Drains the inbox the {@link VenueClientFixApplication} fills from QuickFIX/J threads, updates the per-venue
 * state (logon, circuit breaker, outstanding requests, each order's current venue ClOrdID) and forwards the
 * messages to the core on stream 2002.</li>
 * <li>Times out requests the venue has not answered and moves breakers through their cool-down, publishing
 * {@code VenueSessionStatus} CIRCUIT_OPEN / CIRCUIT_HALF_OPEN / CONNECTED; probes a half-open breaker opened by
 * unanswered requests itself (an OrderStatusRequest about a working order). Requests sent to a session that ended
 * are not timed against the next one: its logon asks about every working order, and those questions going
 * unanswered are asked again but do not count against its breaker.</li>
 * <li>Requests wait for their venue session in its {@link FairSendQueue} (round-robin across accounts, bounded per
 * account, at most a window of them unanswered at the venue): an ack timeout measures the venue from the moment a
 * request is handed to its session, never the time it waited behind other requests here.</li>
 * </ul>
 * Runs on its own agent thread; it is the only user of its subscription, the 2002 publication and all state.
 * Building FIX messages allocates (QuickFIX/J is the edge); the SBE side does not.
 */
public final class VenueClient implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(VenueClient.class);
    private static final String ACCEPT_ORPHANS =
        io.peregrine.config.PeregrineKeys.Gateway.ACCEPT_ORPHANED_ORDERS.name();
    private static final int FRAGMENT_LIMIT = 16;
    private static final int INBOX_LIMIT = 64;
    private static final long TIMER_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int SEND_LIMIT = 256;
    private static final int FAIR_QUEUE_SOURCES = 64;
    // A request unanswered this many ack timeouts stops holding its venue's send window: by then its timeout has
    // counted against the breaker, so a venue that stops answering opens it before more requests go out.
    private static final int IN_FLIGHT_TIMEOUTS = 2;
    // An order the venue keeps silent about is asked again at doubling intervals, from the ack timeout up to this (or
    // the ack timeout, if longer): a silent venue is not sent a status request per order every ack timeout forever.
    private static final long STATUS_RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final String QUEUE_FULL_TEXT =
        "too many requests of this account waiting for the venue session: retry later";
    private static final String NOT_DELIVERED_TEXT = " did not reach the venue: its session dropped first, and when " +
        "the venue asked for it again the gateway gap-filled it (requests are never re-sent)";
    private static final String CANCEL_NOT_DELIVERED_TEXT =
        "the cancel" + NOT_DELIVERED_TEXT + "; the order is unchanged there: send it again";
    private static final String REPLACE_NOT_DELIVERED_TEXT =
        "the replace" + NOT_DELIVERED_TEXT + "; the order is unchanged there: send it again";
    private static final String ORDER_NOT_DELIVERED_TEXT =
        "the order" + NOT_DELIVERED_TEXT + "; the venue confirms it does not know it: send it again";
    private static final String REPLACE_NOT_RECEIVED_TEXT =
        "the venue did not receive the replace (the order is unchanged there): send it again";
    private static final String REPLACE_TOO_LATE_TEXT =
        "too late to replace: the venue reports the order filled (it did not apply the replace)";

    private final boolean coreJournaled;
    private final Subscription venueOut;
    private final RetryingPublication venueIn;
    private final RingBuffer inbox;
    private final VenueReportJournal reportJournal;
    private final VenueOrderJournal journal;
    private final long ackTimeoutNanos;
    private final GatewayCounters counters;
    private final NanoClock clock = new SystemNanoClock();
    private final EpochNanoClock epochClock = new SystemEpochNanoClock();
    private final Int2ObjectHashMap<VenueState> venues = new Int2ObjectHashMap<>();
    // Orders and cancel/replace requests that the start-up reconciliation answered VENUE_UNAVAILABLE (never sent):
    // a restarted core may re-send them live on 2001 before it reads that answer, and sending them then would leave
    // an order at the venue that the core has closed as rejected.
    private final LongHashSet ordersAnsweredUnsent = new LongHashSet();
    private final LongHashSet requestsAnsweredUnsent = new LongHashSet();
    private final Long2LongHashMap ackDeadlines = new Long2LongHashMap(1024, 0.65f, Long.MIN_VALUE);
    private final LongPredicate awaitingAnswer = ackDeadlines::containsKey;
    private final FairSendQueue.Handler queuedRequestHandler = this::onVenueRequest;

    private final MessageFrame frame = new MessageFrame();
    private final VenueNewOrderDecoder newOrder = new VenueNewOrderDecoder();
    private final VenueCancelOrderDecoder cancelOrder = new VenueCancelOrderDecoder();
    private final VenueReplaceOrderDecoder replaceOrder = new VenueReplaceOrderDecoder();
    private final VenueExecutionDecoder executionDecoder = new VenueExecutionDecoder();
    private final VenueSessionStatusDecoder statusDecoder = new VenueSessionStatusDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final VenueSessionStatusEncoder statusEncoder = new VenueSessionStatusEncoder();
    private final UnsafeBuffer outBuffer = new UnsafeBuffer(new byte[1024]);
    private final VenueInMessages venueInMessages = new VenueInMessages(outBuffer);
    private final FragmentHandler venueOutHandler = this::onVenueOutFragment;
    private final org.agrona.concurrent.MessageHandler inboxHandler = this::onInboxMessage;
    private final AtomicCounter droppedMessages;
    private final AtomicCounter duplicateOrders;
    private final AtomicCounter ackTimeouts;
    private final AtomicCounter orphanReports;
    private final AtomicCounter statusRequests;
    private final AtomicCounter lostOrders;
    /**
     * The orders a venue did not know, as its OrderStatusRequest answers come (thousands after a venue restart): the
     * first ones each on a line, then one WARN with the count once the answers stop for a second.
     */
    private final VenueEpisodes lostOrderLines = VenueEpisodes.warnedOn(LOG, "venue {} did not know {} order(s) the " +
        "gateway had sent it (its answers to OrderStatusRequest, e.g. after it restarted without its book): each was " +
        "reported canceled to its owner (reason VENUE_LOST_ORDER) and no longer rests at the venue; send again what " +
        "is still wanted");
    private final AtomicCounter malformedStatusAnswers;
    private final java.util.concurrent.atomic.AtomicLong unsentAnswered = new java.util.concurrent.atomic.AtomicLong();
    // Every fragment polled from 2001 (single writer, read by tests and diagnostics): compared with what the core
    // published, it shows on which side of the stream a request went missing.
    private final java.util.concurrent.atomic.AtomicLong requestsPolled = new java.util.concurrent.atomic.AtomicLong();
    // New orders sent and not yet acknowledged by the venue, by order id: only one of these, gap-filled at the
    // venue's resend request, never reached it (VenueOrderJournal.onUndelivered). Rebuilt at start from the journals
    // (pendingNewsAtStart). Pending cancels and replaces, their terms and the undelivered orders live in the journal
    // (VenueOrderJournal): they survive a gateway restart.
    private final LongHashSet pendingNews = new LongHashSet();
    // Replaces this gateway refused TOO_LATE itself (the venue reported the order filled): the venue's own refusal of
    // one, when it comes, answers nothing the core still waits for and is not forwarded. Bounded:
    // refuseReplaceOfFilled.
    private final LongHashSet replacesRefusedTooLate = new LongHashSet();
    // Cancels and replaces gap-filled at the venue's resend request and still pending: the venue's answer to the
    // OrderStatusRequest about the order decides them, and one it did not apply (or a venue that leaves
    // venue.status.max.requests questions unanswered) is refused as not delivered. Removed when answered
    // (answered) or when the order ends (clearAllPending); in memory: a restart forgets which were gap-filled.
    private final LongHashSet gapFilledRequests = new LongHashSet();
    // Orders asked about with an OrderStatusRequest and not answered yet: only the answer (or the order's end) takes
    // their ack deadline away. Another answer about the order (a cancel reject, a pending ack) does not settle what
    // was asked, and letting it remove the deadline left the question unanswered for good.
    private final LongHashSet statusAsked = new LongHashSet();
    // Orders asked about at their venue's logon because what was sent about them went to a session that is gone:
    // the question's timeout is not a failure of the new session (its breaker); it is only asked again. A new request
    // about the order (expectAck) is the new session's again.
    private final LongHashSet askedAtLogon = new LongHashSet();
    // OrderStatusRequests sent about each order and not answered yet (absent: none), and how many of those were
    // already asked when the order's latest cancel or replace was sent (absent: none). A session answers in order, so
    // that many answers describe the order before the venue got the request: they cannot tell whether it was applied
    // (an answer with the old terms to a question asked just before a replace refused a replace the venue then
    // applied). Forgotten with the session (forgetQuestionsTo) and the order.
    private final Long2LongHashMap questionsOpen = new Long2LongHashMap(0);
    private final Long2LongHashMap answersBeforeRequest = new Long2LongHashMap(0);
    private final LongArrayList timedOut = new LongArrayList();
    // Ack timeouts in a row per order still unanswered (absent: none): the first is logged at WARN, the next at DEBUG
    // (all are counted), and each doubles the wait before the order is asked again, up to STATUS_RETRY_MAX_NANOS.
    private final Long2LongHashMap silentTimeouts = new Long2LongHashMap(1024, 0.65f, 0);
    // OrderStatusRequests in a row per order that timed out unanswered (absent: none); at statusMaxRequests the
    // gateway stops asking and leaves the order to ops (0: never).
    private final Long2LongHashMap unansweredQuestions = new Long2LongHashMap(1024, 0.65f, 0);
    private final int statusMaxRequests;
    private final AtomicCounter statusUnanswered;
    private boolean reconcileAfterCoreRestart;
    // The replace of the order a venue execution being handled reports filled (0: none), refused to the core once
    // that execution is forwarded: the core hears the fill first, as from a venue that refuses the replace itself.
    private long replaceOfFilledOrder;
    private long inboxMark;
    private long inboxMarkNanos;
    private long inboxReadUpToNanos;
    private long nextTimerNanos;
    // The core run this adapter serves (null until a core connects): its Aeron session and the run id in ClOrdIDs.
    private volatile VenueOrderJournal.CoreRun run;

    /**
     * @param venues          the configured venues and their initiator sessions.
     * @param venueOut        subscription to stream 2001.
     * @param venueIn         publication to stream 2002, bounded by the gateway's offer timeout.
     * @param inbox           ring buffer the {@link VenueClientFixApplication} writes to.
     * @param journal         persisted record of sent orders.
     * @param failureThreshold consecutive failures that open a breaker.
     * @param ackTimeoutMs    a request unanswered this long counts as a failure.
     * @param coolDownMs      how long an open breaker waits before half-opening.
     * @param coreJournaled   the core journals and recovers, so its order ids continue across restarts: reports of
     *                        orders of an earlier core run are forwarded, not dropped.
     * @param reportJournal   the journal of venue reports whose hand-over to the core this agent records
     *                        (exactly-once reports), or null for none.
     * @param counters        the gateway's Aeron counters (this agent writes the venue ones).
     * @param sendWindow      requests a venue session may have unanswered before the others wait in its
     *                        {@link FairSendQueue}.
     * @param queuePerAccount requests one account may have waiting for a venue session; more new orders and
     *                        replaces are rejected THROTTLED (cancels have a reserve of a quarter more).
     * @param statusMaxRequests OrderStatusRequests about one order a logged-on venue may leave unanswered in a row
     *                        before the gateway stops asking (counted, WARN, left to ops); 0: no limit.
     */
    public VenueClient(
        final Map<VenueClientConfig, SessionID> venues,
        final Subscription venueOut,
        final RetryingPublication venueIn,
        final RingBuffer inbox,
        final VenueOrderJournal journal,
        final int failureThreshold,
        final long ackTimeoutMs,
        final long coolDownMs,
        final boolean coreJournaled,
        final VenueReportJournal reportJournal,
        final GatewayCounters counters,
        final int sendWindow,
        final int queuePerAccount,
        final int statusMaxRequests)
    {
        this.statusMaxRequests = statusMaxRequests;
        this.statusUnanswered = counters.venueStatusUnanswered();
        this.reportJournal = reportJournal;
        this.coreJournaled = coreJournaled;
        this.counters = counters;
        this.droppedMessages = counters.venueDropped();
        this.duplicateOrders = counters.venueDuplicateOrders();
        this.ackTimeouts = counters.venueAckTimeouts();
        this.orphanReports = counters.venueOrphanReports();
        this.statusRequests = counters.venueStatusRequests();
        this.lostOrders = counters.venueLostOrders();
        this.malformedStatusAnswers = counters.venueMalformedStatusAnswers();
        this.venueOut = venueOut;
        this.venueIn = venueIn;
        this.inbox = inbox;
        this.journal = journal;
        this.ackTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(ackTimeoutMs);
        venues.forEach((config, sessionId) -> this.venues.put(config.venueId(), new VenueState(
            config, sessionId, new CircuitBreaker(failureThreshold, TimeUnit.MILLISECONDS.toNanos(coolDownMs)),
            counters.venue(config.venueId()), new FairSendQueue(FAIR_QUEUE_SOURCES, queuePerAccount,
            Math.max(1, queuePerAccount / 4), sendWindow, IN_FLIGHT_TIMEOUTS * ackTimeoutNanos,
            counters.venue(config.venueId()).queued(), counters.venue(config.venueId()).queueFullRejects()))));
        pendingNewsAtStart();
    }

    /**
     * The working orders of the journaled core run that no venue report says the venue has (no ExecutionReport of the
     * venue recorded about them, no status answer saying it knows them) are pending new again after a restart, as
     * they were before it: a NewOrderSingle of theirs gap-filled at the venue's resend request then never reached the
     * venue, and the venue not knowing the order means it was never delivered, not that the venue lost it. Without a
     * report journal nothing is known and none is.
     */
    private void pendingNewsAtStart()
    {
        final VenueOrderJournal.CoreRun journaledRun = journal.run();
        if (null == reportJournal || null == journaledRun)
        {
            return;
        }
        for (final VenueState venue : venues.values())
        {
            final int venueId = venue.config.venueId();
            for (final long orderId : journal.workingOrdersAt(venueId))
            {
                if (!journal.isKnownAtVenue(orderId) && !reportJournal.reportedOn(venueId, journaledRun.id(), orderId))
                {
                    pendingNews.add(orderId);
                }
            }
        }
    }

    public String roleName()
    {
        return "peregrine-venue-adapter";
    }

    public int doWork()
    {
        int work = 0;
        final long now = clock.nanoTime();
        final int images = venueOut.imageCount();
        if (images > 0)
        {
            // The newest image is the current core; a new Aeron session means a new core run.
            final int sessionId = venueOut.imageAtIndex(images - 1).sessionId();
            final VenueOrderJournal.CoreRun current = run;
            if (null == current || sessionId != current.sessionId())
            {
                onCoreRun(sessionId);
            }
            // Without a core, venue reports wait in the inbox rather than being offered to nobody.
            work += inbox.read(inboxHandler, INBOX_LIMIT);
            if (inbox.consumerPosition() >= inboxMark)
            {
                // Every venue answer queued before the mark has been applied: only a deadline before it has passed.
                inboxReadUpToNanos = inboxMarkNanos;
                inboxMark = inbox.producerPosition();
                inboxMarkNanos = now;
            }
            work += venueOut.poll(venueOutHandler, FRAGMENT_LIMIT);
            work += sendQueued(now);
        }

        if (now >= nextTimerNanos)
        {
            nextTimerNanos = now + TIMER_INTERVAL_NANOS;
            work += onTimer(now);
        }
        return work;
    }

    public void onClose()
    {
        if (venueIn.publication().isClosed())
        {
            // Aeron closed the client under the gateway (see AeronClientWatch): nothing reaches the core any more.
            // Venue reports still in the inbox are in the venue report journal, handed to the core at the next start.
            LOG.warn("venue adapter stopped with its Aeron client closed: {} bytes of venue messages left in its " +
                "inbox for the next start", inbox.size());
        }
        else if (null != run)
        {
            // The venue sessions logged out just before the agent stopped: tell the core (DISCONNECTED) before going.
            while (inbox.read(inboxHandler, INBOX_LIMIT) > 0)
            {
                Thread.onSpinWait();
            }
            sendQueued(clock.nanoTime()); // logged out by now: what still waited is answered VENUE_UNAVAILABLE
        }
        lostOrderLines.endAll();
        journal.close();
    }

    private void onCoreRun(final int sessionId)
    {
        final VenueOrderJournal.CoreRun journaledRun = journal.run();
        if (null != journaledRun && journaledRun.sessionId() == sessionId)
        {
            LOG.info("core run {} continues (Aeron session {})", Long.toString(journaledRun.id(), 36), sessionId);
        }
        else if (null != journaledRun && coreJournaled)
        {
            // A journaled core recovered its orders and never reuses an order id: same run, nothing is orphaned.
            journal.continueRun(sessionId);
            LOG.info("journaled core restarted (Aeron session {}): core run {} continues, its orders' venue reports " +
                "are forwarded; asking the venues about its working orders", sessionId,
                Long.toString(journaledRun.id(), 36));
            reconcileAfterCoreRestart = true;
        }
        else
        {
            final long lastRunId = null == journaledRun ? 0 : journaledRun.id();
            final long run = Math.max(epochClock.nanoTime() / 1_000_000L, lastRunId + 1);
            final int orphans = journal.startRun(sessionId, run);
            ackDeadlines.clear();
            askedAtLogon.clear();
            pendingNews.clear();
            replacesRefusedTooLate.clear();
            gapFilledRequests.clear();
            silentTimeouts.clear();
            unansweredQuestions.clear();
            for (final VenueState venue : venues.values())
            {
                venue.sendQueue.clear(); // the ended run's requests: never sent under the new run's ClOrdIDs
            }
            if (orphans > 0)
            {
                LOG.warn("new core run {} (Aeron session {}): {} orders of the previous run may still be working at " +
                    "venues; their reports are not forwarded", Long.toString(run, 36), sessionId, orphans);
            }
            else
            {
                LOG.info("new core run {} (Aeron session {})", Long.toString(run, 36), sessionId);
            }
        }
        run = journal.run();
        if (reconcileAfterCoreRestart)
        {
            // Whatever the venues said while the core was down may not have reached it: ask, the answers decide.
            reconcileAfterCoreRestart = false;
            for (final VenueState venue : venues.values())
            {
                if (venue.loggedOn)
                {
                    for (final long orderId : journal.workingOrdersAt(venue.config.venueId()))
                    {
                        requestStatus(orderId);
                        expectAck(orderId);
                    }
                }
            }
        }
    }

    /**
     * Brings the venue side in line with the core journal (up to {@code lastIndex}, the journal's last index when
     * the adapter subscribed to stream 2001; later entries reach the adapter live) after a restart in which the core
     * and the gateway may have died together, at any instant:
     * <ul>
     * <li>a request the core published that this gateway never sent (it died in between) is answered
     * VENUE_UNAVAILABLE, saying the gateway stopped before sending it: an order rejected, a cancel or replace
     * refused;</li>
     * <li>an order the core still holds as working (no final report in its journal) that this gateway holds as done
     * (a final venue report offered on 2002 but never journaled by the core, which died with it) is working again,
     * so the OrderStatusRequest at the venue's logon settles it once more;</li>
     * <li>a cancel or replace the core still waits for that this gateway holds as answered (the venue's answer lost
     * the same way) is pending again, likewise settled by the venue's answer about its order.</li>
     * </ul>
     * Answers about orders the core has since closed are ignored by it (venue messages are idempotent for the core).
     * <p>
     * Called once at start, on the starting thread, before the agent runs. Allocates (edge, start-up only).
     * <p>
     * A journal that recorded no core run beside a core journal holding working orders at venues cannot tell
     * which were sent, nor name them at the venue: the start is refused, naming them, unless {@code acceptOrphans},
     * which closes them in the core as rejected with a text saying the venue must be checked.
     *
     * @param reader        a reader of the core journal, at its start.
     * @param lastIndex     the journal's last index when the adapter subscribed to stream 2001.
     * @param acceptOrphans whether a new journal starts beside working orders of the core
     *                      ({@code peregrine.gateway.accept.orphaned.orders}).
     * @return how many requests were answered as never sent.
     * @throws IllegalStateException naming the orders, for a new journal beside working orders not accepted.
     */
    public int reconcileWithCoreJournal(
        final io.peregrine.core.journal.JournalReader reader,
        final java.nio.file.Path journalDir,
        final long lastIndex,
        final boolean acceptOrphans)
    {
        final io.peregrine.sbe.ExecutionReportDecoder report = new io.peregrine.sbe.ExecutionReportDecoder();
        final io.peregrine.sbe.VenueCancelRejectDecoder venueReject = new io.peregrine.sbe.VenueCancelRejectDecoder();
        // What the core journal says is still open: working orders (venue, FIX side, symbol) and pending requests.
        final org.agrona.collections.Long2ObjectHashMap<String> coreWorking =
            new org.agrona.collections.Long2ObjectHashMap<>();
        final CorePendingRequests corePending = new CorePendingRequests();
        boolean first = true;
        int result;
        while (io.peregrine.core.journal.JournalReader.END != (result = reader.next()) && reader.index() <= lastIndex)
        {
            if (io.peregrine.core.journal.JournalReader.ENTRY != result)
            {
                if (reader.corruptBeforeTail())
                {
                    throw reader.damage("the gateway cannot tell which orders the core holds at the venue");
                }
                continue; // the torn last entry, which the core's recovery cuts
            }
            final int type = reader.type();
            if (first && io.peregrine.core.journal.JournalEntry.START != type)
            {
                // Retention deleted the journal's first files: the orders they sent are in the newest snapshot the
                // files left cover (the journal after it, read below, then says what became of them).
                workingInSnapshot(journalDir, reader.index(), coreWorking);
            }
            first = false;
            switch (frame.wrapIfPeregrine(reader.payload(), 0, reader.length()))
            {
                case VenueNewOrderDecoder.TEMPLATE_ID:
                    if (io.peregrine.core.journal.JournalEntry.VENUE_REQUEST == type)
                    {
                        frame.body(newOrder);
                        coreWorking.put(newOrder.orderId(), newOrder.venueId() + " " + newOrder.price() + ' ' +
                            newOrder.quantity() + ' ' + FixOrderEnums.fixSide(newOrder.side()) + ' ' + newOrder.symbol());
                    }
                    break;
                case VenueCancelOrderDecoder.TEMPLATE_ID:
                    if (io.peregrine.core.journal.JournalEntry.VENUE_REQUEST == type)
                    {
                        frame.body(cancelOrder);
                        corePending.requested(
                            cancelOrder.orderId(), cancelOrder.requestId(), cancelOrder.venueId(), false);
                    }
                    break;
                case VenueReplaceOrderDecoder.TEMPLATE_ID:
                    if (io.peregrine.core.journal.JournalEntry.VENUE_REQUEST == type)
                    {
                        frame.body(replaceOrder);
                        corePending.requested(
                            replaceOrder.orderId(), replaceOrder.requestId(), replaceOrder.venueId(), true);
                    }
                    break;
                case VenueExecutionDecoder.TEMPLATE_ID:
                    if (io.peregrine.core.journal.JournalEntry.VENUE_IN == type)
                    {
                        frame.body(executionDecoder);
                        corePending.answered(executionDecoder.orderId(), executionDecoder.requestId());
                    }
                    break;
                case io.peregrine.sbe.VenueCancelRejectDecoder.TEMPLATE_ID:
                    if (io.peregrine.core.journal.JournalEntry.VENUE_IN == type)
                    {
                        frame.body(venueReject);
                        corePending.answered(venueReject.orderId(), venueReject.requestId());
                    }
                    break;
                case io.peregrine.sbe.ExecutionReportDecoder.TEMPLATE_ID:
                    if (io.peregrine.core.journal.JournalEntry.REPORT == type)
                    {
                        frame.body(report);
                        if (FixOrderEnums.isTerminal(report.ordStatus()))
                        {
                            coreWorking.remove(report.orderId());
                            corePending.orderDone(report.orderId());
                        }
                    }
                    break;
                default:
                    break;
            }
        }

        // Only what the core still waits for is answered or asked about: the rest it has closed since. A journal
        // that recorded no core run (a new data directory beside a continuing core journal) cannot tell what was sent, nor
        // name the orders at the venue (their venue ClOrdIDs carry the lost journal's run): refused unless accepted.
        final boolean sentUnknown = journal.recordedNoRun() && !coreWorking.isEmpty();
        if (sentUnknown && !acceptOrphans)
        {
            throw new IllegalStateException("the gateway's venue order journal is new (its data directory was " +
                "replaced or lost), but the core journal holds " + coreWorking.size() + " working orders sent to " +
                "venues (" + describe(coreWorking) + "): without the venue ClOrdIDs the lost journal held, the " +
                "gateway cannot ask the venues about them. Restore the gateway data directory of the run that sent " +
                "them; or start with -D" + ACCEPT_ORPHANS + "=true: they are then closed in the " +
                "core as rejected, saying so, and must be checked at the venue");
        }
        final String text = sentUnknown ?
            "the gateway's venue order journal was lost: whether the request reached the venue is unknown; check " +
            "the order at the venue" :
            "the gateway stopped before sending the request to the venue: send it again";
        int answered = 0;
        int reopened = 0;
        for (final Map.Entry<Long, String> working : coreWorking.entrySet())
        {
            final long orderId = working.getKey();
            final String[] facts = working.getValue().split(" ", 5);
            final int venueId = Integer.parseInt(facts[0]);
            if (!journal.wasSent(orderId))
            {
                ordersAnsweredUnsent.add(orderId);
                offer(outBuffer, 0, venueInMessages.execution(orderId, 0, venueId, ExecType.REJECTED,
                    RejectReason.VENUE_UNAVAILABLE, Long.parseLong(facts[1]), Long.parseLong(facts[2]), 0, 0, 0, 0, 0,
                    epochClock.nanoTime(), text));
                answered++;
            }
            else if (journal.venueOf(orderId) == VenueOrderJournal.UNKNOWN)
            {
                journal.onSent(venueId, orderId, facts[3].charAt(0), facts[4]);
                reopened++;
            }
        }
        answered += answerUnsent(corePending, false, text) + answerUnsent(corePending, true, text);
        final int restored = restorePending(corePending, false) + restorePending(corePending, true);
        unsentAnswered.addAndGet(answered);
        if (answered + reopened + restored > 0)
        {
            LOG.warn("core journal reconciliation after a restart: {} requests the gateway never sent answered " +
                "VENUE_UNAVAILABLE; {} orders the core still holds as working and {} requests it still waits for " +
                "are asked about again at the venue's logon{}", answered, reopened, restored, sentUnknown ?
                " (the venue order journal is new: started with " + ACCEPT_ORPHANS + ", the " +
                "core's working orders were closed; check them at the venue)" : "");
        }
        return answered;
    }

    private int answerUnsent(final CorePendingRequests corePending, final boolean replace, final String text)
    {
        final CancelRejectResponseTo responseTo =
            replace ? CancelRejectResponseTo.REPLACE : CancelRejectResponseTo.CANCEL;
        int answered = 0;
        final Long2LongHashMap.EntryIterator it = corePending.of(replace).entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            final long requestId = it.getLongValue();
            if (!journal.wasHandled(requestId))
            {
                requestsAnsweredUnsent.add(requestId);
                publishCancelReject(it.getLongKey(), requestId, corePending.venueOf(requestId), responseTo,
                    RejectReason.VENUE_UNAVAILABLE, text);
                answered++;
            }
        }
        return answered;
    }

    private static void workingInSnapshot(
        final java.nio.file.Path journalDir,
        final long firstIndex,
        final org.agrona.collections.Long2ObjectHashMap<String> coreWorking)
    {
        final long covered = io.peregrine.core.journal.SnapshotStore.readNewestOrders(journalDir, firstIndex,
            (orders, slot) ->
            {
                if (orders.isWorking(slot))
                {
                    coreWorking.put(orders.orderId(slot), orders.venueId(slot) + " " + orders.price(slot) + ' ' +
                        orders.quantity(slot) + ' ' + FixOrderEnums.fixSide(io.peregrine.sbe.Side.get(orders.sideRaw(slot))) + ' ' +
                        io.peregrine.protocol.PackedAscii.unpack(orders.symbol(slot)));
                }
            });
        if (covered < 0)
        {
            LOG.warn("the core journal {} lost its first files to retention and no snapshot after them could be " +
                "read: orders sent to venues only in the deleted files cannot be seen", journalDir);
        }
    }

    private static String describe(final org.agrona.collections.Long2ObjectHashMap<String> coreWorking)
    {
        // Each value: venue price quantity side symbol, as read from the core's VenueNewOrder.
        final java.util.List<String> orders = new java.util.ArrayList<>();
        for (final Map.Entry<Long, String> working : coreWorking.entrySet())
        {
            final String[] facts = working.getValue().split(" ", 5);
            orders.add("orderId " + working.getKey() + " venue " + facts[0] + " side(54)=" + facts[3] + ' ' +
                facts[2] + ' ' + facts[4] + " @ " + io.peregrine.protocol.Prices.format(Long.parseLong(facts[1])));
        }
        return io.peregrine.gateway.OrphanedOrders.describe(orders);
    }

    private int restorePending(final CorePendingRequests corePending, final boolean replace)
    {
        int restored = 0;
        final Long2LongHashMap.EntryIterator it = corePending.of(replace).entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            final long orderId = it.getLongKey();
            final long requestId = it.getLongValue();
            if (journal.wasHandled(requestId) && journal.pendingRequest(orderId, replace) != requestId &&
                journal.venueOf(orderId) != VenueOrderJournal.UNKNOWN)
            {
                journal.onRequest(orderId, requestId, replace);
                restored++;
            }
        }
        return restored;
    }


    /**
     * @return venue requests journaled by the core but never sent, answered at start ({@link #reconcileWithCoreJournal}).
     */
    public long unsentAnswered()
    {
        return unsentAnswered.get();
    }

    /**
     * @return fragments polled from stream 2001 (requests of the core) since start; any thread.
     */
    public long requestsPolled()
    {
        return requestsPolled.get();
    }

    /**
     * @return the current core run id (0 until a core has connected), for tests and diagnostics; racy when read on
     * another thread.
     */
    public long runId()
    {
        final VenueOrderJournal.CoreRun current = run;
        return null == current ? 0 : current.id();
    }

    /**
     * @param venueId a configured venue.
     * @return the state of its circuit breaker, or null for an unknown venue. For tests and diagnostics; read on
     * another thread it is a racy snapshot.
     */
    public CircuitBreaker.State circuitState(final int venueId)
    {
        final VenueState venue = venues.get(venueId);
        return null == venue ? null : venue.breaker.state();
    }

    /**
     * @param venueId a configured venue.
     * @return requests waiting for its session in its {@link FairSendQueue} (0 for an unknown venue); any thread.
     */
    public int queuedRequests(final int venueId)
    {
        final VenueState venue = venues.get(venueId);
        return null == venue ? 0 : venue.sendQueue.queued();
    }

    /**
     * @param venueId a configured venue.
     * @return requests rejected THROTTLED because their account had its limit waiting for the venue's session; any
     * thread.
     */
    public long queueFullRejects(final int venueId)
    {
        final VenueState venue = venues.get(venueId);
        return null == venue ? 0 : venue.sendQueue.refused();
    }

    private void onVenueOutFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        requestsPolled.lazySet(requestsPolled.get() + 1);
        // Requests wait for their venue session in its fair queue; anything else is answered or dropped at once.
        final VenueState venue = venues.get(FairSendQueue.venueIdOf(buffer, offset, length));
        if (null == venue)
        {
            onVenueRequest(buffer, offset, length);
        }
        else if (!venue.sendQueue.offer(buffer, offset, length))
        {
            refuseQueueFull(buffer, offset, venue);
        }
    }

    private int sendQueued(final long now)
    {
        int work = 0;
        for (final VenueState venue : venues.values())
        {
            // A venue that cannot take orders (down, breaker not closed) answers them at once: nothing waits for it.
            final boolean windowApplies = venue.loggedOn && venue.breaker.state() == CircuitBreaker.State.CLOSED;
            work += venue.sendQueue.release(queuedRequestHandler, awaitingAnswer, now, windowApplies, SEND_LIMIT);
        }
        return work;
    }

    private void refuseQueueFull(final DirectBuffer buffer, final int offset, final VenueState venue)
    {
        final int venueId = venue.config.venueId();
        switch (frame.wrap(buffer, offset))
        {
            case VenueNewOrderDecoder.TEMPLATE_ID:
                frame.body(newOrder);
                rejectNewOrder(newOrder, RejectReason.THROTTLED, QUEUE_FULL_TEXT);
                break;
            case VenueCancelOrderDecoder.TEMPLATE_ID:
                frame.body(cancelOrder);
                publishCancelReject(cancelOrder.orderId(), cancelOrder.requestId(), venueId,
                    CancelRejectResponseTo.CANCEL, RejectReason.THROTTLED, QUEUE_FULL_TEXT);
                break;
            default:
                frame.body(replaceOrder);
                publishCancelReject(replaceOrder.orderId(), replaceOrder.requestId(), venueId,
                    CancelRejectResponseTo.REPLACE, RejectReason.THROTTLED, QUEUE_FULL_TEXT);
                break;
        }
        final long refused = venue.sendQueue.refused();
        if (Long.bitCount(refused) == 1)
        {
            LOG.warn("venue {}: an account has its limit of requests waiting for the venue session: rejected " +
                "THROTTLED ({} so far; logged at powers of two)", venueId, refused);
        }
    }

    private void onVenueRequest(final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = frame.wrapIfPeregrine(buffer, offset, length);
        try
        {
            switch (templateId)
            {
                case VenueNewOrderDecoder.TEMPLATE_ID:
                    onNewOrder(frame.body(newOrder));
                    break;
                case VenueCancelOrderDecoder.TEMPLATE_ID:
                    onCancel(frame.body(cancelOrder));
                    break;
                case VenueReplaceOrderDecoder.TEMPLATE_ID:
                    onReplace(frame.body(replaceOrder));
                    break;
                default:
                    droppedMessages.increment();
            }
        }
        catch (final RuntimeException ex)
        {
            // A malformed request must not stop the venue side; the core will see no ack for it.
            droppedMessages.increment();
            LOG.error("cannot send venue request template {}", templateId, ex);
        }
    }

    private void onNewOrder(final VenueNewOrderDecoder order)
    {
        final long orderId = order.orderId();
        final int venueId = order.venueId();
        final VenueState venue = venues.get(venueId);
        if (journal.wasSent(orderId) || ordersAnsweredUnsent.contains(orderId))
        {
            duplicateOrders.increment();
            LOG.warn("order {} was already sent to a venue or answered at start-up; not sending it again", orderId);
            return;
        }
        if (null == venue || !venue.loggedOn)
        {
            rejectNewOrder(order, RejectReason.VENUE_UNAVAILABLE, null == venue ? "venue " + venueId + " is not " +
                "configured in this gateway (" + Gateway.VENUES.name() + " lists " + venues.keySet() + ")" :
                "venue " + venueId + " is not connected");
            return;
        }
        if (!venue.breaker.tryAcquire())
        {
            rejectNewOrder(order, RejectReason.CIRCUIT_BREAKER_OPEN, "circuit breaker open for venue " + venueId);
            return;
        }
        venue.probeOrderId = orderId; // meaningful only while the breaker is half open

        final NewOrderSingle fix = new NewOrderSingle(
            new ClOrdID(VenueClOrdId.format(runId(), orderId, 0)),
            new quickfix.field.Side(FixOrderEnums.fixSide(order.side())),
            new TransactTime(utc(order.timestamp())),
            new quickfix.field.OrdType(FixOrderEnums.fixOrdType(order.ordType())));
        putOrderTerms(fix, order.symbol(), order.account(), order.quantity(), order.ordType(), order.price(),
            order.timeInForce());

        journal.onSent(venueId, orderId, FixOrderEnums.fixSide(order.side()), order.symbol(), order.quantity(),
            order.price());
        if (!send(fix, venue))
        {
            journal.onDone(orderId);
            rejectNewOrder(order, RejectReason.VENUE_UNAVAILABLE, "venue " + venueId + " is not connected");
            return;
        }
        pendingNews.add(orderId);
        expectAck(orderId);
    }

    private void onCancel(final VenueCancelOrderDecoder cancel)
    {
        final long orderId = cancel.orderId();
        final long requestId = cancel.requestId();
        final int venueId = cancel.venueId();
        final VenueState venue = venueForRequest(orderId, requestId, venueId, CancelRejectResponseTo.CANCEL);
        if (null == venue)
        {
            return;
        }

        final OrderCancelRequest fix = new OrderCancelRequest(
            new OrigClOrdID(VenueClOrdId.format(runId(), orderId, currentRequestId(orderId))),
            new ClOrdID(VenueClOrdId.format(runId(), orderId, requestId)),
            new quickfix.field.Side(FixOrderEnums.fixSide(cancel.side())),
            new TransactTime(utc(cancel.timestamp())));
        fix.set(new quickfix.field.OrderID(Long.toString(orderId)));
        fix.set(new quickfix.field.Symbol(cancel.symbol()));
        fix.set(new quickfix.field.Account(cancel.account()));
        fix.set(new quickfix.field.OrderQty(cancel.quantity()));
        journal.onRequest(orderId, requestId, false);
        sendRequest(fix, venue, orderId, requestId, CancelRejectResponseTo.CANCEL);
    }

    private void onReplace(final VenueReplaceOrderDecoder replace)
    {
        final long orderId = replace.orderId();
        final long requestId = replace.requestId();
        final int venueId = replace.venueId();
        final VenueState venue = venueForRequest(orderId, requestId, venueId, CancelRejectResponseTo.REPLACE);
        if (null == venue)
        {
            return;
        }
        if (!venue.breaker.tryAcquire())
        {
            publishCancelReject(orderId, requestId, venueId, CancelRejectResponseTo.REPLACE,
                RejectReason.CIRCUIT_BREAKER_OPEN, "circuit breaker open for venue " + venueId);
            return;
        }
        venue.probeOrderId = orderId; // meaningful only while the breaker is half open

        final OrderCancelReplaceRequest fix = new OrderCancelReplaceRequest(
            new OrigClOrdID(VenueClOrdId.format(runId(), orderId, currentRequestId(orderId))),
            new ClOrdID(VenueClOrdId.format(runId(), orderId, requestId)),
            new quickfix.field.Side(FixOrderEnums.fixSide(replace.side())),
            new TransactTime(utc(replace.timestamp())),
            new quickfix.field.OrdType(FixOrderEnums.fixOrdType(replace.ordType())));
        fix.set(new quickfix.field.OrderID(Long.toString(orderId)));
        putOrderTerms(fix, replace.symbol(), replace.account(), replace.quantity(), replace.ordType(),
            replace.price(), replace.timeInForce());
        journal.onReplaceRequest(orderId, requestId, replace.quantity(), replace.price());
        sendRequest(fix, venue, orderId, requestId, CancelRejectResponseTo.REPLACE);
    }

    /**
     * The terms a new order and a replace both carry, so that a replace states the order in full as FIX requires.
     */
    private static void putOrderTerms(
        final Message fix,
        final String symbol,
        final String account,
        final long quantity,
        final OrdType ordType,
        final long price,
        final TimeInForce timeInForce)
    {
        fix.setField(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        fix.setField(new quickfix.field.Symbol(symbol));
        fix.setField(new quickfix.field.Account(account));
        fix.setField(new quickfix.field.OrderQty(quantity));
        if (ordType == OrdType.LIMIT)
        {
            fix.setDecimal(quickfix.field.Price.FIELD, Prices.toDecimal(price).stripTrailingZeros());
        }
        final char fixTimeInForce = FixOrderEnums.fixTimeInForce(timeInForce);
        if (fixTimeInForce != FixOrderEnums.NONE)
        {
            fix.setField(new quickfix.field.TimeInForce(fixTimeInForce)); // absent means Day
        }
    }

    /**
     * The venue a cancel or replace goes to, or null when it is not sent: a request already sent (or answered at
     * start-up) is dropped, one for a venue that is not logged on is refused VENUE_UNAVAILABLE.
     */
    private VenueState venueForRequest(
        final long orderId, final long requestId, final int venueId, final CancelRejectResponseTo kind)
    {
        if (journal.wasHandled(requestId) || requestsAnsweredUnsent.contains(requestId))
        {
            duplicateOrders.increment();
            LOG.warn("{} {} of order {} was already sent to a venue or answered at start-up; not sending it again",
                kind == CancelRejectResponseTo.CANCEL ? "cancel" : "replace", requestId, orderId);
            return null;
        }
        final VenueState venue = venues.get(venueId);
        if (null == venue || !venue.loggedOn)
        {
            publishCancelReject(orderId, requestId, venueId, kind, RejectReason.VENUE_UNAVAILABLE,
                "venue " + venueId + " is not connected");
            return null;
        }
        return venue;
    }

    /**
     * Sends a cancel or replace the caller journaled; refuses it VENUE_UNAVAILABLE when the session cannot take it.
     */
    private void sendRequest(
        final Message fix,
        final VenueState venue,
        final long orderId,
        final long requestId,
        final CancelRejectResponseTo kind)
    {
        if (!send(fix, venue))
        {
            answered(orderId, requestId);
            final int venueId = venue.config.venueId();
            publishCancelReject(orderId, requestId, venueId, kind, RejectReason.VENUE_UNAVAILABLE,
                "venue " + venueId + " is not connected");
            return;
        }
        final long questions = questionsOpen.get(orderId);
        if (questions > 0)
        {
            answersBeforeRequest.put(orderId, questions);
        }
        expectAck(orderId);
    }

    private long currentRequestId(final long orderId)
    {
        final long requestId = journal.currentRequestId(orderId);
        return requestId == VenueOrderJournal.UNKNOWN ? 0 : requestId;
    }

    private boolean send(final Message message, final VenueState venue)
    {
        try
        {
            // false when the session logged out in between: QuickFIX/J then only stores the message, and
            // VenueClientFixApplication.toApp refuses to resend it.
            final boolean sent = Session.sendToTarget(message, venue.sessionId);
            if (sent)
            {
                venue.counters.requestsOut().incrementRelease();
            }
            return sent;
        }
        catch (final SessionNotFound ex)
        {
            return false;
        }
    }

    private void expectAck(final long orderId)
    {
        // A request to this session is timed from now, not from a question the logon asked about its order.
        if (askedAtLogon.remove(orderId) || !ackDeadlines.containsKey(orderId))
        {
            ackDeadlines.put(orderId, clock.nanoTime() + ackTimeoutNanos);
        }
    }

    private void onInboxMessage(
        final int templateId, final MutableDirectBuffer buffer, final int recordIndex, final int recordLength)
    {
        final long recordRun = buffer.getLong(recordIndex);
        final long journalSeq = buffer.getLong(recordIndex + VenueClientFixApplication.JOURNAL_SEQ_OFFSET);
        final int index = recordIndex + VenueClientFixApplication.RUN_LENGTH;
        final int length = recordLength - VenueClientFixApplication.RUN_LENGTH;
        if (templateId == VenueClientFixApplication.GAP_FILL_MSG_TYPE)
        {
            onGapFill((int)buffer.getLong(index));
            return;
        }
        if (templateId == VenueClientFixApplication.NOT_DELIVERED_MSG_TYPE)
        {
            // Only the current core run's: an earlier run's order id means another order now, and nothing waits for it.
            if (recordRun == runId())
            {
                onNotDelivered(buffer.getLong(index), buffer.getLong(index + Long.BYTES),
                    (int)buffer.getLong(index + 2 * Long.BYTES));
            }
            return;
        }
        if (templateId != VenueSessionStatusEncoder.TEMPLATE_ID && recordRun != runId())
        {
            // The order ids of an earlier core run mean other orders now: never hand these to the core.
            orphanReports.increment();
            LOG.warn("venue report for an order of core run {} dropped (current run {})",
                Long.toString(recordRun, 36), Long.toString(runId(), 36));
            markForwarded(journalSeq);
            return;
        }
        if (templateId == VenueClientFixApplication.PENDING_ACK_MSG_TYPE)
        {
            countReportIn((int)buffer.getLong(index + Long.BYTES));
            onAnswer(buffer.getLong(index));
            return;
        }
        if (templateId == VenueClientFixApplication.ORDER_STATUS_MSG_TYPE)
        {
            onOrderStatus(buffer, index, length);
            return;
        }
        frame.wrap(buffer, index);
        final int bodyOffset = index + MessageHeaderDecoder.ENCODED_LENGTH;
        final long now = clock.nanoTime();
        switch (templateId)
        {
            case VenueSessionStatusEncoder.TEMPLATE_ID:
                frame.body(statusDecoder);
                onSessionStatus(statusDecoder.venueId(), statusDecoder.status());
                break;
            case VenueExecutionEncoder.TEMPLATE_ID:
                onExecution(frame.body(executionDecoder), buffer, bodyOffset, now);
                break;
            case VenueCancelRejectEncoder.TEMPLATE_ID:
            {
                final long orderId = buffer.getLong(
                    bodyOffset + VenueCancelRejectEncoder.orderIdEncodingOffset(), VenueCancelRejectEncoder.BYTE_ORDER);
                final long requestId = buffer.getLong(bodyOffset +
                    VenueCancelRejectEncoder.requestIdEncodingOffset(), VenueCancelRejectEncoder.BYTE_ORDER);
                if (replacesRefusedTooLate.remove(requestId))
                {
                    // The gateway refused this replace TOO_LATE itself when the venue reported the order filled: the
                    // core has its answer, and the venue's refusal would reach it as a report of an unknown request.
                    LOG.debug("venue refusal of replace {} of order {} not forwarded: already refused too late " +
                        "(the venue reported the order filled)", requestId, orderId);
                    markForwarded(journalSeq);
                    return;
                }
                onAnswer(orderId);
                answered(orderId, requestId);
                break;
            }
            default:
                break;
        }
        final boolean forwarded = offer(buffer, index, length);
        if (0 != replaceOfFilledOrder)
        {
            refuseReplaceOfFilled(executionDecoder.orderId(), replaceOfFilledOrder, executionDecoder.venueId());
            replaceOfFilledOrder = 0;
        }
        if (forwarded)
        {
            markForwarded(journalSeq);
            if (VenueSessionStatusEncoder.TEMPLATE_ID == templateId)
            {
                final VenueState venue = venues.get(statusDecoder.venueId());
                if (null != venue)
                {
                    venue.coreTold = venue.loggedOn;
                }
            }
        }
    }

    /**
     * Any thread.
     *
     * @param venueId a configured venue.
     * @return whether the core was told the venue session is logged on (its status published to the core, so a
     * request the core routes there after this is not refused as "venue not connected").
     */
    public boolean coreToldLoggedOn(final int venueId)
    {
        final VenueState venue = venues.get(venueId);
        return null != venue && venue.coreTold;
    }

    private void markForwarded(final long journalSeq)
    {
        // A report not marked is handed to the core again after a restart (VenueClientFixApplication.replayUnforwarded).
        if (journalSeq > 0 && null != reportJournal)
        {
            reportJournal.forwarded(journalSeq);
        }
    }

    private void onSessionStatus(final int venueId, final VenueStatus status)
    {
        final VenueState venue = venues.get(venueId);
        if (null == venue)
        {
            return;
        }
        venue.loggedOn = status == VenueStatus.CONNECTED;
        venue.breaker.reset();
        // What was sent to the session that is gone can no longer be answered (a request is never resent to the next
        // session): its deadlines go with it, so none counts against the next session's breaker. The next logon asks.
        forgetQuestionsTo(venueId);
        if (venue.loggedOn)
        {
            // After a logon (venue restart, reconnect, gateway restart) nothing is assumed: every order the
            // journal holds as working at this venue is asked about, and the answers decide. Unanswered, a question
            // is asked again at each ack timeout, but does not count as a failure of this session.
            final int asked = askAboutWorkingOrders(venueId);
            if (asked > 0)
            {
                LOG.info("venue {} logged on: reconciling {} working orders with OrderStatusRequest", venueId, asked);
            }
        }
    }

    /**
     * The venue gap-filled sequence numbers (usually instead of resending what the gateway asked for): a fill among
     * them would not reach the core until the order's next report, so every working order there is asked about, as at
     * a logon. Orders already asked about are not asked twice; a request already waiting for its answer keeps its
     * deadline (and counts against the breaker if unanswered, as before).
     */
    private void onGapFill(final int venueId)
    {
        final VenueState venue = venues.get(venueId);
        if (null == venue || !venue.loggedOn)
        {
            return; // its logon asks
        }
        final int asked = askAboutWorkingOrders(venueId);
        if (asked > 0)
        {
            LOG.warn("venue {} gap-filled messages: reconciling {} working orders with OrderStatusRequest", venueId,
                asked);
        }
    }

    /**
     * An order request the venue asked to be resent was gap-filled instead ({@link VenueClientFixApplication#toApp}):
     * the venue asked for it because it has no record of receiving it (told to skip its sequence number, it never
     * will), but a venue that lost its inbound sequence numbers and kept its book asks again for what it applied. A
     * cancel or replace still pending is therefore decided by the venue's answer to an OrderStatusRequest about the
     * order (asked now if not already), as any pending request is ({@link #onOrderStatus}), and refused as not
     * delivered (VENUE_TIMEOUT) when that answer shows it not applied. A new order still unanswered
     * is left to the venue's answer to the OrderStatusRequest about it (asked at the logon; asked now if not): unknown
     * there, it is rejected as never delivered rather than canceled as lost. Anything else (answered, or of an order
     * done) was delivered after all, or no longer matters.
     */
    private void onNotDelivered(final long orderId, final long requestId, final int venueId)
    {
        if (journal.venueOf(orderId) == VenueOrderJournal.UNKNOWN)
        {
            return;
        }
        if (0 == requestId)
        {
            if (pendingNews.contains(orderId))
            {
                journal.onUndelivered(orderId);
                if (!statusAsked.contains(orderId))
                {
                    requestStatus(orderId);
                    expectAck(orderId);
                }
            }
            return;
        }
        final boolean replace = journal.pendingRequest(orderId, true) == requestId;
        if (!replace && journal.pendingRequest(orderId, false) != requestId)
        {
            return;
        }
        gapFilledRequests.add(requestId);
        LOG.info("venue {} asked again for the {} {} of order {} (gap-filled at its resend request): asking the " +
            "venue whether it applied it", venueId, replace ? "replace" : "cancel", requestId, orderId);
        if (!statusAsked.contains(orderId))
        {
            requestStatus(orderId);
            expectAck(orderId);
        }
    }

    /**
     * The venue reports the order filled while a replace of it is pending: it did not apply the replace (its REPLACED
     * would have come first) and, the order being done, never will; a venue that stops before refusing it would leave
     * the core holding the order open for it (a fill within a pending raise waits for the replace's answer). The
     * replace is refused TOO_LATE_TO_CANCEL right after the fill reaches the core, which then closes the order FILLED
     * (as when the venue refuses a raise after filling the order: its reports said the raised quantity meanwhile). A
     * pending cancel needs nothing here: the fill closes the order and the core answers the cancel too late itself. A
     * later refusal by the venue itself finds the request answered (the core ignores it).
     */
    private void refusePendingReplaceOfFilled(final long orderId, final int venueId)
    {
        final long replaceId = journal.pendingRequest(orderId, true);
        if (0 != replaceId)
        {
            answered(orderId, replaceId);
            refuseReplaceOfFilled(orderId, replaceId, venueId);
        }
    }

    private void refuseReplaceOfFilled(final long orderId, final long replaceId, final int venueId)
    {
        if (replacesRefusedTooLate.size() >= VenueOrderJournal.DEFAULT_DONE_ORDERS_RETAINED)
        {
            // A venue that never refuses such a replace itself: forget them all at once (a late refusal of one of
            // them is then forwarded after all, and counted by the core as for an unknown request, as before).
            replacesRefusedTooLate.clear();
        }
        replacesRefusedTooLate.add(replaceId);
        publishCancelReject(orderId, replaceId, venueId, CancelRejectResponseTo.REPLACE,
            RejectReason.TOO_LATE_TO_CANCEL, REPLACE_TOO_LATE_TEXT);
    }

    /**
     * Asks the venue about each of its working orders not already asked about; a question sent this way is asked again
     * when unanswered but does not count as a failure of the session (its breaker).
     *
     * @return how many were asked.
     */
    private int askAboutWorkingOrders(final int venueId)
    {
        final long deadline = clock.nanoTime() + ackTimeoutNanos;
        int asked = 0;
        for (final long orderId : journal.workingOrdersAt(venueId))
        {
            if (statusAsked.contains(orderId))
            {
                continue; // its open question's answer settles it
            }
            requestStatus(orderId);
            asked++;
            if (!ackDeadlines.containsKey(orderId))
            {
                ackDeadlines.put(orderId, deadline);
                askedAtLogon.add(orderId);
            }
        }
        return asked;
    }

    /**
     * Drops the ack deadlines and open questions of the orders at a venue whose session ended or began.
     */
    private void forgetQuestionsTo(final int venueId)
    {
        final Long2LongHashMap.KeyIterator it = ackDeadlines.keySet().iterator();
        while (it.hasNext())
        {
            final long orderId = it.nextValue();
            if (journal.venueOf(orderId) == venueId)
            {
                it.remove();
                statusAsked.remove(orderId);
                askedAtLogon.remove(orderId);
                forgetSilence(orderId);
            }
        }
        final Long2LongHashMap.KeyIterator asked = questionsOpen.keySet().iterator();
        while (asked.hasNext())
        {
            final long orderId = asked.nextValue();
            if (journal.venueOf(orderId) == venueId)
            {
                asked.remove();
                answersBeforeRequest.remove(orderId);
            }
        }
    }

    /**
     * The order's cancel or replace is answered (by the venue or by this gateway): journaled, and no longer gap-filled.
     */
    private void answered(final long orderId, final long requestId)
    {
        gapFilledRequests.remove(requestId);
        journal.onAnswered(orderId, requestId);
    }

    /**
     * Forgets all the agent holds about the order and journals it done (which also ends its pending cancel or
     * replace): called before any other journal.onDone of it, so its gap-filled requests are still found.
     */
    private void clearAllPending(final long orderId)
    {
        pendingNews.remove(orderId);
        gapFilledRequests.remove(journal.pendingRequest(orderId, false));
        gapFilledRequests.remove(journal.pendingRequest(orderId, true));
        questionsOpen.remove(orderId);
        answersBeforeRequest.remove(orderId);
        statusAsked.remove(orderId);
        askedAtLogon.remove(orderId);
        ackDeadlines.remove(orderId);
        forgetSilence(orderId);
        journal.onDone(orderId); // also ends its pending cancel or replace
    }

    /**
     * The venue answered something about the order: its request is no longer unanswered, unless an OrderStatusRequest
     * about it is still open (that one is settled by its own answer, or asked again at the deadline).
     */
    private void forgetSilence(final long orderId)
    {
        silentTimeouts.remove(orderId);
        unansweredQuestions.remove(orderId);
    }

    /**
     * Counts an ExecutionReport of the venue that is not forwarded as a {@code VenueExecution} (a status answer, a
     * pending acknowledgement) in its reports in, as those forwarded are ({@link #onExecution}).
     */
    private void countReportIn(final int venueId)
    {
        final VenueState venue = venues.get(venueId);
        if (null != venue)
        {
            venue.counters.reportsIn().incrementRelease();
        }
    }

    private void onAnswer(final long orderId)
    {
        venueAnswered(orderId);
        if (!statusAsked.contains(orderId))
        {
            ackDeadlines.remove(orderId);
            forgetSilence(orderId);
        }
    }

    /**
     * Notes that the order's venue answered something: its next timed-out question counts as a failure only if it is
     * a request's first (a slow order at a venue that answers others is one failure, not one per question).
     */
    private void venueAnswered(final long orderId)
    {
        final long venueId = journal.venueOf(orderId);
        final VenueState venue = venueId == VenueOrderJournal.UNKNOWN ? null : venues.get((int)venueId);
        if (null != venue)
        {
            venue.answeredSinceFailure = true;
        }
    }

    /**
     * Sends an OrderStatusRequest (35=H) about a working order, naming its current venue ClOrdID.
     */
    private void requestStatus(final long orderId)
    {
        final long venueId = journal.venueOf(orderId);
        final VenueState venue = venueId == VenueOrderJournal.UNKNOWN ? null : venues.get((int)venueId);
        if (null == venue || !venue.loggedOn)
        {
            return; // asked again when the venue logs on
        }
        final OrderStatusRequest fix = new OrderStatusRequest(
            new ClOrdID(VenueClOrdId.format(runId(), orderId, currentRequestId(orderId))),
            new quickfix.field.Side(journal.sideOf(orderId)));
        fix.set(new quickfix.field.Symbol(journal.symbolOf(orderId)));
        fix.set(new quickfix.field.OrdStatusReqID("R" + orderId));
        statusRequests.increment();
        statusAsked.add(orderId);
        if (send(fix, venue))
        {
            questionsOpen.put(orderId, questionsOpen.get(orderId) + 1);
        }
    }

    /**
     * The venue's answer to an OrderStatusRequest decides the order's state: fills it reports are forwarded (the
     * core books a fill once, by cumulative quantity), a done order is closed, an order the venue does not know is
     * canceled with a Text saying the venue lost it (rejected as not delivered if its NewOrderSingle was gap-filled,
     * {@link #onNotDelivered}), and a cancel or replace the venue never received is refused so the core's request no
     * longer waits (a replace of a filled order as too late, after the fill).
     */
    private void onOrderStatus(final MutableDirectBuffer buffer, final int index, final int length)
    {
        int i = index;
        final long orderId = buffer.getLong(i);
        final long requestId = buffer.getLong(i += Long.BYTES);
        final long ordStatus = buffer.getLong(i += Long.BYTES);
        final long cumQty = buffer.getLong(i += Long.BYTES);
        final long leavesQty = buffer.getLong(i += Long.BYTES);
        final long avgPx = buffer.getLong(i += Long.BYTES);
        final long orderQty = buffer.getLong(i += Long.BYTES);
        final long price = buffer.getLong(i += Long.BYTES);
        countReportIn((int)buffer.getLong(i += Long.BYTES));
        final boolean resent = 0 != buffer.getLong(i += Long.BYTES);
        i += Long.BYTES;
        final String venueText = buffer.getStringWithoutLengthUtf8(i, index + length - i);
        venueAnswered(orderId);
        if (0 != requestId && !journal.wasHandled(requestId) && journal.venueOf(orderId) != VenueOrderJournal.UNKNOWN)
        {
            // The gateway asks under the order's current ClOrdID; a venue answering under a cancel or replace the
            // gateway never sent is not describing this order: its word does not close it. The question stays open.
            malformedStatusAnswers.increment();
            LOG.warn("venue status answer for order {} names request {}, which the gateway never sent: not acted " +
                "on ({}); the order is asked about again", orderId, requestId, venueText);
            return;
        }
        // A resent (PossDup) answer was asked for by a session that is gone (its questions forgotten at the logon):
        // it answers none of this session's questions, and may describe the order before its pending request.
        if (!resent)
        {
            statusAsked.remove(orderId);
            askedAtLogon.remove(orderId);
            ackDeadlines.remove(orderId);
            forgetSilence(orderId);
        }
        final boolean beforeRequest = resent || answerPredatesRequest(orderId);
        final long venueOf = journal.venueOf(orderId);
        if (venueOf == VenueOrderJournal.UNKNOWN)
        {
            return; // already done: a report crossed the question
        }
        final int venueId = (int)venueOf;
        final VenueState venue = venues.get(venueId);
        if (null != venue && venue.breaker.probing() && venue.probeOrderId == orderId && venue.breaker.onSuccess())
        {
            LOG.info("venue {} circuit breaker closed: it answered the probing OrderStatusRequest", venueId);
            publishStatus(venueId, VenueStatus.CONNECTED);
        }
        if (ordStatus == VenueClientFixApplication.UNKNOWN_ORDER_STATUS && journal.isUndelivered(orderId))
        {
            // Never delivered (gap-filled at the venue's resend request) and never acknowledged: rejected, not lost.
            LOG.info("venue {} does not know order {}, which never reached it (OrderStatusRequest: {}): reported " +
                "rejected as not delivered", venueId, orderId, venueText);
            offer(outBuffer, 0, venueInMessages.execution(orderId, 0, venueId, ExecType.REJECTED,
                RejectReason.VENUE_TIMEOUT, price, orderQty, 0, 0, 0, 0, 0, epochClock.nanoTime(),
                ORDER_NOT_DELIVERED_TEXT));
            clearAllPending(orderId);
            return;
        }
        if (ordStatus == VenueClientFixApplication.UNKNOWN_ORDER_STATUS)
        {
            lostOrders.increment();
            if (lostOrderLines.onEvent(venueId, clock.nanoTime()))
            {
                LOG.info("venue {} does not know order {} (OrderStatusRequest: {}): reported canceled", venueId,
                    orderId, venueText);
            }
            else
            {
                LOG.debug("venue {} does not know order {} (OrderStatusRequest: {}): reported canceled", venueId,
                    orderId, venueText);
            }
            offer(outBuffer, 0, venueInMessages.execution(orderId, 0, venueId, ExecType.CANCELED,
                RejectReason.VENUE_LOST_ORDER, price, orderQty, 0, 0, 0, 0, 0, epochClock.nanoTime(),
                FixRejectReasons.describe(RejectReason.VENUE_LOST_ORDER)));
            clearAllPending(orderId); // journals it done
            return;
        }
        if (cumQty > 0)
        {
            // lastQty = cumQty at lastPx = AvgPx: the whole of the venue's fills as one. The core books only what it
            // has not booked yet (cumQty is the key), at the price that part implies from avgPx and its own fills.
            offer(outBuffer, 0, venueInMessages.execution(orderId, 0, venueId,
                ordStatus == OrdStatus.FILLED ? ExecType.FILL : ExecType.PARTIAL_FILL, RejectReason.NONE, price,
                orderQty, cumQty, Math.max(0, avgPx), cumQty, ordStatus == OrdStatus.FILLED ? 0 : leavesQty, avgPx,
                epochClock.nanoTime(), "fills reported by OrderStatusRequest"));
        }
        switch ((char)ordStatus)
        {
            case OrdStatus.FILLED:
                refusePendingReplaceOfFilled(orderId, venueId);
                clearAllPending(orderId);
                break;
            case OrdStatus.CANCELED:
            case OrdStatus.EXPIRED:
            case OrdStatus.REJECTED:
            case OrdStatus.DONE_FOR_DAY:
            {
                final ExecType execType = ordStatus == OrdStatus.CANCELED ? ExecType.CANCELED :
                    ordStatus == OrdStatus.REJECTED ? ExecType.REJECTED : ExecType.EXPIRED;
                offer(outBuffer, 0, venueInMessages.execution(orderId, 0, venueId, execType,
                    execType == ExecType.REJECTED ? RejectReason.VENUE_REJECT : RejectReason.NONE, price, orderQty, 0,
                    0, cumQty, 0, avgPx, epochClock.nanoTime(), "order status at the venue: " +
                    FixOrderEnums.ordStatusName((char)ordStatus) +
                    (venueText.isEmpty() ? "" : " (" + venueText + ")")));
                clearAllPending(orderId); // journals it done
                break;
            }
            default:
            {
                // Working at the venue: acknowledged (the core ignores an ack of an acknowledged order, and after a
                // gateway restart the adapter may not know which orders were pending new). Journaled when it was
                // pending new or never delivered: a restart then knows the venue has it.
                if (pendingNews.remove(orderId) || journal.isUndelivered(orderId))
                {
                    journal.onKnownAtVenue(orderId);
                }
                offer(outBuffer, 0, venueInMessages.execution(orderId, 0, venueId, ExecType.NEW, RejectReason.NONE,
                    price, orderQty, 0, 0, cumQty, leavesQty, avgPx, epochClock.nanoTime(),
                    "acknowledged by OrderStatusRequest"));
                final long cancelId = journal.pendingRequest(orderId, false);
                final long replaceId = journal.pendingRequest(orderId, true);
                if (beforeRequest && (0 != cancelId || 0 != replaceId) && resent)
                {
                    LOG.debug("venue {} resent an earlier session's answer about order {}: its pending request waits " +
                        "for the answer to the question asked since", venueId, orderId);
                    break;
                }
                if (beforeRequest && (0 != cancelId || 0 != replaceId))
                {
                    // Asked before the pending request was sent: the answer cannot tell whether it was applied.
                    LOG.debug("venue {} answered about order {} as it was before its pending request: asked again",
                        venueId, orderId);
                    requestStatus(orderId);
                    expectAck(orderId);
                    break;
                }
                if (0 != cancelId)
                {
                    final boolean gapFilled = gapFilledRequests.contains(cancelId);
                    answered(orderId, cancelId);
                    publishCancelReject(orderId, cancelId, venueId, CancelRejectResponseTo.CANCEL,
                        RejectReason.VENUE_TIMEOUT, gapFilled ? CANCEL_NOT_DELIVERED_TEXT :
                        "the venue did not receive the cancel (the order is still working there): send it again");
                }
                if (0 != replaceId)
                {
                    settlePendingReplace(orderId, replaceId, venueId, ordStatus, orderQty, price, cumQty, leavesQty,
                        avgPx);
                }
                break;
            }
        }
    }

    /**
     * Counts one answer to the OrderStatusRequests about the order.
     *
     * @return whether it answers a question asked before the order's pending cancel or replace was sent.
     */
    private boolean answerPredatesRequest(final long orderId)
    {
        final long questions = questionsOpen.get(orderId);
        if (questions > 1)
        {
            questionsOpen.put(orderId, questions - 1);
        }
        else
        {
            questionsOpen.remove(orderId);
        }
        final long before = answersBeforeRequest.get(orderId);
        if (before > 1)
        {
            answersBeforeRequest.put(orderId, before - 1);
        }
        else
        {
            answersBeforeRequest.remove(orderId);
        }
        return before > 0;
    }

    /**
     * The venue answers an OrderStatusRequest that the order is working while a replace of it is pending (asked after
     * its session dropped: the replace, or the venue's answer to it, may be lost). The answer names the ClOrdID it was
     * asked about, not the request it describes, so its terms decide: the replace's new terms mean the venue applied
     * it (REPLACED to the core, as the venue's own Replaced report would: the core applies it once, a later one is
     * ignored), the old terms mean it did not (refused as not received: send it again). Terms that tell neither (the
     * replace kept them, or they were not journaled: an order of an earlier release) leave it as before: refused
     * unless the venue says Replaced, and one WARN says what ops should check, since the core may hold the replace
     * pending. A replace gap-filled at the venue's resend request and not shown applied is refused as not delivered.
     */
    private void settlePendingReplace(
        final long orderId,
        final long replaceId,
        final int venueId,
        final long ordStatus,
        final long orderQty,
        final long price,
        final long cumQty,
        final long leavesQty,
        final long avgPx)
    {
        final ReplaceTerms.Verdict verdict = journal.replaceVerdict(orderId, orderQty, price);
        final boolean gapFilled = gapFilledRequests.remove(replaceId);
        if (verdict == ReplaceTerms.Verdict.APPLIED)
        {
            journal.onReplaced(orderId, replaceId);
            answered(orderId, replaceId);
            LOG.info("venue {} reports order {} on the terms of its pending replace {} (OrderStatusRequest): " +
                "reported replaced", venueId, orderId, replaceId);
            offer(outBuffer, 0, venueInMessages.execution(orderId, replaceId, venueId, ExecType.REPLACED,
                RejectReason.NONE, price, orderQty, 0, 0, cumQty, leavesQty, avgPx, epochClock.nanoTime(),
                "replaced (order status at the venue)"));
            return;
        }
        answered(orderId, replaceId);
        if (gapFilled && !(verdict == ReplaceTerms.Verdict.UNKNOWN && (char)ordStatus == OrdStatus.REPLACED))
        {
            // Gap-filled, and the answer does not show it applied: not delivered, as the venue's resend request said.
            // Terms that tell nothing with OrdStatus Replaced may be this replace applied: decided below, as any.
            publishCancelReject(orderId, replaceId, venueId, CancelRejectResponseTo.REPLACE,
                RejectReason.VENUE_TIMEOUT, REPLACE_NOT_DELIVERED_TEXT);
            return;
        }
        if (verdict == ReplaceTerms.Verdict.UNKNOWN)
        {
            LOG.warn("venue {} answered the OrderStatusRequest about order {} ({}) with terms that do not tell " +
                "whether it applied the pending replace {}: {}; check the order at the venue (cancel it there if " +
                "needed)", venueId, orderId, FixOrderEnums.ordStatusName((char)ordStatus), replaceId,
                (char)ordStatus == OrdStatus.REPLACED ? "the replace stays pending in the core until a venue report " +
                "settles the order" : "refused to the core as not received");
        }
        if (verdict == ReplaceTerms.Verdict.NOT_APPLIED || (char)ordStatus != OrdStatus.REPLACED)
        {
            publishCancelReject(orderId, replaceId, venueId, CancelRejectResponseTo.REPLACE,
                RejectReason.VENUE_TIMEOUT, REPLACE_NOT_RECEIVED_TEXT);
        }
    }

    private void onExecution(
        final VenueExecutionDecoder execution, final MutableDirectBuffer buffer, final int bodyOffset, final long now)
    {
        final long orderId = execution.orderId();
        final ExecType execType = execution.execType();
        final long requestId = execution.requestId();
        onAnswer(orderId);
        pendingNews.remove(orderId);

        final VenueState venue = venues.get(execution.venueId());
        if (null != venue)
        {
            venue.counters.reportsIn().incrementRelease();
            // A business reject is an answer (the venue is up and refused this one order): only a session-level
            // reject (MALFORMED_MESSAGE, see VenueClientFixApplication) counts against the venue's breaker.
            if (execType == ExecType.REJECTED && execution.rejectReason() == RejectReason.MALFORMED_MESSAGE)
            {
                if (venue.breaker.onFailure(now, false))
                {
                    breakerOpened(venue, orderId, "the venue rejected its NewOrderSingle at session level: check " +
                        "that the gateway's FIX messages (FIX 4.4, the fields the venue requires) suit the venue");
                }
            }
            else if (venue.breaker.onSuccess())
            {
                LOG.info("venue {} circuit breaker closed: probe answered", venue.config.venueId());
                publishStatus(venue.config.venueId(), VenueStatus.CONNECTED);
            }
        }

        switch (execType)
        {
            case REPLACED:
                journal.onReplaced(orderId, requestId);
                answered(orderId, requestId);
                break;
            case CANCELED:
                if (requestId != 0 && requestId == journal.currentRequestId(orderId))
                {
                    // Unsolicited cancel of a replaced order: it carries the replace's ClOrdID but answers nothing.
                    buffer.putLong(bodyOffset + VenueExecutionEncoder.requestIdEncodingOffset(), 0,
                        VenueExecutionEncoder.BYTE_ORDER);
                }
                clearAllPending(orderId); // journals it done
                break;
            case FILL:
                // Answered now (the journal), refused to the core once the fill is forwarded (onInboxMessage).
                replaceOfFilledOrder = journal.pendingRequest(orderId, true);
                if (0 != replaceOfFilledOrder)
                {
                    answered(orderId, replaceOfFilledOrder);
                }
                clearAllPending(orderId);
                break;
            case REJECTED:
            case EXPIRED:
                if (execType != ExecType.REJECTED || requestId == 0)
                {
                    clearAllPending(orderId); // journals it done
                }
                break;
            default:
                break;
        }
    }

    private int onTimer(final long now)
    {
        int work = lostOrderLines.endQuiet(now);
        if (!ackDeadlines.isEmpty())
        {
            final Long2LongHashMap.EntryIterator it = ackDeadlines.entrySet().iterator();
            while (it.hasNext())
            {
                it.next();
                // Expired only if the venue's answers received before the deadline have all been applied: an answer
                // waiting in our own inbox is not the venue's delay.
                if (inboxReadUpToNanos - it.getLongValue() >= 0)
                {
                    final long orderId = it.getLongKey();
                    it.remove();
                    work++;
                    ackTimeouts.increment();
                    final VenueState venue = venues.get((int)journal.venueOf(orderId));
                    final long silent = silentTimeouts.get(orderId) + 1;
                    silentTimeouts.put(orderId, silent);
                    if (statusAsked.contains(orderId))
                    {
                        unansweredQuestions.put(orderId, unansweredQuestions.get(orderId) + 1);
                    }
                    if (1 == silent)
                    {
                        LOG.warn("no venue answer for order {} within the ack timeout: asking its status (asked " +
                            "again at doubling intervals up to {} s while unanswered, logged at DEBUG)", orderId,
                            TimeUnit.NANOSECONDS.toSeconds(statusRetryMaxNanos()));
                    }
                    else if (LOG.isDebugEnabled())
                    {
                        LOG.debug("still no venue answer for order {} ({} ack timeouts in a row): asking its status " +
                            "again", orderId, silent);
                    }
                    // One failure per unanswered request (its first timeout), not one per question asked about it
                    // again while the venue answers others; every one while the venue answers nothing at all; a
                    // probe's question whenever it goes unanswered (it re-opens the breaker).
                    if (null != venue && venue.loggedOn && !askedAtLogon.contains(orderId) &&
                        (1 == silent || !venue.answeredSinceFailure ||
                        (venue.breaker.probing() && venue.probeOrderId == orderId)))
                    {
                        venue.answeredSinceFailure = false;
                        if (venue.breaker.onFailure(now, true))
                        {
                            breakerOpened(venue, orderId, "the venue did not answer a request about it within " +
                                Gateway.CIRCUIT_ACK_TIMEOUT_MS.name() + " (" +
                                TimeUnit.NANOSECONDS.toMillis(ackTimeoutNanos) +
                                " ms): check that the venue is up and answers on its session (its logs, its load)");
                        }
                    }
                    timedOut.addLong(orderId);
                }
            }
            for (int i = 0; i < timedOut.size(); i++)
            {
                // Unanswered requests are resolved with an OrderStatusRequest; asked again if that goes unanswered.
                final long orderId = timedOut.getLong(i);
                final long venueId = journal.venueOf(orderId);
                final VenueState venue = venueId == VenueOrderJournal.UNKNOWN ? null : venues.get((int)venueId);
                if (null != venue && venue.loggedOn && statusMaxRequests > 0 &&
                    unansweredQuestions.get(orderId) >= statusMaxRequests)
                {
                    stopAsking(orderId, venue);
                }
                else if (null != venue && venue.loggedOn)
                {
                    requestStatus(orderId);
                    ackDeadlines.put(orderId, now + statusRetryNanos(silentTimeouts.get(orderId)));
                }
                else
                {
                    // Done, or its venue is down: a venue that logs on again is asked about it then.
                    statusAsked.remove(orderId);
                    askedAtLogon.remove(orderId);
                    forgetSilence(orderId);
                }
            }
            timedOut.clear();
        }

        for (final VenueState venue : venues.values())
        {
            venue.counters.circuitState().setRelease(venue.breaker.state().ordinal());
            boolean probeFree = false;
            if (venue.breaker.onTimer(now))
            {
                work++;
                probeFree = true;
                if (0 == venue.breaker.failedProbes())
                {
                    LOG.info("venue {} circuit breaker HALF_OPEN: next order is a probe (each failed probe re-opens " +
                        "it, logged at DEBUG)", venue.config.venueId());
                }
                publishStatus(venue.config.venueId(), VenueStatus.CIRCUIT_HALF_OPEN);
            }
            if (venue.breaker.probing() && !ackDeadlines.containsKey(venue.probeOrderId))
            {
                // The probe was answered with something that neither closes nor re-opens the breaker (a pending
                // ack, the refusal of a probing replace): it gives its turn up.
                venue.breaker.releaseProbe();
                probeFree = true;
            }
            if (probeFree)
            {
                work += askingProbe(venue, now);
            }
        }
        return work;
    }

    /**
     * Publishes an opened breaker; the first opening is a WARN naming its cause and what to do, a re-opening by a
     * failed probe (every cool-down while the venue stays in trouble) only a DEBUG line. Allocates (the text).
     *
     * @param orderId the order whose request failed last.
     * @param cause   what failed, and the advice.
     */
    private void breakerOpened(final VenueState venue, final long orderId, final String cause)
    {
        final CircuitBreaker breaker = venue.breaker;
        final int venueId = venue.config.venueId();
        if (0 == breaker.failedProbes())
        {
            LOG.warn("venue {} circuit breaker OPEN after {} consecutive failures ({}), the last one order {} " +
                "(ClOrdID {}): {}. New orders and replaces to venue {} are rejected CIRCUIT_BREAKER_OPEN (cancels " +
                "pass) until a probe, {} ms ({}) after each opening, is answered", venueId,
                breaker.consecutiveFailures(), Gateway.CIRCUIT_FAILURES.name(), orderId,
                VenueClOrdId.format(runId(), orderId, currentRequestId(orderId)), cause, venueId,
                TimeUnit.NANOSECONDS.toMillis(breaker.coolDownNanos()), Gateway.CIRCUIT_COOL_DOWN_MS.name());
        }
        else
        {
            LOG.debug("venue {} circuit breaker OPEN again: probe {} (order {}) failed: {}", venueId,
                breaker.failedProbes(), orderId, cause);
        }
        publishStatus(venueId, VenueStatus.CIRCUIT_OPEN);
    }

    /**
     * The venue left {@link #statusMaxRequests} questions about the order unanswered: asking on would only load a venue
     * that is not answering, and guessing the order's state (canceled, lost) could double or lose it. The order stays
     * as the core last knew it (working, any cancel or replace of it pending) until the venue reports on it or answers
     * the questions the session's next logon asks; ops check it at the venue meanwhile. A cancel or replace of it
     * gap-filled at the venue's resend request is refused as not delivered instead: the venue's resend request said
     * it never got it, and the answer that could have shown it applied did not come.
     */
    private void stopAsking(final long orderId, final VenueState venue)
    {
        refuseGapFilledUnanswered(orderId, venue.config.venueId(), false);
        refuseGapFilledUnanswered(orderId, venue.config.venueId(), true);
        statusUnanswered.increment();
        LOG.warn("venue {} left {} OrderStatusRequests in a row about order {} (ClOrdID {}) unanswered: no longer " +
            "asked ({} reached); the order stays as the core last knew it: check it at the venue, and cancel it there " +
            "or through the admin API if it is gone (the venue session's next logon asks about it again)",
            venue.config.venueId(), unansweredQuestions.get(orderId), orderId,
            VenueClOrdId.format(runId(), orderId, currentRequestId(orderId)),
            Gateway.VENUE_STATUS_MAX_REQUESTS.name());
        statusAsked.remove(orderId);
        askedAtLogon.remove(orderId);
        forgetSilence(orderId);
    }

    private void refuseGapFilledUnanswered(final long orderId, final int venueId, final boolean replace)
    {
        final long requestId = journal.pendingRequest(orderId, replace);
        if (0 == requestId || !gapFilledRequests.remove(requestId))
        {
            return;
        }
        LOG.warn("venue {} left the OrderStatusRequests about order {} unanswered: its {} {}, gap-filled at the " +
            "venue's resend request, is refused to the core as not delivered", venueId, orderId,
            replace ? "replace" : "cancel", requestId);
        answered(orderId, requestId);
        publishCancelReject(orderId, requestId, venueId,
            replace ? CancelRejectResponseTo.REPLACE : CancelRejectResponseTo.CANCEL, RejectReason.VENUE_TIMEOUT,
            replace ? REPLACE_NOT_DELIVERED_TEXT : CANCEL_NOT_DELIVERED_TEXT);
    }

    /**
     * @param silentTimeouts ack timeouts in a row the order has had.
     * @return how long to wait for the answer to the next question about it: the ack timeout after the first timeout,
     * doubling after each further one, at most {@link #statusRetryMaxNanos()}.
     */
    private long statusRetryNanos(final long silentTimeouts)
    {
        final long max = statusRetryMaxNanos();
        long wait = ackTimeoutNanos;
        for (long i = 1; i < silentTimeouts && wait < max; i++)
        {
            wait <<= 1;
        }
        return Math.min(wait, max);
    }

    private long statusRetryMaxNanos()
    {
        return Math.max(ackTimeoutNanos, STATUS_RETRY_MAX_NANOS);
    }

    /**
     * Keeps a half-open breaker opened by unanswered requests from waiting for an order that may never come: it is
     * probed by asking the venue about one of its working orders (OrderStatusRequest); the answer closes it, no answer
     * within the ack timeout re-opens it. With no working order there, the next order is the probe. Called when the
     * probe's turn becomes free; allocates (the working orders' array).
     */
    private int askingProbe(final VenueState venue, final long now)
    {
        final CircuitBreaker breaker = venue.breaker;
        if (!venue.loggedOn || !breaker.wantsAskingProbe())
        {
            return 0;
        }
        final long[] working = journal.workingOrdersAt(venue.config.venueId());
        if (0 == working.length || !breaker.tryAcquire())
        {
            return 0; // nothing to ask about: the next order is the probe
        }
        final long orderId = working[0];
        venue.probeOrderId = orderId;
        askedAtLogon.remove(orderId); // the probe measures this session
        requestStatus(orderId);
        ackDeadlines.put(orderId, now + ackTimeoutNanos);
        if (0 == breaker.failedProbes())
        {
            LOG.info("venue {} circuit breaker HALF_OPEN: probing with an OrderStatusRequest about order {}",
                venue.config.venueId(), orderId);
        }
        return 1;
    }

    private void rejectNewOrder(final VenueNewOrderDecoder order, final RejectReason reason, final String text)
    {
        offer(outBuffer, 0, venueInMessages.execution(order.orderId(), 0, order.venueId(), ExecType.REJECTED, reason,
            order.price(), order.quantity(), 0, 0, 0, 0, 0, epochClock.nanoTime(), text));
    }

    private void publishCancelReject(
        final long orderId,
        final long requestId,
        final int venueId,
        final CancelRejectResponseTo responseTo,
        final RejectReason reason,
        final String text)
    {
        offer(outBuffer, 0,
            venueInMessages.cancelReject(orderId, requestId, venueId, responseTo, reason, epochClock.nanoTime(), text));
    }

    private void publishStatus(final int venueId, final VenueStatus status)
    {
        statusEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .venueId(venueId)
            .status(status)
            .timestamp(epochClock.nanoTime());
        offer(outBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + statusEncoder.encodedLength());
    }

    private boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = venueIn.offer(buffer, offset, length);
        if (result > 0)
        {
            return true;
        }
        droppedMessages.increment();
        LOG.error("venue message to the core dropped: {} ({})", RetryingPublication.describe(result), result);
        return false;
    }

    private LocalDateTime utc(final long epochNanos)
    {
        return FixTimestamps.utc(epochNanos > 0 ? epochNanos : epochClock.nanoTime());
    }

    /**
     * What a core journal shows the core still waiting for (start-up reconciliation only): per order, the request id
     * of its pending cancel and of its pending replace, and the venue each request went to.
     */
    private static final class CorePendingRequests
    {
        private final Long2LongHashMap cancels = new Long2LongHashMap(0);
        private final Long2LongHashMap replaces = new Long2LongHashMap(0);
        private final Long2LongHashMap venueOfRequest = new Long2LongHashMap(0);

        /** @return order id -> request id of the pending replaces (true) or cancels (false). */
        Long2LongHashMap of(final boolean replace)
        {
            return replace ? replaces : cancels;
        }

        int venueOf(final long requestId)
        {
            return (int)venueOfRequest.get(requestId);
        }

        void requested(final long orderId, final long requestId, final long venueId, final boolean replace)
        {
            of(replace).put(orderId, requestId);
            venueOfRequest.put(requestId, venueId);
        }

        /** A venue's answer (an execution or a cancel reject) settles the request it names, cancel or replace. */
        void answered(final long orderId, final long requestId)
        {
            settle(cancels, orderId, requestId);
            settle(replaces, orderId, requestId);
        }

        /** A final report ends whatever was pending on the order. */
        void orderDone(final long orderId)
        {
            cancels.remove(orderId);
            replaces.remove(orderId);
        }

        private static void settle(final Long2LongHashMap pending, final long orderId, final long requestId)
        {
            if (0 != requestId && pending.get(orderId) == requestId)
            {
                pending.remove(orderId);
            }
        }
    }

    private static final class VenueState
    {
        final VenueClientConfig config;
        final SessionID sessionId;
        final CircuitBreaker breaker;
        final GatewayCounters.Venue counters;
        final FairSendQueue sendQueue;
        boolean loggedOn;
        /** The order whose request (or status question) was let through a half-open breaker as its probe. */
        long probeOrderId;
        /**
         * The venue answered anything since its last failure counted: until it does, every timed-out question is a
         * failure, so a venue that answers nothing at all opens its breaker even when few orders wait on it.
         */
        boolean answeredSinceFailure = true;
        /** {@link #loggedOn} as last published to the core; read by other threads (start-up waits). */
        volatile boolean coreTold;

        VenueState(
            final VenueClientConfig config,
            final SessionID sessionId,
            final CircuitBreaker breaker,
            final GatewayCounters.Venue counters,
            final FairSendQueue sendQueue)
        {
            this.config = config;
            this.sessionId = sessionId;
            this.breaker = breaker;
            this.counters = counters;
            this.sendQueue = sendQueue;
        }
    }
}
