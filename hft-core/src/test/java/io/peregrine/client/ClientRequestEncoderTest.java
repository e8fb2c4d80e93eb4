package io.peregrine.client;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.CancelOrderEncoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.NewOrderEncoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.OrderStatusRequestEncoder;
import io.peregrine.sbe.ReplaceOrderEncoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.ThreadAllocation;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order requests every client puts on the ingress stream: the bytes are those the SBE encoders write field by
 * field (account and symbol through their own character-array setters), and they decode back.
 */
class ClientRequestEncoderTest
{
    private static final int CLIENT_ID = 42;
    private static final long SENDING_TIME = 1_765_000_000_123_456_789L;
    private static final long ACC1 = PackedAscii.pack("ACC1");
    private static final long AAPL = PackedAscii.pack("AAPL");

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final ClientRequestEncoder requests = new ClientRequestEncoder(buffer, CLIENT_ID, () -> SENDING_TIME);

    /**
     * One request: as the client encoder is asked for it, and as the SBE encoders write it field by field (returning
     * the length, header included).
     */
    private record Request(
        String name, ToIntFunction<ClientRequestEncoder> encode, ToIntFunction<MutableDirectBuffer> reference)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    static Stream<Request> requests()
    {
        return Stream.of(
            new Request("NewOrder",
                (client) -> client.newOrder(7001, ACC1, AAPL, Side.SELL, OrdType.LIMIT, TimeInForce.IOC, 1_505_000, 300),
                (buffer) -> MessageHeaderEncoder.ENCODED_LENGTH + new NewOrderEncoder()
                    .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                    .clientId(CLIENT_ID).clOrdId(7001).account("ACC1").symbol("AAPL").side(Side.SELL)
                    .ordType(OrdType.LIMIT).timeInForce(TimeInForce.IOC).price(1_505_000).quantity(300)
                    .sendingTime(SENDING_TIME).encodedLength()),
            new Request("CancelOrder",
                (client) -> client.cancel(7003, 7001, 55, ACC1),
                (buffer) -> MessageHeaderEncoder.ENCODED_LENGTH + new CancelOrderEncoder()
                    .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                    .clientId(CLIENT_ID).clOrdId(7003).origClOrdId(7001).orderId(55).account("ACC1")
                    .sendingTime(SENDING_TIME).encodedLength()),
            new Request("ReplaceOrder",
                (client) -> client.replace(7002, 7001, 55, ACC1, 1_510_000, 500),
                (buffer) -> MessageHeaderEncoder.ENCODED_LENGTH + new ReplaceOrderEncoder()
                    .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                    .clientId(CLIENT_ID).clOrdId(7002).origClOrdId(7001).orderId(55).account("ACC1")
                    .price(1_510_000).quantity(500).sendingTime(SENDING_TIME).encodedLength()),
            new Request("OrderStatusRequest",
                (client) -> client.orderStatus(7004, 7001, 55, ACC1),
                (buffer) -> MessageHeaderEncoder.ENCODED_LENGTH + new OrderStatusRequestEncoder()
                    .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                    .clientId(CLIENT_ID).clOrdId(7004).origClOrdId(7001).orderId(55).account("ACC1")
                    .sendingTime(SENDING_TIME).encodedLength()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void encodesTheBytesTheSbeEncodersWriteFieldByField(final Request request)
    {
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[256]);
        final int expectedLength = request.reference().applyAsInt(expected);

        final int length = request.encode().applyAsInt(requests);

        assertEquals(expectedLength, length);
        final byte[] want = new byte[expectedLength];
        final byte[] got = new byte[length];
        expected.getBytes(0, want);
        buffer.getBytes(0, got);
        assertArrayEquals(want, got);
    }

    @Test
    void encodesPackedAccountAndSymbolThatDecodeAsTheirText()
    {
        requests.newOrder(7001, PackedAscii.pack("ACC2"), PackedAscii.pack("MSFT"), Side.BUY, OrdType.MARKET,
            TimeInForce.DAY, 0, 100);

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final NewOrderDecoder order = new NewOrderDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(NewOrderDecoder.TEMPLATE_ID, header.templateId());
        assertEquals(CLIENT_ID, order.clientId());
        assertEquals("ACC2", order.account());
        assertEquals("MSFT", order.symbol());
        assertEquals(OrdType.MARKET, order.ordType());
        assertEquals(SENDING_TIME, order.sendingTime());
    }

    @Test
    void encodesWithoutAllocatingOnceWarm()
    {
        final long[] checksum = new long[1];
        ThreadAllocation.ofCurrentThread().assertSomeWindowAllocatesNothing("80,000 encoded requests", 100, () ->
        {
            final long before = checksum[0];
            for (int i = 0; i < 20_000; i++)
            {
                checksum[0] += requests.newOrder(i, ACC1, AAPL, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, 100 + i, 1);
                checksum[0] += requests.replace(i + 1, i, i, ACC1, 101 + i, 2);
                checksum[0] += requests.cancel(i + 2, i + 1, i, ACC1);
                checksum[0] += requests.orderStatus(i + 3, i + 1, i, ACC1);
            }
            assertTrue(checksum[0] > before, "every window encodes");
        });
    }
}
