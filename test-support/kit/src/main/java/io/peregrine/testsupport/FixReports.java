package io.peregrine.testsupport;

import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.fix44.ExecutionReport;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FIX 4.4 ExecutionReports a test venue sends about the orders it was sent: OrderID(37) is {@code V} + the ClOrdID,
 * ExecID(17) is this object's prefix + a number unique within it, AvgPx(6) 0. Thread-safe (the ExecID counter is
 * atomic); a venue's session thread may build reports while the test thread does.
 */
public final class FixReports
{
    private final String execIdPrefix;
    private final AtomicLong execIds = new AtomicLong();

    /**
     * @param execIdPrefix what every ExecID of these reports starts with.
     */
    public FixReports(final String execIdPrefix)
    {
        this.execIdPrefix = execIdPrefix;
    }

    /**
     * The mandatory fields only: a buy AAPL order, no OrderQty(38), no Price(44).
     *
     * @param origClOrdId the replaced or canceled order's ClOrdID, or null for none.
     * @return the report.
     */
    public ExecutionReport report(
        final String clOrdId, final String origClOrdId, final char execType, final char ordStatus, final long cumQty,
        final long leavesQty)
    {
        return report(clOrdId, origClOrdId, execType, ordStatus, Side.BUY, "AAPL", cumQty, leavesQty);
    }

    /**
     * A report of a buy AAPL order with its quantity, price and, when {@code lastQty > 0}, the fill at that price.
     *
     * @param origClOrdId the replaced or canceled order's ClOrdID, or null for none.
     * @param price       the order's price (and the fill's), or null for none (a market order).
     * @return the report.
     */
    public ExecutionReport report(
        final String clOrdId, final String origClOrdId, final char execType, final char ordStatus, final long qty,
        final long lastQty, final long cumQty, final long leavesQty, final String price)
    {
        final ExecutionReport report = report(clOrdId, origClOrdId, execType, ordStatus, cumQty, leavesQty);
        report.set(new OrderQty(qty));
        if (null != price)
        {
            report.setDecimal(Price.FIELD, new BigDecimal(price));
        }
        if (lastQty > 0)
        {
            report.set(new LastQty(lastQty));
            report.setDecimal(LastPx.FIELD, new BigDecimal(price));
        }
        return report;
    }

    /**
     * A fill (ExecType TRADE) of a buy AAPL order of {@code qty} at {@code price}: OrdStatus PARTIALLY_FILLED until
     * {@code cumQty} reaches {@code qty}, then FILLED; LeavesQty the rest.
     *
     * @param lastQty this fill's quantity, at {@code price}.
     * @param cumQty  filled so far, this fill included.
     * @return the report.
     * @throws IllegalArgumentException unless 0 < lastQty <= cumQty <= qty.
     */
    public ExecutionReport fill(
        final String clOrdId, final long qty, final long lastQty, final long cumQty, final String price)
    {
        if (lastQty <= 0 || lastQty > cumQty || cumQty > qty)
        {
            throw new IllegalArgumentException(
                "a fill needs 0 < lastQty <= cumQty <= qty, got lastQty " + lastQty + ", cumQty " + cumQty + ", qty " +
                qty);
        }
        final char ordStatus = cumQty < qty ? OrdStatus.PARTIALLY_FILLED : OrdStatus.FILLED;
        return report(clOrdId, null, ExecType.TRADE, ordStatus, qty, lastQty, cumQty, qty - cumQty, price);
    }

    /**
     * @param order a NewOrderSingle (limit: it has a Price).
     * @return its acknowledgement: New, nothing filled, the order's side, symbol, quantity and price.
     * @throws FieldNotFound if the order lacks one of them.
     */
    public ExecutionReport acknowledge(final Message order) throws FieldNotFound
    {
        final BigDecimal qty = order.getDecimal(OrderQty.FIELD);
        final ExecutionReport report = report(order.getString(ClOrdID.FIELD), null, ExecType.NEW, OrdStatus.NEW,
            order.getChar(Side.FIELD), order.getString(Symbol.FIELD), 0, qty.longValueExact());
        report.setDecimal(OrderQty.FIELD, qty);
        report.setDecimal(Price.FIELD, order.getDecimal(Price.FIELD));
        return report;
    }

    private ExecutionReport report(
        final String clOrdId, final String origClOrdId, final char execType, final char ordStatus, final char side,
        final String symbol, final long cumQty, final long leavesQty)
    {
        final ExecutionReport report = new ExecutionReport(new OrderID("V" + clOrdId),
            new ExecID(execIdPrefix + execIds.incrementAndGet()), new ExecType(execType), new OrdStatus(ordStatus),
            new Side(side), new LeavesQty(leavesQty), new CumQty(cumQty), new AvgPx(0));
        report.set(new ClOrdID(clOrdId));
        if (null != origClOrdId)
        {
            report.set(new OrigClOrdID(origClOrdId));
        }
        report.set(new Symbol(symbol));
        return report;
    }
}
