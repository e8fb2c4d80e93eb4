package io.peregrine.core.journal;

import io.peregrine.core.order.OrderTable;
import io.peregrine.core.order.OrderTableSnapshots;
import io.peregrine.risk.RiskReservation;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The orders part of a core snapshot is read by its tag's format: {@code ORD2} (records with the superseded client
 * order id) as this release writes it, {@code ORD1} as the release before wrote it, anything else refused.
 */
class CoreSnapshotOrderFormatTest
{
    private static final long ACC1 = 1;
    private static final long SYMBOL = 2;

    @Test
    void readsTheOrdersOfAFormat2AndOfAFormat1SnapshotAndRefusesAnUnknownFormat()
    {
        final OrderTable table = new OrderTable(4);
        final int slot = table.open(7, 100, 42, 1, OrdType.LIMIT, TimeInForce.DAY, 10_000_000, 0,
            new RiskReservation().load(ACC1, SYMBOL, Side.BUY, 10_000_000, 100, 0));
        table.pendingReplace(slot, 3, 101, 42, 10_000_000, 80, 0,
            new RiskReservation().load(ACC1, SYMBOL, Side.BUY, 10_000_000, 100, 0));
        table.applyReplace(slot);
        final ExpandableArrayBuffer orders = new ExpandableArrayBuffer();
        final int length = table.snapshotTo(orders, 0);

        assertEquals("7:101:100 ", readOrders("ORD2", orders, length));

        final ExpandableArrayBuffer format1 = new ExpandableArrayBuffer();
        final int format1Length = OrderTableSnapshots.asFormat1(orders, 0, format1, 0);
        assertEquals("7:101:0 ", readOrders("ORD1", format1, format1Length), "format 1 held no superseded id");

        final IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> readOrders("ORD3", orders, length));
        assertTrue(refused.getMessage().contains("ORD2"), refused.getMessage());
    }

    /**
     * @return "orderId:clOrdId:supersededClOrdId " per order of a state whose orders part (behind {@code tag}) is
     *         {@code orders}.
     */
    private static String readOrders(final String tag, final MutableDirectBuffer orders, final int length)
    {
        final ExpandableArrayBuffer state = new ExpandableArrayBuffer();
        int at = putTag(state, 0, "IDS1") + 24;
        at = putTag(state, at, "CLK1") + 8;
        at = putTag(state, at, tag);
        state.putBytes(at, orders, 0, length);
        final StringBuilder read = new StringBuilder();
        CoreSnapshot.readOrders(new SnapshotFile.Content(0, 0, state, 0, at + length), (table, slot) -> read
            .append(table.orderId(slot)).append(':').append(table.clOrdId(slot)).append(':')
            .append(table.supersededClOrdId(slot)).append(' '));
        return read.toString();
    }

    private static int putTag(final MutableDirectBuffer buffer, final int offset, final String ascii)
    {
        buffer.putInt(offset, ascii.charAt(0) << 24 | ascii.charAt(1) << 16 | ascii.charAt(2) << 8 | ascii.charAt(3));
        return offset + 4;
    }
}
