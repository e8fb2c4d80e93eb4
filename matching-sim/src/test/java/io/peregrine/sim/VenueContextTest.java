package io.peregrine.sim;

import io.peregrine.protocol.Prices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VenueContextTest
{
    @TempDir
    Path tempDir;

    @Test
    void defaultsArePublicVenueDefaults()
    {
        final VenueContext context = new VenueContext();

        assertEquals("127.0.0.1", context.host());
        assertEquals(9890, context.port());
        assertEquals("SIMVENUE", context.compId());
        assertEquals(Map.of("PEREGRINE", "PEREGRINE", "PARTICIPANT1", "PARTICIPANT1", "PARTICIPANT2", "PARTICIPANT2"),
            context.sessionAccounts());
        assertEquals(List.of(VenueInstrument.of("AAPL", "190.00", "0.01", 1), VenueInstrument.of("MSFT", "420.00", "0.01", 1)),
            List.copyOf(context.instruments().values()));
        assertTrue(context.marketMakerEnabled());
        assertFalse(context.selfTradePrevention());
        assertEquals(Paths.get("./data/matching-sim/fix-store"), context.storeDir());
        context.conclude();
    }

    @Test
    void shippedConfigFileMatchesDefaults() throws Exception
    {
        final VenueContext shipped = VenueContext.load(Paths.get("config/venue.properties"));
        final VenueContext defaults = new VenueContext();

        assertEquals(defaults.toString(), shipped.toString());
        assertEquals(defaults.makerLevels(), shipped.makerLevels());
        assertEquals(defaults.makerQuantityJitter(), shipped.makerQuantityJitter());
        assertEquals(defaults.makerSeed(), shipped.makerSeed());
        assertEquals(defaults.idleStrategyName(), shipped.idleStrategyName());
        assertEquals(defaults.orderRetention(), shipped.orderRetention());
        assertEquals(defaults.commandQueueCapacity(), shipped.commandQueueCapacity());
        assertEquals(defaults.maxOrdersPerBook(), shipped.maxOrdersPerBook());
        assertEquals(defaults.makerSpreadTicks(), shipped.makerSpreadTicks());
        assertEquals(defaults.makerLevelTicks(), shipped.makerLevelTicks());
        assertEquals(defaults.makerQuantity(), shipped.makerQuantity());
        assertEquals(defaults.makerAccount(), shipped.makerAccount());
        assertEquals(defaults.fixLog(), shipped.fixLog());
        assertEquals(defaults.connectionLimits(), shipped.connectionLimits());
        assertEquals(defaults.logLimits(), shipped.logLimits());
        assertEquals(defaults.logDir(), shipped.logDir());
    }

    @Test
    void loadsSessionsAccountsInstrumentsAndMakerFromFile() throws Exception
    {
        final Path file = tempDir.resolve("venue.properties");
        Files.writeString(file, String.join("\n",
            "peregrine.venue.port=9999",
            "peregrine.venue.sessions=GW, BROKERX",
            "peregrine.venue.session.BROKERX.account=ACCX",
            "peregrine.venue.instruments=AAPL,TSLA",
            "peregrine.venue.instrument.TSLA.ref.price=250.5",
            "peregrine.venue.instrument.TSLA.tick.size=0.05",
            "peregrine.venue.instrument.TSLA.lot.size=10",
            "peregrine.venue.maker.enabled=false",
            "peregrine.venue.stp=true",
            "peregrine.venue.maker.levels=3"));

        final VenueContext context = VenueContext.load(file);

        assertEquals(9999, context.port());
        assertEquals(Map.of("GW", "GW", "BROKERX", "ACCX"), context.sessionAccounts());
        final VenueInstrument tsla = context.instruments().get("TSLA");
        assertEquals(Prices.parse("250.50"), tsla.referencePrice());
        assertEquals(Prices.parse("0.05"), tsla.tickSize());
        assertEquals(10, tsla.lotSize());
        assertEquals(Prices.parse("190.00"), context.instruments().get("AAPL").referencePrice());
        assertFalse(context.marketMakerEnabled());
        assertTrue(context.selfTradePrevention());
        assertEquals(3, context.makerLevels());
    }

    @Test
    void rejectsBadValuesWithTheKeyInTheMessage()
    {
        final Properties noRef = new Properties();
        noRef.setProperty("peregrine.venue.instruments", "TSLA");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VenueContext.fromProperties(noRef))
            .getMessage().contains("peregrine.venue.instrument.TSLA.ref.price"));

        final Properties badPort = new Properties();
        badPort.setProperty("peregrine.venue.port", "ninety");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VenueContext.fromProperties(badPort))
            .getMessage().contains("peregrine.venue.port"));

        final Properties offTick = new Properties();
        offTick.setProperty("peregrine.venue.instrument.AAPL.ref.price", "190.005");
        assertThrows(IllegalArgumentException.class, () -> VenueContext.fromProperties(offTick));

        assertThrows(IllegalArgumentException.class, () -> new VenueContext().makerAccount("PEREGRINE").conclude());
        assertThrows(IllegalArgumentException.class,
            () -> new VenueContext().idleStrategyName("spin-fast").conclude());
        assertThrows(IllegalArgumentException.class, () -> new VenueContext().clearSessions().conclude());
    }

    @Test
    void oldCamelCaseKeysStillWork()
    {
        final Properties old = new Properties();
        old.setProperty("peregrine.venue.compId", "OLDVENUE");
        old.setProperty("peregrine.venue.idleStrategy", "busyspin");
        old.setProperty("peregrine.venue.maxOrdersPerBook", "1234");
        old.setProperty("peregrine.venue.maker.spreadTicks", "3");
        old.setProperty("peregrine.venue.instrument.AAPL.refPrice", "191.00");

        final VenueContext context = VenueContext.fromProperties(old).conclude();

        assertEquals("OLDVENUE", context.compId());
        assertEquals("busyspin", context.idleStrategyName());
        assertEquals(1234, context.maxOrdersPerBook());
        assertEquals(3, context.makerSpreadTicks());
        assertEquals(Prices.parse("191.00"), context.instruments().get("AAPL").referencePrice());
    }

    @Test
    void everyRenamedKeyNamesAKeyThisContextReads()
    {
        for (final String rename : VenueContext.KEY_RENAMES.describe())
        {
            final String newKey = rename.substring(rename.indexOf(" -> ") + 4);
            assertTrue(newKey.equals(newKey.toLowerCase()) || newKey.contains("*"), rename);
            assertTrue(newKey.startsWith("peregrine.venue."), rename);
        }
    }
}
