package io.peregrine.gateway.security;

import io.peregrine.gateway.BrokerLogon;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.field.Text;

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

    @AutoClose
    private final GatewayStack stack = GatewayStack.withTestCore("logon", WAIT_MS);
    private FixGateway gateway;

    @BeforeEach
    void setUp()
    {
        gateway = stack.startGateway(stack.gatewayContext()
            .brokerSessions(List.of(BrokerSessionConfig.of("BROKER1", "ACC1").withCredentials("broker1",
                PasswordHash.create(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS))))
            .logonMaxFailures(3)
            .logonLockoutSeconds(60)
            .venues(List.of()));
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
        assertEquals(2, gateway.counters().brokerLogonRefusals().get());
        assertEquals("Invalid username or password", refusal(broker().credentials("intruder", PASSWORD)));
        assertEquals(3, gateway.counters().brokerLogonRefusals().get());
        assertEquals(0, gateway.brokerApplication().throttledLogons());

        final String locked = refusal(broker().credentials("broker1", PASSWORD));
        assertTrue(locked.startsWith("Too many failed logons: try again in "), locked);
        assertEquals(3, gateway.counters().brokerLogonRefusals().get(), "a locked logon is not checked");
        assertEquals(1, gateway.brokerApplication().throttledLogons());
        // both counts are the gateway's Aeron counters, as run.sh stat and /metrics read them
        assertEquals(3, gateway.counters().brokerLogonRefusals().get());
        assertEquals(1, gateway.counters().brokerLogonsThrottled().get());
    }

    private static String refusal(final FixCounterparty broker) throws Exception
    {
        return BrokerLogon.refusal(broker, WAIT_MS);
    }

    /** Each attempt is a fresh broker that tries once. */
    private FixCounterparty broker() throws Exception
    {
        return BrokerLogon.oneAttempt(stack.brokerPort, "BROKER1", (settings) -> { });
    }
}
