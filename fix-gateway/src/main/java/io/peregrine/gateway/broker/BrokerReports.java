package io.peregrine.gateway.broker;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.TimeInForce;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
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
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the FIX 4.4 messages the broker side sends: ExecutionReports and OrderCancelRejects from the core's SBE
 * reports, and the gateway's own rejects of requests it refuses before they reach the core. Also the mappings
 * from SBE enums to FIX values and from {@link RejectReason} to human text. Thread-safe; allocates (edge).
 */
public final class BrokerReports
{
    /** OrderID(37) before the core has assigned one. */
    public static final String NO_ORDER_ID = "NONE";

    private final String execIdPrefix = "GW" + System.currentTimeMillis() + '-';
    private final AtomicLong gatewayExecIds = new AtomicLong();

    /**
     * @param reason a reject reason.
     * @return its name as a sentence, e.g. "Price outside collar".
     */
    public static String describe(final RejectReason reason)
    {
        if (reason == RejectReason.VENUE_LOST_ORDER)
        {
            return "Canceled: the venue lost the order (it no longer knew it when asked, e.g. after a venue restart)";
        }
        if (reason == RejectReason.VENUE_TIMEOUT)
        {
            return "Venue timeout: the venue did not receive the request (it was asked for the order's status)";
        }
        final String words = reason.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /**
     * @return the FIX 4.4 OrdRejReason(103) closest to a core reject reason.
     */
    public static int ordRejReason(final RejectReason reason)
    {
        switch (reason)
        {
            case UNKNOWN_INSTRUMENT:
            case INSTRUMENT_NOT_TRADABLE:
                return OrdRejReason.UNKNOWN_SYMBOL;
            case QUANTITY_ABOVE_MAX:
            case MAX_NOTIONAL_EXCEEDED:
            case POSITION_LIMIT_EXCEEDED:
            case CREDIT_LIMIT_EXCEEDED:
            case OPEN_ORDER_LIMIT_EXCEEDED:
            case ORDER_RATE_EXCEEDED:
            case THROTTLED:
                return OrdRejReason.ORDER_EXCEEDS_LIMIT;
            case DUPLICATE_CLIENT_ORDER_ID:
                return OrdRejReason.DUPLICATE_ORDER;
            case INVALID_QUANTITY:
            case LOT_SIZE_VIOLATION:
                return OrdRejReason.INCORRECT_QUANTITY;
            case UNSUPPORTED_ORDER_TYPE:
                return OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC;
            case UNKNOWN_ACCOUNT:
                return OrdRejReason.UNKNOWN_ACCOUNT;
            case KILL_SWITCH_GLOBAL:
            case KILL_SWITCH_ACCOUNT:
            case KILL_SWITCH_SYMBOL:
            case RESTRICTED_INSTRUMENT:
                return OrdRejReason.BROKER_EXCHANGE_OPTION;
            case VENUE_UNAVAILABLE:
            case VENUE_PAUSED:
            case CIRCUIT_BREAKER_OPEN:
                return OrdRejReason.EXCHANGE_CLOSED;
            case UNKNOWN_ORDER:
                return OrdRejReason.UNKNOWN_ORDER;
            default:
                return OrdRejReason.OTHER;
        }
    }

    /**
     * @return the FIX 4.4 CxlRejReason(102) closest to a core reject reason.
     */
    public static int cxlRejReason(final RejectReason reason)
    {
        switch (reason)
        {
            case TOO_LATE_TO_CANCEL:
                return CxlRejReason.TOO_LATE_TO_CANCEL;
            case UNKNOWN_ORDER:
                return CxlRejReason.UNKNOWN_ORDER;
            case REQUEST_PENDING:
                return CxlRejReason.ORDER_ALREADY_IN_PENDING_CANCEL_OR_PENDING_REPLACE_STATUS;
            case DUPLICATE_CLIENT_ORDER_ID:
                return CxlRejReason.DUPLICATE_CLORDID_RECEIVED;
            default:
                return CxlRejReason.OTHER;
        }
    }

    public static char execType(final ExecType execType)
    {
        switch (execType)
        {
            case NEW:
                return quickfix.field.ExecType.NEW;
            case PARTIAL_FILL:
            case FILL:
                return quickfix.field.ExecType.TRADE;
            case CANCELED:
                return quickfix.field.ExecType.CANCELED;
            case REPLACED:
                return quickfix.field.ExecType.REPLACED;
            case REJECTED:
                return quickfix.field.ExecType.REJECTED;
            case EXPIRED:
                return quickfix.field.ExecType.EXPIRED;
            default:
                throw new IllegalArgumentException("no FIX ExecType for " + execType);
        }
    }

    public static char ordStatus(final OrdStatus ordStatus)
    {
        switch (ordStatus)
        {
            case NEW:
                return quickfix.field.OrdStatus.NEW;
            case PARTIALLY_FILLED:
                return quickfix.field.OrdStatus.PARTIALLY_FILLED;
            case FILLED:
                return quickfix.field.OrdStatus.FILLED;
            case CANCELED:
                return quickfix.field.OrdStatus.CANCELED;
            case REJECTED:
                return quickfix.field.OrdStatus.REJECTED;
            case EXPIRED:
                return quickfix.field.OrdStatus.EXPIRED;
            case PENDING_NEW:
                return quickfix.field.OrdStatus.PENDING_NEW;
            case PENDING_CANCEL:
                return quickfix.field.OrdStatus.PENDING_CANCEL;
            case PENDING_REPLACE:
                return quickfix.field.OrdStatus.PENDING_REPLACE;
            default:
                throw new IllegalArgumentException("no FIX OrdStatus for " + ordStatus);
        }
    }

    /**
     * @return true for an order status after which no more reports come.
     */
    public static boolean isTerminal(final OrdStatus ordStatus)
    {
        return ordStatus == OrdStatus.FILLED || ordStatus == OrdStatus.CANCELED ||
            ordStatus == OrdStatus.REJECTED || ordStatus == OrdStatus.EXPIRED;
    }

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
            new quickfix.field.ExecType(execType(execType)),
            new quickfix.field.OrdStatus(ordStatus(report.ordStatus())),
            new quickfix.field.Side(report.side() == io.peregrine.sbe.Side.SELL ?
                quickfix.field.Side.SELL : quickfix.field.Side.BUY),
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
        if (report.ordType() == OrdType.MARKET)
        {
            fix.set(new quickfix.field.OrdType(quickfix.field.OrdType.MARKET));
        }
        else if (report.ordType() == OrdType.LIMIT)
        {
            fix.set(new quickfix.field.OrdType(quickfix.field.OrdType.LIMIT));
            if (report.price() != 0)
            {
                fix.setDecimal(quickfix.field.Price.FIELD, Prices.toDecimal(report.price()).stripTrailingZeros());
            }
        }
        final char tif = timeInForce(report.timeInForce());
        if (tif != 0)
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

        final RejectReason reason = report.rejectReason();
        final String coreText = report.text();
        if (execType == ExecType.REJECTED)
        {
            fix.set(new OrdRejReason(ordRejReason(reason)));
            fix.set(new Text(withDetail(reason, coreText)));
        }
        else if (reason == RejectReason.VENUE_LOST_ORDER)
        {
            fix.set(new Text(withDetail(reason, coreText)));
        }
        else if (!coreText.isEmpty())
        {
            fix.set(new Text(coreText));
        }
        return fix;
    }

