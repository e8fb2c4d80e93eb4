package io.peregrine.sim;

import io.peregrine.config.PeregrineKeys.Sim;
import io.peregrine.protocol.Prices;
import io.peregrine.sim.maker.QuoteLadder;
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

class SimVenueContextTest
{
    @TempDir
    Path tempDir;

    @Test
    void defaultsArePublicVenueDefaults()
    {
        final SimVenueContext context = new SimVenueContext();

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
        final SimVenueContext shipped = SimVenueContext.load(Paths.get("config/venue.properties"));
        final SimVenueContext defaults = new SimVenueContext();
        assertEquals(new QuoteLadder(5, 100, 50, 1, 1, 42), defaults.makerLadder());

        assertEquals(defaults.toString(), shipped.toString());
        assertEquals(defaults.makerLadder(), shipped.makerLadder());
        assertEquals(defaults.idleStrategyName(), shipped.idleStrategyName());
        assertEquals(defaults.orderRetention(), shipped.orderRetention());
        assertEquals(defaults.commandQueueCapacity(), shipped.commandQueueCapacity());
        assertEquals(defaults.maxOrdersPerBook(), shipped.maxOrdersPerBook());
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
        Files.writeString(file, """
            peregrine.sim.port=9999
            peregrine.sim.sessions=GW, BROKERX
            peregrine.sim.session.BROKERX.account=ACCX
            peregrine.sim.instruments=AAPL,TSLA
            peregrine.sim.instrument.TSLA.ref.price=250.5
            peregrine.sim.instrument.TSLA.tick.size=0.05
            peregrine.sim.instrument.TSLA.lot.size=10
            peregrine.sim.maker.enabled=false
            peregrine.sim.stp=true
            peregrine.sim.maker.levels=3
            """);

        final SimVenueContext context = SimVenueContext.load(file);

        assertEquals(9999, context.port());
        assertEquals(Map.of("GW", "GW", "BROKERX", "ACCX"), context.sessionAccounts());
        final VenueInstrument tsla = context.instruments().get("TSLA");
        assertEquals(Prices.parse("250.50"), tsla.referencePrice());
        assertEquals(Prices.parse("0.05"), tsla.tickSize());
        assertEquals(10, tsla.lotSize());
        assertEquals(Prices.parse("190.00"), context.instruments().get("AAPL").referencePrice());
        assertFalse(context.marketMakerEnabled());
        assertTrue(context.selfTradePrevention());
        assertEquals(3, context.makerLadder().levels());
    }

    @Test
    void everySingleValueKeyReachesItsSetting() throws Exception
    {
        final Path file = tempDir.resolve("every.properties");
        Files.writeString(file, """
            peregrine.sim.host=0.0.0.0
            peregrine.sim.port=9777
            peregrine.sim.comp.id=OTHERVENUE
            peregrine.sim.fix.store.dir=/tmp/sim-store
            peregrine.sim.fix.log=slf4j
            peregrine.sim.fix.log.dir=/tmp/sim-log
            peregrine.sim.stp=yes
            peregrine.sim.max.orders.per.book=500
            peregrine.sim.command.queue.capacity=1024
            peregrine.sim.matching.thread=engine
            peregrine.sim.order.retention=77
            peregrine.sim.idle.strategy=busy-spin
            peregrine.sim.maker.enabled=n
            peregrine.sim.maker.account=MM2
            peregrine.sim.maker.quantity.jitter=0
            peregrine.sim.maker.seed=7
            """);

        final SimVenueContext context = SimVenueContext.load(file).conclude();

        assertEquals("0.0.0.0", context.host());
        assertEquals(9777, context.port());
        assertEquals("OTHERVENUE", context.compId());
        assertEquals(Paths.get("/tmp/sim-store"), context.storeDir());
        assertEquals("slf4j", context.fixLog());
        assertEquals(Paths.get("/tmp/sim-log"), context.logDir());
        assertTrue(context.selfTradePrevention());
        assertEquals(500, context.maxOrdersPerBook());
        assertEquals(1024, context.commandQueueCapacity());
        assertFalse(context.matchingOnSessionThread());
        assertEquals(77, context.orderRetention());
        assertEquals("busy-spin", context.idleStrategyName());
        assertFalse(context.marketMakerEnabled());
        assertEquals("MM2", context.makerAccount());
        assertEquals(new QuoteLadder(5, 100, 0, 1, 1, 7), context.makerLadder());
    }

    @Test
    void refusesAKeyOfAnInstrumentOrSessionItDoesNotConfigure()
    {
        final Properties p = new Properties();
        p.setProperty("peregrine.sim.instrument.TSLA.ref.price", "250.5");
        p.setProperty("peregrine.sim.session.PEREGRIN.account", "ACC1");
        final String message =
            assertThrows(IllegalArgumentException.class, () -> SimVenueContext.fromProperties(p)).getMessage();
        assertTrue(message.contains("peregrine.sim.instrument.TSLA.ref.price is a key of instrument TSLA, which " +
            "peregrine.sim.instruments does not list (it lists AAPL, MSFT)"), message);
        assertTrue(message.contains("peregrine.sim.session.PEREGRIN.account is a key of session PEREGRIN, which " +
            "peregrine.sim.sessions does not list (it lists PEREGRINE, PARTICIPANT1, PARTICIPANT2)"), message);
    }

