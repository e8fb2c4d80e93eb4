package io.peregrine.core.system;

import io.peregrine.core.CoreCounters;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.BooleanType;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.KillSwitchEncoder;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.AAPL_PX;
import static io.peregrine.core.DemoUniverse.ACC1;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad bytes on ingress get a reject with a reason, are counted, and the core keeps serving.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MalformedInputSystemTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private TestStack stack;

    @AfterEach
    void tearDown()
    {
        stack.close();
    }

    @Test
    void rejectsMalformedMessagesWithReasonAndKeepsServing()
    {
        stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().adminClientIds(7));

        sendRaw(new UnsafeBuffer(new byte[]{ 1, 2, 3, 4, 5 }), 5);
        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < 64; i++)
        {
            garbage.putByte(i, (byte)(i * 37 + 11));
        }
        sendRaw(garbage, 64);

        int length = encodeNewOrder(1);
        buffer.putShort(2, (short)99, ByteOrder.LITTLE_ENDIAN);
        sendRaw(buffer, length);

        length = encodeNewOrder(2);
        // a version newer than this core implements
        buffer.putShort(6, (short)(MessageHeaderDecoder.SCHEMA_VERSION + 1), ByteOrder.LITTLE_ENDIAN);
        sendRaw(buffer, length);

        length = encodeNewOrder(3);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.sideEncodingOffset(), (byte)9);
        sendRaw(buffer, length);

        encodeNewOrder(4);
        sendRaw(buffer, MessageHeaderEncoder.ENCODED_LENGTH + 20);

        length = encodeNewOrder(5);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.accountEncodingOffset() + 1, (byte)1);
        sendRaw(buffer, length);

        length = encodeNewOrder(6);
        buffer.putShort(0, (short)10, ByteOrder.LITTLE_ENDIAN);
        sendRaw(buffer, length);

        final KillSwitchEncoder kill = new KillSwitchEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .commandId(77)
            .scope(KillScope.GLOBAL)
            .cancelWorking(BooleanType.FALSE)
            .clientId(7);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + KillSwitchEncoder.scopeEncodingOffset(), (byte)7);
        sendRaw(buffer, MessageHeaderEncoder.ENCODED_LENGTH + kill.encodedLength());

        stack.awaitTrue(() -> stack.reports.executions.size() == 8 && stack.reports.adminResponses.size() == 1,
            "eight rejects and an admin response");
        assertReject(0, 0, 0, RejectReason.MALFORMED_MESSAGE);
        assertReject(1, 0, 0, RejectReason.UNSUPPORTED_SCHEMA);
        assertReject(2, 0, 0, RejectReason.UNKNOWN_TEMPLATE);
        // Undecodable frames reach their sender (clientId) but name no order (clOrdId 0).
        assertReject(3, 7, 0, RejectReason.UNSUPPORTED_SCHEMA);
        assertReject(4, 7, 3, RejectReason.INVALID_ENUM_VALUE);
        assertReject(5, 7, 0, RejectReason.MALFORMED_MESSAGE);
        assertReject(6, 7, 5, RejectReason.MALFORMED_MESSAGE);
        assertReject(7, 7, 0, RejectReason.MALFORMED_MESSAGE);
        assertEquals(AdminResult.REJECTED, stack.reports.adminResponses.get(0).result());
        assertEquals(RejectReason.INVALID_ENUM_VALUE, stack.reports.adminResponses.get(0).rejectReason());
        assertEquals(77, stack.reports.adminResponses.get(0).commandId());

        final CoreCounters counters = stack.core.counters();
        assertEquals(4, counters.malformedMessages().get());
        assertEquals(1, counters.unknownTemplates().get());
        assertEquals(2, counters.unsupportedSchema().get());
        assertEquals(2, counters.invalidEnumValues().get());
        assertEquals(0, counters.errors().get());

        final LimitType[] types = new LimitType[33];
        final long[] values = new long[33];
        java.util.Arrays.fill(types, LimitType.MAX_OPEN_ORDERS);
        stack.offer(() -> stack.client.limitUpdate(78, ACC1, 0, types, values, 33));
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == 2, "limit update refused");
        assertEquals(RejectReason.MALFORMED_MESSAGE, stack.reports.adminResponses.get(1).rejectReason());
        assertEquals(78, stack.reports.adminResponses.get(1).commandId());

        stack.newLimitOrder(10, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        stack.awaitExecution(10, ExecType.FILL, "good order filled");
    }

    /**
     * Order id 0 names no order (the core's answer to a frame it cannot read carries it): a new order or a replace
     * taking 0 or a negative id is refused as malformed, so no order can be mistaken for that answer (hostile-IPC
     * audit: a forged frame read as the live order 0 rejected, and a cancel of origClOrdId 0 canceled it). A venue
     * message on ingress is an unknown template whatever its block length; a status answer for an order the client
     * cannot see echoes the account the request named.
     */
    @Test
    void refusesIdsThatNameNoOrderAndVenueTemplatesWhateverTheirBlock()
    {
        stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY);
        stack.newLimitOrder(0, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        stack.newLimitOrder(-7, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        stack.newLimitOrder(10, ACC1, AAPL, Side.BUY, AAPL_PX, 10);
        stack.awaitExecution(10, ExecType.NEW, "order 10 working");
        stack.offer(() -> stack.client.replace(0, 10, 0, ACC1, AAPL_PX, 20));
        stack.offer(() -> stack.client.replace(-3, 10, 0, ACC1, AAPL_PX, 20));
        stack.offer(() -> stack.client.cancel(11, 0, 0, ACC1));
        stack.awaitTrue(() -> stack.reports.cancelRejects.size() == 3, "two replaces and a cancel refused");

        final int clientId = stack.client.clientId();
        final ReportCollector.Execution zero = stack.awaitExecution(
            (report) -> 0 == report.clOrdId() && ExecType.REJECTED == report.execType(), "order 0 refused");
        assertEquals(RejectReason.MALFORMED_MESSAGE, zero.rejectReason(), zero.toString());
        assertEquals(clientId, zero.clientId());
        final ReportCollector.Execution negative = stack.awaitExecution(-7, ExecType.REJECTED, "order -7 refused");
        assertEquals(RejectReason.MALFORMED_MESSAGE, negative.rejectReason(), negative.toString());
        assertEquals(RejectReason.MALFORMED_MESSAGE, stack.reports.cancelRejects.get(0).rejectReason());
        assertEquals(RejectReason.MALFORMED_MESSAGE, stack.reports.cancelRejects.get(1).rejectReason());
        // No order has id 0: a cancel naming it finds none.
        assertEquals(RejectReason.UNKNOWN_ORDER, stack.reports.cancelRejects.get(2).rejectReason());
        assertEquals(4, stack.core.counters().malformedMessages().get());

        // A VenueExecution with a block one byte short, sent on ingress: a template no client sends.
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        final io.peregrine.sbe.VenueExecutionEncoder execution = new io.peregrine.sbe.VenueExecutionEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).orderId(1).execType(ExecType.FILL);
        final int blockLength = io.peregrine.sbe.VenueExecutionEncoder.BLOCK_LENGTH - 1;
        buffer.putShort(0, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        sendRaw(buffer, MessageHeaderEncoder.ENCODED_LENGTH + blockLength);
        final ReportCollector.Execution venue = stack.awaitExecution(
            (report) -> 0 == report.clientId() && ExecType.REJECTED == report.execType(), "venue frame refused");
        assertEquals(RejectReason.UNKNOWN_TEMPLATE, venue.rejectReason(), venue.toString());
        assertEquals(1, stack.core.counters().unknownTemplates().get());
        assertEquals(4, stack.core.counters().malformedMessages().get());

        stack.offer(() -> stack.client.orderStatus(0, 999, 0, ACC1));
        final ReportCollector.Execution unknown = stack.awaitExecution(999, ExecType.ORDER_STATUS, "status of 999");
        assertEquals(RejectReason.UNKNOWN_ORDER, unknown.rejectReason());
        assertEquals(ACC1, unknown.account(), "the account the request named");
        stack.offer(() -> stack.client.orderStatus(0, 10, 0, ACC1));
        assertEquals(OrdStatus.NEW, stack.awaitExecution(10, ExecType.ORDER_STATUS, "status of 10").ordStatus());
    }

    private void assertReject(final int index, final int clientId, final long clOrdId, final RejectReason reason)
    {
        final ReportCollector.Execution report = stack.reports.executions.get(index);
        assertEquals(ExecType.REJECTED, report.execType(), report.toString());
        assertEquals(OrdStatus.REJECTED, report.ordStatus());
        assertEquals(reason, report.rejectReason(), report.toString());
        assertEquals(clientId, report.clientId(), report.toString());
        assertEquals(clOrdId, report.clOrdId(), report.toString());
    }

    private int encodeNewOrder(final long clOrdId)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        final NewOrderEncoder order = new NewOrderEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .clientId(7)
            .clOrdId(clOrdId)
            .account("ACC1")
            .symbol("AAPL")
            .side(Side.BUY)
            .ordType(OrdType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .price(AAPL_PX)
            .quantity(10)
            .sendingTime(1);
        return MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
    }

    private void sendRaw(final UnsafeBuffer src, final int length)
    {
        stack.offer(() -> stack.client.offerRaw(src, 0, length));
    }
}
