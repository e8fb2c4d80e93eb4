package io.peregrine.ops.admin;

import com.sun.net.httpserver.HttpServer;
import io.peregrine.ops.OpsStats;
import org.junit.jupiter.api.Test;
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
 * dropped connection: the operator still learns what was done (here: refused, no core in this process).
 */
class AdminApiAuditFailureTest
{
    @TempDir
    Path dir;

    @Test
    void anAnswerStillGoesOutWhenItsAuditLineCannotBeWritten() throws Exception
    {
        final Path token = dir.resolve("token");
        Files.writeString(token, "audit-failure-test-token-0001\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        final AuditLog audit = new AuditLog(dir.resolve("ops"));
        audit.close(); // every write fails from now on, as on a full disk
        final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/", new AdminApi(AdminToken.load(token, dir.resolve("ops")), audit,
            new OpsStats(), null, null));
        server.start();
        try
        {
            final HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/admin/kill-switch"))
                .header("Authorization", "Bearer audit-failure-test-token-0001")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"global\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(503, answer.statusCode());
            assertTrue(answer.body().contains("no core runs in this process"), answer.body());
        }
        finally
        {
            server.stop(0);
        }
    }
}
