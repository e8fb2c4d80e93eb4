package io.peregrine.ops.admin;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run.sh admin}'s argument handling against a loopback HTTP server that records what it is sent.
 */
class AdminMainTest
{
    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange ->
        {
            bodies.add(exchange.getRequestURI().getPath() + " " +
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            final byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        Files.writeString(dir.resolve("admin.token"), "secret\n");
    }

    @AfterEach
    void stopServer()
    {
        server.stop(0);
    }

    private int admin(final String... command)
    {
        final String[] args = new String[command.length + 4];
        args[0] = "--url";
        args[1] = "http://127.0.0.1:" + server.getAddress().getPort();
        args[2] = "--token-file";
        args[3] = dir.resolve("admin.token").toString();
        System.arraycopy(command, 0, args, 4, command.length);
        return AdminMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void limitsTakeAPriceOrNotionalAsTheDecimalTheRiskFileShowsConvertedExactly()
    {
        assertEquals(0, admin("limits", "--account", "ACC1", "DAILY_NOTIONAL=1000.00", "MAX_ORDER_NOTIONAL=0.000001",
            "MAX_ORDER_QTY=5000"));
        assertEquals(0, admin("limits", "--symbol", "AAPL", "REFERENCE_PRICE=190.5", "DAILY_NOTIONAL=7"));
        assertEquals(List.of(
            "/admin/limits {\"account\":\"ACC1\",\"limits\":{\"DAILY_NOTIONAL\":1000000000,\"MAX_ORDER_NOTIONAL\":1," +
                "\"MAX_ORDER_QTY\":5000}}",
            "/admin/limits {\"symbol\":\"AAPL\",\"limits\":{\"REFERENCE_PRICE\":190500000,\"DAILY_NOTIONAL\":7}}"),
            bodies);

        assertEquals(2, admin("limits", "--account", "ACC1", "DAILY_NOTIONAL=1000.0000001"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("DAILY_NOTIONAL=1000.0000001: at most 6 decimals"),
            err::toString);
        assertEquals(2, admin("limits", "--account", "ACC1", "DAILY_NOTIONAL=1e3"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("DAILY_NOTIONAL needs a decimal such as 1000.00, or " +
            "its fixed point with 6 decimals (1000000000 for 1000.00), got '1e3'"), err::toString);
        assertEquals(2, admin("limits", "--account", "ACC1", "MAX_ORDER_QTY=10.5"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("MAX_ORDER_QTY needs a whole number or true/false"),
            err::toString);
        assertEquals(2, bodies.size(), "nothing sent for a refused value");
    }

    @Test
    void refusesKillSwitchScopedToAnAccountAndASymbolWithoutCallingTheConsole()
    {
        assertEquals(2, admin("kill-switch", "--account", "ACC1", "--symbol", "AAPL"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--account and --symbol are exclusive"), err::toString);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"), err::toString);
        assertEquals(List.of(), bodies);
    }

    @Test
    void refusesResumeScopedToASymbolAndAnAccountWithoutCallingTheConsole()
    {
        assertEquals(2, admin("resume", "--symbol", "AAPL", "--account", "ACC1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--account and --symbol are exclusive"), err::toString);
        assertEquals(List.of(), bodies);
    }

    @Test
    void refusesTwoAccountsForOneKillSwitch()
    {
        assertEquals(2, admin("kill-switch", "--account", "ACC1", "--account", "ACC2"));
        assertEquals(List.of(), bodies);
    }

    @Test
    void sendsEachSingleScopeAsItsOwnScope()
    {
        assertEquals(0, admin("kill-switch", "--account", "ACC1", "--keep-orders"));
        assertEquals(0, admin("resume", "--symbol", "AAPL"));
        assertEquals(0, admin("kill-switch"));
        assertEquals(List.of(
            "/admin/kill-switch {\"scope\":\"account\",\"account\":\"ACC1\",\"cancelWorking\":false}",
            "/admin/resume {\"scope\":\"symbol\",\"symbol\":\"AAPL\"}",
            "/admin/kill-switch {\"scope\":\"global\"}"), bodies);
    }
}