    @Test
    void rejectsBadValuesWithTheKeyInTheMessage()
    {
        final Properties noRef = new Properties();
        noRef.setProperty("peregrine.sim.instruments", "TSLA");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimVenueContext.fromProperties(noRef))
            .getMessage().contains("peregrine.sim.instrument.TSLA.ref.price"));

        final Properties badPort = new Properties();
        badPort.setProperty("peregrine.sim.port", "ninety");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimVenueContext.fromProperties(badPort))
            .getMessage().contains("peregrine.sim.port"));

        final Properties offTick = new Properties();
        offTick.setProperty("peregrine.sim.instrument.AAPL.ref.price", "190.005");
        assertEquals("peregrine.sim.instrument.AAPL.ref.price=190.005: must be a multiple of " +
            "peregrine.sim.instrument.AAPL.tick.size 0.01", assertThrows(IllegalArgumentException.class,
            () -> SimVenueContext.fromProperties(offTick)).getMessage());
    }

    @Test
    void aBadInstrumentValueIsNamedByItsKey()
    {
        final String[][] cases = {
            {"ref.price", "19O.00", "peregrine.sim.instrument.AAPL.ref.price=19O.00: not a decimal price ("},
            {"ref.price", "-190.00", "peregrine.sim.instrument.AAPL.ref.price=-190.00: must be positive"},
            {"tick.size", "0", "peregrine.sim.instrument.AAPL.tick.size=0: must be positive"},
            {"tick.size", "0.0x", "peregrine.sim.instrument.AAPL.tick.size=0.0x: not a decimal price ("},
            {"lot.size", "0", "peregrine.sim.instrument.AAPL.lot.size=0: must be positive"},
        };
        for (final String[] c : cases)
        {
            final Properties bad = new Properties();
            bad.setProperty("peregrine.sim.instrument.AAPL." + c[0], c[1]);
            final String message = assertThrows(IllegalArgumentException.class,
                () -> SimVenueContext.fromProperties(bad)).getMessage();
            assertTrue(message.startsWith(c[2]), message);
        }
    }

    @Test
    void aBadValueOfAFileIsNamedWithTheFile() throws Exception
    {
        final Path file = tempDir.resolve("venue.properties");
        Files.writeString(file, "peregrine.sim.instrument.AAPL.ref.price=19O.00\n");
        final String price = assertThrows(IllegalArgumentException.class, () -> SimVenueContext.load(file))
            .getMessage();
        assertTrue(price.startsWith("configuration file " + file + ": " +
            "peregrine.sim.instrument.AAPL.ref.price=19O.00: not a decimal price ("), price);
        Files.writeString(file, "peregrine.sim.port=ninety\n");
        assertEquals("configuration file " + file + ": peregrine.sim.port must be a whole number, got 'ninety'",
            assertThrows(IllegalArgumentException.class, () -> SimVenueContext.load(file)).getMessage());
    }

    @Test
    void contextsRefuseBadSettingsOfTheirOwn()
    {

        assertThrows(IllegalArgumentException.class, () -> new SimVenueContext().makerAccount("PEREGRINE").conclude());
        assertThrows(IllegalArgumentException.class,
            () -> new SimVenueContext().idleStrategyName("spin-fast").conclude());
        assertThrows(IllegalArgumentException.class, () -> new SimVenueContext().clearSessions().conclude());
    }

    @Test
    void keysOfEarlierVersionsStillWork() throws Exception
    {
        final Path oldFile = tempDir.resolve("old-venue.properties");
        Files.writeString(oldFile, """
            peregrine.venue.port=9911
            peregrine.venue.compId=OLDVENUE
            peregrine.venue.idleStrategy=busyspin
            peregrine.venue.maxOrdersPerBook=1234
            peregrine.venue.maker.spreadTicks=3
            peregrine.venue.session.PEREGRINE.account=GWACC
            peregrine.venue.instrument.AAPL.refPrice=191.00
            """);

        final SimVenueContext context = SimVenueContext.load(oldFile).conclude();

        assertEquals(9911, context.port());
        assertEquals("OLDVENUE", context.compId());
        assertEquals("busyspin", context.idleStrategyName());
        assertEquals(1234, context.maxOrdersPerBook());
        assertEquals(3, context.makerLadder().spreadTicks());
        assertEquals("GWACC", context.sessionAccounts().get("PEREGRINE"));
        assertEquals(Prices.parse("191.00"), context.instruments().get("AAPL").referencePrice());
    }

    @Test
    void newKeyWinsOverItsOldName()
    {
        final Properties both = new Properties();
        both.setProperty("peregrine.venue.port", "9911");
        both.setProperty(Sim.PORT.name(), "9912");

        assertEquals(9912, SimVenueContext.fromProperties(both).port());
    }

    @Test
    void everyRenamedKeyNamesAKeyThisContextReads()
    {
        for (final String rename : Sim.RENAMES.describe())
        {
            final String newKey = rename.substring(rename.indexOf(" -> ") + 4);
            assertTrue(newKey.equals(newKey.toLowerCase()) || newKey.contains("*"), rename);
            assertTrue(newKey.startsWith("peregrine.sim."), rename);
        }
    }
}
