package io.peregrine.gateway.broker;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.peregrine.client.ClientRequestEncoder;
import io.peregrine.core.CoreCounters;
import io.peregrine.core.threading.AgentThreading;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The core and the gateway on one shared thread ({@code peregrine.threading=shared}): while the broker report agent
 * reads, the core cannot write, and the other way round. A flood of requests, each of which the core answers with a
 * report on egress at once, must not make the core drop a live report (egress dropped, 7014): the agent reads more a
 * duty cycle than the core can write in one ({@link BrokerReportAgent#liveFragmentLimit(int)}). Small terms (64 KiB,
 * a 32 KiB window: about a hundred reports) make a reader that falls behind show within a few duty cycles.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedThreadLiveReportsSystemTest
{
    private static final long WAIT_MS = 30_000;
    private static final String SMALL_TERM = "aeron:ipc?term-length=65536";
    private static final int ORDERS = 20_000;
    private static final int FLOODING_CLIENT_ID = 77;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("shared-live-reports", WAIT_MS, "sleeping",
        (context) -> context.channel(SMALL_TERM).threading(AgentThreading.SHARED));

    @Test
    void aFloodOfReportsOnTheSharedThreadDropsNoLiveReport() throws Exception
    {
        stack.startGateway(stack.gatewayContext().channel(SMALL_TERM).threading(AgentThreading.SHARED));
        final CoreCounters counters = stack.core().counters();
        final long rejectedBefore = counters.ordersRejected().get();
        try (Aeron aeron = Aeron.connect(TestAeronClients.context(stack.aeronDir));
            ExclusivePublication ingress = aeron.addExclusivePublication(SMALL_TERM, 1001))
        {
            // Another client's orders for a symbol the core does not know: each is rejected at once, one report each.
            final ClientRequestEncoder encoder = new ClientRequestEncoder(
                new UnsafeBuffer(new byte[512]), FLOODING_CLIENT_ID, new SystemEpochNanoClock());
            final long account = PackedAscii.pack("ACC1");
            final long symbol = PackedAscii.pack("NOSUCH");
            for (int i = 1; i <= ORDERS; i++)
            {
                final int length =
                    encoder.newOrder(i, account, symbol, Side.BUY, OrdType.LIMIT, TimeInForce.DAY, 100_000_000L, 1);
                final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
                while (ingress.offer(encoder.buffer(), 0, length) < 0)
                {
                    if (System.nanoTime() > deadline)
                    {
                        throw new AssertionError("the core took no order for " + WAIT_MS + " ms (order " + i + ")");
                    }
                    Thread.onSpinWait();
                }
            }
            Await.until("every order rejected by the core",
                () -> counters.ordersRejected().get() - rejectedBefore >= ORDERS, WAIT_MS);
        }
        assertEquals(0, counters.egressDropped().get(), "live reports the core dropped");
    }
}
