package io.peregrine.ops.admin;

import com.sun.net.httpserver.HttpServer;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.peregrine.ops.OpsStats;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TestAeronClients;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A core command's audit line is on disk before the command reaches the core: a console killed while it waits for the
 * core's answer leaves a REQUESTED line with the command id to look up, never a command in force with no audit line.
 * The "core" here takes the command off stream 1001, reads the audit log at that instant and never answers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminApiRequestedAuditTest
{
    private static final String TOKEN = "requested-audit-test-token-0001";

    @TempDir
    Path dir;

    @Test
    void writesTheRequestedLineBeforeTheCommandIsSentThenTheOutcome() throws Exception
    {
        final Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        final MediaDriverFixture driver = MediaDriverFixture.launch();
        final Aeron aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName()));
        final AuditLog audit = new AuditLog(dir.resolve("ops"));
        final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // the core's two streams: its ingress, and an egress that connects the console's client but never answers
        final Subscription ingress = aeron.addSubscription("aeron:ipc", 1001);
        final Publication egress = aeron.addPublication("aeron:ipc", 1002);
        try
        {
            server.createContext("/admin/", new AdminApi(AdminToken.load(tokenFile, dir.resolve("ops")), audit,
                new OpsStats(), new CoreCommands(aeron, 2_000), null));
            server.start();
            final CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() +
                "/admin/kill-switch"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .header("X-Peregrine-Operator", "alice")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"account\",\"account\":\"ACC1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

            final AtomicReference<String> auditWhenTheCoreGotIt = new AtomicReference<>();
            while (null == auditWhenTheCoreGotIt.get())
            {
                if (0 == ingress.poll((buffer, offset, length, header) ->
                    auditWhenTheCoreGotIt.set(read(audit.file())), 1))
                {
                    Thread.sleep(1);
                }
            }
            final Matcher requested = Pattern.compile("\"result\":\"REQUESTED \\(commandId (\\d+)\\)\"")
                .matcher(auditWhenTheCoreGotIt.get());
            assertTrue(requested.find(), "no REQUESTED line before the command was sent: " +
                auditWhenTheCoreGotIt.get());
            assertTrue(auditWhenTheCoreGotIt.get().contains("\"who\":\"alice@127.0.0.1\"") &&
                auditWhenTheCoreGotIt.get().contains("\"status\":null"), auditWhenTheCoreGotIt.get());

            // the core never answers: the outcome line follows, and the answer says where to look
            final HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
            assertEquals(504, response.statusCode(), response.body());
            assertTrue(response.body().contains("/api/risk"), response.body());
            final List<String> lines = Files.readAllLines(audit.file());
            assertEquals(2, lines.size(), lines::toString);
            assertTrue(lines.get(0).contains("REQUESTED (commandId " + requested.group(1) + ")"), lines.get(0));
            assertTrue(lines.get(1).contains("\"result\":\"TIMEOUT: no AdminResponse from the core\"") &&
                lines.get(1).contains("\"status\":504"), lines.get(1));
        }
        finally
        {
            server.stop(0);
            CloseHelper.quietCloseAll(ingress, egress, audit, aeron, driver);
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
