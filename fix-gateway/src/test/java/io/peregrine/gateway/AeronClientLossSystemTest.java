package io.peregrine.gateway;

import io.aeron.Aeron;
import io.peregrine.testsupport.AeronClientHeartbeats;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.TestAeronClients;
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

        probe = Aeron.connect(TestAeronClients.context(stack.aeronDir));
        final CountersReader counters = probe.countersReader();
        final int heartbeat = AeronClientHeartbeats.await(
            counters, (label) -> label.contains("name=peregrine FIX gateway"), "the gateway's", WAIT_MS);
        AeronClientHeartbeats.holdAtZero(counters, heartbeat, () -> stack.gateway.aeronClient().isStopped(), WAIT_MS,
            () -> "the driver did not time the gateway's Aeron client out");

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
}
