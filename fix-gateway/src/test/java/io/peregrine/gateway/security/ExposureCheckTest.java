package io.peregrine.gateway.security;

import io.peregrine.gateway.GatewayContext;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.venue.VenueClientConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExposureCheckTest
{
    @Test
    void theLoopbackDefaultsExposeNothing()
    {
        assertEquals(List.of(), ExposureCheck.warnings(new GatewayContext()));
    }

    @Test
    void aBrokerAcceptorOnEveryInterfaceWithoutTlsIsNamedWithItsFix()
    {
        final List<String> warnings = ExposureCheck.warnings(new GatewayContext().brokerHost("0.0.0.0"));
        assertTrue(warnings.get(0).startsWith("broker acceptor binds 0.0.0.0:9880, which is not loopback, " +
            "without TLS"), warnings.toString());
        assertTrue(warnings.get(0).endsWith("set peregrine.gateway.broker.tls=true"), warnings.toString());
        assertTrue(warnings.stream().anyMatch((w) -> w.startsWith("broker session BROKER1 has no " +
            "peregrine.gateway.broker.BROKER1.password.hash")), warnings.toString());
        assertEquals(3, warnings.size(), warnings.toString());
    }

    @Test
    void tlsAndPasswordsSilenceTheWarningsButAPlainRemoteVenueIsNamed()
    {
        final GatewayContext ctx = new GatewayContext()
            .brokerHost("0.0.0.0")
            .brokerTls(true)
            .brokerSessions(List.of(BrokerSessionConfig.of("BROKER1", "ACC1").withCredentials(null,
                PasswordHash.create("pw".toCharArray(), PasswordHash.MIN_ITERATIONS))))
            .venues(List.of(
                new VenueClientConfig(1, "127.0.0.1", 9890, "PEREGRINE", "SIMVENUE", false),
                new VenueClientConfig(2, "192.0.2.10", 9890, "PEREGRINE", "REMOTE", false),
                new VenueClientConfig(3, "192.0.2.11", 9890, "PEREGRINE", "REMOTE2", false, true, true)));
        final List<String> warnings = ExposureCheck.warnings(ctx);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("venue 2 at 192.0.2.10:9890 is not on loopback"), warnings.get(0));
    }
}
