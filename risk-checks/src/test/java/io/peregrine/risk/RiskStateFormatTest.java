package io.peregrine.risk;

import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.peregrine.risk.RiskFixture.AAPL;
import static io.peregrine.risk.RiskFixture.ACC1;
import static io.peregrine.risk.RiskFixture.ACC2;
import static io.peregrine.risk.RiskFixture.MSFT;
import static io.peregrine.risk.RiskFixture.px;
import static io.peregrine.sbe.OrdType.LIMIT;
import static io.peregrine.sbe.RejectReason.NONE;
import static io.peregrine.sbe.Side.BUY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state file's format v3 (position and the account's executed notional in one entry per account and
 * instrument, so a fill is one write) and the migration of a format-v2 file found at open.
 */
@Timeout(180)
class RiskStateFormatTest
{
    @TempDir
    Path dir;

    @Test
    void aLoneFillIsOneWriteAndTheNotionalOfTheLatestEntryWinsOnReopen()
    {
        try (ChronicleRiskStore store = ChronicleRiskStore.open(dir, RiskFixture.limits()))
        {
            assertEquals(0, store.bindAccount(0, ACC1));
            assertEquals(0, store.bindPosition(0, 0, ACC1, AAPL));
            assertEquals(0, store.bindPosition(1, 0, ACC1, MSFT));
            final long before = store.writes();

            store.position(0, 10);
            store.executedNotional(0, 1_000);
            store.flush();
            assertEquals(before + 1, store.writes(), "one fill: one write carrying position and notional");

            store.position(1, -5);
            store.executedNotional(0, 3_000);
            store.position(1, -7);
            store.executedNotional(0, 4_000);
            store.flush();
            assertEquals(before + 2, store.writes(), "two fills of one pair in a cycle: one write");

            store.flush();
            assertEquals(before + 2, store.writes(), "nothing changed: nothing written");
        }
        try (ChronicleRiskStore store = ChronicleRiskStore.open(dir, RiskFixture.limits()))
        {
            // AAPL's entry carries 1,000, MSFT's (written later) 4,000: the later one is the account's notional
            assertEquals(4_000, store.bindAccount(0, ACC1));
            assertEquals(10, store.bindPosition(0, 0, ACC1, AAPL));
            assertEquals(-7, store.bindPosition(1, 0, ACC1, MSFT));

            store.executedNotional(0, 0); // a new day: the notional changes without a position
            store.flush();
        }
        try (ChronicleRiskStore store = ChronicleRiskStore.open(dir, RiskFixture.limits()))
        {
            assertEquals(0, store.bindAccount(0, ACC1), "the new day's notional entry is the latest");
            assertEquals(10, store.bindPosition(0, 0, ACC1, AAPL));
            store.position(0, 12);
            store.executedNotional(0, 200);
            store.flush();
        }
        try (ChronicleRiskStore store = ChronicleRiskStore.open(dir, RiskFixture.limits()))
        {
            assertEquals(200, store.bindAccount(0, ACC1));
            assertEquals(12, store.bindPosition(0, 0, ACC1, AAPL));
            assertEquals(-7, store.bindPosition(1, 0, ACC1, MSFT));
        }
    }

    @Test
    void aBuyAndASellThatCancelOutStillPersistTheNotional()
    {
        try (ChronicleRiskStore store = ChronicleRiskStore.open(dir, RiskFixture.limits()))
        {
            store.bindAccount(0, ACC1);
            store.bindPosition(0, 0, ACC1, AAPL);
            store.position(0, 10);
            store.executedNotional(0, 100);
            store.position(0, 0);
            store.executedNotional(0, 200);
            store.flush();
        }
        try (ChronicleRiskStore store = ChronicleRiskStore.open(dir, RiskFixture.limits()))
        {
            assertEquals(200, store.bindAccount(0, ACC1));
            assertEquals(0, store.bindPosition(0, 0, ACC1, AAPL));
        }
    }

