package io.peregrine.ops;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import quickfix.field.ExecType;
import quickfix.field.TimeInForce;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

    /** Admin requests with a body that is not JSON or not a valid command: path | body | what the 400 says. */
    private static final String BAD_BODIES = """
        /admin/kill-switch | {"scope": | malformed JSON at offset 9
        /admin/kill-switch | {"scope":"global"} trailing | unexpected text after
        /admin/kill-switch | {"scope":"global","scope":"account"} | duplicate key
        /admin/kill-switch | ["global"] | must be a JSON object
        /admin/kill-switch | {"scope":"everything"} | scope must be global, account or symbol
        /admin/kill-switch | {"scope":"global","force":true} | unknown field 'force'
        /admin/kill-switch | {"scope":"global","account":"ACC1"} | does not go with scope global
        /admin/kill-switch | {"scope":"global","cancelWorking":"yes"} | must be true or false
        /admin/kill-switch | {"scope":"account"} | missing field 'account'
        /admin/kill-switch | {"scope":"account","account":"ACCOUNT-TOO-LONG"} | must be 1-8 printable ASCII characters
        /admin/venue/pause | {"venue":"one"} | venue must be a positive integer
        /admin/venue/pause | {"venue":-1} | venue must be a positive integer
        /admin/venue/pause | {"venue":"1"} | got the string
        /admin/limits | {"account":"ACC1","limits":{}} | limits must be a non-empty
        /admin/limits | {"account":"ACC1","limits":{"MAX_FUN":1}} | unknown limit type 'MAX_FUN'
        /admin/limits | {"account":"ACC1","limits":{"MAX_ORDER_QTY":1.5}} | must be an integer
        /admin/limits | {"limits":{"MAX_ORDER_QTY":1}} | give an account, a symbol or both
        """;

    static Stream<Arguments> badBodies()
    {
        return BAD_BODIES.lines().map((row) -> Arguments.of((Object[])row.split(" \\| ")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badBodies")
    void malformedOrInvalidBodiesAre400(final String path, final String body, final String message)
    {
        expect(admin(path, body), 400, message);
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
        badBodies().forEach((row) -> malformedOrInvalidBodiesAre400(
            (String)row.get()[0], (String)row.get()[1], (String)row.get()[2]));
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
