package io.peregrine.core.ingress;

import io.peregrine.core.venue.OlderVenueExecution;
import io.peregrine.core.venue.VenueInMessages;
import io.peregrine.sbe.BooleanType;
import io.peregrine.sbe.CancelOrderEncoder;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchDecoder;
import io.peregrine.sbe.KillSwitchEncoder;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.LimitUpdateDecoder;
import io.peregrine.sbe.LimitUpdateEncoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.sbe.VenueExecutionDecoder;
import io.peregrine.sbe.VenueExecutionEncoder;
import io.peregrine.sbe.ExecType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class IngressValidatorTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    @Test
    void acceptsWellFormedNewOrder()
    {
        final int length = newOrder();
        assertEquals(RejectReason.NONE, IngressValidator.checkHeader(buffer, 0, length));
        assertEquals(RejectReason.NONE, IngressValidator.checkNewOrder(wrapNewOrder()));
    }

    @Test
    void rejectsBufferShorterThanHeader()
    {
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkHeader(buffer, 0, 0));
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkHeader(buffer, 0, HEADER - 1));
    }

    @Test
    void rejectsBodyShorterThanBlockLength()
    {
        final int length = newOrder();
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkHeader(buffer, 0, length - 1));
    }

    @Test
    void rejectsDeclaredBlockLengthBelowSchema()
    {
        final int length = newOrder();
        buffer.putShort(0, (short)(NewOrderDecoder.BLOCK_LENGTH - 1), ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkHeader(buffer, 0, length));
    }

    @Test
    void acceptsLongerBlockFromSenderThatPads()
    {
        newOrder();
        buffer.putShort(0, (short)(NewOrderDecoder.BLOCK_LENGTH + 8), ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.NONE,
            IngressValidator.checkHeader(buffer, 0, HEADER + NewOrderDecoder.BLOCK_LENGTH + 8));
    }

    @Test
    void rejectsOtherSchemaIdAndUnsupportedVersions()
    {
        final int length = newOrder();
        buffer.putShort(4, (short)8, ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.UNSUPPORTED_SCHEMA, IngressValidator.checkHeader(buffer, 0, length));

        newOrder();
        buffer.putShort(6, (short)(MessageHeaderDecoder.SCHEMA_VERSION + 1), ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.UNSUPPORTED_SCHEMA, IngressValidator.checkHeader(buffer, 0, length));

        newOrder();
        buffer.putShort(6, (short)0, ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.UNSUPPORTED_SCHEMA, IngressValidator.checkHeader(buffer, 0, length));
    }

    @Test
    void rejectsUnknownTemplate()
    {
        final int length = newOrder();
        buffer.putShort(2, (short)999, ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.UNKNOWN_TEMPLATE, IngressValidator.checkHeader(buffer, 0, length));
        assertEquals(-1, IngressValidator.blockLength(999));
    }

    @Test
    void rejectsEnumValuesOutsideTheSchema()
    {
        assertNewOrderRejected(NewOrderDecoder.sideEncodingOffset(), 3, RejectReason.INVALID_ENUM_VALUE);
        assertNewOrderRejected(NewOrderDecoder.sideEncodingOffset(), 255, RejectReason.INVALID_ENUM_VALUE);
        assertNewOrderRejected(NewOrderDecoder.ordTypeEncodingOffset(), 0, RejectReason.INVALID_ENUM_VALUE);
        assertNewOrderRejected(NewOrderDecoder.timeInForceEncodingOffset(), 2, RejectReason.INVALID_ENUM_VALUE);
    }

    @Test
    void rejectsBlankOrNonAsciiAccountAndSymbol()
    {
        newOrder();
        buffer.putLong(HEADER + NewOrderDecoder.accountEncodingOffset(), 0L);
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkNewOrder(wrapNewOrder()));

        assertNewOrderRejected(NewOrderDecoder.symbolEncodingOffset() + 2, 0x80, RejectReason.MALFORMED_MESSAGE);
        // A NUL in the middle: "AA\0PL".
        assertNewOrderRejected(NewOrderDecoder.symbolEncodingOffset() + 2, 0, RejectReason.MALFORMED_MESSAGE);
    }

    @Test
    void refusesANewOrderOrAReplaceWhoseClOrdIdIsZeroOrNegative()
    {
        for (final long clOrdId : new long[]{ 0, -1, -7, Long.MIN_VALUE })
        {
            newOrder();
            buffer.putLong(HEADER + NewOrderDecoder.clOrdIdEncodingOffset(), clOrdId, ByteOrder.LITTLE_ENDIAN);
            assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkNewOrder(wrapNewOrder()), "" + clOrdId);

            final io.peregrine.sbe.ReplaceOrderEncoder replace = new io.peregrine.sbe.ReplaceOrderEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder).clientId(1).clOrdId(clOrdId).origClOrdId(1).orderId(0)
                .account("ACC1").price(1).quantity(1).sendingTime(0);
            final io.peregrine.sbe.ReplaceOrderDecoder decoder = new io.peregrine.sbe.ReplaceOrderDecoder()
                .wrap(buffer, HEADER, replace.sbeBlockLength(), replace.sbeSchemaVersion());
            assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkReplace(decoder), "" + clOrdId);
            replace.clOrdId(1);
            assertEquals(RejectReason.NONE, IngressValidator.checkReplace(decoder));
        }
    }

    @Test
    void aVenueTemplateOnIngressIsUnknownWhateverItsBlock()
    {
        final VenueExecutionEncoder execution = new VenueExecutionEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder).orderId(1).execType(ExecType.FILL);
        final int length = HEADER + execution.encodedLength();
        assertEquals(RejectReason.NONE, IngressValidator.checkHeader(buffer, 0, length), "venue-in");
        assertEquals(RejectReason.UNKNOWN_TEMPLATE, IngressValidator.checkIngressHeader(buffer, 0, length));
        buffer.putShort(0, (short)(VenueExecutionEncoder.BLOCK_LENGTH - 8), ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkHeader(buffer, 0, length - 8), "venue-in");
        assertEquals(RejectReason.UNKNOWN_TEMPLATE, IngressValidator.checkIngressHeader(buffer, 0, length - 8));

        final int order = newOrder();
        assertEquals(RejectReason.NONE, IngressValidator.checkIngressHeader(buffer, 0, order));
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkIngressHeader(buffer, 0, order - 1));
    }

    /** A well-formed NewOrder with one byte of its block overwritten is refused with this reason. */
    private void assertNewOrderRejected(final int blockOffset, final int value, final RejectReason expected)
    {
        newOrder();
        buffer.putByte(HEADER + blockOffset, (byte)value);
        assertEquals(expected, IngressValidator.checkNewOrder(wrapNewOrder()));
    }

    @Test
    void checksCancelAccount()
    {
        final CancelOrderEncoder cancel = new CancelOrderEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(1).clOrdId(2).origClOrdId(1).orderId(0).account("ACC1").sendingTime(0);
        final io.peregrine.sbe.CancelOrderDecoder decoder = new io.peregrine.sbe.CancelOrderDecoder()
            .wrap(buffer, HEADER, cancel.sbeBlockLength(), cancel.sbeSchemaVersion());
        assertEquals(RejectReason.NONE, IngressValidator.checkCancel(decoder));
        buffer.putByte(HEADER + CancelOrderEncoder.accountEncodingOffset(), (byte)' ');
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkCancel(decoder));
    }

    @Test
    void checksKillSwitchScopeFlagAndAccount()
    {
        final KillSwitchEncoder kill = new KillSwitchEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandId(1).scope(KillScope.GLOBAL).cancelWorking(BooleanType.TRUE);
        final KillSwitchDecoder decoder = new KillSwitchDecoder()
            .wrap(buffer, HEADER, kill.sbeBlockLength(), kill.sbeSchemaVersion());
        assertEquals(RejectReason.NONE, IngressValidator.checkKillSwitch(decoder), "account ignored for GLOBAL");

        kill.scope(KillScope.ACCOUNT);
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkKillSwitch(decoder));
        kill.account("ACC1");
        assertEquals(RejectReason.NONE, IngressValidator.checkKillSwitch(decoder));

        buffer.putByte(HEADER + KillSwitchEncoder.cancelWorkingEncodingOffset(), (byte)2);
        assertEquals(RejectReason.INVALID_ENUM_VALUE, IngressValidator.checkKillSwitch(decoder));
    }

    @Test
    void checksLimitUpdateGroupBoundsAndTypes()
    {
        final LimitUpdateEncoder update = new LimitUpdateEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandId(1).account("ACC1");
        update.limitsCount(2).next().limitType(LimitType.MAX_POSITION).value(10)
            .next().limitType(LimitType.MAX_OPEN_ORDERS).value(5);
        final int length = update.encodedLength();
        final LimitUpdateDecoder decoder = new LimitUpdateDecoder();

        decoder.wrap(buffer, HEADER, LimitUpdateDecoder.BLOCK_LENGTH, 1);
        assertEquals(RejectReason.NONE, IngressValidator.checkLimitUpdate(decoder, length, 32));

        decoder.wrap(buffer, HEADER, LimitUpdateDecoder.BLOCK_LENGTH, 1);
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkLimitUpdate(decoder, length - 1, 32),
            "group runs past the end of the message");

        decoder.wrap(buffer, HEADER, LimitUpdateDecoder.BLOCK_LENGTH, 1);
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkLimitUpdate(decoder, length, 1),
            "more entries than allowed");

        final int firstType = HEADER + LimitUpdateDecoder.BLOCK_LENGTH + 4 +
            LimitUpdateDecoder.LimitsDecoder.limitTypeEncodingOffset();
        buffer.putByte(firstType, (byte)0);
        decoder.wrap(buffer, HEADER, LimitUpdateDecoder.BLOCK_LENGTH, 1);
        assertEquals(RejectReason.INVALID_ENUM_VALUE, IngressValidator.checkLimitUpdate(decoder, length, 32));
    }

    @Test
    void checksVenueExecutionEnums()
    {
        final VenueExecutionEncoder execution = new VenueExecutionEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder)
            .orderId(1).execType(ExecType.FILL).rejectReason(RejectReason.NONE);
        final VenueExecutionDecoder decoder = new VenueExecutionDecoder()
            .wrap(buffer, HEADER, execution.sbeBlockLength(), execution.sbeSchemaVersion());
        assertEquals(RejectReason.NONE, IngressValidator.checkVenueExecution(decoder));
        buffer.putByte(HEADER + VenueExecutionEncoder.execTypeEncodingOffset(), (byte)9);
        assertEquals(RejectReason.INVALID_ENUM_VALUE, IngressValidator.checkVenueExecution(decoder));
        buffer.putByte(HEADER + VenueExecutionEncoder.execTypeEncodingOffset(), (byte)2);
        buffer.putByte(HEADER + VenueExecutionEncoder.rejectReasonEncodingOffset(), (byte)29);
        assertEquals(RejectReason.INVALID_ENUM_VALUE, IngressValidator.checkVenueExecution(decoder));
    }

    @Test
    void aVenueExecutionOfVersion3HasTheBlockBeforeAvgPxAndOneOfVersion4TheWholeBlock()
    {
        final int length = new VenueInMessages(buffer).execution(1, 0, 1, ExecType.FILL, RejectReason.NONE, 100, 10,
            10, 100, 10, 0, 100, 1, "filled");
        assertEquals(RejectReason.NONE, IngressValidator.checkHeader(buffer, 0, length));

        final int olderLength = OlderVenueExecution.rewrite(buffer, 0, length, 3);
        assertEquals(RejectReason.NONE, IngressValidator.checkHeader(buffer, 0, olderLength),
            "the previous release's adapters and journals are read");
        assertEquals(VenueExecutionDecoder.avgPxEncodingOffset(),
            IngressValidator.blockLength(VenueExecutionDecoder.TEMPLATE_ID, 3));

        buffer.putShort(6, (short)VenueExecutionDecoder.SCHEMA_VERSION, ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkHeader(buffer, 0, olderLength),
            "a version-4 message must hold avgPx");
    }

    @Test
    void aVenueTextMustLieInsideItsMessage()
    {
        final VenueExecutionEncoder execution = new VenueExecutionEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder)
            .orderId(1).execType(ExecType.REJECTED).rejectReason(RejectReason.NONE).text("price band");
        final int end = HEADER + execution.encodedLength();
        final int textOffset = HEADER + VenueExecutionEncoder.BLOCK_LENGTH;
        assertEquals(RejectReason.NONE, IngressValidator.checkVenueText(buffer, textOffset, end));
        assertEquals(RejectReason.NONE, IngressValidator.checkVenueText(buffer, textOffset, textOffset), "no text");
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkVenueText(buffer, textOffset, end - 1));
        assertEquals(RejectReason.MALFORMED_MESSAGE,
            IngressValidator.checkVenueText(buffer, textOffset, textOffset + 3), "a cut length header");
        buffer.putInt(textOffset, -1, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkVenueText(buffer, textOffset, end),
            "a length of 2^32 - 1 read as unsigned, not as -1");
        buffer.putInt(textOffset, 4097, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkVenueText(buffer, textOffset, 8192),
            "above the schema's maximum even inside the frame");
    }

    @Test
    void acceptsTheVenueAdaptersThrottledAnswer()
    {
        // The gateway's fair venue queue answers THROTTLED: dropped as malformed, the order stayed working for good.
        assertEquals(RejectReason.NONE, checkVenueExecution(ExecType.REJECTED, RejectReason.THROTTLED));
        new io.peregrine.sbe.VenueCancelRejectEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .orderId(1).requestId(2).responseTo(io.peregrine.sbe.CancelRejectResponseTo.CANCEL)
            .rejectReason(RejectReason.THROTTLED);
        assertEquals(RejectReason.NONE, IngressValidator.checkVenueCancelReject(
            new io.peregrine.sbe.VenueCancelRejectDecoder().wrap(buffer, HEADER,
            io.peregrine.sbe.VenueCancelRejectEncoder.BLOCK_LENGTH, io.peregrine.sbe.VenueCancelRejectEncoder.SCHEMA_VERSION)));
    }

    @Test
    void aVenueExecutionCarryingOrderStatusIsRefused()
    {
        // ORDER_STATUS is the core's answer to a client's status request, never a venue's report.
        assertEquals(RejectReason.INVALID_ENUM_VALUE, checkVenueExecution(ExecType.ORDER_STATUS, RejectReason.NONE));
        // RESTATED is the core's correction of its own reports (a refused raise closing a filled order), never a
        // venue's report either.
        assertEquals(RejectReason.INVALID_ENUM_VALUE, checkVenueExecution(ExecType.RESTATED, RejectReason.NONE));
    }

    /** The check of a VenueExecution of order 1 with this exec type and reason. */
    private RejectReason checkVenueExecution(final ExecType execType, final RejectReason reason)
    {
        new VenueExecutionEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .orderId(1).execType(execType).rejectReason(reason);
        return IngressValidator.checkVenueExecution(new VenueExecutionDecoder()
            .wrap(buffer, HEADER, VenueExecutionEncoder.BLOCK_LENGTH, VenueExecutionEncoder.SCHEMA_VERSION));
    }

    @Test
    void anOrderStatusRequestHasTheBlockOfItsTemplateAndItsAccountChecked()
    {
        assertEquals(io.peregrine.sbe.OrderStatusRequestDecoder.BLOCK_LENGTH,
            IngressValidator.blockLength(io.peregrine.sbe.OrderStatusRequestDecoder.TEMPLATE_ID));
        final io.peregrine.sbe.OrderStatusRequestEncoder request = new io.peregrine.sbe.OrderStatusRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder).clientId(1).clOrdId(2).origClOrdId(3).orderId(0);
        final io.peregrine.sbe.OrderStatusRequestDecoder decoder = new io.peregrine.sbe.OrderStatusRequestDecoder()
            .wrap(buffer, HEADER, request.encodedLength(), io.peregrine.sbe.OrderStatusRequestDecoder.SCHEMA_VERSION);
        request.account("ACC1");
        assertEquals(RejectReason.NONE, IngressValidator.checkOrderStatus(decoder));
        request.account("");
        assertEquals(RejectReason.MALFORMED_MESSAGE, IngressValidator.checkOrderStatus(decoder));
        org.junit.jupiter.api.Assertions.assertTrue(
            IngressValidator.isOrderMessage(io.peregrine.sbe.OrderStatusRequestDecoder.TEMPLATE_ID));
    }

    private int newOrder()
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        final NewOrderEncoder order = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(1).clOrdId(1).account("ACC1").symbol("AAPL").side(Side.BUY).ordType(OrdType.LIMIT)
            .timeInForce(TimeInForce.DAY).price(1).quantity(1).sendingTime(0);
        return HEADER + order.encodedLength();
    }

    private NewOrderDecoder wrapNewOrder()
    {
        return new NewOrderDecoder().wrap(buffer, HEADER, NewOrderDecoder.BLOCK_LENGTH, NewOrderDecoder.SCHEMA_VERSION);
    }
}
