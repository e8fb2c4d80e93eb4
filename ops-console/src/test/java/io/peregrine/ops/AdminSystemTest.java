package io.peregrine.ops;

import io.peregrine.testsupport.Await;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;
import quickfix.field.ExecType;
import quickfix.field.Text;
import quickfix.field.TimeInForce;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AdminSystemTest
{
    @TempDir
    Path dir;
    private OpsTestStack stack;
    private FixCounterparty broker;

    @BeforeEach
    void start() throws Exception
    {
        stack = new OpsTestStack(dir, true);
        broker = stack.broker();
    }

    @AfterEach
    void stop()
    {
        broker.close();
        stack.close();
    }

    private static boolean is(final Message report, final char execType)
    {
        return FixCounterparty.execType(report, execType);
    }

    private static String text(final Message report) throws Exception
    {
        return report.isSetField(Text.FIELD) ? report.getString(Text.FIELD) : "";
    }

    @Test
    void refusesMissingOrWrongTokensCountsAndAuditsThem() throws Exception
    {
        final HttpResponse<String> none = stack.post("/admin/kill-switch", "{\"scope\":\"global\"}", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.body().contains("no Authorization header"), none.body());
        assertEquals("Bearer realm=\"peregrine-ops\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        final HttpResponse<String> wrong = stack.post("/admin/kill-switch", "{\"scope\":\"global\"}",
            "0123456789abcdef0123456789abcdef");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("wrong token"), wrong.body());
        assertEquals(2, stack.ops.stats().unauthorized());
        assertEquals(2.0, PrometheusText.parse(stack.get("/metrics").body())
            .value("peregrine_ops_admin_unauthorized_total"));
        assertEquals(0.0, PrometheusText.parse(stack.get("/metrics").body()).value("peregrine_kill_switch_global"));
        final List<String> audit = Files.readAllLines(stack.ops.auditFile());
        assertEquals(2, audit.size(), audit.toString());
        assertTrue(audit.get(0).contains("\"result\":\"UNAUTHORIZED: no Authorization header\""), audit.get(0));
        assertTrue(audit.get(1).contains("\"action\":\"POST /admin/kill-switch\"") &&
            audit.get(1).contains("\"status\":401"), audit.get(1));

        // and the order flow is untouched
        broker.sendNow(FixRequests.newOrder("OK1", '1', "AAPL", "191.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        broker.findReport("OK1", (r) -> is(r, ExecType.TRADE), 20_000);
    }

    @Test
    void globalKillSwitchRejectsTheNextOrderCancelsWorkingOnesAndResumeRestoresTrading() throws Exception
    {
        final String token = stack.token();
        // a passive order far from the market rests at the venue
        broker.sendNow(FixRequests.newOrder("REST1", '1', "AAPL", "180.00", 10, TimeInForce.DAY, "ACC1"));
        broker.findReport("REST1", (r) -> is(r, ExecType.NEW), 20_000);

        final HttpResponse<String> kill = stack.post("/admin/kill-switch",
            "{\"scope\":\"global\",\"cancelWorking\":true}", token);
        assertEquals(200, kill.statusCode(), kill.body());
        assertTrue(kill.body().contains("1 working orders covered: cancels sent, pending or owed; they are done " +
            "when the venue answers"), kill.body());
        broker.findReport("REST1", (r) -> is(r, ExecType.CANCELED), 20_000);

        broker.sendNow(FixRequests.newOrder("AFTER1", '1', "AAPL", "191.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        final Message rejected = broker.findReport("AFTER1", (r) -> is(r, ExecType.REJECTED), 20_000);
        assertTrue(text(rejected).startsWith("Kill switch global"), text(rejected));
        final PrometheusText metrics = PrometheusText.parse(stack.get("/metrics").body());
        assertEquals(1.0, metrics.value("peregrine_kill_switch_global"));
        assertEquals(1.0, metrics.value("peregrine_rejects_total", "reason", "KILL_SWITCH_GLOBAL"));

        assertEquals(200, stack.post("/admin/resume", "{\"scope\":\"global\"}", token).statusCode());
        broker.sendNow(FixRequests.newOrder("AFTER2", '1', "AAPL", "191.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        broker.findReport("AFTER2", (r) -> is(r, ExecType.TRADE), 20_000);
        assertEquals(0.0, PrometheusText.parse(stack.get("/metrics").body()).value("peregrine_kill_switch_global"));

        final String audit = Files.readString(stack.ops.auditFile());
        assertTrue(audit.contains("\"action\":\"POST /admin/kill-switch\"") &&
            audit.contains("kill switch on for global; 1 working orders covered: cancels sent, pending or owed; " +
            "they are done when the venue answers (commandId "), audit);
        assertTrue(audit.contains("\"action\":\"POST /admin/resume\"") && audit.contains("\"status\":200"), audit);
    }

    @Test
    void symbolKillSwitchVenuePauseAndLimitsApplyAndLift() throws Exception
    {
        final String token = stack.token();
        broker.sendNow(FixRequests.newOrder("RESTA", '1', "AAPL", "180.00", 10, TimeInForce.DAY, "ACC1"));
        broker.sendNow(FixRequests.newOrder("RESTM", '1', "MSFT", "400.00", 10, TimeInForce.DAY, "ACC1"));
        broker.findReport("RESTA", (r) -> is(r, ExecType.NEW), 20_000);
        broker.findReport("RESTM", (r) -> is(r, ExecType.NEW), 20_000);

        final HttpResponse<String> kill = stack.post("/admin/kill-switch", "{\"scope\":\"symbol\",\"symbol\":\"AAPL\"}",
            token);
        assertEquals(200, kill.statusCode(), kill.body());
        broker.findReport("RESTA", (r) -> is(r, ExecType.CANCELED), 20_000);
        broker.sendNow(FixRequests.newOrder("S1", '1', "AAPL", "191.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        assertTrue(text(broker.findReport("S1", (r) -> is(r, ExecType.REJECTED), 20_000)).startsWith("Kill switch symbol"));
        broker.sendNow(FixRequests.newOrder("S2", '1', "MSFT", "422.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        broker.findReport("S2", (r) -> is(r, ExecType.TRADE), 20_000);
        assertEquals(200, stack.post("/admin/resume", "{\"scope\":\"symbol\",\"symbol\":\"AAPL\"}", token).statusCode());
        broker.sendNow(FixRequests.newOrder("S3", '1', "AAPL", "191.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        broker.findReport("S3", (r) -> is(r, ExecType.TRADE), 20_000);

        assertEquals(200, stack.post("/admin/venue/pause", "{\"venue\":1}", token).statusCode());
        broker.sendNow(FixRequests.newOrder("P1", '1', "MSFT", "422.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        assertTrue(text(broker.findReport("P1", (r) -> is(r, ExecType.REJECTED), 20_000)).startsWith("Venue paused"));
        assertEquals(1.0, PrometheusText.parse(stack.get("/metrics").body()).value("peregrine_venues_paused"));
        assertEquals(200, stack.post("/admin/venue/resume", "{\"venue\":1}", token).statusCode());
        broker.sendNow(FixRequests.newOrder("P2", '1', "MSFT", "422.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        broker.findReport("P2", (r) -> is(r, ExecType.TRADE), 20_000);

        assertEquals(200, stack.post("/admin/limits",
            "{\"account\":\"ACC1\",\"limits\":{\"MAX_ORDER_QTY\":5}}", token).statusCode());
        broker.sendNow(FixRequests.newOrder("L1", '1', "MSFT", "422.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        assertTrue(text(broker.findReport("L1", (r) -> is(r, ExecType.REJECTED), 20_000)).startsWith("Quantity above max"));
        assertEquals(200, stack.post("/admin/limits",
            "{\"account\":\"ACC1\",\"limits\":{\"MAX_ORDER_QTY\":100000}}", token).statusCode());
        broker.sendNow(FixRequests.newOrder("L2", '1', "MSFT", "422.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        broker.findReport("L2", (r) -> is(r, ExecType.TRADE), 20_000);

        // the MSFT order was untouched by the AAPL kill switch
        assertTrue(broker.receivedApp.stream().noneMatch((r) ->
        {
            try
            {
                return "RESTM".equals(r.getString(quickfix.field.ClOrdID.FIELD)) && is(r, ExecType.CANCELED);
            }
            catch (final quickfix.FieldNotFound ex)
            {
                return false;
            }
        }));
    }

    @Test
    void venueLogoutAndLogonFromTheConsole() throws Exception
    {
        final String token = stack.token();
        assertEquals(200, stack.post("/admin/venue/logout", "{\"venue\":1,\"reason\":\"maintenance\"}", token)
            .statusCode());
        Await.until("venue logged out", () -> !stack.gateway.isVenueLoggedOn(1), 10_000);
        Await.until("health down", () -> stack.get("/health").statusCode() == 503, 10_000);
        // The operator's reason, not the venue's answer to our Logout, and how to end it.
        Thread.sleep(500); // the venue's answering Logout has come and gone
        final String reason = stack.gateway.venueSessionHealth().lastProblem(1);
        assertTrue(reason.contains("logged out by the operator: maintenance") &&
            reason.contains("held out until venue-logon"), reason);
        assertTrue(stack.get("/health").body().contains("held out until venue-logon"));
        assertEquals(200, stack.post("/admin/venue/logon", "{\"venue\":1}", token).statusCode());
        Await.until("venue logged on", () -> stack.gateway.isVenueLoggedOn(1), 20_000);
        Await.until("health up", () -> stack.get("/health").statusCode() == 200, 10_000);
    }

    /**
     * An operator can see what an admin command left in force: account and symbol kill switches, the limits per
     * account and symbol, and the positions per account, as JSON ({@code GET /api/risk}) and as Prometheus gauges
     * labelled by the configured accounts and symbols; read right after the command's answer, the state is the new one.
     */
    @Test
    void showsKillSwitchesLimitsAndPositionsInForceRightAfterEachAdminCommand() throws Exception
    {
        final String token = stack.token();
        Map<String, Object> risk = risk();
        assertEquals(false, risk.get("killSwitchGlobal"));
        assertEquals(false, at(risk, "accounts", "ACC1", "killSwitch"));
        assertEquals(100_000L, at(risk, "accounts", "ACC1", "limits", "MAX_ORDER_QTY"));
        assertEquals(190_000_000L, at(risk, "symbols", "AAPL", "limits", "REFERENCE_PRICE"));
        assertEquals(0L, at(risk, "accounts", "ACC1", "positions", "AAPL"));

        // a fill moves the position (copied by the core in an idle duty cycle)
        broker.sendNow(FixRequests.newOrder("BUY1", '1', "AAPL", "191.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
        broker.findReport("BUY1", (r) -> is(r, ExecType.TRADE), 20_000);
        Await.until("the position of ACC1 in AAPL shows the fill",
            () -> Long.valueOf(10).equals(at(risk(), "accounts", "ACC1", "positions", "AAPL")), 10_000);

        assertEquals(200, stack.post("/admin/kill-switch", "{\"scope\":\"account\",\"account\":\"ACC1\"}", token)
            .statusCode());
        risk = risk();
        assertEquals(true, at(risk, "accounts", "ACC1", "killSwitch"));
        assertEquals(false, at(risk, "accounts", "ACC2", "killSwitch"));

        assertEquals(200, stack.post("/admin/limits",
            "{\"account\":\"ACC2\",\"limits\":{\"MAX_ORDER_QTY\":5000,\"MAX_OPEN_ORDERS\":7}}", token).statusCode());
        assertEquals(200, stack.post("/admin/kill-switch", "{\"scope\":\"symbol\",\"symbol\":\"MSFT\"}", token)
            .statusCode());
        risk = risk();
        assertEquals(5_000L, at(risk, "accounts", "ACC2", "limits", "MAX_ORDER_QTY"));
        assertEquals(7L, at(risk, "accounts", "ACC2", "limits", "MAX_OPEN_ORDERS"));
        assertEquals(100_000L, at(risk, "accounts", "ACC1", "limits", "MAX_ORDER_QTY"));
        assertEquals(true, at(risk, "symbols", "MSFT", "killSwitch"));
        assertEquals(false, at(risk, "symbols", "AAPL", "killSwitch"));

        final PrometheusText metrics = PrometheusText.parse(stack.get("/metrics").body());
        assertEquals(1.0, metrics.value("peregrine_kill_switch_account", "account", "ACC1"));
        assertEquals(0.0, metrics.value("peregrine_kill_switch_account", "account", "ACC2"));
        assertEquals(1.0, metrics.value("peregrine_kill_switch_symbol", "symbol", "MSFT"));
        assertEquals(5000.0, metrics.value("peregrine_account_limit_max_order_qty", "account", "ACC2"));
        assertEquals(10.0, metrics.value("peregrine_position", "account", "ACC1", "symbol", "AAPL"));
        assertEquals(0.0, metrics.value("peregrine_position", "account", "ACC2", "symbol", "MSFT"));

        assertEquals(200, stack.post("/admin/resume", "{\"scope\":\"account\",\"account\":\"ACC1\"}", token)
            .statusCode());
        assertEquals(false, at(risk(), "accounts", "ACC1", "killSwitch"));
    }

    /**
     * Why orders are refused is visible: a venue paused and a symbol on an account's restricted list show in
     * {@code GET /api/risk} (and as gauges on {@code /metrics}) right after the command's answer, and go when lifted.
     */
    @Test
    void showsVenuePausesAndAnAccountsRestrictedSymbolsRightAfterEachAdminCommand()
    {
        final String token = stack.token();
        Map<String, Object> risk = risk();
        assertEquals(false, at(risk, "venues", "1", "paused"), "the venue the core routes to, not paused");
        assertEquals(List.of(), at(risk, "accounts", "ACC1", "restrictedSymbols"));

        assertEquals(200, stack.post("/admin/venue/pause", "{\"venue\":1}", token).statusCode());
        assertEquals(200, stack.post("/admin/limits",
            "{\"account\":\"ACC1\",\"symbol\":\"MSFT\",\"limits\":{\"RESTRICTED\":1}}", token).statusCode());
        risk = risk();
        assertEquals(true, at(risk, "venues", "1", "paused"));
        assertEquals(1L, risk.get("venuesPaused"));
        assertEquals(List.of("MSFT"), at(risk, "accounts", "ACC1", "restrictedSymbols"));
        assertEquals(List.of(), at(risk, "accounts", "ACC2", "restrictedSymbols"), "ACC1's list only");
        final PrometheusText metrics = PrometheusText.parse(stack.get("/metrics").body());
        assertEquals(1.0, metrics.value("peregrine_venue_paused", "venue", "1"));
        assertEquals(1.0, metrics.value("peregrine_account_symbol_restricted", "account", "ACC1", "symbol", "MSFT"));
        assertEquals(0.0, metrics.value("peregrine_account_symbol_restricted", "account", "ACC1", "symbol", "AAPL"));

        assertEquals(200, stack.post("/admin/venue/resume", "{\"venue\":1}", token).statusCode());
        assertEquals(200, stack.post("/admin/limits",
            "{\"account\":\"ACC1\",\"symbol\":\"MSFT\",\"limits\":{\"RESTRICTED\":0}}", token).statusCode());
        risk = risk();
        assertEquals(false, at(risk, "venues", "1", "paused"));
        assertEquals(List.of(), at(risk, "accounts", "ACC1", "restrictedSymbols"));
    }

    private Map<String, Object> risk()
    {
        final HttpResponse<String> response = stack.get("/api/risk");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        @SuppressWarnings("unchecked")
        final Map<String, Object> parsed = (Map<String, Object>)io.peregrine.ops.http.Json.parse(response.body());
        return parsed;
    }

    private static Object at(final Map<String, Object> root, final String... path)
    {
        Object node = root;
        for (final String name : path)
        {
            node = node instanceof Map ? ((Map<?, ?>)node).get(name) : null;
        }
        return node;
    }
}
