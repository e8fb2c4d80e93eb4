package io.peregrine.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One Peregrine Aeron counter, described once next to the code that writes it: the type id and label it is
 * allocated with, and how it is exposed to Prometheus (metric name, counter or gauge, the label its key becomes, and
 * what it counts). Producers allocate from it; the ops console builds its catalog from the producers' descriptors.
 * <p>
 * Immutable; any thread. Created once per counter type, as a {@code public static final} constant of its producer,
 * where {@link #declaredIn(Class)} finds it: a new counter needs nothing but its constant.
 *
 * @param typeId     Aeron counter type id; unique across Peregrine and never changed (readers in other processes
 *                   find the counter by it).
 * @param label      Aeron counter label, as {@code AeronStat} shows it; for a keyed counter the start of it, the
 *                   producer appends the key's text.
 * @param metricName Prometheus metric name (a counter is exposed with {@code _total} appended).
 * @param gauge      true for a gauge (a level that goes up and down), false for a counter (only goes up).
 * @param key        what the counter's 8-byte key holds.
 * @param help       what it counts, the Prometheus help text.
 */
public record CounterDescriptor(int typeId, String label, String metricName, boolean gauge, CounterKey key, String help)
{
    /**
     * @param typeId     Aeron counter type id.
     * @param key        what the key holds.
     * @param label      Aeron counter label (its start, for a keyed counter).
     * @param metricName Prometheus metric name, without {@code _total}.
     * @param help       what it counts.
     * @return a counter: it only goes up.
     */
    public static CounterDescriptor counter(
        final int typeId, final CounterKey key, final String label, final String metricName, final String help)
    {
        return new CounterDescriptor(typeId, label, metricName, false, key, help);
    }

    /**
     * @param typeId     Aeron counter type id.
     * @param key        what the key holds.
     * @param label      Aeron counter label (its start, for a keyed counter).
     * @param metricName Prometheus metric name.
     * @param help       what it measures.
     * @return a gauge: a level that goes up and down.
     */
    public static CounterDescriptor gauge(
        final int typeId, final CounterKey key, final String label, final String metricName, final String help)
    {
        return new CounterDescriptor(typeId, label, metricName, true, key, help);
    }

    /**
     * Every counter a producer declares: its {@code public static final CounterDescriptor} fields. For start-up and
     * tools (reflection, allocates).
     *
     * @param producer the class that declares them.
     * @return its counters in type id order.
     */
    public static List<CounterDescriptor> declaredIn(final Class<?> producer)
    {
        final List<CounterDescriptor> counters = new ArrayList<>();
        for (final Field field : producer.getFields())
        {
            final int modifiers = field.getModifiers();
            if (CounterDescriptor.class == field.getType() && Modifier.isStatic(modifiers) &&
                Modifier.isFinal(modifiers) && field.getDeclaringClass() == producer)
            {
                try
                {
                    counters.add((CounterDescriptor)field.get(null));
                }
                catch (final IllegalAccessException ex)
                {
                    throw new IllegalStateException("cannot read " + field, ex);
                }
            }
        }
        counters.sort(Comparator.comparingInt(CounterDescriptor::typeId));
        return counters;
    }
}
