package io.peregrine.gateway;

import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.core.threading.AgentThreading;
import io.peregrine.core.threading.SharedAgentThread;
import io.peregrine.gateway.venue.VenueClientConfig;
import io.peregrine.protocol.Prices;
import io.peregrine.sim.SimVenue;
import io.peregrine.sim.SimVenueContext;
import io.peregrine.sim.VenueInstrument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.HandlInst;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrigClOrdID;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelRequest;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private Path dataDir;
    private Peregrine core;
    private SimVenue venue;
    private FixGateway gateway;
    private FixCounterparty broker1;
    private FixCounterparty broker2;

    private void start(final AgentThreading threading) throws Exception
    {
        dataDir = TempDirs.create("threading-" + threading.configName() + "-");
        final String aeronDir = Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("aeron-threading-" + UUID.randomUUID()).toAbsolutePath().toString();
        core = Peregrine.launch(new PeregrineContext()
            .aeronDirectoryName(aeronDir)
            .idleStrategyName("backoff")
            .threading(threading)
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true));
        final int venuePort = FreePorts.freePort();
        venue = SimVenue.start(new SimVenueContext()
            .port(venuePort)
            .storeDir(dataDir.resolve("venue-store"))
            .idleStrategyName("backoff")
            .marketMakerEnabled(false)
            .clearInstruments()
            .instrument(new VenueInstrument("AAPL", Prices.parse("190.00"), Prices.parse("0.01"), 1)));
        final int brokerPort = FreePorts.freePort();
        gateway = FixGateway.launch(new GatewayContext()
            .aeronDirectoryName(aeronDir)
            .dataDir(dataDir.resolve("gateway"))
            .brokerPort(brokerPort)
            .venues(List.of(new VenueClientConfig(1, "127.0.0.1", venuePort, "PEREGRINE", "SIMVENUE", false)))
            .fixMessageLog(false)
            .idleStrategyName("backoff")
            .threading(threading));
        broker1 = FixCounterparty.broker(brokerPort, "BROKER1", "PEREGRINE").start();
        broker2 = FixCounterparty.broker(brokerPort, "BROKER2", "PEREGRINE").start();
        assertTrue(broker1.awaitLogon(WAIT_MS));
        assertTrue(broker2.awaitLogon(WAIT_MS));
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while ((!venue.isLoggedOn("PEREGRINE") || 0 == core.counters().venueMessages().get()) &&
            System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
        assertTrue(core.counters().venueMessages().get() > 0, "the core hears the venue session is up");
    }

    @AfterEach
    void tearDown()
    {
        for (final AutoCloseable closeable : new AutoCloseable[]{broker1, broker2, gateway, venue, core})
        {
            try
            {
                if (null != closeable)
                {
                    closeable.close();
                }
            }
            catch (final Exception ex)
            {
                ex.printStackTrace();
            }
        }
        if (null != dataDir)
        {
            TempDirs.delete(dataDir);
        }
    }

    @ParameterizedTest
    @EnumSource(AgentThreading.class)
    void ordersTradeEndToEndAndTheAgentThreadsMatchTheMode(final AgentThreading threading) throws Exception
    {
        start(threading);

        broker1.send(newOrder("B1", '1', "190.00", 100));
        assertEquals(OrdStatus.NEW, awaitReport(broker1, "B1", ExecType.NEW).getChar(OrdStatus.FIELD));
        broker2.send(newOrder("S1", '2', "190.00", 100));
        assertEquals(OrdStatus.FILLED, awaitReport(broker2, "S1", ExecType.TRADE).getChar(OrdStatus.FIELD));
        assertEquals(100, awaitReport(broker1, "B1", ExecType.TRADE).getInt(CumQty.FIELD));
        broker1.send(newOrder("B2", '1', "189.00", 10));
        awaitReport(broker1, "B2", ExecType.NEW);
        broker1.send(cancel("B3", "B2"));
        assertEquals("B2", awaitReport(broker1, "B3", ExecType.CANCELED).getString(OrigClOrdID.FIELD));

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
        gateway.close();
        core.close();
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

    private static Message awaitReport(final FixCounterparty broker, final String clOrdId, final char execType)
        throws InterruptedException, FieldNotFound
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline)
        {
            final Message message = broker.appMessages.poll(100, TimeUnit.MILLISECONDS);
            if (null != message && MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD)) &&
                clOrdId.equals(message.getString(ClOrdID.FIELD)) && message.getChar(ExecType.FIELD) == execType)
            {
                return message;
            }
        }
        throw new AssertionError("no ExecType " + execType + " for " + clOrdId);
    }

    private static NewOrderSingle newOrder(final String clOrdId, final char side, final String price, final long qty)
    {
        final NewOrderSingle order = new NewOrderSingle(new ClOrdID(clOrdId), new quickfix.field.Side(side),
            new TransactTime(LocalDateTime.now()), new quickfix.field.OrdType(quickfix.field.OrdType.LIMIT));
        order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_NO_INTERVENTION));
        order.set(new quickfix.field.Symbol("AAPL"));
        order.set(new quickfix.field.OrderQty(qty));
        order.setDecimal(quickfix.field.Price.FIELD, new BigDecimal(price));
        return order;
    }

    private static OrderCancelRequest cancel(final String clOrdId, final String origClOrdId)
    {
        final OrderCancelRequest cancel = new OrderCancelRequest(new OrigClOrdID(origClOrdId), new ClOrdID(clOrdId),
            new quickfix.field.Side('1'), new TransactTime(LocalDateTime.now()));
        cancel.set(new quickfix.field.Symbol("AAPL"));
        return cancel;
    }
}