    /**
     * The order's current state as the gateway last reported it, for a broker's PossDup copy of a request the
     * gateway already took: ExecutionReport ExecType I (order status). The gateway does not keep quantities, so
     * CumQty/LeavesQty are 0 and the Text says the earlier reports carry them.
     *
     * @param route the request the copy names.
     * @return the ExecutionReport.
     */
    public ExecutionReport orderStatus(final OrderRoutes.Route route)
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
        fix.set(new Text("PossDup copy of a request already taken: current status; quantities are in the earlier " +
            "reports"));
        return fix;
    }

    /**
     * A reject the gateway produces itself (invalid field, duplicate ClOrdID, back-pressure...).
     *
     * @param clOrdId      the broker's ClOrdID as received (may be blank).
     * @param symbol       as received, or null.
     * @param side         FIX side as received (defaults to BUY when absent or invalid).
     * @param quantity     as received, or 0.
     * @param ordRejReason FIX OrdRejReason(103).
     * @param text         Text(58).
     * @return the ExecutionReport.
     */
    public ExecutionReport gatewayReject(
        final String clOrdId, final String symbol, final char side, final long quantity, final int ordRejReason,
        final String text)
    {
        final ExecutionReport fix = new ExecutionReport(
            new OrderID(NO_ORDER_ID),
            new ExecID(execIdPrefix + gatewayExecIds.incrementAndGet()),
            new quickfix.field.ExecType(quickfix.field.ExecType.REJECTED),
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
        if (quantity > 0)
        {
            fix.set(new quickfix.field.OrderQty(quantity));
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
     * @param ordStatus     FIX OrdStatus of the order.
     * @param replace       true for a refused replace, false for a refused cancel.
     * @param cxlRejReason  FIX CxlRejReason(102).
     * @param text          Text(58).
     * @return the OrderCancelReject.
     */
    public static OrderCancelReject cancelReject(
        final long orderId, final String clOrdId, final String origClOrdId, final char ordStatus,
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
        return fix;
    }

    /**
     * @return the reason as text, followed by the core's detail when it says more than the reason's name.
     */
    public static String withDetail(final RejectReason reason, final String detail)
    {
        final boolean known = null != reason && reason != RejectReason.NULL_VAL && reason != RejectReason.NONE;
        final String described = known ? describe(reason) : "Rejected";
        if (null == detail || detail.isEmpty() || (known && detail.equalsIgnoreCase(reason.name())))
        {
            return described;
        }
        return described + ": " + detail;
    }

    private static char timeInForce(final TimeInForce timeInForce)
    {
        switch (timeInForce)
        {
            case DAY:
                return quickfix.field.TimeInForce.DAY;
            case GTC:
                return quickfix.field.TimeInForce.GOOD_TILL_CANCEL;
            case IOC:
                return quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL;
            case FOK:
                return quickfix.field.TimeInForce.FILL_OR_KILL;
            default:
                return 0;
        }
    }

    static LocalDateTime utc(final long epochNanos)
    {
        if (epochNanos <= 0)
        {
            return LocalDateTime.now(ZoneOffset.UTC);
        }
        return LocalDateTime.ofEpochSecond(epochNanos / 1_000_000_000L, (int)(epochNanos % 1_000_000_000L),
            ZoneOffset.UTC);
    }
}
