package io.peregrine.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterDescriptorTest
{
    /** A producer as the real ones are: public constants, plus fields that are not counters of its own. */
    static class Producer
    {
        public static final CounterDescriptor SECOND =
            CounterDescriptor.gauge(1391, CounterKey.VENUE, "test: second venue=", "peregrine_test_second", "a gauge");
        public static final CounterDescriptor FIRST =
            CounterDescriptor.counter(1390, CounterKey.NONE, "test: first", "peregrine_test_first", "a counter");
        public static final int NOT_A_COUNTER = 1392;
        public static CounterDescriptor notFinal = CounterDescriptor.counter(1393, CounterKey.NONE, "a", "b", "c");
        static final CounterDescriptor NOT_PUBLIC = CounterDescriptor.counter(1394, CounterKey.NONE, "a", "b", "c");
        public final CounterDescriptor notStatic = CounterDescriptor.counter(1395, CounterKey.NONE, "a", "b", "c");
    }

    /** Inherits Producer's public constants: they are Producer's counters, not its own. */
    static final class Subclass extends Producer
    {
        public static final CounterDescriptor OWN = CounterDescriptor.counter(1396, CounterKey.NONE, "a", "b", "c");
    }

    @Test
    void findsTheProducersPublicStaticFinalCountersInTypeIdOrder()
    {
        assertEquals(List.of(Producer.FIRST, Producer.SECOND), CounterDescriptor.declaredIn(Producer.class));
        assertEquals(List.of(Subclass.OWN), CounterDescriptor.declaredIn(Subclass.class));
        assertEquals(List.of(), CounterDescriptor.declaredIn(String.class));
    }

    @Test
    void aCounterOnlyGoesUpAGaugeIsALevelAndBothKeepWhatTheyWereGiven()
    {
        assertFalse(Producer.FIRST.gauge());
        assertEquals(1390, Producer.FIRST.typeId());
        assertEquals(CounterKey.NONE, Producer.FIRST.key());
        assertEquals("test: first", Producer.FIRST.label());
        assertEquals("peregrine_test_first", Producer.FIRST.metricName());
        assertEquals("a counter", Producer.FIRST.help());

        assertTrue(Producer.SECOND.gauge());
        assertEquals(CounterKey.VENUE, Producer.SECOND.key());
        assertEquals("test: second venue=", Producer.SECOND.label());
    }
}
