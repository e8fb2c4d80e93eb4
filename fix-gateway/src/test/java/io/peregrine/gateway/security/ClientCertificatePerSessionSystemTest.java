package io.peregrine.gateway.security;

import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.gateway.BrokerLogon;
import io.peregrine.gateway.FixGateway;
import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.GatewayStack;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.testsupport.FixCounterparty;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.field.Text;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client certificate required by one broker session only, on a TLS acceptor port that all sessions share:
 * BROKER1 ({@code tls.client.cert.required=true}) is refused at logon with a clear Text(58) when its connection
 * carries no certificate and logs on with a trusted one; BROKER2 on the same port logs on without a certificate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCertificatePerSessionSystemTest
{
    private static final long WAIT_MS = 10_000;

    @AutoClose
    private final GatewayStack stack = GatewayStack.withTestCore("client-cert", WAIT_MS);
    private FixGateway gateway;

    @BeforeEach
    void setUp()
    {
        gateway = stack.startGateway(TestTls.brokerAcceptor(stack.gatewayContext(), false)
            .brokerSessions(List.of(
                BrokerSessionConfig.of("BROKER1", "ACC1").withClientCertificateRequired(true),
                BrokerSessionConfig.of("BROKER2", "ACC2")))
            .venues(List.of()));
    }

    @Test
    void requiresTheCertificateOnlyFromTheSessionConfiguredToPresentOne() throws Exception
    {
        assertEquals("Logon refused: this session requires a TLS client certificate",
            BrokerLogon.refusal(broker("BROKER1", false), WAIT_MS));
        assertEquals(1, gateway.counters().brokerLogonRefusals().get(), "the refusal is counted");

        try (FixCounterparty withoutCertificate = broker("BROKER2", false).start())
        {
            assertTrue(withoutCertificate.awaitLogon(WAIT_MS), "BROKER2 needs no certificate on the same port");
        }
        try (FixCounterparty withCertificate = broker("BROKER1", true).start())
        {
            assertTrue(withCertificate.awaitLogon(WAIT_MS), "BROKER1 logs on with its trusted certificate");
        }
        assertEquals(1, gateway.counters().brokerLogonRefusals().get());
    }

    @Test
    void aPerSessionRequirementOnAPlainTcpAcceptorIsAConfigurationError()
    {
        final Properties properties = new Properties();
        properties.setProperty(Gateway.BROKER_SESSIONS.name(), "BROKER1:ACC1");
        properties.setProperty(
            Gateway.BROKER_SESSION_PREFIX + "BROKER1" + Gateway.CLIENT_CERT_REQUIRED_SUFFIX, "true");
        final GatewayContext plain = new GatewayContext(properties).venues(List.of());
        assertTrue(plain.brokerSessions().get(0).clientCertificateRequired(), "the per-session key is read");
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> TlsMaterial.load(plain));
        assertTrue(error.getMessage().contains(Gateway.BROKER_TLS.name() + "=true"), error.getMessage());
        assertFalse(new GatewayContext(new Properties()).anyBrokerClientCertificates());
    }

    /**
     * A one-attempt TLS broker that trusts the gateway; with {@code certificate} it holds the certificate the gateway
     * trusts, without it its key store holds no private key, so it has nothing to present when asked.
     */
    private FixCounterparty broker(final String compId, final boolean certificate) throws Exception
    {
        return BrokerLogon.oneAttempt(stack.brokerPort, compId, (settings) ->
            TestTls.apply(settings, certificate ? TestTls.BROKER : TestTls.PEER_TRUST, TestTls.PEER_TRUST, false));
    }
}
