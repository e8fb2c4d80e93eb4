package io.peregrine.gateway.broker;

import io.peregrine.gateway.store.TornTail;
import quickfix.SessionID;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Journal lines (tab separated): {@code N clOrdId rootClOrdId session account symbol side brokerClOrdId} for
 * every allocated id (root = the id of the order's NewOrderSingle), {@code I root orderId} when the core's order
 * id is learnt, {@code C root clOrdId} when a replace changed the order's current id, {@code D root} when it is
 * done (the I record also names the Aeron session of the core run that assigned the id, since core order ids
 * restart with each core run). Records reach the OS before the matching SBE message is offered (a process crash
 * loses nothing; no fsync).
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

        Route(final long clOrdId, final String brokerClOrdId, final Kind kind, final Order order)
        {
            this.clOrdId = clOrdId;
            this.brokerClOrdId = brokerClOrdId;
            this.kind = kind;
            this.order = order;
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

    private final Map<Long, Route> byClOrdId = new ConcurrentHashMap<>();
    private final Map<SessionID, Map<String, Route>> bySession = new ConcurrentHashMap<>();
    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, SessionID> sessionsByKey;
    private final AtomicLong lastClOrdId = new AtomicLong();
    private final FileChannel journal;
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
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file))
            {
                TornTail.cut(file);
                replay(file);
            }
            journal = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open ClOrdID journal " + file, ex);
        }
    }

    private void replay(final Path file) throws IOException
    {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                try
                {
                    replayRecord(line.split("\t", 8));
                }
                catch (final RuntimeException torn)
                {
                    // a partially written last record: its SBE message was never offered
                }
            }
        }
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
                final Route route = new Route(clOrdId, parts[7], kind, order);
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
        final Map<String, Route> sessionRoutes = bySession.get(sessionId);
        synchronized (sessionRoutes)
        {
            if (sessionRoutes.containsKey(brokerClOrdId))
            {
                return null;
            }
            final long clOrdId = lastClOrdId.incrementAndGet();
            final Order order = new Order(clOrdId, sessionId, account, symbol, side);
            final Route route = new Route(clOrdId, brokerClOrdId, Kind.NEW, order);
            append("N\t" + clOrdId + '\t' + clOrdId + '\t' + sessionId + '\t' + account + '\t' + symbol + '\t' +
                side + '\t' + brokerClOrdId + '\n');
            orders.put(clOrdId, order);
            byClOrdId.put(clOrdId, route);
            sessionRoutes.put(brokerClOrdId, route);
            return route;
        }
    }

    /**
     * Allocates a clOrdId for a cancel or replace of {@code order}.
     *
     * @return the route, or null if the session already used {@code brokerClOrdId}.
     */
    public Route request(final Order order, final String brokerClOrdId, final Kind kind)
    {
        final Map<String, Route> sessionRoutes = bySession.get(order.sessionId);
        synchronized (sessionRoutes)
        {
            if (sessionRoutes.containsKey(brokerClOrdId))
            {
                return null;
            }
            final long clOrdId = lastClOrdId.incrementAndGet();
            final Route route = new Route(clOrdId, brokerClOrdId, kind, order);
            append("N\t" + clOrdId + '\t' + order.rootClOrdId + '\t' + order.sessionId + '\t' + order.account +
                '\t' + order.symbol + "\t-" + kind.name() + '\t' + brokerClOrdId + '\n');
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
            append("I\t" + order.rootClOrdId + '\t' + orderId + '\t' + coreSession + '\n');
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
            append("C\t" + order.rootClOrdId + '\t' + clOrdId + '\n');
        }
    }

    public void onDone(final Order order)
    {
        if (!order.done)
        {
            order.done = true;
            append("D\t" + order.rootClOrdId + '\n');
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
        try
        {
            final ByteBuffer bytes = ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining())
            {
                journal.write(bytes);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("ClOrdID journal write failed", ex);
        }
    }

    public synchronized void close()
    {
        try
        {
            journal.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
