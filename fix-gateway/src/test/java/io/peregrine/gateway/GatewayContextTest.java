package io.peregrine.gateway;

import io.peregrine.config.PeregrineKeys.Core;
import io.peregrine.config.PeregrineKeys.Gateway;
import io.peregrine.gateway.broker.BrokerSessionConfig;
import io.peregrine.gateway.security.PasswordHash;
import io.peregrine.gateway.venue.VenueClientConfig;
import org.junit.jupiter.api.Test;

import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayContextTest
{
    @Test
    void defaultsAreThePublicContract()
    {
        final GatewayContext ctx = new GatewayContext();
        assertEquals("127.0.0.1", ctx.brokerHost());
        assertEquals(9880, ctx.brokerPort());
        assertEquals("PEREGRINE", ctx.brokerCompId());
        assertEquals(2, ctx.brokerSessions().size());
        assertEquals("BROKER1", ctx.brokerSessions().get(0).compId());
        assertEquals("ACC1", ctx.brokerSessions().get(0).defaultAccount());
        assertEquals("BROKER2", ctx.brokerSessions().get(1).compId());
        assertEquals("ACC2", ctx.brokerSessions().get(1).defaultAccount());
        final VenueClientConfig venue = ctx.venues().get(0);
        assertEquals(1, venue.venueId());
        assertEquals("127.0.0.1", venue.host());
        assertEquals(9890, venue.port());
        assertEquals("PEREGRINE", venue.senderCompId());
        assertEquals("SIMVENUE", venue.targetCompId());
        assertEquals("aeron:ipc", ctx.channel());
        assertEquals(1001, ctx.ingressStreamId());
        assertEquals(1002, ctx.egressStreamId());
        assertEquals(2001, ctx.venueOutStreamId());
        assertEquals(2002, ctx.venueInStreamId());
        assertEquals("./data/fix-gateway", ctx.dataDir().toString());
    }

    @Test
    void theVenueOrderJournalKeepsAsManyDoneOrdersAsTheCoresOrderTableHolds()
    {
        assertEquals(io.peregrine.gateway.venue.VenueOrderJournal.DEFAULT_DONE_ORDERS_RETAINED,
            new GatewayContext().venueDoneOrdersRetained());
        final Properties p = new Properties();
        p.setProperty("peregrine.order.capacity", "200000");
        assertEquals(200_000, new GatewayContext(p).venueDoneOrdersRetained());
        p.setProperty("peregrine.order.capacity", "1000");
        assertEquals(io.peregrine.gateway.venue.VenueOrderJournal.DEFAULT_DONE_ORDERS_RETAINED,
            new GatewayContext(p).venueDoneOrdersRetained(), "never below the default");
    }

    @Test
    void refusesABrokerSessionOrAVenueListedTwice()
    {
        final Properties sessions = new Properties();
        sessions.setProperty(Gateway.BROKER_SESSIONS.name(), "BROKER1:ACC1,BROKER1:ACC2");
        final IllegalArgumentException broker =
            assertThrows(IllegalArgumentException.class, () -> new GatewayContext(sessions).conclude());
        assertEquals("peregrine.gateway.broker.sessions lists broker session BROKER1 twice (BROKER1:ACC1 and " +
            "BROKER1:ACC2): list each session once; its other accounts go into " +
            "peregrine.gateway.broker.BROKER1.accounts", broker.getMessage());

        final Properties venues = new Properties();
        venues.setProperty(Gateway.VENUES.name(), "1,01");
        final IllegalArgumentException venue =
            assertThrows(IllegalArgumentException.class, () -> new GatewayContext(venues).conclude());
        assertEquals("peregrine.gateway.venues lists venue 1 twice: list each venue id once", venue.getMessage());
    }

    @Test
    void refusesTwoVenuesWithTheSameFixSessionNamingBothAndTheKeysToChange()
    {
        final Properties p = new Properties();
        p.setProperty(Gateway.VENUES.name(), "1,2");
        p.setProperty("peregrine.gateway.venue.2.port", "9891");
        final IllegalArgumentException same =
            assertThrows(IllegalArgumentException.class, () -> new GatewayContext(p).conclude());
        assertEquals("venues 1 and 2 have the same FIX session PEREGRINE->SIMVENUE (sender and target CompID), so " +
            "only one of them would be connected: give venue 2 its own peregrine.gateway.venue.2.target.comp.id (the " +
            "CompID that venue answers as) or peregrine.gateway.venue.2.sender.comp.id", same.getMessage());

        p.setProperty("peregrine.gateway.venue.2.target.comp.id", "SIMVENUE2");
        assertEquals(2, new GatewayContext(p).conclude().venues().size(), "a CompID of its own: two sessions");
    }

    @Test
    void refusesAKeyOfAVenueOrBrokerSessionItDoesNotConfigure()
    {
        final Properties p = new Properties();
        p.setProperty(Gateway.VENUES.name(), "1,2");
        p.setProperty("peregrine.gateway.venue.3.host", "10.0.0.3");
        final IllegalArgumentException venue =
            assertThrows(IllegalArgumentException.class, () -> new GatewayContext(p));
        assertTrue(venue.getMessage().startsWith("peregrine.gateway.venue.3.host is a key of venue 3, which " +
            "peregrine.gateway.venues does not list (it lists 1, 2)"), venue.getMessage());

        final Properties secret = new Properties();
        secret.setProperty("peregrine.gateway.broker.keystore.password", "secret");
        final IllegalArgumentException broker =
            assertThrows(IllegalArgumentException.class, () -> new GatewayContext(secret));
        assertTrue(broker.getMessage().startsWith("peregrine.gateway.broker.keystore.password is a key of broker " +
            "session keystore, which peregrine.gateway.broker.sessions does not list (it lists BROKER1, BROKER2)"),
            broker.getMessage());
        assertFalse(broker.getMessage().contains("secret"), "never the value");
    }

    @Test
    void readsSessionsAccountsCredentialsAndVenuesFromProperties()
    {
        final Properties p = new Properties();
        p.setProperty(Gateway.BROKER_SESSIONS.name(), "ALPHA:A1, BETA:B1");
        p.setProperty("peregrine.gateway.broker.ALPHA.accounts", "A2,A3");
        p.setProperty("peregrine.gateway.broker.BETA.username", "beta");
        p.setProperty("peregrine.gateway.broker.BETA.password.hash",
            PasswordHash.create("pw-of-beta".toCharArray(), PasswordHash.MIN_ITERATIONS).encoded());
        p.setProperty("peregrine.gateway.broker.BETA.cancel.on.disconnect", "Y");
        p.setProperty(Gateway.VENUES.name(), "1,7");
        p.setProperty("peregrine.gateway.venue.7.port", "9999");
        p.setProperty("peregrine.gateway.venue.7.target.comp.id", "OTHER");
        final GatewayContext ctx = new GatewayContext(p);

        final BrokerSessionConfig alpha = ctx.brokerSessions().get(0);
        assertEquals(Set.of("A1", "A2", "A3"), alpha.allowedAccounts());
        assertFalse(alpha.requiresAuthentication());
        final BrokerSessionConfig beta = ctx.brokerSessions().get(1);
        assertTrue(beta.requiresAuthentication());
        assertEquals("beta", beta.username());
        assertTrue(beta.cancelOnDisconnect());
        assertNull(alpha.passwordHash());
        assertTrue(beta.passwordHash().matches("pw-of-beta"));
        assertFalse(beta.passwordHash().matches("pw-of-alpha"));
        assertEquals(2, ctx.venues().size());
        assertEquals(9999, ctx.venues().get(1).port());
        assertEquals("OTHER", ctx.venues().get(1).targetCompId());
    }

    @Test
    void shippedConfigFileStatesTheDefaults() throws Exception
    {
        final GatewayContext fromFile = new GatewayContext(
            GatewayContext.loadProperties(java.nio.file.Path.of("config/fix-gateway.properties")));
        final GatewayContext defaults = new GatewayContext();
        assertEquals(defaults.toString().replace(defaults.aeronDirectoryName(), ""),
            fromFile.toString().replace(fromFile.aeronDirectoryName(), ""));
        assertEquals(defaults.offerTimeoutMs(), fromFile.offerTimeoutMs());
        assertEquals(defaults.fixMessageLog(), fromFile.fixMessageLog());
        assertEquals(defaults.venueHeartbeatSeconds(), fromFile.venueHeartbeatSeconds());
        assertEquals(defaults.brokerHeartbeatSeconds(), fromFile.brokerHeartbeatSeconds());
        assertEquals(defaults.brokerDoneOrdersRetained(), fromFile.brokerDoneOrdersRetained());
        assertEquals(defaults.brokerClOrdIdsPerSession(), fromFile.brokerClOrdIdsPerSession());
    }

    @Test
    void readsTheClOrdIdRetentionAndRefusesSizesOutOfRange()
    {
        final GatewayContext defaults = new GatewayContext();
        assertEquals(io.peregrine.gateway.broker.OrderRoutes.DEFAULT_DONE_ORDERS_RETAINED,
            defaults.brokerDoneOrdersRetained());
        assertEquals(io.peregrine.gateway.broker.OrderRoutes.DEFAULT_CLORDIDS_PER_SESSION,
            defaults.brokerClOrdIdsPerSession());
        final Properties p = new Properties();
        p.setProperty(Gateway.BROKER_DONE_ORDERS_RETAINED.name(), "0");
        p.setProperty(Gateway.BROKER_CLORDIDS_PER_SESSION.name(), "1000");
        final GatewayContext ctx = new GatewayContext(p).conclude();
        assertEquals(0, ctx.brokerDoneOrdersRetained());
        assertEquals(1000, ctx.brokerClOrdIdsPerSession());
        p.setProperty(Gateway.BROKER_DONE_ORDERS_RETAINED.name(), "-1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GatewayContext(p).conclude()).getMessage()
            .contains(Gateway.BROKER_DONE_ORDERS_RETAINED.name()));
        p.setProperty(Gateway.BROKER_DONE_ORDERS_RETAINED.name(), "10");
        p.setProperty(Gateway.BROKER_CLORDIDS_PER_SESSION.name(), "0");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GatewayContext(p).conclude()).getMessage()
            .contains(Gateway.BROKER_CLORDIDS_PER_SESSION.name()));
    }

    @Test
    void streamSettingsFallBackToTheCoreKeys()
    {
        final Properties p = new Properties();
        p.setProperty(Core.AERON_DIR.name(), "/tmp/core-dir");
        p.setProperty(Core.VENUE_OUT_STREAM_ID.name(), "3001");
        p.setProperty(Gateway.VENUE_IN_STREAM_ID.name(), "4002");
        p.setProperty(Core.VENUE_IN_STREAM_ID.name(), "3002");
        final GatewayContext ctx = new GatewayContext(p);
        assertEquals("/tmp/core-dir", ctx.aeronDirectoryName());
        assertEquals(3001, ctx.venueOutStreamId());
        assertEquals(4002, ctx.venueInStreamId(), "the gateway key wins");
    }

    @Test
    void refusesAPlainTextPasswordPointingToHashPasswordWithoutEchoingIt()
    {
        final Properties p = new Properties();
        p.setProperty("peregrine.gateway.broker.BROKER1.password", "hunter2-plain");
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> new GatewayContext(p));
        assertTrue(error.getMessage().contains("peregrine.gateway.broker.BROKER1.password.hash"), error.getMessage());
        assertTrue(error.getMessage().contains("./scripts/run.sh hash-password"), error.getMessage());
        assertFalse(error.getMessage().contains("hunter2-plain"), error.getMessage());
    }

    @Test
    void refusesAnEmptyOrMalformedPasswordHashAndAUsernameWithoutOne()
    {
        final Properties empty = new Properties();
        empty.setProperty("peregrine.gateway.broker.BROKER1.password.hash", "");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GatewayContext(empty)).getMessage()
            .contains("password hash is empty"));

        final Properties malformed = new Properties();
        malformed.setProperty("peregrine.gateway.broker.BROKER1.password.hash", "md5$abc");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GatewayContext(malformed)).getMessage()
            .contains("pbkdf2-sha256$<iterations>$<salt>$<hash>"));

        final Properties weak = new Properties();
        weak.setProperty("peregrine.gateway.broker.BROKER1.password.hash", "pbkdf2-sha256$1000$" +
            "AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GatewayContext(weak)).getMessage()
            .contains("at least " + PasswordHash.MIN_ITERATIONS));

        final Properties usernameOnly = new Properties();
        usernameOnly.setProperty("peregrine.gateway.broker.BROKER1.username", "broker1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GatewayContext(usernameOnly))
            .getMessage().contains("password.hash is not"));
    }

    @Test
    void readsTlsKeysWithSafeDefaults()
    {
        final GatewayContext defaults = new GatewayContext();
        assertFalse(defaults.brokerTls());
        assertFalse(defaults.brokerTlsNeedClientAuth());
        assertFalse(defaults.venues().get(0).tls());
        assertFalse(defaults.anyTls());

        final Properties p = new Properties();
        p.setProperty(Gateway.BROKER_TLS.name(), "true");
        p.setProperty(Gateway.TLS_KEYSTORE_FILE.name(), "data/tls/peregrine.p12");
        p.setProperty(Gateway.TLS_KEYSTORE_PASSWORD_FILE.name(), "data/tls/keystore.password");
        p.setProperty(Gateway.TLS_TRUSTSTORE_FILE.name(), "data/tls/truststore.p12");
        p.setProperty(Gateway.TLS_TRUSTSTORE_PASSWORD_FILE.name(), "data/tls/truststore.password");
        p.setProperty("peregrine.gateway.venue.1.tls", "true");
        p.setProperty("peregrine.gateway.venue.1.tls.verify.hostname", "false");
        final GatewayContext ctx = new GatewayContext(p);
        assertTrue(ctx.brokerTls());
        assertTrue(ctx.anyTls());
        assertTrue(ctx.venues().get(0).tls());
        assertFalse(ctx.venues().get(0).verifyHostname());
        assertEquals(java.nio.file.Path.of("data/tls/peregrine.p12"), ctx.tlsKeystoreFile());
        assertEquals(java.nio.file.Path.of("data/tls/truststore.password"), ctx.tlsTruststorePasswordFile());
    }

    @Test
    void refusesMalformedSessionLists()
    {
        final Properties p = new Properties();
        p.setProperty(Gateway.BROKER_SESSIONS.name(), "NOACCOUNT");
        assertThrows(IllegalArgumentException.class, () -> new GatewayContext(p));
    }
}
