package io.peregrine.ops.admin;

import com.sun.net.httpserver.HttpServer;
import io.aeron.Aeron;
import io.peregrine.ops.OpsStats;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.TestAeronClients;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An audit log that cannot be written (a full or read-only disk) does not turn an admin command's answer into a
 * dropped connection: the operator still learns what was done, and that its audit line is missing (as an applied
 * command's answer says it): refused (no core in this process), or not answered by the core.
 */
@Timeout(60)
class AdminApiAuditFailureTest
{
    private static final String TOKEN = "audit-failure-test-token-0001";

    @TempDir
    Path dir;

    @Test
    void anAnswerStillGoesOutWhenItsAuditLineCannotBeWrittenAndARefusalSaysTheLineIsMissing() throws Exception
    {
        final HttpResponse<String> answer = killSwitchWithAnUnwritableAuditLog(null);

        assertEquals(503, answer.statusCode());
        assertTrue(answer.body().contains("no core runs in this process"), answer.body());
        assertTrue(answer.body().contains("\"audit\":\"NOT WRITTEN: "), answer.body());
    }

    @Test
    void aCoreThatDoesNotAnswerGets504SayingTheAuditLineIsMissing() throws Exception
    {
        try (MediaDriverFixture driver = MediaDriverFixture.launch();
            Aeron aeron = Aeron.connect(TestAeronClients.context(driver.aeronDirectoryName())))
        {
            // No core on the streams: the command times out.
            final HttpResponse<String> answer = killSwitchWithAnUnwritableAuditLog(new CoreCommands(aeron, 300));

            assertEquals(504, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"audit\":\"NOT WRITTEN: "), answer.body());
        }
    }

    /** POSTs a global kill switch to an admin API whose audit log fails every write, as on a full disk. */
    private HttpResponse<String> killSwitchWithAnUnwritableAuditLog(final CoreCommands core) throws Exception
    {
        final Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        final AuditLog audit = new AuditLog(dir.resolve("ops"));
        audit.close(); // every write fails from now on, as on a full disk
        final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/", new AdminApi(AdminToken.load(token, dir.resolve("ops")), audit,
            new OpsStats(), core, null));
        server.start();
        try
        {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/admin/kill-switch"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"global\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        }
        finally
        {
            server.stop(0);
        }
    }
}
