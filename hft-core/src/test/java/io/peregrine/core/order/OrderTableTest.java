package io.peregrine.core.order;

import io.peregrine.risk.RiskReservation;
import io.peregrine.sbe.OrdStatus;
import io.peregrine.sbe.OrdType;
import io.peregrine.sbe.Side;
import io.peregrine.sbe.TimeInForce;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class OrderTableTest
{
    private static final long ACC1 = 0x31434341L;
    private static final long ACC2 = 0x32434341L;
    private static final long SYMBOL = 0x4c504141L;

    @Test
    void refusesMoreWorkingOrdersThanCapacity()
    {
        final OrderTable table = new OrderTable(4);
        final Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 4; i++)
        {
            assertTrue(table.hasCapacity());
            slots.add(newOrder(table, i + 1, ACC1, 100 + i));
        }
        assertEquals(4, slots.size());
        assertEquals(4, table.workingCount());
        assertFalse(table.hasCapacity());
        assertEquals(OrderTable.NO_SLOT,
            table.open(5, 5, 1, 1, OrdType.LIMIT, TimeInForce.DAY, 0, 0, accepted(ACC1, 100)));
    }

    @Test
    void keepsClosedOrdersFindableUntilTheirSlotIsReused()
    {
        final OrderTable table = new OrderTable(2);
        final int first = newOrder(table, 1, ACC1, 100);
        final int second = newOrder(table, 2, ACC1, 101);
        table.close(first, OrdStatus.FILLED);
        assertEquals(1, table.workingCount());

        assertEquals(first, table.slotByOrderId(1));
        assertEquals(first, table.slotByClientOrderId(ACC1, 100));
        assertFalse(table.isWorking(first));
        assertEquals(OrdStatus.FILLED, table.status(first));

        final int third = newOrder(table, 3, ACC1, 102);
        assertEquals(first, third, "the closed order's slot is reused");
        assertEquals(OrderTable.NO_SLOT, table.slotByOrderId(1));
        assertEquals(OrderTable.NO_SLOT, table.slotByClientOrderId(ACC1, 100));
        assertEquals(third, table.slotByOrderId(3));
        assertEquals(second, table.slotByClientOrderId(ACC1, 101));
        assertEquals(0, table.cumQty(third), "reused slot starts clean");
    }

    @Test
    void reusesSlotsOldestClosedFirstAcrossManyWrapArounds()
    {
        final OrderTable table = new OrderTable(8);
        long orderId = 1;
        final int[] working = new int[3];
        for (int i = 0; i < working.length; i++)
        {
            working[i] = newOrder(table, orderId, ACC1, orderId);
            orderId++;
        }
        for (int round = 0; round < 10_000; round++)
        {
            final int slot = newOrder(table, orderId, ACC2, orderId);
            assertEquals(slot, table.slotByOrderId(orderId));
            table.close(slot, OrdStatus.CANCELED);
            orderId++;
            assertEquals(3, table.workingCount());
            assertTrue(table.hasCapacity());
        }
        for (int i = 0; i < working.length; i++)
        {
            assertEquals(working[i], table.slotByOrderId(i + 1), "working orders are never reclaimed");
            assertTrue(table.isWorking(working[i]));
        }
        // The five most recently closed orders are still findable, older ones are gone.
        assertTrue(OrderTable.NO_SLOT != table.slotByOrderId(orderId - 1));
        assertTrue(OrderTable.NO_SLOT != table.slotByClientOrderId(ACC2, orderId - 5));
        assertEquals(OrderTable.NO_SLOT, table.slotByOrderId(orderId - 6));
    }

    @Test
    void movesClientOrderIdIndexOnReplaceAndTracksFills()
    {
        final OrderTable table = new OrderTable(4);
        final int slot = newOrder(table, 7, ACC1, 100);
        table.pendingReplace(slot, 1, 200, 42, 0, 100, 0, accepted(ACC1, 100));
        table.applyReplace(slot);
        assertEquals(0, table.replaceRequestId(slot));
        assertEquals(OrderTable.NO_SLOT, table.slotByClientOrderId(ACC1, 100));
        assertEquals(slot, table.slotByClientOrderId(ACC1, 200));
        assertEquals(OrderTable.NO_SLOT, table.slotByClientOrderId(ACC2, 200), "client order ids are per account");

        table.addFill(slot, 30, 10_000_000);
        table.addFill(slot, 10, 14_000_000);
        assertEquals(40, table.cumQty(slot));
        assertEquals(60, table.leavesQty(slot));
        assertEquals(11_000_000, table.avgPx(slot));
    }

    @Test
    void keepsTheReservationRiskMadeAndThePendingReplacesUntilConfirmed()
    {
        final OrderTable table = new OrderTable(2);
        final int slot = table.open(9, 300, 42, 1, OrdType.MARKET, TimeInForce.IOC, 0, 5,
            new RiskReservation().load(ACC1, SYMBOL, Side.SELL, 105_000_000, 100, 0));
        final RiskReservation held = table.reservation(slot, new RiskReservation());
        assertEquals(ACC1, held.account());
        assertEquals(SYMBOL, held.symbol());
        assertEquals(Side.SELL, held.side());
        assertEquals(105_000_000, held.price(), "the reserved price, not the order's (0 for MARKET)");
        assertEquals(0, table.price(slot));
        assertEquals(100, held.quantity());

        table.addFill(slot, 30, 104_000_000);
        table.pendingReplace(slot, 7, 301, 42, 0, 60, 5,
            new RiskReservation().load(ACC1, SYMBOL, Side.SELL, 106_000_000, 100, 30));
        table.reservation(slot, held);
        assertEquals(106_000_000, held.price(), "while a replace is pending risk holds the replace's terms");
        assertEquals(100, held.quantity());
        assertEquals(30, held.filledQty());
        assertEquals(100, table.quantity(slot), "the order keeps its terms until the venue confirms");

        table.applyReplace(slot);
        table.reservation(slot, held);
        assertEquals(106_000_000, held.price());
        assertEquals(60, held.quantity());
        assertEquals(60, table.quantity(slot));
        assertEquals(slot, table.slotByClientOrderId(ACC1, 301));
    }

    @Test
    void rejectsNonPositiveCapacity()
    {
        assertThrows(IllegalArgumentException.class, () -> new OrderTable(0));
    }

    @Test
    void readsTheOrdersOfASnapshotInPlaceWithoutATableOfItsCapacity()
    {
        final OrderTable table = new OrderTable(4);
        final int filled = newOrder(table, 1, ACC1, 100);
        newOrder(table, 2, ACC2, 101);
        table.close(filled, OrdStatus.FILLED);
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer();
        final int end = table.snapshotTo(buffer, 8);

        final StringBuilder read = new StringBuilder();
        assertEquals(end, OrderTable.readSnapshot(buffer, 8, OrderTable.RECORD_LENGTH, (orders, slot) -> read.append(orders.orderId(slot))
            .append(':').append(orders.account(slot) == ACC1 ? "ACC1" : "ACC2").append(':')
            .append(orders.clOrdId(slot)).append(':').append(orders.isWorking(slot)).append(' ')));
        assertEquals("1:ACC1:100:false 2:ACC2:101:true ", read.toString());
    }

    @Test
    void anOrdersClientOrderIdBeforeItsLastReplaceFindsItUntilItsSlotIsReused()
    {
        final OrderTable table = new OrderTable(2);
        final int slot = newOrder(table, 1, ACC1, 100);
        assertEquals(OrderTable.NO_SLOT, table.slotBySupersededClOrdId(ACC1, 100), "its current id is not superseded");
        replace(table, slot, 101);
        assertEquals(slot, table.slotByClientOrderId(ACC1, 101));
        assertEquals(OrderTable.NO_SLOT, table.slotByClientOrderId(ACC1, 100));
        assertEquals(slot, table.slotBySupersededClOrdId(ACC1, 100));
        assertEquals(100, table.supersededClOrdId(slot));
        assertEquals(OrderTable.NO_SLOT, table.slotBySupersededClOrdId(ACC2, 100), "per account");

        replace(table, slot, 102);
        assertEquals(slot, table.slotBySupersededClOrdId(ACC1, 101));
        assertEquals(OrderTable.NO_SLOT, table.slotBySupersededClOrdId(ACC1, 100), "one superseded id per order");

        // A refused replace changes nothing: the id it asked for never named the order.
        table.pendingReplace(slot, 8, 103, 42, 10_000_000, 100, 0, accepted(ACC1, 100));
        table.clearPendingReplace(slot);
        assertEquals(slot, table.slotBySupersededClOrdId(ACC1, 101));
        assertEquals(OrderTable.NO_SLOT, table.slotBySupersededClOrdId(ACC1, 103));

        // Closed, the order keeps its ids until its slot is reused, then forgets them with it.
        table.close(slot, OrdStatus.CANCELED);
        assertEquals(slot, table.slotBySupersededClOrdId(ACC1, 101));
        newOrder(table, 2, ACC1, 200);
        assertEquals(slot, table.slotBySupersededClOrdId(ACC1, 101), "the other slot was taken first");
        final int reused = newOrder(table, 3, ACC1, 300);
        assertEquals(slot, reused);
        assertEquals(OrderTable.NO_SLOT, table.slotBySupersededClOrdId(ACC1, 101));
        assertEquals(0, table.supersededClOrdId(reused));
    }

    @Test
    void aSnapshotKeepsTheSupersededClientOrderIdsAndOneOfFormat1RestoresWithoutThem()
    {
        final OrderTable table = new OrderTable(4);
        final int replaced = newOrder(table, 1, ACC1, 100);
        replace(table, replaced, 101);
        final int closed = newOrder(table, 2, ACC2, 200);
        replace(table, closed, 201);
        table.close(closed, OrdStatus.FILLED);
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer();

        final OrderTable restored = restoredFromSnapshot(table, buffer);
        assertEquals(replaced, restored.slotBySupersededClOrdId(ACC1, 100));
        assertEquals(closed, restored.slotBySupersededClOrdId(ACC2, 200));
        assertEquals(replaced, restored.slotByClientOrderId(ACC1, 101));
        assertEquals(101, restored.clOrdId(replaced));

        // The same snapshot as format 1 wrote it: each record without its last 8 bytes.
        final org.agrona.ExpandableArrayBuffer format1 = new org.agrona.ExpandableArrayBuffer();
        final int to = OrderTableSnapshots.asFormat1(buffer, 0, format1, 0);
        final OrderTable fromFormat1 = new OrderTable(4);
        assertEquals(to, fromFormat1.restoreFrom(format1, 0, OrderTable.RECORD_LENGTH_FORMAT_1));
        assertEquals(replaced, fromFormat1.slotByClientOrderId(ACC1, 101));
        assertEquals(OrderTable.NO_SLOT, fromFormat1.slotBySupersededClOrdId(ACC1, 100), "format 1 did not hold it");
        assertEquals(0, fromFormat1.supersededClOrdId(replaced));
        assertEquals(100, fromFormat1.quantity(replaced));
        final StringBuilder read = new StringBuilder();
        OrderTable.readSnapshot(format1, 0, OrderTable.RECORD_LENGTH_FORMAT_1,
            (orders, slot) -> read.append(orders.clOrdId(slot)).append(':').append(orders.supersededClOrdId(slot))
                .append(' '));
        assertEquals("101:0 201:0 ", read.toString());
        assertThrows(IllegalArgumentException.class, () -> new OrderTable(4).restoreFrom(buffer, 0, 100));
    }

    @Test
    void aSupersededIdAnotherOrderTakesOverIsForgottenByTheFirstSoASnapshotRestoresTheSameIndex()
    {
        final OrderTable table = new OrderTable(4);
        final int first = newOrder(table, 1, ACC1, 100);
        replace(table, first, 101);
        // The client reuses 100 for a new order and replaces that one away too: 100 now names the second order.
        final int second = newOrder(table, 2, ACC1, 100);
        replace(table, second, 102);
        assertEquals(second, table.slotBySupersededClOrdId(ACC1, 100));
        assertEquals(0, table.supersededClOrdId(first), "the first order no longer claims it");

        final OrderTable restored = restoredFromSnapshot(table, new org.agrona.ExpandableArrayBuffer());
        assertEquals(second, restored.slotBySupersededClOrdId(ACC1, 100), "restored as it was live");
    }

    /**
     * Writes the table's snapshot at the start of {@code buffer} and restores it into a new table of the same
     * capacity, which must read the whole snapshot back.
     */
    private static OrderTable restoredFromSnapshot(final OrderTable table, final MutableDirectBuffer buffer)
    {
        final int end = table.snapshotTo(buffer, 0);
        final OrderTable restored = new OrderTable(table.capacity());
        assertEquals(end, restored.restoreFrom(buffer, 0, OrderTable.RECORD_LENGTH));
        return restored;
    }

    private static void replace(final OrderTable table, final int slot, final long newClOrdId)
    {
        table.pendingReplace(slot, 7, newClOrdId, 42, 10_000_000, 100, 0, accepted(table.account(slot), 100));
        table.applyReplace(slot);
    }

    private static int newOrder(final OrderTable table, final long orderId, final long account, final long clOrdId)
    {
        final int slot = table.open(orderId, clOrdId, 42, 1, OrdType.LIMIT, TimeInForce.DAY, 10_000_000, 0,
            accepted(account, 100));
        assertTrue(slot >= 0);
        return slot;
    }

    private static RiskReservation accepted(final long account, final long quantity)
    {
        return new RiskReservation().load(account, SYMBOL, Side.BUY, 10_000_000, quantity, 0);
    }

    @Test
    void capsWorkingOrdersPerAccountAndGivesTheShareBackWhenOrdersClose()
    {
        final OrderTable table = new OrderTable(8, new AccountOrderCapacity(2, 4));
        final int first = newOrder(table, 1, ACC1, 1);
        newOrder(table, 2, ACC1, 2);
        assertFalse(table.accountHasCapacity(ACC1), "ACC1 holds its two slots");
        assertTrue(table.accountHasCapacity(ACC2), "ACC2 is not affected");
        assertTrue(table.hasCapacity());
        newOrder(table, 3, ACC2, 1);
        assertEquals(1, table.accountCapacity().workingOrders(ACC2));

        table.close(first, OrdStatus.FILLED);
        assertTrue(table.accountHasCapacity(ACC1));
        assertEquals(1, table.accountCapacity().workingOrders(ACC1));
        assertThrows(IllegalArgumentException.class, () -> new AccountOrderCapacity(0, 4));
    }
}
