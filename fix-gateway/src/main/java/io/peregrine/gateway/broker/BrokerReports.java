package io.peregrine.gateway.broker;

import io.peregrine.fixedge.mapping.FixOrderEnums;
import io.peregrine.fixedge.mapping.FixRejectReasons;
import io.peregrine.fixedge.mapping.FixTimestamps;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecRestatementReason;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdRejReason;
import quickfix.field.OrderID;
import quickfix.field.OrigClOrdID;
import quickfix.field.Text;
import quickfix.field.TransactTime;
import quickfix.fix44.ExecutionReport;
import quickfix.fix44.OrderCancelReject;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the FIX 4.4 messages the broker side sends: ExecutionReports and OrderCancelRejects from the core's SBE
 * reports, and the gateway's own rejects of requests it refuses before they reach the core. The FIX values and
 * texts come from fix-edge's {@code FixOrderEnums} and {@code FixRejectReasons}. Thread-safe; allocates (edge).
 */
public final class BrokerReports
{
    /** OrderID(37) before the core has assigned one. */
    public static final String NO_ORDER_ID = "NONE";
    /** Why the gateway answers an OrderStatusRequest itself for an order the core no longer holds. */
    public static final String STATUS_NOT_HELD = "The core no longer holds this order (done earlier)";

    private final String execIdPrefix = "GW" + System.currentTimeMillis() + '-';
    private final AtomicLong gatewayExecIds = new AtomicLong();

    /**
     * Translates a core report. The decoder's {@code text} is consumed.
     *
     * @param report            the core's report (already routed to this gateway).
     * @param brokerClOrdId     the broker's ClOrdID for {@code report.clOrdId()}.
     * @param brokerOrigClOrdId the broker's OrigClOrdID for {@code report.origClOrdId()}, or null.
     * @return the FIX report.
     */
    public ExecutionReport fromCore(
        final ExecutionReportDecoder report, final String brokerClOrdId, final String brokerOrigClOrdId)
    {
        final ExecType execType = report.execType();
        final long orderId = report.orderId();
        final ExecutionReport fix = new ExecutionReport(
            new OrderID(0 == orderId ? NO_ORDER_ID : Long.toString(orderId)),
            new ExecID(Long.toString(report.execId())),
            new quickfix.field.ExecType(FixOrderEnums.fixExecType(execType)),
            new quickfix.field.OrdStatus(FixOrderEnums.fixOrdStatus(report.ordStatus())),
            new quickfix.field.Side(fixSide(report.side())),
            new LeavesQty(report.leavesQty()),
            new CumQty(report.cumQty()),
            new AvgPx(Prices.toDouble(report.avgPx())));
        fix.set(new ClOrdID(brokerClOrdId));
        if (null != brokerOrigClOrdId)
        {
            fix.set(new OrigClOrdID(brokerOrigClOrdId));
        }
        final long account = PackedAscii.read(report.buffer(), report.offset() +
            ExecutionReportDecoder.accountEncodingOffset());
        if (account != PackedAscii.BLANK)
        {
            fix.set(new quickfix.field.Account(PackedAscii.unpack(account)));
        }
        final long symbol = PackedAscii.read(report.buffer(), report.offset() +
            ExecutionReportDecoder.symbolEncodingOffset());
        if (symbol != PackedAscii.BLANK)
        {
            // Never an empty Symbol(55=): a FIX engine refuses it at session level.
            fix.set(new quickfix.field.Symbol(PackedAscii.unpack(symbol)));
        }
        final char ordType = FixOrderEnums.fixOrdType(report.ordType());
        if (ordType != FixOrderEnums.NONE)
        {
            fix.set(new quickfix.field.OrdType(ordType));
        }
        if (report.ordType() == OrdType.LIMIT && report.price() != 0)
        {
            fix.setDecimal(quickfix.field.Price.FIELD, Prices.toDecimal(report.price()).stripTrailingZeros());
        }
        final char tif = FixOrderEnums.fixTimeInForce(report.timeInForce());
        if (tif != FixOrderEnums.NONE)
        {
            fix.set(new quickfix.field.TimeInForce(tif));
        }
        fix.set(new quickfix.field.OrderQty(report.quantity()));
        if (report.lastQty() > 0)
        {
            fix.set(new LastQty(report.lastQty()));
            fix.setDecimal(LastPx.FIELD, Prices.toDecimal(report.lastPx()).stripTrailingZeros());
        }
        fix.set(new TransactTime(utc(report.transactTime())));
        if (execType == ExecType.RESTATED)
        {
            // The core's only restatement: the venue declined the raised quantity that its reports during the wait
            // said (hft-core README, "Venue adapter contract"); FIX 4.4 requires the reason with ExecType D.
            fix.set(new ExecRestatementReason(ExecRestatementReason.PARTIAL_DECLINE_OF_ORDERQTY));
        }

        final RejectReason reason = report.rejectReason();
        final String coreText = report.text();
        if (execType == ExecType.REJECTED || (execType == ExecType.ORDER_STATUS && reason != RejectReason.NONE))
        {
            fix.set(new OrdRejReason(FixRejectReasons.ordRejReason(reason)));
            fix.set(new Text(FixRejectReasons.withDetail(reason, coreText)));
        }
        else if (reason == RejectReason.VENUE_LOST_ORDER)
        {
            fix.set(new Text(FixRejectReasons.withDetail(reason, coreText)));
        }
        else if (!coreText.isEmpty())
        {
            fix.set(new Text(FixRejectReasons.printable(coreText)));
        }
        return fix;
    }

