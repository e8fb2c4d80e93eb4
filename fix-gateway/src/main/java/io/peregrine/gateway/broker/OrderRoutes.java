package io.peregrine.gateway.broker;

import io.peregrine.gateway.store.FileChecksum;
import io.peregrine.gateway.store.RecordLog;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.TimeInForce;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.Object2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.SessionID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The broker side's map between each session's string ClOrdIDs and the int64 {@code clOrdId}s the gateway
 * allocates for the core, persisted in an append-only journal so that reports for orders placed before a
 * restart still reach the right session with the right ClOrdID, and a ClOrdID reused after a restart is still
 * a duplicate.
 * <p>
 * Journal: text records of a {@link RecordLog} (the lines of earlier versions, migrated unchanged), tab separated:
 * {@code N clOrdId rootClOrdId session account symbol side brokerClOrdId} for
 * every allocated id (root = the id of the order's NewOrderSingle), {@code I root orderId} when the core's order
 * id is learnt, {@code C root clOrdId} when a replace changed the order's current id, {@code D root [ordStatus]} when
 * it is done, with the last OrdStatus reported (the I record also names the Aeron session of the core run that
 * assigned the id, since core order ids restart with each core run). {@code P clOrdId ordType timeInForce price
 * quantity} precedes each N line in the same record (the request's terms) and {@code O clOrdId} follows once the
 * request was offered to the core: a route with terms and no O was taken from the broker but never reached the core,
 * and is offered after a restart ({@link #unoffered()}); {@code R clOrdId} instead when its offer failed and the
 * broker was told it was not sent (an OrderCancelReject): it is never offered. Records reach the OS before the matching SBE message is
 * offered (a process crash loses nothing; no fsync). A compacted journal, and one started beside a core journal that
 * already holds requests of this gateway ({@link #continueAfter}), also holds {@code L lastClOrdId} (the highest id
 * allocated before) and {@code K root session account symbol side orderId ordStatus brokerClOrdId} for each
 * ClOrdID of a retired order. Each OrderStatusRequest asked of the core is journaled before it is offered,
 * {@code S id session askedClOrdId brokerClOrdId} (its id is allocated like a clOrdId and is the SBE request's
 * clOrdId), and {@code A id} follows once it is answered: a request with no A was taken from the broker and never
 * answered, and is asked again after a restart unless the core journal shows the core received it
 * ({@link #takeStatusRequestsNeverReceived()}); a compaction keeps the S records without an A.
 * <p>
 * <b>Retention.</b> A done order (D: its final report went to the broker) keeps its full routes while it is one of
 * the {@code doneOrdersRetained} most recently done orders, so that late reports for it (the core's reject of a cancel
 * that crossed the fill, a final report delivered again after a crash) still reach the broker. Older done orders are
 * retired: their routes and their {@link Order} are dropped from the heap, and what remains, for the life of the journal
 * (the data directory: one trading day), is one off-heap record per ClOrdID ({@link RetiredClOrdIds}: memory-mapped
 * scratch files beside the journal, rebuilt from it at start), so that the heap stays bounded by the working and
 * retained orders however many orders the day sees. A retired
 * ClOrdID is still refused as a duplicate, and a cancel, replace or PossDup copy naming it finds a done order
 * ({@link #find}) with its core order id and last OrdStatus, so it gets a proper "too late" reject or status. A report
 * the core sends for a retired order's gateway clOrdId no longer finds a route ({@link #route} returns null). The
 * journal is compacted when the replay retired orders, in the background once the start is done
 * ({@link RecordLog#compactInBackground}: temporary file, fsync, atomic rename, the records appended meanwhile copied
 * over), with only the L record, the retired ClOrdIDs (K) and the records of the orders still held in
 * full, and the records of broker sessions no longer configured carried over unchanged (they are not replayed, but
 * come back if the session is configured again).
 * <p>
 * Thread-safe: QuickFIX/J threads allocate routes, the report agent updates orders. Each session's ClOrdIDs and the
 * route chain of its orders are guarded by the session's lock, the journal and the done orders' queue by this object's
 * (taken inside a session's lock, never the other way round). Allocates (edge); the maps are sized at construction
 * (not rehashed while orders arrive, up to the sizes given).
 */
public final class OrderRoutes implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(OrderRoutes.class);
    /** Done orders whose routes are kept in full by default (late reports for them still reach the broker). */
    public static final int DEFAULT_DONE_ORDERS_RETAINED = 65_536;
    /** ClOrdIDs of retired orders per broker session the off-heap index is sized for at start, by default. */
    public static final int DEFAULT_CLORDIDS_PER_SESSION = 262_144;

    private static final String WHAT = "ClOrdID journal";
    private static final float LOAD_FACTOR = 0.65f;
    /** Text records a compaction puts into one journal record (several lines, cut as one). */
    private static final int LINES_PER_RECORD = 256;
    /** Largest number of routes or done orders the maps are presized for. */
    private static final int PRESIZE_LIMIT = 1 << 22;

    /** What a route's clOrdId was allocated for. */
    public enum Kind
    {
        NEW, CANCEL, REPLACE
    }

    /**
     * One broker order across its cancel/replace chain. Fields the report agent updates are volatile.
     */
    public static final class Order
    {
        private final long rootClOrdId;
        private final SessionID sessionId;
        private final String account;
        private final String symbol;
        private final char side;
        private volatile long orderId;
        private volatile int orderIdCoreSession;
        private volatile long currentClOrdId;
        private volatile char lastOrdStatus = quickfix.field.OrdStatus.PENDING_NEW;
        private volatile boolean done;
        /** The order's newest route, linked to the older ones; null once retired. Guarded by the session's lock. */
        private Route lastRoute;
        /** Whether its routes were dropped (only its ClOrdIDs are known). Guarded by the session's lock. */
        private volatile boolean retired;
        /** A retired ClOrdID's record of the order once it was retired, else -1. Guarded by the session's lock. */
        private long retiredRecord = -1;

        Order(final long rootClOrdId, final SessionID sessionId, final String account, final String symbol,
            final char side)
        {
            this.rootClOrdId = rootClOrdId;
            this.sessionId = sessionId;
            this.account = account;
            this.symbol = symbol;
            this.side = side;
            this.currentClOrdId = rootClOrdId;
        }

        public long rootClOrdId()
        {
            return rootClOrdId;
        }

        public SessionID sessionId()
        {
            return sessionId;
        }

        public String account()
        {
            return account;
        }

        public String symbol()
        {
            return symbol;
        }

        public char side()
        {
            return side;
        }

        /**
         * @return the core's order id, 0 until the first report names it.
         */
        public long orderId()
        {
            return orderId;
        }

        /**
         * @param coreSession Aeron session of the current core run's egress.
         * @return the order id if it was assigned by that core run, else 0 (order ids restart with each core run:
         * an old one could name another order; 0 makes the core look the order up by clOrdId).
         */
        public long orderIdIn(final int coreSession)
        {
            return orderIdCoreSession == coreSession ? orderId : 0;
        }

        /**
         * @return the gateway clOrdId the order currently answers to (changes with each accepted replace).
         */
        public long currentClOrdId()
        {
            return currentClOrdId;
        }

        /**
         * @return last FIX OrdStatus reported to the broker.
         */
        public char lastOrdStatus()
        {
            return lastOrdStatus;
        }

        public void lastOrdStatus(final char ordStatus)
        {
            this.lastOrdStatus = ordStatus;
        }

        public boolean isDone()
        {
            return done;
        }

        /**
         * @return whether the order was retired: done long enough ago that only its ClOrdIDs, core order id and last
         * OrdStatus are kept (its gateway clOrdIds are forgotten).
         */
        public boolean isRetired()
        {
            return retired;
        }
    }

    /**
     * One allocated gateway clOrdId: which session's string ClOrdID it stands for, and the order it belongs to.
     */
    public static final class Route
    {
        private final long clOrdId;
        private final String brokerClOrdId;
        private final Kind kind;
        private final Order order;
        private final Terms terms;
        private boolean offered;
        private boolean offering;
        private volatile boolean reoffered;
        /** Whether the core journal showed the core never received the request (set at start, {@link #reconcile}). */
        private volatile boolean neverReceived;
        /** Whether its offer failed and the broker was told so: it is never offered (journal record R). */
        private boolean refused;
        /** The order's route allocated before this one, or null. Guarded by the session's lock. */
        private Route previousOfOrder;

        Route(final long clOrdId, final String brokerClOrdId, final Kind kind, final Order order, final Terms terms)
        {
            this.clOrdId = clOrdId;
            this.brokerClOrdId = brokerClOrdId;
            this.kind = kind;
            this.order = order;
            this.terms = terms;
        }

        /**
         * @return the request's terms as journaled (null for a route journaled before terms were recorded).
         */
        public Terms terms()
        {
            return terms;
        }

        /**
         * @return whether the request was offered to the core again after a restart to a core that may already have
         * it (its duplicate-ClOrdID refusal of the copy is then not the broker's business). Not when the core journal
         * showed the core never received it: a duplicate refusal then means another client used the ClOrdID on the
         * account, and it is the broker's answer.
         */
        public boolean wasReoffered()
        {
            return reoffered && !neverReceived;
        }

        /**
         * @return whether its offer failed and the broker was told it was not sent ({@link #onRefused}).
         */
        public synchronized boolean wasRefused()
        {
            return refused;
        }

        /**
         * @return the gateway clOrdId; 0 for the view {@link #find} gives of a retired order's ClOrdID.
         */
        public long clOrdId()
        {
            return clOrdId;
        }

        public String brokerClOrdId()
        {
            return brokerClOrdId;
        }

        public Kind kind()
        {
            return kind;
        }

        public Order order()
        {
            return order;
        }
    }

    /** Status requests asked about one gateway clOrdId and not answered yet, oldest first (answered in turn). */
    private static final class AskedStatus
    {
        private final Route route;
        private final LongArrayList requestIds = new LongArrayList();

        AskedStatus(final Route route)
        {
            this.route = route;
        }
    }

    /**
     * A status request an earlier run journaled ({@code S}) and never saw answered ({@code A}): its id (the SBE
     * request's clOrdId), the gateway clOrdId it asked about (its origClOrdId) and the route of the ClOrdID the broker
     * named (a view for a retired order).
     */
    public record StatusRequest(long id, long askedClOrdId, Route route)
    {
    }

    /** A replayed {@code S} record not answered yet: the session, the clOrdId asked, the ClOrdID the broker named. */
    private record JournaledStatusRequest(SessionID sessionId, long askedClOrdId, String brokerClOrdId)
    {
    }

    /**
     * What a NewOrderSingle or a replace asked for, journaled with its route so that a request the gateway took but
     * never handed to the core can be offered after a restart. Cancels carry none (0 / null).
     */
    public record Terms(OrdType ordType, TimeInForce timeInForce, long price, long quantity)
    {
        String record(final long clOrdId)
        {
            return "P\t" + clOrdId + '\t' + (null == ordType ? "-" : ordType.name()) + '\t' +
                (null == timeInForce ? "-" : timeInForce.name()) + '\t' + price + '\t' + quantity + '\n';
        }

        /** The terms of a cancel: nothing beyond its route. */
        public static final Terms NONE = new Terms(null, null, 0, 0);

        static Terms parse(final String[] parts)
        {
            return new Terms("-".equals(parts[2]) ? null : OrdType.valueOf(parts[2]),
                "-".equals(parts[3]) ? null : TimeInForce.valueOf(parts[3]), Long.parseLong(parts[4]),
                Long.parseLong(parts[5]));
        }
    }

    /**
     * One broker session's ClOrdIDs: those of orders held in full (to their routes) and those of retired orders (to
     * the order). Guarded by its own lock.
     */
    private static final class SessionClOrdIds
    {
        private final SessionID sessionId;
        private final Object2ObjectHashMap<String, Route> routed;
        private final RetiredClOrdIds retired;

        SessionClOrdIds(final SessionID sessionId, final int routedCapacity, final RetiredClOrdIds retired)
        {
            this.sessionId = sessionId;
            routed = new Object2ObjectHashMap<>(capacityFor(routedCapacity), LOAD_FACTOR);
            this.retired = retired;
        }

        boolean contains(final String brokerClOrdId)
        {
            return routed.containsKey(brokerClOrdId) || retired.find(sessionId, brokerClOrdId) >= 0;
        }
    }

    private final Map<Long, Route> byClOrdId;
    /**
     * Status requests asked of the core and not answered yet, by the gateway clOrdId they name. Guarded by its own
     * lock (taken after a session's, never the other way round).
     */
    private final Long2ObjectHashMap<AskedStatus> statusAsked = new Long2ObjectHashMap<>();
    /** Status requests the replay found unanswered, by id (start only). */
    private final java.util.TreeMap<Long, JournaledStatusRequest> replayedStatus = new java.util.TreeMap<>();
    /**
     * Status requests of earlier runs not answered, oldest first, until {@link #takeStatusRequestsNeverReceived}: less
     * those the core journal shows the core received ({@link #reconcileStatusRequests}). Start only.
     */
    private final List<StatusRequest> statusOfEarlierRuns = new ArrayList<>();
    private final Map<Long, Terms> replayedTerms = new java.util.HashMap<>();
    /**
     * A record of each retired order by root while the journal is replayed (a K record per ClOrdID; a late N of a
     * retired order finds its order there).
     */
    private final org.agrona.collections.Long2LongHashMap replayedRetired =
        new org.agrona.collections.Long2LongHashMap(-1);
    /** The ClOrdIDs of retired orders, off the heap. */
    private final RetiredClOrdIds retired;
    private final Map<SessionID, SessionClOrdIds> bySession = new ConcurrentHashMap<>();
    private final Map<Long, Order> orders;
    private final Map<String, SessionID> sessionsByKey;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final AtomicLong lastClOrdId = new AtomicLong();
    /** Done orders still held in full, oldest first. Guarded by this object's lock. */
    private final ArrayDeque<Order> doneOrders;
    private final int doneOrdersRetained;
    private final RecordLog journal;
    private volatile int coreSession;
    /** Set while retiring done orders fails (a full disk), for one WARN when it starts and one INFO when it ends. */
    private volatile boolean retireFailing;
    /** True while the constructor replays the journal (one thread). */
    private boolean replaying = true;
    private long retiredAtReplay;
    /** Records of broker sessions no longer configured, as replayed, for a compaction to carry over (start only). */
    private final List<String> foreignRecords = new ArrayList<>();
    /** The orders (roots) and gateway clOrdIds of those sessions: their I, C, O and D records (start only). */
    private final org.agrona.collections.LongHashSet foreignRoots = new org.agrona.collections.LongHashSet();
    private final org.agrona.collections.LongHashSet foreignClOrdIds = new org.agrona.collections.LongHashSet();
    /** Whether the start found records of broker sessions no longer configured (then a stop writes no snapshot). */
    private final boolean carriesForeignRecords;
    /**
     * Status requests journaled ({@code S}) and not answered ({@code A}), by id: what a start snapshot records of them.
     * Guarded by this object's lock, the journal's: changed with the record that changes it, so that a stop's snapshot
     * holds exactly the requests its journal length leaves unanswered.
     */
    private final java.util.TreeMap<Long, JournaledStatusRequest> unansweredStatus = new java.util.TreeMap<>();
    /** Orders retired since the journal was last compacted (a start compacts it when there are any). */
    private final AtomicLong retiredSinceCompaction = new AtomicLong();
    private final Path file;
    private final boolean startedFromSnapshot;
    /** Journal lines the start replayed (not counting a snapshot's). */
    private long journalLinesReplayed;
    /** Guarded by this object's lock. */
    private boolean closed;
    /**
     * Done orders taken off the queue of those held in full and not retired yet (nor put back): in neither what a
     * stop's snapshot writes of the orders held in full nor the retired ClOrdIDs it keeps, so no snapshot is written
     * while any is. Guarded by this object's lock.
     */
    private int retiring;
    /** Called at the points tests stop a thread at (the {@code _POINT} constants); production: none. */
    private final Consumer<String> testPoint;
    /** {@link #testPoint}: a done order was taken off the queue and is about to be retired. */
    static final String RETIRE_POINT = "retire";
    /** {@link #testPoint}: a status request was found answered and its {@code A} is about to be journaled. */
    static final String ANSWER_POINT = "answer";
    /** {@link #testPoint}: a start read a usable snapshot and mapped the scratch files, and has not deleted it yet. */
    static final String SNAPSHOT_READ_POINT = "snapshot-read";

    /**
     * Opens (creating if needed) the journal and replays it, with the default retention and sizes
     * ({@link #DEFAULT_DONE_ORDERS_RETAINED}, {@link #DEFAULT_CLORDIDS_PER_SESSION}).
     *
     * @param file     journal file.
     * @param sessions the configured broker sessions (records of other sessions are ignored).
     */
    public OrderRoutes(final Path file, final Collection<SessionID> sessions)
    {
        this(file, sessions, DEFAULT_DONE_ORDERS_RETAINED, DEFAULT_CLORDIDS_PER_SESSION);
    }

    /**
     * Opens (creating if needed) the journal, replays it, and compacts it if the replay retired orders.
     *
     * @param file               journal file.
     * @param sessions           the configured broker sessions (records of other sessions are ignored, and carried
     *                           over unchanged by a compaction).
     * @param doneOrdersRetained done orders whose routes are kept in full (the most recently done ones); 0 retires an
     *                           order as soon as it is done.
     * @param clOrdIdsPerSession ClOrdIDs of retired orders per session the off-heap index is sized for at start
     *                           before it grows (the maps of the routes are sized from {@code doneOrdersRetained}).
     * @throws IllegalArgumentException when a size is negative or {@code clOrdIdsPerSession} is 0.
     */
    public OrderRoutes(
        final Path file, final Collection<SessionID> sessions, final int doneOrdersRetained,
        final int clOrdIdsPerSession)
    {
        this(file, sessions, doneOrdersRetained, clOrdIdsPerSession, RetiredClOrdIds.ZEROS, RecordLog.BACKGROUND);
    }

    /**
     * @param allocator gives the retired ClOrdIDs' scratch files their disk blocks (tests: a full disk).
     * @param compactor runs the journal's compaction ({@link RecordLog#BACKGROUND}; tests: when they choose).
     */
    OrderRoutes(
        final Path file, final Collection<SessionID> sessions, final int doneOrdersRetained,
        final int clOrdIdsPerSession, final RetiredClOrdIds.Allocator allocator,
        final java.util.concurrent.Executor compactor)
    {
        this(file, sessions, doneOrdersRetained, clOrdIdsPerSession, allocator, compactor, (point) -> { });
    }

    /**
     * @param testPoint called at {@link #RETIRE_POINT}, {@link #ANSWER_POINT} and {@link #SNAPSHOT_READ_POINT}
     *                  (tests: to stop a thread there, or kill the process).
     */
    OrderRoutes(
        final Path file, final Collection<SessionID> sessions, final int doneOrdersRetained,
        final int clOrdIdsPerSession, final RetiredClOrdIds.Allocator allocator,
        final java.util.concurrent.Executor compactor, final Consumer<String> testPoint)
    {
        this.testPoint = testPoint;
        if (doneOrdersRetained < 0)
        {
            throw new IllegalArgumentException("done orders retained must be >= 0: " + doneOrdersRetained);
        }
        if (clOrdIdsPerSession <= 0)
        {
            throw new IllegalArgumentException("ClOrdIDs per session must be positive: " + clOrdIdsPerSession);
        }
        this.doneOrdersRetained = doneOrdersRetained;
        // Routes of the retained done orders (a cancel or replace beside most) and of the working ones; presized up to
        // a bound, so that an absurd setting fails as an out-of-memory under load, not at start.
        final int routedCapacity = (int)Math.min(PRESIZE_LIMIT, 2L * doneOrdersRetained + 1024);
        byClOrdId = new ConcurrentHashMap<>(routedCapacity);
        orders = new ConcurrentHashMap<>(routedCapacity);
        doneOrders = new ArrayDeque<>(Math.min(PRESIZE_LIMIT, doneOrdersRetained) + 1);
        sessionsByKey = sessions.stream().collect(Collectors.toMap(SessionID::toString, Function.identity()));
        this.file = file;
        StartSnapshot.Image image = StartSnapshot.usable(file, sessionsByKey, doneOrdersRetained);
        RetiredClOrdIds kept = null;
        if (null != image)
        {
            try
            {
                kept = RetiredClOrdIds.reopen(file, image.retired(), allocator);
            }
            catch (final RuntimeException ex)
            {
                StartSnapshot.refused(file, ex.getMessage());
                image = null;
            }
        }
        if (null != image)
        {
            testPoint.accept(SNAPSHOT_READ_POINT);
        }
        // Used or not, it goes before anything changes: a crash later in this run must not find it.
        try
        {
            StartSnapshot.delete(file);
        }
        catch (final RuntimeException ex)
        {
            if (null != kept)
            {
                kept.close(); // the start fails: its files mapped again are not left mapped
            }
            throw ex;
        }
        startedFromSnapshot = null != image;
        retired = null != kept ? kept : new RetiredClOrdIds(file,
            (long)clOrdIdsPerSession * Math.max(1, sessions.size()), RetiredClOrdIds.CHUNK_BYTES, allocator);
        for (final SessionID sessionId : sessions)
        {
            bySession.put(sessionId, new SessionClOrdIds(sessionId, routedCapacity, retired));
        }
        try
        {
            final Consumer<String> replayLine = (line) -> replayRecord(line.split("\t", 8));
            final Consumer<String> journalLine = (line) ->
            {
                journalLinesReplayed++;
                replayLine.accept(line);
            };
            // One record may hold several lines (a request's terms and its route), written and cut as one.
            final RecordLog replayed;
            if (null == image)
            {
                replayed = RecordLog.openText(file, WHAT, RecordLog.SAME_TEXT, journalLine);
            }
            else
            {
                lastClOrdId.accumulateAndGet(image.lastClOrdId(), Math::max);
                image.lines().forEach(replayLine);
                retiredSinceCompaction.set(image.uncompacted());
                replayed = RecordLog.openText(file, WHAT, RecordLog.SAME_TEXT, journalLine, image.journalLength());
                LOG.info("{}: started from the snapshot of the last clean stop ({} retired ClOrdIDs, {} orders held " +
                    "in full; {} journal lines after it)", WHAT, retired.size(), orders.size(), journalLinesReplayed);
            }
            replaying = false;
            replayedTerms.clear();
            replayedRetired.clear();
            replayedRetired.compact(); // its arrays, sized for every retired order replayed, are not kept
            journal = replayed;
            retiredSinceCompaction.addAndGet(retiredAtReplay);
            if (retiredSinceCompaction.get() > 0)
            {
                // In the background: brokers need not wait for a rewrite of every retired ClOrdID of the day. What it
                // writes is the state as of now; what is appended from here on is copied after it.
                // Counted back if it fails: a stop's snapshot then says so, and the start from it compacts again.
                final long launched = retiredSinceCompaction.getAndSet(0);
                journal.compactInBackground(compactedJournal(), "(" + launched + " orders " +
                    "retired since the last compaction; " + foreignRecords.size() + " records of broker sessions no " +
                    "longer configured carried over)", compactor, () -> retiredSinceCompaction.addAndGet(launched));
            }
        }
        catch (final RuntimeException ex)
        {
            retired.close();
            throw ex;
        }
        carriesForeignRecords = !foreignRecords.isEmpty();
        foreignRecords.clear();
        foreignRoots.clear();
        foreignClOrdIds.clear();
        askAgainReplayedStatus();
    }

    /**
     * The status requests an earlier run took and never saw answered: each is recorded as asked again (under the
     * order's current clOrdId, as {@link #onStatusAsked} does), so that the core's answer, if the core did receive it,
     * ends it when the report agent delivers it; and listed for {@link #takeStatusRequestsNeverReceived}.
     */
    private void askAgainReplayedStatus()
    {
        for (final Map.Entry<Long, JournaledStatusRequest> entry : replayedStatus.entrySet())
        {
            final long id = entry.getKey();
            final Route route = find(entry.getValue().sessionId(), entry.getValue().brokerClOrdId());
            if (null == route)
            {
                // Not written by this gateway's code (S only follows an order's N): nothing to answer it with.
                LOG.warn("{}: status request {} of {} names ClOrdID {}, which is not known: dropped", WHAT, id,
                    entry.getValue().sessionId(), entry.getValue().brokerClOrdId());
                append("A\t" + id);
                continue;
            }
            final long current = route.order.currentClOrdId;
            final Route currentRoute = byClOrdId.get(current);
            synchronized (this)
            {
                unansweredStatus.put(id, entry.getValue());
            }
            recordAsked(current, null == currentRoute ? route : currentRoute, id);
            statusOfEarlierRuns.add(new StatusRequest(id, entry.getValue().askedClOrdId(), route));
        }
        replayedStatus.clear();
    }

    /**
     * Sets aside a record of a broker session no longer configured (an N or K naming it, or an I, C, O or D of one of
     * its orders), for a compaction to carry over unchanged; an N keeps its terms (P) in front of it, as written.
     *
     * @return whether the record was one (then it is not replayed).
     */
    private boolean carriedOver(final String[] parts)
    {
        switch (parts[0])
        {
            case "N":
            {
                if (parts.length == 8 && sessionsByKey.containsKey(parts[3]))
                {
                    return false;
                }
                final long clOrdId = Long.parseLong(parts[1]);
                lastClOrdId.accumulateAndGet(clOrdId, Math::max);
                foreignRoots.add(Long.parseLong(parts[2]));
                foreignClOrdIds.add(clOrdId);
                final Terms terms = replayedTerms.remove(clOrdId);
                foreignRecords.add((null == terms ? "" : terms.record(clOrdId)) + String.join("\t", parts));
                return true;
            }
            case "K":
                if (parts.length == 8 && sessionsByKey.containsKey(parts[2]))
                {
                    return false;
                }
                lastClOrdId.accumulateAndGet(Long.parseLong(parts[1]), Math::max);
                foreignRoots.add(Long.parseLong(parts[1]));
                break;
            case "I":
            case "C":
            case "D":
                if (!foreignRoots.contains(Long.parseLong(parts[1])))
                {
                    return false;
                }
                break;
            case "O":
            case "R":
                if (!foreignClOrdIds.contains(Long.parseLong(parts[1])))
                {
                    return false;
                }
                break;
            default:
                return false;
        }
        foreignRecords.add(String.join("\t", parts));
        return true;
    }

    private void replayRecord(final String[] parts)
    {
        if (carriedOver(parts))
        {
            return;
        }
        switch (parts[0])
        {
            case "N":
            {
                final long clOrdId = Long.parseLong(parts[1]);
                final long root = Long.parseLong(parts[2]);
                lastClOrdId.accumulateAndGet(clOrdId, Math::max);
                final Terms terms = replayedTerms.remove(clOrdId);
                final SessionID sessionId = sessionsByKey.get(parts[3]);
                Order order = orders.get(root);
                final Kind kind;
                boolean lingerAgain = false;
                final long retiredRecord = null == order ? replayedRetired.get(root) : -1;
                if (-1 != retiredRecord)
                {
                    order = retiredOrder(retiredRecord);
                    lingerAgain = true; // a request taken for an order retired in the meantime
                    kind = Kind.valueOf(parts[6].substring(1));
                }
                else if (null == order)
                {
                    order = new Order(root, sessionId, name(parts[4]), name(parts[5]), parts[6].charAt(0));
                    orders.put(root, order);
                    kind = Kind.NEW;
                }
                else
                {
                    kind = Kind.valueOf(parts[6].substring(1));
                }
                final Route route = new Route(clOrdId, parts[7], kind, order, terms);
                // Routes of journals older than the terms records count as offered; others once their O is read.
                route.offered = null == terms;
                link(bySession.get(sessionId), route);
                if (lingerAgain)
                {
                    lingerAgain(order);
                }
                break;
            }
            case "I":
            {
                final Order order = orders.get(Long.parseLong(parts[1]));
                if (null != order)
                {
                    order.orderId = Long.parseLong(parts[2]);
                    order.orderIdCoreSession = parts.length > 3 ? Integer.parseInt(parts[3]) : 0;
                }
                break;
            }
            case "C":
            {
                final Order order = orders.get(Long.parseLong(parts[1]));
                if (null != order)
                {
                    order.currentClOrdId = Long.parseLong(parts[2]);
                }
                break;
            }
            case "P":
                replayedTerms.put(Long.parseLong(parts[1]), Terms.parse(parts));
                break;
            case "O":
            {
                // Always after the N of its clOrdId.
                final Route route = byClOrdId.get(Long.parseLong(parts[1]));
                if (null != route)
                {
                    route.offered = true;
                }
                break;
            }
            case "R":
            {
                final Route route = byClOrdId.get(Long.parseLong(parts[1]));
                if (null != route)
                {
                    route.refused = true;
                }
                break;
            }
            case "D":
            {
                final Order order = orders.get(Long.parseLong(parts[1]));
                if (null != order && !order.done)
                {
                    if (parts.length > 2 && !parts[2].isEmpty())
                    {
                        order.lastOrdStatus = parts[2].charAt(0);
                    }
                    order.done = true;
                    final Order evicted;
                    synchronized (this)
                    {
                        evicted = enqueueDone(order);
                    }
                    retireOrHold(evicted);
                }
                break;
            }
            case "K":
                replayRetired(parts);
                break;
            case "L":
                lastClOrdId.accumulateAndGet(Long.parseLong(parts[1]), Math::max);
                break;
            case "S":
            {
                final long id = Long.parseLong(parts[1]);
                lastClOrdId.accumulateAndGet(id, Math::max);
                final SessionID sessionId = sessionsByKey.get(parts[2]);
                if (null != sessionId) // a session no longer configured: nobody to answer
                {
                    replayedStatus.put(id, new JournaledStatusRequest(sessionId, Long.parseLong(parts[3]), parts[4]));
                }
                break;
            }
            case "A":
                replayedStatus.remove(Long.parseLong(parts[1]));
                break;
            default:
                break;
        }
    }

    private void replayRetired(final String[] parts)
    {
        final long root = Long.parseLong(parts[1]);
        lastClOrdId.accumulateAndGet(root, Math::max);
        final SessionID sessionId = sessionsByKey.get(parts[2]);
        // K root session account symbol side orderId ordStatus, then the ClOrdID (the rest of the line).
        final String[] fields = parts[7].split("\t", 3);
        if (fields.length < 3)
        {
            throw new IllegalArgumentException("K record without a ClOrdID");
        }
        long record = retired.find(sessionId, fields[2]);
        if (record < 0)
        {
            record = retired.add(sessionId, fields[2], root, Long.parseLong(parts[6]), Long.parseLong(fields[1]), 0,
                fields[0].charAt(0), parts[5].charAt(0), parts[3], parts[4]);
        }
        // Held already: a snapshot's line for an order held in full again since it was retired (its routes follow).
        if (-1 == replayedRetired.get(root))
        {
            replayedRetired.put(root, record);
        }
    }

    /**
     * @return a done, retired order as a retired ClOrdID's record holds it (a new object for each call: a retired
     * order is not held on the heap).
     */
    private Order retiredOrder(final long record)
    {
        final RetiredClOrdIds.Retired held = retired.read(record);
        final Order order = new Order(held.root(), held.sessionId(), name(held.account()), name(held.symbol()),
            held.side());
        order.orderId = held.orderId();
        order.orderIdCoreSession = held.coreSession();
        order.currentClOrdId = held.current();
        order.lastOrdStatus = held.ordStatus();
        order.done = true;
        order.retired = true;
        order.retiredRecord = record;
        return order;
    }

    /**
     * The compacted journal as of now (start, after the replay): the highest clOrdId, every retired ClOrdID, then the
     * orders held in full, working ones first and done ones in the order they were done (so the replay queues them
     * as they were), then the status requests never answered and the records of sessions no longer configured,
     * unchanged and in their order. The held orders' records are made now (their state changes once brokers send);
     * the retired ClOrdIDs are read from their files when written (those retired until now: a record never changes),
     * a batch at a time, so that broker requests checking duplicates meanwhile do not wait for all of them.
     *
     * @return the writer of the compacted journal, for the compaction's thread.
     */
    private Consumer<RecordLog.RecordSink> compactedJournal()
    {
        final long highest = lastClOrdId.get();
        final long retiredEnd = retired.end();
        final List<byte[]> held = new ArrayList<>();
        writeHeld(held::add);
        return (sink) ->
        {
            final TextRecords text = new TextRecords(sink);
            text.line("L\t" + highest);
            retired.forEachBefore(retiredEnd, (record) -> text.line(retiredRecord(record)));
            text.flush();
            held.forEach(sink::put);
        };
    }

    /**
     * Lines gathered into text records of up to {@link #LINES_PER_RECORD} lines.
     */
    private static final class TextRecords
    {
        private final StringBuilder lines = new StringBuilder(1 << 16);
        private final RecordLog.RecordSink sink;
        private int count;

        TextRecords(final RecordLog.RecordSink sink)
        {
            this.sink = sink;
        }

        void line(final String text)
        {
            lines.append(text).append('\n');
            if (++count == LINES_PER_RECORD)
            {
                flush();
            }
        }

        /** Ends the record being gathered, if any. */
        void flush()
        {
            OrderRoutes.flush(lines, sink);
            count = 0;
        }
    }

    /**
     * The compacted journal's records after the retired ClOrdIDs (see {@link #compactedJournal()}).
     */
    private void writeHeld(final RecordLog.RecordSink sink)
    {
        final TextRecords text = new TextRecords(sink);
        final List<Order> working = new ArrayList<>();
        for (final Order order : orders.values())
        {
            if (!order.done)
            {
                working.add(order);
            }
        }
        working.sort(java.util.Comparator.comparingLong(Order::rootClOrdId));
        working.addAll(doneOrders);
        for (final Order order : working)
        {
            final List<Route> chain = new ArrayList<>();
            for (Route route = order.lastRoute; null != route; route = route.previousOfOrder)
            {
                chain.add(route);
            }
            for (int i = chain.size() - 1; i >= 0; i--)
            {
                final Route route = chain.get(i);
                text.flush();
                sink.put(routeRecord(route).getBytes(StandardCharsets.UTF_8));
                if (route.offered)
                {
                    text.line("O\t" + route.clOrdId);
                }
                if (route.refused)
                {
                    text.line("R\t" + route.clOrdId);
                }
            }
            if (0 != order.orderId)
            {
                text.line("I\t" + order.rootClOrdId + '\t' + order.orderId + '\t' + order.orderIdCoreSession);
            }
            if (order.currentClOrdId != order.rootClOrdId)
            {
                text.line("C\t" + order.rootClOrdId + '\t' + order.currentClOrdId);
            }
            if (order.done)
            {
                text.line(doneRecord(order));
            }
            text.flush(); // an order's records before the next order's route
        }
        replayedStatus.forEach((id, request) -> text.line(statusRecord(id, request.sessionId(),
            request.askedClOrdId(), request.brokerClOrdId())));
        foreignRecords.forEach(text::line); // an N with its terms is one text: they stay in one record
        text.flush();
    }

    private static void flush(final StringBuilder lines, final RecordLog.RecordSink sink)
    {
        if (lines.length() > 0)
        {
            lines.setLength(lines.length() - 1); // no newline after the last line
            sink.put(lines.toString().getBytes(StandardCharsets.UTF_8));
            lines.setLength(0);
        }
    }

    private String retiredRecord(final long record)
    {
        final RetiredClOrdIds.Retired held = retired.read(record);
        return "K\t" + held.root() + '\t' + held.sessionId() + '\t' + held.account() + '\t' + held.symbol() + '\t' +
            held.side() + '\t' + held.orderId() + '\t' + held.ordStatus() + '\t' + held.current() + '\t' +
            held.brokerClOrdId();
    }

    private static String routeRecord(final Route route)
    {
        final Order order = route.order;
        final String terms = null == route.terms ? "" : route.terms.record(route.clOrdId);
        return terms + "N\t" + route.clOrdId + '\t' + order.rootClOrdId + '\t' + order.sessionId + '\t' +
            order.account + '\t' + order.symbol + '\t' +
            (Kind.NEW == route.kind ? String.valueOf(order.side) : "-" + route.kind.name()) + '\t' +
            route.brokerClOrdId;
    }

    private static String statusRecord(
        final long id, final SessionID sessionId, final long askedClOrdId, final String brokerClOrdId)
    {
        return "S\t" + id + '\t' + sessionId + '\t' + askedClOrdId + '\t' + brokerClOrdId;
    }

    private static String doneRecord(final Order order)
    {
        return "D\t" + order.rootClOrdId + '\t' + order.lastOrdStatus;
    }

    /**
     * Allocates a clOrdId for a NewOrderSingle.
     *
     * @return the route, or null if the session already used {@code brokerClOrdId}.
     */
    public Route newOrder(
        final SessionID sessionId, final String brokerClOrdId, final String account, final String symbol,
        final char side)
    {
        return newOrder(sessionId, brokerClOrdId, account, symbol, side, Terms.NONE);
    }

    /**
     * Allocates a clOrdId for a NewOrderSingle and journals its terms with it (before it is offered: see
     * {@link #onOffered(Route)}).
     *
     * @return the route, or null if the session already used {@code brokerClOrdId}.
     */
    public Route newOrder(
        final SessionID sessionId, final String brokerClOrdId, final String account, final String symbol,
        final char side, final Terms terms)
    {
        return allocate(sessionId, brokerClOrdId, Kind.NEW, null, account, symbol, side, terms);
    }

    /**
     * Allocates a clOrdId for a cancel or replace of {@code order}.
     *
     * @return the route, or null if the session already used {@code brokerClOrdId}.
     */
    public Route request(final Order order, final String brokerClOrdId, final Kind kind)
    {
        return request(order, brokerClOrdId, kind, Terms.NONE);
    }

    /**
     * Allocates a clOrdId for a cancel or replace of {@code order}, journaling the replace's terms with it.
     *
     * @return the route, or null if the session already used {@code brokerClOrdId}.
     */
    public Route request(final Order order, final String brokerClOrdId, final Kind kind, final Terms terms)
    {
        return allocate(order.sessionId, brokerClOrdId, kind, order, order.account, order.symbol, order.side, terms);
    }

    /**
     * Allocates a clOrdId and journals its route with the request's terms, unless the session already used
     * {@code brokerClOrdId}: for a NewOrderSingle ({@code existing} null: a new order) or a cancel or replace.
     */
    private Route allocate(
        final SessionID sessionId, final String brokerClOrdId, final Kind kind, final Order existing,
        final String account, final String symbol, final char side, final Terms terms)
    {
        final SessionClOrdIds clOrdIds = bySession.get(sessionId);
        final Route route;
        final boolean lingerAgain;
        synchronized (clOrdIds)
        {
            if (clOrdIds.contains(brokerClOrdId))
            {
                return null;
            }
            final long clOrdId = lastClOrdId.incrementAndGet();
            final Order order = null == existing ?
                new Order(clOrdId, sessionId, name(account), name(symbol), side) : existing;
            route = new Route(clOrdId, brokerClOrdId, kind, order, terms);
            route.offering = true; // claimed by the caller, who offers it now
            // Terms first, in the same record: a torn write leaves no route, or a route with its terms.
            append(routeRecord(route));
            if (null == existing)
            {
                orders.put(clOrdId, order);
            }
            lingerAgain = order.retired; // a request for an order retired since the caller found it
            link(clOrdIds, route);
        }
        if (lingerAgain)
        {
            lingerAgain(route.order);
        }
        return route;
    }

    /**
     * Makes a route findable by both its ids and adds it to its order's chain (caller holds the session's lock, or
     * replays).
     */
    private void link(final SessionClOrdIds clOrdIds, final Route route)
    {
        synchronized (clOrdIds)
        {
            final Order order = route.order;
            if (order.retired)
            {
                order.retired = false; // held in full again until it leaves the done queue again
                orders.put(order.rootClOrdId, order);
            }
            route.previousOfOrder = order.lastRoute;
            order.lastRoute = route;
            byClOrdId.put(route.clOrdId, route);
            clOrdIds.routed.put(route.brokerClOrdId, route);
        }
    }

    /**
     * Queues a done order again whose routes grew after it was retired, so that they are dropped in their turn.
     */
    private void lingerAgain(final Order order)
    {
        final Order evicted;
        synchronized (this)
        {
            doneOrders.remove(order);
            evicted = enqueueDone(order);
        }
        retireOrHold(evicted);
    }

    /**
     * Adds a done order to the queue of those held in full (caller holds this object's lock).
     *
     * @return the order that leaves the queue and must be retired, or null.
     */
    private Order enqueueDone(final Order order)
    {
        doneOrders.addLast(order);
        return takeToRetire();
    }

    /**
     * Takes the oldest done order off the queue when the queue is over its size, counted as being retired until
     * {@link #retireOrHold} retired it or put it back (caller holds this object's lock).
     *
     * @return that order, or null.
     */
    private Order takeToRetire()
    {
        final Order order = doneOrders.size() > doneOrdersRetained ? doneOrders.pollFirst() : null;
        if (null != order)
        {
            retiring++;
        }
        return order;
    }

    /**
     * Retires a done order that left the queue of those held in full ({@link #retire}). While running, a scratch file
     * that cannot grow (a full disk) does not fail the caller (the report agent marking an order done, a broker's
     * request): the order goes back to the head of the queue, held in full with all its ClOrdIDs, and is retired at
     * a later turn once there is room (one WARN when it starts failing, one INFO when it works again). At start it
     * stops the start.
     */
    private void retireOrHold(final Order evicted)
    {
        for (Order order = evicted; null != order; )
        {
            testPoint.accept(RETIRE_POINT);
            try
            {
                retire(order);
            }
            catch (final UncheckedIOException ex)
            {
                if (replaying)
                {
                    throw ex;
                }
                synchronized (this)
                {
                    doneOrders.addFirst(order);
                    retiring--;
                }
                if (!retireFailing)
                {
                    retireFailing = true;
                    LOG.warn("{}: done orders cannot be retired ({}): they stay held in full, in memory, until " +
                        "there is room; free space on the gateway data disk", WHAT, ex.getMessage());
                }
                return;
            }
            if (retireFailing)
            {
                retireFailing = false;
                LOG.info("{}: done orders are retired again", WHAT);
            }
            synchronized (this)
            {
                retiring--;
                // Those held over while retiring failed leave now too, until the queue is back to its size.
                order = takeToRetire();
            }
        }
    }

    /**
     * Drops a done order's routes: its ClOrdIDs now name the order itself in the session's duplicate-detection map.
     * All of them are added to the retired ones in one step ({@link RetiredClOrdIds#addAll}: all or none, so a full
     * disk fails it before anything moved, whatever other sessions retire meanwhile), before the routes are dropped,
     * so that a ClOrdID is never in neither (always a duplicate) and, as both are changed under the session's lock,
     * never found twice.
     *
     * @throws UncheckedIOException when the retired ClOrdIDs' files cannot grow (nothing changed).
     */
    private void retire(final Order order)
    {
        final SessionClOrdIds clOrdIds = bySession.get(order.sessionId);
        long record = -1;
        synchronized (clOrdIds)
        {
            final List<String> brokerClOrdIds = new ArrayList<>();
            for (Route route = order.lastRoute; null != route; route = route.previousOfOrder)
            {
                brokerClOrdIds.add(route.brokerClOrdId);
            }
            // One call, one hold of the shared structure's lock: another session retiring meanwhile cannot take the
            // room made for these (a full disk then failed this order half way, and its retry added them twice).
            record = retired.addAll(order.sessionId, brokerClOrdIds, order.rootClOrdId, order.orderId,
                order.currentClOrdId, order.orderIdCoreSession, order.lastOrdStatus, order.side, order.account,
                order.symbol);
            for (Route route = order.lastRoute; null != route; route = route.previousOfOrder)
            {
                clOrdIds.routed.remove(route.brokerClOrdId);
                byClOrdId.remove(route.clOrdId);
            }
            order.lastRoute = null;
            order.retired = true;
            order.retiredRecord = record;
            orders.remove(order.rootClOrdId);
        }
        if (replaying)
        {
            retiredAtReplay++;
            replayedRetired.put(order.rootClOrdId, record);
        }
        else
        {
            retiredSinceCompaction.incrementAndGet();
        }
    }

    /**
     * @return the route of a session's ClOrdID, or null. For a ClOrdID of a retired order, a view: clOrdId 0, no
     * terms, kind {@link Kind#NEW}, offered, and its order done ({@link Order#isRetired()}).
     */
    public Route find(final SessionID sessionId, final String brokerClOrdId)
    {
        final SessionClOrdIds clOrdIds = bySession.get(sessionId);
        if (null == clOrdIds)
        {
            return null;
        }
        synchronized (clOrdIds)
        {
            final Route route = clOrdIds.routed.get(brokerClOrdId);
            if (null != route)
            {
                return route;
            }
            final long record = retired.find(sessionId, brokerClOrdId);
            if (record < 0)
            {
                return null;
            }
            final Route view = new Route(0, brokerClOrdId, Kind.NEW, retiredOrder(record), null);
            view.offered = true;
            return view;
        }
    }

    /**
     * @return the route of a gateway clOrdId, or null.
     */
    public Route route(final long clOrdId)
    {
        return byClOrdId.get(clOrdId);
    }

    /**
     * Records an OrderStatusRequest about to be asked of the core: journaled (record {@code S} with a new id, the
     * session, the clOrdId asked and the ClOrdID the broker named) before it is offered, so that a request taken but
     * never received by the core (the process died in between, or the core in the same process died before
     * journaling it) is asked again at the next start ({@link #takeStatusRequestsNeverReceived}); and kept until answered, so that its answer
     * still finds the order if the order is retired meanwhile (a done order leaves the retained window between the
     * request and the core's answer, and its routes with it). Call before offering, with the returned id as the SBE
     * request's clOrdId (the core journal then shows whether the core received it); {@link #onStatusAnswered} ends it
     * once the core answers, {@link #onStatusAnsweredHere} if the gateway answers it itself (the offer failed).
     *
     * @param sessionId     the broker session that asked.
     * @param brokerClOrdId the ClOrdID(11) the broker named.
     * @param askedClOrdId  the gateway clOrdId the request names (the order's current one).
     * @param route         the route of that clOrdId (else the one the broker named): answers go out under its
     *                      ClOrdID when it is no longer held.
     * @return the request's id: a gateway clOrdId of its own, allocated like a request's.
     */
    public long onStatusAsked(
        final SessionID sessionId, final String brokerClOrdId, final long askedClOrdId, final Route route)
    {
        final long id = lastClOrdId.incrementAndGet();
        synchronized (this)
        {
            // Held with its record, in one hold of the journal's lock: a stop's snapshot holds it when, and only when,
            // the journal length it records does.
            append(statusRecord(id, sessionId, askedClOrdId, brokerClOrdId));
            unansweredStatus.put(id, new JournaledStatusRequest(sessionId, askedClOrdId, brokerClOrdId));
        }
        recordAsked(askedClOrdId, route, id);
        return id;
    }

    private void recordAsked(final long askedClOrdId, final Route route, final long id)
    {
        synchronized (statusAsked)
        {
            AskedStatus asked = statusAsked.get(askedClOrdId);
            if (null == asked)
            {
                asked = new AskedStatus(route);
                statusAsked.put(askedClOrdId, asked);
            }
            asked.requestIds.addLong(id);
        }
    }

    /**
     * A status answer of the core about a gateway clOrdId: ends the oldest request recorded by {@link #onStatusAsked}
     * under it (journal record {@code A}), or, when the core answered under a newer clOrdId of the order (a replace
     * took effect in between), under one of the order's other clOrdIds.
     *
     * @return the route recorded for the request ended, or null if none was recorded.
     */
    public Route onStatusAnswered(final long clOrdId)
    {
        final Route asked = endStatusRequest(clOrdId);
        if (null != asked)
        {
            return asked;
        }
        final Route answered = byClOrdId.get(clOrdId);
        if (null == answered)
        {
            return null;
        }
        final LongArrayList chain = new LongArrayList();
        synchronized (bySession.get(answered.order.sessionId))
        {
            for (Route route = answered.order.lastRoute; null != route; route = route.previousOfOrder)
            {
                chain.addLong(route.clOrdId);
            }
        }
        for (int i = 0; i < chain.size(); i++)
        {
            if (null != endStatusRequest(chain.getLong(i)))
            {
                return answered;
            }
        }
        return null;
    }

    /**
     * The route a status answer about a clOrdId no route has goes to, as {@link #onStatusAnswered} finds it, ending
     * nothing: which broker session the answer is for.
     *
     * @param clOrdId the gateway clOrdId the core answered about.
     * @return the route recorded for the oldest request asked under it, or null.
     */
    public Route statusAskedRoute(final long clOrdId)
    {
        synchronized (statusAsked)
        {
            final AskedStatus asked = statusAsked.get(clOrdId);
            return null == asked ? null : asked.route;
        }
    }

    /**
     * Ends a status request the gateway answered itself (its offer failed, or its order was retired before it could
     * be asked again after a restart): journal record {@code A}.
     *
     * @param requestId the id {@link #onStatusAsked} returned, or {@link StatusRequest#id()}.
     */
    public void onStatusAnsweredHere(final long requestId)
    {
        boolean ended = false;
        synchronized (statusAsked)
        {
            for (final Long2ObjectHashMap<AskedStatus>.KeyIterator keys = statusAsked.keySet().iterator();
                keys.hasNext() && !ended; )
            {
                final long key = keys.nextLong();
                final AskedStatus asked = statusAsked.get(key);
                ended = asked.requestIds.removeLong(requestId);
                if (ended && asked.requestIds.isEmpty())
                {
                    statusAsked.remove(key);
                }
            }
        }
        if (ended)
        {
            journalAnswer(requestId);
        }
    }

    /**
     * @return status requests recorded by {@link #onStatusAsked} (or asked again at start) and not answered yet; for
     * tests and diagnostics.
     */
    public int statusRequestsAsked()
    {
        synchronized (statusAsked)
        {
            int count = 0;
            for (final AskedStatus asked : statusAsked.values())
            {
                count += asked.requestIds.size();
            }
            return count;
        }
    }

    /**
     * @return the status requests earlier runs took and never saw answered, less those the core journal showed the
     * core received (start only).
     */
    public List<StatusRequest> statusRequestsOfEarlierRuns()
    {
        return List.copyOf(statusOfEarlierRuns);
    }

    /**
     * Sets which status requests of earlier runs the core received (its journal holds them), at start: the core
     * answered each (it journals a request's answer with it, or completes it when it recovers), and the report agent
     * delivers that answer if it had not before the restart, which ends the request. The others are asked again
     * ({@link #takeStatusRequestsNeverReceived}). Without a core journal nothing tells: all are asked again.
     *
     * @param receivedByCore ids the core journal holds among {@link #statusRequestsOfEarlierRuns()}.
     */
    public void reconcileStatusRequests(final org.agrona.collections.LongHashSet receivedByCore)
    {
        final int unanswered = statusOfEarlierRuns.size();
        statusOfEarlierRuns.removeIf((request) -> receivedByCore.contains(request.id()));
        if (unanswered > 0)
        {
            LOG.info("{} status requests earlier runs took were not answered: {} received by the core (answered from " +
                "its journal), {} never received (asked again)", unanswered, unanswered - statusOfEarlierRuns.size(),
                statusOfEarlierRuns.size());
        }
    }

    /**
     * @return the status requests earlier runs took that the core never received, oldest first, each once (a second
     * call returns none): to be asked of the core now, under their ids, or answered by the gateway.
     */
    public List<StatusRequest> takeStatusRequestsNeverReceived()
    {
        final List<StatusRequest> taken = new ArrayList<>(statusOfEarlierRuns);
        statusOfEarlierRuns.clear();
        return taken;
    }

    private Route endStatusRequest(final long clOrdId)
    {
        final long id;
        final Route route;
        synchronized (statusAsked)
        {
            final AskedStatus asked = statusAsked.get(clOrdId);
            if (null == asked)
            {
                return null;
            }
            id = asked.requestIds.removeAt(0);
            if (asked.requestIds.isEmpty())
            {
                statusAsked.remove(clOrdId);
            }
            route = asked.route;
        }
        journalAnswer(id);
        return route;
    }

    /**
     * Journals a status request's answer ({@code A}) and forgets it as unanswered, in one hold of the journal's lock,
     * which a stop takes too: its snapshot holds the request unless the journal length it records holds the answer.
     * Not forgotten when the record cannot be written (the journal still leaves it unanswered).
     */
    private void journalAnswer(final long requestId)
    {
        testPoint.accept(ANSWER_POINT);
        synchronized (this)
        {
            append("A\t" + requestId);
            unansweredStatus.remove(requestId);
        }
    }

    /**
     * @return whether the session has used this ClOrdID.
     */
    public boolean isKnown(final SessionID sessionId, final String brokerClOrdId)
    {
        final SessionClOrdIds clOrdIds = bySession.get(sessionId);
        if (null == clOrdIds)
        {
            return false;
        }
        synchronized (clOrdIds)
        {
            return clOrdIds.contains(brokerClOrdId);
        }
    }

    /**
     * Records the core order id a report carried.
     *
     * @param order       the order.
     * @param orderId     the core's id for it.
     * @param coreSession Aeron session of the core run that sent the report.
     */
    public void onOrderId(final Order order, final long orderId, final int coreSession)
    {
        if ((order.orderId != orderId || order.orderIdCoreSession != coreSession) && orderId != 0)
        {
            order.orderId = orderId;
            order.orderIdCoreSession = coreSession;
            appendAfterTheFact("I\t" + order.rootClOrdId + '\t' + orderId + '\t' + coreSession);
        }
    }

    /**
     * @return Aeron session of the current core run's egress (as last seen by the report agent).
     */
    public int coreSession()
    {
        return coreSession;
    }

    /**
     * @param coreSession Aeron session of the current core run's egress.
     */
    public void coreSession(final int coreSession)
    {
        this.coreSession = coreSession;
    }

    public void onReplaced(final Order order, final long clOrdId)
    {
        if (order.currentClOrdId != clOrdId)
        {
            order.currentClOrdId = clOrdId;
            appendAfterTheFact("C\t" + order.rootClOrdId + '\t' + clOrdId);
        }
    }

    /**
     * Claims the right to offer a route's request to the core: true exactly once per route until
     * {@link #onOfferFailed(Route)} gives it back, false for a route already offered (in this or an earlier run, as
     * the journal or the core's journal says) or being offered.
     *
     * @param route a route.
     * @return whether the caller must offer it now.
     */
    public boolean claimOffer(final Route route)
    {
        synchronized (route)
        {
            if (route.offered || route.offering || route.refused)
            {
                return false;
            }
            route.offering = true;
            return true;
        }
    }

    /**
     * Records that a route's request was offered to the core (journal record {@code O}).
     *
     * @param route a route claimed with {@link #claimOffer(Route)}, or a fresh one.
     */
    public void onOffered(final Route route)
    {
        synchronized (route)
        {
            route.offering = false;
            route.offered = true;
        }
        appendAfterTheFact("O\t" + route.clOrdId);
    }

    /**
     * Gives back a claim whose offer did not go through.
     */
    public void onOfferFailed(final Route route)
    {
        synchronized (route)
        {
            route.offering = false;
        }
    }

    /**
     * Records that a cancel's or replace's offer failed and the broker was told it was not sent (journal record
     * {@code R}): it is never offered afterwards, neither at a restart nor for a PossDup copy, so the broker's order
     * is never changed after it was told the change was refused.
     */
    public void onRefused(final Route route)
    {
        synchronized (route)
        {
            route.offering = false;
            route.refused = true;
        }
        appendAfterTheFact("R\t" + route.clOrdId);
    }

    /**
     * Sets what the journal does not record from the core's own journal, at start:
     * <ul>
     * <li>which journaled requests the core has received (the truth when the core journals: a request offered just
     * before a crash that took the core down too never reached it). Where the core journal cannot tell (its files
     * holding the request were deleted), the journal's own O record stays the answer;</li>
     * <li>the OrdStatus last reported to the broker of each working order (the journal records it only for done
     * orders): what the gateway's own cancel rejects and status answers give before the order's next report.</li>
     * </ul>
     *
     * @param core what the core's journal holds of this gateway.
     */
    public void reconcile(final CoreHistory core)
    {
        for (final Route route : byClOrdId.values())
        {
            synchronized (route)
            {
                if (null != route.terms && !route.refused && core.tells(route.clOrdId))
                {
                    route.offered = core.received(route.clOrdId);
                    route.neverReceived = !route.offered;
                }
                final Order order = route.order;
                final char delivered = core.deliveredOrdStatus(order.orderId);
                if (!order.done && 0 != order.orderId && CoreHistory.NO_STATUS != delivered)
                {
                    order.lastOrdStatus = delivered;
                }
            }
        }
    }

    /**
     * @return the highest gateway clOrdId this journal ever allocated (or continued after), 0 for a journal that never
     * allocated one.
     */
    public long lastClOrdId()
    {
        return lastClOrdId.get();
    }

    /**
     * Allocates the next gateway clOrdIds after {@code clOrdId}: for a journal that starts over beside a core journal
     * already holding requests of this gateway (a new data directory), so that no id the core knows is allocated
     * again. Journaled (an L record) before it returns.
     *
     * @param clOrdId the highest clOrdId the core has from this gateway.
     */
    public void continueAfter(final long clOrdId)
    {
        lastClOrdId.accumulateAndGet(clOrdId, Math::max);
        append("L\t" + clOrdId);
    }

    /**
     * @return routes whose request the gateway journaled but never handed to the core, of orders not known to be
     * done, in clOrdId order (an order before its cancels and replaces).
     */
    public List<Route> unoffered()
    {
        final List<Route> unoffered = new ArrayList<>();
        for (final Route route : byClOrdId.values())
        {
            synchronized (route)
            {
                if (!route.offered && !route.offering && !route.refused && !route.order.done)
                {
                    unoffered.add(route);
                }
            }
        }
        unoffered.sort(java.util.Comparator.comparingLong(Route::clOrdId));
        return unoffered;
    }

    /**
     * Marks a route as offered again after a restart (see {@link Route#wasReoffered()}).
     */
    public void markReoffered(final Route route)
    {
        route.reoffered = true;
    }

    /**
     * Marks an order done (journal record {@code D} with its last OrdStatus, so set that first): it is then held in
     * full while it is one of the most recently done orders, and retired after.
     */
    public void onDone(final Order order)
    {
        final Order evicted;
        synchronized (this)
        {
            if (order.done)
            {
                return;
            }
            order.done = true;
            appendAfterTheFact(doneRecord(order));
            evicted = enqueueDone(order);
        }
        retireOrHold(evicted);
    }

    /**
     * @return routes held in full (of working orders and of the most recently done ones); for tests and diagnostics.
     */
    public int routesHeld()
    {
        return byClOrdId.size();
    }

    /**
     * @return orders held in full (working, and the most recently done ones); for tests and diagnostics.
     */
    public int ordersHeld()
    {
        return orders.size();
    }

    /**
     * @return ClOrDIDs of retired orders still known for duplicate detection; for tests and diagnostics.
     */
    public int retiredClOrdIds()
    {
        return retired.size();
    }

    /**
     * @return the session's orders not known to be done.
     */
    public List<Order> workingOrders(final SessionID sessionId)
    {
        final List<Order> working = new ArrayList<>();
        for (final Order order : orders.values())
        {
            if (!order.done && order.sessionId.equals(sessionId))
            {
                working.add(order);
            }
        }
        return working;
    }

    private synchronized void append(final String record)
    {
        journal.append(record);
    }

    /**
     * Journals what already happened (an offer made, a refusal decided, a core order id or a replace learnt from a
     * report, an order done): a record that cannot be written (a full disk) is logged, not thrown into the broker's
     * session thread, which must still answer, nor into the report agent, which must still deliver the report (an
     * exception there skipped the report while its position was saved past it). What it costs at the next start: an
     * offer not recorded is decided by the core journal (the core received it or not); a refusal not recorded is
     * offered again then, as before the R record existed; an order id or replace not recorded is learnt again from
     * the order's next report; a done order not recorded looks working to the gateway after a restart (a cancel of
     * it is answered by the core, too late to cancel).
     */
    private void appendAfterTheFact(final String record)
    {
        try
        {
            append(record);
        }
        catch (final java.io.UncheckedIOException ex)
        {
            LOG.error("ClOrdID journal: record '{}' not written ({}); this run goes on with it in memory", record,
                ex.getMessage());
        }
    }

    private String name(final String name)
    {
        // Accounts and symbols are few: one copy each, not one per order held for a trading day.
        if (null == name)
        {
            return null;
        }
        final String known = names.putIfAbsent(name, name);
        return null == known ? name : known;
    }

    private static int capacityFor(final int entries)
    {
        return (int)Math.min(1 << 30, (long)Math.ceil(entries / (double)LOAD_FACTOR));
    }

    /**
     * @return whether the start used the snapshot of the last clean stop (else it read the whole journal); for tests
     * and diagnostics.
     */
    public boolean startedFromSnapshot()
    {
        return startedFromSnapshot;
    }

    /**
     * @return journal lines the start replayed: the whole journal's, or after a snapshot only those appended after
     * it; for tests and diagnostics.
     */
    public long journalLinesReplayedAtStart()
    {
        return journalLinesReplayed;
    }

    /**
     * Closes the journal and writes the start snapshot ({@link StartSnapshot}: the retired ClOrdIDs' files are kept,
     * the orders held in full written as journal lines), so that the next start need not read the journal. With every
     * session's lock held, then this object's: no route is being allocated (journaled, then linked under the session's
     * lock) or retired meanwhile, and nothing can be journaled after the length the snapshot records. No snapshot
     * when the journal holds records of broker sessions no longer configured (this run does not keep them), or when
     * it does not end with whole records; one that cannot be written is a WARN (the next start reads the journal).
     * Call once the broker sessions and the report agent have stopped.
     */
    public void close()
    {
        final List<SessionClOrdIds> locks = new ArrayList<>(bySession.values());
        locks.sort(java.util.Comparator.comparing((clOrdIds) -> clOrdIds.sessionId.toString()));
        closeHolding(locks, 0);
    }

    private void closeHolding(final List<SessionClOrdIds> locks, final int next)
    {
        if (next < locks.size())
        {
            synchronized (locks.get(next))
            {
                closeHolding(locks, next + 1);
            }
            return;
        }
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            try
            {
                journal.close();
            }
            catch (final RuntimeException ex)
            {
                retired.close();
                throw ex;
            }
            if (carriesForeignRecords || !journal.endsWithWholeRecords() || retiring > 0)
            {
                LOG.info("{}: no start snapshot written ({}): the next start reads the whole journal", WHAT,
                    carriesForeignRecords ? "it holds records of broker sessions no longer configured" :
                    retiring > 0 ? retiring + " done orders were being retired by a thread still running" :
                    "an append failed and left a torn record");
                retired.close();
                return;
            }
            writeSnapshot();
        }
    }

    private void writeSnapshot()
    {
        RetiredClOrdIds.Kept kept = null;
        try
        {
            final long length = Files.size(file);
            final long crc = FileChecksum.crc32c(file, length);
            final List<String> lines = snapshotLines();
            kept = retired.closeAndKeep();
            StartSnapshot.write(file, new StartSnapshot.Image(length, crc, doneOrdersRetained,
                List.copyOf(sessionsByKey.keySet()), lastClOrdId.get(), retiredSinceCompaction.get(), kept, lines));
            LOG.info("{}: start snapshot written ({} retired ClOrdIDs, {} orders held in full)", WHAT, kept.size(),
                orders.size());
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.warn("{}: no start snapshot written ({}): the next start reads the whole journal", WHAT, ex.toString());
            if (null == kept)
            {
                retired.close();
            }
            else
            {
                deleteQuietly(retired.recordsFile());
                deleteQuietly(retired.recordsFile().resolveSibling(retired.recordsFile().getFileName() + "-index"));
            }
        }
    }

    private static void deleteQuietly(final Path scratch)
    {
        try
        {
            Files.deleteIfExists(scratch);
        }
        catch (final IOException ex)
        {
            LOG.warn("{}: cannot delete {} ({}): the next start does", WHAT, scratch, ex.toString());
        }
    }

    /**
     * The state of the orders held in full as journal lines (what a compaction writes after the retired ClOrdIDs),
     * preceded by one retired ClOrdID's line of each order held in full again since it was retired (its routes'
     * replay finds the order there), and followed by the status requests not answered.
     */
    private List<String> snapshotLines()
    {
        final List<String> lines = new ArrayList<>();
        for (final Order order : orders.values())
        {
            if (order.retiredRecord >= 0)
            {
                lines.add(retiredRecord(order.retiredRecord));
            }
        }
        writeHeld((bytes) -> lines.addAll(List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"))));
        unansweredStatus.forEach((id, request) -> lines.add(statusRecord(id, request.sessionId(),
            request.askedClOrdId(), request.brokerClOrdId())));
        return lines;
    }
}
