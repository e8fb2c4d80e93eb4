package io.peregrine.gateway.kill;

import io.peregrine.testsupport.FixCounterparty;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.HandlInst;
import quickfix.field.LastQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrigClOrdID;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelRequest;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A broker's order flow for the kill tests, and the broker's own account of what came back: AAPL buys and sells at
 * crossing prices (they trade with each other at the venue, which has no market maker), passive orders that rest,
 * and cancels of resting orders. Sends through the broker's QuickFIX/J session whether it is logged on or not (a
 * message sent while logged out is stored and resent, PossDupFlag=Y, when the gateway asks after its restart).
 * <p>
 * Reports are de-duplicated by ExecID, as a broker does (the gateway delivers at least once around its own crash);
 * order status answers (ExecType I) are not execution events and are left out. Sending runs on the test thread;
 * reports arrive on the QuickFIX/J thread into concurrent maps (never under this object's lock: QuickFIX/J's
 * session locks are taken in the other order when sending).
 */
final class BrokerLoad
{
    private static final String[] BUY_PRICES = {"190.10", "190.05", "188.00"};
    private static final String[] SELL_PRICES = {"189.90", "189.95", "192.00"};

    private final FixCounterparty broker;
    private final Random random;
    private final Map<String, Order> orders = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> cancelOf = new java.util.concurrent.ConcurrentHashMap<>();
    private int next;

    /** One broker order and the distinct execution reports it received. */
    static final class Order
    {
        final String clOrdId;
        final char side;
        final long quantity;
        final Map<String, Message> reports = new java.util.concurrent.ConcurrentHashMap<>();

        Order(final String clOrdId, final char side, final long quantity)
        {
            this.clOrdId = clOrdId;
            this.side = side;
            this.quantity = quantity;
        }
    }

    BrokerLoad(final FixCounterparty broker, final Random random)
    {
        this.broker = broker;
        this.random = random;
        broker.onApp(this::onMessage);
    }

    /** One step of the flow: mostly a new order, sometimes a cancel of an order not known to be done. */
    synchronized void step() throws SessionNotFound
    {
        if (random.nextInt(5) == 0 && cancelOne())
        {
            return;
        }
        final char side = random.nextBoolean() ? quickfix.field.Side.BUY : quickfix.field.Side.SELL;
        final String price = (side == quickfix.field.Side.BUY ? BUY_PRICES : SELL_PRICES)[random.nextInt(3)];
        final long quantity = 1 + random.nextInt(5) * 10L;
        final String clOrdId = "O" + (++next);
        orders.put(clOrdId, new Order(clOrdId, side, quantity));
        final NewOrderSingle order = new NewOrderSingle(new ClOrdID(clOrdId), new quickfix.field.Side(side),
            new TransactTime(LocalDateTime.now()), new quickfix.field.OrdType(quickfix.field.OrdType.LIMIT));
        order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        order.set(new quickfix.field.Symbol("AAPL"));
        order.set(new quickfix.field.OrderQty(quantity));
        order.setDecimal(quickfix.field.Price.FIELD, new BigDecimal(price));
        broker.send(order);
    }

    private boolean cancelOne() throws SessionNotFound
    {
        final List<Order> open = open();
        if (open.isEmpty())
        {
            return false;
        }
        cancel(open.get(random.nextInt(open.size())));
        return true;
    }

