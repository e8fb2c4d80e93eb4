package io.peregrine.core.journal;

import io.peregrine.sbe.AdminResponseDecoder;
import io.peregrine.sbe.CancelRejectDecoder;
import io.peregrine.sbe.ExecutionReportDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.VenueCancelOrderDecoder;
import io.peregrine.sbe.VenueNewOrderDecoder;
import io.peregrine.sbe.VenueReplaceOrderDecoder;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import org.agrona.DirectBuffer;

/**
 * The ids a core output carries that the world outside the core keeps once it is sent: the core order id (the
 * gateway maps it to the venue's order), the ExecID of a report and the request id of a cancel or replace sent to
 * a venue. A replay whose output differs from the journaled one only in other fields (a reject reason, a price) has
 * the outside world's ids where they were; one that differs in these, or makes an output the journal lacks (or lacks
 * one it holds), has renumbered what clients, gateway and venue already know: see {@link Recovery#firstIdChange()}.
 * <p>
 * Launching thread, during a recovery; allocates its decoders and, for each output it names, a String (only on a
 * replay mismatch).
 */
final class OutputIds
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final CancelRejectDecoder cancelReject = new CancelRejectDecoder();
    private final VenueNewOrderDecoder newOrder = new VenueNewOrderDecoder();
    private final VenueCancelOrderDecoder cancel = new VenueCancelOrderDecoder();
    private final VenueReplaceOrderDecoder replace = new VenueReplaceOrderDecoder();

    /**
     * Names an output by its kind and the ids it carries, e.g. {@code ExecutionReport orderId=2 execId=3}. Two
     * outputs with the same name carry the same ids; an output this class cannot read is named with its bytes, so
     * that it equals only an identical one.
     *
     * @param buffer holding the output (an SBE message with its header).
     * @param offset of the output.
     * @param length of the output.
     * @return the output's name and ids.
     */
    String of(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return bytes(buffer, offset, length);
        }
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + blockLength)
        {
            return bytes(buffer, offset, length);
        }
        switch (header.templateId())
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                report.wrap(buffer, body, blockLength, version);
                return "ExecutionReport orderId=" + report.orderId() + " execId=" + report.execId();
            case CancelRejectDecoder.TEMPLATE_ID:
                cancelReject.wrap(buffer, body, blockLength, version);
                return "CancelReject orderId=" + cancelReject.orderId();
            case VenueNewOrderDecoder.TEMPLATE_ID:
                newOrder.wrap(buffer, body, blockLength, version);
                return "VenueNewOrder orderId=" + newOrder.orderId();
            case VenueCancelOrderDecoder.TEMPLATE_ID:
                cancel.wrap(buffer, body, blockLength, version);
                return "VenueCancelOrder orderId=" + cancel.orderId() + " requestId=" + cancel.requestId();
            case VenueReplaceOrderDecoder.TEMPLATE_ID:
                replace.wrap(buffer, body, blockLength, version);
                return "VenueReplaceOrder orderId=" + replace.orderId() + " requestId=" + replace.requestId();
            case AdminResponseDecoder.TEMPLATE_ID:
                return "AdminResponse"; // answers a command by the command's own id: none of the core's
            case VenueSessionStatusDecoder.TEMPLATE_ID:
                return "VenueSessionStatus";
            default:
                return bytes(buffer, offset, length);
        }
    }

    private static String bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final StringBuilder text = new StringBuilder("message of ").append(length).append(" bytes 0x");
        for (int i = 0; i < length; i++)
        {
            text.append(Character.forDigit((buffer.getByte(offset + i) >> 4) & 0xF, 16))
                .append(Character.forDigit(buffer.getByte(offset + i) & 0xF, 16));
        }
        return text.toString();
    }
}
