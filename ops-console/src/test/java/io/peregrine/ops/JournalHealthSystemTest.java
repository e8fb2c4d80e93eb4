package io.peregrine.ops;

import io.peregrine.testsupport.Await;
import io.peregrine.core.Peregrine;
import io.peregrine.core.PeregrineContext;
import io.peregrine.ops.http.Json;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code journal} part of {@code /health} is the core journal's: UP with its position while it takes appends,
 * DOWN with the reason while it refuses them, although every data directory is writable.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalHealthSystemTest
{
    @TempDir
    Path dir;

    @Test
    void journalPartIsUpWithTheCoreJournalsPositionWhileItTakesAppends()
    {
        try (OpsTestStack stack = new OpsTestStack(dir, false))
        {
            Await.until("ready", () -> stack.get("/health").statusCode() == 200, 30_000);
            final String detail = (String)part(stack.get("/health").body(), "journal").get("detail");
            assertTrue(detail.startsWith("core journal " + dir.resolve("journal").toAbsolutePath() + " at position "),
                detail);
        }
    }

    /**
     * A full disk leaves a directory writable (the check a full disk used to pass) while every append there fails:
     * the free space is what tells. A minimum no disk has stands in for the full disk.
     */
    @Test
    void journalPartIsDownWhenADataDirectoryHasLessFreeSpaceThanTheMinimum() throws Exception
    {
        final Path opsDir = dir.resolve("ops");
        try (OpsConsole ops = OpsConsole.launch(
            new OpsContext(new Properties()).port(0).dataDir(opsDir).minFreeBytes(Long.MAX_VALUE), OpsTargets.none()))
        {
            final HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ops.url() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), health.body());
            final Map<String, Object> journal = part(health.body(), "journal");
            assertEquals("DOWN", journal.get("status"), health.body());
            final String reason = (String)journal.get("reason");
            assertTrue(reason.startsWith("directory " + opsDir.toAbsolutePath() + " has ") &&
                reason.endsWith(" bytes free, below peregrine.ops.min.free.bytes (" + Long.MAX_VALUE +
                "): free disk space"), reason);
        }
        try (OpsConsole ops = OpsConsole.launch(new OpsContext(new Properties()).port(0).dataDir(opsDir),
            OpsTargets.none()))
        {
            assertEquals(200, HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ops.url() + "/health")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "UP with the default minimum");
        }
    }

    @Test
    void journalPartIsDownWithTheReasonWhenTheCoreJournalRefusesAppends() throws Exception
    {
        // Minimums no disk has: the journal opens, then refuses every input (JOURNAL_UNAVAILABLE).
        final Peregrine core = coreWithAFullJournal();
        OpsConsole ops = null;
        try
        {
            ops = OpsConsole.launch(new OpsContext(new Properties()).port(0).dataDir(dir.resolve("ops")),
                OpsTargets.none().withCore(core));
            final String url = ops.url();
            final HttpClient http = HttpClient.newHttpClient();
            final HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());

            assertEquals(503, health.statusCode(), health.body());
            final Map<String, Object> journal = part(health.body(), "journal");
            assertEquals("DOWN", journal.get("status"));
            final String reason = (String)journal.get("reason");
            assertTrue(reason.contains("refuses input") && reason.contains("peregrine.journal.hard.min.free.bytes"),
                reason);
            assertEquals("UP", part(health.body(), "core").get("status"), "only the journal is down");
            final PrometheusText metrics = PrometheusText.parse(http.send(
                HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body());
            assertEquals(0.0, metrics.value("peregrine_core_journal_available"));
        }
        finally
        {
            CloseHelper.quietCloseAll(ops, core);
        }
    }

    @Test
    void anAdminCommandTheCoreJournalCannotTakeIsRefused503AtOnceAuditedAsRefusedAndCountedAsNoOrderReject()
        throws Exception
    {
        final Peregrine core = coreWithAFullJournal();
        OpsConsole ops = null;
        try
        {
            ops = OpsConsole.launch(new OpsContext(new Properties()).port(0).dataDir(dir.resolve("ops")),
                OpsTargets.none().withCore(core));
            final String token = java.nio.file.Files.readString(ops.tokenFile()).trim();
            final long start = System.nanoTime();
            final HttpResponse<String> kill = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ops.url() + "/admin/kill-switch"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"global\"}"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(503, kill.statusCode(), kill.body());
            assertTrue(kill.body().contains("JOURNAL_UNAVAILABLE") && kill.body().contains("nothing was applied"),
                kill.body());
            assertTrue(elapsedMs < 4_000, "answered by the core, not the 5 s timeout: " + elapsedMs + " ms");
            final String audit = java.nio.file.Files.readString(ops.auditFile());
            assertTrue(audit.contains("REFUSED: core refused: JOURNAL_UNAVAILABLE") && !audit.contains("TIMEOUT"),
                audit);
            assertEquals(0, core.counters().ordersRejected().get(), "an admin command is not an order");
            assertEquals(1, core.journalRefused());
        }
        finally
        {
            CloseHelper.quietCloseAll(ops, core);
        }
    }

    /** A core whose journal opens, then refuses every input: minimums (both) of free space no disk has. */
    private Peregrine coreWithAFullJournal()
    {
        return Peregrine.launch(new PeregrineContext()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .embeddedDriver(true)
            .deleteAeronDirOnStart(true)
            .deleteAeronDirOnShutdown(true)
            .journalDir(dir.resolve("journal"))
            .journalMinFreeBytes(Long.MAX_VALUE)
            .journalHardMinFreeBytes(Long.MAX_VALUE)
            .idleStrategyName("backoff"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(final String body, final String name)
    {
        final Map<String, Object> health = (Map<String, Object>)Json.parse(body);
        for (final Object part : (List<Object>)health.get("parts"))
        {
            if (name.equals(((Map<String, Object>)part).get("name")))
            {
                return (Map<String, Object>)part;
            }
        }
        throw new AssertionError("no part " + name + " in " + body);
    }
}
