package io.peregrine.gateway.security;

import io.peregrine.testsupport.FreePorts;
import io.peregrine.testsupport.TempDirs;
import io.peregrine.testsupport.MediaDriverFixture;
import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.MsgType;
import quickfix.field.Text;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broker logon authentication against a PBKDF2 password hash: the right credentials log on; a Logon without
 * Password(554), a wrong password and a wrong username are refused with a clear Text(58), logged and counted; after
 * {@code logon.max.failures} failures in a row further logons are refused unchecked, even with the right password.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerLogonSystemTest
{
    private static final long WAIT_MS = 10_000;
    private static final String PASSWORD = "correct-horse-battery";

    private MediaDriverFixture driver;
    private Path dataDir;
    private FixGateway gateway;
    private int port;

    @BeforeEach
    void setUp()
    {
        driver = MediaDriverFixture.launch();
        dataDir = TempDirs.create("fixgw-logon-");
        port = FreePorts.freePort();
        gateway = FixGateway.launch(new GatewayContext()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .dataDir(dataDir)
            .brokerPort(port)
            .brokerSessions(List.of(BrokerSessionConfig.of("BROKER1", "ACC1").withCredentials("broker1",
                PasswordHash.create(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS))))
            .logonMaxFailures(3)
            .logonLockoutSeconds(60)
            .venues(List.of())
            .idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1)));
    }

    @AfterEach
    void tearDown()
    {
        gateway.close();
        driver.close();
        TempDirs.delete(dataDir);
    }

    @Test
    void refusesMissingOrWrongCredentialsWithAReasonThenRateLimits() throws Exception
    {
        try (FixCounterparty right = broker().credentials("broker1", PASSWORD).start())
        {
            assertTrue(right.awaitLogon(WAIT_MS), "the right credentials log on");
        }

        assertEquals("Logon refused: this session requires Username(553) and Password(554)", refusal(broker()));
        assertEquals("Invalid username or password", refusal(broker().credentials("broker1", "wrong-password")));
        assertEquals(2, gateway.brokerApplication().refusedLogons());
        assertEquals("Invalid username or password", refusal(broker().credentials("intruder", PASSWORD)));
        assertEquals(3, gateway.brokerApplication().refusedLogons());
        assertEquals(0, gateway.brokerApplication().throttledLogons());

        final String locked = refusal(broker().credentials("broker1", PASSWORD));
        assertTrue(locked.startsWith("Too many failed logons: try again in "), locked);
        assertEquals(3, gateway.brokerApplication().refusedLogons(), "a locked logon is not checked");
        assertEquals(1, gateway.brokerApplication().throttledLogons());
        // both counts are the gateway's Aeron counters, as run.sh stat and /metrics read them
        assertEquals(3, gateway.counters().brokerLogonRefusals().get());
        assertEquals(1, gateway.counters().brokerLogonsThrottled().get());
    }

    /** Connects once (no reconnect during the test), returns the Text(58) of the gateway's Logout. */
    private static String refusal(final FixCounterparty broker) throws Exception
    {
        try (FixCounterparty connecting = broker.start())
        {
            final Message logout = connecting.nextAdmin(MsgType.LOGOUT, WAIT_MS);
            assertTrue(!connecting.isLoggedOn());
            return logout.getString(Text.FIELD);
        }
    }

    private FixCounterparty broker() throws Exception
    {
        // Each attempt is a fresh broker (in-memory store): it asks for a sequence reset so that the gateway judges
        // its credentials, not its sequence numbers.
        return FixCounterparty.broker(port, "BROKER1", "PEREGRINE", (settings) ->
        {
            settings.setLong("ReconnectInterval", 600);
            settings.setBool("ResetOnLogon", true);
        });
    }
}