    /**
     * Steps the flow for this long, 2-7 ms apart.
     */
    void runFor(final long millis) throws Exception
    {
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - end < 0)
        {
            step();
            Thread.sleep(2 + random.nextInt(6));
        }
    }

    /**
     * Cancels every order without a final report, again every 300 ms while some stay open, until every order is final
     * or the time is up.
     *
     * @return the cancel rounds sent.
     */
    int quiesce(final long timeoutNs) throws Exception
    {
        int rounds = 0;
        final long deadline = System.nanoTime() + timeoutNs;
        while (!allFinal() && System.nanoTime() - deadline < 0)
        {
            cancelOpen();
            rounds++;
            final long wait = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (!allFinal() && System.nanoTime() - wait < 0)
            {
                Thread.sleep(5);
            }
        }
        return rounds;
    }

    /** Sends a cancel for every order without a final report (quiescing; sent again while some stay open). */
    synchronized int cancelOpen() throws SessionNotFound
    {
        final List<Order> open = open();
        for (final Order order : open)
        {
            cancel(order);
        }
        return open.size();
    }

    private void cancel(final Order order) throws SessionNotFound
    {
        final String clOrdId = "X" + (++next);
        cancelOf.put(clOrdId, order.clOrdId);
        final OrderCancelRequest cancel = new OrderCancelRequest(new OrigClOrdID(order.clOrdId),
            new ClOrdID(clOrdId), new quickfix.field.Side(order.side), new TransactTime(LocalDateTime.now()));
        cancel.set(new quickfix.field.Symbol("AAPL"));
        cancel.set(new quickfix.field.OrderQty(order.quantity));
        broker.send(cancel);
    }

    private List<Order> open()
    {
        final List<Order> open = new ArrayList<>();
        for (final Order order : orders.values())
        {
            if (finals(order).isEmpty())
            {
                open.add(order);
            }
        }
        return open;
    }

    synchronized boolean allFinal()
    {
        return open().isEmpty();
    }

    synchronized int orderCount()
    {
        return orders.size();
    }

    private void onMessage(final Message message, final SessionID sessionId)
    {
        try
        {
            if (!MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD)) ||
                message.getChar(ExecType.FIELD) == ExecType.ORDER_STATUS)
            {
                return;
            }
            final String clOrdId = message.getString(ClOrdID.FIELD);
            final String orderClOrdId = cancelOf.getOrDefault(clOrdId, clOrdId);
            final Order order = orders.get(orderClOrdId);
            if (null == order)
            {
                throw new IllegalStateException("report for an order the broker never sent: " + message);
            }
            order.reports.putIfAbsent(message.getString(ExecID.FIELD), message);
        }
        catch (final FieldNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static List<Message> finals(final Order order)
    {
        final List<Message> finals = new ArrayList<>();
        for (final Message report : order.reports.values())
        {
            try
            {
                final char status = report.getChar(OrdStatus.FIELD);
                if (status == OrdStatus.FILLED || status == OrdStatus.CANCELED || status == OrdStatus.REJECTED ||
                    status == OrdStatus.EXPIRED)
                {
                    finals.add(report);
                }
            }
            catch (final FieldNotFound ex)
            {
                throw new IllegalStateException(ex);
            }
        }
        return finals;
    }

    /**
     * Every order has exactly one final report; its fills add up to the final CumQty (no fill lost or booked twice)
     * and never exceed the order; everything bought was sold (the orders only trade with each other).
     *
     * @return null when all holds, else what does not.
     */
    synchronized String problems() throws FieldNotFound
    {
        return problems(true);
    }

    /**
     * @param balanced whether everything bought must have been sold (not when the venue itself may lose the report of
     *                 one side of a trade, e.g. when it is killed between the two).
     * @return null when all holds, else what does not.
     */
    synchronized String problems(final boolean balanced) throws FieldNotFound
    {
        final StringBuilder problems = new StringBuilder();
        long bought = 0;
        long sold = 0;
        for (final Order order : orders.values())
        {
            final List<Message> finals = finals(order);
            long filled = 0;
            for (final Message report : order.reports.values())
            {
                if (report.isSetField(LastQty.FIELD) && (report.getChar(ExecType.FIELD) == ExecType.TRADE ||
                    report.getChar(ExecType.FIELD) == ExecType.FILL || report.getChar(ExecType.FIELD) ==
                    ExecType.PARTIAL_FILL))
                {
                    filled += report.getDecimal(LastQty.FIELD).longValueExact();
                }
            }
            if (finals.size() != 1)
            {
                problems.append(order.clOrdId).append(": ").append(finals.size()).append(" final reports ")
                    .append(order.reports.values()).append('\n');
                continue;
            }
            final long cumQty = finals.get(0).getDecimal(CumQty.FIELD).longValueExact();
            if (filled != cumQty || cumQty > order.quantity)
            {
                problems.append(order.clOrdId).append(": fills ").append(filled).append(" but final CumQty ")
                    .append(cumQty).append(" of ").append(order.quantity).append(' ').append(order.reports.values())
                    .append('\n');
            }
            if (order.side == quickfix.field.Side.BUY)
            {
                bought += filled;
            }
            else
            {
                sold += filled;
            }
        }
        if (balanced && bought != sold)
        {
            problems.append("bought ").append(bought).append(" but sold ").append(sold).append('\n');
        }
        return problems.length() == 0 ? null : problems.toString();
    }

    /** Counts for the seed's summary line. */
    synchronized String summary() throws FieldNotFound
    {
        final Map<Character, Integer> byStatus = new java.util.TreeMap<>();
        long filled = 0;
        for (final Order order : orders.values())
        {
            for (final Message report : finals(order))
            {
                byStatus.merge(report.getChar(OrdStatus.FIELD), 1, Integer::sum);
                filled += report.getDecimal(CumQty.FIELD).longValueExact();
            }
        }
        return orders.size() + " orders, final OrdStatus " + byStatus + ", filled qty " + filled;
    }
}