    @Test
    void migratesAFormatV2FileKeepingPositionsNotionalsAndKillSwitches() throws IOException
    {
        writeFormatV2(new long[][]{
            { ACC1, AAPL, 100 },
            { ACC2, MSFT, -30 },
            { ACC1, ChronicleRiskStore.NOTIONAL, px("9970.00") },
            { ACC2, ChronicleRiskStore.NOTIONAL, px("6030.00") },
            { ACC2, ChronicleRiskStore.KILL, 1 },
            { ChronicleRiskStore.ALL_ACCOUNTS, ChronicleRiskStore.KILL, 0 } });

        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(100, risk.position(ACC1, AAPL));
            assertEquals(-30, risk.position(ACC2, MSFT));
            assertEquals(px("9970.00"), risk.executedNotional(ACC1));
            assertEquals(px("6030.00"), risk.executedNotional(ACC2));
            assertTrue(risk.isAccountKilled(ACC2));
            assertFalse(risk.isAccountKilled(ACC1));
            assertFalse(risk.isGlobalKilled());

            assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
                ACC1, MSFT, 1, BUY, LIMIT, px("200.00"), 10, 0));
            risk.onFill(ACC1, MSFT, BUY, px("200.00"), 10, px("200.00"));
        }
        assertFalse(Files.exists(dir.resolve(ChronicleRiskStore.PREVIOUS_STATE_FILE)), "the old file is gone");
        assertFalse(Files.exists(dir.resolve(ChronicleRiskStore.MIGRATING_STATE_FILE)));
        assertTrue(Files.exists(dir.resolve(ChronicleRiskStore.STATE_FILE)));

        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(100, risk.position(ACC1, AAPL));
            assertEquals(10, risk.position(ACC1, MSFT));
            assertEquals(px("11970.00"), risk.executedNotional(ACC1), "migrated notional plus the new fill");
            assertEquals(px("6030.00"), risk.executedNotional(ACC2));
            assertTrue(risk.isAccountKilled(ACC2));
        }
    }

    @Test
    void discardsThePartialCopyOfAnInterruptedMigrationAndMigratesAgain() throws IOException
    {
        writeFormatV2(new long[][]{ { ACC1, AAPL, 42 }, { ACC1, ChronicleRiskStore.NOTIONAL, 7 } });
        Files.writeString(dir.resolve(ChronicleRiskStore.MIGRATING_STATE_FILE), "half a copy");

        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(42, risk.position(ACC1, AAPL));
            assertEquals(7, risk.executedNotional(ACC1));
        }
        assertFalse(Files.exists(dir.resolve(ChronicleRiskStore.MIGRATING_STATE_FILE)));
        assertFalse(Files.exists(dir.resolve(ChronicleRiskStore.PREVIOUS_STATE_FILE)));
    }

    @Test
    void aMigrationStoppedAfterItsRenameKeepsTheNewFile() throws IOException
    {
        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(NONE, risk.evaluateNewOrder(new RiskReservation(),
                ACC1, AAPL, 1, BUY, LIMIT, px("100.00"), 10, 0));
            risk.onFill(ACC1, AAPL, BUY, px("100.00"), 10, px("100.00"));
        }
        // the old file the migration had not deleted yet, with the state before the migration
        writeFormatV2(new long[][]{ { ACC1, AAPL, 999 }, { ACC1, ChronicleRiskStore.NOTIONAL, 1 } });

        try (PreTradeRisk risk = PreTradeRisk.persistent(RiskFixture.limits(), dir))
        {
            assertEquals(10, risk.position(ACC1, AAPL));
            assertEquals(px("1000.00"), risk.executedNotional(ACC1));
        }
        assertFalse(Files.exists(dir.resolve(ChronicleRiskStore.PREVIOUS_STATE_FILE)));
    }

    /**
     * A state file as format v2 wrote it: {@code RiskStateKey -> LongValue}, one entry per position, notional and
     * kill switch.
     */
    private void writeFormatV2(final long[][] rows) throws IOException
    {
        final RiskStateKey key = Values.newHeapInstance(RiskStateKey.class);
        final LongValue value = Values.newHeapInstance(LongValue.class);
        try (ChronicleMap<RiskStateKey, LongValue> map = ChronicleMap.of(RiskStateKey.class, LongValue.class)
            .name("peregrine-risk-state")
            .entries(1_000)
            .maxBloatFactor(10)
            .createPersistedTo(dir.resolve(ChronicleRiskStore.PREVIOUS_STATE_FILE).toFile()))
        {
            for (final long[] row : rows)
            {
                key.setAccount(row[0]);
                key.setSymbol(row[1]);
                value.setValue(row[2]);
                map.put(key, value);
            }
        }
    }
}
