package io.peregrine.gateway;

import io.aeron.Aeron;
import io.aeron.status.HeartbeatTimestamp;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.field.ExecType;

import java.util.concurrent.TimeUnit;

import static io.peregrine.testsupport.FixRequests.newOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a starved machine does to the gateway (issue 14, the flood orders lost at load 17-50): the media driver times
 * the gateway's Aeron client out, and Aeron closes that client with every publication, subscription and counter the
 * gateway uses. Here the driver is made to time it out deterministically (the client's heartbeat counter is held at
 * 0, as it looks to the driver when the client's conductor thread was not scheduled for the liveness timeout), with
 * nothing stalled: the gateway must stop loudly (sessions logged out, agents stopped, acceptor closed, a reason for
 * health) instead of staying half alive with FIX sessions up and nothing reaching the core; and it must stop before
 * Aeron unmaps the client's buffers, which its agents and sampler would otherwise write to (SIGSEGV, killing this JVM).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AeronClientLossSystemTest
{
    private static final long WAIT_MS = 30_000;

    private OverloadStack stack;
    private FixCounterparty broker;
    private Aeron probe;

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(broker, probe, stack);
    }

    @Test
    void aGatewayWhoseAeronClientIsTimedOutStopsLoudlyInsteadOfStayingHalfAlive() throws Exception
    {
        stack = new OverloadStack((ctx) -> ctx.fixMessageLog(false));
        broker = stack.broker("BROKER1");
        broker.send(newOrder("L1", '1', "AAPL", "185.00", 1));
        assertNotNull(broker.nextReport("L1", ExecType.NEW, WAIT_MS), "the stack trades before the client is lost");
        assertFalse(stack.gateway.aeronClient().isLost());

        probe = Aeron.connect(new Aeron.Context().aeronDirectoryName(stack.aeronDir));
        final int heartbeat = gatewayHeartbeatCounter(probe.countersReader());
        final CountersReader counters = probe.countersReader();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        // The gateway's conductor rewrites its heartbeat every 500 ms: hold it at 0 until the driver's check sees it.
        while (!stack.gateway.aeronClient().isStopped())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("the driver did not time the gateway's Aeron client out");
            }
            counters.valuesBuffer().putLongVolatile(CountersReader.counterOffset(heartbeat), 0);
            Thread.sleep(1);
        }

        final String reason = stack.gateway.aeronClient().lossReason();
        assertTrue(reason.contains("ClientTimeoutException"), reason);
        // Stopped, not half alive: the broker acceptor is closed and the broker's session is gone.
        assertFalse(stack.gateway.brokerAcceptorListening(), "broker acceptor still listening after the loss");
        Await.until("the end of the broker session", () -> !broker.isLoggedOn(), WAIT_MS);
        Await.until("the end of the venue session", () -> !stack.venue.isLoggedOn("PEREGRINE"), WAIT_MS);
        // The agents were closed before Aeron unmapped the client: this JVM is still here to run the next lines, and
        // the core (another client of the same driver) still runs.
        final long beforeWait = stack.core.counters().heartbeat().get();
        Await.until("the core's next heartbeat (it must still run)",
            () -> stack.core.counters().heartbeat().get() > beforeWait, WAIT_MS);
        assertFalse(stack.core.aeronClient().isLost());
        assertEquals(stack.gateway.aeronClient().lossReason(), reason, "one loss, reported once");
    }

    private static int gatewayHeartbeatCounter(final CountersReader counters) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() - deadline < 0)
        {
            final int[] found = {CountersReader.NULL_COUNTER_ID};
            counters.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (HeartbeatTimestamp.HEARTBEAT_TYPE_ID == typeId && label.contains("name=peregrine FIX gateway") &&
                    CountersReader.RECORD_ALLOCATED == counters.getCounterState(counterId))
                {
                    found[0] = counterId;
                }
            });
            if (CountersReader.NULL_COUNTER_ID != found[0])
            {
                return found[0];
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no heartbeat counter of the gateway's Aeron client");
    }
}