    /**
     * The order's current state as the gateway last reported it: ExecutionReport ExecType I (order status), for a
     * broker's PossDup copy of a request the gateway already took, or an OrderStatusRequest the core cannot answer (the
     * order retired, no longer held by the core, or the core unreachable). The gateway does not keep quantities, so
     * CumQty/LeavesQty are 0 and the Text says why the gateway answers and that the earlier reports carry them
     * ({@link #gatewayStatusText}).
     *
     * @param route the route the request names.
     * @param why   why the gateway answers, not the core.
     * @return the ExecutionReport.
     */
    public ExecutionReport orderStatus(final OrderRoutes.Route route, final String why)
    {
        final OrderRoutes.Order order = route.order();
        final char ordStatus = 0 == order.lastOrdStatus() ? quickfix.field.OrdStatus.PENDING_NEW : order.lastOrdStatus();
        final ExecutionReport fix = new ExecutionReport(
            new OrderID(0 == order.orderId() ? NO_ORDER_ID : Long.toString(order.orderId())),
            new ExecID(execIdPrefix + gatewayExecIds.incrementAndGet()),
            new quickfix.field.ExecType(quickfix.field.ExecType.ORDER_STATUS),
            new quickfix.field.OrdStatus(ordStatus),
            new quickfix.field.Side(order.side()),
            new LeavesQty(0),
            new CumQty(0),
            new AvgPx(0));
        fix.set(new ClOrdID(route.brokerClOrdId()));
        fix.set(new quickfix.field.Symbol(order.symbol()));
        fix.set(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        fix.set(new Text(gatewayStatusText(why)));
        return fix;
    }

    /**
     * @param reason why the core refused an OrderStatusRequest (anything but UNKNOWN_ORDER, which is
     *               {@link #STATUS_NOT_HELD}).
     * @param text   the core's text of the refusal.
     * @return why the gateway answers it, for {@link #orderStatus}: "The core refused the status request (...)".
     */
    public static String statusRefused(final RejectReason reason, final String text)
    {
        return "The core refused the status request (" + FixRejectReasons.withDetail(reason, text) + ")";
    }

    /**
     * @param why why the gateway answers with the status it last reported.
     * @return Text(58) of that answer: the reason, then where the quantities are.
     */
    public static String gatewayStatusText(final String why)
    {
        return why + ": last status reported for this order; its quantities are in its earlier reports";
    }

    /**
     * The answer to an OrderStatusRequest for an order this session does not have: ExecutionReport ExecType I (order
     * status), OrdStatus 8 (rejected), OrdRejReason 5 (unknown order), as FIX 4.4 answers it.
     *
     * @param clOrdId the ClOrdID(11) as received.
     * @param orderId the OrderID(37) as received, or null.
     * @param symbol  as received, or null.
     * @param side    FIX side as received.
     * @param text    Text(58).
     * @return the ExecutionReport.
     */
    public ExecutionReport unknownOrderStatus(
        final String clOrdId, final String orderId, final String symbol, final char side, final String text)
    {
        final ExecutionReport fix = gatewayReport(quickfix.field.ExecType.ORDER_STATUS, clOrdId, symbol, side,
            OrdRejReason.UNKNOWN_ORDER, text);
        if (null != orderId)
        {
            fix.set(new OrderID(orderId));
        }
        return fix;
    }

    /**
     * The answer to a PossDup copy of a NewOrderSingle the gateway refused before taking it: ExecutionReport ExecType
     * I (order status), OrdStatus 8 (rejected), the refusal's OrdRejReason.
     *
     * @param clOrdId      the ClOrdID(11).
     * @param symbol       as the refused order had it, or null.
     * @param side         FIX side as the refused order had it.
     * @param ordRejReason FIX OrdRejReason(103) of the refusal.
     * @param text         Text(58).
     * @return the ExecutionReport.
     */
    public ExecutionReport refusedOrderStatus(
        final String clOrdId, final String symbol, final char side, final int ordRejReason, final String text)
    {
        return gatewayReport(quickfix.field.ExecType.ORDER_STATUS, clOrdId, symbol, side, ordRejReason, text);
    }

    /**
     * A reject the gateway produces itself (invalid field, duplicate ClOrdID, back-pressure...).
     *
     * @param clOrdId      the broker's ClOrdID as received (may be blank).
     * @param symbol       as received, or null.
     * @param side         FIX side as received (defaults to BUY when absent or invalid).
     * @param ordRejReason FIX OrdRejReason(103).
     * @param text         Text(58).
     * @return the ExecutionReport; the request's other fields that read are echoed by the caller ({@code OrderEcho}).
     */
    public ExecutionReport gatewayReject(
        final String clOrdId, final String symbol, final char side, final int ordRejReason, final String text)
    {
        return gatewayReport(quickfix.field.ExecType.REJECTED, clOrdId, symbol, side, ordRejReason, text);
    }

    private ExecutionReport gatewayReport(
        final char execType, final String clOrdId, final String symbol, final char side, final int ordRejReason,
        final String text)
    {
        final ExecutionReport fix = new ExecutionReport(
            new OrderID(NO_ORDER_ID),
            new ExecID(execIdPrefix + gatewayExecIds.incrementAndGet()),
            new quickfix.field.ExecType(execType),
            new quickfix.field.OrdStatus(quickfix.field.OrdStatus.REJECTED),
            new quickfix.field.Side(side),
            new LeavesQty(0),
            new CumQty(0),
            new AvgPx(0));
        fix.set(new ClOrdID(clOrdId));
        if (null != symbol)
        {
            fix.set(new quickfix.field.Symbol(symbol));
        }
        fix.set(new OrdRejReason(ordRejReason));
        fix.set(new Text(text));
        fix.set(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        return fix;
    }

    /**
     * @param orderId       core order id or 0.
     * @param clOrdId       the request's ClOrdID.
     * @param origClOrdId   the OrigClOrdID it named.
     * @param account       Account(1): the order's, or the session's default account for a request naming no order
     *                      the gateway knows; null for none.
     * @param ordStatus     FIX OrdStatus of the order.
     * @param replace       true for a refused replace, false for a refused cancel.
     * @param cxlRejReason  FIX CxlRejReason(102).
     * @param text          Text(58).
     * @return the OrderCancelReject.
     */
    public static OrderCancelReject cancelReject(
        final long orderId, final String clOrdId, final String origClOrdId, final String account, final char ordStatus,
        final boolean replace, final int cxlRejReason, final String text)
    {
        final OrderCancelReject fix = new OrderCancelReject(
            new OrderID(0 == orderId ? NO_ORDER_ID : Long.toString(orderId)),
            new ClOrdID(clOrdId),
            new OrigClOrdID(origClOrdId),
            new quickfix.field.OrdStatus(ordStatus),
            new CxlRejResponseTo(replace ?
                CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST : CxlRejResponseTo.ORDER_CANCEL_REQUEST));
        fix.set(new CxlRejReason(cxlRejReason));
        fix.set(new Text(text));
        // A broker's tools file rejects by account like every other report: one without it was lost to them.
        return withAccount(fix, account);
    }

    /**
     * Fills in Account(1) on a report the gateway made when the request it answers had none, so that every report a
     * broker gets carries one (its tools key orders by account; the core's reports always carry it).
     *
     * @param report  an ExecutionReport or OrderCancelReject.
     * @param account the order's or the session's default account; null leaves the report as it is.
     * @param <T>     the message's type.
     * @return {@code report}.
     */
    public static <T extends quickfix.Message> T withAccount(final T report, final String account)
    {
        if (null != account && !report.isSetField(quickfix.field.Account.FIELD))
        {
            report.setString(quickfix.field.Account.FIELD, account);
        }
        return report;
    }

    /**
     * Side(54) is required on every ExecutionReport: a report about a message whose side could not be read (a
     * malformed message, an unknown order) says buy.
     */
    private static char fixSide(final io.peregrine.sbe.Side side)
    {
        final char fix = FixOrderEnums.fixSide(side);
        return fix == FixOrderEnums.NONE ? quickfix.field.Side.BUY : fix;
    }

    static LocalDateTime utc(final long epochNanos)
    {
        if (epochNanos <= 0)
        {
            return LocalDateTime.now(ZoneOffset.UTC);
        }
        return FixTimestamps.utc(epochNanos);
    }
}
