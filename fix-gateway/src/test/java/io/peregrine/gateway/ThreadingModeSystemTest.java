package io.peregrine.gateway;

import io.peregrine.core.threading.AgentThreading;
import io.peregrine.core.threading.SharedAgentThread;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.OrdStatus;
import quickfix.field.OrigClOrdID;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The whole stack (brokers -> gateway -> core -> gateway -> matching-sim and back) in one JVM, in each threading
 * mode, with the default (wakeable backoff) idle strategies: orders trade, fill and cancel end to end, and the
 * agent threads that exist prove the mode: three named agent threads in {@code dedicated}, one shared thread and
 * none of the three in {@code shared}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadingModeSystemTest
{
    private static final long WAIT_MS = 15_000;
    private static final List<String> DEDICATED_AGENT_THREADS =
        List.of("peregrine-core", "peregrine-venue-adapter", "peregrine-broker-reports");

    private GatewayStack stack;
    private FixCounterparty broker1;
    private FixCounterparty broker2;

    private void start(final AgentThreading threading) throws Exception
    {
        stack = GatewayStack.withCore("threading-" + threading.configName(), WAIT_MS, "backoff",
            (context) -> context.threading(threading));
        stack.startSimVenue();
        stack.startGateway(stack.gatewayContext().threading(threading));
        broker1 = stack.broker("BROKER1");
        broker2 = stack.broker("BROKER2");
        stack.awaitCoreSeesVenue();
    }

    @AfterEach
    void tearDown()
    {
        if (null != stack)
        {
            stack.close();
        }
    }

    @ParameterizedTest
    @EnumSource(AgentThreading.class)
    void ordersTradeEndToEndAndTheAgentThreadsMatchTheMode(final AgentThreading threading) throws Exception
    {
        start(threading);

        broker1.send(FixRequests.newOrder("B1", '1', "AAPL", "190.00", 100));
        assertEquals(OrdStatus.NEW, broker1.nextReport("B1", ExecType.NEW, WAIT_MS).getChar(OrdStatus.FIELD));
        broker2.send(FixRequests.newOrder("S1", '2', "AAPL", "190.00", 100));
        assertEquals(OrdStatus.FILLED, broker2.nextReport("S1", ExecType.TRADE, WAIT_MS).getChar(OrdStatus.FIELD));
        assertEquals(100, broker1.nextReport("B1", ExecType.TRADE, WAIT_MS).getInt(CumQty.FIELD));
        broker1.send(FixRequests.newOrder("B2", '1', "AAPL", "189.00", 10));
        broker1.nextReport("B2", ExecType.NEW, WAIT_MS);
        broker1.send(FixRequests.cancel("B3", "B2"));
        assertEquals("B2", broker1.nextReport("B3", ExecType.CANCELED, WAIT_MS).getString(OrigClOrdID.FIELD));

        final List<String> agentThreads = liveThreads(DEDICATED_AGENT_THREADS);
        final List<String> sharedThreads = liveThreads(List.of(SharedAgentThread.ROLE_NAME));
        if (AgentThreading.DEDICATED == threading)
        {
            assertEquals(DEDICATED_AGENT_THREADS, agentThreads, "one thread per agent");
            assertEquals(List.of(), sharedThreads);
        }
        else
        {
            assertEquals(List.of(), agentThreads, "no agent has a thread of its own");
            assertEquals(List.of(SharedAgentThread.ROLE_NAME), sharedThreads, "exactly one shared agent thread");
        }

        final List<Thread> agentThreadObjects = threadsNamed(AgentThreading.DEDICATED == threading ?
            DEDICATED_AGENT_THREADS : List.of(SharedAgentThread.ROLE_NAME));
        stack.stopGateway();
        stack.stopCore();
        for (final Thread thread : agentThreadObjects)
        {
            thread.join(WAIT_MS);
            assertFalse(thread.isAlive(), thread.getName() + " stops when the gateway and the core close");
        }
    }

    private static List<String> liveThreads(final List<String> names)
    {
        final List<String> live = new ArrayList<>();
        for (final Thread thread : threadsNamed(names))
        {
            live.add(thread.getName());
        }
        return live;
    }

    private static List<Thread> threadsNamed(final List<String> names)
    {
        final List<Thread> found = new ArrayList<>();
        final List<Thread> all = new ArrayList<>(Thread.getAllStackTraces().keySet());
        for (final String name : names)
        {
            for (final Thread thread : all)
            {
                if (thread.isAlive() && name.equals(thread.getName()))
                {
                    found.add(thread);
                }
            }
        }
        return found;
    }
}
