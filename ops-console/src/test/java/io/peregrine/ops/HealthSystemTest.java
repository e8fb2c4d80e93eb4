package io.peregrine.ops;

import io.aeron.Aeron;
import io.aeron.exceptions.DriverTimeoutException;
import io.peregrine.core.liveness.LivenessTimeouts;
import io.peregrine.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Session;
import quickfix.SessionID;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealthSystemTest
{
    private static final SessionID VENUE_SIDE = new SessionID("FIX.4.4", "SIMVENUE", "PEREGRINE");
    private static final SessionID GATEWAY_SIDE = new SessionID("FIX.4.4", "PEREGRINE", "SIMVENUE");

    @TempDir
    Path dir;
    private OpsTestStack stack;

    @BeforeEach
    void start()
    {
        stack = new OpsTestStack(dir, false);
    }

    @AfterEach
    void stop()
    {
        stack.close();
    }

    private HttpResponse<String> awaitHealth(final int status, final String text)
    {
        final AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        try
        {
            Await.until("/health " + status + " with '" + text + "'", () ->
            {
                last.set(stack.get("/health"));
                return last.get().statusCode() == status && last.get().body().contains(text);
            }, 30_000);
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + "; last answer " + last.get().statusCode() + " " +
                last.get().body(), ex);
        }
        return last.get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(final HttpResponse<String> response, final String name)
    {
        final Map<String, Object> health = (Map<String, Object>)io.peregrine.ops.http.Json.parse(response.body());
        for (final Object part : (java.util.List<Object>)health.get("parts"))
        {
            if (name.equals(((Map<String, Object>)part).get("name")))
            {
                return (Map<String, Object>)part;
            }
        }
        throw new AssertionError("no part " + name + " in " + response.body());
    }

    @Test
    void readyWhenEveryPartIsUp()
    {
        final HttpResponse<String> health = awaitHealth(200, "\"ready\":true");
        assertEquals("application/json; charset=utf-8", health.headers().firstValue("Content-Type").orElse(""));
        for (final String part : new String[]{"core", "journal", "venue 1", "broker-acceptor", "broker-reports"})
        {
            assertEquals("UP", part(health, part).get("status"), part);
        }
        assertEquals("listening on 127.0.0.1:" + stack.gateway.brokerPort(),
            part(health, "broker-acceptor").get("detail"), "the port bound");
        assertEquals("no broker session's reports wait", part(health, "broker-reports").get("detail"));
        assertTrue(health.body().contains("\"live\":true"));
    }

    @Test
    void theConsolesAeronClientHasPeregrinesTimeoutsAndALossStopsTheConsoleInsteadOfExitingTheJvm()
    {
        final Aeron.Context aeron = stack.ops.aeronContext();
        assertEquals(LivenessTimeouts.DRIVER_TIMEOUT_DEFAULT_MS, aeron.driverTimeoutMs(), "not Aeron's 10 s");
        assertSame(stack.ops.aeronClient(), aeron.errorHandler(), "not Aeron's default handler (System.exit)");
        assertEquals(200, stack.get("/health").statusCode());

        // What Aeron's conductor reports when the driver's keepalive looks stale: a stall, or the wall clock stepped
        // forward (the driver's timestamps are epoch ms).
        aeron.errorHandler().onError(new DriverTimeoutException("MediaDriver keepalive: age=3600000ms > 30000ms"));
        assertTrue(stack.ops.aeronClient().isLost());
        assertTrue(stack.ops.aeronClient().lossReason().contains("ops console"), stack.ops.aeronClient().lossReason());
        assertThrows(UncheckedIOException.class, () -> stack.get("/health"),
            "the console stopped serving before Aeron unmaps the counters it reads");
    }

    @Test
    void turnsDownWhenTheVenueStopsAndUpWhenItIsBack()
    {
        awaitHealth(200, "\"ready\":true");
        stack.stopVenue();
        final HttpResponse<String> down = awaitHealth(503, "\"status\":\"DOWN\"");
        final Map<String, Object> venue = part(down, "venue 1");
        assertEquals("DOWN", venue.get("status"));
        assertTrue(((String)venue.get("reason")).startsWith("venue 1 "), venue.toString());
        assertTrue(down.body().contains("\"live\":true"), "the core itself still runs: " + down.body());
        assertEquals(0.0, PrometheusText.parse(stack.get("/metrics").body()).value("peregrine_ready"));

        stack.startVenue();
        awaitHealth(200, "\"ready\":true");
    }

    @Test
    void namesTheVenuesReasonWhenItRefusesTheLogonAndRecovers() throws Exception
    {
        awaitHealth(200, "\"ready\":true");
        stack.gateway.logoutVenue(1, "test: about to be refused");
        Await.until("both sides logged out", () -> !stack.gateway.isVenueLoggedOn(1) &&
            !Session.lookupSession(VENUE_SIDE).isLoggedOn(), 10_000);
        // The venue now expects a sequence number far above what the gateway will send: it refuses the logon.
        Session.lookupSession(VENUE_SIDE).setNextTargetMsgSeqNum(3034);
        stack.gateway.logonVenue(1);

        final HttpResponse<String> refused = awaitHealth(503, "logon refused");
        final String reason = (String)part(refused, "venue 1").get("reason");
        assertTrue(reason.startsWith("venue 1 logon refused: MsgSeqNum too low, expecting 3034 but received"),
            reason);
        Await.until("logon refusals counted", () -> PrometheusText.parse(stack.get("/metrics").body())
            .value("peregrine_venue_logon_refusals_total", "venue", "1") >= 1, 5_000);

        // The fix an operator would apply: align the venue's expected sequence number with what the gateway sends.
        Await.until("recovered", () ->
        {
            try
            {
                Session.lookupSession(VENUE_SIDE).setNextTargetMsgSeqNum(
                    Session.lookupSession(GATEWAY_SIDE).getStore().getNextSenderMsgSeqNum());
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
            return stack.get("/health").statusCode() == 200;
        }, 30_000);
        assertEquals("UP", part(stack.get("/health"), "venue 1").get("status"));
    }
}
