package io.peregrine.protocol;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InProcessCountersTest
{
    @Test
    void holdsAsManyCountersAsAskedReadableByIdWithTheirLabelAndType()
    {
        final CountersManager manager = InProcessCounters.manager(2);
        final AtomicCounter first = manager.newCounter("first", 1371);
        final AtomicCounter second = manager.newCounter("second");
        first.increment();
        second.setOrdered(42);

        assertEquals(1, manager.getCounterValue(first.id()));
        assertEquals(42, manager.getCounterValue(second.id()));
        assertEquals("first", manager.getCounterLabel(first.id()));
        assertEquals(1371, manager.getCounterTypeId(first.id()));
        assertThrows(IllegalStateException.class, () -> manager.newCounter("third"));
    }
}
