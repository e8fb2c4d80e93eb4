package io.peregrine.core.system;

import io.peregrine.core.PeregrineContext;
import io.peregrine.core.venue.AutoFillVenue;
import io.peregrine.protocol.PackedAscii;
import io.peregrine.protocol.Prices;
import io.peregrine.sbe.AdminResult;
import io.peregrine.sbe.BooleanType;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.MessageHeaderEncoder;
import io.peregrine.sbe.RejectReason;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.SymbolKillSwitchEncoder;
import io.peregrine.sbe.SymbolResumeEncoder;
import io.peregrine.sbe.VenuePauseEncoder;
import io.peregrine.sbe.VenueResumeEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static io.peregrine.core.DemoUniverse.AAPL;
import static io.peregrine.core.DemoUniverse.ACC1;
import static io.peregrine.core.DemoUniverse.MSFT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's gates of schema version 2: a per-symbol kill switch (templates 14/15) and a per-venue pause
 * (16/17), each answered by an AdminResponse (the venue acks and never fills, so orders stay working).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TradingGatesSystemTest
{
    /** The test client's id, made an admin: only admin client ids may use the gates. */
    private static final int ADMIN = 7;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private TestStack stack;

    @BeforeEach
    void launch()
    {
        stack = new TestStack(AutoFillVenue.Mode.ACK_ONLY, new PeregrineContext().adminClientIds(ADMIN));
    }

    @AfterEach
    void tearDown()
    {
        stack.close();
    }

    @Test
    void symbolKillSwitchCancelsThatSymbolsOrdersAndRejectsNewOnesUntilResumed()
    {
        awaitAck(1, AAPL, 190);
        awaitAck(2, MSFT, 420);

        final int kill = encodeSymbolKill(500, AAPL, true);
        stack.offer(() -> stack.client.offerRaw(buffer, 0, kill));
        final ReportCollector.Admin response = awaitAdmin(1);
        assertEquals(AdminResult.APPLIED, response.result());
        assertEquals(SymbolKillSwitchEncoder.TEMPLATE_ID, response.commandTemplateId());
        assertEquals(1, response.affectedOrders());
        stack.awaitExecution(1, ExecType.CANCELED, "AAPL order canceled");
        assertTrue(stack.executionsFor(2).stream().noneMatch((e) -> e.execType() == ExecType.CANCELED));

        assertRejected(3, AAPL, 190, RejectReason.KILL_SWITCH_SYMBOL);
        awaitAck(4, MSFT, 420);

        final int resume = new SymbolResumeEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(501).clientId(ADMIN)
            .encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + SymbolResumeEncoder.symbolEncodingOffset(), AAPL,
            ByteOrder.LITTLE_ENDIAN);
        stack.offer(() -> stack.client.offerRaw(buffer, 0, resume));
        assertEquals(AdminResult.APPLIED, awaitAdmin(2).result());
        awaitAck(5, AAPL, 190);
    }

    @Test
    void unknownSymbolIsRefusedAndChangesNothing()
    {
        final int kill = encodeSymbolKill(600, PackedAscii.pack("ZZZZ"), true);
        stack.offer(() -> stack.client.offerRaw(buffer, 0, kill));
        final ReportCollector.Admin response = awaitAdmin(1);
        assertEquals(AdminResult.REJECTED, response.result());
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, response.rejectReason());
        awaitAck(1, AAPL, 190);
    }

    @Test
    void pausedVenueRejectsNewOrdersButLetsCancelsThrough()
    {
        awaitAck(1, AAPL, 190);
        final int pause = new VenuePauseEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(700).clientId(ADMIN).venueId(1)
            .encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        stack.offer(() -> stack.client.offerRaw(buffer, 0, pause));
        assertEquals(AdminResult.APPLIED, awaitAdmin(1).result());
        assertRejected(2, AAPL, 190, RejectReason.VENUE_PAUSED);

        stack.offer(() -> stack.client.cancel(3, 1, 0, ACC1));
        stack.awaitExecution(3, ExecType.CANCELED, "cancel passes a pause");

        final int resume = new VenueResumeEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(701).clientId(ADMIN).venueId(1)
            .encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        stack.offer(() -> stack.client.offerRaw(buffer, 0, resume));
        assertEquals(AdminResult.APPLIED, awaitAdmin(2).result());
        awaitAck(4, AAPL, 190);
    }

    @Test
    void gatesObeyOnlyAdminClientIds()
    {
        awaitAck(1, AAPL, 190);
        final int pause = new VenuePauseEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(800)
            .clientId(ADMIN + 1).venueId(1).encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        stack.offer(() -> stack.client.offerRaw(buffer, 0, pause));
        ReportCollector.Admin response = awaitAdmin(1);
        assertEquals(AdminResult.REJECTED, response.result());
        assertEquals(RejectReason.NOT_AUTHORISED, response.rejectReason());

        final int kill = new SymbolKillSwitchEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(801)
            .clientId(ADMIN + 1).cancelWorking(BooleanType.TRUE).encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + SymbolKillSwitchEncoder.symbolEncodingOffset(), AAPL,
            ByteOrder.LITTLE_ENDIAN);
        stack.offer(() -> stack.client.offerRaw(buffer, 0, kill));
        response = awaitAdmin(2);
        assertEquals(AdminResult.REJECTED, response.result());
        assertEquals(RejectReason.NOT_AUTHORISED, response.rejectReason());
        assertEquals(0, response.affectedOrders());

        awaitAck(2, AAPL, 190);
        assertTrue(stack.executionsFor(1).stream().noneMatch((e) -> e.execType() == ExecType.CANCELED));
    }

    private int encodeSymbolKill(final long commandId, final long symbol, final boolean cancelWorking)
    {
        final int length = new SymbolKillSwitchEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(commandId)
            .clientId(ADMIN).cancelWorking(cancelWorking ? BooleanType.TRUE : BooleanType.FALSE).encodedLength() +
            MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + SymbolKillSwitchEncoder.symbolEncodingOffset(), symbol,
            ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    private ReportCollector.Admin awaitAdmin(final int count)
    {
        stack.awaitTrue(() -> stack.reports.adminResponses.size() == count, "admin response " + count);
        return stack.reports.adminResponses.get(count - 1);
    }

    private void awaitAck(final long clOrdId, final long symbol, final long price)
    {
        stack.newLimitOrder(clOrdId, ACC1, symbol, Side.BUY, price * Prices.SCALE, 10);
        stack.awaitExecution(clOrdId, ExecType.NEW, "ack of " + clOrdId);
    }

    private void assertRejected(final long clOrdId, final long symbol, final long price, final RejectReason reason)
    {
        stack.newLimitOrder(clOrdId, ACC1, symbol, Side.BUY, price * Prices.SCALE, 10);
        final ReportCollector.Execution reject = stack.awaitExecution((e) -> e.clOrdId() == clOrdId, "reject");
        assertEquals(ExecType.REJECTED, reject.execType());
        assertEquals(reason, reject.rejectReason());
    }
}
