package io.peregrine.sim.fix;

import io.peregrine.protocol.Prices;
import quickfix.Message;
import quickfix.field.Account;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.CxlRejReason;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatusReqID;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Builds the FIX 4.4 messages the venue sends: ExecutionReport(8) and OrderCancelReject(9). Every report gets a
 * unique ExecID(17): a run prefix (the start time in base 36, so ids stay unique across restarts of a venue whose
 * sessions keep their sequence numbers) and a counter. Fills use ExecType(150)=F (Trade), as FIX 4.4 defines,
 * with OrdStatus(39) 1 (partially filled) or 2 (filled).
 * <p>
 * Engine thread only (the counter is not atomic). Allocates: this is the FIX edge.
 */
final class FixReports
{
    private final String runId;
    private long execIdSequence;

    FixReports(final String runId)
    {
        this.runId = runId;
    }

    String runId()
    {
        return runId;
    }

    String nextExecId()
    {
        return runId + "-E" + (++execIdSequence);
    }

    /**
     * An ExecutionReport about a known order, with its quantities as they are now.
     *
     * @param order       the order, after the change this report announces.
     * @param execType    ExecType(150).
     * @param clOrdId     ClOrdID(11): the order's, or the cancel/replace request's.
     * @param origClOrdId OrigClOrdID(41) or null.
     * @param lastQty     LastQty(32) of a trade, 0 for no trade fields.
     * @param lastPx      LastPx(31) of a trade, fixed point.
     * @param text        Text(58) or null.
     * @return the message.
     */
    Message executionReport(
        final FixOrder order,
        final char execType,
        final String clOrdId,
        final String origClOrdId,
        final long lastQty,
        final long lastPx,
        final String text)
    {
        final Message report = new quickfix.fix44.ExecutionReport();
        report.setString(OrderID.FIELD, order.orderIdText());
        report.setString(ExecID.FIELD, nextExecId());
        report.setString(ClOrdID.FIELD, clOrdId);
        if (null != origClOrdId)
        {
            report.setString(OrigClOrdID.FIELD, origClOrdId);
        }
        report.setChar(ExecType.FIELD, execType);
        report.setChar(OrdStatus.FIELD, order.ordStatus());
        report.setString(Account.FIELD, order.session().account());
        report.setString(Symbol.FIELD, order.instrument().symbol());
        report.setChar(Side.FIELD, order.side());
        report.setChar(OrdType.FIELD, order.ordType());
        report.setChar(TimeInForce.FIELD, order.timeInForce());
        report.setDecimal(OrderQty.FIELD, BigDecimal.valueOf(order.orderQty()));
        if (order.ordType() == OrdType.LIMIT)
        {
            report.setDecimal(Price.FIELD, price(order.price()));
        }
        if (lastQty > 0)
        {
            report.setDecimal(LastQty.FIELD, BigDecimal.valueOf(lastQty));
            report.setDecimal(LastPx.FIELD, price(lastPx));
        }
        report.setDecimal(LeavesQty.FIELD, BigDecimal.valueOf(order.leavesQty()));
        report.setDecimal(CumQty.FIELD, BigDecimal.valueOf(order.cumQty()));
        report.setDecimal(AvgPx.FIELD, Prices.trimZeros(order.avgPx()));
        report.setField(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        if (null != text)
        {
            report.setString(Text.FIELD, text);
        }
        return report;
    }

    /**
     * An ExecutionReport rejecting a NewOrderSingle the engine never saw (no OrderID yet: "NONE").
     *
     * @param request      the NewOrderSingle, whose identifying fields are echoed.
     * @param account      the session's account.
     * @param ordRejReason OrdRejReason(103).
     * @param text         Text(58) saying what was wrong.
     * @return the message.
     */
    Message newOrderReject(final Message request, final String account, final int ordRejReason, final String text)
    {
        final Message report = new quickfix.fix44.ExecutionReport();
        report.setString(OrderID.FIELD, "NONE");
        report.setString(ExecID.FIELD, nextExecId());
        report.setString(ClOrdID.FIELD, stringOr(request, ClOrdID.FIELD, "NONE"));
        report.setChar(ExecType.FIELD, ExecType.REJECTED);
        report.setChar(OrdStatus.FIELD, OrdStatus.REJECTED);
        report.setInt(OrdRejReason.FIELD, ordRejReason);
        report.setString(Account.FIELD, account);
        report.setString(Symbol.FIELD, stringOr(request, Symbol.FIELD, "[N/A]"));
        report.setString(Side.FIELD, stringOr(request, Side.FIELD, "1"));
        copyIfSet(request, report, OrdType.FIELD);
        copyIfSet(request, report, TimeInForce.FIELD);
        copyIfSet(request, report, OrderQty.FIELD);
        copyIfSet(request, report, Price.FIELD);
        report.setDecimal(LeavesQty.FIELD, BigDecimal.ZERO);
        report.setDecimal(CumQty.FIELD, BigDecimal.ZERO);
        report.setDecimal(AvgPx.FIELD, BigDecimal.ZERO);
        report.setField(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        report.setString(Text.FIELD, text);
        return report;
    }

    /**
     * An OrderCancelReject(9).
     *
     * @param request      the OrderCancelRequest or OrderCancelReplaceRequest refused.
     * @param order        the order it named, or null if unknown.
     * @param responseTo   CxlRejResponseTo(434): 1 cancel, 2 replace.
     * @param cxlRejReason CxlRejReason(102).
     * @param text         Text(58).
     * @return the message.
     */
    Message cancelReject(
        final Message request, final FixOrder order, final char responseTo, final int cxlRejReason, final String text)
    {
        final Message reject = new quickfix.fix44.OrderCancelReject();
        reject.setString(OrderID.FIELD, null == order ? "NONE" : order.orderIdText());
        reject.setString(ClOrdID.FIELD, stringOr(request, ClOrdID.FIELD, "NONE"));
        reject.setString(OrigClOrdID.FIELD, stringOr(request, OrigClOrdID.FIELD, "NONE"));
        reject.setChar(OrdStatus.FIELD, null == order ? OrdStatus.REJECTED : order.ordStatus());
        reject.setChar(CxlRejResponseTo.FIELD, responseTo);
        reject.setInt(CxlRejReason.FIELD, cxlRejReason);
        if (null != order)
        {
            reject.setString(Account.FIELD, order.session().account());
        }
        reject.setField(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        reject.setString(Text.FIELD, text);
        return reject;
    }

    /**
     * The answer to an OrderStatusRequest(H) about a known order (open, filled or canceled): an ExecutionReport with
     * ExecType(150)=I (order status), its current OrdStatus and quantities, the ClOrdID asked about and, if given,
     * OrdStatusReqID(790). No trade fields: a status report books nothing.
     *
     * @param order          the order.
     * @param clOrdId        ClOrdID(11) named in the request.
     * @param ordStatusReqId OrdStatusReqID(790) of the request, or null.
     * @return the message.
     */
    Message orderStatus(final FixOrder order, final String clOrdId, final String ordStatusReqId)
    {
        final Message report = executionReport(order, ExecType.ORDER_STATUS, clOrdId, null, 0, 0, null);
        if (null != ordStatusReqId)
        {
            report.setString(OrdStatusReqID.FIELD, ordStatusReqId);
        }
        return report;
    }

    /**
     * The answer to an OrderStatusRequest(H) about an order the venue does not know (never received, or forgotten
     * after a restart): ExecType(150)=I, OrdStatus(39)=8 (rejected), OrdRejReason(103)=5 (unknown order), as FIX 4.4
     * prescribes.
     *
     * @param request the OrderStatusRequest, whose identifying fields are echoed.
     * @param account the session's account.
     * @return the message.
     */
    Message unknownOrderStatus(final Message request, final String account)
    {
        final Message report = new quickfix.fix44.ExecutionReport();
        report.setString(OrderID.FIELD, stringOr(request, OrderID.FIELD, "NONE"));
        report.setString(ExecID.FIELD, nextExecId());
        report.setString(ClOrdID.FIELD, stringOr(request, ClOrdID.FIELD, "NONE"));
        report.setChar(ExecType.FIELD, ExecType.ORDER_STATUS);
        report.setChar(OrdStatus.FIELD, OrdStatus.REJECTED);
        report.setInt(OrdRejReason.FIELD, OrdRejReason.UNKNOWN_ORDER);
        report.setString(Account.FIELD, account);
        report.setString(Symbol.FIELD, stringOr(request, Symbol.FIELD, "[N/A]"));
        report.setString(Side.FIELD, stringOr(request, Side.FIELD, "1"));
        report.setDecimal(LeavesQty.FIELD, BigDecimal.ZERO);
        report.setDecimal(CumQty.FIELD, BigDecimal.ZERO);
        report.setDecimal(AvgPx.FIELD, BigDecimal.ZERO);
        copyIfSet(request, report, OrdStatusReqID.FIELD);
        report.setField(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        report.setString(Text.FIELD, "Unknown order");
        return report;
    }

    /** @return a fixed point price as a decimal with at least 2 and at most 6 places, e.g. 190.00, 0.0001. */
    static BigDecimal price(final long fixedPoint)
    {
        return Prices.trimZeros(Prices.toDecimal(fixedPoint));
    }

    private static String stringOr(final Message message, final int tag, final String otherwise)
    {
        return message.getOptionalString(tag).orElse(otherwise);
    }

    private static void copyIfSet(final Message from, final Message to, final int tag)
    {
        from.getOptionalString(tag).ifPresent((value) -> to.setString(tag, value));
    }
}
