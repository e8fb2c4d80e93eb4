package io.peregrine.risk;

import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state file's format v3 (position and the account's executed notional in one record per account and
 * instrument, so a fill is one write; records written with the sequence last), what a crash in the middle of a write
 * or an append leaves, and the migration of a format-v2 file found at open.
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
            // AAPL's record carries 1,000, MSFT's (written later) 4,000: the later one is the account's notional
            assertAcc1Reopened(store, 4_000, 10);
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
            assertAcc1Reopened(store, 200, 12);
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
            assertAcc1Reopened(store, 200, 0);
        }
    }

    /**
     * Binds ACC1 and its AAPL position (slots 0) in a reopened store and checks what they read back.
     */
    private static void assertAcc1Reopened(
        final ChronicleRiskStore store, final long executedNotional, final long aaplPosition)
    {
        assertEquals(executedNotional, store.bindAccount(0, ACC1));
        assertEquals(aaplPosition, store.bindPosition(0, 0, ACC1, AAPL));
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

    @Test
    void aWriteCutBeforeItsSequenceLeavesThePreviousValue() throws IOException
    {
        final Path file = dir.resolve("state.dat");
        try (RiskStateFile state = RiskStateFile.open(file, 4))
        {
            final int record = state.add(ACC1, AAPL);
            state.write(record, 5, 50, 1);
            state.write(record, 6, 60, 2);
        }
        // what a crash inside the third write leaves: the idle half (half 0, sequence 1) has its new position and
        // notional, its sequence was never stored
        final long recordOffset = RiskStateFile.HEADER_LENGTH;
        putLong(file, recordOffset + 16, 7);
        putLong(file, recordOffset + 24, 70);
        try (RiskStateFile state = RiskStateFile.open(file, 4))
        {
            final int record = state.find(ACC1, AAPL);
            assertEquals(6, state.position(record));
            assertEquals(60, state.notional(record));
            assertEquals(2, state.sequence(record));
            state.write(record, 8, 80, 3);
            assertEquals(8, state.position(record));
        }
        try (RiskStateFile state = RiskStateFile.open(file, 4))
        {
            assertEquals(8, state.position(state.find(ACC1, AAPL)));
        }
    }

    @Test
    void aRecordAppendedButNotCountedDoesNotExist() throws IOException
    {
        final Path file = dir.resolve("state.dat");
        try (RiskStateFile state = RiskStateFile.open(file, 4))
        {
            state.write(state.add(ACC1, AAPL), 5, 50, 1);
        }
        // a crash inside the next append: key written, count not raised
        final long second = RiskStateFile.HEADER_LENGTH + RiskStateFile.RECORD_LENGTH;
        putLong(file, second, ACC2);
        putLong(file, second + 8, MSFT);
        try (RiskStateFile state = RiskStateFile.open(file, 4))
        {
            assertEquals(1, state.count());
            assertEquals(-1, state.find(ACC2, MSFT));
            final int record = state.add(ACC2, MSFT);
            assertEquals(1, record);
            assertEquals(0, state.position(record), "the appended record starts from zero");
        }
    }

    @Test
    void refusesASecondOpenAndAFileOfAnotherFormat() throws IOException
    {
        final Path file = dir.resolve("state.dat");
        try (RiskStateFile first = RiskStateFile.open(file, 4))
        {
            assertEquals(0, first.count());
            final IllegalStateException busy =
                assertThrows(IllegalStateException.class, () -> RiskStateFile.open(file, 4));
            assertTrue(busy.getMessage().contains("one core at a time"), busy.getMessage());
        }
        final Path other = dir.resolve("other.dat");
        Files.writeString(other, "x".repeat(200));
        final IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> RiskStateFile.open(other, 4));
        assertTrue(refused.getMessage().contains("move it away"), refused.getMessage());
    }

    @Test
    void aFileCutBeforeItsHeaderWasWrittenIsTakenAsNew() throws IOException
    {
        final Path file = dir.resolve("state.dat");
        Files.write(file, new byte[RiskStateFile.HEADER_LENGTH + 4 * RiskStateFile.RECORD_LENGTH]); // zeros
        try (RiskStateFile state = RiskStateFile.open(file, 4))
        {
            assertEquals(0, state.count());
            state.write(state.add(ACC1, AAPL), 3, 30, 1);
        }
        try (RiskStateFile state = RiskStateFile.open(file, 4))
        {
            assertEquals(3, state.position(state.find(ACC1, AAPL)));
        }
    }

    private static void putLong(final Path file, final long offset, final long value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            final ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value);
            channel.write(bytes, offset);
        }
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
