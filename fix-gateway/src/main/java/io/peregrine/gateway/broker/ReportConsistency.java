package io.peregrine.gateway.broker;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;

/**
 * Decides whether a core ExecutionReport is consistent with what the gateway knows of the order it names, before the
 * gateway changes the order's state or tells the broker. A report that is not is ignored and counted: anything able
 * to write on the egress stream (or a forged ingress frame the core echoes) must not be able to mark another
 * client's live order done or send its broker a report about something that did not happen.
 * <p>
 * Inconsistent (returns the reason): a report naming a core order id other than the one the order already has in
 * this core run; a report whose account or symbol differs from the order's; a rejection naming no core order id
 * (what the core answers to a request it could not take) for an order already acknowledged (it has a core order
 * id, or an OrdStatus other than PendingNew); any report for an order already done but a request's rejection, a
 * status answer, and a fill naming the order's core order id (a fill the venue reported after the order was done).
 * <p>
 * Stateless; called on the report agent thread. Allocates nothing on the consistent path.
 */
public final class ReportConsistency
{
    private ReportConsistency()
    {
    }

    /**
     * @param report      the core's report (wrapped, not yet consumed).
     * @param route       the route of {@code report.clOrdId()}.
     * @param coreSession Aeron session of the core run that sent it.
     * @return null when consistent, else why not (for the log).
     */
    public static String check(final ExecutionReportDecoder report, final OrderRoutes.Route route,
        final int coreSession)
    {
        final OrderRoutes.Order order = route.order();
        final ExecType execType = report.execType();
        final boolean requestRejected = route.kind() != OrderRoutes.Kind.NEW && execType == ExecType.REJECTED;
        final long knownOrderId = order.orderIdIn(coreSession);
        final long orderId = report.orderId();
        if (0 != orderId && 0 != knownOrderId && orderId != knownOrderId)
        {
            return "names core order " + orderId + " but the order is " + knownOrderId;
        }
        final long account = PackedAscii.read(report.buffer(), report.offset() +
            ExecutionReportDecoder.accountEncodingOffset());
        if (PackedAscii.BLANK != account && !PackedAscii.unpack(account).equals(order.account()))
        {
            return "account " + PackedAscii.unpack(account) + " but the order's is " + order.account();
        }
        final long symbol = PackedAscii.read(report.buffer(), report.offset() +
            ExecutionReportDecoder.symbolEncodingOffset());
        if (PackedAscii.BLANK != symbol && null != order.symbol() && !PackedAscii.unpack(symbol).equals(order.symbol()))
        {
            return "symbol " + PackedAscii.unpack(symbol) + " but the order's is " + order.symbol();
        }
        // A status report changes nothing: the state of a done order the core still holds is its answer. A fill the
        // venue reported after the order was done (a late fill: the core books it, hft-core README "Venue adapter
        // contract") changed the position, so the broker is told too, when it names the order's core id.
        final boolean lateFill = (execType == ExecType.PARTIAL_FILL || execType == ExecType.FILL) &&
            0 != orderId && orderId == knownOrderId;
        if (order.isDone() && !requestRejected && execType != ExecType.ORDER_STATUS && !lateFill)
        {
            return execType + " for an order already done";
        }
        // The core's reports about an order it holds carry its order id; one with none is the refusal of a request
        // the core could not take, which cannot be about an order it already acknowledged.
        if (route.kind() == OrderRoutes.Kind.NEW && execType == ExecType.REJECTED && 0 == orderId &&
            (0 != knownOrderId || order.lastOrdStatus() != quickfix.field.OrdStatus.PENDING_NEW))
        {
            return "refusal naming no core order for an order already acknowledged (OrdStatus " +
                order.lastOrdStatus() + ")";
        }
        return null;
    }
}
