package io.peregrine.fixedge;

import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.RawFixConnections;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Session;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real QuickFIX/J acceptor behind a {@link ConnectionGuard}, abused over loopback by raw sockets while a real
 * QuickFIX/J initiator stays logged on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionGuardSystemTest
{
    private static final int MAX_MESSAGE_BYTES = 4096;
    // Above the 1 s timer tick on which a QuickFIX/J initiator sends its Logon after connecting.
    private static final long LOGON_TIMEOUT_MS = 2_500;
    private static final int MAX_PENDING = 4;

    @TempDir
    Path dir;

    // QuickFIX/J keeps sessions in a static registry: each test uses its own client CompID.
    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS =
        new java.util.concurrent.atomic.AtomicInteger();

    private final String clientCompId = "CLIENT" + CLIENTS.incrementAndGet();
    @AutoClose
    private final FreePorts.Reservation reservedPort = FreePorts.reserve();
    private int port;
    private ConnectionGuard guard;
    private FixCounterparty acceptor;
    private FixCounterparty initiator;
    private RawFixConnections connections;

    @BeforeEach
    void startAcceptor() throws Exception
    {
        port = reservedPort.port();
        connections = new RawFixConnections(port);
        guard = new ConnectionGuard("test acceptor", new ConnectionLimits(MAX_MESSAGE_BYTES, LOGON_TIMEOUT_MS,
            MAX_PENDING), ConnectionCounters.inMemory("test acceptor"));
        acceptor = FixCounterparty.venue(port, "VENUE", clientCompId, dir.resolve("acceptor-store"))
            .ioFilterChainBuilder(guard.chainBuilder())
            .start();
    }

    @AfterEach
    void stop()
    {
        connections.close();
        CloseHelper.quietCloseAll(initiator, acceptor);
        guard.close();
    }

    @Test
    void cutsOffAnOversizeBodyLengthAtTheHeaderAndKeepsTheLoggedOnSession() throws Exception
    {
        final Session client = logOnClient();
        final long written = RawFixConnections.writeOversizeBody(connections.open());
        // Only what the kernel's socket buffers absorbed before the close got through.
        assertTrue(written < 16L * 1024 * 1024, "bytes written before the cut: " + written);
        await(() -> 1 == guard.counters().oversize().get(), "oversize counted");
        assertTrue(client.isLoggedOn(), "the logged-on session is unaffected");
    }

    @Test
    void closesASlowLorisThatDoesNotLogOnInTime() throws Exception
    {
        final Socket socket = connections.open();
        final String logon = "8=FIX.4.4\u00019=70\u000135=A\u000134=1\u000149=" + clientCompId +
            "\u000152=20261206-00:00:00\u000156=VENUE\u000198=0\u0001108=30\u0001";
        final long start = System.nanoTime();
        RawFixConnections.trickle(socket, logon, 100);
        assertClosedByPeer(socket);
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= LOGON_TIMEOUT_MS, "closed after " + elapsedMs + " ms");
        assertEquals(1, guard.counters().logonTimeouts().get());
    }

    @Test
    void capsIdleConnectionsPerAddressAndClosesTheRestAtTheLogonTimeout() throws Exception
    {
        final Session client = logOnClient();
        final int idle = 40;
        for (int i = 0; i < idle; i++)
        {
            connections.open();
        }
        await(() -> guard.counters().accepted().get() >= idle + 1, "all accepted");
        await(() -> guard.counters().refusedPending().get() == idle - MAX_PENDING, "all but the cap refused");
        await(() -> guard.counters().logonTimeouts().get() == MAX_PENDING, "the cap closed at the logon timeout");
        for (final Socket socket : connections.sockets())
        {
            assertClosedByPeer(socket);
        }
        assertEquals(0, guard.pendingConnections());
        assertEquals(0, guard.counters().pending().get());
        assertTrue(client.isLoggedOn(), "the logged-on session is unaffected");
    }

    @Test
    void closesAConnectionThatSendsSomethingOtherThanFix() throws Exception
    {
        final Socket socket = connections.open();
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertClosedByPeer(socket);
        assertEquals(1, guard.counters().malformed().get());
    }

    private Session logOnClient() throws Exception
    {
        initiator = FixCounterparty.broker(port, clientCompId, "VENUE").start();
        await(initiator::isLoggedOn, "client logged on");
        await(() -> 0 == guard.pendingConnections(), "the logged-on connection is no longer pending");
        return initiator.session();
    }

    private static void assertClosedByPeer(final Socket socket) throws IOException
    {
        RawFixConnections.assertClosedByPeer(socket, 10_000);
    }

    static void await(final BooleanSupplier condition, final String what)
    {
        Await.until(what, condition, 20_000);
    }
}
