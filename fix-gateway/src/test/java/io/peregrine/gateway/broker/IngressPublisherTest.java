package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.peregrine.client.PeregrineClient;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.CancelOrderDecoder;
import io.peregrine.sbe.MessageHeaderDecoder;
import io.peregrine.sbe.NewOrderDecoder;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.ReplaceOrderDecoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the broker side puts on the ingress stream against what {@link PeregrineClient} puts there for the same
 * requests: the same SBE bytes, apart from each one's own sending time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IngressPublisherTest
{
    private static final long WAIT_MS = 10_000;
    private static final String CHANNEL = "aeron:ipc";
    private static final int CLIENT_STREAM = 3101;
    private static final int GATEWAY_STREAM = 3102;
    private static final int EGRESS_STREAM = 3103;
    private static final int CLIENT_ID = 77;
    private static final long ACCOUNT = PackedAscii.pack("ACC1");
    private static final long SYMBOL = PackedAscii.pack("AAPL");

    @Test
    void putsTheSameRequestBytesOnTheIngressStreamAsPeregrineClient()
    {
        final List<byte[]> fromClient = new ArrayList<>();
        final List<byte[]> fromGateway = new ArrayList<>();
        try (MediaDriverFixture driver = MediaDriverFixture.launch();
            Aeron aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
            Subscription clientIngress = aeron.addSubscription(CHANNEL, CLIENT_STREAM);
            Subscription gatewayIngress = aeron.addSubscription(CHANNEL, GATEWAY_STREAM);
            ExclusivePublication gatewayPublication = aeron.addExclusivePublication(CHANNEL, GATEWAY_STREAM);
            PeregrineClient client = PeregrineClient.connect(new PeregrineClient.Context()
                .aeron(aeron)
                .channel(CHANNEL)
                .ingressStreamId(CLIENT_STREAM)
                .egressStreamId(EGRESS_STREAM)
                .clientId(CLIENT_ID)))
        {
            final AtomicCounter retries =
                new AtomicCounter(new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64)), 0);
            final IngressPublisher gateway = new IngressPublisher(gatewayPublication, CLIENT_ID, 1_000, retries);
            Await.until("both ingress streams connected",
                () -> clientIngress.isConnected() && gatewayIngress.isConnected(), WAIT_MS);

            assertTrue(client.newOrder(
                9001, ACCOUNT, SYMBOL, Side.BUY, OrdType.LIMIT, TimeInForce.GTC, 1_505_000, 300));
            assertEquals(IngressPublisher.Outcome.SENT, gateway.newOrder(
                9001, ACCOUNT, SYMBOL, Side.BUY, OrdType.LIMIT, TimeInForce.GTC, 1_505_000, 300));
            assertTrue(client.replace(9002, 9001, 12, ACCOUNT, 1_510_000, 400));
            assertEquals(IngressPublisher.Outcome.SENT, gateway.replace(9002, 9001, 12, ACCOUNT, 1_510_000, 400));
            assertTrue(client.cancel(9003, 9002, 12, ACCOUNT));
            assertEquals(IngressPublisher.Outcome.SENT, gateway.cancel(9003, 9002, 12, ACCOUNT));

            final FragmentHandler intoClient =
                (buffer, offset, length, header) -> fromClient.add(copy(buffer, offset, length));
            final FragmentHandler intoGateway =
                (buffer, offset, length, header) -> fromGateway.add(copy(buffer, offset, length));
            Await.until("three requests on each stream", () ->
            {
                clientIngress.poll(intoClient, 10);
                gatewayIngress.poll(intoGateway, 10);
                return fromClient.size() >= 3 && fromGateway.size() >= 3;
            }, WAIT_MS);
        }

        assertEquals(3, fromClient.size());
        assertEquals(3, fromGateway.size());
        final int[] templates = {NewOrderDecoder.TEMPLATE_ID, ReplaceOrderDecoder.TEMPLATE_ID,
            CancelOrderDecoder.TEMPLATE_ID};
        final int[] sendingTimeOffsets = {NewOrderDecoder.sendingTimeEncodingOffset(),
            ReplaceOrderDecoder.sendingTimeEncodingOffset(), CancelOrderDecoder.sendingTimeEncodingOffset()};
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (int i = 0; i < 3; i++)
        {
            final UnsafeBuffer client = new UnsafeBuffer(fromClient.get(i));
            final UnsafeBuffer gateway = new UnsafeBuffer(fromGateway.get(i));
            assertEquals(templates[i], header.wrap(client, 0).templateId());
            assertEquals(templates[i], header.wrap(gateway, 0).templateId());
            final int sendingTimeAt = MessageHeaderDecoder.ENCODED_LENGTH + sendingTimeOffsets[i];
            final long clientSent = client.getLong(sendingTimeAt, NewOrderDecoder.BYTE_ORDER);
            final long gatewaySent = gateway.getLong(sendingTimeAt, NewOrderDecoder.BYTE_ORDER);
            // Each side stamps its own epoch clock; both must be epoch time, not zero or a relative clock.
            assertTrue(Math.abs(clientSent - gatewaySent) < TimeUnit.MINUTES.toNanos(1),
                "client sent at " + clientSent + ", gateway at " + gatewaySent);
            client.putLong(sendingTimeAt, 0L);
            gateway.putLong(sendingTimeAt, 0L);
            assertArrayEquals(client.byteArray(), gateway.byteArray(), "request " + i);
        }
        final NewOrderDecoder order = new NewOrderDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(fromGateway.get(0)), 0, header);
        assertEquals(CLIENT_ID, order.clientId());
        assertEquals(9001, order.clOrdId());
        assertEquals("ACC1", order.account());
        assertEquals("AAPL", order.symbol());
        assertEquals(1_505_000, order.price());
        assertEquals(300, order.quantity());
    }

    private static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}
