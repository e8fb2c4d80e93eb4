package io.peregrine.gateway.broker;

import io.peregrine.gateway.store.RecordLog;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.TimeInForce;
import quickfix.SessionID;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * id is learnt, {@code C root clOrdId} when a replace changed the order's current id, {@code D root} when it is
 * done (the I record also names the Aeron session of the core run that assigned the id, since core order ids
 * restart with each core run). {@code P clOrdId ordType timeInForce price quantity} precedes each N line in the
 * same record (the request's terms) and {@code O clOrdId} follows once the request was offered to the core: a route
 * with terms and no O was taken from the broker but never reached the core, and is offered after a restart
 * ({@link #unoffered()}). Records reach the OS before the matching SBE message is offered (a process crash loses
 * nothing; no fsync).
 * <p>
 * Thread-safe: QuickFIX/J threads allocate routes, the report agent updates orders. Allocates (edge).
 */
public final class OrderRoutes implements AutoCloseable
{
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
         * @return whether the request was offered to the core again after a restart (the core may already have it:
         * its duplicate-ClOrdID refusal of the copy is then not the broker's business).
         */
        public boolean wasReoffered()
        {
            return reoffered;
        }

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

    private final Map<Long, Route> byClOrdId = new ConcurrentHashMap<>();
    private final Map<Long, Terms> replayedTerms = new java.util.HashMap<>();
    private final java.util.Set<Long> replayedOffers = new java.util.HashSet<>();
    private final Map<SessionID, Map<String, Route>> bySession = new ConcurrentHashMap<>();
    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, SessionID> sessionsByKey;
    private final AtomicLong lastClOrdId = new AtomicLong();
    private final RecordLog journal;
    private volatile int coreSession;

    /**
     * Opens (creating if needed) the journal and replays it.
     *
     * @param file     journal file.
     * @param sessions the configured broker sessions (records of other sessions are ignored).
     */
    public OrderRoutes(final Path file, final Collection<SessionID> sessions)
    {
        sessionsByKey = sessions.stream().collect(Collectors.toMap(SessionID::toString, Function.identity()));
        for (final SessionID sessionId : sessions)
        {
            bySession.put(sessionId, new ConcurrentHashMap<>());
        }
        // One record may hold several lines (a request's terms and its route), written and cut as one.
        journal = RecordLog.openText(file, "ClOrdID journal", RecordLog.SAME_TEXT,
            (line) -> replayRecord(line.split("\t", 8)));
        // A route journaled with its terms (P with N) but never marked offered (O) was taken from the broker and
        // never handed to the core; routes of journals older than the terms records count as offered.
        for (final Route route : byClOrdId.values())
        {
            route.offered = null == route.terms || replayedOffers.contains(route.clOrdId);
        }
        replayedTerms.clear();
        replayedOffers.clear();
    }

    private void replayRecord(final String[] parts)
    {
        switch (parts[0])
        {
            case "N":
            {
                final long clOrdId = Long.parseLong(parts[1]);
                final long root = Long.parseLong(parts[2]);
                lastClOrdId.accumulateAndGet(clOrdId, Math::max);
                final SessionID sessionId = sessionsByKey.get(parts[3]);
                if (null == sessionId || parts.length < 8)
                {
                    return;
                }
                Order order = orders.get(root);
                final Kind kind;
                if (null == order)
                {
                    order = new Order(root, sessionId, parts[4], parts[5], parts[6].charAt(0));
                    orders.put(root, order);
                    kind = Kind.NEW;
                }
                else
                {
                    kind = Kind.valueOf(parts[6].substring(1));
                }
                final Route route = new Route(clOrdId, parts[7], kind, order, replayedTerms.remove(clOrdId));
                byClOrdId.put(clOrdId, route);
                bySession.get(sessionId).put(parts[7], route);
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
                replayedOffers.add(Long.parseLong(parts[1]));
                break;
            case "D":
            {
                final Order order = orders.get(Long.parseLong(parts[1]));
                if (null != order)
                {
                    order.done = true;
                }
                break;
            }
            default:
                break;
        }
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
        final Map<String, Route> sessionRoutes = bySession.get(sessionId);
        synchronized (sessionRoutes)
        {
            if (sessionRoutes.containsKey(brokerClOrdId))
            {
                return null;
            }
            final long clOrdId = lastClOrdId.incrementAndGet();
            final Order order = null == existing ? new Order(clOrdId, sessionId, account, symbol, side) : existing;
            final Route route = new Route(clOrdId, brokerClOrdId, kind, order, terms);
            route.offering = true; // claimed by the caller, who offers it now
            // Terms first, in the same record: a torn write leaves no route, or a route with its terms.
            append(terms.record(clOrdId) + "N\t" + clOrdId + '\t' + order.rootClOrdId + '\t' + sessionId + '\t' +
                account + '\t' + symbol + '\t' + (Kind.NEW == kind ? String.valueOf(side) : "-" + kind.name()) + '\t' +
                brokerClOrdId);
            if (null == existing)
            {
                orders.put(clOrdId, order);
            }
            byClOrdId.put(clOrdId, route);
            sessionRoutes.put(brokerClOrdId, route);
            return route;
        }
    }

    /**
     * @return the route of a session's ClOrdID, or null.
     */
    public Route find(final SessionID sessionId, final String brokerClOrdId)
    {
        final Map<String, Route> sessionRoutes = bySession.get(sessionId);
        return null == sessionRoutes ? null : sessionRoutes.get(brokerClOrdId);
    }

    /**
     * @return the route of a gateway clOrdId, or null.
     */
    public Route route(final long clOrdId)
    {
        return byClOrdId.get(clOrdId);
    }

    /**
     * @return whether the session has used this ClOrdID.
     */
    public boolean isKnown(final SessionID sessionId, final String brokerClOrdId)
    {
        return null != find(sessionId, brokerClOrdId);
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
            append("I\t" + order.rootClOrdId + '\t' + orderId + '\t' + coreSession);
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
            append("C\t" + order.rootClOrdId + '\t' + clOrdId);
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
            if (route.offered || route.offering)
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
        append("O\t" + route.clOrdId);
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
     * Sets which journaled requests the core has received, from the core's own journal (the truth when the core
     * journals: a request offered just before a crash that took the core down too never reached it).
     *
     * @param receivedByCore gateway clOrdIds of every request the core journaled from this gateway.
     */
    public void reconcileOffers(final org.agrona.collections.LongHashSet receivedByCore)
    {
        for (final Route route : byClOrdId.values())
        {
            synchronized (route)
            {
                if (null != route.terms)
                {
                    route.offered = receivedByCore.contains(route.clOrdId);
                }
            }
        }
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
                if (!route.offered && !route.offering && !route.order.done)
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

    public void onDone(final Order order)
    {
        if (!order.done)
        {
            order.done = true;
            append("D\t" + order.rootClOrdId);
        }
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

    public synchronized void close()
    {
        journal.close();
    }
}
