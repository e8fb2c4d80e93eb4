package io.peregrine.risk;

import io.peregrine.protocol.Prices;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.px;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class RiskLimitsConfigTest
{
    @Test
    void demoUniverseMatchesThePublicDefaults()
    {
        final RiskLimits demo = RiskLimits.demo();
        final InstrumentLimits aapl = demo.instrument("AAPL");
        final InstrumentLimits msft = demo.instrument("MSFT");
        assertEquals(Prices.parse("190.00"), aapl.referencePrice());
        assertEquals(Prices.parse("420.00"), msft.referencePrice());
        for (final InstrumentLimits i : demo.instruments())
        {
            assertEquals(Prices.parse("0.01"), i.tickSize());
            assertEquals(1, i.lotSize());
            assertEquals(1000, i.collarBps());
            assertTrue(i.tradable());
            assertFalse(i.restricted());
        }
        assertEquals(2, demo.accounts().size());
        for (final String name : new String[]{ "ACC1", "ACC2" })
        {
            final AccountLimits account = demo.account(name);
            assertNotNull(account, name);
            assertEquals(100_000, account.maxOrderQty());
            // run.sh core offers 50,000 orders/s over both accounts: it must pass; a flood beyond 100,000/s must not.
            assertEquals(100_000, account.maxOrdersPerSecond());
            // One account's open orders fit in a sixth of the core's default 65,536-slot order table.
            assertEquals(10_000, account.maxOpenOrders());
        }
    }

    @ParameterizedTest(name = "{0} {2} at {1}: {3}")
    @CsvSource({
        "BUY,  209.00, 100000, NONE",
        "BUY,  209.01, 100,    PRICE_OUTSIDE_COLLAR",
        "SELL, 171.00, 100,    NONE",
        "SELL, 170.99, 100,    PRICE_OUTSIDE_COLLAR",
        "SELL, 190.00, 100001, QUANTITY_ABOVE_MAX" })
    void demoCollarIsTenPercentAroundTheReference(
        final Side side, final String price, final long quantity, final RejectReason expected)
    {
        try (PreTradeRisk risk = PreTradeRisk.inMemory(RiskLimits.demo()))
        {
            assertEquals(expected, risk.evaluateNewOrder(new RiskReservation(),
                ACC1, AAPL, 1, side, OrdType.LIMIT, px(price), quantity, 0));
        }
    }

    @Test
    void loadsAFileAndAppliesDefaultsForMissingKeys(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("limits.properties");
        Files.writeString(file, String.join("\n",
            "# a comment",
            "instrument.BRK.B.referencePrice=415.50",
            "account.DESK7.maxPosition=5_000",
            "account.DESK7.restrictedSymbols = AAPL, MSFT ,",
            ""));
        final RiskLimits limits = RiskLimits.load(file);

        final InstrumentLimits brk = limits.instrument("BRK.B");
        assertEquals(Prices.parse("415.50"), brk.referencePrice());
        assertEquals(InstrumentLimits.DEFAULT_TICK_SIZE, brk.tickSize());
        assertEquals(InstrumentLimits.DEFAULT_LOT_SIZE, brk.lotSize());
        assertEquals(InstrumentLimits.DEFAULT_COLLAR_BPS, brk.collarBps());
        assertEquals(InstrumentLimits.DEFAULT_MAX_ORDER_QTY, brk.maxOrderQty());
        assertTrue(brk.tradable());
        assertFalse(brk.restricted());

        final AccountLimits desk = limits.account("DESK7");
        assertEquals(5_000, desk.maxPosition());
        assertEquals(AccountLimits.DEFAULT_MAX_ORDER_QTY, desk.maxOrderQty());
        assertEquals(AccountLimits.DEFAULT_MAX_ORDER_NOTIONAL, desk.maxOrderNotional());
        assertEquals(AccountLimits.DEFAULT_DAILY_NOTIONAL, desk.dailyNotional());
        assertEquals(AccountLimits.DEFAULT_MAX_OPEN_ORDERS, desk.maxOpenOrders());
        assertEquals(AccountLimits.DEFAULT_MAX_ORDERS_PER_SECOND, desk.maxOrdersPerSecond());
        assertTrue(desk.isRestricted(AAPL));
        assertEquals(2, desk.restrictedSymbolNames().size());

        assertEquals(RiskLimits.DEFAULT_ACCOUNT_CAPACITY, limits.accountCapacity());
        assertEquals(RiskLimits.DEFAULT_INSTRUMENT_CAPACITY, limits.instrumentCapacity());
        assertEquals(RiskLimits.DEFAULT_CL_ORD_ID_WINDOW, limits.clOrdIdWindow());
        assertNull(limits.instrument("AAPL"));
    }

    @Test
    void missingFileIsReportedWithItsPath(@TempDir final Path dir)
    {
        final UncheckedIOException ex =
            assertThrows(UncheckedIOException.class, () -> RiskLimits.load(dir.resolve("nope.properties")));
        assertTrue(ex.getMessage().contains("nope.properties"), ex.getMessage());
    }

    @Test
    void badEntryOfAFileIsNamedOnceWithTheFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("limits.properties");
        Files.writeString(file, "account.ACC1.maxPosition=abc\n");
        final RiskConfigException ex = assertThrows(RiskConfigException.class, () -> RiskLimits.load(file));
        assertEquals("account.ACC1.maxPosition=abc: not a whole number (in " + file + ")", ex.getMessage());
        assertEquals("account.ACC1.maxPosition", ex.key());
        assertEquals("abc", ex.value());
    }

    @Test
    void aKeySetTwiceInAFileIsRefusedNamingKeyAndFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("limits.properties");
        Files.writeString(file, String.join("\n",
            "instrument.IBM.referencePrice=150.00",
            "instrument.IBM.tickSize=0.01",
            "instrument.IBM.referencePrice = 15.00",
            ""));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> RiskLimits.load(file));
        assertEquals("configuration file " + file + ": instrument.IBM.referencePrice is set twice (the last value " +
            "would win): keep one", ex.getMessage());
    }

    @Test
    void writesAndReadsBackTheSameLimits()
    {
        final RiskLimits limits = RiskFixture.limits();
        final Properties written = limits.toProperties();
        assertEquals(written, RiskLimits.fromProperties(written).toProperties());
        assertEquals("0.05", written.getProperty("instrument.AAPL.tickSize"));
        assertEquals("IBM", written.getProperty("account.ACC1.restrictedSymbols"));
    }

    @Test
    void withSettingsChangesOnlyTheGivenKeysWithTheChecksOfAFile()
    {
        final RiskLimits limits = RiskFixture.limits();
        final RiskLimits changed =
            limits.withSettings("account.ACC1.maxOpenOrders", "7", "instrument.TSLA.referencePrice", "250.00");
        assertEquals(7, changed.account(ACC1).maxOpenOrders());
        assertEquals(Prices.parse("250.00"), changed.instrument("TSLA").referencePrice());
        final Properties expected = limits.toProperties();
        expected.setProperty("account.ACC1.maxOpenOrders", "7");
        expected.setProperty("instrument.TSLA.referencePrice", "250.00");
        assertEquals(RiskLimits.fromProperties(expected).toProperties(), changed.toProperties());
        assertEquals(5, limits.account(ACC1).maxOpenOrders(), "the original is unchanged");

        final RiskConfigException bad = assertThrows(RiskConfigException.class,
            () -> limits.withSettings("account.ACC1.maxPosition", "-5"));
        assertEquals("account.ACC1.maxPosition", bad.key());
        assertThrows(IllegalArgumentException.class, () -> limits.withSettings("account.ACC1.maxPosition"));
    }

    @Test
    void namesKeyValueAndReasonOfEveryBadEntry()
    {
        assertBad("instrument.AAPL.referencePrice", "abc", "not a decimal number");
        assertBad("instrument.AAPL.tickSize", "0.0000001", "decimal places");
        assertBad("instrument.AAPL.tickSize", "0", "out of range");
        assertBad("instrument.AAPL.lotSize", "-1", "out of range");
        assertBad("instrument.AAPL.lotSize", "1.5", "not a whole number");
        assertBad("instrument.AAPL.collarBps", "10001", "out of range");
        assertBad("instrument.AAPL.tradable", "yes", "expected true or false");
        assertBad("instrument.AAPL.tikSize", "0.01", "unknown field 'tikSize'");
        assertBad("account.ACC1.maxOrdersPerSecond", "0", "out of range");
        assertBad("account.ACC1.maxPosition", "-5", "out of range");
        assertBad("account.ACC1.dailyNotional", "lots", "not a decimal number");
        assertBad("account.ACC1.restrictedSymbols", "AAPL,WAYTOOLONG", "'WAYTOOLONG' is not a symbol");
        assertBad("risk.clOrdIdWindow", "0", "out of range");
        assertBad("risk.colour", "blue", "unknown setting");
        assertBad("instruments.AAPL.referencePrice", "1", "unknown key");
        assertBad("account.WAYTOOLONGNAME.maxPosition", "1", "1 to 8 printable ASCII");
    }

    @Test
    void instrumentWithoutReferencePriceIsRefused()
    {
        final Properties p = RiskFixture.properties();
        p.remove("instrument.IBM.referencePrice");
        p.setProperty("instrument.IBM.tickSize", "0.01");
        final RiskConfigException ex = assertThrows(RiskConfigException.class, () -> RiskLimits.fromProperties(p));
        assertEquals("instrument.IBM.referencePrice", ex.key());
        assertTrue(ex.getMessage().contains("needs a reference price"), ex.getMessage());
    }

    @Test
    void capacitiesMustHoldTheUniverse()
    {
        assertBad("risk.accountCapacity", "1", "out of range");
        assertBad("risk.instrumentCapacity", "2", "out of range");
    }

    private static void assertBad(final String key, final String value, final String why)
    {
        final Properties p = RiskFixture.properties();
        p.setProperty(key, value);
        final RiskConfigException ex = assertThrows(RiskConfigException.class, () -> RiskLimits.fromProperties(p));
        assertTrue(ex.getMessage().contains(key), ex.getMessage());
        assertTrue(ex.getMessage().contains(why), ex.getMessage());
        assertTrue(ex.getMessage().contains(value.trim()) || ex.getMessage().contains(key), ex.getMessage());
    }
}
