package io.peregrine.gateway;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.gateway.edge.GatewayLimits;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.OrdStatus;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which threads handle the FIX messages of the whole stack (brokers -> gateway -> core -> gateway -> matching-sim
 * and back): the gateway's venue session and the venue's acceptor handle theirs on their MINA I/O threads (no
 * "QFJ Message Processor" of their own: the only ones left are the two test brokers'); the broker acceptor has a
 * thread per session ("QF/J Session dispatcher") unless its queue is off ({@code broker.queue.high.watermark=0}),
 * and orders trade end to end either way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FixMessageThreadsSystemTest
{
    private static final long WAIT_MS = 15_000;

    private GatewayStack stack;

    @AfterEach
    void tearDown()
    {
        if (null != stack)
        {
            stack.close();
        }
    }

    static IntStream defaultWatermarkAndZero()
    {
        return IntStream.of(Gateway.BROKER_QUEUE_HIGH_WATERMARK.defaultValue(), 0);
    }

    @ParameterizedTest(name = "broker queue high watermark {0}")
    @MethodSource("defaultWatermarkAndZero")
    void ordersTradeEndToEndWithVenueMessagesOnTheIoThreads(final int brokerQueueHighWatermark) throws Exception
    {
        stack = GatewayStack.withCore("fix-threads-" + brokerQueueHighWatermark, WAIT_MS, "backoff", (c) -> c);
        stack.startSimVenue();
        final GatewayContext gateway = stack.gatewayContext();
        stack.startGateway(gateway.limits(gateway.limits().withBrokerQueueHighWatermark(brokerQueueHighWatermark)));
        final FixCounterparty broker1 = stack.broker("BROKER1");
        final FixCounterparty broker2 = stack.broker("BROKER2");
        stack.awaitCoreSeesVenue();

        broker1.send(FixRequests.newOrder("B1", '1', "AAPL", "190.00", 100));
        assertEquals(OrdStatus.NEW, broker1.nextReport("B1", ExecType.NEW, WAIT_MS).getChar(OrdStatus.FIELD));
        broker2.send(FixRequests.newOrder("S1", '2', "AAPL", "190.00", 100));
        assertEquals(OrdStatus.FILLED, broker2.nextReport("S1", ExecType.TRADE, WAIT_MS).getChar(OrdStatus.FIELD));
        assertEquals(100, broker1.nextReport("B1", ExecType.TRADE, WAIT_MS).getInt(CumQty.FIELD));

        // waited for, not read once: threads of an earlier test's connectors may take a moment to end
        Await.until("only the two test brokers' initiators queue their messages for a processor thread",
            () -> liveThreadsNamed("QFJ Message Processor") == 2, WAIT_MS);
        final long dispatchers = brokerQueueHighWatermark == 0 ? 0 : 2;
        Await.until("a dispatcher thread per broker session unless the queue is off",
            () -> liveThreadsNamed("QF/J Session dispatcher") == dispatchers, WAIT_MS);
    }

    @Test
    void theBrokerQueueIsOffAtZeroAndAtLeastFourOtherwise()
    {
        assertEquals(0, GatewayLimits.defaults().withBrokerQueueHighWatermark(0).brokerQueueHighWatermark());
        assertEquals(4, GatewayLimits.defaults().withBrokerQueueHighWatermark(4).brokerQueueHighWatermark());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> GatewayLimits.defaults().withBrokerQueueHighWatermark(3));
        assertTrue(ex.getMessage().contains(Gateway.BROKER_QUEUE_HIGH_WATERMARK.name() + " must be 0"),
            ex.getMessage());
    }

    private static long liveThreadsNamed(final String prefix)
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter((thread) -> thread.isAlive() && thread.getName().startsWith(prefix))
            .count();
    }
}
