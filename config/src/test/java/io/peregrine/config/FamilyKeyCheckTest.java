package io.peregrine.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FamilyKeyCheckTest
{
    private static final String SYSTEM_KEY = "peregrine.gateway.venue.7.port";

    @AfterEach
    void clearSystemProperty()
    {
        System.clearProperty(SYSTEM_KEY);
    }

    @Test
    void readsTheFamilyKeysOfTheConfiguredIdsOnly()
    {
        final Properties file = new Properties();
        file.setProperty("peregrine.gateway.venues", "1, 02");
        file.setProperty("peregrine.gateway.broker.sessions", "B1:ACC1");
        final FamilyKeyCheck check = FamilyKeyCheck.gateway(PropertyReader.of(file));
        assertEquals(List.of(), check.unread(List.of("peregrine.gateway.venue.1.host", "peregrine.gateway.venue.2.tls",
            "peregrine.gateway.broker.B1.password.hash", "peregrine.gateway.broker.B1.tls.client.cert.required",
            "peregrine.gateway.venue.heartbeat.seconds", "peregrine.gateway.broker.logon.max.failures",
            "peregrine.journal.dir", "aeron.dir")));
        assertEquals(List.of("peregrine.gateway.broker.B2.username", "peregrine.gateway.broker.keystore.password",
                "peregrine.gateway.venue.3.host"),
            check.unread(List.of("peregrine.gateway.venue.3.host", "peregrine.gateway.broker.B2.username",
                "peregrine.gateway.broker.keystore.password", "peregrine.gateway.venue.1.port")));
    }

    @Test
    void refusesAFileKeyOfAnIdNotConfiguredNamingTheIdsAndTheFix()
    {
        final Properties file = new Properties();
        file.setProperty("peregrine.gateway.venues", "1,2");
        file.setProperty("peregrine.gateway.venue.3.host", "10.0.0.3");
        file.setProperty("peregrine.gateway.broker.keystore.password", "secret");
        final PropertyReader reader = PropertyReader.layered(file);
        final IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
            () -> FamilyKeyCheck.gateway(reader).refuseOrWarn(reader, message -> { }));
        assertEquals("peregrine.gateway.broker.keystore.password is a key of broker session keystore, which " +
            "peregrine.gateway.broker.sessions does not list (it lists BROKER1, BROKER2), so nothing reads it: correct " +
            "the broker session in the key, or add the broker session to peregrine.gateway.broker.sessions; " +
            "peregrine.gateway.venue.3.host is a key of venue 3, which peregrine.gateway.venues does not list (it " +
            "lists 1, 2), so nothing reads it: correct the venue in the key, or add the venue to " +
            "peregrine.gateway.venues", refusal.getMessage());
        assertTrue(!refusal.getMessage().contains("secret"), "never the value");
    }

    @Test
    void warnsOfASystemPropertyOfAnIdNotConfigured()
    {
        System.setProperty(SYSTEM_KEY, "9999");
        final PropertyReader reader = PropertyReader.layered(new Properties());
        final List<String> warnings = new ArrayList<>();
        FamilyKeyCheck.gateway(reader).refuseOrWarn(reader, warnings::add);
        assertEquals(List.of("system property peregrine.gateway.venue.7.port is a key of venue 7, which " +
            "peregrine.gateway.venues does not list (it lists 1), so nothing reads it: correct the venue in the key, " +
            "or add the venue to peregrine.gateway.venues; it is ignored"), warnings);
    }

    @Test
    void checksTheSimulatorsSessionsAndInstrumentsUnderNewAndOldNames()
    {
        final Properties file = new Properties();
        file.setProperty("peregrine.venue.instruments", "AAPL,BRK.B");
        final FamilyKeyCheck check = FamilyKeyCheck.sim(PropertyReader.of(file));
        assertEquals(List.of(), check.unread(List.of("peregrine.sim.instrument.BRK.B.lot.size",
            "peregrine.venue.instrument.BRK.B.refPrice", "peregrine.sim.session.PEREGRINE.account",
            "peregrine.venue.session.PARTICIPANT1.account")));
        assertEquals(List.of("peregrine.sim.instrument.MSFT.tick.size", "peregrine.sim.session.PEREGRIN.account",
                "peregrine.venue.instrument.IBM.lotSize"),
            check.unread(List.of("peregrine.sim.instrument.MSFT.tick.size", "peregrine.sim.session.PEREGRIN.account",
                "peregrine.venue.instrument.IBM.lotSize")));
    }

    @Test
    void anIdThatEndsLikeASuffixIsStillItsOwn()
    {
        final FamilyKeyCheck check = new FamilyKeyCheck()
            .family(PeregrineKeys.Gateway.VENUE_KEYS, "ids", List.of("a.tls"));
        assertEquals(List.of(), check.unread(List.of("peregrine.gateway.venue.a.tls.tls.verify.hostname",
            "peregrine.gateway.venue.a.tls.tls")));
        assertEquals(List.of("peregrine.gateway.venue.a.tls"), check.unread(List.of("peregrine.gateway.venue.a.tls")));
    }
}
