package io.peregrine.core.journal;

import io.peregrine.core.PeregrineContext;
import io.peregrine.core.system.TestStack;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.BooleanType;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.KillScope;
import io.peregrine.sbe.LimitType;
import io.peregrine.sbe.LimitUpdateEncoder;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.SymbolKillSwitchEncoder;
import io.peregrine.sbe.VenuePauseEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.ACC2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail prints what came in, what the core published and why a request was refused, filtered by account,
 * order and time, from a live core's journal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalAuditTest
{
    @TempDir
    Path dir;

    @Test
    void printsInputsDecisionsAndRejectReasonsFilteredByAccountOrderAndTime() throws Exception
    {
        final Path journal = dir.resolve("core");
        try (TestStack stack = new TestStack(AutoFillVenue.Mode.FILL, new PeregrineContext().journalDir(journal)))
        {
            stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, 190 * Prices.SCALE, 100);
            final long orderId = stack.awaitExecution(
                (e) -> e.clOrdId() == 1 && e.execType() == ExecType.FILL, "fill").orderId();
            stack.newLimitOrder(2, ACC2, AAPL, Side.BUY, 500 * Prices.SCALE, 10);
            stack.awaitExecution(2, ExecType.REJECTED, "collar reject");

            // Live: the core still runs and holds the journal.
            final List<String> all = audit(journal);
            assertTrue(all.get(0).contains("START journal created"), all.get(0));
            assertTrue(all.stream().anyMatch((l) -> l.contains("IN-CLIENT NewOrder client=7 clOrdId=1 account=ACC1")),
                String.join("\n", all));
            assertTrue(all.stream().anyMatch((l) -> l.contains("OUT-VENUE VenueNewOrder orderId=" + orderId)));
            assertTrue(all.stream().anyMatch((l) -> l.contains("IN-VENUE VenueExecution orderId=" + orderId +
                " requestId=0 FILL")));
            assertTrue(all.stream().anyMatch((l) -> l.contains("OUT-REPORT ExecutionReport client=7 clOrdId=2") &&
                l.contains("REJECTED") && l.contains("reason=PRICE_OUTSIDE_COLLAR (PRICE_OUTSIDE_COLLAR)")),
                String.join("\n", all));

            final List<String> acc2 = audit(journal, "--account", "ACC2");
            assertEquals(2, acc2.size(), String.join("\n", acc2)); // its NewOrder and the reject
            assertTrue(acc2.stream().allMatch((l) -> l.contains("clOrdId=2")));

            final List<String> order = audit(journal, "--order", Long.toString(orderId));
            // NewOrder, VenueNewOrder, venue ack, NEW report, venue fill, FILL report.
            assertEquals(6, order.size(), String.join("\n", order));

            assertEquals(0, audit(journal, "--to", "2000-01-01T00:00:00Z").size());
            assertEquals(all.size(), audit(journal, "--from", "0").size());
        }
        assertThrows(JournalException.class, () -> audit(dir.resolve("nothing")));
    }

    @Test
    void anAccountsViewHoldsTheVenuesMessagesAboutItsOrdersAndTheGlobalKillSwitch() throws Exception
    {
        final Path journal = dir.resolve("account");
        try (TestStack stack = new TestStack(AutoFillVenue.Mode.FILL,
            new PeregrineContext().journalDir(journal).adminClientIds(7)))
        {
            stack.newLimitOrder(1, ACC1, AAPL, Side.BUY, 190 * Prices.SCALE, 100);
            final long orderId = stack.awaitExecution(
                (e) -> e.clOrdId() == 1 && e.execType() == ExecType.FILL, "fill").orderId();
            stack.offer(() -> stack.client.killSwitch(50, KillScope.GLOBAL, 0, false));
            stack.awaitTrue(() -> 1 == stack.reports.adminResponses.size(), "the kill switch's answer");

            final List<String> acc1 = audit(journal, "--account", "ACC1");
            final String text = String.join("\n", acc1);
            // The venue's ack and fill name only the order: found through the order's earlier venue request.
            assertEquals(2, acc1.stream().filter((l) -> l.contains("IN-VENUE VenueExecution orderId=" + orderId))
                .count(), text);
            assertTrue(acc1.stream().anyMatch((l) -> l.contains("IN-CLIENT KillSwitch commandId=50 GLOBAL")), text);
            assertTrue(acc1.stream().anyMatch((l) -> l.contains("OUT-REPORT AdminResponse commandId=50 APPLIED")),
                text);

            final List<String> acc2 = audit(journal, "--account", "ACC2");
            assertTrue(acc2.stream().noneMatch((l) -> l.contains("VenueExecution")), String.join("\n", acc2));
            assertTrue(acc2.stream().anyMatch((l) -> l.contains("KillSwitch commandId=50 GLOBAL")),
                String.join("\n", acc2));
        }
    }

    /**
     * A later release's entries (a higher schema version: its core accepted them, and an OUT entry is that core's own
     * output) were printed "refused by the core as UNSUPPORTED_SCHEMA" by an earlier release's tool.
     */
    @Test
    void anEntryOfALaterSchemaVersionIsNamedAsSuchNotAsRefused() throws Exception
    {
        final Path journal = dir.resolve("later");
        try (CoreJournal core = CoreJournal.open(journal, 0))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final MessageHeaderEncoder header = new MessageHeaderEncoder();
            final VenuePauseEncoder pause = new VenuePauseEncoder()
                .wrapAndApplyHeader(buffer, 0, header).commandId(6).venueId(1).clientId(9900);
            header.version(MessageHeaderEncoder.SCHEMA_VERSION + 1);
            assertTrue(core.append(JournalEntry.INGRESS, 1, 3, buffer, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + pause.encodedLength()));
            header.schemaId(MessageHeaderEncoder.SCHEMA_ID + 1);
            assertTrue(core.append(JournalEntry.INGRESS, 2, 3, buffer, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + pause.encodedLength()));
        }
        final List<String> all = audit(journal);
        final String text = String.join("\n", all);
        assertTrue(all.stream().anyMatch((l) -> l.contains("version " + (MessageHeaderEncoder.SCHEMA_VERSION + 1) +
            ": written by a later release")), text);
        assertEquals(1, all.stream().filter((l) -> l.contains("refused by the core as UNSUPPORTED_SCHEMA")).count(),
            text); // only the other schema's
    }

    @Test
    void printsTheOperabilityCommandsAndTheFreeingOfTheGatewaysIdInsteadOfCallingThemUnknown() throws Exception
    {
        final Path journal = dir.resolve("ops");
        try (CoreJournal core = CoreJournal.open(journal, 0))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final MessageHeaderEncoder header = new MessageHeaderEncoder();
            final SymbolKillSwitchEncoder kill = new SymbolKillSwitchEncoder()
                .wrapAndApplyHeader(buffer, 0, header).commandId(5).symbol("AAPL").clientId(9900)
                .cancelWorking(BooleanType.TRUE);
            assertTrue(core.append(JournalEntry.INGRESS, 1, 3, buffer, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + kill.encodedLength()));
            final VenuePauseEncoder pause = new VenuePauseEncoder()
                .wrapAndApplyHeader(buffer, 0, header).commandId(6).venueId(1).clientId(9900);
            assertTrue(core.append(JournalEntry.INGRESS, 2, 3, buffer, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + pause.encodedLength()));
            assertTrue(core.appendValue(JournalEntry.SOURCE_GONE, 3, 77));
        }
        final List<String> all = audit(journal);
        assertTrue(all.stream().anyMatch((l) -> l.contains(
            "IN-CLIENT SymbolKillSwitch client=9900 commandId=5 symbol=AAPL cancelWorking=1")), String.join("\n", all));
        assertTrue(all.stream().anyMatch((l) -> l.contains("IN-CLIENT VenuePause client=9900 commandId=6 venue=1")),
            String.join("\n", all));
        assertTrue(all.stream().anyMatch((l) -> l.contains("IN-SOURCE-GONE") && l.contains("Aeron session 77")),
            String.join("\n", all));
        assertTrue(all.stream().noneMatch((l) -> l.contains("UNKNOWN")), String.join("\n", all));
    }

    @Test
    void printsALimitUpdatesSenderSymbolLimitsAndValues() throws Exception
    {
        final Path journal = dir.resolve("limits");
        try (CoreJournal core = CoreJournal.open(journal, 0))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final LimitUpdateEncoder update = new LimitUpdateEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).commandId(8).account("ACC1").symbol("AAPL")
                .clientId(9900);
            update.limitsCount(3)
                .next().limitType(LimitType.MAX_ORDER_QTY).value(5_000)
                .next().limitType(LimitType.DAILY_NOTIONAL).value(2_500_000 * Prices.SCALE)
                .next().limitType(LimitType.RESTRICTED).value(1);
            assertTrue(core.append(JournalEntry.INGRESS, 1, 3, buffer, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + update.encodedLength()));
        }
        final List<String> acc1 = audit(journal, "--account", "ACC1");
        assertEquals(1, acc1.size(), String.join("\n", acc1));
        assertTrue(acc1.get(0).contains("IN-CLIENT LimitUpdate client=9900 commandId=8 account=ACC1 symbol=AAPL " +
            "MAX_ORDER_QTY=5000 DAILY_NOTIONAL=" + Prices.format(2_500_000 * Prices.SCALE) + " RESTRICTED=1"),
            acc1.get(0));
    }

    private static List<String> audit(final Path journal, final String... args) throws Exception
    {
        final JournalAudit audit = JournalAudit.fromArgs(args);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            audit.print(journal, out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
