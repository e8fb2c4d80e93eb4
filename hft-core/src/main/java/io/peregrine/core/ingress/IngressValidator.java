package io.peregrine.core.ingress;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.GroupSizeEncodingDecoder;
import io.peregrine.sbe.KillSwitchDecoder;
import io.peregrine.sbe.LimitUpdateDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.OrderStatusRequestDecoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.ReplaceOrderDecoder;
import io.peregrine.sbe.ResumeDecoder;
import io.peregrine.sbe.SymbolKillSwitchDecoder;
import io.peregrine.sbe.SymbolResumeDecoder;
import io.peregrine.sbe.VenuePauseDecoder;
import io.peregrine.sbe.VenueResumeDecoder;
import io.peregrine.sbe.VenueCancelRejectDecoder;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueSessionStatusDecoder;
import io.peregrine.sbe.VarStringEncodingDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Checks that an inbound SBE message can be decoded safely before any field is trusted: header (schema id and
 * version, known template, block length and total length) and then field content (enum values, packed ASCII fields,
 * repeating group bounds).
 * <p>
 * Stateless and allocation free; every check answers with a {@link RejectReason} ({@code NONE} when fine) instead of
 * throwing, so bad input becomes a reject with a reason. Used on the core thread.
 */
public final class IngressValidator
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    private static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;

    private IngressValidator()
    {
    }

    /**
     * Checks the message header and the length of the root block.
     *
     * @param buffer holding the message.
     * @param offset of the header.
     * @param length of the whole message.
     * @return NONE, MALFORMED_MESSAGE (short buffer or block), UNSUPPORTED_SCHEMA (schema id, or a version other than
     *         the ones this core implements: 1 to {@code SCHEMA_VERSION}) or UNKNOWN_TEMPLATE.
     */
    public static RejectReason checkHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        return checkHeader(buffer, offset, length, false);
    }

    /**
     * Checks the header of a message on the ingress stream (1001): as {@link #checkHeader(DirectBuffer, int, int)},
     * but a template that is not a request of a client (a venue message, whatever its block length) is
     * UNKNOWN_TEMPLATE before its block is looked at, as the hft-core README's "Malformed input" table says.
     *
     * @param buffer holding the message.
     * @param offset of the header.
     * @param length of the whole message.
     * @return NONE, MALFORMED_MESSAGE, UNSUPPORTED_SCHEMA or UNKNOWN_TEMPLATE.
     */
    public static RejectReason checkIngressHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        return checkHeader(buffer, offset, length, true);
    }

    private static RejectReason checkHeader(
        final DirectBuffer buffer, final int offset, final int length, final boolean ingress)
    {
        if (length < HEADER_LENGTH)
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        final int schemaId = buffer.getShort(offset + 4, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int version = buffer.getShort(offset + 6, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (SCHEMA_ID != schemaId || version < 1 || version > SCHEMA_VERSION)
        {
            return RejectReason.UNSUPPORTED_SCHEMA;
        }
        final int templateId = buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int expectedBlockLength =
            ingress && !isIngressTemplate(templateId) ? -1 : blockLength(templateId, version);
        if (expectedBlockLength < 0)
        {
            return RejectReason.UNKNOWN_TEMPLATE;
        }
        final int blockLength = buffer.getShort(offset, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (blockLength < expectedBlockLength || length < HEADER_LENGTH + blockLength)
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        return RejectReason.NONE;
    }

    /**
     * The root block a message of an older schema version must have: a field added by a later version (at the end of
     * the block, {@code sinceVersion}) is not in it, and its decoder reads that field as its null value (the decoders
     * are wrapped with the header's block length and version, {@code MessageFrame.body}). So a version-3
     * {@code VenueExecution} (from an adapter of the previous release, or replayed from a journal it wrote) is read,
     * not refused as short.
     *
     * @param templateId of a message.
     * @param version    the schema version its header names (1 to this core's).
     * @return the shortest root block a message of that template and version may have, or -1 if not a known
     *         template.
     */
    public static int blockLength(final int templateId, final int version)
    {
        if (VenueExecutionDecoder.TEMPLATE_ID == templateId && version < VenueExecutionDecoder.avgPxSinceVersion())
        {
            return VenueExecutionDecoder.avgPxEncodingOffset();
        }
        return blockLength(templateId);
    }

    /**
     * @param templateId of a message.
     * @return the root block length of the schema version this core implements, or -1 if not a known template.
     */
    public static int blockLength(final int templateId)
    {
        switch (templateId)
        {
            case NewOrderDecoder.TEMPLATE_ID: return NewOrderDecoder.BLOCK_LENGTH;
            case CancelOrderDecoder.TEMPLATE_ID: return CancelOrderDecoder.BLOCK_LENGTH;
            case ReplaceOrderDecoder.TEMPLATE_ID: return ReplaceOrderDecoder.BLOCK_LENGTH;
            case OrderStatusRequestDecoder.TEMPLATE_ID: return OrderStatusRequestDecoder.BLOCK_LENGTH;
            case KillSwitchDecoder.TEMPLATE_ID: return KillSwitchDecoder.BLOCK_LENGTH;
            case ResumeDecoder.TEMPLATE_ID: return ResumeDecoder.BLOCK_LENGTH;
            case LimitUpdateDecoder.TEMPLATE_ID: return LimitUpdateDecoder.BLOCK_LENGTH;
            case SymbolKillSwitchDecoder.TEMPLATE_ID: return SymbolKillSwitchDecoder.BLOCK_LENGTH;
            case SymbolResumeDecoder.TEMPLATE_ID: return SymbolResumeDecoder.BLOCK_LENGTH;
            case VenuePauseDecoder.TEMPLATE_ID: return VenuePauseDecoder.BLOCK_LENGTH;
            case VenueResumeDecoder.TEMPLATE_ID: return VenueResumeDecoder.BLOCK_LENGTH;
            case VenueSessionStatusDecoder.TEMPLATE_ID: return VenueSessionStatusDecoder.BLOCK_LENGTH;
            case VenueExecutionDecoder.TEMPLATE_ID: return VenueExecutionDecoder.BLOCK_LENGTH;
            case VenueCancelRejectDecoder.TEMPLATE_ID: return VenueCancelRejectDecoder.BLOCK_LENGTH;
            default: return -1;
        }
    }

    /**
     * @param templateId a template id.
     * @return whether it is a request a client sends on ingress: an order message ({@link #isOrderMessage}) or an
     *         admin command. Venue messages (VenueExecution, VenueCancelReject, VenueSessionStatus) are not.
     */
    static boolean isIngressTemplate(final int templateId)
    {
        switch (templateId)
        {
            case VenueExecutionDecoder.TEMPLATE_ID:
            case VenueCancelRejectDecoder.TEMPLATE_ID:
            case VenueSessionStatusDecoder.TEMPLATE_ID:
                return false;
            default:
                return true;
        }
    }

    /**
     * @param order wrapped over a message that passed {@link #checkHeader(DirectBuffer, int, int)}.
     * @return NONE, INVALID_ENUM_VALUE (side, order type, time in force) or MALFORMED_MESSAGE (clOrdId 0 or negative,
     *         account, symbol).
     */
    public static RejectReason checkNewOrder(final NewOrderDecoder order)
    {
        if (order.clOrdId() <= 0)
        {
            // 0 names no order (the core's answer to a frame it cannot read carries it), so no order may have it.
            return RejectReason.MALFORMED_MESSAGE;
        }
        if (!isSide(order.sideRaw()) || !isOrdType(order.ordTypeRaw()) || !isTimeInForce(order.timeInForceRaw()))
        {
            return RejectReason.INVALID_ENUM_VALUE;
        }
        final DirectBuffer buffer = order.buffer();
        final int offset = order.offset();
        if (!PackedAscii.isValid(PackedAscii.read(buffer, offset + NewOrderDecoder.accountEncodingOffset())) ||
            !PackedAscii.isValid(PackedAscii.read(buffer, offset + NewOrderDecoder.symbolEncodingOffset())))
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        return RejectReason.NONE;
    }

    /**
     * @param cancel wrapped over a message that passed the header check.
     * @return NONE or MALFORMED_MESSAGE (account).
     */
    public static RejectReason checkCancel(final CancelOrderDecoder cancel)
    {
        return PackedAscii.isValid(
            PackedAscii.read(cancel.buffer(), cancel.offset() + CancelOrderDecoder.accountEncodingOffset())) ?
            RejectReason.NONE : RejectReason.MALFORMED_MESSAGE;
    }

    /**
     * @param request wrapped over a message that passed the header check.
     * @return NONE or MALFORMED_MESSAGE (account).
     */
    public static RejectReason checkOrderStatus(final OrderStatusRequestDecoder request)
    {
        return PackedAscii.isValid(PackedAscii.read(
            request.buffer(), request.offset() + OrderStatusRequestDecoder.accountEncodingOffset())) ?
            RejectReason.NONE : RejectReason.MALFORMED_MESSAGE;
    }

    /**
     * @param replace wrapped over a message that passed the header check.
     * @return NONE or MALFORMED_MESSAGE (the id the order would take, clOrdId, 0 or negative; account).
     */
    public static RejectReason checkReplace(final ReplaceOrderDecoder replace)
    {
        if (replace.clOrdId() <= 0)
        {
            return RejectReason.MALFORMED_MESSAGE; // as a new order's: no order may be named 0
        }
        return PackedAscii.isValid(
            PackedAscii.read(replace.buffer(), replace.offset() + ReplaceOrderDecoder.accountEncodingOffset())) ?
            RejectReason.NONE : RejectReason.MALFORMED_MESSAGE;
    }

    /**
     * @param kill wrapped over a message that passed the header check.
     * @return NONE, INVALID_ENUM_VALUE (scope, cancelWorking) or MALFORMED_MESSAGE (account for scope ACCOUNT).
     */
    public static RejectReason checkKillSwitch(final KillSwitchDecoder kill)
    {
        final short scope = kill.scopeRaw();
        final short cancelWorking = kill.cancelWorkingRaw();
        if (!isKillScope(scope) || (cancelWorking != 0 && cancelWorking != 1))
        {
            return RejectReason.INVALID_ENUM_VALUE;
        }
        final int accountOffset = kill.offset() + KillSwitchDecoder.accountEncodingOffset();
        if (1 == scope && !PackedAscii.isValid(PackedAscii.read(kill.buffer(), accountOffset)))
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        return RejectReason.NONE;
    }

    /**
     * @param resume wrapped over a message that passed the header check.
     * @return NONE, INVALID_ENUM_VALUE (scope) or MALFORMED_MESSAGE (account for scope ACCOUNT).
     */
    public static RejectReason checkResume(final ResumeDecoder resume)
    {
        final short scope = resume.scopeRaw();
        if (!isKillScope(scope))
        {
            return RejectReason.INVALID_ENUM_VALUE;
        }
        final int accountOffset = resume.offset() + ResumeDecoder.accountEncodingOffset();
        if (1 == scope && !PackedAscii.isValid(PackedAscii.read(resume.buffer(), accountOffset)))
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        return RejectReason.NONE;
    }

    /**
     * Checks a limit update without consuming its group (reads the buffer; the decoder is left as it was).
     *
     * @param update    wrapped over a message that passed the header check.
     * @param length    bytes of the message after its header.
     * @param maxLimits most entries accepted.
     * @return NONE, MALFORMED_MESSAGE (group out of bounds, too many entries, bad account/symbol) or
     *         INVALID_ENUM_VALUE (limit type).
     */
    public static RejectReason checkLimitUpdate(final LimitUpdateDecoder update, final int length, final int maxLimits)
    {
        final DirectBuffer buffer = update.buffer();
        final int offset = update.offset();
        final long account = PackedAscii.read(buffer, offset + LimitUpdateDecoder.accountEncodingOffset());
        final long symbol = PackedAscii.read(buffer, offset + LimitUpdateDecoder.symbolEncodingOffset());
        if ((PackedAscii.BLANK != account && !PackedAscii.isValid(account)) ||
            (PackedAscii.BLANK != symbol && !PackedAscii.isValid(symbol)))
        {
            return RejectReason.MALFORMED_MESSAGE;
        }

        final int groupOffset = update.limit();
        final int end = offset + length;
        if (groupOffset + GroupSizeEncodingDecoder.ENCODED_LENGTH > end)
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        final int entryLength = buffer.getShort(groupOffset, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = buffer.getShort(groupOffset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int minEntryLength = LimitUpdateDecoder.LimitsDecoder.sbeBlockLength();
        if (entryLength < minEntryLength || count > maxLimits ||
            groupOffset + GroupSizeEncodingDecoder.ENCODED_LENGTH + (long)entryLength * count > end)
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        final int typeOffset = LimitUpdateDecoder.LimitsDecoder.limitTypeEncodingOffset();
        for (int i = 0; i < count; i++)
        {
            final int entry = groupOffset + GroupSizeEncodingDecoder.ENCODED_LENGTH + i * entryLength;
            if (!isLimitType((short)(buffer.getByte(entry + typeOffset) & 0xFF)))
            {
                return RejectReason.INVALID_ENUM_VALUE;
            }
        }
        return RejectReason.NONE;
    }

    /**
     * @param execution wrapped over a venue message that passed the header check.
     * @return NONE or INVALID_ENUM_VALUE (exec type, reject reason).
     */
    public static RejectReason checkVenueExecution(final VenueExecutionDecoder execution)
    {
        return isExecType(execution.execTypeRaw()) && isRejectReason(execution.rejectReasonRaw()) ?
            RejectReason.NONE : RejectReason.INVALID_ENUM_VALUE;
    }

    /**
     * @param reject wrapped over a venue message that passed the header check.
     * @return NONE or INVALID_ENUM_VALUE (response to, reject reason).
     */
    public static RejectReason checkVenueCancelReject(final VenueCancelRejectDecoder reject)
    {
        final short responseTo = reject.responseToRaw();
        return (1 == responseTo || 2 == responseTo) && isRejectReason(reject.rejectReasonRaw()) ?
            RejectReason.NONE : RejectReason.INVALID_ENUM_VALUE;
    }

    /**
     * Checks the text that ends a venue message (VenueExecution, VenueCancelReject: var data after the fixed fields,
     * no group before it). Reads the buffer only (the decoder's limit is not moved). The text is what a venue said;
     * without a check its length could point past the frame, into whatever follows it in the buffer.
     *
     * @param buffer     holding the message.
     * @param textOffset where its text starts (the length header): the body decoder's {@code limit()} after wrap.
     * @param end        end of the message in the buffer (its offset plus its length).
     * @return NONE (a message that ends with its fixed fields has no text, also NONE), or MALFORMED_MESSAGE when the
     *         length header or the text runs past the message, or the length is above the schema's maximum.
     */
    public static RejectReason checkVenueText(final DirectBuffer buffer, final int textOffset, final int end)
    {
        if (textOffset == end)
        {
            return RejectReason.NONE;
        }
        final int dataOffset = textOffset + VarStringEncodingDecoder.varDataEncodingOffset();
        if (textOffset > end || dataOffset > end)
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        final long length = buffer.getInt(textOffset + VarStringEncodingDecoder.lengthEncodingOffset(),
            ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        return length > VarStringEncodingDecoder.lengthMaxValue() || dataOffset + length > end ?
            RejectReason.MALFORMED_MESSAGE : RejectReason.NONE;
    }

    /**
     * @param status wrapped over a venue message that passed the header check.
     * @return NONE or INVALID_ENUM_VALUE (status).
     */
    public static RejectReason checkVenueSessionStatus(final VenueSessionStatusDecoder status)
    {
        final short raw = status.statusRaw();
        return raw >= 1 && raw <= 4 ? RejectReason.NONE : RejectReason.INVALID_ENUM_VALUE;
    }

    static boolean isSide(final short raw)
    {
        return 1 == raw || 2 == raw;
    }

    static boolean isOrdType(final short raw)
    {
        return 1 == raw || 2 == raw;
    }

    static boolean isTimeInForce(final short raw)
    {
        return 0 == raw || 1 == raw || 3 == raw || 4 == raw;
    }

    static boolean isKillScope(final short raw)
    {
        return 0 == raw || 1 == raw;
    }

    static boolean isLimitType(final short raw)
    {
        return raw >= 1 && raw <= 10;
    }

    static boolean isExecType(final short raw)
    {
        // A venue's exec types: ORDER_STATUS (7) and RESTATED (8) are only the core's reports to a client, never a
        // venue's message.
        return raw >= 0 && raw <= 6;
    }

    static boolean isRejectReason(final short raw)
    {
        // VENUE_LOST_ORDER (schema v2): a venue adapter's reconciliation cancels an order the venue lost. THROTTLED
        // (schema v2): the gateway's fair venue queue refuses a request of an account with too many waiting; refused
        // as malformed, that final answer was dropped and the order stayed working for good (issue 14, flood test).
        return (raw >= 0 && raw <= 28) || (raw >= 30 && raw <= 35) || raw == RejectReason.THROTTLED.value() ||
            raw == RejectReason.VENUE_LOST_ORDER.value();
    }

    /**
     * @param templateId a template id of this schema.
     * @return whether it is a client's order message (NewOrder, CancelOrder, ReplaceOrder, OrderStatusRequest): every
     *         version of each starts with clientId (int32) then clOrdId (int64). Any thread; allocation free.
     */
    public static boolean isOrderMessage(final int templateId)
    {
        return NewOrderDecoder.TEMPLATE_ID == templateId || CancelOrderDecoder.TEMPLATE_ID == templateId ||
            ReplaceOrderDecoder.TEMPLATE_ID == templateId || OrderStatusRequestDecoder.TEMPLATE_ID == templateId;
    }

    /**
     * The client id of an order message ({@link #isOrderMessage}) as it arrived, without decoding it: every order
     * message of every version of this schema starts with clientId (int32). Used to tell the FIX path from the IPC
     * path in the latency statistics. Any thread; allocation free.
     *
     * @param buffer holding the frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return the client id, or 0 when the frame is not an order message of this schema or too short.
     */
    public static int clientIdOf(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + Integer.BYTES)
        {
            return 0;
        }
        final int templateId = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final boolean orderMessage = MessageHeaderDecoder.SCHEMA_ID == schemaId && isOrderMessage(templateId);
        return orderMessage ? buffer.getInt(offset + MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN) : 0;
    }
}
