package io.peregrine.client;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.CancelOrderEncoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.ReplaceOrderDecoder;
import io.peregrine.sbe.ReplaceOrderEncoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order requests every client puts on the ingress stream: each field decodes back, and the bytes are those the
 * SBE encoders write field by field (account and symbol through their own character-array setters).
 */
class ClientRequestEncoderTest
{
    private static final int CLIENT_ID = 42;
    private static final long SENDING_TIME = 1_765_000_000_123_456_789L;
    private static final int OFFSET = 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer expected = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientRequestEncoder requests = new ClientRequestEncoder(CLIENT_ID, () -> SENDING_TIME);

    @Test
    void encodesNewOrderThatDecodesToEveryFieldAsTheSbeEncoderWritesIt()
    {
        final int length = requests.newOrder(buffer, OFFSET, 7001, PackedAscii.pack("ACC1"), PackedAscii.pack("AAPL"),
            Side.SELL, OrdType.LIMIT, TimeInForce.IOC, 1_505_000, 300);

        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH, length);
        final NewOrderDecoder order = new NewOrderDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(NewOrderDecoder.TEMPLATE_ID, headerDecoder.templateId());
        assertEquals(CLIENT_ID, order.clientId());
        assertEquals(7001, order.clOrdId());
        assertEquals("ACC1", order.account());
        assertEquals("AAPL", order.symbol());
        assertEquals(Side.SELL, order.side());
        assertEquals(OrdType.LIMIT, order.ordType());
        assertEquals(TimeInForce.IOC, order.timeInForce());
        assertEquals(1_505_000, order.price());
        assertEquals(300, order.quantity());
        assertEquals(SENDING_TIME, order.sendingTime());

        final int expectedLength = MessageHeaderEncoder.ENCODED_LENGTH + new NewOrderEncoder()
            .wrapAndApplyHeader(expected, OFFSET, header)
            .clientId(CLIENT_ID)
            .clOrdId(7001)
            .account("ACC1")
            .symbol("AAPL")
            .side(Side.SELL)
            .ordType(OrdType.LIMIT)
            .timeInForce(TimeInForce.IOC)
            .price(1_505_000)
            .quantity(300)
            .sendingTime(SENDING_TIME)
            .encodedLength();
        assertSameBytes(expectedLength, length);
    }

    @Test
    void encodesCancelThatDecodesToEveryFieldAsTheSbeEncoderWritesIt()
    {
        final int length = requests.cancel(buffer, OFFSET, 7003, 7001, 55, PackedAscii.pack("ACC2"));

        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + CancelOrderEncoder.BLOCK_LENGTH, length);
        final CancelOrderDecoder cancel = new CancelOrderDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(CancelOrderDecoder.TEMPLATE_ID, headerDecoder.templateId());
        assertEquals(CLIENT_ID, cancel.clientId());
        assertEquals(7003, cancel.clOrdId());
        assertEquals(7001, cancel.origClOrdId());
        assertEquals(55, cancel.orderId());
        assertEquals("ACC2", cancel.account());
        assertEquals(SENDING_TIME, cancel.sendingTime());

        final int expectedLength = MessageHeaderEncoder.ENCODED_LENGTH + new CancelOrderEncoder()
            .wrapAndApplyHeader(expected, OFFSET, header)
            .clientId(CLIENT_ID)
            .clOrdId(7003)
            .origClOrdId(7001)
            .orderId(55)
            .account("ACC2")
            .sendingTime(SENDING_TIME)
            .encodedLength();
        assertSameBytes(expectedLength, length);
    }

    @Test
    void encodesReplaceThatDecodesToEveryFieldAsTheSbeEncoderWritesIt()
    {
        final int length = requests.replace(buffer, OFFSET, 7002, 7001, 55, PackedAscii.pack("ACC1"), 1_510_000, 500);

        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + ReplaceOrderEncoder.BLOCK_LENGTH, length);
        final ReplaceOrderDecoder replace =
            new ReplaceOrderDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(ReplaceOrderDecoder.TEMPLATE_ID, headerDecoder.templateId());
        assertEquals(CLIENT_ID, replace.clientId());
        assertEquals(7002, replace.clOrdId());
        assertEquals(7001, replace.origClOrdId());
        assertEquals(55, replace.orderId());
        assertEquals("ACC1", replace.account());
        assertEquals(1_510_000, replace.price());
        assertEquals(500, replace.quantity());
        assertEquals(SENDING_TIME, replace.sendingTime());

        final int expectedLength = MessageHeaderEncoder.ENCODED_LENGTH + new ReplaceOrderEncoder()
            .wrapAndApplyHeader(expected, OFFSET, header)
            .clientId(CLIENT_ID)
            .clOrdId(7002)
            .origClOrdId(7001)
            .orderId(55)
            .account("ACC1")
            .price(1_510_000)
            .quantity(500)
            .sendingTime(SENDING_TIME)
            .encodedLength();
        assertSameBytes(expectedLength, length);
    }

    @Test
    void encodesWithoutAllocatingOnceWarm()
    {
        final long account = PackedAscii.pack("ACC1");
        final long symbol = PackedAscii.pack("MSFT");
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long checksum = 0;
        for (int round = 0; round < 3; round++)
        {
            final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 20_000; i++)
            {
                checksum += requests.newOrder(buffer, 0, i, account, symbol, Side.BUY, OrdType.LIMIT,
                    TimeInForce.DAY, 1_000_000 + i, 100);
                checksum += requests.replace(buffer, 0, i + 1, i, i, account, 1_000_001 + i, 200);
                checksum += requests.cancel(buffer, 0, i + 2, i + 1, i, account);
            }
            final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 2)
            {
                assertEquals(0, allocated, "bytes allocated by 60,000 encoded requests");
            }
        }
        assertTrue(checksum > 0);
    }

    private void assertSameBytes(final int expectedLength, final int length)
    {
        assertEquals(expectedLength, length);
        final byte[] want = new byte[expectedLength];
        final byte[] got = new byte[length];
        expected.getBytes(OFFSET, want);
        buffer.getBytes(OFFSET, got);
        assertArrayEquals(want, got);
    }
}
