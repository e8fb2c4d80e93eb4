package io.peregrine.protocol;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterSetTest
{
    private static final CounterDescriptor ORDERS =
        CounterDescriptor.counter(1390, CounterKey.NONE, "test: orders", "peregrine_test_orders", "orders");
    private static final CounterDescriptor LOGGED_ON =
        CounterDescriptor.gauge(1391, CounterKey.VENUE, "test: logged on venue=", "peregrine_test_logged_on", "on");
    private static final CounterDescriptor REJECTS =
        CounterDescriptor.counter(1392, CounterKey.REASON, "test: rejects reason=", "peregrine_test_rejects", "r");
    private static final CounterDescriptor TRADES =
        CounterDescriptor.counter(1393, CounterKey.NONE, "test: trades", "peregrine_test_trades", "trades");

    private static final CounterDescriptor POSITION = CounterDescriptor.gauge(1394, CounterKey.ACCOUNT_SYMBOL,
        "test: position account symbol=", "peregrine_test_position", "position");

    private final CountersManager manager = InProcessCounters.manager(8);

    @Test
    void allocatesAnAccountSymbolCounterWithItsSixteenByteKeyAndRefusesItOneKey()
    {
        final CounterSet counters = new CounterSet(manager::newCounter);

        final AtomicCounter position = counters.add(POSITION, PackedAscii.pack("ACC1"), PackedAscii.pack("AAPL"),
            "ACC1 AAPL");

        final int key = CountersReader.metaDataOffset(position.id()) + CountersReader.KEY_OFFSET;
        assertEquals(PackedAscii.pack("ACC1"), manager.metaDataBuffer().getLong(key));
        assertEquals(PackedAscii.pack("AAPL"), manager.metaDataBuffer().getLong(key + Long.BYTES));
        assertEquals("test: position account symbol=ACC1 AAPL", manager.getCounterLabel(position.id()));
        assertThrows(IllegalArgumentException.class, () -> counters.add(POSITION, 1, "ACC1"));
        assertThrows(IllegalArgumentException.class, () -> new CounterSet(manager::newCounter).add(LOGGED_ON, 1, 2,
            "1 2"));
    }

    @Test
    void allocatesAnUnkeyedCounterWithKeyZeroAndAKeyedOneWithItsKeyAndTheKeyTextAfterItsLabel()
    {
        final CounterSet counters = new CounterSet(manager::newCounter);

        final AtomicCounter orders = counters.add(ORDERS);
        final AtomicCounter loggedOn = counters.add(LOGGED_ON, 7, "7");

        assertEquals(1390, manager.getCounterTypeId(orders.id()));
        assertEquals("test: orders", manager.getCounterLabel(orders.id()));
        assertEquals(0, manager.metaDataBuffer().getLong(CountersReader.metaDataOffset(orders.id()) +
            CountersReader.KEY_OFFSET));
        assertEquals(1391, manager.getCounterTypeId(loggedOn.id()));
        assertEquals("test: logged on venue=7", manager.getCounterLabel(loggedOn.id()));
        assertEquals(7, manager.metaDataBuffer().getLong(CountersReader.metaDataOffset(loggedOn.id()) +
            CountersReader.KEY_OFFSET));
    }

    @Test
    void putsItsPrefixBeforeEveryLabel()
    {
        final CounterSet counters = new CounterSet(manager::newCounter, "venue acceptor: ");

        assertEquals("venue acceptor: test: orders", manager.getCounterLabel(counters.add(ORDERS).id()));
        assertEquals("venue acceptor: test: rejects reason=RISK",
            manager.getCounterLabel(counters.add(REJECTS, 4, "RISK").id()));
    }

    @Test
    void addsTheUnkeyedCountersOfAListOrTheOnesOfOneKindWithOneKeyInTheListsOrder()
    {
        final List<CounterDescriptor> declared = List.of(TRADES, ORDERS, LOGGED_ON, REJECTS);
        final CounterSet global = new CounterSet(manager::newCounter);
        final CounterSet venue = new CounterSet(manager::newCounter);

        global.addUnkeyed(declared);
        venue.addKeyed(declared, CounterKey.VENUE, 3, "3");

        assertEquals(global.get(ORDERS).id(), global.get(TRADES).id() + 1, "in the list's order");
        assertEquals("test: logged on venue=3", manager.getCounterLabel(venue.get(LOGGED_ON).id()));
        assertThrows(IllegalArgumentException.class, () -> global.get(LOGGED_ON), "keyed: not with the unkeyed");
        assertThrows(IllegalArgumentException.class, () -> venue.get(REJECTS), "keyed by another kind");
        assertThrows(IllegalArgumentException.class, () -> venue.get(ORDERS), "unkeyed: not with the keyed");
        assertThrows(IllegalArgumentException.class, () -> venue.addKeyed(declared, CounterKey.NONE, 0, ""));
    }

    @Test
    void findsACounterAddedOnceButNotOneAddedWithSeveralKeys()
    {
        final CounterSet counters = new CounterSet(manager::newCounter);
        final AtomicCounter orders = counters.add(ORDERS);
        counters.add(REJECTS, 1, "ONE");
        counters.add(REJECTS, 2, "TWO");
        counters.add(REJECTS, 3, "THREE");

        assertSame(orders, counters.get(ORDERS));
        final IllegalArgumentException several =
            assertThrows(IllegalArgumentException.class, () -> counters.get(REJECTS));
        assertEquals("counter 1392 was added with several keys", several.getMessage());
        final IllegalArgumentException absent =
            assertThrows(IllegalArgumentException.class, () -> counters.get(TRADES));
        assertEquals("counter 1393 was not added", absent.getMessage());
    }

    @Test
    void refusesAKeyedCounterWithoutItsKeyAndAnUnkeyedOneWithAKey()
    {
        final CounterSet counters = new CounterSet(manager::newCounter);

        assertThrows(IllegalArgumentException.class, () -> counters.add(LOGGED_ON));
        assertThrows(IllegalArgumentException.class, () -> counters.add(ORDERS, 1, "1"));
        assertEquals(0, countAllocated(), "nothing allocated");
    }

    @Test
    void closeFreesEveryCounterItAllocatedAndClosingAgainDoesNothing()
    {
        final CounterSet counters = new CounterSet(manager::newCounter);
        counters.add(ORDERS);
        counters.add(REJECTS, 1, "ONE");
        counters.add(REJECTS, 2, "TWO");
        assertEquals(3, countAllocated());

        counters.close();
        assertEquals(0, countAllocated());
        counters.close();
        assertEquals(0, countAllocated());
        assertTrue(counters.get(ORDERS).isClosed(), "still found, closed");
    }

    @Test
    void anAllocationThatFailsPartwayFreesTheCountersAllocatedBeforeIt()
    {
        final int[] calls = new int[1];
        final CounterSet counters = new CounterSet(
            (typeId, keyBuffer, keyOffset, keyLength, labelBuffer, labelOffset, labelLength) ->
            {
                if (++calls[0] == 3)
                {
                    throw new IllegalStateException("counters file full");
                }
                return manager.newCounter(typeId, keyBuffer, keyOffset, keyLength, labelBuffer, labelOffset,
                    labelLength);
            });
        counters.add(ORDERS);
        counters.add(TRADES);
        assertEquals(2, countAllocated());

        final IllegalStateException full =
            assertThrows(IllegalStateException.class, () -> counters.add(REJECTS, 1, "ONE"));
        assertEquals("counters file full", full.getMessage(), "the allocator's own failure");
        assertEquals(0, countAllocated(), "the two allocated before it are freed");
    }

    @Test
    void aCountersFileThatFillsUpPartwayKeepsNothingAllocated()
    {
        final CountersManager small = InProcessCounters.manager(2);
        final CounterSet counters = new CounterSet(small::newCounter);

        assertThrows(RuntimeException.class,
            () -> counters.addUnkeyed(List.of(ORDERS, TRADES, CounterDescriptor.counter(
                1394, CounterKey.NONE, "test: third", "peregrine_test_third", "third"))));
        assertEquals(0, countAllocated(small));
    }

    private int countAllocated()
    {
        return countAllocated(manager);
    }

    private static int countAllocated(final CountersReader counters)
    {
        final int[] count = new int[1];
        counters.forEach((counterId, typeId, keyBuffer, label) -> count[0]++);
        return count[0];
    }
}
