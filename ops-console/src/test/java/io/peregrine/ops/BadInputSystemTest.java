package io.peregrine.ops;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.field.ExecType;
import quickfix.field.TimeInForce;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to every endpoint gets a 4xx with a clear message, and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BadInputSystemTest
{
    @TempDir
    static Path dir;
    private OpsTestStack stack;
    private String token;

    @BeforeAll
    void start()
    {
        stack = new OpsTestStack(dir, true);
        token = stack.token();
    }

    @AfterAll
    void stop()
    {
        stack.close();
    }

    private void expect(final HttpResponse<String> response, final int status, final String message)
    {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"error\":"), response.body());
        assertTrue(response.body().contains(message), "expected '" + message + "' in " + response.body());
    }

    private HttpResponse<String> request(final String method, final String path, final String body,
        final String contentType)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.ops.url() + path))
            .method(method, null == body ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + token);
        if (null != contentType)
        {
            request.header("Content-Type", contentType);
        }
        return stack.send(request.build());
    }

    private HttpResponse<String> admin(final String path, final String body)
    {
        return stack.post(path, body, token);
    }

    @Test
    void wrongMethodsAreRefusedWithTheAllowedOne()
    {
        for (final String path : new String[]{"/metrics", "/health", "/api/snapshot", "/", "/dashboard.js"})
        {
            final HttpResponse<String> response = request("POST", path, "{}", "application/json");
            expect(response, 405, "use GET");
            assertEquals("GET", response.headers().firstValue("Allow").orElse(""), path);
        }
        expect(request("DELETE", "/health", null, null), 405, "method DELETE not allowed on /health");
        final HttpResponse<String> get = request("GET", "/admin/kill-switch", null, null);
        expect(get, 405, "admin commands are POST");
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void unknownPathsAre404()
    {
        expect(request("GET", "/nope", null, null), 404, "no such page /nope");
        expect(request("GET", "/metricsx", null, null), 404, "no such page");
        expect(request("GET", "/webjars/chart.js/other.js", null, null), 404, "no such page");
        expect(admin("/admin/nope", "{}"), 404, "unknown admin command /admin/nope");
    }

    @Test
    void malformedOrInvalidBodiesAre400()
    {
        expect(admin("/admin/kill-switch", "{\"scope\":"), 400, "malformed JSON at offset 9");
        expect(admin("/admin/kill-switch", "{\"scope\":\"global\"} trailing"), 400, "unexpected text after");
        expect(admin("/admin/kill-switch", "{\"scope\":\"global\",\"scope\":\"account\"}"), 400, "duplicate key");
        expect(admin("/admin/kill-switch", "[\"global\"]"), 400, "must be a JSON object");
        expect(admin("/admin/kill-switch", "{\"scope\":\"everything\"}"), 400, "scope must be global, account or symbol");
        expect(admin("/admin/kill-switch", "{\"scope\":\"global\",\"force\":true}"), 400, "unknown field 'force'");
        expect(admin("/admin/kill-switch", "{\"scope\":\"global\",\"account\":\"ACC1\"}"), 400,
            "does not go with scope global");
        expect(admin("/admin/kill-switch", "{\"scope\":\"global\",\"cancelWorking\":\"yes\"}"), 400,
            "must be true or false");
        expect(admin("/admin/kill-switch", "{\"scope\":\"account\"}"), 400, "missing field 'account'");
        expect(admin("/admin/kill-switch", "{\"scope\":\"account\",\"account\":\"ACCOUNT-TOO-LONG\"}"), 400,
            "must be 1-8 printable ASCII characters");
        expect(admin("/admin/venue/pause", "{\"venue\":\"one\"}"), 400, "venue must be a positive integer");
        expect(admin("/admin/venue/pause", "{\"venue\":-1}"), 400, "venue must be a positive integer");
        expect(admin("/admin/limits", "{\"account\":\"ACC1\",\"limits\":{}}"), 400, "limits must be a non-empty");
        expect(admin("/admin/limits", "{\"account\":\"ACC1\",\"limits\":{\"MAX_FUN\":1}}"), 400,
            "unknown limit type 'MAX_FUN'");
        expect(admin("/admin/limits", "{\"account\":\"ACC1\",\"limits\":{\"MAX_ORDER_QTY\":1.5}}"), 400,
            "must be an integer");
        expect(admin("/admin/limits", "{\"limits\":{\"MAX_ORDER_QTY\":1}}"), 400, "give an account, a symbol or both");
    }

    @Test
    void unknownAccountSymbolOrVenueIs404()
    {
        expect(admin("/admin/kill-switch", "{\"scope\":\"account\",\"account\":\"ACC9\"}"), 404,
            "core refused: UNKNOWN_ACCOUNT (account ACC9)");
        expect(admin("/admin/resume", "{\"scope\":\"account\",\"account\":\"ACC9\"}"), 404, "UNKNOWN_ACCOUNT");
        expect(admin("/admin/kill-switch", "{\"scope\":\"symbol\",\"symbol\":\"ZZZZ\"}"), 404,
            "core refused: UNKNOWN_INSTRUMENT (symbol ZZZZ)");
        expect(admin("/admin/venue/pause", "{\"venue\":7}"), 404, "unknown venue 7; configured: [1]");
        expect(admin("/admin/venue/logout", "{\"venue\":7}"), 404, "unknown venue 7");
        final HttpResponse<String> limits = admin("/admin/limits",
            "{\"account\":\"ACC9\",\"limits\":{\"MAX_ORDER_QTY\":5}}");
        assertTrue(limits.statusCode() == 404 || limits.statusCode() == 422, limits.body());
        assertTrue(limits.body().contains("core refused"), limits.body());
    }

    @Test
    void oversizedOrNonJsonBodiesAreRefused()
    {
        final String big = "{\"scope\":\"global\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        expect(admin("/admin/kill-switch", big), 413, "request body larger than 65536 bytes");
        expect(request("POST", "/admin/kill-switch", "{\"scope\":\"global\"}", "text/plain"), 415,
            "Content-Type must be application/json");
        expect(request("POST", "/admin/kill-switch", "{\"scope\":\"global\"}", null), 415,
            "Content-Type must be application/json");
    }

    @Test
    void nothingChangedAfterAllTheBadInput() throws Exception
    {
        malformedOrInvalidBodiesAre400();
        unknownAccountSymbolOrVenueIs404();
        oversizedOrNonJsonBodiesAreRefused();
        final PrometheusText metrics = PrometheusText.parse(stack.get("/metrics").body());
        assertEquals(0.0, metrics.value("peregrine_kill_switch_global"));
        assertEquals(0.0, metrics.value("peregrine_kill_switch_symbols"));
        assertEquals(0.0, metrics.value("peregrine_venues_paused"));
        assertEquals(0.0, metrics.value("peregrine_ops_admin_actions_total", "result", "applied"));
        assertTrue(metrics.value("peregrine_ops_bad_requests_total") > 20);
        assertEquals(200, stack.get("/health").statusCode());
        try (FixCounterparty broker = stack.broker())
        {
            broker.sendNow(FixRequests.newOrder("STILL", '1', "AAPL", "191.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
            broker.findReport("STILL", (r) -> FixCounterparty.execType(r, ExecType.TRADE), 20_000);
        }
    }
}
