package io.peregrine.sim.book;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slab both book stores keep their records in: every record once until full, freed ones first, fields kept. */
class RecordSlabTest
{
    @Test
    void bothStoresHandOutEveryRecordOnceUntilFullThenTheFreedOnesFirst()
    {
        for (final RecordSlab slab : List.of(new OrderStore(4), new LevelStore(4)))
        {
            final Set<Integer> records = new HashSet<>();
            for (int i = 0; i < 4; i++)
            {
                assertFalse(slab.isFull());
                assertTrue(records.add(slab.allocate()));
            }
            assertEquals(Set.of(0, 1, 2, 3), records);
            assertTrue(slab.isFull());
            assertEquals(RecordSlab.NONE, slab.allocate());
            assertEquals(4, slab.size());

            slab.free(2);
            slab.free(0);
            assertEquals(2, slab.size());
            assertEquals(0, slab.allocate(), "last freed, first reused");
            assertEquals(2, slab.allocate());
            assertEquals(RecordSlab.NONE, slab.allocate());
            assertEquals(4, slab.capacity());
        }
    }

    @Test
    void aRecordsFieldsAreItsOwnAndALevelStartsEmpty()
    {
        final OrderStore orders = new OrderStore(2);
        final int a = orders.allocate();
        final int b = orders.allocate();
        orders.set(a, 11, 12, 13, 14, 15);
        orders.set(b, 21, 22, 23, 24, 25);
        orders.next(a, b);
        orders.prev(b, a);
        orders.level(b, 7);
        assertEquals(List.of(11L, 12L, 13L, 14L, 15L), List.of(orders.orderId(a), orders.account(a), orders.price(a),
            orders.quantity(a), orders.leaves(a)));
        assertEquals(List.of(21L, 22L, 23L, 24L, 25L), List.of(orders.orderId(b), orders.account(b), orders.price(b),
            orders.quantity(b), orders.leaves(b)));
        assertEquals(b, orders.next(a));
        assertEquals(a, orders.prev(b));
        assertEquals(7, orders.level(b));

        final LevelStore levels = new LevelStore(1);
        final int level = levels.allocate(1_000, LevelStore.SELL);
        levels.addQuantity(level, 30);
        levels.addOrderCount(level, 2);
        levels.free(level);
        assertEquals(level, levels.allocate(2_000, LevelStore.BUY));
        assertEquals(List.of(2_000L, 0L, LevelStore.BUY), List.of(levels.price(level), levels.quantity(level),
            levels.side(level)));
        assertEquals(List.of(RecordSlab.NONE, RecordSlab.NONE, 0),
            List.of(levels.head(level), levels.tail(level), levels.orderCount(level)));
    }
}
