package io.peregrine.core.system;

import io.peregrine.client.ReportListener;
import io.peregrine.sbe.AdminResponseDecoder;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.CancelRejectResponseTo;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import io.peregrine.sbe.VenueStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies every egress message into plain records for assertions (test code: allocates freely).
 */
public final class ReportCollector implements ReportListener
{
    public record Execution(
        int clientId, long clOrdId, long origClOrdId, long orderId, long execId, long account, long symbol,
        ExecType execType, OrdStatus ordStatus, RejectReason rejectReason, long price, long quantity, long lastQty,
        long lastPx, long cumQty, long leavesQty, long avgPx, int venueId, String text)
    {
    }

    public record CancelRejected(
        int clientId, long clOrdId, long origClOrdId, long orderId, OrdStatus ordStatus,
        CancelRejectResponseTo responseTo, RejectReason rejectReason, String text)
    {
    }

    public record Admin(long commandId, int commandTemplateId, AdminResult result, RejectReason rejectReason,
        int affectedOrders)
    {
    }

    public record Session(int venueId, VenueStatus status)
    {
    }

    public final List<Execution> executions = new ArrayList<>();
    public final List<CancelRejected> cancelRejects = new ArrayList<>();
    public final List<Admin> adminResponses = new ArrayList<>();
    public final List<Session> sessions = new ArrayList<>();

    public void onExecutionReport(final ExecutionReportDecoder r)
    {
        final long account = r.buffer().getLong(r.offset() + ExecutionReportDecoder.accountEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN);
        final long symbol = r.buffer().getLong(r.offset() + ExecutionReportDecoder.symbolEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN);
        executions.add(new Execution(r.clientId(), r.clOrdId(), r.origClOrdId(), r.orderId(), r.execId(), account,
            symbol, r.execType(), r.ordStatus(), r.rejectReason(), r.price(), r.quantity(), r.lastQty(), r.lastPx(),
            r.cumQty(), r.leavesQty(), r.avgPx(), r.venueId(), r.text()));
    }

    public void onCancelReject(final CancelRejectDecoder r)
    {
        cancelRejects.add(new CancelRejected(r.clientId(), r.clOrdId(), r.origClOrdId(), r.orderId(), r.ordStatus(),
            r.responseTo(), r.rejectReason(), r.text()));
    }

    public void onAdminResponse(final AdminResponseDecoder r)
    {
        adminResponses.add(new Admin(r.commandId(), r.commandTemplateId(), r.result(), r.rejectReason(),
            r.affectedOrders()));
    }

    public void onVenueSessionStatus(final VenueSessionStatusDecoder s)
    {
        sessions.add(new Session(s.venueId(), s.status()));
    }
}
