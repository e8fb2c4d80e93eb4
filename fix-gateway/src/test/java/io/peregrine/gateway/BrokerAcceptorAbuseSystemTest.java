package io.peregrine.gateway;

import io.peregrine.fixedge.ConnectionGuard;
import io.peregrine.fixedge.ConnectionLimits;
import io.peregrine.fixedge.RollingLogLimits;
import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.RawFixConnections;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.ExecType;
import quickfix.field.MsgType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.peregrine.testsupport.FixRequests.newOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker acceptor under connections that never log on (oversize BodyLength, slow-loris, 500 idle sockets) and
 * under a long hostile session whose traffic must not grow the FIX logs past their cap. Loopback, bounded.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BrokerAcceptorAbuseSystemTest
{
    private static final long WAIT_MS = 20_000;
    private static final long LOGON_TIMEOUT_MS = 2_500;
    private static final int MAX_PENDING = 8;
    private static final String SLOW_LOGON = "8=FIX.4.4\u00019=70\u000135=A\u000134=1\u000149=BROKER1" +
        "\u000152=20261206-00:00:00\u000156=PEREGRINE\u000198=0\u0001108=30\u0001";

    @AutoClose
    private final GatewayStack stack = GatewayStack.withCore("abuse", WAIT_MS, "backoff", UnaryOperator.identity());

    /**
     * Starts the matching-sim and the gateway (sleeping idle) on this context; returns once the venue session is up.
     */
    private FixGateway startGateway(final GatewayContext context)
    {
        stack.startSimVenue();
        final FixGateway gateway = stack.startGateway(context.idleStrategyName("sleeping"));
        stack.awaitVenueLoggedOn();
        return gateway;
    }

    @Test
    void connectionsThatNeverLogOnAreCutOffWhileLoggedOnSessionsKeepTrading() throws Exception
    {
        final GatewayContext context = stack.gatewayContext();
        final FixGateway gateway = startGateway(context.limits(context.limits().withBrokerConnections(
            new ConnectionLimits(65_536, LOGON_TIMEOUT_MS, MAX_PENDING, 1_000))));
        final FixCounterparty broker1 = stack.broker("BROKER1");
        final RawFixConnections connections = stack.own(new RawFixConnections(stack.brokerPort));
        final ConnectionGuard guard = gateway.brokerConnectionGuard();
        final long heapBefore = usedHeapAfterGc();

        // 1. BodyLength 2,000,000,000 then a stream of bytes: cut at the header.
        final long written = RawFixConnections.writeOversizeBody(connections.open());
        assertTrue(written < 16L * 1024 * 1024, "bytes accepted before the cut: " + written);
        Await.until("oversize counted", () -> 1 == guard.counters().oversize().get(), WAIT_MS);
        // Its pending slot is freed when MINA reports the session closed, after the count: the burst below must find
        // every slot free, or fewer than MAX_PENDING of its connections time out.
        Await.until("the oversize connection's pending slot freed", () -> 0 == guard.pendingConnections(), WAIT_MS);

        // 2. A slow-loris trickling a Logon, 3. 500 idle sockets. All from 127.0.0.1.
        final Socket slow = connections.open();
        final long slowStart = System.nanoTime();
        final Thread trickle = new Thread(() -> RawFixConnections.trickle(slow, SLOW_LOGON, 100), "slow-loris");
        trickle.setDaemon(true);
        trickle.start();
        final int idle = 500;
        for (int i = 0; i < idle; i++)
        {
            connections.open();
        }
        // Logged-on sessions keep trading meanwhile.
        broker1.send(newOrder("A1", '1', "AAPL", "189.00", 10));
        broker1.nextReport("A1", ExecType.NEW, WAIT_MS);

        // Each one is either refused at once (8 already pending from this address) or closed at the logon timeout
        // (how many of each depends on how fast the 500 connect: pending slots free up at each timeout).
        Await.until("every idle connection and the slow-loris closed",
            () -> guard.counters().refusedPending().get() + guard.counters().logonTimeouts().get() == idle + 1,
            WAIT_MS);
        final long allClosedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - slowStart);
        assertTrue(guard.counters().logonTimeouts().get() >= MAX_PENDING);
        // A pending slot frees only at a logon timeout: however slowly the 500 connect, at most MAX_PENDING of them
        // time out per LOGON_TIMEOUT_MS; every other one must have been refused at once.
        final long mostTimeouts = MAX_PENDING * (allClosedMs / LOGON_TIMEOUT_MS + 1);
        assertTrue(guard.counters().logonTimeouts().get() <= mostTimeouts, "timed out: " +
            guard.counters().logonTimeouts().get() + " in " + allClosedMs + " ms, at most " + mostTimeouts +
            "; refused at once: " + guard.counters().refusedPending().get());
        for (final Socket socket : connections.sockets())
        {
            RawFixConnections.assertClosedByPeer(socket, 10_000);
        }
        trickle.join(WAIT_MS);
        final long slowMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - slowStart);
        assertTrue(slowMs >= LOGON_TIMEOUT_MS, "slow-loris closed after " + slowMs + " ms");
        assertEquals(0, guard.pendingConnections());
        assertEquals(0, guard.counters().pending().get());

        assertTrue(broker1.isLoggedOn());
        broker1.send(newOrder("A2", '1', "AAPL", "189.00", 10));
        broker1.nextReport("A2", ExecType.NEW, WAIT_MS);
        final long heapAfter = usedHeapAfterGc();
        System.out.printf("pre-logon abuse: %d bytes accepted from the oversize connection before the cut; " +
            "slow-loris closed after %d ms; %d idle sockets: %d refused at once, %d closed at the %d ms logon " +
            "timeout; heap used after GC %d MB before, %d MB after%n", written, slowMs, idle,
            guard.counters().refusedPending().get(), guard.counters().logonTimeouts().get(), LOGON_TIMEOUT_MS,
            heapBefore >> 20, heapAfter >> 20);
    }

    @Test
    void aLongHostileSessionKeepsTheFixLogsUnderTheirCapAndLogsAnInvalidMessageOnce() throws Exception
    {
        final RollingLogLimits logLimits = new RollingLogLimits(32 * 1024, 3);
        final GatewayContext context = stack.gatewayContext();
        final FixGateway gateway =
            startGateway(context.fixMessageLog(true).limits(context.limits().withFixLog(logLimits)));
        final FixCounterparty hostile = stack.broker("BROKER1");

        final int rounds = 1_500;
        for (int i = 0; i < rounds; i++)
        {
            final Message noSide = newOrder("H" + i, '1', "AAPL", "189.00", 1);
            noSide.removeField(quickfix.field.Side.FIELD);      // session-level Reject
            hostile.send(noSide);
            hostile.send(newOrder("Z" + i, '1', "AAPL", "189.00", 0)); // gateway reject (zero quantity)
        }
        awaitAdminRejects(hostile, rounds);
        // Once the flood is answered (logs rolled many times over), one more invalid message: written once.
        final Message marker = newOrder("ONCE-MARKER-77", '1', "AAPL", "189.00", 1);
        marker.removeField(quickfix.field.Side.FIELD);
        hostile.send(marker);
        awaitAdminRejects(hostile, 1);
        // Each session-level reject is an error event of the session: counted, not only written to logs that roll over.
        final long sessionErrors = gateway.counters().brokerSessionErrors().get();
        assertTrue(sessionErrors >= rounds + 1, "broker session error events counted: " + sessionErrors);

        final Path brokerLogs = stack.dataDir.resolve("gateway").resolve("broker").resolve("log");
        final long cap = logLimits.maxTotalBytes(2, gateway.context().brokerSessions().size());
        final long logBytes = size(brokerLogs);
        assertTrue(logBytes <= cap, "broker FIX logs " + logBytes + " bytes, cap " + cap);
        try (Stream<Path> files = Files.list(brokerLogs))
        {
            assertTrue(files.count() <= 2L * logLimits.maxFiles() * gateway.context().brokerSessions().size());
        }
        long occurrences = 0;
        try (Stream<Path> files = Files.list(brokerLogs))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                occurrences += text.split("ONCE-MARKER-77", -1).length - 1;
            }
        }
        if (1 != occurrences)
        {
            try (Stream<Path> files = Files.list(brokerLogs))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    final String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                    System.out.println("== " + file + " " + text.length() + "\n" +
                        text.substring(Math.max(0, text.length() - 1500)).replace('\u0001', '|'));
                }
            }
        }
        assertEquals(1, occurrences, "the invalid message is written once");
        System.out.printf("hostile run: %d messages in, FIX logs %d bytes (cap %d), gateway data dir %d bytes " +
            "(FIX stores %d bytes: they keep every message sent, see README retention)%n", 2 * rounds + 1, logBytes,
            cap, size(stack.dataDir.resolve("gateway")),
            size(stack.dataDir.resolve("gateway").resolve("broker").resolve("store")));
    }

    private static void awaitAdminRejects(final FixCounterparty broker, final int count) throws Exception
    {
        for (int i = 0; i < count; i++)
        {
            broker.nextAdmin(MsgType.REJECT, WAIT_MS);
        }
    }

    private static long size(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            long total = 0;
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (Files.isRegularFile(file))
                {
                    total += Files.size(file);
                }
            }
            return total;
        }
    }

    private static long usedHeapAfterGc()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
